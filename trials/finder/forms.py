"""One plain form per question: without JavaScript each step is a page of its own."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from trials.finder.questions import (
    MAX_AGE,
    PROVINCES,
    SEXES,
    SPANS,
    STROKE_TYPES,
    UNSURE,
    YES_NO,
    Answers,
    clean_answer,
    country_choices,
)

NOT_SURE = _("Not sure")
CHOOSE_ONE = _("Please choose one of the answers, or “Not sure”.")


@dataclass(frozen=True)
class Step:
    name: str  # the query parameter
    question: str
    short: str  # the answer's label in summaries
    help_text: str = ""

    def applies(self, answers: Answers) -> bool:
        return self.name != "province" or answers.asks_province()

    def form(self, data=None, initial: str = "") -> forms.Form:
        return STEP_FORMS[self.name](data=data, initial={self.name: initial} if initial else None)

    def answer_label(self, value: str) -> str:
        if value == UNSURE:
            return str(NOT_SURE)
        if self.name == "age":
            return str(_("%(years)s years old") % {"years": value})
        return str(dict(self.choices()).get(value, value))

    def choices(self) -> list[tuple[str, str]]:
        return {
            "type": lambda: list(STROKE_TYPES.items()),
            "since": lambda: [(span.code, span.label) for span in SPANS],
            "sex": lambda: list(SEXES.items()),
            "country": country_choices,
            "province": lambda: list(PROVINCES.items()),
            "travel": lambda: list(YES_NO.items()),
            "consent": lambda: list(YES_NO.items()),
        }.get(self.name, list)()


STEPS = (
    Step("type", _("What kind of stroke was it?"), _("Type of stroke")),
    Step(
        "since",
        _("How long ago was the stroke?"),
        _("Time since the stroke"),
        _("Some trials treat within hours or days of a stroke, others months or years later."),
    ),
    Step("age", _("How old is the person who had the stroke?"), _("Age")),
    Step("sex", _("Is the person a woman or a man?"), _("Sex")),
    Step("country", _("Where does the person live?"), _("Country")),
    Step("province", _("In which province?"), _("Province")),
    Step("travel", _("Could the person travel abroad for a trial?"), _("Travel abroad")),
    Step(
        "consent",
        _("Can the person give consent themselves?"),
        _("Gives consent themselves"),
        _(
            "Can they understand what taking part means and agree to it? If not, some trials accept a family member's consent."
        ),
    ),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}


class _AnswerField(forms.Field):
    """One answer, read as `Answers.from_query` reads it ("Not sure" included)."""

    def __init__(self, name: str, **kwargs):
        self.answer_name = name
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list) else [value]
        return clean_answer(self.answer_name, [v for v in values if isinstance(v, str)])


class _ListWidgetMixin:
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class RadioAnswer(_ListWidgetMixin, forms.RadioSelect):
    pass


class SelectAnswer(_ListWidgetMixin, forms.Select):
    pass


class AgeInput(_ListWidgetMixin, forms.NumberInput):
    def format_value(self, value):
        value = value[0] if isinstance(value, list) and value else value
        return None if value in (None, "", UNSURE, []) else str(value)


def _step_form(step: Step) -> type[forms.Form]:
    if step.name == "age":
        field = _AnswerField(
            step.name,
            label=step.question,
            widget=AgeInput(attrs={"min": 0, "max": MAX_AGE, "inputmode": "numeric", "autocomplete": "off"}),
            help_text=_("In whole years; 0 for a baby under one year."),
            error_messages={
                "required": _("Please give the age in whole years (0 to 120), or choose “Not sure”.")
            },
        )
    else:
        choices = [*step.choices(), (UNSURE, NOT_SURE)]
        widget = RadioAnswer
        if step.name in ("country", "province"):
            choices = [("", _("Please choose")), (UNSURE, NOT_SURE), *step.choices()]
            widget = SelectAnswer
        field = _AnswerField(
            step.name,
            label=step.question,
            help_text=step.help_text,
            widget=widget(choices=choices),
            error_messages={"required": CHOOSE_ONE},
        )
    return type(f"{step.name.title()}StepForm", (forms.Form,), {step.name: field})


STEP_FORMS = {step.name: _step_form(step) for step in STEPS}
