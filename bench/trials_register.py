"""Trial register with many trials: server time (p50) of filter combinations.

Builds a throwaway database (SQLite file by default, or the PostgreSQL database in
BENCH_DATABASE_URL, which is DROPPED and recreated), inserts N trials directly
(Wagtail's page API would take an hour for 10,000), then times requests through
Django's test client: the time is the whole server side (routing, queries,
template), without the network. See bench/README-trials.md.

    .venv/bin/python bench/trials_register.py --trials 10000 --repeat 25
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

COMBINATIONS = [
    "",
    "phase=PHASE2",
    "status=RECRUITING",
    "cell_type=msc&route=intravenous",
    "phase=PHASE2&phase=PHASE3&status=RECRUITING&country=CN",
    "stroke_stage=acute&cell_type=msc&route=intravenous&country=US&sort=-enrollment",
    "country=CN&sort=-updated&page=5",
    "view=table&phase=PHASE1&sort=start",
    "cell_type=exosome&stroke_stage=perinatal&country=NL",
]
EXPORTS = ["format=json&status=RECRUITING&cell_type=msc", "format=csv&country=JP"]
COUNTRIES = ["CN", "US", "JP", "KR", "DE", "FR", "GB", "ES", "IT", "NL", "TW", "HK", "AU", "CA", "BR", "IN"]
STATUSES = ["RECRUITING"] * 3 + [
    "NOT_YET_RECRUITING",
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "COMPLETED",
    "TERMINATED",
]


def prepare_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    elif url.startswith("postgres"):
        name = url.rsplit("/", 1)[-1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-qc", sql], check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def build_site(count: int, seed: int = 7):
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import translation
    from wagtail.models import Page, Site

    from portal.core.models import HomePage
    from trials.models import TrialIndexPage

    call_command("migrate", "--noinput", verbosity=0)
    translation.activate("zh-hans")
    root = Page.get_first_root_node()
    home = HomePage(title="首页", title_zh_hans="首页", title_en="Home", slug="home", slug_zh_hans="home")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = TrialIndexPage(
        title="临床试验",
        title_zh_hans="临床试验",
        title_en="Clinical trials",
        slug="trials",
        slug_zh_hant="trials",
        slug_en="trials",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    index.refresh_from_db()
    with transaction.atomic():
        _insert_trials(index, count, random.Random(seed))  # noqa: S311 - test data, not secrets
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would give a real site after a bulk load.
        cursor.execute("ANALYZE")
    return index


def _insert_trials(index, count: int, rng: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from trials.models import CellType, Route, StrokeStage, TrialCountry, TrialPage, TrialPhase

    content_type = ContentType.objects.get_for_model(TrialPage)
    locale = Locale.get_default()
    now = timezone.now()
    phases = {p.code: p.pk for p in TrialPhase.objects.all()}
    cells = [c.pk for c in CellType.objects.all()]
    routes = [r.pk for r in Route.objects.all()]
    stages = [s.pk for s in StrokeStage.objects.all()]
    phase_sets = [
        ["PHASE1"],
        ["PHASE1", "PHASE2"],
        ["PHASE2"],
        ["PHASE2", "PHASE3"],
        ["PHASE3"],
        ["EARLY_PHASE1"],
    ]

    pages = []
    for n in range(1, count + 1):
        slug = f"nct{n:08d}"
        url_path = f"{index.url_path}{slug}/"
        pages.append(
            Page(
                title=f"Trial {n}",
                draft_title=f"Trial {n}",
                title_zh_hans=f"试验 {n}",
                title_en=f"Trial {n}",
                slug=slug,
                slug_zh_hans=slug,
                slug_en=slug,
                url_path=url_path,
                url_path_zh_hans=url_path,
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
                path=Page._get_path(index.path, index.depth + 1, n),
                depth=index.depth + 1,
                numchild=0,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    ids = list(
        Page.objects.filter(depth=index.depth + 1, path__startswith=index.path)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    Page.objects.filter(pk=index.pk).update(numchild=len(ids))

    through = {
        name: getattr(TrialPage, name).through for name in ("phases", "cell_types", "routes", "stroke_stages")
    }
    rows = {name: [] for name in (*through, "countries")}
    for position, page_id in enumerate(ids):
        year = rng.randint(2005, 2026)
        trial = TrialPage(
            page_ptr_id=page_id,
            acronym=f"T{position}",
            overall_status=rng.choice(STATUSES),
            enrollment=rng.randint(6, 900),
            enrollment_type="ACTUAL",
            start_date=f"{year}-{rng.randint(1, 12):02d}-01",
            start_date_precision="month",
            last_update_posted=f"{min(year + 1, 2026)}-01-15",
            sponsor="Bench sponsor",
        )
        trial.save_base(raw=True)  # the trial row only: its page row was bulk-inserted above
        for code in rng.choice(phase_sets):
            rows["phases"].append(through["phases"](trialpage_id=page_id, trialphase_id=phases[code]))
        for pk in rng.sample(cells, rng.choice([1, 1, 2])):
            rows["cell_types"].append(through["cell_types"](trialpage_id=page_id, celltype_id=pk))
        for pk in rng.sample(routes, rng.choice([1, 1, 2])):
            rows["routes"].append(through["routes"](trialpage_id=page_id, route_id=pk))
        rows["stroke_stages"].append(
            through["stroke_stages"](trialpage_id=page_id, strokestage_id=rng.choice(stages))
        )
        for order, code in enumerate(rng.sample(COUNTRIES, rng.randint(1, 4))):
            rows["countries"].append(
                TrialCountry(page_id=page_id, country=code, sort_order=order, site_count=1)
            )
    for name, model in (*through.items(), ("countries", TrialCountry)):
        model.objects.bulk_create(rows[name], batch_size=1000)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content)  # an export: the time is the whole body
    return response.content


def _timed(client, url) -> float:
    started = time.perf_counter()
    _get(client, url)
    return (time.perf_counter() - started) * 1000


def measure(url: str, repeat: int) -> dict:
    """Warm: the register index and this page's rows are already in the cache."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    _get(client, url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    queries = len(captured)  # now: every request clears the query log
    times = [_timed(client, url) for _ in range(repeat)]
    return {
        "url": url,
        "queries": queries,
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
    }


