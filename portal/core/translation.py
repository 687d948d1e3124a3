from modeltranslation.translator import TranslationOptions, register

from portal.core.models import HomePage, SiteSettings, StandardPage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = (
        "hero_title",
        "hero_text",
        "contact_cta_title",
        "contact_cta_text",
        "newsletter_cta_title",
        "newsletter_cta_text",
    )


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("organisation_name", "medical_disclaimer")
