"""Bytes -> text: UTF-8 (with or without BOM), else GB18030, within a size limit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from articles.importer.document import Problem, lazy_format

_lazy_size = lazy(filesizeformat, str)
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Control characters other than tab/newline/carriage return/form feed mean the
# bytes are not text in the encoding we tried (or not text at all).
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


@dataclass
class Decoded:
    text: str = ""
    encoding: str = ""
    errors: list[Problem] = field(default_factory=list)


def max_import_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _looks_like_text(text: str) -> bool:
    return not any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in text)


def decode_article(data: bytes) -> Decoded:
    limit = max_import_bytes()
    if len(data) > limit:
        return Decoded(
            errors=[
                Problem(
                    "too_large",
                    lazy_format(
                        _("The file is %(size)s; the limit is %(limit)s."),
                        {"size": _lazy_size(len(data)), "limit": _lazy_size(limit)},
                    ),
                )
            ]
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return Decoded(text=text, encoding=encoding)
    return Decoded(
        errors=[
            Problem(
                "unreadable",
                _("The file could not be read as text: save it as UTF-8 or GB18030 plain text."),
            )
        ]
    )
