from modeltranslation.translator import TranslationOptions, register

from trials.models import CellType, Route, StrokeStage, StrokeType, TrialIndexPage, TrialPage


@register(TrialIndexPage)
class TrialIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(TrialPage)
class TrialPageTranslation(TranslationOptions):
    fields = (
        "summary",
        "dose",
        "treatment_window",
        "follow_up",
        "key_criteria",
        "results_summary",
        "safety_summary",
    )


@register(CellType)
@register(Route)
@register(StrokeStage)
@register(StrokeType)
class TermTranslation(TranslationOptions):
    fields = ("label", "description")
