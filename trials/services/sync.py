"""Refresh trials from the ClinicalTrials.gov API (the nightly sync and the admin's button)."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core import http
from trials.ctgov import RecordError
from trials.models import TrialPage
from trials.services.imports import UNCHANGED, study_nct_id, trial_import_study

logger = logging.getLogger(__name__)

SYNC_ACTION = "trials.sync"
SYNC_FAILED_ACTION = "trials.sync_failed"


@dataclass
class SyncResult:
    page_id: int
    outcome: str = ""  # created/updated/unchanged, or "" on failure
    error: str = ""
    conflicts: list[str] = field(default_factory=list)  # registry fields where an editor's value was kept

    @property
    def ok(self) -> bool:
        return not self.error


def trial_sync_from_registry(*, page_id: int, user=None) -> SyncResult:
    """Fetch the trial's record from ClinicalTrials.gov (settings.CTGOV_API_BASE_URL) and import it.

    An unreachable registry or a malformed record changes nothing: the failure is
    returned, logged and written to the audit log.
    """
    page = TrialPage.objects.get(pk=page_id)
    nct_id = page.nct_id
    if not nct_id:
        return _sync_failed(page, user, _("The trial has no ClinicalTrials.gov ID."))
    url = f"{settings.CTGOV_API_BASE_URL.rstrip('/')}/studies/{nct_id}"
    try:
        response = http.get(url, params={"format": "json"})
    except http.ResponseTooLarge as error:
        return _sync_failed(page, user, _("The registry's answer was refused: %(error)s") % {"error": error})
    except http.OutboundError as error:
        return _sync_failed(page, user, _("The registry could not be reached: %(error)s") % {"error": error})
    if response.status_code != 200:
        return _sync_failed(
            page,
            user,
            _("The registry answered HTTP %(status)d for %(id)s.")
            % {"status": response.status_code, "id": nct_id},
        )
    try:
        study = response.json()
    except ValueError:
        return _sync_failed(page, user, _("The registry's answer is not valid JSON."))
    if study_nct_id(study) != nct_id:
        return _sync_failed(
            page, user, _("The registry's answer is not the record of %(id)s.") % {"id": nct_id}
        )
    try:
        result = trial_import_study(study=study, user=user, source=url)
    except (RecordError, ValidationError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _sync_failed(page, user, message)
    if result.outcome == UNCHANGED:
        # Only the time of the check changes; the content and its revisions stay as they are.
        TrialPage.objects.filter(pk=page.pk).update(last_synced_at=timezone.now())
    log(
        instance=page,
        action=SYNC_ACTION,
        user=user,
        data={"outcome": result.outcome, "nct_id": nct_id, "conflicts": sorted(result.conflicts)},
    )
    return SyncResult(page_id=page.pk, outcome=result.outcome, conflicts=sorted(result.conflicts))


def _sync_failed(page: TrialPage, user, message: str) -> SyncResult:
    logger.warning("trial sync failed", extra={"page_id": page.pk, "error": message})
    log(instance=page, action=SYNC_FAILED_ACTION, user=user, data={"error": message})
    return SyncResult(page_id=page.pk, error=message)
