"""deploy/stack.py: the production stack (gunicorn, Celery worker and beat, nginx with the
shipped config) started on this machine, as benchmarks and end-to-end tests use it."""

import json
import os
from urllib.parse import urlsplit

import httpx
import pytest

from deploy.stack import Stack, StackError, nginx_path, port_open, prepare_database
from tests.services import redis_url, require_postgresql, unavailable
from tests.worker import wait_for


def stack_database_url() -> str:
    """A database of its own next to the tests' (prepared, not created by pytest-django)."""
    base = os.environ["DATABASE_URL"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{base.rsplit('/', 1)[0]}/{urlsplit(base).path.lstrip('/')}_stack_{worker}"


@pytest.fixture
def services():
    require_postgresql()
    redis = redis_url()
    if not nginx_path():
        unavailable("nginx is not installed (apt-get install -y nginx-light)")
    return stack_database_url(), redis


def test_the_stack_serves_through_the_proxy_and_runs_tasks(services):
    database_url, redis = services
    assert prepare_database(database_url, redis_url=redis)  # the admin's password
    with Stack(database_url, redis, web_workers=1) as stack:
        ports = [urlsplit(url).port for url in (stack.app_url, stack.proxy_url, stack.purge_url)]
        assert stack.env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"

        with httpx.Client(base_url=stack.proxy_url, verify=False, timeout=30) as proxy:  # noqa: S501 (self-signed)
            first = proxy.get("/en/")
            assert (first.status_code, first.headers["X-Proxy-Cache"]) == (200, "MISS"), stack.logs()
            second = proxy.get("/en/")
            assert (second.headers["X-Proxy-Cache"], second.text) == ("HIT", first.text)
            assert "Strict-Transport-Security" in second.headers  # production settings, over https

        health = httpx.get(stack.app_url + "/healthz", timeout=30)
        assert health.status_code == 200
        states = health.json()
        assert (states["database"], states["cache"], states["broker"]) == ("ok", "ok", "ok")

        # A task sent to the stack's queue runs on its worker and records the heartbeat
        # /healthz reads (beat sends the same task only on the minute).
        task_id = stack.manage(
            "shell", "-c", "from portal.core.tasks import beat_heartbeat; print(beat_heartbeat.delay().id)"
        ).split()[-1]
        wait_for(
            lambda: any(task_id in line and "succeeded" in line for line in stack.logs(tail=0).splitlines()),
            timeout=30,
            what=f"task {task_id} to succeed on the worker",
            details=stack.logs,
        )
        beat = json.loads(httpx.get(stack.app_url + "/healthz", timeout=30).text)["beat"]
        assert beat == "ok"
        pids = [process.pid for process in stack.processes]
    assert not any(port_open(port) for port in ports)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in pids)


def test_a_stack_that_cannot_start_says_why_and_leaves_nothing_running(services):
    database_url, redis = services
    missing = database_url.rsplit("/", 1)[0] + "/stack_no_such_database"
    stack = Stack(missing, redis, worker=False, beat=False, proxy=False)
    with pytest.raises(StackError) as raised:
        stack.__enter__()
    assert "/healthz to answer 200" in str(raised.value)
    assert "== gunicorn.log" in str(raised.value)  # the logs, for the failure message
    assert stack.processes == []
    assert not port_open(urlsplit(stack.app_url).port)
