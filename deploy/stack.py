"""The production stack on this machine: gunicorn with deploy/gunicorn.conf.py, a Celery
worker, Celery beat and Debian's nginx with deploy/nginx.conf, all with the production
settings, on free loopback ports. For benchmarks, end-to-end tests and a look at the site
as it is deployed (`make serve-prod`, or `python -m deploy.stack`):

    prepare_database(database_url)          # create, migrate, collectstatic, demo, admin
    with Stack(database_url, redis_url) as stack:
        stack.proxy_url   # https://127.0.0.1:<port>, nginx (self-signed: verify=False)
        stack.app_url     # http://127.0.0.1:<port>, gunicorn itself
        stack.logs()      # every process's log, for failure messages

Each stack has its own cache key prefix (RELEASE), Celery queue and secret key, so several
stacks (and the tests' own workers) can share one Redis database. Static files, media and
the admin's password file of a database live in `data_dir(database_url)`.
"""

import argparse
import contextlib
import ctypes
import fcntl
import getpass
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy"
BIN = Path(sys.executable).parent
LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_local"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
# The Wagtail site's host: the proxy's cache key is $host$request_uri, so a purge (a GET
# with the Site's host name) refreshes what visitors of https://127.0.0.1:<port> get.
HOST = "127.0.0.1"
START_TIMEOUT = 90  # seconds; three Django processes start at once on a busy machine
STOP_TIMEOUT = 20
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def data_dir(database_url: str) -> Path:
    """Where a database's static files, media and admin password live (one per database,
    so stacks on different databases never rewrite each other's files)."""
    path = Path(tempfile.gettempdir()) / "portal-stack" / database_name(database_url)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_env(database_url: str) -> dict:
    data = data_dir(database_url)
    return {
        "STATIC_ROOT": str(data / "static"),
        "MEDIA_ROOT": str(data / "media"),
        "ADMIN_CREDENTIALS_FILE": str(data / "admin-credentials"),
    }


