import datetime

import pytest
from django.template.loader import render_to_string

from portal.references.models import Reference
from portal.references.parsers import parse_bytes, parse_nlm_citation
from portal.references.services import reference_upsert
from tests.references.factories import ReferenceFactory
from tests.references.helpers import expected_lines, fixture_bytes

EXPECTED = expected_lines()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_renders_the_expected_nlm_string(db, name):
    fmt, parsed = parse_bytes(fixture_bytes(name), filename=name)
    assert parsed.errors == []
    assert len(parsed.entries) == 1
    result = reference_upsert(fields=parsed.entries[0].fields, source=name)
    result.reference.refresh_from_db()
    assert result.reference.nlm_citation() == EXPECTED[name]


def test_pasted_nlm_string_round_trips():
    line = fixture_bytes("wagenaar2025.nlm.txt").decode().strip()
    fields = parse_nlm_citation(line)
    assert fields["authors"][2] == {"family": "van der Aa", "given": "", "initials": "NE"}
    assert fields["epub_date"] == datetime.date(2025, 7, 14)
    assert Reference(**fields).nlm_citation() == line


def test_nlm_string_with_group_author_and_pmcid_round_trips():
    line = EXPECTED["treasure.pubmed.xml"]
    fields = parse_nlm_citation(line)
    assert fields["group_author"] == "TREASURE Study Investigators"
    assert fields["pmcid"] == "PMC10792497"
    assert Reference(**fields).nlm_citation() == line


def test_title_ending_in_question_mark_gets_no_extra_period():
    ref = ReferenceFactory.build(title="Do stem cells help after stroke?", pmid="123")
    assert "Do stem cells help after stroke? J Ex Neurol. 2023 May;12(3):101-110. PMID: 123." in (
        ref.nlm_citation()
    )


def test_group_author_alone():
    ref = ReferenceFactory.build(authors=[], group_author="Stroke Cell Consortium")
    assert ref.nlm_citation().startswith("Stroke Cell Consortium. Cell therapy")


def test_web_page_shows_url_and_access_date():
    ref = Reference(
        kind=Reference.Kind.WEB,
        group_author="National Stroke Association",
        title="Living after stroke",
        publisher="National Stroke Association",
        year=2024,
        url="https://example.org/after-stroke",
        accessed=datetime.date(2025, 3, 9),
    )
    assert ref.nlm_citation() == (
        "National Stroke Association. Living after stroke [Internet]. National Stroke Association; 2024 "
        "[cited 2025 Mar 9]. Available from: https://example.org/after-stroke"
    )


def test_plain_reference_is_shown_as_written():
    ref = Reference(kind=Reference.Kind.PLAIN, plain_text="王明. 干细胞与卒中. 北京: 医学出版社; 2020.")
    assert ref.nlm_citation() == "王明. 干细胞与卒中. 北京: 医学出版社; 2020."


def test_links():
    ref = Reference(doi="10.1001/x.1", pmid="38227308", pmcid="PMC10792497", url="https://example.org/a")
    assert [link["url"] for link in ref.links()] == [
        "https://doi.org/10.1001/x.1",
        "https://pubmed.ncbi.nlm.nih.gov/38227308/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10792497/",
        "https://example.org/a",
    ]
    assert [str(link["label"]) for link in ref.links()][:2] == ["DOI", "PubMed"]


def test_component_template_renders_citation_and_links(db):
    ref = ReferenceFactory(doi="10.1000/demo.1", pmid="999", note_zh_hans="这项研究……")
    html = render_to_string("components/references/reference.html", {"reference": ref})
    assert ref.nlm_citation() in html
    assert 'href="https://doi.org/10.1000/demo.1" rel="noopener"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/999/" rel="noopener"' in html
    assert "这项研究" in html
    assert "<li" not in html


@pytest.mark.parametrize(
    "line",
    [
        "Lee A. Does it work? Stroke. 2020;51(Suppl 1):A100.",
        "Stem Cell Group. Consensus on cell therapy. Lancet Neurol. 2019 Mar;18(3):300-301.",
        "Smith J, Doe A. A study. N Engl J Med. 2023 Oct;389(21):1950-1960. doi: 10.1056/NEJMoa2300000. "
        "Epub 2023 Oct 5. PMID: 37000000; PMCID: PMC1234567.",
        "Houkin K. Early online. JAMA Neurol. 2024 Jan 16:e235200. doi: 10.1001/jamaneurol.2023.5200. "
        "PMID: 1.",
    ],
)
def test_nlm_variants_round_trip(line):
    assert Reference(**parse_nlm_citation(line)).nlm_citation() == line


def test_nlm_numbering_and_ahead_of_print_are_dropped():
    fields = parse_nlm_citation(
        "[3] Smith J. Title here. J Foo. 2024 Jan 2:e1. Epub ahead of print. PMID: 9."
    )
    assert Reference(**fields).nlm_citation() == "Smith J. Title here. J Foo. 2024 Jan 2:e1. PMID: 9."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "empty"),
        ("Just some words without structure", "No author list"),
        ("Smith J. A title without a journal or date.", "journal and date"),
        ("Lee A. Bad epub. Stroke. 2020;51:1. Epub 2020 Feb 30.", "not a real date"),
    ],
)
def test_nlm_parse_errors_are_clear(line, message):
    from portal.references.parsers import NLMParseError

    with pytest.raises(NLMParseError, match=message):
        parse_nlm_citation(line)


def test_month_range_round_trips_through_nlm_pubmed_and_csl():
    line = "Kim B. Cells after stroke. Cell Transplant. 2021 Nov-Dec;30(6):1-9. PMID: 5."
    fields = parse_nlm_citation(line)
    assert fields["season"] == "Nov-Dec"
    assert Reference(**fields).nlm_citation() == line

    xml = (
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article><Journal>"
        b"<JournalIssue><Volume>30</Volume><Issue>6</Issue><PubDate><MedlineDate>2021 Nov-Dec</MedlineDate>"
        b"</PubDate></JournalIssue><ISOAbbreviation>Cell Transplant</ISOAbbreviation></Journal>"
        b"<ArticleTitle>Cells after stroke.</ArticleTitle>"
        b"<Pagination><MedlinePgn>1-9</MedlinePgn></Pagination>"
        b"<AuthorList><Author><LastName>Kim</LastName><ForeName>Bo</ForeName><Initials>B</Initials></Author>"
        b"</AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    _fmt, parsed = parse_bytes(xml, filename="x.xml")
    assert Reference(**parsed.entries[0].fields).nlm_citation() == line

    csl = (
        b'[{"type": "article-journal", "title": "Cells after stroke",'
        b' "author": [{"family": "Kim", "given": "Bo"}],'
        b' "container-title-short": "Cell Transplant", "volume": "30", "issue": "6", "page": "1-9",'
        b' "issued": {"date-parts": [[2021, 11], [2021, 12]]}, "PMID": "5"}]'
    )
    _fmt, parsed = parse_bytes(csl, filename="x.json")
    assert Reference(**parsed.entries[0].fields).nlm_citation() == line
