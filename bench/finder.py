"""Trial finder with many trials: matching time (p50) and the results page's server time.

Builds the same throwaway register as bench/trials_register.py (SQLite file by default,
or the PostgreSQL database in BENCH_DATABASE_URL, which is DROPPED and recreated),
gives every trial the values the finder reads (ages, sex, stroke types, treatment
window, consent wording, dates), then times, for several sets of answers:

- matching: what the results view runs, `finder_index(page).results(...)`: the current
  finder index (held by the process), `FinderIndex.match` over the whole register and
  the explanations of the trials a results page shows;
- the results page through Django's test client (the whole server side, no network);
- building the finder index, which the first finder request after a change pays.

    .venv/bin/python bench/finder.py --trials 10000 --repeat 50
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.trials_register import build_site, prepare_database  # noqa: E402

ANSWERS = [
    "type=ischemic&since=days&age=67&sex=male&country=CN&province=CN-GD&travel=no&consent=no",
    "type=ischemic&since=hours&age=45&sex=female&country=US&travel=yes&consent=yes",
    "type=hemorrhagic&since=months&age=72&sex=male&country=JP&travel=unsure&consent=unsure",
    "type=unsure&since=unsure&age=unsure&sex=unsure&country=unsure&travel=unsure&consent=unsure",
    "type=ischemic&since=years&age=0&sex=female&country=NL&travel=no&consent=no",
    "type=ischemic&since=weeks&age=81&sex=male&country=CN&province=CN-BJ&travel=yes&consent=no",
]
WINDOWS = [
    (None, "", None, ""),
    (Decimal("18"), "HOURS", Decimal("36"), "HOURS"),
    (None, "", Decimal("24"), "HOURS"),
    (Decimal("1"), "DAYS", Decimal("14"), "DAYS"),
    (None, "", Decimal("7"), "DAYS"),
    (Decimal("6"), "MONTHS", None, ""),
    (Decimal("3"), "MONTHS", Decimal("24"), "MONTHS"),
]
AGES = [
    (18, "YEARS", 80, "YEARS"),
    (18, "YEARS", None, ""),
    (30, "YEARS", 75, "YEARS"),
    (None, "", 28, "DAYS"),
    (None, "", None, ""),
]
CONSENT_TEXTS = [
    "Written informed consent from the patient or a legally authorized representative.",
    "Patient must be able to provide written informed consent.",
    "NIHSS score of 8 to 20.",
]


def add_finder_values(seed: int = 11) -> None:
    """What the finder reads, varied per trial (bench data, not secrets), written in bulk:
    saving 10,000 pages one by one would run every page signal."""
    import math

    from trials.models import StrokeType, TrialPage
    from trials.models.trial_page import _age_in_days, _in_hours
    from trials.register.index import register_changed

    rng = random.Random(seed)  # noqa: S311
    types = {t.code: t.pk for t in StrokeType.objects.all()}
    type_sets = [
        ["ischemic"],
        ["ischemic"],
        ["intracerebral-hemorrhage"],
        ["ischemic", "intracerebral-hemorrhage"],
        [],
    ]
    through = TrialPage.stroke_types.through
    trials, links = [], []
    for trial in TrialPage.objects.only("pk"):
        trial.minimum_age, trial.minimum_age_unit, trial.maximum_age, trial.maximum_age_unit = rng.choice(
            AGES
        )
        trial.minimum_age_days = _age_in_days(trial.minimum_age, trial.minimum_age_unit, math.floor)
        trial.maximum_age_days = _age_in_days(trial.maximum_age, trial.maximum_age_unit, math.ceil)
        (
            trial.onset_to_treatment_min,
            trial.onset_to_treatment_min_unit,
            trial.onset_to_treatment_max,
            trial.onset_to_treatment_max_unit,
        ) = rng.choice(WINDOWS)
        trial.onset_to_treatment_min_hours = _in_hours(
            trial.onset_to_treatment_min, trial.onset_to_treatment_min_unit
        )
        trial.onset_to_treatment_max_hours = _in_hours(
            trial.onset_to_treatment_max, trial.onset_to_treatment_max_unit
        )
        trial.sex = rng.choice(["ALL", "ALL", "ALL", "FEMALE", "MALE", ""])
        trial.eligibility_criteria = rng.choice(CONSENT_TEXTS)
        trial.primary_completion_date = f"{rng.randint(2020, 2029)}-{rng.randint(1, 12):02d}-01"
        trial.primary_completion_date_precision = "month"
        trials.append(trial)
        links += [through(trialpage_id=trial.pk, stroketype_id=types[code]) for code in rng.choice(type_sets)]
    fields = [
        "minimum_age", "minimum_age_unit", "maximum_age", "maximum_age_unit", "minimum_age_days", "maximum_age_days",
        "onset_to_treatment_min", "onset_to_treatment_min_unit", "onset_to_treatment_max",
        "onset_to_treatment_max_unit", "onset_to_treatment_min_hours", "onset_to_treatment_max_hours",
        "sex", "eligibility_criteria", "primary_completion_date", "primary_completion_date_precision",
    ]  # fmt: skip
    TrialPage.objects.bulk_update(trials, fields, batch_size=500)
    through.objects.bulk_create(links, batch_size=1000)
    # Bulk writes send no page signal: say the register changed, as an editor's save would,
    # or the indexes built while the site was made (without these values) stay current.
    register_changed()


def _p50(times) -> float:
    return round(statistics.median(times), 2)


def measure(repeat: int) -> dict:
    from django.http import QueryDict
    from django.test import Client

    from trials.finder.index import build_finder_index, finder_index
    from trials.finder.questions import Answers
    from trials.finder.views import SHOWN
    from trials.models import TrialIndexPage
    from trials.register.index import build_register_index, register_index

    index = TrialIndexPage.objects.get()
    builds = []
    for _ in range(3):
        started = time.perf_counter()
        build_finder_index(index, register_index(index))
        builds.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    build_register_index(index)
    register_build = (time.perf_counter() - started) * 1000

    fresh = build_finder_index(index, build_register_index(index))  # from the database as it is now
    finder_index(index)  # held by this process from now on, as in a serving process
    matching, pages = [], []
    client = Client()
    for query in ANSWERS:
        answers = Answers.from_query(QueryDict(query))
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            match, _assessments = finder_index(index).results(answers, shown=SHOWN)
            times.append((time.perf_counter() - started) * 1000)
        expected, _ = fresh.results(answers, shown=SHOWN)
        if (match.fitting, match.not_fitting) != (expected.fitting, expected.not_fitting):
            raise SystemExit(f"the current finder index is stale: it answers {query} otherwise")
        url = f"/en/trials/finder/?{query}"
        assert client.get(url).status_code == 200  # warm: the finder index is in the cache
        page_times = []
        for _ in range(max(5, repeat // 5)):
            started = time.perf_counter()
            response = client.get(url)
            page_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        matching.append({"answers": query, "fitting": len(match.fitting), "not_fitting": len(match.not_fitting), "p50_ms": _p50(times), "max_ms": round(max(times), 2)})  # fmt: skip
        pages.append({"url": url, "p50_ms": _p50(page_times)})
        print(f"{_p50(times):8.2f} ms p50 matching  {_p50(page_times):8.1f} ms p50 page  "
              f"{len(match.fitting):5d} fit  {len(match.not_fitting):5d} not  {query}")  # fmt: skip
    overall = _p50([m["p50_ms"] for m in matching])
    print(
        f"{_p50(builds):8.1f} ms p50 building the finder index ({register_build:.0f} ms the register index)"
    )
    return {
        "matching": matching,
        "pages": pages,
        "matching_p50_ms": overall,
        "finder_index_build_p50_ms": _p50(builds),
        "register_index_build_ms": round(register_build, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/finder-bench.sqlite3"),
        help="throwaway database URL (dropped and recreated)",
    )
    parser.add_argument("--reuse", action="store_true", help="measure the database built by an earlier run")
    args = parser.parse_args()
    engine = args.database.split(":")[0]
    if args.reuse:
        os.environ["DATABASE_URL"] = args.database
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    else:
        prepare_database(args.database)

    import django

    django.setup()
    if not args.reuse:
        started = time.perf_counter()
        build_site(args.trials)
        add_finder_values()
        print(f"built {args.trials} trials in {time.perf_counter() - started:.0f} s on {engine}")
    payload = {"trials": args.trials, "repeat": args.repeat, **measure(args.repeat)}
    out = BASE_DIR / "bench" / "results" / f"finder_{engine}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(payload, indent=1))
    print(
        f"matching p50 over the answer sets: {payload['matching_p50_ms']} ms; written {out.relative_to(BASE_DIR)}"
    )


if __name__ == "__main__":
    main()
