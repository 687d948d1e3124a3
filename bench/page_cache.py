#!/usr/bin/env python
"""Pages in one run (SPEC section 4, issue 15): the bench article (bench/article_page.py's
BUILD) on PostgreSQL, the production stack of deploy/stack.py (deploy/gunicorn.conf.py with
2 workers, deploy/nginx.conf), `wrk -t2 -c16` over loopback after a 5 s warm-up:

(a) the first render after a publish, nothing of the page warm: a new revision is published,
    then the page requested once, in-process (Django's test client, the production
    settings and Redis, the page cache on), timed with its SQL queries; `--samples` times;
(b) the page-cache miss, fragments warm: the app's page cache off, no proxy;
(c) the app-cache hit: gunicorn directly, the page served from Redis;
(d) the proxy hit: through nginx with the shipped config (https);
(e) nginx serving the same HTML bytes as a static file (its own config: same TLS, same
    number of worker processes);
(f) a minimal Django view returning the same bytes (bench/minimal_wsgi.py) under the same
    gunicorn config.

Prints and saves (bench/results/page_cache.json) the rates and the ratios the issue sets:
hit / minimal view >= 0.5, hit / miss >= 10, proxy hit / nginx static >= 0.5.

Usage: .venv/bin/python bench/page_cache.py [--seconds 10] [--connections 16] [--samples 5]
Needs PostgreSQL and Redis on 127.0.0.1, nginx and wrk (apt-get install -y nginx-light wrk).
Its database (BENCH_DATABASE_URL, default portal_bench) is DROPPED and recreated; in Redis
(BENCH_REDIS_URL) it only adds keys, under prefixes of its own.
"""

import argparse
import contextlib
import json
import platform
import ssl
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.article_page import BUILD
from bench.common import BENCH_DATABASE_URL, REDIS_URL, save, wrk
from deploy.stack import (
    Stack,
    database_name,
    free_port,
    manage,
    nginx_main_config,
    nginx_path,
    port_open,
    prepare_database,
    production_env,
    self_signed_cert,
    wait_until,
)

FIRST_RENDERS = (
    "import json; from bench.page_cache import first_renders; "
    "print(json.dumps(first_renders({url!r}, {samples})))"
)
UNVERIFIED = ssl._create_unverified_context()  # noqa: S323 (our own self-signed loopback proxy)


def fetch(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, context=UNVERIFIED, timeout=60) as response:
        return response.read(), dict(response.headers)


def first_renders(url: str, samples: int) -> dict:
    """In `manage.py shell`: publish a new revision of the article at `url`, then request
    it once, `samples` times; the time and SQL queries of each such first render."""
    import time

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticlePage

    client = Client(HTTP_HOST="127.0.0.1")
    page = ArticlePage.objects.get(slug_zh_hans="bench-article")
    client.get(url)  # the process warm (templates, dictionaries), as a running worker is
    times, queries, states = [], [], []
    for sample in range(samples):
        page.summary_zh_hans = f"基准测试文章，第 {sample + 1} 版。"
        page.save_revision().publish()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(round((time.perf_counter() - start) * 1000, 1))
        assert response.status_code == 200, response.status_code
        assert page.summary_zh_hans in response.content.decode(), "the new revision is not shown"
        queries.append(len(captured))
        states.append(response.get("X-Page-Cache"))
    return {"ms": times, "queries": queries, "page_cache": states}