def production_env(database_url: str, redis_url: str, **extra) -> dict:
    """The environment of the production settings for a database and a Redis."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "DJANGO_", "GUNICORN_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://{HOST}:8000",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        PAGE_CACHE_ENABLED="true",
        # gunicorn is reached over plain HTTP too (app_url); nginx says https itself.
        SECURE_SSL_REDIRECT="false",
        PYTHONUNBUFFERED="1",
        **data_env(database_url),
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    """manage.py with `env`; its output, or StackError with it."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(database_url: str, *, demo: bool = True, redis_url: str = LOCAL_REDIS_URL) -> str:
    """Create the database if missing, migrate, collect the static files, and with `demo`
    seed the demo content and the admin account (the order of `make run`). Returns the
    admin's password ("" without `demo`). Serialised per database (a file lock)."""
    name = database_name(database_url)
    env = production_env(database_url, redis_url, CELERY_QUEUE=f"prepare-{secrets.token_hex(4)}")
    with open(data_dir(database_url) / "prepare.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        import psycopg
        from psycopg import sql

        admin_url = urlsplit(database_url)._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        if not demo:
            return ""
        manage(env, "seed_demo")
        manage(env, "update_index", "--verbosity", "0")
        output = manage(env, "ensure_admin")
    return output.rsplit("password:", 1)[-1].strip()


def self_signed_cert(directory: Path) -> None:
    """cert.pem and key.pem in `directory`, for 127.0.0.1 and localhost."""
    subprocess.run(  # noqa: S603
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", directory / "key.pem", "-out", directory / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip


def site_config(
    directory: Path,
    *,
    upstream: str,
    https_port: int,
    http_port: int,
    purge_port: int,
    media_root: str | Path | None = None,
) -> str:
    """deploy/nginx.conf with this machine's ports and paths (a self-signed certificate,
    cert.pem, and the proxy snippet are written to `directory`). Every value replaced must
    be in the shipped file, so whatever runs this follows the shipped configuration."""
    directory = Path(directory)
    self_signed_cert(directory)
    shutil.copy(DEPLOY / "nginx-proxy.conf", directory / "portal-proxy.conf")
    if media_root is None:
        media_root = directory / "media"
        media_root.mkdir(exist_ok=True)
    replacements = {
        "unix:/run/portal/gunicorn.sock": upstream,
        "/var/cache/nginx/portal": str(directory / "cache"),
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{purge_port};",
        "/etc/letsencrypt/live/portal.example.org/fullchain.pem": str(directory / "cert.pem"),
        "/etc/letsencrypt/live/portal.example.org/privkey.pem": str(directory / "key.pem"),
        "snippets/portal-proxy.conf": str(directory / "portal-proxy.conf"),
        "/srv/portal/media/": f"{str(media_root).rstrip('/')}/",
        "/var/log/nginx/portal-access.log": str(directory / "access.log"),
    }
    config = (DEPLOY / "nginx.conf").read_text()
    for old, new in replacements.items():
        if old not in config:
            raise StackError(f"deploy/nginx.conf no longer has {old!r}")
        config = config.replace(old, new)
    return config


def nginx_main_config(directory: Path, include: Path, *, workers: int | str | None = None) -> str:
    """nginx's main file around a site config: everything under `directory`. Without
    `workers`, one process and no master (for tests); else a master and that many workers."""
    directory = Path(directory)
    temp = "\n".join(
        f"{kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    if workers is None:
        processes = "master_process off;\n"
    else:
        # As root, the workers would be nobody, who cannot read a private temp directory.
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        processes = f"{user}worker_processes {workers};\n"
    return (
        f"daemon off;\n{processes}pid {directory / 'nginx.pid'};\nerror_log {directory / 'error.log'} info;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}\ninclude {include};\n}}\n"
    )


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(path, os.X_OK)), None
    )


def wait_until(ready, what: str, processes, timeout: float = START_TIMEOUT) -> None:
    """Poll `ready()` until true; StackError if a process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise StackError(f"{process.name} exited with {process.returncode} before {what}")
        with contextlib.suppress(OSError):
            if ready():
                return
        time.sleep(0.2)
    raise StackError(f"timed out after {timeout:.0f} s waiting for {what}")


def port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own loopback URL)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# Looked up here, not in the forked child, where loading a library could deadlock.
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None


def _stop_with_parent() -> None:
    """In a started process, before it runs: SIGTERM when the process that started the
    stack dies without stopping it (a test run killed), so nothing is left running."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


class Stack:
    """The production stack on free loopback ports; see the module's docstring."""

    def __init__(
        self,
        database_url: str,
        redis_url: str,
        *,
        web_workers: int = 2,
        worker: bool = True,
        beat: bool = True,
        proxy: bool = True,
        env: dict | None = None,
        log_dir: str | Path | None = None,
        nginx_workers: int | str = 1,
        gunicorn_args: tuple[str, ...] = (),
        app: str | None = None,
    ):
        """`nginx_workers`: nginx's worker processes; `gunicorn_args`: options that override
        deploy/gunicorn.conf.py; `app`: another WSGI application for gunicorn to serve
        ("module:name", e.g. a benchmark's), which need not have /healthz."""
        self.database_url = database_url
        self.redis_url = redis_url
        self.web_workers = web_workers
        self.with_worker = worker
        self.with_beat = beat
        self.with_proxy = proxy
        self.nginx_workers = nginx_workers
        self.gunicorn_args = tuple(gunicorn_args)
        self.app = app
        self.extra_env = dict(env or {})
        self.log_dir_given = Path(log_dir) if log_dir else None
        self.processes: list[subprocess.Popen] = []
        self.app_url = self.proxy_url = self.purge_url = None
        self.http_url = None  # nginx's plain-HTTP listener (it redirects to https)
        self.env: dict = {}
        self.work_dir = self.log_dir = None

    # -- start and stop ------------------------------------------------------------------
    def __enter__(self) -> "Stack":
        self.work_dir = Path(tempfile.mkdtemp(prefix="portal-stack-"))
        self.log_dir = self.log_dir_given or self.work_dir / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(4)
        app_port = free_port()
        self.app_url = f"http://127.0.0.1:{app_port}"
        if self.with_proxy:
            https_port, http_port, purge_port = free_port(), free_port(), free_port()
            self.proxy_url = f"https://127.0.0.1:{https_port}"
            self.http_url = f"http://127.0.0.1:{http_port}"
            self.purge_url = f"http://127.0.0.1:{purge_port}"
        origins = [url for url in (self.proxy_url, self.app_url) if url]
        origins += [url.replace("127.0.0.1", "localhost") for url in origins]
        self.env = production_env(
            self.database_url,
            self.redis_url,
            SITE_URL=self.proxy_url or self.app_url,
            CSRF_TRUSTED_ORIGINS=",".join(origins),
            RELEASE=f"stack-{token}",
            CELERY_QUEUE=f"stack-{token}",
            PROXY_CACHE_PURGE_URL=self.purge_url or "",  # none without the proxy
            GUNICORN_BIND=f"127.0.0.1:{app_port}",
            GUNICORN_WORKERS=str(self.web_workers),
        )
        self.env.update(self.extra_env)
        try:
            self._start(token, app_port)
        except StackError as error:
            logs = self.logs()
            self._stop()
            raise StackError(f"{error}\n{logs}") from None
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop()

    def _spawn(self, name: str, command: list, **kwargs) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # closed in _stop
        process = subprocess.Popen(  # noqa: S603
            [str(part) for part in command],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as one
            preexec_fn=_stop_with_parent,
            **kwargs,
        )
        process.name, process.log = name, log
        self.processes.append(process)
        return process

    def _start(self, token: str, app_port: int) -> None:
        web = self._spawn(
            "gunicorn",
            [
                BIN / "gunicorn",
                "--config",
                DEPLOY / "gunicorn.conf.py",
                *self.gunicorn_args,
                *filter(None, [self.app]),
            ],
        )
        started = [web]
        if self.with_worker:
            started.append(
                self._spawn(
                    "worker",
                    [
                        BIN / "celery",
                        "--app",
                        "portal",
                        "worker",
                        "--loglevel",
                        "INFO",
                        "--hostname",
                        f"stack-{token}@%h",
                        "--without-mingle",
                        "--without-gossip",
                    ],
                )  # fmt: skip
            )
        if self.with_beat:
            started.append(
                self._spawn(
                    "beat",
                    [
                        BIN / "celery",
                        "--app",
                        "portal",
                        "beat",
                        "--loglevel",
                        "INFO",
                        "--schedule",
                        self.work_dir / "celerybeat-schedule",
                    ],
                )  # fmt: skip
            )
        if self.with_proxy:
            started.append(self._start_nginx(app_port))
        # gunicorn answers at all, then /healthz says its database, cache and broker work.
        wait_until(lambda: http_status(self.app_url + "/healthz") > 0, "gunicorn", started)
        if not self.app:
            wait_until(
                lambda: http_status(self.app_url + "/healthz") == 200, "/healthz to answer 200", started, 15
            )
        if self.with_proxy:
            proxy_port = urlsplit(self.proxy_url).port
            wait_until(lambda: port_open(proxy_port), "nginx", started)
        if self.with_worker:
            wait_until(lambda: self._logged("worker", " ready."), "the Celery worker", started)
        if self.with_beat:
            wait_until(lambda: self._logged("beat", "beat: Starting"), "Celery beat", started)

    def _start_nginx(self, app_port: int) -> subprocess.Popen:
        nginx = nginx_path()
        if not nginx:
            raise StackError("nginx is not installed (apt-get install -y nginx-light)")
        proxy_dir = self.work_dir / "nginx"
        proxy_dir.mkdir()
        site = site_config(
            proxy_dir,
            upstream=f"127.0.0.1:{app_port}",
            https_port=urlsplit(self.proxy_url).port,
            http_port=urlsplit(self.http_url).port,
            purge_port=urlsplit(self.purge_url).port,
            media_root=self.env["MEDIA_ROOT"],
        )
        (proxy_dir / "portal-site.conf").write_text(site)
        (proxy_dir / "nginx.conf").write_text(
            nginx_main_config(proxy_dir, proxy_dir / "portal-site.conf", workers=self.nginx_workers)
        )
        self.nginx_error_log = self.log_dir / "nginx-error.log"
        return self._spawn(
            "nginx", [nginx, "-c", proxy_dir / "nginx.conf", "-p", proxy_dir, "-e", self.nginx_error_log]
        )

    def _logged(self, name: str, text: str) -> bool:
        return text in (self.log_dir / f"{name}.log").read_text(errors="replace")

    def _stop(self) -> None:
        """SIGTERM to every process (gunicorn, Celery and nginx stop gracefully on it),
        then SIGKILL to the process groups of any still running and of their children."""
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            process.log.close()
        self.processes = []
        if self.work_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None

    # -- while it runs ---------------------------------------------------------------------
    def logs(self, tail: int = 20000) -> str:
        """The end (`tail` characters) of each process's log, nginx's error log included."""
        parts = []
        if self.log_dir and self.log_dir.exists():
            for path in sorted(self.log_dir.glob("*.log")):
                text = path.read_text(errors="replace")
                parts.append(f"== {path.name}\n{text[-tail:] if tail else text}")
        return "\n".join(parts)

    def manage(self, *args: str, timeout: float = 600) -> str:
        """manage.py with the stack's environment (its database, cache and queue)."""
        return manage(self.env, *args, timeout=timeout)

    def pid(self, name: str) -> int:
        """The process id of "gunicorn" (the master), "worker", "beat" or "nginx"."""
        return next(process.pid for process in self.processes if process.name == name)

    def web_worker_pids(self) -> list[int]:
        """gunicorn's worker processes (children of the master)."""
        children = Path(f"/proc/{self.pid('gunicorn')}/task/{self.pid('gunicorn')}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop_web_worker_pid(self) -> int:
        """Kill one gunicorn worker (SIGKILL; the master starts another); its pid."""
        pid = self.web_worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Run the production stack locally (gunicorn, Celery worker and beat, nginx) "
        "on a prepared database, in the foreground until Ctrl-C."
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", LOCAL_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", LOCAL_REDIS_URL))
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--no-demo", action="store_true", help="do not seed the demo content and admin")
    args = parser.parse_args()
    # Ctrl-C, or `kill` (SIGTERM), stops everything; even started in the background,
    # where a shell ignores SIGINT for its children.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(
        f"Preparing {database_name(args.database_url)} (migrate, static files, demo content)...", flush=True
    )
    password = prepare_database(args.database_url, demo=not args.no_demo, redis_url=args.redis_url)
    with Stack(args.database_url, args.redis_url, web_workers=args.web_workers) as stack:
        print(f"Site (nginx, self-signed certificate): {stack.proxy_url}/")
        print(f"App (gunicorn, no proxy cache):         {stack.app_url}/")
        if password:
            print(f"Admin: {stack.proxy_url}/admin/  user: admin  password: {password}")
        print(f"Logs: {stack.log_dir}\nCtrl-C stops everything.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while all(process.poll() is None for process in stack.processes):
                time.sleep(1)
            print(f"A process exited:\n{stack.logs(tail=4000)}", file=sys.stderr)
            raise SystemExit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # during the preparation or the start: already cleaned up
        raise SystemExit(130) from None
