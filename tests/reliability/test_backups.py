"""The backup of README "Backups and restore", taken and restored: pg_dump (custom format)
of a database with the demo content, pg_restore into an empty database, the media tarred
and untarred, and the restored site serves the same pages as the original."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from psycopg import sql

from .conftest import ARTICLE, HOME, REGISTER, TRIAL, RedisServer, postgres_url, stack_module

RESTORED_DATABASE = "rel_restored"
PAGES = [
    HOME,
    "/zh-hans/",
    "/zh-hant/",
    ARTICLE,
    "/zh-hans/articles/treasure-trial/",
    "/en/articles/",
    REGISTER,
    "/zh-hant/trials/",
    TRIAL,
    "/en/about/",
    "/sitemap.xml",
]
# What differs between two renders of one page whatever the database: the CSP nonce and
# the CSRF token drawn for each response.
PER_RESPONSE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"'), r'\1""'),
]


def postgres_tool(name: str, database_url: str) -> str:
    """pg_dump/pg_restore of the server's major version (Debian keeps each version's
    binaries in /usr/lib/postgresql/<major>/bin; the one on PATH may be another)."""
    with psycopg.connect(database_url) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    for candidate in (f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name)):
        if candidate and Path(candidate).exists():
            version = subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=True
            ).stdout
            if re.search(rf"\b{major}\.\d+", version):
                return candidate
    pytest.fail(f"no {name} for PostgreSQL {major} (apt-get install -y postgresql-client-{major})")


def run(*command) -> None:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"


def recreate(database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    admin = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def tables(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def rendered(stack, paths: list[str]) -> dict[str, str]:
    pages = {}
    with httpx.Client(base_url=stack.app_url, timeout=30) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, f"{path}: {response.status_code}\n{stack.logs(tail=4000)}"
            text = response.text.replace(stack.app_url, "http://site")
            for pattern, replacement in PER_RESPONSE:
                text = pattern.sub(replacement, text)
            pages[path] = text
    return pages


def test_a_dump_restored_into_an_empty_database_serves_the_same_pages(site_database, tmp_path):
    stack = stack_module()
    restored_url = postgres_url(RESTORED_DATABASE)
    source_data, restored_data = stack.data_dir(site_database), stack.data_dir(restored_url)

    # The commands of README "Backups and restore".
    dump = tmp_path / "portal.dump"
    run(postgres_tool("pg_dump", site_database), "--format=custom", f"--file={dump}", site_database)
    # Other tests' stacks serve this site meanwhile and may add image renditions to its media.
    media_before = digests(source_data / "media")
    run("tar", "-C", source_data, "-czf", tmp_path / "media.tar.gz", "media")
    recreate(restored_url)
    assert tables(restored_url) == 0
    run(postgres_tool("pg_restore", site_database), "--no-owner", f"--dbname={restored_url}", dump)
    shutil.rmtree(restored_data / "media", ignore_errors=True)
    run("tar", "-C", restored_data, "-xzf", tmp_path / "media.tar.gz")

    assert tables(restored_url) == tables(site_database)
    media = digests(restored_data / "media")
    assert media and media_before.items() <= media.items() <= digests(source_data / "media").items()
    # Static files come with the code, not the backup: both serve the same collected files.
    options = {"web_workers": 1, "worker": False, "beat": False, "proxy": False}
    env = {"PAGE_CACHE_ENABLED": "false", "STATIC_ROOT": str(source_data / "static")}
    with (
        RedisServer() as redis,
        stack.Stack(site_database, redis.url, env=env, **options) as original,
        stack.Stack(restored_url, redis.url, env=env, **options) as restored,
    ):
        before, after = rendered(original, PAGES), rendered(restored, PAGES)
    assert "TREASURE" in before[ARTICLE] and "NCT03356821" in before[TRIAL]
    for path in PAGES:
        assert after[path] == before[path], path
