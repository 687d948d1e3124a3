"""The finder's pages, routed by `TrialIndexPage` at `<register>/finder/`: the first
unanswered question, or the results once every question has an answer."""

from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from trials.finder.forms import STEPS, STEPS_BY_NAME, Step
from trials.finder.index import finder_index
from trials.finder.matching import FAILS, FITS
from trials.finder.questions import Answers
from trials.register.listing import ROW_FIELDS, fetch_listing

# The most results listed of each group; the rest are counted, with a link to the register.
SHOWN = 20
TEMPLATE = "pages/trial_finder.html"


def finder(request, index_page):
    answers = Answers.from_query(request.GET)
    step = _current_step(request.GET, answers)
    base = {"finder_url": request.path, "answers": answers, "summary": _summary(answers)}
    context = index_page.base_context(request) | base
    if step is not None:
        context |= _step_context(request, step, answers)
    else:
        context |= _results_context(index_page, answers)
    response = TemplateResponse(request, TEMPLATE, context)
    if request.GET:
        # Answers about someone's health: no shared cache (the reverse proxy) keeps them.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _current_step(query: QueryDict, answers: Answers) -> Step | None:
    """The step asked for (to change an answer), else the first without a valid answer."""
    asked = STEPS_BY_NAME.get(query.get("step", ""))
    if asked is not None and asked.applies(answers):
        return asked
    for step in STEPS:
        if step.applies(answers) and not getattr(answers, step.name):
            return step
    return None


def _steps_for(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def _step_context(request, step: Step, answers: Answers) -> dict:
    sent = step.name in request.GET and request.GET.get("step") != step.name
    form = step.form(data=request.GET) if sent else step.form(initial=getattr(answers, step.name))
    if sent:
        form.is_valid()  # shows why the answer was not taken
    steps = _steps_for(answers)
    position = steps.index(step)
    # Answers carried as hidden fields: every other question's. With JavaScript the later,
    # unanswered questions are asked on this page (see finder.js); without, one by one.
    carried = [
        (name, getattr(answers, name))
        for name in Answers.names()
        if name != step.name and getattr(answers, name)
    ]
    later = [s for s in STEPS[STEPS.index(step) + 1 :] if not getattr(answers, s.name)]
    previous = steps[position - 1] if position else None
    back = None
    if previous is not None:
        back = "?" + urlencode([*[(n, v) for n, v in carried], ("step", previous.name)])
    return {
        "step": step,
        "form": form,
        "later_forms": [(s, s.form()) for s in later],
        "carried": carried,
        "position": position + 1,
        "step_count": len(steps),
        "back_url": back,
    }


def _results_context(index_page, answers: Answers) -> dict:
    found = finder_index(index_page)
    match, assessments = found.results(answers, shown=SHOWN)
    shown_fitting, shown_failing = match.fitting[:SHOWN], match.not_fitting[:SHOWN]
    shown = fetch_listing(found.register, shown_fitting + shown_failing, fields=ROW_FIELDS)
    trials = {trial.pk: trial for trial in shown}
    handoff = urlencode({"finder": answers.as_query()})
    return {
        "results": [(trials[pk], assessments[pk]) for pk in shown_fitting if pk in trials],
        "not_fitting": [(trials[pk], assessments[pk]) for pk in shown_failing if pk in trials],
        "fitting_count": len(match.fitting),
        "not_fitting_count": len(match.not_fitting),
        "more_fitting": max(0, len(match.fitting) - SHOWN),
        "more_not_fitting": max(0, len(match.not_fitting) - SHOWN),
        "closed_count": match.closed,
        "handoff_query": handoff,
        "FITS": FITS,
        "FAILS": FAILS,
        "register_url": index_page.url,
    }


def _summary(answers: Answers) -> list[tuple[Step, str, str]]:
    """(step, answer in words, link to change it) for every answered question."""
    query = answers.as_query()
    return [
        (step, step.answer_label(getattr(answers, step.name)), f"?{query}&step={step.name}")
        for step in STEPS
        if getattr(answers, step.name) and step.applies(answers)
    ]
