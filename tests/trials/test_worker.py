"""The trials tasks in a real worker on the real broker (tests/worker.py): ids survive
serialization, the nightly sync fans out through the queue, and the register index a
visitor reads is built by the worker after the commit."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from tests.worker import wait_for
from trials.models import TrialPage
from trials.register.index import _cache_key, _local, register_index, register_version
from trials.services.imports import trials_import_paths
from trials.tasks import sync_all_trials

from .conftest import FIXTURES
from .registry_server import RegistryServer
from .test_views import make_trial


def test_nightly_sync_queues_and_runs_one_sync_per_trial(trial_index, real_worker, settings):
    with RegistryServer() as registry:
        settings.CTGOV_API_BASE_URL = registry.base_url
        trials_import_paths(paths=[FIXTURES], parent=trial_index)
        linked = set(TrialPage.objects.values_list("pk", flat=True))
        assert len(linked) == 5
        started = timezone.now()

        sync_all_trials.delay()

        def synced():
            return set(TrialPage.objects.filter(last_synced_at__gte=started).values_list("pk", flat=True))

        wait_for(lambda: synced() == linked, what="every trial to be synced")
    assert sorted(path.split("?")[0].rsplit("/", 1)[-1] for path in registry.requests) == sorted(
        TrialPage.objects.values_list("registry_ids__identifier", flat=True)
    )


def test_a_committed_change_is_indexed_by_the_worker_before_the_next_visitor(
    trial_index, real_worker, client, django_assert_num_queries
):
    make_trial(trial_index, 1, acronym="EARLIER")
    with transaction.atomic():
        trial = make_trial(trial_index, 2, acronym="WORKERBUILT")
    version = register_version()  # the version bumped by the commit, which the worker builds

    wait_for(lambda: cache.get(_cache_key(trial_index.pk, version)), what="the worker to build the index")
    _local.clear()  # as in a web process that has not seen the change
    with django_assert_num_queries(0):
        assert trial.pk in register_index(trial_index).ids
    with translation.override("en"):
        response = client.get(trial_index.get_url())
    assert response.status_code == 200
    assert "WORKERBUILT" in response.content.decode()
