import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from articles.importer.services import IMPORT_ACTION
from articles.models import ArticlePage, Person
from articles.services import MEDICAL_REVIEW_WORKFLOW, MEDICAL_REVIEWERS
from tests.articles.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(
        "reviewer", password="pw", first_name="Wen", last_name="Zhang"
    )
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    return user


@pytest.fixture
def draft(article_index, sample_references, editor):
    page = make_article(
        article_index, sample_references, live=False, title_en="Cells after stroke", slug_en="cells"
    )
    page.save_revision(user=editor)
    return page


def test_migration_creates_group_and_workflow(db):
    group = Group.objects.get(name=MEDICAL_REVIEWERS)
    workflow = Workflow.objects.get(name=MEDICAL_REVIEW_WORKFLOW)
    (task,) = [t.specific for t in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == [group]
    assert group.permissions.filter(codename="access_admin").exists()


def test_new_index_gets_the_workflow_and_reviewers_may_open_drafts(article_index, draft):
    workflow = Workflow.objects.get(name=MEDICAL_REVIEW_WORKFLOW)
    assert WorkflowPage.objects.get(page=article_index).workflow == workflow
    assert draft.get_workflow() == workflow
    granted = GroupPagePermission.objects.filter(group__name=MEDICAL_REVIEWERS, page=article_index)
    assert {p.permission.codename for p in granted} == {"change_page", "publish_page"}


def test_reviewer_approval_publishes_and_records_the_review(client, draft, editor, reviewer):
    workflow = draft.get_workflow()
    state = workflow.start(draft, editor)
    assert not ArticlePage.objects.get(pk=draft.pk).live

    client.force_login(reviewer)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(draft.pk, "approve", state.current_task_state.pk)
    )
    response = client.post(url, {"comment": "Checked against the sources."})
    assert response.status_code in (200, 302), response.content[:500]

    page = ArticlePage.objects.get(pk=draft.pk)
    assert page.live
    person = Person.objects.get(user=reviewer)
    assert person.name == "Wen Zhang"
    assert page.medical_reviewer == person
    assert page.last_reviewed == timezone.localdate()
    # The review survives the next edit: the editor's form starts from the revision.
    assert page.get_latest_revision_as_object().medical_reviewer_id == person.pk

    client.logout()
    with translation.override("en"):
        html = client.get(page.get_url()).content.decode()
    assert "Medically reviewed by Wen Zhang on" in html


def test_someone_outside_the_group_cannot_approve(client, draft, editor, django_user_model):
    state = draft.get_workflow().start(draft, editor)
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(draft.pk, "approve", state.current_task_state.pk)
    )
    client.post(url, {"comment": ""})
    page = ArticlePage.objects.get(pk=draft.pk)
    assert not page.live
    assert page.medical_reviewer is None


def test_an_editor_cannot_publish_directly(client, draft, editor):
    assert not draft.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_direct_publish_leaves_the_review_empty(client, article):
    # Operator paths (seed_demo, importer --publish) publish without the workflow.
    article.save_revision().publish()
    page = ArticlePage.objects.get(pk=article.pk)
    assert page.medical_reviewer is None and page.last_reviewed is None
    html = client.get(page.url).content.decode()
    assert 'class="article__review"' not in html


