import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage

from articles.models import ArticlePage, Person
from articles.services import MEDICAL_REVIEW_WORKFLOW, MEDICAL_REVIEWERS
from tests.articles.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model, article_index):
    """An editor who may add and change pages under the index, but not publish."""
    user = django_user_model.objects.create_user("editor", password="pw", first_name="Ed", last_name="Itor")
    group = Group.objects.create(name="Article editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=article_index, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user


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
