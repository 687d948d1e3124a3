"""Articles under a review workflow reach the site only through an approved review.

Wagtail lets anyone with publish permission publish directly, workflow or not, and
medical reviewers must have that permission for their approval to publish the
revision. So for an article whose index is under an active workflow, the direct
"Publish" action (edit, create, revert, bulk) is hidden and refused for everyone
but superusers; approving the review task still publishes.
"""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from articles.models import ArticleIndexPage, ArticlePage

logger = logging.getLogger(__name__)

PUBLISH_ACTION = "action-publish"


def direct_publish_blocked(user, page=None, *, parent=None) -> bool:
    """Whether `user` must go through review to publish this article (or a new one under `parent`)."""
    if user.is_superuser:
        return False
    if page is not None and page.pk:
        if not isinstance(page.specific_deferred, ArticlePage):
            return False
        return page.get_workflow() is not None
    if parent is not None and isinstance(parent.specific_deferred, ArticleIndexPage):
        return parent.get_workflow() is not None
    return False


def refuse_direct_publish(request, page=None, *, parent=None, action: str = PUBLISH_ACTION):
    """The response to a direct publish (the POSTed `action`) the review rule forbids, else None."""
    if request.method != "POST" or not request.POST.get(action):
        return None
    if not direct_publish_blocked(request.user, page, parent=parent):
        return None
    _refused(
        request,
        page or parent,
        _("This article is published once a medical reviewer approves it. Submit it for review."),
    )
    if page is not None and page.pk:
        return redirect("wagtailadmin_pages:edit", page.pk)
    return redirect("wagtailadmin_explore", parent.pk)


def refuse_bulk_publish(request, action_type, objects):
    """Bulk publishing: refused if it would publish an article under review, itself or as a descendant."""
    if action_type != "publish" or request.user.is_superuser:
        return None
    with_descendants = request.POST.get("include_descendants") in ("on", "true", "True", "1")
    for page in objects:
        candidates = [page]
        if with_descendants:
            candidates += list(ArticlePage.objects.descendant_of(page).not_live()[:1])
        if any(direct_publish_blocked(request.user, candidate) for candidate in candidates):
            _refused(
                request,
                page,
                _("Articles are published once a medical reviewer approves them. Submit them for review."),
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


def _refused(request, page, message: str) -> None:
    """Log a refused publish and tell the editor why, in their language."""
    logger.warning(
        "publish refused: article needs medical review",
        extra={"user_id": request.user.pk, "page_id": getattr(page, "pk", None)},
    )
    messages.error(request, message)
