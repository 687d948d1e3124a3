"""Production settings refuse to start without their environment, and pass check --deploy."""

import os
import subprocess
import sys

from django.conf import settings

from portal.release import code_fingerprint

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
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    code = (
        "import django, os; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_cache_keys_are_per_release():
    """Cached fragments must not outlive a deploy: the key prefix names the release."""
    code = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    tagged = run_manage("shell", "-c", code, env_overrides={**PRODUCTION_ENV, "RELEASE": "2026.11.26-abc"})
    assert tagged.stdout.strip().splitlines()[-1] == "portal:2026.11.26-abc", tagged.stderr
    untagged = run_manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert untagged.stdout.strip().splitlines()[-1] == f"portal:{code_fingerprint()}", untagged.stderr
