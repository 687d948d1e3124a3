"""Keep the register index (trials/register/index.py) in step with what is public."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import COMMENTS_RELATION_NAME, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from trials.models import CellType, Route, StrokeStage, TrialIndexPage, TrialPage, TrialPhase
from trials.register.index import register_changed

# A changed term or view restriction changes what a filter selects; the register's
# slug is in every row's link. Trials are handled by `_trial_saved`.
WATCHED_MODELS = (TrialIndexPage, PageViewRestriction, CellType, Route, StrokeStage, TrialPhase)
# What Wagtail writes to the page row when it saves a draft revision: nothing visitors see.
DRAFT_BOOKKEEPING = {
    COMMENTS_RELATION_NAME,
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
}


def _trial_saved(sender, instance, update_fields=None, **kwargs):
    """Saving a trial (publishing included) commits its facets; saving a draft does not."""
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    register_changed()


def _trial_unpublished(sender, instance, **kwargs):
    if isinstance(instance, TrialPage):
        register_changed()


def connect():
    post_save.connect(_trial_saved, sender=TrialPage, dispatch_uid="trials.register.save.TrialPage")
    post_delete.connect(register_changed, sender=TrialPage, dispatch_uid="trials.register.delete.TrialPage")
    for model in WATCHED_MODELS:
        name = model.__name__
        post_save.connect(register_changed, sender=model, dispatch_uid=f"trials.register.save.{name}")
        post_delete.connect(register_changed, sender=model, dispatch_uid=f"trials.register.delete.{name}")
    page_unpublished.connect(_trial_unpublished, dispatch_uid="trials.register.unpublish")
    # A moved page may take a register, or the trials under it, along.
    post_page_move.connect(register_changed, dispatch_uid="trials.register.move")
