"""Signal receivers of the articles app, connected in ArticlesConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import task_approved

from articles import services
from articles.fragments import shown_snippet_changed
from articles.models import ArticleIndexPage, Person, Topic
from portal.references.models import Reference


def assign_review_to_new_index(sender, instance, created, raw=False, **kwargs):
    """Every new article index gets the medical-review workflow."""
    if created and not raw:
        services.article_index_assign_review(index=instance)


def record_review_on_approval(sender, instance, user=None, **kwargs):
    """`instance` is the approved TaskState."""
    services.article_record_review(task_state=instance, user=user)


def connect():
    post_save.connect(
        assign_review_to_new_index,
        sender=ArticleIndexPage,
        dispatch_uid="articles.assign_review_to_new_index",
    )
    task_approved.connect(record_review_on_approval, dispatch_uid="articles.record_review_on_approval")
    for model in (Reference, Person, Topic):
        for signal in (post_save, post_delete):
            signal.connect(
                shown_snippet_changed,
                sender=model,
                dispatch_uid=f"articles.shown_snippet_changed.{model.__name__}.{id(signal)}",
            )
