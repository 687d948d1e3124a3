import pytest

from portal.core.i18n.languages import language_from_accept_header, match_language_tag


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh-SG", "zh-hans"),
        ("zh-Hans-CN", "zh-hans"),
        ("zh", "zh-hans"),
        ("zh-TW", "zh-hant"),
        ("zh-HK,en;q=0.5", "zh-hant"),
        ("zh-MO", "zh-hant"),
        ("zh-Hant-HK", "zh-hant"),
        ("en-US,en;q=0.9", "en"),
        ("en-GB", "en"),
        ("en", "en"),
        ("fr-FR", "zh-hans"),
        ("fr-FR,en;q=0.5", "en"),
        ("de,zh-TW;q=0.3", "zh-hant"),
        ("", "zh-hans"),
        ("*", "zh-hans"),
    ],
)
def test_accept_language_table(header, expected):
    assert language_from_accept_header(header) == expected


def test_unknown_tag_matches_nothing():
    assert match_language_tag("ja-JP") is None


@pytest.mark.parametrize(
    ("header", "location"),
    [
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-TW", "/zh-hant/"),
        ("zh-HK", "/zh-hant/"),
        ("en-US", "/en/"),
        ("ru-RU", "/zh-hans/"),
    ],
)
def test_root_redirects_by_accept_language(client, home, header, location):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == location
    assert "Accept-Language" in response["Vary"]


def test_root_without_header_goes_to_default_language(client, home):
    response = client.get("/")
    assert response["Location"] == "/zh-hans/"


def test_unprefixed_page_url_redirects_into_visitor_language(client, home):
    from tests.core.factories import StandardPageFactory

    StandardPageFactory(parent=home, title_zh_hans="关于我们", title_en="About us", slug_en="about")
    response = client.get("/guan-yu-wo-men/", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/guan-yu-wo-men/"


@pytest.mark.parametrize(("prefix", "lang"), [("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant"), ("en", "en")])
def test_each_prefix_serves_its_language(client, home, prefix, lang):
    response = client.get(f"/{prefix}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
