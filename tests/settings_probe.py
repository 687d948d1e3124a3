"""Settings as a settings module builds them from the environment, read in a fresh process."""

import os
import subprocess
import sys

from django.conf import settings


def printed_under(module: str, expression: str, *, unset=(), **env) -> str:
    """What `print(expression)` shows with `module` as the settings (`s` is Django's
    settings there), without this process's DATABASE_URL and REDIS_URL nor `unset`."""
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", *unset}
    child_env = {k: v for k, v in os.environ.items() if k not in dropped}
    child_env.update(env, DJANGO_SETTINGS_MODULE=module)
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
