from modeltranslation.translator import TranslationOptions, register

from portal.newsletter.models import NewsletterIssue, NewsletterPage


@register(NewsletterPage)
class NewsletterPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(NewsletterIssue)
class NewsletterIssueTranslation(TranslationOptions):
    # Sending reads each language's own column (rendering.py decides the fallback).
    fields = ("subject", "intro")
