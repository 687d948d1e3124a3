import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from trials.models import CellType, Route, StrokeStage, TrialCountry, TrialPage, TrialPhase
from trials.register import page as register_page
from trials.register.selectors import Selection, register_trials

from .factories import TrialPageFactory, TrialRegistryIdFactory
from .register_queries import filter_trials, sort_trials

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "zh-hant", "en"]


def make_trial(
    index, n, *, phases=(), cells=(), routes=(), stages=(), countries=(), status="RECRUITING", **kw
):
    trial = TrialPageFactory(parent=index, overall_status=status, **kw)
    trial.phases.set(TrialPhase.objects.filter(code__in=phases))
    trial.cell_types.set(CellType.objects.filter(code__in=cells))
    trial.routes.set(Route.objects.filter(code__in=routes))
    trial.stroke_stages.set(StrokeStage.objects.filter(code__in=stages))
    trial.countries = [TrialCountry(country=c, recruitment_status=status, site_count=1) for c in countries]
    trial.save()
    TrialRegistryIdFactory(page=trial, identifier=f"NCT{10000000 + n:08d}")
    return trial


def export(client, url):
    """An export's body (the register streams it) as text, without the BOM."""
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def export_json(client, url) -> dict:
    return json.loads(export(client, url))


def register_url(index, language, query=""):
    with translation.override(language):
        return index.get_url() + (f"?{query}" if query else "")


@pytest.fixture
def register(trial_index):
    trials = [
        make_trial(
            trial_index,
            1,
            phases=["PHASE1", "PHASE2"],
            cells=["msc"],
            routes=["intravenous"],
            stages=["acute"],
            countries=["CN", "JP"],
            enrollment=30,
            start_date=datetime.date(2020, 1, 1),
            acronym="ALPHA",
        ),
        make_trial(
            trial_index,
            2,
            phases=["PHASE2"],
            cells=["nsc"],
            routes=["intracerebral"],
            stages=["chronic"],
            countries=["CN"],
            status="COMPLETED",
            enrollment=12,
            start_date=datetime.date(2018, 5, 1),
            acronym="BETA",
        ),
        make_trial(
            trial_index,
            3,
            phases=["PHASE3"],
            cells=["msc"],
            routes=["intra-arterial"],
            stages=["acute"],
            countries=["US"],
            enrollment=300,
            start_date=datetime.date(2022, 9, 1),
            start_date_precision="month",
            acronym="=HYPERLINK(1)",
        ),
    ]
    return trial_index, trials


def expected(index, query: str, language: str) -> list[str]:
    from django.http import QueryDict

    selection = Selection.from_query(QueryDict(query))
    with translation.override(language):
        trials = sort_trials(filter_trials(register_trials(index), selection), selection.sort)
        return [t.title for t in trials]


QUERIES = [
    "",
    "phase=PHASE2",
    "phase=PHASE2&phase=PHASE3",
    "cell_type=msc",
    "cell_type=msc&status=RECRUITING",
    "route=intravenous&route=intracerebral&stroke_stage=chronic",
    "country=CN",
    "country=CN&phase=PHASE1",
    "status=COMPLETED&cell_type=msc",
    "sort=-enrollment",
    "sort=start&country=CN",
    "sort=-updated",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_and_exports_match_the_filtered_query(client, register, language):
    index, _trials = register
    for query in QUERIES:
        check_query(client, index, language, query)


def check_query(client, index, language, query):
    titles = expected(index, query, language)
    html = client.get(register_url(index, language, query)).content.decode()
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    with translation.override(language):
        others = [t.title for t in TrialPage.objects.all() if t.title not in titles]
    for title in others:
        assert title not in html

    data = export_json(client, register_url(index, language, f"{query}&format=json".lstrip("&")))
    assert [row["title"] for row in data["trials"]] == titles
    assert data["language"] == language

    rows = list(
        csv.reader(
            io.StringIO(export(client, register_url(index, language, f"{query}&format=csv".lstrip("&"))))
        )
    )
    assert [row[2] for row in rows[1:]] == titles


def test_export_covers_every_page_not_just_the_visible_one(client, register, monkeypatch):
    index, trials = register
    monkeypatch.setattr(register_page, "PAGE_SIZE", 2)
    html = client.get(register_url(index, "en")).content.decode()
    assert "Page 1 of 2" in html
    data = export_json(client, register_url(index, "en", "format=json"))
    assert data["count"] == 3


def test_facet_counts_follow_the_other_filters(client, register):
    index, _trials = register
    html = client.get(register_url(index, "en", "country=CN")).content.decode()
    # With the country filter, phase 2 has two trials and phase 3 none (so it is hidden).
    assert 'value="PHASE2"' in html and 'Phase 2 <span class="trial-facet__count">(2)</span>' in html
    assert 'value="PHASE3"' not in html
    # The country facet ignores its own filter: the US would add one trial.
    assert 'United States of America <span class="trial-facet__count">(1)</span>' in html


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("zh-hans", ["间充质干细胞", "中国", "静脉注射"]),
        ("zh-hant", ["間充質幹細胞", "中國", "靜脈注射"]),
        ("en", ["Mesenchymal", "China", "Intravenous", "Recruiting"]),
    ],
)
def test_register_speaks_the_visitors_language(client, register, language, labels):
    index, _trials = register
    html = client.get(register_url(index, language)).content.decode()
    for label in labels:
        assert label in html
    data = export_json(client, register_url(index, language, "format=json&sort=-start"))
    first = data["trials"][0]  # the 2022 trial: MSC, United States
    assert labels[0] in first["cell_types"][0]
    csv_text = export(client, register_url(index, language, "format=csv"))
    assert labels[1] in csv_text and labels[2] in csv_text


