"""Collection: every link of the registered content, into `Link` and `LinkUsage` rows.

A full collection rebuilds the usages of every registered object and drops the links
used nowhere; collecting one object (after a publish) replaces only its usages.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from modeltranslation.translator import NotRegistered, translator
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal.linkchecker import registry
from portal.linkchecker.models import Link, LinkUsage
from portal.linkchecker.registry import Found

CHECKED_SCHEMES = ("http", "https")
# Links that are not web addresses (mail, phone, in-page anchors) are not collected.
COLLECTED_SCHEMES = (*CHECKED_SCHEMES, "ftp")
DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
BARE_URL = re.compile(r"https?://[^\s<>\"'，。；）]{1,1990}")
PAGE_PREFIX = "page:"
DOCUMENT_PREFIX = "document:"


def normalise(url: str) -> str | None:
    """One spelling per URL: scheme and host in lower case, no default port, no fragment.
    None for what is not an absolute web address."""
    url = (url or "").strip()
    if len(url) > 2000:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in COLLECTED_SCHEMES or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    if url.startswith((PAGE_PREFIX, DOCUMENT_PREFIX)):
        return ""
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]


class _RichTextLinks(HTMLParser):
    """Links in Wagtail's stored rich text: `<a href>`, `<a linktype="page" id>`,
    `<a linktype="document" id>`, and media embeds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            kind = attrs.get("linktype")
            if kind in ("page", "document") and (attrs.get("id") or "").isdecimal():
                self.found.append(f"{kind}:{attrs['id']}")
            elif attrs.get("href"):
                self.found.append(attrs["href"])
        elif tag == "embed" and attrs.get("embedtype") == "media" and attrs.get("url"):
            self.found.append(attrs["url"])


def rich_text_links(html: str) -> list[str]:
    parser = _RichTextLinks()
    parser.feed(html or "")
    parser.close()
    return parser.found


