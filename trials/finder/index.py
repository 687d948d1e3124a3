"""The finder's view of a register: every trial's facts, and its trials grouped by the
value each criterion judges, as bitmasks over the register index's positions.

Matching 10,000 trials one by one costs a function call per trial and criterion.
Trials share values (the same age range, the same window, the same countries), so
`FinderIndex.match` calls each criterion once per *distinct* value and ORs the masks
of the trials holding it; sorting reuses the register's order. Only the trials shown
are explained, by `matching.assess` on their facts, so both paths run the same
judgements.

Built from the register index (trials/register/index.py) and kept under the same
version: whatever changes what the register shows builds a new finder index too.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache

from trials.finder.matching import (
    CHECK,
    CRITERIA,
    FAILS,
    OPEN_STATUSES,
    Assessment,
    TrialFacts,
    assess,
    consent_rule,
)
from trials.finder.questions import Answers
from trials.models import StrokeType, TrialCountry, TrialPage
from trials.register.index import CACHE_TIMEOUT, RegisterIndex, current_index, register_index
from trials.register.selectors import DEFAULT_SORT, register_trials

_local: dict[int, tuple[int, "FinderIndex"]] = {}
_FACT_COLUMNS = (
    "pk",
    "overall_status",
    "minimum_age",
    "minimum_age_unit",
    "maximum_age",
    "maximum_age_unit",
    "minimum_age_days",
    "maximum_age_days",
    "sex",
    "onset_to_treatment_min",
    "onset_to_treatment_min_unit",
    "onset_to_treatment_max",
    "onset_to_treatment_max_unit",
    "onset_to_treatment_min_hours",
    "onset_to_treatment_max_hours",
    "eligibility_criteria",
    "primary_completion_date",
    "primary_completion_date_precision",
    "last_update_posted",
)


@dataclass
class Match:
    """The open trials of a register for one set of answers, in the order to show them."""

    fitting: list[int]  # no criterion fails (some may need a check), nearest and best first
    not_fitting: list[int]  # at least one criterion fails
    closed: int  # trials of the register no longer (or not yet) open to join: not listed

    @property
    def count(self) -> int:
        return len(self.fitting)


@dataclass(frozen=True)
class FinderIndex:
    register: RegisterIndex
    facts: dict[int, TrialFacts]  # page id -> facts
    groups: dict[str, dict]  # criterion -> trial value -> mask of the trials holding it
    open_mask: int
    stale: tuple[tuple[datetime.date, int], ...]  # (first stale day, mask), by day

    def match(self, answers: Answers, *, today: datetime.date | None = None) -> Match:
        today = today or datetime.date.today()
        fails = check = 0
        for name, judge, _value_of in CRITERIA:
            for value, mask in self.groups[name].items():
                kind = judge(value, answers).kind
                if kind == FAILS:
                    fails |= mask
                elif kind == CHECK:
                    check |= mask
        for day, mask in self.stale:
            if day > today:
                break
            check |= mask
        near = 0
        if answers.country:
            for countries, mask in self.groups["place"].items():
                if answers.country in countries:
                    near |= mask
        open_mask = self.open_mask
        fitting = open_mask & ~fails
        order = []
        # Fits first, then those with something to check; in each, the person's country first.
        for mask in (
            fitting & ~check & near,
            fitting & ~check & ~near,
            fitting & check & near,
            fitting & check & ~near,
        ):
            if mask:
                order.extend(self.register.ordered_ids(mask, DEFAULT_SORT))
        failing = open_mask & fails
        not_fitting = self.register.ordered_ids(failing, DEFAULT_SORT) if failing else []
        return Match(
            fitting=order, not_fitting=not_fitting, closed=len(self.register.ids) - open_mask.bit_count()
        )

    def assess(self, page_ids: list[int], answers: Answers, *, today=None) -> dict[int, Assessment]:
        return {page_id: assess(self.facts[page_id], answers, today=today) for page_id in page_ids}

    def results(self, answers: Answers, *, shown: int, today=None) -> tuple[Match, dict[int, Assessment]]:
        """What a results page needs (the view and bench/finder.py both call this): the
        match, and the reasons of the first `shown` trials of each group."""
        today = today or datetime.date.today()
        match = self.match(answers, today=today)
        page_ids = match.fitting[:shown] + match.not_fitting[:shown]
        return match, self.assess(page_ids, answers, today=today)


def finder_index(index_page) -> FinderIndex:
    """The current finder index of one register page: from this process, the cache, or built."""
    return current_index(
        _local,
        _cache_key,
        index_page,
        lambda version: store_finder_index(index_page, version, register_index(index_page)),
    )


def store_finder_index(index_page, version: int, register: RegisterIndex) -> "FinderIndex":
    """Build and share the finder index (the worker does it after each change, with the register's)."""
    built = build_finder_index(index_page, register)
    cache.set(_cache_key(index_page.pk, version), built, CACHE_TIMEOUT)
    return built


def _cache_key(index_page_id: int, version: int) -> str:
    return f"trials:finder-index:{index_page_id}:{version}"


def build_finder_index(index_page, register: RegisterIndex) -> FinderIndex:
    positions = register.positions
    stroke_types = defaultdict(set)
    codes = {term.pk: term.code for term in StrokeType.objects.all()}
    for page_id, term_id in TrialPage.stroke_types.through.objects.values_list(
        "trialpage_id", "stroketype_id"
    ):
        if page_id in positions:
            stroke_types[page_id].add(codes[term_id])
    countries = defaultdict(set)
    open_countries = defaultdict(set)
    for page_id, country, status in TrialCountry.objects.values_list(
        "page_id", "country", "recruitment_status"
    ):
        if page_id in positions:
            countries[page_id].add(country)
            if not status or status in OPEN_STATUSES:
                open_countries[page_id].add(country)
    facts = {}
    for row in register_trials(index_page).order_by().values_list(*_FACT_COLUMNS):
        values = dict(zip(_FACT_COLUMNS, row, strict=True))
        page_id = values["pk"]
        if page_id not in positions:
            continue  # published while the register index was read: in the next version
        facts[page_id] = TrialFacts(
            status=values["overall_status"],
            minimum_age=values["minimum_age"],
            minimum_age_unit=values["minimum_age_unit"],
            maximum_age=values["maximum_age"],
            maximum_age_unit=values["maximum_age_unit"],
            minimum_age_days=values["minimum_age_days"],
            maximum_age_days=values["maximum_age_days"],
            sex=values["sex"],
            stroke_types=frozenset(stroke_types[page_id]),
            onset_min=values["onset_to_treatment_min"],
            onset_min_unit=values["onset_to_treatment_min_unit"],
            onset_max=values["onset_to_treatment_max"],
            onset_max_unit=values["onset_to_treatment_max_unit"],
            onset_min_hours=values["onset_to_treatment_min_hours"],
            onset_max_hours=values["onset_to_treatment_max_hours"],
            # Sites still open to patients; a trial whose countries all closed keeps them all.
            countries=frozenset(open_countries[page_id] or countries[page_id]),
            consent=consent_rule(values["eligibility_criteria"]),
            primary_completion=values["primary_completion_date"],
            primary_completion_precision=values["primary_completion_date_precision"],
            last_update=values["last_update_posted"],
        )
    return index_from_facts(register, facts)


def index_from_facts(register: RegisterIndex, facts: dict[int, TrialFacts]) -> FinderIndex:
    """Group the trials by each criterion's value, and by the day their record turns stale."""
    positions = register.positions
    groups = {name: defaultdict(int) for name, _judge, _value_of in CRITERIA}
    stale = defaultdict(int)
    open_mask = 0
    for page_id, trial in facts.items():
        bit = 1 << positions[page_id]
        if trial.status not in OPEN_STATUSES:
            continue  # never listed: no need to judge it
        open_mask |= bit
        for name, _judge, value_of in CRITERIA:
            groups[name][value_of(trial)] |= bit
        if (day := trial.stale_since) is not None:
            stale[day] |= bit
    return FinderIndex(
        register=register,
        facts=facts,
        groups={name: dict(values) for name, values in groups.items()},
        open_mask=open_mask,
        stale=tuple(sorted(stale.items())),
    )
