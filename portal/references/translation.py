from modeltranslation.translator import TranslationOptions, register

from portal.references.models import Reference


@register(Reference)
class ReferenceTranslation(TranslationOptions):
    # Bibliographic data stays exactly as published (the NLM string must match
    # PubMed's); what we write ourselves is translated.
    fields = ("plain_text", "note")