def measure_cold_rows(pages: int) -> dict:
    """First visit of each page of the register: its rows are rendered (index warm)."""
    from django.test import Client

    client = Client()
    _get(client, "/en/trials/")
    times = [_timed(client, f"/en/trials/?sort=-enrollment&page={n}") for n in range(2, pages + 2)]
    return {"url": f"/en/trials/?sort=-enrollment&page=2..{pages + 1} (first visits)", "p50_ms": _p50(times)}


def measure_rebuild(repeat: int) -> list[dict]:
    """After a trial changes: building the index, and the first request afterwards.

    `register_changed()` runs outside a transaction here, so its after-commit rebuild
    task runs at once (Celery is eager in these settings), as a worker would do it
    before the next visitor: that request then renders every row afresh.
    """
    from django.test import Client

    from trials.models import TrialIndexPage
    from trials.register.index import build_register_index, register_changed

    index = TrialIndexPage.objects.get()
    builds, firsts = [], []
    client = Client()
    for _ in range(repeat):
        started = time.perf_counter()
        build_register_index(index)
        builds.append((time.perf_counter() - started) * 1000)
        register_changed()
        firsts.append(_timed(client, "/en/trials/"))
    return [
        {"url": "building the register index (worker, after a change)", "p50_ms": _p50(builds)},
        {"url": "/en/trials/ first request after a change (rows rendered afresh)", "p50_ms": _p50(firsts)},
    ]


def _p50(times) -> float:
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/trials-bench.sqlite3"),
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
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    django.setup()
    # One connection for the whole run: connecting is not what is measured.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    if not args.reuse:
        started = time.perf_counter()
        build_site(args.trials)
        print(f"built {args.trials} trials in {time.perf_counter() - started:.0f} s on {engine}")
    results = []
    for query in COMBINATIONS + EXPORTS:
        result = measure(f"/en/trials/?{query}" if query else "/en/trials/", args.repeat)
        result["export"] = query.startswith("format=")
        results.append(result)
        print(
            f"{result['p50_ms']:8.1f} ms p50  {result['max_ms']:8.1f} ms max  {result['queries']:3d} q  ",
            end="",
        )
        print(result["url"])
    cold = [measure_cold_rows(args.repeat), *measure_rebuild(min(args.repeat, 10))]
    for result in cold:
        print(f"{result['p50_ms']:8.1f} ms p50  {result['url']}")
    out = BASE_DIR / "bench" / "results" / f"trials_register_{engine}.json"
    out.parent.mkdir(exist_ok=True)
    payload = {"trials": args.trials, "repeat": args.repeat, "results": results, "cold": cold}
    out.write_text(json.dumps(payload, indent=1))
    print(f"written {out.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
