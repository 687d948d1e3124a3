"""The editors' start page: each panel for those it concerns, each in a constant number of queries."""

import html
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from articles import dashboard
from articles.importer.services import article_import
from articles.models import ArticlePage
from articles.services import MEDICAL_REVIEWERS
from tests.articles.factories import ArticlePageFactory
from tests.trials.factories import TrialPageFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles_import"


def english_admin(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def editor(editor):
    return english_admin(editor)


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("reviewer", password="pw")
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    return english_admin(user)


@pytest.fixture
def outsider(django_user_model):
    """May open the admin, and nothing else."""
    user = django_user_model.objects.create_user("outsider", password="pw")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return english_admin(user)


def dashboard_html(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def panel_of(content: str, name: str) -> str:
    """The HTML of one dashboard panel (Wagtail's panel template ids it `<name>-section`)."""
    return content.split(f'id="{name}-section"')[1].split("</section>")[0]


def submitted_article(index, editor, title):
    page = ArticlePageFactory(parent=index, live=False, title=title, title_zh_hans=title, title_en=title)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def render(panel_class, user_pk, django_user_model) -> tuple[str, int]:
    """The panel's HTML for a freshly loaded user, and the queries it took."""
    user = django_user_model.objects.get(pk=user_pk)
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        content = panel_class(user).render_html({})
    return html.unescape(content), len(queries.captured_queries)


class TestAwaitingReview:
    def test_reviewer_sees_the_submitted_articles(self, client, article_index, editor, reviewer):
        submitted_article(article_index, editor, "Cells awaiting review")
        content = dashboard_html(client, reviewer)
        assert "Articles awaiting your review" in content
        panel = panel_of(content, "articles_awaiting_review")
        assert "Cells awaiting review" in panel and "Ed Itor" in panel
        # Wagtail's own list of the same reviews is replaced, not repeated.
        assert content.count("Cells awaiting review") == 1

    def test_not_shown_to_editors(self, client, article_index, editor):
        submitted_article(article_index, editor, "Cells awaiting review")
        assert "Articles awaiting your review" not in dashboard_html(client, editor)

    def test_constant_queries(self, article_index, editor, reviewer, django_user_model):
        submitted_article(article_index, editor, "First")
        one, queries = render(dashboard.AwaitingReviewPanel, reviewer.pk, django_user_model)
        assert one.count("<tr>") == 2  # the header row and one article
        for n in range(4):
            submitted_article(article_index, editor, f"More {n}")
        five, more_queries = render(dashboard.AwaitingReviewPanel, reviewer.pk, django_user_model)
        assert five.count("<tr>") == 6
        assert more_queries == queries


class TestMyDrafts:
    def test_editor_sees_own_drafts_only(self, client, article_index, editor, django_user_model):
        mine = ArticlePageFactory(
            parent=article_index, live=False, title="My draft", title_zh_hans="My draft"
        )
        mine.save_revision(user=editor)
        other = django_user_model.objects.create_user("other")
        theirs = ArticlePageFactory(
            parent=article_index, live=False, title="Their draft", title_zh_hans="Their draft"
        )
        theirs.save_revision(user=other)
        panel = panel_of(dashboard_html(client, editor), "articles_my_drafts")
        assert "My draft" in panel and "Their draft" not in panel
        assert reverse("wagtailadmin_pages:edit", args=[mine.pk]) in panel

    def test_not_shown_without_articles_to_edit(self, client, outsider):
        assert "Your article drafts" not in dashboard_html(client, outsider)

    def test_constant_queries(self, article_index, editor, django_user_model):
        def draft(title):
            ArticlePageFactory(parent=article_index, live=False, title=title).save_revision(user=editor)

        draft("First")
        one, queries = render(dashboard.MyDraftsPanel, editor.pk, django_user_model)
        assert one.count("<tr>") == 2
        for n in range(4):
            draft(f"More {n}")
        five, more_queries = render(dashboard.MyDraftsPanel, editor.pk, django_user_model)
        assert five.count("<tr>") == 6
        assert more_queries == queries


class TestNeedsTranslation:
    def test_lists_articles_and_trials_flagged(self, client, admin_user, article_index, trial_index):
        english_admin(admin_user)
        ArticlePageFactory(parent=article_index, title="Untranslated article", needs_translation=True)
        ArticlePageFactory(parent=article_index, title="Translated article")
        TrialPageFactory(parent=trial_index, title_zh_hans="未翻译的试验", needs_translation=True)
        panel = panel_of(dashboard_html(client, admin_user), "needs_translation")
        assert "Untranslated article" in panel and "未翻译的试验" in panel
        assert "Translated article" not in panel

    def test_only_pages_the_user_may_edit(self, client, editor, article_index, trial_index):
        ArticlePageFactory(parent=article_index, title="Untranslated article", needs_translation=True)
        TrialPageFactory(parent=trial_index, title_zh_hans="未翻译的试验", needs_translation=True)
        panel = panel_of(dashboard_html(client, editor), "needs_translation")
        assert "Untranslated article" in panel and "未翻译的试验" not in panel

    def test_not_shown_to_those_who_translate_nothing(self, client, outsider):
        assert "Waiting for translation" not in dashboard_html(client, outsider)

    def test_constant_queries(self, admin_user, article_index, trial_index, django_user_model):
        ArticlePageFactory(parent=article_index, needs_translation=True)
        TrialPageFactory(parent=trial_index, needs_translation=True)
        one, queries = render(dashboard.NeedsTranslationPanel, admin_user.pk, django_user_model)
        assert one.count("<tr>") == 3
        for _n in range(3):
            ArticlePageFactory(parent=article_index, needs_translation=True)
            TrialPageFactory(parent=trial_index, needs_translation=True)
        more, more_queries = render(dashboard.NeedsTranslationPanel, admin_user.pk, django_user_model)
        assert more.count("<tr>") == 9
        assert more_queries == queries


class TestLatestImports:
    def test_lists_imports_with_their_warnings(self, client, article_index, editor):
        result = article_import(
            data=(FIXTURES / "bom_en.md").read_bytes(),
            lang="en",
            parent=article_index,
            user=editor,
            source="bom_en.md",
        )
        assert result.ok
        panel = panel_of(dashboard_html(client, editor), "articles_latest_imports")
        assert result.page.title_en in panel and "bom_en.md" in panel and "Ed Itor" in panel
        assert (
            "Line 21: Reference [3] is neither an NLM citation nor a web page: kept as plain text." in panel
        )

    def test_warnings_in_the_editors_language(self, client, article_index, editor):
        article_import(
            data=(FIXTURES / "bom_en.md").read_bytes(), lang="en", parent=article_index, user=editor
        )
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "zh-hans"
        profile.save()
        panel = panel_of(dashboard_html(client, editor), "articles_latest_imports")
        assert "[3]" in panel and "Line 21:" not in panel

    def test_not_shown_to_outsiders(self, client, outsider):
        assert "Latest article imports" not in dashboard_html(client, outsider)

    def test_constant_queries(self, article_index, editor, django_user_model):
        def imported(n):
            text = f"Imported article {n}\n\nA paragraph.\n".encode()
            assert article_import(data=text, lang="en", parent=article_index, user=editor).ok

        imported(0)
        one, queries = render(dashboard.LatestImportsPanel, editor.pk, django_user_model)
        assert one.count("<tr>") == 2
        for n in range(1, 5):
            imported(n)
        five, more_queries = render(dashboard.LatestImportsPanel, editor.pk, django_user_model)
        assert five.count("<tr>") == 6
        assert more_queries == queries


def test_imports_by_the_command_line_are_listed(client, article_index, editor):
    article_import(data=b"From the shell\n\nA paragraph.\n", lang="en", parent=article_index)
    panel = panel_of(dashboard_html(client, editor), "articles_latest_imports")
    assert "From the shell" in panel and "Command line" in panel
    assert ArticlePage.objects.count() == 1