@pytest.fixture
def moderator(django_user_model):
    """Wagtail's default Moderators may publish any page: not articles under review."""
    user = django_user_model.objects.create_user("moderator", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


@pytest.mark.parametrize("who", ["moderator", "reviewer"])
def test_article_under_review_cannot_be_published_directly(client, draft, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    html = client.get(edit_url(draft)).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html

    response = client.post(edit_url(draft), {"action-publish": "action-publish"}, follow=True)
    assert not ArticlePage.objects.get(pk=draft.pk).live
    # The editor's admin language (the default, Simplified Chinese) explains why.
    assert "须经医学审核人批准后才会发布" in response.content.decode()


def test_new_article_cannot_be_published_directly(client, article_index, moderator):
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", article_index.pk))
    assert 'name="action-publish"' not in client.get(url).content.decode()
    client.post(url, {"action-publish": "action-publish", "title": "Unreviewed"})
    assert not ArticlePage.objects.filter(title="Unreviewed").exists()


def test_bulk_publish_of_an_article_under_review_is_refused(client, draft, moderator):
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
    client.post(url, {})
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_superuser_may_still_publish_and_other_pages_are_unaffected(
    client, draft, moderator, admin_user, home
):
    client.force_login(admin_user)
    assert 'name="action-publish"' in client.get(edit_url(draft)).content.decode()
    client.force_login(moderator)
    assert 'name="action-publish"' in client.get(edit_url(home)).content.decode()


# Imports and the review (issue 9) ------------------------------------------------


def new_english_version(page, user, *, publish=True, title="Cells after stroke, revised"):
    from articles.importer.services import article_import

    data = f"{title}\n\nThe new English text of the article.\n".encode()
    return article_import(
        data=data, lang="en", parent=None, page=page, publish=publish, user=user, source="new.md"
    )


def approve(state, reviewer):
    """As the admin does it: the task state loaded afresh, after whatever was saved meanwhile."""
    TaskState.objects.get(pk=state.current_task_state_id).specific.approve(user=reviewer)


@pytest.fixture
def reviewed(draft, editor, reviewer):
    """The article approved by the reviewer: live, "medically reviewed by Wen Zhang"."""
    state = draft.get_workflow().start(draft, editor)
    state.current_task_state.approve(user=reviewer)
    page = ArticlePage.objects.get(pk=draft.pk)
    assert page.live and page.medical_reviewer == Person.objects.get(user=reviewer)
    return page


@pytest.mark.parametrize(
    ("who", "outcome"), [("reviewer", "submitted"), ("editor", "submitted"), ("admin_user", "published")]
)
def test_publish_in_the_importer_goes_through_the_review(client, reviewed, who, outcome, request):
    user = request.getfixturevalue(who)
    result = new_english_version(reviewed, user)
    assert result.ok, [str(e) for e in result.errors]
    page = ArticlePage.objects.get(pk=reviewed.pk)
    entry = PageLogEntry.objects.get(page=page, action=IMPORT_ACTION)
    if outcome == "submitted":
        assert (result.submitted, result.published) == (True, False)
        assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert page.current_workflow_state.requested_by == user
        assert page.title_en == "Cells after stroke"  # the live text is the reviewed one
        assert page.medical_reviewer is not None
        assert entry.data["submitted"] is True and entry.data["published"] is False
    else:
        assert (result.submitted, result.published) == (False, True)
        assert page.current_workflow_state is None
        assert page.title_en == "Cells after stroke, revised"
        # The new text was not reviewed: no "medically reviewed by" on it.
        assert page.medical_reviewer is None and page.last_reviewed is None
        with translation.override("en"):
            html = client.get(page.get_url()).content.decode()
        assert 'class="article__review"' not in html
        assert entry.data["published"] is True


def test_an_imported_revision_does_not_carry_the_previous_review(reviewed, editor):
    new_english_version(reviewed, editor, publish=False)
    page = ArticlePage.objects.get(pk=reviewed.pk)
    revision = page.get_latest_revision()
    assert revision.content["medical_reviewer"] is None and revision.content["last_reviewed"] is None
    draft = page.get_latest_revision_as_object()
    assert draft.medical_reviewer is None and draft.last_reviewed is None
    # The live page is still the reviewed text, and says so.
    assert page.medical_reviewer is not None and page.last_reviewed is not None


def test_approval_stamps_the_approved_revision_not_the_latest(draft, editor, reviewer, admin_user):
    state = draft.get_workflow().start(draft, editor)
    approved = state.current_task_state.revision
    # Meanwhile a superuser (whom the review's lock lets through) imports a new draft.
    imported = new_english_version(draft, admin_user, publish=False)
    assert imported.ok, [str(e) for e in imported.errors]
    newer = ArticlePage.objects.get(pk=draft.pk).get_latest_revision()
    assert newer.pk != approved.pk

    approve(state, reviewer)
    person = Person.objects.get(user=reviewer)
    approved.refresh_from_db()
    newer.refresh_from_db()
    assert approved.content["medical_reviewer"] == person.pk
    assert approved.content["last_reviewed"] == timezone.localdate().isoformat()
    assert newer.content["medical_reviewer"] is None and newer.content["last_reviewed"] is None
    # Wagtail publishes the latest revision on approval: it was not reviewed, and says nothing.
    page = ArticlePage.objects.get(pk=draft.pk)
    assert page.live_revision_id == newer.pk
    assert page.medical_reviewer is None


def test_approval_with_the_reviewers_own_changes_stamps_them(client, draft, editor, reviewer):
    state = draft.get_workflow().start(draft, editor)
    page = ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    page.title_en = "Cells after stroke (corrected by the reviewer)"
    corrected = page.save_revision(user=reviewer)
    approve(state, reviewer)
    corrected.refresh_from_db()
    assert corrected.content["medical_reviewer"] == Person.objects.get(user=reviewer).pk
    live = ArticlePage.objects.get(pk=draft.pk)
    assert live.live_revision_id == corrected.pk and live.medical_reviewer is not None


def test_import_into_a_locked_page_is_refused_with_wagtails_message(draft, editor, admin_user):
    draft.locked, draft.locked_by, draft.locked_at = True, admin_user, timezone.now()
    draft.save()
    revisions = draft.revisions.count()
    with translation.override("en"):
        result = new_english_version(draft, editor, publish=False)
        assert [e.code for e in result.errors] == ["locked"]
        assert str(result.errors[0]).startswith("The page could not be saved as it is locked.")
    assert draft.revisions.count() == revisions
    assert not PageLogEntry.objects.filter(action=IMPORT_ACTION).exists()
    # The one who locked it may import, as they may edit.
    assert new_english_version(draft, admin_user, publish=False).ok


def test_import_into_a_page_under_review_is_refused_to_those_the_review_locks_out(draft, editor, reviewer):
    draft.get_workflow().start(draft, editor)
    with translation.override("en"):
        refused = new_english_version(draft, editor, publish=False)
        assert [e.code for e in refused.errors] == ["locked"]
        assert "awaiting moderation" in str(refused.errors[0])
    # A reviewer of the task may edit the page under review, so may import into it.
    allowed = new_english_version(draft, reviewer, publish=True)
    assert allowed.ok and allowed.submitted
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
