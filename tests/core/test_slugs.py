import pytest
from wagtail.contrib.redirects.models import Redirect

from portal.core.i18n.slugs import ascii_slug
from tests.core.factories import StandardPageFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("干细胞治疗中风", "gan-xi-bao-zhi-liao-zhong-feng"),
        ("幹細胞治療中風", "gan-xi-bao-zhi-liao-zhong-feng"),
        ("MSC 干细胞：2/3期试验", "msc-gan-xi-bao-23-qi-shi-yan"),
        ("Stem cells & stroke", "stem-cells-stroke"),
        ("", ""),
    ],
)
def test_ascii_slug(title, slug):
    assert ascii_slug(title) == slug


def test_every_language_gets_an_ascii_slug_from_its_title(home):
    page = StandardPageFactory(
        parent=home, title_zh_hans="中风后遗症", title_zh_hant="中風後遺症", title_en="Life after stroke"
    )
    page.refresh_from_db()
    assert page.slug_zh_hans == "zhong-feng-hou-yi-zheng"
    assert page.slug_en == "life-after-stroke"
    # zh-hant has the same pinyin as its own page's zh-hans slug: reused, not suffixed.
    assert page.slug_zh_hant == "zhong-feng-hou-yi-zheng"
    assert page.slug_zh_hant.isascii()


def test_slugs_are_unique_per_parent(home):
    first = StandardPageFactory(parent=home, title_zh_hans="中风")
    second = StandardPageFactory(parent=home, title_zh_hans="中风")
    assert first.slug_zh_hans == "zhong-feng"
    assert second.slug_zh_hans == "zhong-feng-2"


def test_same_slug_allowed_under_different_parents(home):
    a = StandardPageFactory(parent=home, title_zh_hans="甲")
    b = StandardPageFactory(parent=home, title_zh_hans="乙")
    child_a = StandardPageFactory(parent=a, title_zh_hans="常见问题")
    child_b = StandardPageFactory(parent=b, title_zh_hans="常见问题")
    assert child_a.slug_zh_hans == child_b.slug_zh_hans == "chang-jian-wen-ti"


def test_changed_slug_leaves_a_redirect_in_every_language(client, home):
    page = StandardPageFactory(parent=home, title_zh_hans="旧标题", title_en="Old title")
    page.save_revision().publish()
    page.slug_zh_hans = "xin-biao-ti"
    page.slug_en = "new-title"
    page.save_revision().publish()

    old_paths = set(Redirect.objects.values_list("old_path", flat=True))
    assert {"/zh-hans/jiu-biao-ti", "/en/old-title"} <= old_paths
    # zh-hant had no slug of its own: it followed the default one, and moved with it.
    assert "/zh-hant/jiu-biao-ti" in old_paths

    assert client.get("/en/old-title/").headers["Location"].endswith("/en/new-title/")
    assert client.get("/zh-hant/jiu-biao-ti/").headers["Location"].endswith("/zh-hant/xin-biao-ti/")
