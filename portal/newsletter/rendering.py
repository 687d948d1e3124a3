"""An issue as an email for one recipient: HTML with the CSS inlined (QQ Mail, 163 and
Outlook drop <style>), a plain-text part, List-Unsubscribe headers (RFC 8058) and a
Message-ID that is the same every time the same delivery is sent.

No tracking pixel, no link rewriting: links go straight to the site.
"""

from dataclasses import dataclass, field
from email.utils import parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from portal.core.i18n.chinese import PARTNER_SCRIPT, convert_text
from portal.core.models import SiteSettings
from portal.core.seo import site_name, site_root_url
from portal.newsletter import tokens
from portal.newsletter.models import Delivery, NewsletterIssue

_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def site_display_name() -> str:
    """The site's name as its pages' header shows it, in the active language."""
    return site_name(SiteSettings.objects.filter(site__is_default_site=True).first())


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def message_id(delivery_id: int, issue_id: int) -> str:
    """Stable per delivery: a message sent again after a killed worker is recognisably the same."""
    return f"<newsletter-{issue_id}-{delivery_id}@{mail_domain()}>"


def issue_field(issue: NewsletterIssue, name: str, language: str) -> str:
    return getattr(issue, build_localized_fieldname(name, language)) or ""


def content_language(issue: NewsletterIssue, language: str) -> tuple[str, str | None]:
    """(the language the email is written in, the script its text is converted from).

    The issue's own text when it has a subject in `language`; else the OpenCC
    conversion of the other Chinese script; else the default language."""
    if issue_field(issue, "subject", language):
        return language, None
    partner = PARTNER_SCRIPT.get(language)
    if partner and issue_field(issue, "subject", partner):
        return language, partner
    return settings.LANGUAGE_CODE, None


def is_fallback(issue: NewsletterIssue, language: str) -> bool:
    return not issue_field(issue, "subject", language)


# Stand-ins for the recipient's own links: an issue is rendered (and its CSS inlined) once
# per language, then each recipient's message gets their links in place of these.
UNSUBSCRIBE_MARK = "newsletter-unsubscribe-url-mark"
PREFERENCES_MARK = "newsletter-preferences-url-mark"


@dataclass
class IssueContent:
    """What every recipient in one language shares, built once per batch."""

    language: str
    subject: str
    intro: str
    items: list[dict]
    root_url: str
    site_name: str
    _parts: dict = field(default_factory=dict, repr=False)

    def parts(self, *, with_links: bool) -> tuple[str, str]:
        """(HTML with the CSS inlined, plain text), rendered once; `with_links` carries
        the marks that each recipient's links replace."""
        if with_links not in self._parts:
            context = {"content": self, "site_name": self.site_name}
            if with_links:
                context.update(unsubscribe_url=UNSUBSCRIBE_MARK, preferences_url=PREFERENCES_MARK)
            with translation.override(self.language):
                html = _INLINER.inline(render_to_string("emails/newsletter/issue.html", context))
                text = render_to_string("emails/newsletter/issue.txt", context)
            self._parts[with_links] = (html, text)
        return self._parts[with_links]


def issue_content(issue: NewsletterIssue, language: str, pages: list[Page] | None = None) -> IssueContent:
    language, source = content_language(issue, language)
    subject = issue_field(issue, "subject", source or language)
    intro = issue_field(issue, "intro", source or language)
    if source:
        subject, intro = convert_text(subject, to=language), convert_text(intro, to=language)
    if pages is None:
        pages = issue_pages(issue)
    root = site_root_url()
    items = []
    with translation.override(language):
        name = site_display_name()
        for page in pages:
            url = page.get_url()
            if not url:
                continue
            items.append(
                {
                    "title": page.title,
                    "summary": getattr(page, "summary", "") or page.search_description,
                    "url": url if url.startswith("http") else root + url,
                    "kind": page._meta.verbose_name,
                }
            )
    return IssueContent(
        language=language, subject=subject, intro=intro, items=items, root_url=root, site_name=name
    )


def issue_pages(issue: NewsletterIssue) -> list[Page]:
    """The issue's live articles and trials, in the editor's order."""
    ids = list(issue.items.order_by("sort_order").values_list("page_id", flat=True))
    found = {page.pk: page for page in Page.objects.live().filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]


def build_message(
    *,
    content: IssueContent,
    to: str,
    subscriber_id: int | None,
    headers: dict[str, str],
    connection=None,
) -> EmailMultiAlternatives:
    """The email of `content` to `to`. With a subscriber, their own unsubscribe and
    preferences links and the List-Unsubscribe headers; without (a test send), none."""
    headers = dict(headers)
    html, text = content.parts(with_links=subscriber_id is not None)
    if subscriber_id is not None:
        token = tokens.manage_token(subscriber_id)
        with translation.override(content.language):
            unsubscribe = content.root_url + reverse("newsletter:unsubscribe", args=[token])
            preferences = content.root_url + reverse("newsletter:preferences", args=[token])
        html = html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe)).replace(
            PREFERENCES_MARK, escape(preferences)
        )
        text = text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)
        mailbox = settings.NEWSLETTER_UNSUBSCRIBE_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        headers["List-Unsubscribe"] = f"<{unsubscribe}>, <mailto:{mailbox}?subject=unsubscribe%20{token}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers.setdefault("Content-Language", content.language)
    # The envelope sender (where bounces go) may differ from the From: header.
    headers["From"] = settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=text,
        from_email=settings.NEWSLETTER_BOUNCE_EMAIL or settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def delivery_message(delivery: Delivery, content: IssueContent, connection=None) -> EmailMultiAlternatives:
    return build_message(
        content=content,
        to=delivery.subscriber.email,
        subscriber_id=delivery.subscriber_id,
        headers={"Message-ID": message_id(delivery.pk, delivery.issue_id)},
        connection=connection,
    )
