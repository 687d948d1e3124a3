"""The admin upload view: upload, preview (nothing written), confirm; permission, summary
and problems, in the editor's language."""

import html
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from articles.models import ArticleImportKey, ArticlePage
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
    set_language(user, language)
    return user


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def url():
    return reverse("articles_import")


@pytest.fixture
def editor(django_user_model, article_index):
    return editor_with(django_user_model, article_index, "add_page", "change_page")


def text(response) -> str:
    return html.unescape(response.content.decode())


def post(client, url, index, name, lang, **extra):
    """The upload step: answers with the preview (or the form's errors)."""
    data = {"file": upload(name), "lang": lang, "parent": index.pk, **extra}
    return client.post(url, data)


def token_of(preview) -> str:
    return preview.context["confirm_form"]["token"].value()


def confirm(client, url, preview, **choices):
    return client.post(url, {"token": token_of(preview), **choices})


def import_file(client, url, index, name, lang, **extra):
    preview = post(client, url, index, name, lang, **extra)
    assert preview.status_code == 200 and "confirm_form" in preview.context, text(preview)[:2000]
    return confirm(client, url, preview)


def written() -> dict[str, int]:
    return {
        "pages": ArticlePage.objects.count(),
        "references": Reference.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "import keys": ArticleImportKey.objects.count(),
    }


def test_form_lists_the_indexes_the_editor_may_add_to(client, editor, url, article_index):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{article_index.pk}" selected>' in content
    # No publish permission: the box submits to the medical review instead.
    assert "Submit for medical review" in content and "Publish right away" not in content


