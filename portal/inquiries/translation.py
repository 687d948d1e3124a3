from modeltranslation.translator import TranslationOptions, register

from portal.inquiries.models import ContactPage


@register(ContactPage)
class ContactPageTranslation(TranslationOptions):
    fields = ("intro", "thank_you_text")
