#!/usr/bin/env python
"""The app-level page cache (SPEC section 4), in one run with 2 gunicorn workers: the bench
article rendered (cache off), served from Redis (a hit, 0 queries), and a minimal Django
view returning the same bytes.

Usage: .venv/bin/python bench/page_cache.py [--seconds 10] [--connections 16]
Needs PostgreSQL and Redis on 127.0.0.1 and wrk (apt-get install -y wrk). Redis is not
flushed: the run names its own release, so its cache keys are new.
"""

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.article_page import BUILD
from bench.common import BENCH_DATABASE_URL, RESULTS_DIR, gunicorn, manage, save, wrk


def fetch(url: str) -> tuple[bytes, str | None]:
    with urllib.request.urlopen(url) as response:
        return response.read(), response.headers.get("X-Page-Cache")


def prepare_site(release: str) -> None:
    """A fresh database with migrations, demo content and collected static files."""
    name = BENCH_DATABASE_URL.rsplit("/", 1)[-1]
    admin_url = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True)
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("seed_demo",)):
        manage(*command, RELEASE=release)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    load = {"seconds": args.seconds, "connections": args.connections}

    release = f"bench-{time.time_ns()}"
    prepare_site(release)
    built = json.loads(manage("shell", "-c", BUILD, RELEASE=release).strip().splitlines()[-1])
    with gunicorn(workers=2, RELEASE=release) as base_url:
        miss = wrk(base_url + built["url"], **load)
    with gunicorn(workers=2, RELEASE=release, PAGE_CACHE_ENABLED="true") as base_url:
        fetch(base_url + built["url"])
        body, state = fetch(base_url + built["url"])
        if state != "hit":
            raise SystemExit(f"the page was not served from the cache (X-Page-Cache: {state})")
        hit = wrk(base_url + built["url"], **load)
    page_file = RESULTS_DIR / "page_cache_page.html"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page_file.write_bytes(body)
    with gunicorn(
        workers=2, app="bench.minimal_wsgi", RELEASE=release, BENCH_MINIMAL_FILE=str(page_file)
    ) as base_url:
        minimal = wrk(base_url + "/page", **load)

    result = {
        "article": built,
        "bytes": len(body),
        "miss": miss,
        "hit": hit,
        "minimal_view": minimal,
        "hit_over_minimal_view": round(hit["requests_per_second"] / minimal["requests_per_second"], 2),
        "hit_over_miss": round(hit["requests_per_second"] / miss["requests_per_second"], 1),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"saved to {save('page_cache', result)}")


if __name__ == "__main__":
    main()
