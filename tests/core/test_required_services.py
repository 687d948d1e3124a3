"""CI's promise that no service test silently skips starts with the database."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_required_services_refuse_sqlite():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["REQUIRE_SERVICES"] = "1"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "--collect-only",
            "-q",
            "tests/core/test_health.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "REQUIRE_SERVICES=1 needs a PostgreSQL DATABASE_URL" in result.stderr + result.stdout
