"""Celery tasks of the references app."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import translation

from portal.references.models import Reference
from portal.references.services import reference_fetch_metadata as fetch_service


@shared_task(acks_late=True)
def reference_fetch_metadata(
    reference_id: int, user_id: int | None = None, language: str | None = None
) -> dict:
    """Fill a reference from Crossref/PubMed. Safe to repeat: it only fills empty fields.
    `language` is the editor's, for the message stored on the reference."""
    reference = Reference.objects.filter(pk=reference_id).first()
    if reference is None:
        return {"reference_id": reference_id, "ok": False, "message": "reference no longer exists"}
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with translation.override(language or translation.get_language()):
        outcome = fetch_service(reference=reference, user=user)
    return {"reference_id": reference_id, "ok": outcome.ok, "message": outcome.message}
