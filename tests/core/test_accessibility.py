"""The public pages pass axe-core (tests/vendor/axe-core/) in a real browser
(Debian's Chromium, see tests/browser.py), in Chinese and, for the article, English."""

from pathlib import Path

import pytest
from django.utils import translation

from tests.articles.conftest import article, article_index, sample_references  # noqa: F401 (fixtures)
from tests.browser import rendered
from tests.core.test_seo import contrast
from tests.inquiries.conftest import contact_page, valid_data  # noqa: F401 (fixture)
from tests.trials.factories import TrialIndexPageFactory
from tests.trials.test_views import make_trial

pytestmark = pytest.mark.django_db

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
# Checked whatever impact axe gives them (heading-order is only "moderate"); any
# other rule fails the test when axe rates it serious or critical.
RULES = {
    "heading-order",
    "color-contrast",
    "image-alt",
    "label",
    "html-has-lang",
    "valid-lang",
    "link-name",
    "document-title",
    "duplicate-id",
    "duplicate-id-aria",
}
# axe only asks a person to review an aria-describedby naming a missing id, since a
# script might add it later; no script of ours does, so the reference is broken.
INCOMPLETE_IS_A_FAILURE = {"aria-valid-attr-value"}
# axe 4 ships duplicate-id disabled as obsolete in HTML5; a repeated id still breaks
# our in-page links (citations, headings), so we ask for it.
OPTIONS = {"rules": {"duplicate-id": {"enabled": True}}}


@pytest.fixture
def public_pages(client, home, article_index, article, contact_page, site_copy) -> dict[str, str]:  # noqa: F811
    register = TrialIndexPageFactory(parent=home)
    trial = make_trial(
        register,
        1,
        phases=["PHASE2", "PHASE3"],
        cells=["mapc"],
        routes=["intravenous"],
        countries=["JP", "US"],
        acronym="TREASURE",
    )
    make_trial(register, 2, phases=["PHASE1"], cells=["msc"], routes=["intranasal"], countries=["CN"])
    pages = {
        "zh-hans": {
            "home": home,
            "articles": article_index,
            "article": article,
            "register": register,
            "trial": trial,
            "contact": contact_page,
        },
        "en": {"article": article},
    }
    urls = {}
    for language, named in pages.items():
        with translation.override(language):
            for name, page in named.items():
                html = rendered(client, page.url)
                urls[f"{name}-{language}"] = site_copy(f"{name}-{language}.html", html)
    refused = client.post(contact_page.url, valid_data(name="", phone="1")).content.decode()
    assert 'aria-invalid="true"' in refused  # the form came back with its errors
    urls["contact-errors-zh-hans"] = site_copy("contact-errors-zh-hans.html", refused)
    return urls


def violations(page, url: str) -> list[str]:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("options => axe.run(document, options)", OPTIONS)
    failures = [
        v for v in results["violations"] if v["id"] in RULES or v["impact"] in ("serious", "critical")
    ]
    failures += [v for v in results["incomplete"] if v["id"] in INCOMPLETE_IS_A_FAILURE]
    return [f"{v['id']}: {', '.join(str(node['target']) for node in v['nodes'])}" for v in failures]


def test_public_pages_have_no_axe_violations(public_pages, phone_browser):
    found = {name: v for name, url in public_pages.items() if (v := violations(phone_browser, url))}
    assert found == {}


# axe leaves SVG text unchecked ("background could not be determined"), so the
# register chart's labels and counts are measured here: each text's fill against
# the bar under it, or else the first background painted behind the chart.
SVG_TEXT_COLOURS = """() => [...document.querySelectorAll("svg text")].map(text => {
    const box = text.getBoundingClientRect();
    const bar = [...text.ownerSVGElement.querySelectorAll("rect")].find(rect => {
        const r = rect.getBoundingClientRect();
        return r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
    });
    let element = text.ownerSVGElement, background = "rgb(255, 255, 255)";
    for (; element; element = element.parentElement) {
        const colour = getComputedStyle(element).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") { background = colour; break; }
    }
    return [text.textContent, getComputedStyle(text).fill, bar ? getComputedStyle(bar).fill : background];
})"""


def _hex(css_colour: str) -> str:
    red, green, blue = (int(part) for part in css_colour.removeprefix("rgb(").rstrip(")").split(","))
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_register_chart_text_meets_contrast_in_the_browser(public_pages, phone_browser):
    phone_browser.goto(public_pages["register-zh-hans"])
    texts = phone_browser.evaluate(SVG_TEXT_COLOURS)
    assert len(texts) >= 10  # labels and counts of both charts
    too_faint = {
        label: round(ratio, 2)
        for label, fill, background in texts
        if (ratio := contrast(_hex(fill), _hex(background))) < 4.5
    }
    assert too_faint == {}
