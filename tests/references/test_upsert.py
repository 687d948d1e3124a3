import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from portal.references.models import Reference
from portal.references.parsers import parse_bytes
from portal.references.services import reference_upsert
from tests.references.factories import ReferenceFactory
from tests.references.helpers import expected_lines, fixture_bytes

TREASURE = ["treasure.pubmed.xml", "treasure.ris", "treasure.bib", "treasure.csl.json"]


def _fields(name):
    return parse_bytes(fixture_bytes(name), filename=name)[1].entries[0].fields


@pytest.mark.django_db
def test_all_treasure_files_make_one_reference_and_repeat_changes_nothing():
    results = [reference_upsert(fields=_fields(name), source=name) for name in TREASURE]
    assert Reference.objects.count() == 1
    assert results[0].created
    assert all(not r.created and r.filled == [] and r.conflicts == {} for r in results[1:])
    ref = Reference.objects.get()
    # The XML has no full journal title in title case; the RIS "JAMA Neurology" does not count as a conflict.
    assert ref.nlm_citation() == expected_lines()["treasure.ris"]
    again = reference_upsert(fields=_fields("treasure.ris"))
    assert (again.created, again.filled, again.conflicts) == (False, [], {})


@pytest.mark.django_db
def test_pmid_only_then_doi_import_merges():
    first = reference_upsert(fields={"pmid": "38227308", "title": "TREASURE trial"})
    assert first.created
    second = reference_upsert(fields=_fields("treasure.csl.json"))
    assert not second.created
    assert Reference.objects.count() == 1
    assert "doi" in second.filled and "authors" in second.filled
    assert second.conflicts["title"][0] == "TREASURE trial"
    ref = Reference.objects.get()
    assert ref.title == "TREASURE trial"  # what the editor wrote is kept
    assert ref.doi == "10.1001/jamaneurol.2023.5200"


@pytest.mark.django_db
def test_conflicts_are_reported_not_written(django_user_model):
    editor = django_user_model.objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_reference"))
    ReferenceFactory(doi="10.1000/abc", volume="12", pages="")
    result = reference_upsert(
        fields={"doi": "https://doi.org/10.1000/ABC", "volume": "13", "pages": "5-9"},
        user=editor,
        source="test",
    )
    assert result.conflicts == {"volume": ("12", "13")}
    assert result.filled == ["pages"]
    ref = Reference.objects.get()
    assert (ref.volume, ref.pages) == ("12", "5-9")
    entry = ModelLogEntry.objects.get(action="references.import_fill")
    assert entry.user == editor
    assert entry.data["fields"] == ["pages"]


@pytest.mark.django_db
def test_identifiers_are_normalised():
    result = reference_upsert(
        fields={"title": "A", "doi": "doi:10.1000/XYZ", "pmid": "PMID: 123", "pmcid": "456"}
    )
    ref = result.reference
    assert (ref.doi, ref.pmid, ref.pmcid) == ("10.1000/XYZ", "123", "PMC456")
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(ref.pk)).exists()


@pytest.mark.django_db
def test_doi_matches_whatever_its_case():
    ReferenceFactory(doi="10.1161/STROKEAHA.125.050786")
    result = reference_upsert(fields={"doi": "https://doi.org/10.1161/strokeaha.125.050786", "title": "x"})
    assert not result.created
    assert Reference.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_found_by_url():
    ReferenceFactory(kind="web", url="https://Example.org/page", title="A page")
    result = reference_upsert(fields={"kind": "web", "url": "https://example.org/page/", "title": "A page"})
    assert not result.created
    assert Reference.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "A", "doi": "10.1000"}, "is not a DOI"),
        ({"title": "A", "pmid": "12a"}, "is not a PMID"),
        ({"title": "A", "pmcid": "PMCX1"}, "is not a PMCID"),
        ({"title": "A", "url": "ftp://x"}, "is not a web address"),
        ({"doi": "10.1000/no-title"}, "has no title"),
        ({"title": "A", "authors": [{"given": "Ann"}]}, "has no family name"),
    ],
)
def test_invalid_input_is_refused_and_nothing_written(fields, message):
    with pytest.raises(ValidationError) as excinfo:
        reference_upsert(fields=fields)
    assert message in " ".join(excinfo.value.messages)
    assert Reference.objects.count() == 0


@pytest.mark.django_db
def test_identifier_owned_by_another_reference_is_a_conflict():
    ReferenceFactory(doi="10.1000/a", pmid="")
    ReferenceFactory(doi="", pmid="777")
    result = reference_upsert(fields={"doi": "10.1000/a", "pmid": "777"})
    assert result.conflicts == {"pmid": ("", "777")}
    assert Reference.objects.get(doi="10.1000/a").pmid == ""
