"""Who must use a second factor, as each settings module decides it: production always,
the development settings (`make run`, the embedded default) never unless asked."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64,
    "DATABASE_URL": "sqlite:////tmp/portal-accounts-settings.sqlite3",
    "ALLOWED_HOSTS": "portal.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://portal.example.org",
}


def policy_under(module: str, **env_overrides) -> list[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "TWO_FACTOR_REQUIRED")
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.TWO_FACTOR_REQUIRED, '|'.join(s.TWO_FACTOR_REQUIRED_GROUPS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(" ", 1)


@pytest.mark.parametrize("asked", ["", "false"])
def test_production_always_requires_the_second_factor(asked):
    env = {**PRODUCTION_ENV, **({"TWO_FACTOR_REQUIRED": asked} if asked else {})}
    assert policy_under("portal.settings.production", **env) == ["True", "Inquiry staff"]


def test_development_offers_it_without_requiring_it():
    assert policy_under("portal.settings.dev")[0] == "False"
    assert policy_under("portal.settings.dev", TWO_FACTOR_REQUIRED="true")[0] == "True"


def test_the_groups_come_from_the_environment():
    env = {**PRODUCTION_ENV, "TWO_FACTOR_REQUIRED_GROUPS": "Inquiry staff,Moderators"}
    assert policy_under("portal.settings.production", **env) == ["True", "Inquiry staff|Moderators"]
