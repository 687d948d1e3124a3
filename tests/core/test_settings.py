"""Production settings refuse to start without their environment, and pass check --deploy."""

import json
import os
import subprocess
import sys

from django.conf import settings

from portal.release import code_fingerprint
from tests.settings_probe import printed_under

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "production-like-secret-key-for-the-deploy-check",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "ALLOWED_HOSTS": "portal.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
    "SITE_URL": "https://portal.example.org",
}


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DATABASE_URL"}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_required_variables():
    result = run_manage("check", env_overrides={})
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "SITE_URL"):
        assert name in result.stderr


def test_production_names_only_what_is_missing():
    partial = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = run_manage("check", env_overrides=partial)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
    assert "SECRET_KEY" not in result.stderr.split("variables:")[-1]


def test_production_passes_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_entry_points_default_to_production():
    base = settings.BASE_DIR / "portal"
    for name in ("wsgi.py", "asgi.py", "celery.py"):
        assert '"portal.settings.production"' in (base / name).read_text()
    assert '"portal.settings.dev"' in (settings.BASE_DIR / "manage.py").read_text()


def test_dev_settings_are_the_embedded_default():
    printed = printed_under(
        "portal.settings.dev",
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.PAGE_CACHE_ENABLED",
    )
    assert printed.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "False",  # no page cache: another process could not purge this one's memory
    ]


def test_cache_keys_are_per_release():
    """Cached fragments must not outlive a deploy: the key prefix names the release."""
    code = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    tagged = run_manage("shell", "-c", code, env_overrides={**PRODUCTION_ENV, "RELEASE": "2026.11.26-abc"})
    assert tagged.stdout.strip().splitlines()[-1] == "portal:2026.11.26-abc", tagged.stderr
    untagged = run_manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert untagged.stdout.strip().splitlines()[-1] == f"portal:{code_fingerprint()}", untagged.stderr


PRODUCTION_PROBE = """
import json
from django.conf import settings as s
from django.test import Client
plain = Client(HTTP_HOST="portal.example.org").get("/favicon.ico")
proxied = Client(HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https").get("/favicon.ico")
print(json.dumps({
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "cache": s.CACHES["default"]["BACKEND"],
    "conn": [s.DATABASES["default"]["CONN_MAX_AGE"], s.DATABASES["default"]["CONN_HEALTH_CHECKS"]],
    "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "page_cache": s.PAGE_CACHE_ENABLED,
    "frontend_cache": [backend["LOCATION"] for backend in s.WAGTAILFRONTENDCACHE.values()],
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security"),
                proxied.get("Content-Security-Policy"), proxied.get("Permissions-Policy"),
                proxied.get("Referrer-Policy"), proxied.get("X-Content-Type-Options")],
}))
"""


def test_production_stack_behind_a_tls_proxy():
    """Real requests through the production middleware: plain HTTP is sent to HTTPS, a
    request the proxy marks as HTTPS gets HSTS and the security headers."""
    env = {**PRODUCTION_ENV, "PROXY_CACHE_PURGE_URL": "http://127.0.0.1:8081,http://10.0.0.2:8081"}
    result = run_manage("shell", "-c", PRODUCTION_PROBE, env_overrides=env)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert probe["cache"] == "portal.core.redis_cache.TolerantRedisCache"
    assert probe["conn"] == [60, True]
    assert probe["cookies"] == [True, True]
    assert probe["page_cache"] is True
    assert probe["frontend_cache"] == ["http://127.0.0.1:8081", "http://10.0.0.2:8081"]
    assert probe["plain"] == [301, "https://portal.example.org/favicon.ico"]
    status, hsts, csp, permissions, referrer, nosniff = probe["proxied"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "camera=()" in permissions
    assert (referrer, nosniff) == ("same-origin", "nosniff")
