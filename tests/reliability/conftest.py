"""The site as deployed (deploy/stack.py: gunicorn, production settings) on a database with
the demo content, with Redis and PostgreSQL each behind something a test can take away:
a private redis-server it stops and starts, and a TCP proxy it cuts (tcp_proxy.py). The
shared PostgreSQL and Redis are never stopped."""

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.services import unavailable

from .tcp_proxy import TcpProxy

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DATABASE = "rel_site"
REDIS_PORTS = range(18200, 18300)
# Pages of the demo content (portal/*/demo.py, articles/demo.py, trials/demo.py).
HOME = "/en/"
ARTICLE = "/en/articles/treasure-trial/"
REGISTER = "/en/trials/"
TRIAL = "/en/trials/nct03356821/"
CONTACT = "/en/contact/"


def postgres_url(name: str) -> str:
    """DATABASE_URL's server, database `name`; skip (or fail) without PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        unavailable("these tests need PostgreSQL (a postgres:// DATABASE_URL)")
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def stack_module():
    try:
        from deploy import stack
    except ImportError as exc:
        unavailable(f"deploy/stack.py cannot be imported: {exc}")
    if not shutil.which("redis-server"):
        unavailable("redis-server is not installed (apt-get install -y redis-server)")
    return stack


def _fingerprint() -> str:
    """What the prepared database and its collected static files depend on."""
    from portal.release import code_fingerprint

    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted((BASE_DIR / "portal" / "static").rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _database_exists(url: str) -> bool:
    import psycopg

    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        name = urlsplit(url).path.lstrip("/")
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


@pytest.fixture(scope="session")
def site_database() -> str:
    """rel_site with migrations, static files and the demo content. Prepared again only when
    the code changed since the last run (migrating and seeding take half a minute)."""
    stack = stack_module()
    url = postgres_url(SITE_DATABASE)
    marker = stack.data_dir(url) / "prepared"
    fingerprint = _fingerprint()
    # Parallel test processes: the first prepares, the others wait and find it done.
    with open(stack.data_dir(url) / "reliability.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (marker.exists() and marker.read_text() == fingerprint and _database_exists(url)):
            with RedisServer() as redis:
                stack.prepare_database(url, demo=True, redis_url=redis.url)
            marker.write_text(fingerprint)
    return url


class RedisServer:
    """A private redis-server on a free port in 18200-18299, to stop and start at will."""

    def __init__(self):
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self):
        # Parallel test processes may reach for the same free port: the loser tries the next.
        for port in REDIS_PORTS:
            if _port_free(port):
                self.port = port
                if self._started():
                    return self
        pytest.fail("no free port in 18200-18299 for a private redis-server")

    def __exit__(self, *exc_info):
        self.stop()

    def start(self) -> None:
        """Start again on the same port (after stop())."""
        if not self._started():
            pytest.fail(f"redis-server did not start again on port {self.port}")

    def _started(self) -> bool:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir(),
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            if not _port_free(self.port):
                return True
            time.sleep(0.05)
        self.stop()
        return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@dataclass
class Site:
    stack: object  # deploy.stack.Stack
    redis: RedisServer
    database: TcpProxy
    database_url: str  # the database itself, not through the proxy
    client: httpx.Client

    def logs(self) -> str:
        return self.stack.logs(tail=6000)


@pytest.fixture(scope="module")
def site(site_database):
    """gunicorn (2 workers, production settings) whose Redis (cache and broker) is a private
    redis-server and whose PostgreSQL is reached through a TcpProxy."""
    stack = stack_module()
    server = urlsplit(site_database)
    env = {"INQUIRIES_MIN_FILL_SECONDS": "0", "INQUIRIES_NOTIFY_EMAILS": "staff@example.org"}
    with RedisServer() as redis, TcpProxy(server.hostname, server.port or 5432) as database:
        credentials = f"{server.netloc.rpartition('@')[0]}@" if "@" in server.netloc else ""
        through_proxy = server._replace(netloc=f"{credentials}{database.host}:{database.port}").geturl()
        with (
            stack.Stack(
                through_proxy, redis.url, web_workers=2, worker=False, beat=False, proxy=False, env=env
            ) as app,
            httpx.Client(base_url=app.app_url, timeout=30) as client,
        ):
            yield Site(app, redis, database, site_database, client)
