import codecs

import pytest
from wagtail.models import ModelLogEntry

from portal.references.models import Reference, ReferenceImport
from portal.references.services import reference_import_file
from tests.references.helpers import expected_lines, fixture_bytes

pytestmark = pytest.mark.django_db

TREASURE = ["treasure.pubmed.xml", "treasure.ris", "treasure.bib", "treasure.csl.json"]


def _import(data: bytes, filename: str, fmt=None):
    return reference_import_file(data=data, filename=filename, fmt=fmt)


def test_four_treasure_files_give_one_reference_and_a_second_round_changes_nothing():
    reports = [_import(fixture_bytes(name), name) for name in TREASURE]
    assert [r.counts()["created"] for r in reports] == [1, 0, 0, 0]
    assert all(r.counts()["skipped"] == 0 and r.counts()["conflicts"] == 0 for r in reports)
    assert Reference.objects.count() == 1
    ref = Reference.objects.get()
    before = ref.updated_at
    assert ref.nlm_citation() == expected_lines()["treasure.pubmed.xml"]

    again = [_import(fixture_bytes(name), name) for name in TREASURE]
    assert all(r.counts() == {**r.counts(), "created": 0, "updated": 0, "skipped": 0} for r in again)
    assert sum(len(r.unchanged) for r in again) == 4
    ref.refresh_from_db()
    assert ref.updated_at == before
    assert ReferenceImport.objects.count() == 8
    assert ModelLogEntry.objects.filter(action="references.import_file").count() == 8


def test_wagenaar_csl_and_nlm_give_the_expected_line_and_one_record():
    csl = _import(fixture_bytes("wagenaar2025.csl.json"), "wagenaar2025.csl.json")
    nlm = _import(fixture_bytes("wagenaar2025.nlm.txt"), "wagenaar2025.nlm.txt")
    assert len(csl.created) == 1
    assert len(nlm.unchanged) == 1 and nlm.conflicts == []
    ref = Reference.objects.get()
    assert ref.nlm_citation() == expected_lines()["wagenaar2025.csl.json"]


def test_format_detected_from_content_without_extension():
    report = _import(fixture_bytes("treasure.ris"), "export")
    assert report.format == "ris"
    assert len(report.created) == 1


def test_utf8_bom_and_gb18030_files_are_read():
    line = "王 X, 李 Y. 间充质干细胞治疗缺血性卒中的研究. Chin J Neurol. 2021;54(3):200-205. PMID: 11111111."
    assert len(_import(codecs.BOM_UTF8 + line.encode("utf-8"), "a.txt").created) == 1
    line2 = line.replace("11111111", "22222222")
    report = _import(line2.encode("gb18030"), "b.txt")
    assert len(report.created) == 1
    assert Reference.objects.get(pmid="22222222").title == "间充质干细胞治疗缺血性卒中的研究"


def test_wrong_encoding_is_refused_with_a_reason():
    report = _import("TY  - JOUR\r\n".encode("utf-16"), "x.ris")
    assert "UTF-16" in report.error
    assert report.nothing_read
    assert Reference.objects.count() == 0
    assert ReferenceImport.objects.get().summary["error"] == report.error


def test_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    report = _import(fixture_bytes("treasure.ris"), "treasure.ris")
    assert "limit is 100 bytes" in report.error
    assert Reference.objects.count() == 0


def test_malformed_xml_reports_the_line():
    report = _import(b"<PubmedArticleSet>\n<PubmedArticle>\n</PubmedArticleSet>", "bad.xml")
    assert "malformed at line 3" in report.error


def test_xml_external_entity_is_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    ).encode()
    report = _import(data, "evil.xml")
    assert "refused" in report.error
    assert not Reference.objects.filter(title__contains="TOP-SECRET").exists()


def test_broken_ris_record_is_skipped_and_the_rest_imported():
    good = fixture_bytes("treasure.ris").decode()
    broken = "TY  - JOUR\r\nTI  - A record without its end\r\nAU  - Doe, Jane\r\n"
    report = _import((good + "\r\n" + broken).encode(), "mixed.ris")
    assert len(report.created) == 1
    assert len(report.skipped) == 1
    first_line_of_broken = good.count("\n") + 2  # after the good record and one blank line
    assert report.skipped[0].location == f"line {first_line_of_broken}"
    assert "no ER line" in report.skipped[0].reason


def test_not_ris_at_all():
    report = _import(b"hello\nworld\n", "notes.ris")
    assert "not an RIS file" in report.error


def test_bibtex_entry_without_title_is_skipped_with_its_line():
    text = (
        "@article{a,\n  author = {Doe, Jane},\n  year = {2020},\n  doi = {10.1000/notitle}\n}\n\n"
        + fixture_bytes("treasure.bib").decode()
    )
    report = _import(text.encode(), "refs.bib")
    assert len(report.created) == 1
    assert report.skipped[0].location == "line 1"
    assert "no title" in report.skipped[0].reason


def test_invalid_doi_is_skipped_with_a_reason():
    data = b'[{"type": "article-journal", "title": "X", "DOI": "not-a-doi"}, {"title": "Y", "PMID": "5"}]'
    report = _import(data, "refs.json")
    assert [item.location for item in report.skipped] == ["record 1"]
    assert "is not a DOI" in report.skipped[0].reason
    assert Reference.objects.get().title == "Y"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'"just a string"', "must be an object or a list"),
        (b"42", "must be an object or a list"),
        (b"[1, 2", "malformed at line 1"),
    ],
)
def test_csl_json_that_is_not_a_list_or_object(data, message):
    report = _import(data, "refs.json")
    assert message in report.error


def test_csl_json_single_object_and_non_object_items():
    report = _import(b'[{"title": "One", "PMID": "7"}, "two"]', "refs.json")
    assert len(report.created) == 1
    assert report.skipped[0].reason == "The record is not a JSON object."
    single = _import(b'{"title": "Alone", "PMID": "8"}', "one.json")
    assert len(single.created) == 1


def test_conflicts_are_listed_in_the_report():
    _import(fixture_bytes("treasure.ris"), "treasure.ris")
    changed = fixture_bytes("treasure.csl.json").replace(b'"volume": "81"', b'"volume": "82"')
    report = _import(changed, "changed.json")
    assert len(report.conflicts) == 1
    assert report.conflicts[0].conflicts == {"volume": ("81", "82")}
    assert Reference.objects.get().volume == "81"
    assert "1 with differences" in report.summary()


def test_import_logs_at_info_level(caplog):
    import logging

    # A LogRecord refuses extra keys such as "created": this only shows once INFO is on.
    with caplog.at_level(logging.INFO):
        reference_import_file(data=fixture_bytes("treasure.ris"), filename="treasure.ris")
        reference_import_file(data=fixture_bytes("treasure.csl.json"), filename="t.json")
        reference_import_file(data=b"x", filename="bad.xml")
    messages = [record.getMessage() for record in caplog.records]
    assert "references imported" in messages
    assert "reference created" in messages
    assert "reference matched" in messages