def block_links(block: blocks.Block, raw) -> Iterator[str]:
    """Every link in a StreamField's stored JSON, whatever the nesting. The stored form,
    not the Python value: a chooser whose page or document was deleted still holds its
    ID there (the value would be None), and no chosen object is loaded."""
    if raw is None or raw == "":
        return
    if isinstance(block, blocks.RichTextBlock | blocks.RawHTMLBlock):
        yield from rich_text_links(str(raw))
    elif isinstance(block, blocks.URLBlock | EmbedBlock):
        yield str(raw)  # an embed is stored as its URL
    elif isinstance(block, blocks.PageChooserBlock | DocumentChooserBlock):
        prefix = PAGE_PREFIX if isinstance(block, blocks.PageChooserBlock) else DOCUMENT_PREFIX
        if str(raw).isdecimal():
            yield f"{prefix}{raw}"
    elif isinstance(block, TableBlock):
        for row in raw.get("data") or []:
            for cell in row or []:
                if isinstance(cell, str):
                    yield from BARE_URL.findall(cell)
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from block_links(child_block, child.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from block_links(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            in_block_format = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from block_links(block.child_block, item["value"] if in_block_format else item)


def _translated_fields(model) -> dict[str, tuple[str, str]]:
    """{"body_zh_hans": ("body", "zh-hans"), ...} for a model translated by modeltranslation."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        field.name: (original, field.language)
        for original, translated in options.all_fields.items()
        for field in translated
    }


def object_links(obj: models.Model) -> Iterator[Found]:
    """Every link of one object: its URL fields, rich text and StreamFields, in every language."""
    translated = _translated_fields(type(obj))
    originals = {original for original, _language in translated.values()}
    fields = type(obj)._meta.concrete_fields
    if isinstance(obj, Page):
        own = {field.name for field in Page._meta.concrete_fields}
        fields = [field for field in fields if field.name not in own]
    for field in fields:
        if field.name in originals:
            continue  # its language columns are walked instead
        name, language = translated.get(field.name, (field.name, ""))
        value = getattr(obj, field.attname)
        if isinstance(field, models.URLField):
            urls = [value] if value else []
        elif isinstance(field, RichTextField):
            urls = rich_text_links(value)
        elif isinstance(field, StreamField):
            urls = list(block_links(field.stream_block, list(value.raw_data) if value else []))
        else:
            continue
        for url in urls:
            yield Found(url, name, language)
    source = registry.source_for(obj._meta.label)
    if source and source.extra_links:
        yield from source.extra_links(obj)


@dataclass(frozen=True)
class Usage:
    url: str
    content_type_id: int
    object_id: str
    object_label: str
    field: str
    language: str


def _key(url: str) -> tuple[str, str, int | None]:
    """(stored URL, kind, target ID) of a found link, or None when it is not collected."""
    for prefix, kind in ((PAGE_PREFIX, Link.Kind.PAGE), (DOCUMENT_PREFIX, Link.Kind.DOCUMENT)):
        if url.startswith(prefix):
            return url, kind, int(url.removeprefix(prefix))
    normal = normalise(url)
    return (normal, Link.Kind.EXTERNAL, None) if normal else None


def usages_of(obj: models.Model) -> Iterator[tuple[tuple, Usage]]:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    source = registry.source_for(obj._meta.label)
    label = (source.describe(obj) if source else str(obj))[:500]
    for found in object_links(obj):
        key = _key(found.url)
        if key:
            yield key, Usage(key[0], content_type.pk, str(obj.pk), label, found.field, found.language)


def registered_objects() -> Iterator[models.Model]:
    for source in registry.sources():
        try:
            model = apps.get_model(source.label)
        except LookupError:
            continue  # an app not installed here
        queryset = model._default_manager.all()
        if issubclass(model, Page):
            queryset = model.objects.live() if source.live else model.objects.all()
            queryset = queryset.exact_type(model)  # a subclass is collected as itself
        yield from queryset.iterator(chunk_size=200)


@transaction.atomic
def store(found: Iterable[tuple[tuple, Usage]], *, replace: Iterable[tuple[int, str]] | None = None) -> int:
    """Write the links and usages found; `replace` lists the (content type, object ID)
    whose usages these are (None: all of them, a full collection). Links used nowhere
    afterwards are deleted. Answers the number of usages stored."""
    keys: dict[str, tuple] = {}
    usages: set[Usage] = set()
    for key, usage in found:
        keys[key[0]] = key
        usages.add(usage)
    Link.objects.bulk_create(
        [
            Link(url=url, kind=kind, target_id=target, host=host_of(url))
            for url, kind, target in keys.values()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    ids = {}
    urls = list(keys)
    for start in range(0, len(urls), 1000):
        ids.update(Link.objects.filter(url__in=urls[start : start + 1000]).values_list("url", "pk"))
    old = LinkUsage.objects.all()
    if replace is not None:
        scope = models.Q(pk__in=[])
        for content_type_id, object_id in replace:
            scope |= models.Q(content_type_id=content_type_id, object_id=object_id)
        old = old.filter(scope)
    existing = {
        (row[0], row[1], row[2], row[3], row[4]): (row[5], row[6])
        for row in old.values_list(
            "link_id", "content_type_id", "object_id", "field", "language", "pk", "object_label"
        )
    }
    wanted = {}
    for usage in usages:
        wanted[(ids[usage.url], usage.content_type_id, usage.object_id, usage.field, usage.language)] = usage
    stale = [pk for key, (pk, _label) in existing.items() if key not in wanted]
    for start in range(0, len(stale), 1000):
        LinkUsage.objects.filter(pk__in=stale[start : start + 1000]).delete()
    # A page or snippet renamed since: the report names it as it is now.
    renamed = [
        LinkUsage(pk=existing[key][0], object_label=usage.object_label)
        for key, usage in wanted.items()
        if key in existing and existing[key][1] != usage.object_label
    ]
    LinkUsage.objects.bulk_update(renamed, ["object_label"], batch_size=500)
    LinkUsage.objects.bulk_create(
        [
            LinkUsage(
                link_id=key[0],
                content_type_id=key[1],
                object_id=key[2],
                field=key[3],
                language=key[4],
                object_label=usage.object_label,
            )
            for key, usage in wanted.items()
            if key not in existing
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    Link.objects.filter(usages__isnull=True).delete()
    return len(wanted)


def collect_all() -> int:
    return store(item for obj in registered_objects() for item in usages_of(obj))


def collect_object(obj: models.Model) -> int:
    """Replace one object's usages (after a publish); an object no longer live has none."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    live = not isinstance(obj, Page) or obj.live
    return store(usages_of(obj) if live else [], replace=[(content_type.pk, str(obj.pk))])
