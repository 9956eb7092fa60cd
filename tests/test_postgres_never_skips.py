"""A configured PostgreSQL that does not answer fails the suite: CI never goes green without it."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PG_ENV, ROOT


def test_an_unreachable_configured_postgresql_fails_the_postgres_tests() -> None:
    env = {**os.environ, PG_ENV: "postgresql://postgres@127.0.0.1:1/test"}  # nothing listens on port 1
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "postgres",
            "tests/models/test_migrations.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0, result.stdout[-2000:]
    assert "unreachable" in result.stdout, result.stdout[-2000:]
    assert "skipped" not in result.stdout.splitlines()[-1], result.stdout[-500:]
