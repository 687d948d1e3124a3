"""End to end: Debian's Chromium (driven by Playwright) against the production stack of
deploy/stack.py, i.e. gunicorn with the production settings, a Celery worker, beat and
nginx with the shipped config, on a database of its own with the demo content, and a
real SMTP server whose mailbox the tests read.

The stack is slow to start, so there is one per test session: every module here is in
the xdist group "e2e", which pyproject's `--dist loadgroup` sends to one worker process.
Its database (`e2e_<DATABASE_URL's name>[_<worker>]`) is dropped and prepared afresh at
the start, so a run never sees what an earlier one left. Visitors use a phone-sized
page, staff a desktop one. Each test saves a screenshot per step; the folder is kept and
named in the report when the test fails (with the end of the stack's logs), else deleted
(kept with E2E_KEEP_SCREENSHOTS=1).

Without Chromium, nginx, PostgreSQL or Redis the tests skip, or fail with
REQUIRE_SERVICES=1 (tests/services.py).
"""

import json
import os
import re
import secrets
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from deploy.stack import Stack, manage, nginx_path, prepare_database
from tests import smtp
from tests.e2e.site import DESKTOP, NOTIFY_EMAIL, PHONE, Account
from tests.services import chromium_path, redis_url, unavailable

GROUPS = {"editor": "Editors", "reviewer": "Medical reviewers", "staff": "Inquiry staff"}


def stack_database_url() -> str:
    """The stack's database: the test run's PostgreSQL server, a name of its own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        unavailable("the end-to-end tests need PostgreSQL (DATABASE_URL=postgres://...)")
    parts = urlsplit(url)
    name = f"e2e_{parts.path.lstrip('/') or 'portal'}"
    if worker := os.environ.get("PYTEST_XDIST_WORKER"):
        name += f"_{worker}"
    return parts._replace(path=f"/{name}").geturl()


def drop_database(database_url: str) -> None:
    parts = urlsplit(database_url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        name = sql.Identifier(parts.path.lstrip("/"))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The running production stack (deploy/stack.py) on a fresh demo database, with
    `.mailbox`: what its worker and web processes sent by email."""
    chromium_path()
    if not nginx_path():
        unavailable("nginx is not installed (apt-get install -y nginx-light)")
    redis = redis_url()
    database_url = stack_database_url()
    drop_database(database_url)
    prepare_database(database_url, demo=True, redis_url=redis)
    mailbox = smtp.Mailbox()
    mail_server = smtp.start(mailbox)
    env = {
        "EMAIL_URL": f"smtp://{mail_server.hostname}:{mail_server.port}",
        "INQUIRIES_NOTIFY_EMAILS": NOTIFY_EMAIL,
        "INQUIRIES_MIN_FILL_SECONDS": "0",  # a browser driven by a test types fast
    }
    log_dir = tmp_path_factory.mktemp("e2e-stack-logs")
    try:
        with Stack(database_url, redis, web_workers=2, env=env, log_dir=log_dir) as running:
            running.mailbox = mailbox
            yield running
    finally:
        mail_server.stop()


USERS_SCRIPT = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

for person in json.loads(os.environ["E2E_USERS"]):
    user = get_user_model().objects.create_user(
        person["username"], email=person["username"] + "@example.org", password=person["password"],
        first_name=person["first_name"], last_name=person["last_name"],
    )
    user.groups.set([Group.objects.get(name=person["group"])])
    if person["totp_key"]:
        TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True, key=person["totp_key"])
"""


@pytest.fixture(scope="session")
def users(stack) -> dict[str, Account]:
    """An editor, a medical reviewer and inquiry staff (who must use a second factor:
    an authenticator whose key the test holds), made with `manage.py shell`."""
    accounts = {
        "editor": Account("e2e-editor", secrets.token_urlsafe(12), "Hua", "Li"),
        "reviewer": Account("e2e-reviewer", secrets.token_urlsafe(12), "Lin", "Wang"),
        "staff": Account(
            "e2e-staff", secrets.token_urlsafe(12), "Yan", "Zhou", totp_key=secrets.token_hex(20)
        ),
    }
    spec = [{**vars(account), "group": GROUPS[role]} for role, account in accounts.items()]
    manage({**stack.env, "E2E_USERS": json.dumps(spec)}, "shell", "-c", USERS_SCRIPT)
    return accounts


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module. Not for the session: Playwright's event loop runs in this
    thread while it is open, and other tests on this worker use Django's database."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Shots:
    """`shots(page, "step")` saves a screenshot of the step; every page a test opened is
    also shot when it fails."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0
        self.pages = []

    def watch(self, page):
        self.pages.append(page)
        return page

    def __call__(self, page, step: str) -> None:
        self.count += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=self.directory / f"{self.count:02d}-{name}.png")

    def failed(self) -> None:
        for number, page in enumerate(self.pages, start=1):
            if not page.is_closed():
                try:
                    page.screenshot(path=self.directory / f"failed-page-{number}.png", full_page=True)
                except Exception as exc:  # the page may be what broke; the report still comes
                    (self.directory / f"failed-page-{number}.txt").write_text(repr(exc))


@pytest.fixture
def shots(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp(f"e2e-{request.node.name}")
    recorder = Shots(directory)
    yield recorder
    if not getattr(request.node, "e2e_failed", False) and not os.environ.get("E2E_KEEP_SCREENSHOTS"):
        shutil.rmtree(directory, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report names its screenshots and ends with the stack's logs."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    item.e2e_failed = True
    funcargs = getattr(item, "funcargs", {})
    if (recorder := funcargs.get("shots")) is not None:
        recorder.failed()
        report.sections.append(("e2e screenshots", f"kept in {recorder.directory}"))
    if (running := funcargs.get("stack")) is not None:
        report.sections.append(("e2e stack logs", f"{running.log_dir}\n{running.logs(tail=3000)}"))


def _context_page(browser, shots, viewport: dict, **options):
    context = browser.new_context(
        viewport=viewport, ignore_https_errors=True, locale="zh-CN", accept_downloads=True, **options
    )
    context.set_default_timeout(20_000)
    return context, shots.watch(context.new_page())


@pytest.fixture
def phone(browser, shots):
    """A visitor's phone: 390x844, touch, Simplified Chinese first in Accept-Language."""
    context, page = _context_page(browser, shots, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def desktop(browser, shots):
    """`desktop()`: a new staff browser (its own cookies) at desktop size."""
    contexts = []

    def open_page():
        context, page = _context_page(browser, shots, DESKTOP)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()
