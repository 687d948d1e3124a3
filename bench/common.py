"""Shared plumbing for the benchmarks: a throwaway PostgreSQL database, the
production settings, gunicorn with 2 workers, and wrk as the load generator.

Benchmarks are run by hand (see bench/README.md), never as part of the tests.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS_DIR = BASE_DIR / "bench" / "results"
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "8123"))


def bench_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DATABASE_URL=BENCH_DATABASE_URL,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="false",
        CELERY_TASK_ALWAYS_EAGER="true",
        SITE_URL="http://127.0.0.1:8000",
        # Production caches whole pages; the benchmarks measure rendering unless they say.
        PAGE_CACHE_ENABLED="false",
    )
    env.update(extra)
    return env


def manage(*args: str, **extra) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=bench_env(**extra), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def recreate_database() -> None:
    name = BENCH_DATABASE_URL.rsplit("/", 1)[-1]
    admin_url = BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)


def prepare_site() -> None:
    """A fresh database with migrations, demo content and collected static files."""
    recreate_database()
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("seed_demo")


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port}")


@contextlib.contextmanager
def gunicorn(workers: int = 2, app: str = "portal.wsgi", **extra):
    """gunicorn serving `app` (portal.wsgi) with the production settings on 127.0.0.1:PORT."""
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        app,
        f"--workers={workers}",
        f"--bind=127.0.0.1:{PORT}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=bench_env(**extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for_port(PORT)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        process.terminate()
        process.wait(timeout=15)


def wrk(url: str, *, seconds: int = 10, connections: int = 16, threads: int = 2) -> dict:
    """Requests per second and latency percentiles from a wrk run."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    # Warm every worker first: a fresh worker's first requests load templates and
    # dictionaries and take seconds, which is start-up, not throughput.
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d5s", "--timeout", "30s", url], capture_output=True, check=True
    )
    # Sync workers still answer the requests the warm-up left queued; one more request,
    # queued behind them, returns once they are done, so the measured run starts clean.
    subprocess.run(["curl", "-sk", "-o", "/dev/null", "--max-time", "120", url], check=False)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return {
        "url": url,
        "requests_per_second": rps,
        "p50": p50.group(1) if p50 else None,
        "p99": p99.group(1) if p99 else None,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "connections": connections,
        "seconds": seconds,
    }


def save(name: str, data: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    return path