def test_csv_has_bom_and_escapes_formulas(client, register):
    index, _trials = register
    response = client.get(register_url(index, "zh-hans", "format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    acronyms = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(1)" in acronyms
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert "中国" in content.decode("utf-8-sig")


def test_month_only_start_stays_month_only(client, register):
    index, _trials = register
    data = export_json(client, register_url(index, "en", "format=json&phase=PHASE3"))
    assert data["trials"][0]["start_date"] == "2022-09"
    html = client.get(register_url(index, "en", "phase=PHASE3")).content.decode()
    assert "September 2022" in html and "Sept. 1, 2022" not in html


@pytest.mark.parametrize("view", ["", "view=table"])
def test_query_count_does_not_grow_with_trials(client, trial_index, view):
    """Both the first request after a change (it rebuilds the register index) and the next."""

    def queries(url) -> tuple[int, int, object]:
        with CaptureQueriesContext(connection) as rebuilding:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            response = client.get(url)
        return len(rebuilding), len(warm), response

    for n in range(3):
        make_trial(
            trial_index, n, phases=["PHASE2"], cells=["msc"], routes=["intravenous"], countries=["CN", "JP"]
        )
    url = register_url(trial_index, "en", view)
    client.get(url)  # warm caches that do not depend on trials (site, settings)
    make_trial(trial_index, 3, phases=["PHASE1"])
    *with_few, _response = queries(url)
    for n in range(4, 30):
        make_trial(
            trial_index, n, phases=["PHASE3"], cells=["nsc"], routes=["intranasal"], countries=["US", "DE"]
        )
    *with_many, response = queries(url)
    assert with_many == with_few
    assert with_few[0] > with_few[1]  # the index was rebuilt after the new trials, then reused
    assert response.context["paginator"].count == 30


def test_summary_chart_has_an_svg_and_a_table(client, register):
    index, _trials = register
    html = client.get(register_url(index, "en")).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Trials by phase" in html and "Trials by cell type" in html
    assert "<table>" in html


def test_comparison_table_view(client, register):
    index, _trials = register
    html = client.get(register_url(index, "en", "view=table")).content.decode()
    assert 'class="trial-compare"' in html
    assert "NCT10000001" in html


def test_unknown_filter_values_are_ignored(client, register):
    index, _trials = register
    response = client.get(register_url(index, "en", "phase=BOGUS&sort=nonsense&page=99"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 3  # an unknown phase selects nothing, so filters nothing
    assert response.context["selection"].sort == "-start"


@pytest.mark.parametrize("language", LANGUAGES)
def test_export_links_each_trial_page_in_the_language(client, register, language):
    index, trials = register
    data = export_json(client, register_url(index, language, "format=json&sort=start"))
    with translation.override(language):
        expected_urls = {t.get_full_url() for t in trials}
    assert {row["url"] for row in data["trials"]} == expected_urls


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", ["", "view=table"])
def test_list_links_each_trial_page_in_the_language(client, register, language, view):
    index, trials = register
    html = client.get(register_url(index, language, view)).content.decode()
    with translation.override(language):
        for trial in trials:
            assert f'href="{trial.get_url()}"' in html


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_query_count_does_not_grow_with_trials(client, trial_index, fmt):
    def queries() -> int:
        url = register_url(trial_index, "en", f"format={fmt}")
        client.get(url)  # the register index
        with CaptureQueriesContext(connection) as captured:
            export(client, url)
        return len(captured)

    for n in range(3):
        make_trial(trial_index, n, phases=["PHASE2"], cells=["msc"], countries=["CN", "JP"])
    with_three = queries()
    for n in range(3, 30):
        make_trial(trial_index, n, phases=["PHASE3"], cells=["nsc"], countries=["US"])
    assert queries() == with_three


def test_chart_labels_start_at_the_left_edge_above_their_bars():
    from trials.register.chart import bar_chart

    chart = bar_chart([("Multipotent adult progenitor cells (MAPC)", 3), ("Other cells", 0)])
    first, second = chart.bars
    assert first.text_y < first.y < second.text_y  # label line, then its bar, then the next label
    assert first.width == 420 and second.width == 0
    assert chart.height >= second.y + chart.bar_height


def test_export_is_written_in_the_visitors_language_whatever_is_active_later(client, register):
    index, _trials = register
    response = client.get(register_url(index, "zh-hant", "format=csv"))
    translation.activate("en")  # what another request in this thread would leave behind
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("註冊號")
