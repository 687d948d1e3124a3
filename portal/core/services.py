"""Writes of the core app."""

import logging
from urllib.parse import urlsplit

from django.db import transaction
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import StreamValue
from wagtail.log_actions import log
from wagtail.models import Page, Site

from portal.core.i18n.chinese import PARTNER_SCRIPT
from portal.core.i18n.fallback import converted_value

logger = logging.getLogger(__name__)

FILL_SCRIPT_ACTION = "portal.fill_script"
_NOT_TEXT = {"slug", "url_path"}


def _is_empty(value) -> bool:
    if isinstance(value, StreamValue):
        return len(value) == 0
    return value in (None, "")


def translated_text_fields(model) -> list[str]:
    """Names of the model's translated fields that hold text (not slugs or paths)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return sorted(name for name in options.all_fields if name not in _NOT_TEXT)


def page_fill_script(*, page: Page, target: str, user) -> list[str]:
    """Fill the page's empty fields in `target` script (zh-hans or zh-hant) with the
    OpenCC conversion of the other script, as a new draft revision for the editor
    to check. Returns the names of the fields filled; fills nothing twice."""
    if target not in PARTNER_SCRIPT:
        raise ValueError(f"Not a Chinese script: {target}")
    source = PARTNER_SCRIPT[target]
    # Read afresh: the caller's instance may not know of revisions saved since it was loaded.
    draft = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
    filled = []
    for name in translated_text_fields(type(draft)):
        target_attr = build_localized_fieldname(name, target)
        source_value = getattr(draft, build_localized_fieldname(name, source))
        if _is_empty(getattr(draft, target_attr)) and not _is_empty(source_value):
            field = draft._meta.get_field(name)
            setattr(draft, target_attr, converted_value(source_value, field=field, to=target))
            filled.append(name)
    if not filled:
        return []
    with transaction.atomic():
        draft.save_revision(user=user, log_action=True)
        log(
            instance=draft,
            action=FILL_SCRIPT_ACTION,
            user=user,
            data={"target": target, "fields": filled},
        )
    logger.info(
        "filled empty fields from the other script",
        extra={"page_id": draft.pk, "target": target, "fields": filled},
    )
    return filled


DEFAULT_PORTS = {"http": 80, "https": 443}


def site_url_apply(*, url: str) -> Site:
    """Point the default Wagtail Site at the public URL (e.g. "https://example.org"):
    every absolute URL the site makes (sitemap, feeds, og:url, JSON-LD, review
    emails' page links) is built from its hostname and port."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"Not a site URL (expected e.g. https://example.org): {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"The site URL is a scheme, host and port only, without a path: {url!r}")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    # Wagtail's Site.root_url says https only for port 443, http for any other port.
    if parts.scheme == "https" and port != 443:
        raise ValueError(f"Wagtail sites serve https on port 443 only: {url!r}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValueError("There is no default Wagtail site yet (run migrate, then seed_demo or the admin).")
    if (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
        logger.info("site URL applied", extra={"site_id": site.pk, "root_url": site.root_url})
    return site