@contextlib.contextmanager
def nginx_static(body: bytes, *, workers: int):
    """nginx serving `body` as /page.html over https, with the TLS settings of
    deploy/nginx.conf and as many worker processes as the proxy."""
    with tempfile.TemporaryDirectory(prefix="bench-static-") as name:
        directory = Path(name)
        self_signed_cert(directory)
        (directory / "www").mkdir()
        (directory / "www" / "page.html").write_bytes(body)
        port = free_port()
        (directory / "site.conf").write_text(
            f"server {{\n    listen 127.0.0.1:{port} ssl http2;\n"
            f"    ssl_certificate {directory / 'cert.pem'};\n    ssl_certificate_key {directory / 'key.pem'};\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_session_cache shared:static_tls:10m;\n"
            f"    root {directory / 'www'};\n}}\n"
        )
        (directory / "nginx.conf").write_text(
            nginx_main_config(directory, directory / "site.conf", workers=workers)
        )
        log = directory / "error.log"
        process = subprocess.Popen(
            [nginx_path(), "-c", directory / "nginx.conf", "-p", directory, "-e", log],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        process.name = "nginx (static)"
        try:
            wait_until(lambda: port_open(port), "nginx serving a static file", [process], 20)
            yield f"https://127.0.0.1:{port}/page.html"
        finally:
            process.terminate()
            process.wait(timeout=20)


def versions() -> dict:
    def first_line(command):
        with contextlib.suppress(OSError, IndexError):
            result = subprocess.run(command, capture_output=True, text=True, check=False)  # wrk --version: 1
            return (result.stdout or result.stderr).strip().splitlines()[0]
        return None

    import django
    import gunicorn
    import wagtail

    return {
        "python": platform.python_version(),
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "gunicorn": gunicorn.__version__,
        "nginx": first_line([nginx_path(), "-v"]),
        "wrk": first_line(["wrk", "--version"]),
        "postgresql": first_line(["psql", "--version"]),
        "redis": first_line(["redis-server", "--version"]),
        "cpus": len(__import__("os").sched_getaffinity(0)),
    }


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def ratio(numerator: dict, denominator: dict, digits: int = 2) -> float | None:
    if not denominator["requests_per_second"]:
        return None  # nothing finished within the run
    return round(numerator["requests_per_second"] / denominator["requests_per_second"], digits)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run (after a 5 s warm-up)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--samples", type=int, default=5, help="first renders after a publish")
    parser.add_argument(
        "--nginx-workers", type=int, default=1, help="for the proxy and the static file alike"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's max_requests instead of deploy/gunicorn.conf.py's (200,000): a worker "
        "replaced mid-run re-imports Django, which shows at cache-hit rates; 0 turns it off",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    args = parser.parse_args()
    load = {"seconds": args.seconds, "connections": args.connections}
    gunicorn_args = () if args.max_requests is None else ("--max-requests", str(args.max_requests))
    if not nginx_path():
        raise SystemExit("nginx is not installed: apt-get install -y nginx-light")

    name = database_name(BENCH_DATABASE_URL)
    admin_url = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    if not args.reuse:
        subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    print(f"preparing {name} (migrate, static files, demo content, the bench article)", flush=True)
    prepare_database(BENCH_DATABASE_URL, redis_url=REDIS_URL)
    built = json.loads(
        last_line(
            manage(
                production_env(BENCH_DATABASE_URL, REDIS_URL, PAGE_CACHE_ENABLED="false"),
                "shell",
                "-c",
                BUILD,
            )
        )
    )
    path = built["url"]
    result = {
        "article": built,
        "versions": versions(),
        "load": f"wrk -t2 -c{args.connections} -d{args.seconds}s",
        "gunicorn": "deploy/gunicorn.conf.py, 2 workers"
        + (f", {' '.join(gunicorn_args)}" if gunicorn_args else ""),
    }

    print("(a) first renders after a publish, (b) page-cache miss", flush=True)
    with Stack(
        BENCH_DATABASE_URL,
        REDIS_URL,
        beat=False,
        proxy=False,
        env={"PAGE_CACHE_ENABLED": "false"},
        gunicorn_args=gunicorn_args,
    ) as stack:
        renders = json.loads(
            last_line(
                manage(
                    {**stack.env, "PAGE_CACHE_ENABLED": "true"},
                    "shell",
                    "-c",
                    FIRST_RENDERS.format(url=path, samples=args.samples),
                )
            )
        )
        body, headers = fetch(stack.app_url + path)
        assert "X-Page-Cache" not in headers, headers
        result["first_render_after_publish"] = renders
        result["miss"] = wrk(stack.app_url + path, **load)

    print("(c) app-cache hit, (d) proxy hit", flush=True)
    with Stack(
        BENCH_DATABASE_URL,
        REDIS_URL,
        worker=False,
        beat=False,
        nginx_workers=args.nginx_workers,
        gunicorn_args=gunicorn_args,
    ) as stack:
        fetch(stack.app_url + path)
        body, headers = fetch(stack.app_url + path)
        if headers.get("X-Page-Cache") != "hit":
            raise SystemExit(f"not served from the app cache (X-Page-Cache: {headers.get('X-Page-Cache')})")
        result["hit"] = wrk(stack.app_url + path, **load)
        fetch(stack.proxy_url + path)
        proxied, headers = fetch(stack.proxy_url + path)
        if headers.get("X-Proxy-Cache") != "HIT":
            raise SystemExit(
                f"not served from the proxy cache (X-Proxy-Cache: {headers.get('X-Proxy-Cache')})"
            )
        assert proxied == body, "the proxy serves other bytes than the app"
        result["proxy_hit"] = wrk(stack.proxy_url + path, **load)
        result["bytes"] = len(body)

    print("(e) nginx, static file", flush=True)
    with nginx_static(body, workers=args.nginx_workers) as url:
        assert fetch(url)[0] == body
        result["nginx_static"] = wrk(url, **load)

    print("(f) minimal Django view", flush=True)
    with tempfile.NamedTemporaryFile(prefix="bench-page-", suffix=".html") as page_file:
        page_file.write(body)
        page_file.flush()
        with Stack(
            BENCH_DATABASE_URL,
            REDIS_URL,
            worker=False,
            beat=False,
            proxy=False,
            app="bench.minimal_wsgi:application",
            gunicorn_args=gunicorn_args,
            env={"BENCH_MINIMAL_FILE": page_file.name},
        ) as stack:
            assert fetch(stack.app_url + "/page")[0] == body
            result["minimal_view"] = wrk(stack.app_url + "/page", **load)

    renders = result["first_render_after_publish"]
    result["ratios"] = {
        "hit_over_minimal_view": ratio(result["hit"], result["minimal_view"]),
        "hit_over_miss": ratio(result["hit"], result["miss"], 1),
        "proxy_hit_over_nginx_static": ratio(result["proxy_hit"], result["nginx_static"]),
    }
    targets = {"hit_over_minimal_view": 0.5, "hit_over_miss": 10, "proxy_hit_over_nginx_static": 0.5}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\n{path}: {result['bytes']:,} bytes; {result['load']}; gunicorn: {result['gunicorn']}")
    print(f"(a) first render after publish: {renders['ms']} ms, {renders['queries']} queries (target <= 15)")
    for key, label in (
        ("miss", "(b) page-cache miss"),
        ("hit", "(c) app-cache hit"),
        ("proxy_hit", "(d) proxy hit"),
        ("nginx_static", "(e) nginx static file"),
        ("minimal_view", "(f) minimal Django view"),
    ):
        measured = result[key]
        print(
            f"{label:28} {measured['requests_per_second']:>9,.1f} req/s  p50 {measured['p50']}  p99 {measured.get('p99')}"
        )
    for key, value in result["ratios"].items():
        verdict = "not measured" if value is None else "met" if value >= targets[key] else "NOT met"
        print(f"{key:28} {value!s:>9}  target >= {targets[key]}: {verdict}")
    print(f"saved to {save('page_cache', result)}")


if __name__ == "__main__":
    main()
