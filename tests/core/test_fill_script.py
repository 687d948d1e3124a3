import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from portal.core.services import page_fill_script
from tests.core.factories import StandardPageFactory


def latest(page):
    """The page as its newest revision has it (a fresh read: revisions are made elsewhere)."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


@pytest.fixture
def page(home):
    page = StandardPageFactory(
        parent=home,
        title_zh_hans="干细胞与后遗症",
        intro_zh_hans="干细胞可能减轻中风后遗症。",
        intro_zh_hant="編輯已寫好的繁體簡介。",
        body_zh_hans=[{"type": "paragraph", "value": "<p>间充质干细胞</p>"}],
    )
    page.save_revision().publish()
    return page


def test_fills_only_empty_fields_as_a_draft(page, admin_user):
    filled = page_fill_script(page=page, target="zh-hant", user=admin_user)

    assert "title" in filled and "body" in filled
    assert "intro" not in filled  # the editor's own text is never overwritten
    draft = latest(page)
    assert draft.title_zh_hant == "幹細胞與後遺症"
    assert draft.intro_zh_hant == "編輯已寫好的繁體簡介。"
    assert draft.body_zh_hant.raw_data[0]["value"] == "<p>間充質幹細胞</p>"
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.title_zh_hant in (None, "")  # live version unchanged until published
    entry = PageLogEntry.objects.filter(page=page, action="portal.fill_script").get()
    assert entry.user == admin_user
    assert entry.data["target"] == "zh-hant"


def test_second_run_changes_nothing(page, admin_user):
    page_fill_script(page=page, target="zh-hant", user=admin_user)
    assert page_fill_script(page=page, target="zh-hant", user=admin_user) == []


def test_simplified_from_traditional(home, admin_user):
    page = StandardPageFactory(parent=home, title_zh_hans="标题", intro_zh_hant="中風後遺症")
    filled = page_fill_script(page=page, target="zh-hans", user=admin_user)
    assert filled == ["intro"]
    assert latest(page).intro_zh_hans == "中风后遗症"


def test_rejects_a_non_chinese_target(page, admin_user):
    with pytest.raises(ValueError):
        page_fill_script(page=page, target="en", user=admin_user)


def test_admin_view_confirms_then_fills(client, page, admin_user):
    client.force_login(admin_user)
    url = f"/admin/pages/{page.pk}/fill-script/zh-hant/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "OpenCC" in confirm.content.decode()
    assert latest(page).title_zh_hant in (None, "")  # GET changes nothing

    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert latest(page).title_zh_hant == "幹細胞與後遺症"


def test_admin_button_is_on_the_page_header(client, page, admin_user):
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"/admin/pages/{page.pk}/fill-script/zh-hant/" in html


def test_user_who_cannot_edit_the_page_is_refused(client, page, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    response = client.post(f"/admin/pages/{page.pk}/fill-script/zh-hant/")
    assert response.status_code in (302, 403)
    assert latest(page).title_zh_hant in (None, "")

    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    response = client.post(f"/admin/pages/{page.pk}/fill-script/zh-hant/")
    assert response.status_code == 302
    assert latest(page).title_zh_hant == "幹細胞與後遺症"
