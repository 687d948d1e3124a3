"""Reference parsers, one module per format. Each `parse(text) -> ParseResult`
returns the entries it could read (model field values) and, for each entry it
could not, the record or line number and why (bounds.py: impossible years and
dates). File-level problems (too big, more entries than IMPORT_MAX_ENTRIES, wrong
encoding, not that format at all) raise ImportFileError. Every parser is linear in
its input: crafted files must not hold a web worker (tests/references/test_adversarial.py)."""

from django.utils.translation import gettext_lazy as _

from portal.references.parsers import bibtex, csljson, nlm, pubmed, ris
from portal.references.parsers.common import (
    EntryError,
    ImportFileError,
    ParsedEntry,
    ParseResult,
    decode,
)
from portal.references.parsers.nlm import NLMParseError, parse_nlm_citation

FORMATS = {
    "pubmed": pubmed.parse,
    "ris": ris.parse,
    "bibtex": bibtex.parse,
    "csljson": csljson.parse,
    "nlm": nlm.parse,
}
FORMAT_LABELS = {
    "pubmed": _("PubMed XML"),
    "ris": _("RIS"),
    "bibtex": _("BibTeX"),
    "csljson": _("CSL-JSON"),
    "nlm": _("NLM citations (one per line)"),
}
_EXTENSIONS = {
    ".xml": "pubmed",
    ".ris": "ris",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".json": "csljson",
    ".txt": "nlm",
    ".nlm": "nlm",
}


def detect_format(filename: str, text: str) -> str:
    """The format named by the extension, else guessed from the content."""
    name = (filename or "").lower()
    for extension, fmt in _EXTENSIONS.items():
        if name.endswith(extension):
            if fmt == "nlm" and text.lstrip().startswith("TY  -"):
                return "ris"
            return fmt
    head = text.lstrip()[:2000]
    if head.startswith("<"):
        return "pubmed"
    if head.startswith(("[", "{")):
        return "csljson"
    if head.startswith("TY  -"):
        return "ris"
    if head.startswith("@") or "\n@" in head:
        return "bibtex"
    if "PMID:" in head or "doi:" in head:
        return "nlm"
    raise ImportFileError(
        _("Could not tell the file's format; choose it (PubMed XML, RIS, BibTeX, CSL-JSON or NLM).")
    )


def parse_bytes(data: bytes, *, filename: str = "", fmt: str | None = None) -> tuple[str, ParseResult]:
    """Decode (size limit, UTF-8/GB18030), pick the format, parse."""
    text = decode(data)
    if fmt and fmt not in FORMATS:
        raise ImportFileError(_("Unknown format “%(format)s”.") % {"format": fmt})
    fmt = fmt or detect_format(filename, text)
    return fmt, FORMATS[fmt](text)


__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "EntryError",
    "ImportFileError",
    "NLMParseError",
    "ParseResult",
    "ParsedEntry",
    "decode",
    "detect_format",
    "parse_bytes",
    "parse_nlm_citation",
]
