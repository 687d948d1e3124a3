"""/sitemap.xml as a crawler's validator reads it: the sitemaps.org schema (vendored in
tests/vendor/sitemaps/) with the hreflang alternates declared in sitemap_schema/."""

import copy
from pathlib import Path

import pytest
from lxml import etree

from tests.core.factories import StandardPageFactory
from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parent / "sitemap_schema" / "sitemap-with-alternates.xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture
def sitemap(client, home) -> etree._Element:
    """The sitemap of a site with pages in all three languages and one only in Chinese."""
    about = StandardPageFactory(
        parent=home, title_zh_hans="关于我们", title_en="About us", slug_zh_hans="guanyu", slug_en="about"
    )
    about.save_revision().publish()
    register = TrialIndexPageFactory(parent=home)
    TrialPageFactory(parent=register, slug_en="cells-trial")
    StandardPageFactory(parent=home, title_zh_hans="仅中文", slug_zh_hans="zhongwen")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return etree.fromstring(response.content)


def test_sitemap_and_its_alternates_are_valid(schema, sitemap):
    schema.assertValid(sitemap)
    # Not vacuous: the alternates and dates the schema checked are there.
    assert sitemap.xpath("//s:url[s:lastmod]/s:loc[.='http://testserver/en/about/']", namespaces=NS)
    assert sitemap.xpath("//s:url/x:link[@hreflang='x-default']", namespaces=NS)
    assert sitemap.xpath("//s:url/x:link[@hreflang='zh-Hans']", namespaces=NS)


def _alternate_before_location(url):
    url.insert(0, url.find("x:link", NS))


def _underscored_hreflang(url):
    url.find("x:link", NS).set("hreflang", "zh_hans")


def _impossible_date(url):
    url.find("s:lastmod", NS).text = "2025-13-01"


def _unknown_alternate_attribute(url):
    url.find("x:link", NS).set("media", "handheld")


@pytest.mark.parametrize(
    "spoil",
    [_alternate_before_location, _underscored_hreflang, _impossible_date, _unknown_alternate_attribute],
)
def test_schema_rejects_what_crawlers_would(schema, sitemap, spoil):
    spoilt = copy.deepcopy(sitemap)
    spoil(spoilt.xpath("//s:url[s:lastmod][x:link]", namespaces=NS)[0])
    assert not schema.validate(spoilt)
