import logging

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from portal.references.models import Reference
from portal.references.tasks import reference_fetch_metadata
from tests.references.helpers import expected_lines
from tests.references.servers import api_server, closed_port_url

pytestmark = pytest.mark.django_db

WAGENAAR_DOI = "10.1161/STROKEAHA.125.050786"


@pytest.fixture
def apis(settings):
    with api_server() as base:
        settings.CROSSREF_API_BASE_URL = base
        settings.NCBI_EUTILS_BASE_URL = base
        settings.OUTBOUND_HTTP_TIMEOUT = 5
        yield base


def test_fill_from_crossref_by_doi(apis, caplog):
    caplog.set_level(logging.INFO)
    ref = Reference.objects.create(doi=WAGENAAR_DOI)
    result = reference_fetch_metadata.delay(ref.pk).get()
    assert result["ok"] is True
    ref.refresh_from_db()
    expected = expected_lines()["wagenaar2025.csl.json"].replace(" PMID: 40654084.", "")
    assert ref.nlm_citation() == expected
    assert ref.doi == WAGENAAR_DOI  # the stored spelling is kept
    assert ref.metadata_status == "ok"
    assert "Filled:" in ref.metadata_message and "title" in ref.metadata_message
    assert ModelLogEntry.objects.filter(action="references.fetch_metadata", object_id=str(ref.pk)).exists()
    assert "metadata fetched" in [record.getMessage() for record in caplog.records]


def test_fill_from_pubmed_by_pmid_keeps_what_the_editor_wrote(apis):
    ref = Reference.objects.create(pmid="38227308", title="TREASURE (editor's short title)")
    reference_fetch_metadata.delay(ref.pk)
    ref.refresh_from_db()
    assert ref.title == "TREASURE (editor's short title)"
    assert ref.pmcid == "PMC10792497"
    assert ref.doi == "10.1001/jamaneurol.2023.5200"
    assert "not overwritten" in ref.metadata_message and "title" in ref.metadata_message
    ref.title = expected_lines()["treasure.pubmed.xml"].split(". ")[1]
    assert ref.nlm_citation() == expected_lines()["treasure.pubmed.xml"]


def test_server_error_leaves_the_reference_untouched(settings):
    with api_server(status=500) as base:
        settings.NCBI_EUTILS_BASE_URL = base
        ref = Reference.objects.create(pmid="38227308", title="Kept")
        before = ref.updated_at
        result = reference_fetch_metadata.delay(ref.pk).get()
    assert result["ok"] is False
    ref.refresh_from_db()
    assert (ref.title, ref.doi, ref.authors, ref.updated_at) == ("Kept", "", [], before)
    assert ref.metadata_status == "failed"
    assert ref.metadata_message == "PubMed answered with HTTP 500."


def test_closed_port_is_recorded(settings):
    settings.CROSSREF_API_BASE_URL = closed_port_url()
    ref = Reference.objects.create(doi=WAGENAAR_DOI, title="Kept")
    reference_fetch_metadata.delay(ref.pk)
    ref.refresh_from_db()
    assert ref.title == "Kept" and ref.authors == []
    assert ref.metadata_status == "failed"
    assert ref.metadata_message.startswith("Crossref could not be reached")


def test_malformed_and_unknown_answers(settings):
    routes = {"/works/10.1000/bad": b"{not json", "/efetch.fcgi?id=5": b"<PubmedArticleSet><x"}
    with api_server(routes=routes) as base:
        settings.CROSSREF_API_BASE_URL = base
        settings.NCBI_EUTILS_BASE_URL = base
        bad_json = Reference.objects.create(doi="10.1000/bad", title="A")
        bad_xml = Reference.objects.create(pmid="5", title="B")
        unknown = Reference.objects.create(doi="10.1000/unknown", title="C")
        for ref in (bad_json, bad_xml, unknown):
            reference_fetch_metadata.delay(ref.pk)
    messages = [Reference.objects.get(pk=r.pk).metadata_message for r in (bad_json, bad_xml, unknown)]
    assert messages[0] == "Crossref's answer is not valid JSON."
    assert messages[1].startswith("PubMed's answer is not usable XML")
    assert messages[2] == "Crossref does not know this identifier (404)."


def test_admin_button_enqueues_after_commit_and_edit_page_shows_the_result(
    client, django_user_model, settings, django_capture_on_commit_callbacks
):
    settings.CROSSREF_API_BASE_URL = closed_port_url()
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    ref = Reference.objects.create(doi=WAGENAAR_DOI, title="Kept")
    edit_url = reverse("wagtailsnippets_references_reference:edit", args=[ref.pk])
    fetch_url = reverse("references_fetch_metadata", args=[ref.pk])
    assert fetch_url in client.get(edit_url).content.decode()
    assert client.get(fetch_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(fetch_url)
    assert response.status_code == 302
    assert len(callbacks) == 1
    html = client.get(edit_url).content.decode()
    assert "Fetching metadata failed: Crossref could not be reached" in html
