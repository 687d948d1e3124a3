"""Writes of the articles app: the medical-review workflow and its outcome."""

import datetime
import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from articles.models import ArticlePage, Person

logger = logging.getLogger(__name__)

MEDICAL_REVIEWERS = "Medical reviewers"
MEDICAL_REVIEW_WORKFLOW = "Medical review"
MEDICAL_REVIEW_TASK = "Medical reviewer approval"
REVIEW_RECORDED_ACTION = "articles.review_recorded"
# Reviewers open drafts under the index; Wagtail publishes an approved
# revision as the approving user, which needs publish permission.
REVIEWER_PAGE_PERMISSIONS = ("change_page", "publish_page")


def medical_review_setup() -> tuple[Group, Workflow]:
    """The "Medical reviewers" group and the "Medical review" workflow, created if missing."""
    group, _created = Group.objects.get_or_create(name=MEDICAL_REVIEWERS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    workflow = Workflow.objects.filter(name=MEDICAL_REVIEW_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=MEDICAL_REVIEW_WORKFLOW, active=True)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=MEDICAL_REVIEW_TASK).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=MEDICAL_REVIEW_TASK, active=True)
            task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return group, workflow


@transaction.atomic
def article_index_assign_review(*, index: Page) -> Workflow:
    """Put the index (and so every article under it) under the medical-review
    workflow and let the reviewers open its drafts. An index that already has a
    workflow of its own keeps it."""
    group, workflow = medical_review_setup()
    assignment, _created = WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    for codename in REVIEWER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return assignment.workflow


def person_for_user(*, user) -> Person:
    """The Person linked to an admin user, created from the account's name if missing."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    name = user.get_full_name() or user.get_username()
    return Person.objects.create(user=user, name=name, name_zh_hans=name)


def _is_medical_review_task(task) -> bool:
    groups = getattr(task.specific, "groups", None)
    return groups is not None and groups.filter(name=MEDICAL_REVIEWERS).exists()


@transaction.atomic
def article_record_review(
    *, task_state, user, reviewed_on: datetime.date | None = None
) -> ArticlePage | None:
    """After a medical reviewer approves: name them as the reviewer and date the review,
    on the approved revision and, if that revision is live, on the live page.

    The approved revision is the one the task was started on, or a revision the reviewer
    saved while approving (the edit view's "Approve with changes"); a revision someone
    else saved meanwhile (an import, say) was not reviewed and is left unstamped."""
    if user is None or not _is_medical_review_task(task_state.task):
        return None
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object
    if not isinstance(page, Page) or not isinstance(page.specific, ArticlePage):
        return None
    page = page.specific
    reviewed_on = reviewed_on or timezone.localdate()
    person = person_for_user(user=user)

    revisions = {task_state.revision}
    page.refresh_from_db(fields=["live_revision", "latest_revision"])
    latest = page.latest_revision
    if latest is not None and latest.user_id == user.pk and latest.created_at >= task_state.started_at:
        revisions.add(latest)
    for revision in filter(None, revisions):
        revision.content["medical_reviewer"] = person.pk
        revision.content["last_reviewed"] = reviewed_on.isoformat()
        revision.save(update_fields=["content"])
    if page.live_revision_id in {r.pk for r in revisions if r}:
        ArticlePage.objects.filter(pk=page.pk).update(medical_reviewer=person, last_reviewed=reviewed_on)
        page.medical_reviewer, page.last_reviewed = person, reviewed_on
    log(
        instance=page,
        action=REVIEW_RECORDED_ACTION,
        user=user,
        data={"reviewer": person.name, "reviewer_id": person.pk, "date": reviewed_on.isoformat()},
    )
    logger.info("medical review recorded", extra={"page_id": page.pk, "reviewer_id": person.pk})
    return page
