"""What an article page shows besides its fields: table of contents, reading
time, the numbered reference list with back-links, JSON-LD and share-card data."""

import json
import math
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles import citations
from portal.core.i18n.languages import bcp47

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 200


def body_text(body) -> str:
    """The visible text of a StreamField body (tags stripped), for counting."""
    raw = body.get_prep_value() if hasattr(body, "get_prep_value") else body
    return " ".join(strip_tags(text) for text in citations.strings_in(raw or []))


def reading_minutes(text: str) -> int:
    """Chinese is read by characters (~400/min), English by words (~200/min)."""
    cjk = len(CJK_RE.findall(text))
    words = len(WORD_RE.findall(CJK_RE.sub(" ", text)))
    minutes = cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.ceil(minutes)) if text.strip() else 0


def table_of_contents(body) -> list[dict]:
    """[{"id", "text", "level"}] for each heading block, ids matching the heading anchors."""
    entries = []
    for child in body:
        if child.block_type == "heading" and child.value.get("text"):
            entries.append({"id": child.id, "text": child.value["text"], "level": child.value["level"]})
    return entries


@dataclass
class ReferenceEntry:
    number: int
    reference: object
    backlinks: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass
class CitedBody:
    html: SafeString
    entries: list[ReferenceEntry]
    lead: SafeString = field(default_factory=SafeString)  # the lead blocks the body starts with


def render_cited_body(body, *, references: list, context) -> CitedBody:
    """Render every block with the page's context and link its citation markers.

    The `lead` blocks at the start of the body are rendered apart: the page shows
    them before its table of contents.
    """
    linker = citations.CitationLinker(len(references))
    lead, parts = [], []
    for child in body:
        # `block` is what the shared heading template reads its anchor id from.
        html = linker.link_html(str(child.render_as_block(context={**context, "block": child})))
        (lead if child.block_type == "lead" and not parts else parts).append(html)
    entries = [
        ReferenceEntry(number=number, reference=reference, backlinks=linker.backlinks(number))
        for number, reference in enumerate(references, start=1)
    ]
    # The block templates escape.
    return CitedBody(html=mark_safe("".join(parts)), entries=entries, lead=mark_safe("".join(lead)))  # noqa: S308


def _person(person) -> dict | None:
    """A Person, or an Organization for a team such as the editorial team."""
    if person is None:
        return None
    if person.is_organisation:
        data = {"@type": "Organization", "name": person.name}
        if person.credentials:
            data["description"] = person.credentials
        return data
    data = {"@type": "Person", "name": person.name}
    if person.credentials:
        data["jobTitle"] = person.credentials
    return data


def json_ld(
    *,
    page,
    request,
    language: str,
    references: list,
    authors: list,
    reviewer=None,
    image_url: str = "",
    publisher: dict | None = None,
) -> str:
    """schema.org MedicalWebPage, safe to put inside <script type="application/ld+json">."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": page.title,
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": bcp47(language),
        "datePublished": page.publish_date.isoformat() if page.publish_date else None,
        "dateModified": page.date_modified.isoformat(),
    }
    if page.summary:
        data["description"] = page.summary
    if image_url:
        data["image"] = image_url
    if publisher:
        data["publisher"] = publisher
    if authors:
        data["author"] = [_person(person) for person in authors]
    if reviewer is not None and page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
        data["reviewedBy"] = _person(reviewer)
    if references:
        data["citation"] = [reference.nlm_citation() for reference in references]
    data = {key: value for key, value in data.items() if value is not None}
    text = json.dumps(data, ensure_ascii=False, indent=None)
    # Nothing inside may close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with markup characters escaped
