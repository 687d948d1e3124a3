"""The admin upload view: permission, summary and problems, in the editor's language."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from articles.models import ArticlePage
from portal.references.models import Reference

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (FIXTURES / name).read_bytes())


def editor_with(django_user_model, index, *codenames, username="editor", language="en"):
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=index,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def url():
    return reverse("articles_import")


@pytest.fixture
def editor(django_user_model, article_index):
    return editor_with(django_user_model, article_index, "add_page", "change_page")


def post(client, url, index, name, lang, **extra):
    data = {"file": upload(name), "lang": lang, "parent": index.pk, **extra}
    return client.post(url, data)


def test_form_lists_the_indexes_the_editor_may_add_to(client, editor, url, article_index):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{article_index.pk}" selected>' in content
    assert 'name="publish"' not in content  # no publish permission


def test_upload_shows_the_summary(client, editor, url, article_index):
    client.force_login(editor)
    response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Article created as a draft" in content
    page = ArticlePage.objects.get()
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in content
    assert '<th scope="row">Headings</th><td>5</td>' in content
    assert '<th scope="row">Tables</th><td>1</td>' in content
    assert '<th scope="row">Bullet lists</th><td>1</td>' in content
    assert "References: 3 created, 0 reused." in content
    assert not page.live
    # Again: a new revision of the same article, the references reused.
    response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    content = response.content.decode()
    assert "New draft revision saved" in content
    assert "References: 0 created, 3 reused." in content
    assert ArticlePage.objects.count() == 1


def test_upload_shows_warnings(client, editor, url, article_index):
    client.force_login(editor)
    content = post(client, url, article_index, "bom_en.md", "en").content.decode()
    assert "Line 21: Reference [3] is neither an NLM citation nor a web page: kept as plain text." in content


def test_upload_with_errors_lists_them_and_creates_nothing(client, editor, url, article_index):
    client.force_login(editor)
    response = post(client, url, article_index, "error_many.md", "en")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in content
    for expected in (
        "Line 3: Citation [5]: reference [5] is not in the reference list.",
        "Line 7: This table row has the wrong number of cells: 3 instead of 2.",
        "Line 9: [2-1]: reversed citation range 2-1.",
        "Line 9: [ ]: empty citation marker.",
    ):
        assert expected in content
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 0


@override_settings(IMPORT_MAX_BYTES=100)
def test_problems_are_shown_in_the_editors_language(client, django_user_model, url, article_index):
    """Messages are rendered while the editor's admin language is active (Django's own
    catalogue translates the file sizes; ours arrives with the project's .po files)."""
    chinese = editor_with(
        django_user_model, article_index, "add_page", username="zh-editor", language="zh-hans"
    )
    client.force_login(chinese)
    response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    content = response.content.decode()
    assert '<html lang="zh-hans"' in content
    assert "100\xa0字节" in content or "100 字节" in content


def test_errors_are_listed_in_the_editors_language(client, django_user_model, url, article_index):
    chinese = editor_with(
        django_user_model, article_index, "add_page", username="zh-editor", language="zh-hans"
    )
    client.force_login(chinese)
    content = post(client, url, article_index, "error_many.md", "en").content.decode()
    assert content.count("[2-1]") == 1 and "[5]" in content
    assert "Line 3:" not in content  # rendered through the zh-hans catalogue


def test_refuses_users_without_permission(client, django_user_model, url, article_index):
    nobody = editor_with(django_user_model, article_index, username="viewer")  # admin access only
    client.force_login(nobody)
    # Wagtail answers PermissionDenied in the admin with a redirect and a message.
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    assert response.status_code == 302
    assert ArticlePage.objects.count() == 0


def test_parent_outside_the_editors_permission_is_refused(
    client, django_user_model, url, article_index, home
):
    from tests.articles.factories import ArticleIndexPageFactory

    other = ArticleIndexPageFactory(
        parent=home, title="其他", title_zh_hans="其他", slug_zh_hans="other", slug_en="other-en"
    )
    editor = editor_with(django_user_model, other, "add_page", username="other-editor")
    client.force_login(editor)
    response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert ArticlePage.objects.count() == 0


def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_may_publish(admin_client, admin_user, url, article_index):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = post(admin_client, url, article_index, "sample_article_en.md", "en", publish="on")
    assert "Article created and published" in response.content.decode()
    assert ArticlePage.objects.get().live


def test_menu_item_for_editors(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("articles_import") in response.content.decode()


def test_article_page_button_prefills_the_form(admin_client, article_index):
    from articles.importer.services import article_import

    page = article_import(
        data=(FIXTURES / "sample_article_zh_hans.md").read_bytes(), lang="zh-hans", parent=article_index
    ).page
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f"{reverse('articles_import')}?page={page.pk}" in edit
    form = admin_client.get(f"{reverse('articles_import')}?page={page.pk}").content.decode()
    assert f'value="{page.pk}"' in form
    assert '<option value="en" selected>' in form
    index_edit = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[article_index.pk])
    ).content.decode()
    assert f"{reverse('articles_import')}?parent={article_index.pk}" in index_edit


@override_settings(IMPORT_MAX_BYTES=100)
def test_too_large_upload_is_refused_with_sizes(client, editor, url, article_index):
    client.force_login(editor)
    content = post(client, url, article_index, "sample_article_en.md", "en").content.decode()
    assert "the limit is 100\xa0bytes" in content
    assert ArticlePage.objects.count() == 0
