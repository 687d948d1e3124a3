"""PubMed efetch XML (PubmedArticleSet), parsed without fetching the DTD or
expanding any entity (defusedxml refuses entity declarations)."""

import datetime
import re

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext_lazy as _

from portal.references.parsers.bounds import check_entry_count, checked_date, checked_year
from portal.references.parsers.common import (
    ImportFileError,
    ParseResult,
    clean_pages,
    clean_title,
    join_pages,
    month_number,
    person,
    record_location,
    to_int,
)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _text(element) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def parse_tree(text: str):
    """The root element; ImportFileError for malformed XML or entity declarations."""
    # The text is already decoded: drop the declaration so its encoding= is not re-applied.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return SafeET.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFileError(
            _("The XML declares entities or external references, which are refused for safety.")
        ) from exc
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportFileError(
            _("The XML is malformed at line %(line)d, column %(column)d.") % {"line": line, "column": column}
        ) from exc


def _pub_date(journal_issue) -> tuple:
    """(year, month, day, season) of <PubDate>."""
    date = journal_issue.find("PubDate") if journal_issue is not None else None
    if date is None:
        return None, None, None, ""
    year = to_int(_text(date.find("Year")))
    month = month_number(_text(date.find("Month")))
    day = to_int(_text(date.find("Day")))
    season = _text(date.find("Season"))
    if year is None:  # <MedlineDate>2023 Nov-Dec</MedlineDate>
        match = re.match(r"(\d{4})(?:\s+(.+))?", _text(date.find("MedlineDate")))
        if match:
            year, rest = int(match.group(1)), (match.group(2) or "").strip()
            month, day, season = (month_number(rest), None, "") if month_number(rest) else (None, None, rest)
    if season:
        month = day = None
    return checked_year(year), month, day if month else None, season


def _epub_date(article) -> datetime.date | None:
    for node in article.findall("ArticleDate"):
        if node.get("DateType", "Electronic") == "Electronic":
            return checked_date(
                to_int(_text(node.find("Year"))),
                to_int(_text(node.find("Month"))),
                to_int(_text(node.find("Day"))),
            )
    return None


def article_fields(element) -> dict:
    """Fields of one <PubmedArticle>."""
    citation = element.find("MedlineCitation")
    if citation is None:
        raise ValueError(_("The record has no MedlineCitation."))
    article = citation.find("Article")
    if article is None:
        raise ValueError(_("The record has no Article."))
    journal = article.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    year, month, day, season = _pub_date(issue)

    authors, groups = [], []
    for node in article.findall("AuthorList/Author"):
        collective = _text(node.find("CollectiveName"))
        if collective:
            groups.append(collective)
        elif _text(node.find("LastName")):
            authors.append(
                person(
                    _text(node.find("LastName")), _text(node.find("ForeName")), _text(node.find("Initials"))
                )
            )

    ids = {node.get("IdType"): _text(node) for node in element.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = ids.get("doi", "")
    if not doi:
        for node in article.findall("ELocationID"):
            if node.get("EIdType") == "doi":
                doi = _text(node)
    pagination = article.find("Pagination")
    pages = _text(pagination.find("MedlinePgn")) if pagination is not None else ""
    if not pages and pagination is not None:
        pages = join_pages(_text(pagination.find("StartPage")), _text(pagination.find("EndPage")))

    fields = {
        "kind": "article",
        "authors": authors,
        "group_author": "; ".join(groups),
        "title": clean_title(_text(article.find("ArticleTitle"))),
        "journal": _text(journal.find("Title")) if journal is not None else "",
        "journal_abbreviation": (_text(journal.find("ISOAbbreviation")) if journal is not None else "")
        or _text(citation.find("MedlineJournalInfo/MedlineTA")),
        "year": year,
        "month": month,
        "day": day,
        "season": season,
        "epub_date": _epub_date(article),
        "volume": _text(issue.find("Volume")) if issue is not None else "",
        "issue": _text(issue.find("Issue")) if issue is not None else "",
        "pages": clean_pages(pages),
        "doi": doi,
        "pmid": _text(citation.find("PMID")) or ids.get("pubmed", ""),
        "pmcid": ids.get("pmc", ""),
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def parse(text: str) -> ParseResult:
    root = parse_tree(text)
    if root.tag not in ("PubmedArticleSet", "PubmedArticle"):
        raise ImportFileError(_("This XML is not a PubMed efetch result (no PubmedArticleSet)."))
    result = ParseResult()
    records = [root] if root.tag == "PubmedArticle" else list(root)
    check_entry_count(len(records))
    number = 0
    for element in records:
        if not isinstance(element.tag, str) or element.tag == "DeleteCitation":
            continue
        number += 1
        location = record_location(number)
        if element.tag != "PubmedArticle":
            result.fail(
                _("<%(tag)s> records are not supported; only PubmedArticle.") % {"tag": element.tag},
                number=number,
                location=location,
            )
            continue
        try:
            result.add(article_fields(element), number=number, location=location)
        except ValueError as exc:
            result.fail(exc, number=number, location=location)
    if not number:
        raise ImportFileError(_("The PubMed XML holds no articles."))
    return result