class TestPreview:
    def test_shows_the_outline_and_writes_nothing(self, client, editor, url, article_index):
        client.force_login(editor)
        before = written()
        response = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
        content = text(response)
        assert response.status_code == 200
        assert "Preview: nothing is saved until you confirm" in content
        assert f"A new article in “{article_index.title}”." in content
        assert "It will be saved as a draft." in content
        assert (
            '<p class="article-import-preview__title">干细胞治疗中风：三项临床试验告诉我们什么</p>' in content
        )
        for heading in ("TREASURE：发病后18至36小时内静脉输注干细胞", "给患者和家属的几点提示"):
            assert f"<li>{heading}" in content
        assert '<th scope="row">Headings</th><td>5</td>' in content
        assert '<th scope="row">Tables</th><td>1</td>' in content
        assert content.count("a new record will be created") == 3
        assert 'name="token"' in content and "Confirm the import" in content
        assert written() == before

    def test_shows_the_lead_paragraphs_and_the_heading_tree(self, client, editor, url, article_index):
        client.force_login(editor)
        content = text(post(client, url, article_index, "lead_paragraphs_zh_hans.md", "zh-hans"))
        assert '<p class="article-import-preview__intro">你是不是也在朋友圈里看到过' in content
        outline = content.split('class="article-import-preview__outline">')[1].split("</ol>\n")[0]
        assert "<ol>" in outline  # an h3 nested under its h2

    def test_links_the_records_the_references_will_reuse(
        self, client, editor, url, article_index, sample_references
    ):
        client.force_login(editor)
        content = text(post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans"))
        assert "a new record will be created" not in content
        for reference in sample_references:
            edit = reverse("wagtailsnippets_references_reference:edit", args=[reference.pk])
            assert f'<a href="{edit}">' in content
        assert content.count("uses the existing record") == 3

    def test_names_the_article_a_new_revision_goes_to(self, client, editor, url, article_index):
        client.force_login(editor)
        import_file(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
        page = ArticlePage.objects.get()
        content = text(post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans"))
        assert f"A new revision of the article “{page.get_admin_display_title()}”." in content
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in content

    def test_punctuation_and_script_changes_are_the_editors_choice(self, client, editor, url, article_index):
        client.force_login(editor)
        preview = post(client, url, article_index, "mixed_script_zh_hant.txt", "zh-hant")
        content = text(preview)
        assert "2 half-width punctuation marks between Chinese characters are made full-width." in content
        assert 'name="keep_punctuation"' in content
        for choice in (
            "干細胞 → 幹細胞 (×2)",
            "中風后 → 中風後 (×1)",
            "范圍 → 範圍 (×2)",
            "并且 → 並且 (×1)",
        ):
            assert choice in content
        assert content.count('name="script_fixes"') == 4
        assert ArticlePage.objects.count() == 0

        # Keep the punctuation, accept one script change only.
        confirm(client, url, preview, keep_punctuation="on", script_fixes=["干細胞→幹細胞"])
        page = ArticlePage.objects.get()
        revision = page.get_latest_revision_as_object()
        body = str(revision.body_zh_hant.raw_data)
        assert revision.title_zh_hant == "幹細胞治療中風的新進展"
        assert "中風后,很多家屬都在尋找幹細胞治療的資訊" in body
        assert "研究的范圍" in body and "范圍仍然有限,并且" in body

    def test_by_default_punctuation_is_converted_and_no_script_change_made(
        self, client, editor, url, article_index
    ):
        client.force_login(editor)
        import_file(client, url, article_index, "mixed_script_zh_hant.txt", "zh-hant")
        revision = ArticlePage.objects.get().get_latest_revision_as_object()
        assert revision.title_zh_hant == "干細胞治療中風的新進展"
        assert "中風后，很多家屬都在尋找干細胞治療的資訊" in str(revision.body_zh_hant.raw_data)

    def test_a_choice_that_was_not_offered_is_refused(self, client, editor, url, article_index):
        client.force_login(editor)
        preview = post(client, url, article_index, "mixed_script_zh_hant.txt", "zh-hant")
        response = confirm(client, url, preview, script_fixes=["中→申"])
        assert response.status_code == 400
        assert ArticlePage.objects.count() == 0

    def test_the_upload_waits_for_its_own_user_only(
        self, client, editor, url, article_index, django_user_model
    ):
        client.force_login(editor)
        preview = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
        other = editor_with(django_user_model, article_index, "add_page", "change_page", username="other")
        client.force_login(other)
        response = confirm(client, url, preview)
        assert (response.status_code, response["Location"]) == (302, url)
        assert "This preview has expired. Upload the file again." in text(client.get(url))
        assert ArticlePage.objects.count() == 0

    def test_a_confirmed_upload_is_not_imported_twice(self, client, editor, url, article_index):
        client.force_login(editor)
        preview = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
        confirm(client, url, preview)
        revisions = Revision.objects.count()
        assert confirm(client, url, preview).status_code == 302
        assert Revision.objects.count() == revisions

    def test_permission_withdrawn_after_the_preview_is_refused(self, client, editor, url, article_index):
        client.force_login(editor)
        preview = post(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
        GroupPagePermission.objects.filter(group__user=editor, permission__codename="add_page").delete()
        response = confirm(client, url, preview)
        assert response.status_code == 302
        assert ArticlePage.objects.count() == 0


def test_confirm_shows_the_summary(client, editor, url, article_index):
    client.force_login(editor)
    response = import_file(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
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
    response = import_file(client, url, article_index, "sample_article_zh_hans.md", "zh-hans")
    content = response.content.decode()
    assert "New draft revision saved" in content
    assert "References: 0 created, 3 reused." in content
    assert ArticlePage.objects.count() == 1


def test_upload_shows_warnings(client, editor, url, article_index):
    client.force_login(editor)
    content = text(post(client, url, article_index, "bom_en.md", "en"))
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
        "Line 9: [2-1]: reversed citation range.",
        "Line 9: [ ]: empty citation marker.",
    ):
        assert expected in content
    assert 'name="token"' not in content
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
    set_language(admin_user, "en")
    preview = post(admin_client, url, article_index, "sample_article_en.md", "en", publish="on")
    assert "It will be published." in text(preview)
    assert "Article created and published" in confirm(admin_client, url, preview).content.decode()
    assert ArticlePage.objects.get().live


def test_editors_publish_submits_for_review(client, editor, url, article_index):
    client.force_login(editor)
    preview = post(client, url, article_index, "sample_article_en.md", "en", publish="on")
    assert "It will be submitted for medical review" in text(preview)
    content = confirm(client, url, preview).content.decode()
    assert "Article created and submitted for medical review" in content
    page = ArticlePage.objects.get()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"


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


JUNK = ["²", "١", "-1", "1.5", "abc", "9" * 30, ""]


@pytest.mark.parametrize("value", JUNK)
def test_junk_page_parameters_do_not_crash_the_import_views(client, editor, url, value, admin_client):
    """`"²".isdigit()` is true and `int("²")` raises: the parameters are no page IDs."""
    client.force_login(editor)
    response = client.get(url, {"page": value, "parent": value})
    assert response.status_code == 200
    assert 'name="file"' in response.content.decode()
    for name in ("references_import", "wagtailsnippets_references_reference:list"):
        assert admin_client.get(reverse(name), {"page": value}).status_code in (200, 404)
