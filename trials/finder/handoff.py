"""From the finder to the contact form: the chosen trials and the answers, each shown as
a ticked box the visitor can untick (portal.inquiries.attachments).

The contact page's URL carries `trial` (page ids) and `finder` (the answers' query
string); the posted form carries the boxes still ticked. Only live, public trials are
attached; what the visitor keeps is written into the request's message, in their
language, when they send it, and never before.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _

from portal.inquiries.attachments import AttachedItem, Attachment
from trials.finder.forms import STEPS
from trials.finder.questions import STROKE_TYPE_CONDITIONS, Answers
from trials.models import TrialPage

MAX_TRIALS = 20


def finder_attachments(data: QueryDict) -> list[Attachment]:
    attachments = []
    trials = _trials(data.getlist("trial"))
    if trials:
        attachments.append(
            Attachment(
                heading=_("Trials you are asking about"),
                param="trial",
                items=[AttachedItem(str(trial.pk), _trial_label(trial), trial.url or "") for trial in trials],
                text=_("Trials chosen in the trial finder:")
                + "".join(f"\n- {_trial_label(trial)} {trial.full_url or ''}".rstrip() for trial in trials),
                source_page_id=trials[0].pk,
            )
        )
    raw = data.get("finder", "")
    answers = Answers.from_query(QueryDict(raw)) if raw and len(raw) <= 500 else Answers()
    lines = [
        f"{step.short}: {step.answer_label(getattr(answers, step.name))}"
        for step in STEPS
        if getattr(answers, step.name) and step.applies(answers)
    ]
    if lines:
        attachments.append(
            Attachment(
                heading=_("Your answers in the trial finder"),
                param="finder",
                items=[
                    AttachedItem(
                        answers.as_query(), _("Send these answers with my request"), note="; ".join(lines)
                    )
                ],
                initial=_initial(answers),
                text=_("Answers in the trial finder:") + "".join(f"\n- {line}" for line in lines),
            )
        )
    return attachments


def _trials(values: list[str]) -> list[TrialPage]:
    ids = list(dict.fromkeys(int(v) for v in values[:MAX_TRIALS] if v.isdigit() and len(v) < 12))
    if not ids:
        return []
    found = {trial.pk: trial for trial in TrialPage.objects.live().public().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _trial_label(trial: TrialPage) -> str:
    ids = ", ".join(registry_id.identifier for registry_id in trial.registry_ids.all())
    return f"{trial.heading} ({ids})" if ids else trial.heading


def _initial(answers: Answers) -> dict:
    """The contact form's own questions, answered already in the finder."""
    initial = {}
    if answers.type:
        initial["condition"] = STROKE_TYPE_CONDITIONS[answers.type]
    if answers.span is not None:
        initial["time_since_onset"] = answers.span.inquiry_value
    return initial
