"""Inputs crafted to hang a worker or crash an import (issue 9): each ends in a clear
error or a correct parse, within a generous time limit so a regression fails visibly."""

import json

import pytest

from portal.references.models import Reference
from portal.references.parsers import ImportFileError, NLMParseError, parse_bytes, parse_nlm_citation
from portal.references.services import reference_import_file
from portal.references.services.metadata import MetadataError, fetch_crossref
from portal.references.tasks import reference_fetch_metadata
from tests.references.servers import api_server
from tests.timeouts import finishes_within

LIMIT = 10  # seconds; the linear parsers need milliseconds


def _parse(data: bytes, filename: str, fmt: str | None = None):
    return finishes_within(LIMIT, parse_bytes, data, filename=filename, fmt=fmt)[1]


# NLM: "A. " + "x! " × n --------------------------------------------------------------


def test_nlm_citation_of_many_sentence_ends_is_refused_in_linear_time():
    # 300,000 characters: the old pattern needed minutes here.
    with pytest.raises(NLMParseError, match="journal and date"):
        finishes_within(LIMIT, parse_nlm_citation, "A. " + "x! " * 100_000)


def test_nlm_citation_with_a_very_long_title_still_parses():
    title = "x! " * 30_000 + "The end."
    fields = finishes_within(LIMIT, parse_nlm_citation, f"Lee A. {title} Stroke. 2020 Feb 3;51(2):1-9.")
    assert fields["title"] == title.removesuffix(".")
    assert (fields["journal_abbreviation"], fields["year"], fields["month"], fields["day"]) == (
        "Stroke",
        2020,
        2,
        3,
    )
    assert (fields["volume"], fields["issue"], fields["pages"]) == ("51", "2", "1-9")


@pytest.mark.django_db
def test_pasted_nlm_line_of_the_issue_is_a_clear_error_for_that_line():
    good = "Kim B. Cells after stroke. Cell Transplant. 2021 Nov-Dec;30(6):1-9. PMID: 5."
    data = f"{good}\nA. {'x! ' * 8000}\n".encode()
    parsed = _parse(data, "pasted", "nlm")
    assert len(parsed.entries) == 1
    assert [(e.location, e.message) for e in parsed.errors] == [
        ("line 2", "The line is 24003 characters long; a citation has at most 20000.")
    ]
    report = reference_import_file(data=data, filename="pasted", fmt="nlm")
    assert (len(report.created), len(report.skipped)) == (1, 1)


# BibTeX: thousands of entries and @string macros ---------------------------------------


def _bibtex(entries: int, macros: int) -> bytes:
    text = "".join(f"@string{{j{i} = {{Journal number {i}}}}}\n" for i in range(macros))
    text += "".join(
        f"@article{{k{i},\n  author = {{Doe, John and Roe, Rita}},\n  title = {{Study {i}}},\n"
        f"  journal = j{i % macros},\n  year = {{2020}}\n}}\n\n"
        for i in range(entries)
    )
    return text.encode()


def test_bibtex_with_a_thousand_entries_and_hundreds_of_macros_parses_in_linear_time(settings):
    assert settings.IMPORT_MAX_ENTRIES == 1000  # as many as an upload may hold
    parsed = _parse(_bibtex(1000, 300), "library.bib")
    assert (len(parsed.entries), parsed.errors) == (1000, [])
    last = parsed.entries[-1]
    assert (last.fields["title"], last.fields["journal"]) == ("Study 999", "Journal number 99")
    assert last.number == 300 + 999 * 7 + 1


def test_bibtex_entries_after_many_blank_lines_are_found_in_linear_time():
    data = b"\n" * 100_000 + b"% a comment\n@article{a, title = {T}, year = {2020}}\n"
    parsed = _parse(data, "blank.bib")
    assert [(e.number, e.fields["title"]) for e in parsed.entries] == [(100_002, "T")]


@pytest.mark.django_db
def test_more_entries_than_the_cap_is_a_clear_error_naming_the_cap(settings):
    settings.IMPORT_MAX_ENTRIES = 100
    with pytest.raises(ImportFileError, match="101 entries; at most 100 can be imported"):
        _parse(_bibtex(101, 2), "library.bib")
    report = reference_import_file(data=_bibtex(101, 2), filename="library.bib")
    assert report.error.startswith("The file holds 101 entries; at most 100")
    assert Reference.objects.count() == 0


# A year of eleven digits, in each structured format -------------------------------------

HUGE = "99999999999"
PUBMED = """<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue><PubDate><Year>{year}</Year>
</PubDate></JournalIssue><ISOAbbreviation>Stroke</ISOAbbreviation></Journal><ArticleTitle>First.</ArticleTitle>
{epub}</Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><Journal><JournalIssue><PubDate><Year>2020</Year>
</PubDate></JournalIssue><ISOAbbreviation>Stroke</ISOAbbreviation></Journal><ArticleTitle>Second.</ArticleTitle>
</Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"""
RIS = "TY  - JOUR\nTI  - First\nPY  - {year}\n{epub}ER  - \n\nTY  - JOUR\nTI  - Second\nPY  - 2020\nER  - \n"
CSL = [
    {
        "type": "article-journal",
        "title": "First",
        "issued": {"date-parts": [["{year}"]]},
        "accessed": "{epub}",
    },
    {"type": "article-journal", "title": "Second", "issued": {"date-parts": [[2020]]}},
]


