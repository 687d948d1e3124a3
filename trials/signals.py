"""Keep the register index (trials/register_index.py) in step with what is public."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from trials.models import CellType, Route, StrokeStage, TrialIndexPage, TrialPage, TrialPhase
from trials.register_index import register_changed

# Saving a trial (publishing included) commits its facets; a changed term or view
# restriction changes what a filter selects; the register's slug is in every row's link.
WATCHED_MODELS = (TrialPage, TrialIndexPage, PageViewRestriction, CellType, Route, StrokeStage, TrialPhase)


def _trial_unpublished(sender, instance, **kwargs):
    if isinstance(instance, TrialPage):
        register_changed()


def connect():
    for model in WATCHED_MODELS:
        name = model.__name__
        post_save.connect(register_changed, sender=model, dispatch_uid=f"trials.register.save.{name}")
        post_delete.connect(register_changed, sender=model, dispatch_uid=f"trials.register.delete.{name}")
    page_unpublished.connect(_trial_unpublished, dispatch_uid="trials.register.unpublish")
    # A moved page may take a register, or the trials under it, along.
    post_page_move.connect(register_changed, dispatch_uid="trials.register.move")
