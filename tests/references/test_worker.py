"""Metadata fetching in a real worker on the real broker (tests/worker.py): the task is
published only once the reference is committed, and its arguments (reference, editor,
language) arrive intact."""

import time

from django.db import transaction
from django.utils import translation
from wagtail.models import ModelLogEntry

from portal.references.models import Reference
from portal.references.services.metadata import reference_fetch_metadata_enqueue
from tests.references.helpers import expected_lines
from tests.references.servers import api_server
from tests.worker import wait_for

WAGENAAR_DOI = "10.1161/STROKEAHA.125.050786"


def test_fetch_runs_in_the_worker_after_the_commit_for_the_editor(real_worker, settings, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    with api_server() as base:
        settings.CROSSREF_API_BASE_URL = base
        settings.NCBI_EUTILS_BASE_URL = base
        with translation.override("zh-hant"), transaction.atomic():
            known = Reference.objects.create(doi=WAGENAAR_DOI)
            unknown = Reference.objects.create(doi="10.1000/unknown")
            reference_fetch_metadata_enqueue(reference=known, user=editor)
            reference_fetch_metadata_enqueue(reference=unknown, user=editor)
            time.sleep(1)  # a task published now would not find these rows and give up

        def finished():
            return not Reference.objects.filter(metadata_status=Reference.MetadataStatus.PENDING).exists()

        wait_for(finished, what="both fetches")
    known.refresh_from_db()
    unknown.refresh_from_db()
    assert known.metadata_status == "ok"
    assert known.nlm_citation() == expected_lines()["wagenaar2025.csl.json"].replace(" PMID: 40654084.", "")
    entry = ModelLogEntry.objects.get(action="references.fetch_metadata", object_id=str(known.pk))
    assert entry.user_id == editor.pk
    assert (unknown.metadata_status, unknown.metadata_message) == (
        "failed",
        "Crossref 中沒有此標識符（404）。",
    )
