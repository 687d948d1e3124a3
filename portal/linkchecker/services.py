"""Writes of the link checker: collect, check and store, mute, fill references, digest."""

import datetime
import logging
from collections.abc import Callable
from urllib.parse import urljoin

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Page

from portal.linkchecker import collect
from portal.linkchecker.checker import Outcome, check_urls
from portal.linkchecker.models import CheckRun, Link, LinkUsage

logger = logging.getLogger(__name__)

IGNORE_ACTION = "linkchecker.ignore"
UNIGNORE_ACTION = "linkchecker.unignore"
SNOOZE_ACTION = "linkchecker.snooze"
FILL_ACTION = "linkchecker.fill_reference"
REFERENCE_LABEL = "references.Reference"
Progress = Callable[[int, int], None]


def links_collect() -> int:
    """Rebuild every usage from the live content; links used nowhere go. Answers the usage count."""
    return collect.collect_all()


def page_links_collect(*, page_id: int) -> list[int]:
    """Replace one page's usages; answers the IDs of its links."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    page = page.specific
    collect.collect_object(page)
    return list(
        LinkUsage.objects.filter(content_type_id=page.content_type_id, object_id=str(page.pk)).values_list(
            "link_id", flat=True
        )
    )


def _bare_reference_urls(links) -> set[str]:
    """URLs of links that a reference with nothing but a URL (no title yet) uses."""
    try:
        Reference = apps.get_model(REFERENCE_LABEL)
    except LookupError:
        return set()
    content_type = ContentType.objects.get_for_model(Reference)
    bare_ids = Reference.objects.filter(title="").exclude(url="").values_list("pk", flat=True)
    return set(
        LinkUsage.objects.filter(
            link__in=links, content_type=content_type, field="url", object_id__in=[str(pk) for pk in bare_ids]
        ).values_list("link__url", flat=True)
    )


def _page_outcome(link: Link) -> Outcome:
    page = Page.objects.filter(pk=link.target_id).first()
    if page is None:
        return Outcome(link.url, "broken", error=_("The page was deleted."))
    if not page.live:
        return Outcome(
            link.url, "broken", error=_("The page “%(title)s” is not published.") % {"title": page.title}
        )
    if page.get_view_restrictions().exists():
        return Outcome(
            link.url, "broken", error=_("The page “%(title)s” is private.") % {"title": page.title}
        )
    return Outcome(link.url, "ok")


def _document_outcome(link: Link) -> Outcome:
    document = get_document_model().objects.filter(pk=link.target_id).first()
    if document is None:
        return Outcome(link.url, "broken", error=_("The document was deleted."))
    if not document.file or not document.file.storage.exists(document.file.name):
        return Outcome(
            link.url, "broken", error=_("The file of “%(title)s” is missing.") % {"title": document.title}
        )
    return Outcome(link.url, "ok")


def _apply(link: Link, outcome: Outcome, now: datetime.datetime) -> bool:
    """Store one result; answers whether the link has just become broken.

    A failure is reported (status broken) only after LINKCHECKER_FAILURES_BEFORE_BROKEN
    consecutive failing runs; until then the link keeps its previous status."""
    link.last_checked = now
    link.status_code = outcome.status_code
    link.error = outcome.error
    link.final_url = outcome.final_url[:2000]
    link.redirect_chain = outcome.chain
    newly_broken = False
    if outcome.failed:
        link.consecutive_failures += 1
        link.first_failure = link.first_failure or now
        if (
            link.consecutive_failures >= settings.LINKCHECKER_FAILURES_BEFORE_BROKEN
            and link.status != Link.Status.BROKEN
        ):
            link.status = Link.Status.BROKEN
            link.broken_since = now
            newly_broken = True
    else:
        link.status = outcome.status
        link.consecutive_failures = 0
        link.first_failure = None
        link.broken_since = None
        if outcome.status in (Link.Status.OK, Link.Status.REDIRECTED):
            link.last_ok = now
            link.page_title = outcome.page_title or link.page_title
            link.site_name = outcome.site_name or link.site_name
    return newly_broken


STORED_FIELDS = [
    "last_checked", "status_code", "error", "final_url", "redirect_chain", "consecutive_failures",
    "first_failure", "status", "broken_since", "last_ok", "page_title", "site_name",
]  # fmt: skip


def links_check(
    *,
    links: models.QuerySet | None = None,
    scope: str = "all",
    force: bool = False,
    progress: Progress | None = None,
    send_digest: bool = True,
) -> CheckRun:
    """Check links (all of them by default) and store the results as one run.

    Ignored and snoozed links are skipped, and so, unless `force`, are links found OK
    within LINKCHECKER_OK_CACHE_SECONDS. A run that found links newly broken emails
    the digest."""
    run = CheckRun.objects.create(scope=scope[:200])
    links = Link.objects.all() if links is None else links
    if not force:
        links = links.due()
    links = list(links)
    external = [link for link in links if link.kind == Link.Kind.EXTERNAL]
    outcomes = check_urls(
        [link.url for link in external], want_title=_bare_reference_urls(external), progress=progress
    )
    now = timezone.now()
    for link in links:
        if link.kind == Link.Kind.PAGE:
            outcomes[link.url] = _page_outcome(link)
        elif link.kind == Link.Kind.DOCUMENT:
            outcomes[link.url] = _document_outcome(link)
    with transaction.atomic():
        for link in links:
            outcome = outcomes[link.url]
            run.newly_broken += _apply(link, outcome, now)
            run.checked += 1
            if link.status == Link.Status.BROKEN:
                run.broken += 1
            elif outcome.failed:
                run.failing += 1
            elif outcome.status == Link.Status.NOT_CHECKED:
                run.not_checked += 1
            else:
                run.ok += 1
        Link.objects.bulk_update(links, STORED_FIELDS, batch_size=500)
        references_fill(links=[link for link in links if link.page_title or link.site_name])
        run.finished_at = timezone.now()
        run.save()
    if send_digest and run.newly_broken:
        transaction.on_commit(lambda: links_digest_send(run=run))
    logger.info(
        "links checked",
        extra={
            "scope": scope,
            "checked": run.checked,
            "broken": run.broken,
            "newly_broken": run.newly_broken,
        },
    )
    return run


def references_fill(*, links: list[Link]) -> int:
    """Fill the empty title, site name (publisher) and access date of references that
    are only a URL, from the page found at it; an editor's values are never replaced.
    Each filled reference gets a history entry saying the checker filled it."""
    if not links:
        return 0
    try:
        Reference = apps.get_model(REFERENCE_LABEL)
    except LookupError:
        return 0
    by_link = {link.pk: link for link in links}
    usages = LinkUsage.objects.filter(
        link_id__in=by_link, content_type=ContentType.objects.get_for_model(Reference), field="url"
    )
    filled = 0
    for usage in usages:
        link = by_link[usage.link_id]
        reference = Reference.objects.filter(pk=usage.object_id, title="").first()
        if reference is None or not link.last_ok:
            continue
        changes = {}
        if link.page_title:
            changes["title"] = link.page_title
        if link.site_name and not reference.publisher:
            changes["publisher"] = link.site_name
        if not reference.accessed:
            changes["accessed"] = timezone.localdate(link.last_ok)
        if "title" not in changes:
            continue
        for name, value in changes.items():
            setattr(reference, name, value)
        reference.save(update_fields=[*changes, "updated_at"])
        log(
            instance=reference,
            action=FILL_ACTION,
            data={"fields": sorted(changes), "url": link.url},
        )
        filled += 1
    return filled


def link_set_ignored(*, link: Link, ignored: bool, user) -> Link:
    link.ignored = ignored
    link.save(update_fields=["ignored"])
    log(instance=link, action=IGNORE_ACTION if ignored else UNIGNORE_ACTION, user=user)
    return link


def link_snooze(*, link: Link, until: datetime.date | None, user) -> Link:
    link.snoozed_until = until
    link.save(update_fields=["snoozed_until"])
    log(instance=link, action=SNOOZE_ACTION, user=user, data={"until": until.isoformat() if until else None})
    return link


def digest_recipients() -> list[str]:
    """Active users who may see the report (editors and moderators by default), with an address."""
    permission = Permission.objects.get(content_type__app_label="linkchecker", codename="view_link")
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        models.Q(is_superuser=True)
        | models.Q(user_permissions=permission)
        | models.Q(groups__permissions=permission)
    )
    return sorted(set(users.values_list("email", flat=True)))


def links_digest_send(*, run: CheckRun) -> int:
    """Email the links that became broken in `run`; nothing when none did. Sent once per run."""
    newly = list(
        Link.objects.filter(status=Link.Status.BROKEN, broken_since__gte=run.started_at)
        .unmuted()
        .prefetch_related("usages")
    )
    recipients = digest_recipients()
    if not newly or not recipients or run.digest_sent:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "links": newly,
            "run": run,
            "report_url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("linkchecker_report")),
        }
        subject = render_to_string("emails/linkchecker/digest_subject.txt", context).strip()
        text = render_to_string("emails/linkchecker/digest.txt", context)
        html = render_to_string("emails/linkchecker/digest.html", context)
    messages = []
    for address in recipients:  # one message each: editors do not see each other's addresses
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    get_connection().send_messages(messages)
    CheckRun.objects.filter(pk=run.pk).update(digest_sent=True)
    return len(recipients)
