"""Celery tasks of the trials app: refresh trials from ClinicalTrials.gov, rebuild the register index."""

from celery import shared_task

from trials.finder.index import store_finder_index
from trials.models import TrialIndexPage, TrialPage
from trials.register.index import register_version, store_register_index
from trials.registries import Registry
from trials.services.sync import trial_sync_from_registry


@shared_task(acks_late=True)
def sync_trial(page_id: int) -> dict:
    """Refresh one trial; a failure changes nothing and comes back in the result."""
    result = trial_sync_from_registry(page_id=page_id)
    return {"page_id": result.page_id, "outcome": result.outcome, "error": result.error}


@shared_task
def sync_all_trials() -> int:
    """Queue a refresh of every trial that has a ClinicalTrials.gov ID."""
    ids = list(
        TrialPage.objects.filter(registry_ids__registry=Registry.NCT).values_list("pk", flat=True).distinct()
    )
    for page_id in ids:
        sync_trial.delay(page_id)
    return len(ids)


@shared_task(ignore_result=True)
def rebuild_register_indexes(version: int) -> int:
    """Build every register's index, and its trial finder's, for `version`, unless a later
    change made it stale.

    A burst of changes (the nightly sync) queues one task per change; only the tasks
    still current build anything.
    """
    if register_version() != version:
        return 0
    registers = list(TrialIndexPage.objects.all())
    for index_page in registers:
        register = store_register_index(index_page, version)
        store_finder_index(index_page, version, register)
    return len(registers)
