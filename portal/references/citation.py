"""The PubMed "NLM" citation string and the links of a reference (SPEC 2.D).

The samples in tests/fixtures/references/expected.txt pin the exact format:
authors "Family Initials" joined by ", ", "; Group", title with one final
period, ISO abbreviation, "YYYY Mon D;Vol(Issue):Pages.", " doi: ...",
" Epub YYYY Mon D.", " PMID: n; PMCID: PMCn.". Month names are English in
every language, as PubMed writes them.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from portal.references.parsers.common import MONTHS


def format_date(year, month=None, day=None, season: str = "") -> str:
    if not year:
        return ""
    text = str(year)
    if season:
        return f"{text} {season}"
    if month:
        text += f" {MONTHS[int(month) - 1]}"
        if day:
            text += f" {int(day)}"
    return text


def format_full_date(value: datetime.date | None) -> str:
    return format_date(value.year, value.month, value.day) if value else ""


def _end(text: str) -> str:
    """End a sentence with one period (titles ending in ? or ! keep theirs)."""
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else text + "."


def author_list(reference) -> str:
    people = []
    for author in reference.authors or []:
        family = (author.get("family") or "").strip()
        initials = (author.get("initials") or "").strip()
        if family:
            people.append(f"{family} {initials}".strip())
    text = ", ".join(people)
    if reference.group_author:
        text = f"{text}; {reference.group_author}" if text else reference.group_author
    return text


def _identifiers(reference) -> list[str]:
    parts = []
    if reference.doi:
        parts.append(f"doi: {reference.doi}.")
    if reference.epub_date:
        parts.append(f"Epub {format_full_date(reference.epub_date)}.")
    if reference.pmid:
        ids = f"PMID: {reference.pmid}"
        if reference.pmcid:
            ids += f"; PMCID: {reference.pmcid}"
        parts.append(ids + ".")
    elif reference.pmcid:
        parts.append(f"PMCID: {reference.pmcid}.")
    return parts


def _article_source(reference) -> str:
    journal = reference.journal_abbreviation or reference.journal
    date = format_date(reference.year, reference.month, reference.day, reference.season)
    source = ""
    if reference.volume:
        source += f";{reference.volume}"
        if reference.issue:
            source += f"({reference.issue})"
    elif reference.issue:
        source += f";({reference.issue})"
    if reference.pages:
        source += f":{reference.pages}"
    parts = []
    if journal:
        parts.append(_end(journal))
    if date or source:
        parts.append(_end(f"{date}{source}".lstrip(";:")))
    return " ".join(parts)


def nlm_citation(reference) -> str:
    Kind = type(reference).Kind
    if reference.kind == Kind.PLAIN:
        return (reference.plain_text or "").strip()

    parts = []
    authors = author_list(reference)
    if authors:
        parts.append(_end(authors))
    title = (reference.title or "").strip()
    date = format_date(reference.year, reference.month, reference.day, reference.season)

    if reference.kind == Kind.WEB:
        # Citing Medicine, ch. 25: Title [Internet]. Publisher; date [cited YYYY Mon D]. Available from: URL
        # Without a title (until the link checker finds one) the URL is the name.
        name = title.rstrip(".") or reference.url
        if name:
            parts.append(f"{name} [Internet].")
        place = "; ".join(p for p in (reference.publisher, date) if p)
        cited = f"[cited {format_full_date(reference.accessed)}]" if reference.accessed else ""
        tail = " ".join(p for p in (place, cited) if p)
        if tail:
            parts.append(_end(tail))
        if reference.url and title:
            parts.append(f"Available from: {reference.url}")
        parts.extend(_identifiers(reference))
        return " ".join(parts)

    if reference.kind == Kind.CHAPTER:
        parts.append(_end(title))
        if reference.journal:
            parts.append(f"In: {_end(reference.journal)}")
        parts.append(_end("; ".join(p for p in (reference.publisher, date) if p)))
        if reference.pages:
            parts.append(f"p. {_end(reference.pages)}")
    elif reference.kind in (Kind.BOOK, Kind.REPORT):
        parts.append(_end(title))
        parts.append(_end("; ".join(p for p in (reference.publisher, date) if p)))
    elif reference.kind == Kind.PREPRINT:
        parts.append(_end(title))
        journal = reference.journal_abbreviation or reference.journal
        if journal:
            parts.append(f"{journal} [Preprint].")
        parts.append(_end(date))
    else:
        parts.append(_end(title))
        parts.append(_article_source(reference))

    parts.extend(_identifiers(reference))
    if reference.url and not (reference.doi or reference.pmid or reference.pmcid):
        parts.append(f"Available from: {reference.url}")
    return " ".join(p for p in parts if p)


def links(reference) -> list[dict]:
    result = []
    if reference.doi:
        result.append({"label": _("DOI"), "url": f"https://doi.org/{reference.doi}"})
    if reference.pmid:
        result.append({"label": _("PubMed"), "url": f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"})
    if reference.pmcid:
        result.append(
            {"label": _("PMC full text"), "url": f"https://pmc.ncbi.nlm.nih.gov/articles/{reference.pmcid}/"}
        )
    if reference.url:
        result.append({"label": _("Web page"), "url": reference.url})
    return result