def _file(fmt: str, *, year: str = "2020", epub_year: str = "") -> tuple[bytes, str]:
    if fmt == "pubmed":
        epub = f"<ArticleDate DateType='Electronic'><Year>{epub_year}</Year><Month>1</Month><Day>2</Day></ArticleDate>"
        return PUBMED.format(year=year, epub=epub if epub_year else "").encode(), "x.xml"
    if fmt == "ris":
        return RIS.format(year=year, epub=f"Y2  - {epub_year}/01/02\n" if epub_year else "").encode(), "x.ris"
    items = json.loads(json.dumps(CSL).replace('"{year}"', year))
    items[0]["accessed"] = {"date-parts": [[int(epub_year), 1, 2]]} if epub_year else None
    return json.dumps(items).encode(), "x.json"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pubmed", "ris", "csljson"])
@pytest.mark.parametrize("where", ["publication year", "a full date"])
def test_an_eleven_digit_year_skips_that_entry_only(fmt, where):
    data, name = _file(fmt, year=HUGE) if where == "publication year" else _file(fmt, epub_year=HUGE)
    parsed = _parse(data, name)
    assert [e.fields["title"] for e in parsed.entries] == ["Second"]
    assert len(parsed.errors) == 1 and HUGE in parsed.errors[0].message
    report = reference_import_file(data=data, filename=name)
    assert (len(report.created), len(report.skipped)) == (1, 1)
    assert f"“{HUGE}” is not a year" in report.skipped[0].reason


@pytest.mark.django_db
def test_an_eleven_digit_year_in_the_admin_upload_is_reported_not_a_500(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.users.models import UserProfile

    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    UserProfile.objects.update_or_create(user=admin, defaults={"preferred_language": "en"})
    client.force_login(admin)
    data, _name = _file("pubmed", year=HUGE)

    response = client.post("/admin/references/import/", {"file": SimpleUploadedFile("x.xml", data)})
    assert response.status_code == 200
    assert f"“{HUGE}” is not a year" in response.content.decode()


# An impossible date from Crossref ----------------------------------------------------------


def _crossref(**dates) -> bytes:
    message = {"DOI": "10.1000/x", "type": "journal-article", "title": ["A title"], **dates}
    return json.dumps({"status": "ok", "message": message}).encode()


CROSSREF_ROUTES = {
    "/works/10.1000/feb30": _crossref(**{"published-print": {"date-parts": [[2024, 2, 30]]}}),
    "/works/10.1000/huge": _crossref(issued={"date-parts": [[99999999999]]}),
    "/works/10.1000/online": _crossref(
        **{
            "published-print": {"date-parts": [[2024, 3]]},
            "published-online": {"date-parts": [[2024, 2, 30]]},
        }
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("doi", "message"),
    [
        ("10.1000/feb30", "2024-2-30 is not a real date"),
        ("10.1000/huge", "“99999999999” is not a year"),
        ("10.1000/online", "2024-2-30 is not a real date"),
    ],
)
def test_an_impossible_crossref_date_ends_the_fetch_in_an_error_the_editor_sees(settings, doi, message):
    with api_server(routes=CROSSREF_ROUTES) as base:
        settings.CROSSREF_API_BASE_URL = base
        with pytest.raises(MetadataError, match=message):
            finishes_within(LIMIT, fetch_crossref, doi)
        ref = Reference.objects.create(doi=doi, title="Kept")
        result = reference_fetch_metadata.delay(ref.pk).get()
    ref.refresh_from_db()
    assert result["ok"] is False
    assert (ref.metadata_status, ref.title, ref.year) == ("failed", "Kept", None)
    assert ref.metadata_message.startswith(f"Crossref's answer has an impossible date: {message}")


@pytest.mark.django_db
def test_an_answer_the_code_does_not_foresee_still_ends_in_a_failed_fetch(settings):
    # An author's family name that is an object, not a string.
    routes = {"/works/10.1000/odd": _crossref(author=[{"family": {"name": "Lee"}}])}
    with api_server(routes=routes) as base:
        settings.CROSSREF_API_BASE_URL = base
        ref = Reference.objects.create(doi="10.1000/odd", title="Kept")
        result = reference_fetch_metadata.delay(ref.pk).get()
    ref.refresh_from_db()
    assert result["ok"] is False
    assert (ref.metadata_status, ref.title) == ("failed", "Kept")
    assert ref.metadata_message == "Fetching failed (AttributeError); nothing was changed."
