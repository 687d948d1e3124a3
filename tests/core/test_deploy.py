"""deploy/: the units an operator installs start the programs they name, on our settings."""

import configparser
import os
import shlex
import subprocess
from pathlib import Path

from django.conf import settings

from tests.core.test_settings import PRODUCTION_ENV

DEPLOY = Path(settings.BASE_DIR) / "deploy"
RELEASE_DIR = "/srv/portal/current"


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser["Service"]


def command(name: str) -> list[str]:
    """The unit's ExecStart, run from this checkout instead of the release directory."""
    return [
        part.replace(RELEASE_DIR, str(settings.BASE_DIR)) for part in shlex.split(unit(name)["ExecStart"])
    ]


def test_every_unit_runs_the_release_with_the_environment_file():
    for name in ("portal-web.service", "portal-worker.service", "portal-beat.service"):
        service = unit(name)
        assert service["WorkingDirectory"] == RELEASE_DIR
        assert service["EnvironmentFile"] == "/etc/portal/env"
        assert service["User"] == "portal"
        assert Path(command(name)[0]).exists(), name


def test_gunicorn_loads_the_site_with_production_settings():
    args = command("portal-web.service")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PRODUCTION_ENV, GUNICORN_BIND="127.0.0.1:0")
    result = subprocess.run(
        [*args, "--check-config"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # Without the environment the production settings refuse to start, and so does gunicorn.
    env = {k: v for k, v in env.items() if k != "SECRET_KEY"}
    refused = subprocess.run(
        [*args, "--check-config"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr


def test_the_celery_units_name_the_app_and_one_beat():
    assert command("portal-worker.service")[1:4] == ["--app", "portal", "worker"]
    assert command("portal-beat.service")[1:4] == ["--app", "portal", "beat"]
    assert "ONE per" in (DEPLOY / "portal-beat.service").read_text()
