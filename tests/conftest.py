"""Shared fixtures: the committed demo batch, databases (SQLite and PostgreSQL), CLI runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_BATCH = ROOT / "sample_docs" / "batches" / "demo"
PG_ENV = "DOSSIERCHECK_TEST_DATABASE_URL"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


# `make test` spreads the test files over 2 processes (pytest-xdist, ``--dist loadfile``: a
# file's tests stay together, so its module fixtures run once). A file is handed to the first
# free process in this order: the longest first, so that no long file starts last and runs
# alone at the end (measured: the regression guard alone takes 3-6 min).
LONGEST_FIRST = (
    "tests/test_evaluation.py",
    "tests/test_end_to_end.py",
    "tests/flows/test_accountability.py",
    "tests/flows/test_batch_flows.py",
    "tests/flows/test_classifier_cli.py",
    "tests/flows/test_failure_injection.py",
    "tests/flows/test_inbox.py",
    "tests/flows/test_real_server.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the files: ``LONGEST_FIRST``, then the other files with slow tests, then the rest."""

    def rank(item: pytest.Item) -> tuple[int, int]:
        path = item.nodeid.split("::", 1)[0]
        if path in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(path))
        return (1, 0) if path in slow_files else (2, 0)

    slow_files = {item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=rank)  # stable: each file keeps its own order


def realdocs_dir() -> Path | None:
    """The development set of real documents: DOSSIERCHECK_REALDOCS, else ../shared/realdocs, else None."""
    candidates = [
        os.environ.get("DOSSIERCHECK_REALDOCS", ""),
        ROOT.parent / "shared" / "realdocs",
        "/work/shared/realdocs",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "truth.json").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def demo_batch() -> Path:
    return DEMO_BATCH


@pytest.fixture(scope="session")
def demo_truth() -> dict:
    return json.loads((DEMO_BATCH / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres_admin_url)
    name = f"dossiercheck_test_{uuid.uuid4().hex[:10]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        # Configured but down is a failure, never a skip: CI must not go green
        # without having exercised the production database.
        where = admin.render_as_string(hide_password=True)
        pytest.fail(f"PostgreSQL at {PG_ENV}={where} unreachable: {error}", pytrace=False)
    yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dossiercheck.db'}"
    return request.getfixturevalue("postgres_url")


# The runs of one session (CLI runs and the in-process Prefect harness, below)
# share their Prefect result storage, as one site's nightly runs do: a file read once (the demo
# batch) comes from the reading cache in the next test's run. Tests that need cold readings
# generate new files, run in-process with use_cache=False, or give the run a storage of its own.
CLI_RESULT_STORAGE = Path(tempfile.mkdtemp(prefix="dossiercheck-cli-results-"))


@pytest.fixture(scope="session", autouse=True)
def _remove_cli_result_storage() -> Iterator[None]:
    yield
    shutil.rmtree(CLI_RESULT_STORAGE, ignore_errors=True)


# One Prefect test server for the session (in-process flows, and the CLI runs given its URL).
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="dossiercheck-prefect-"))
os.environ.setdefault("PREFECT_HOME", str(_SESSION_HOME / "home"))


@pytest.fixture(scope="session")
def prefect_home() -> Iterator[Path]:
    yield _SESSION_HOME
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_harness(prefect_home: Path) -> Iterator[str]:
    """A Prefect test server for the session; yields its API URL."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_HOME,
        PREFECT_LOCAL_STORAGE_PATH,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    # The session's one reading cache (above): the demo batch is read once.
    updates = {PREFECT_HOME: prefect_home / "home", PREFECT_LOCAL_STORAGE_PATH: CLI_RESULT_STORAGE}
    with temporary_settings(updates=updates), prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


def run_cli(
    *args: str, cwd: Path, timeout: int = 900, api_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``dossiercheck`` console script as a user would (result storage: see above).

    Without ``api_url`` the run starts Prefect's temporary server, as ``make demo`` does (about
    9 s); with the session's server (``prefect_harness``) it reports there, as a site's runs
    report to its Prefect server.
    """
    exe = Path(sys.executable).with_name("dossiercheck")
    env = {
        **os.environ,
        "PREFECT_HOME": str(cwd / ".prefect"),
        "PREFECT_LOCAL_STORAGE_PATH": str(CLI_RESULT_STORAGE),
    }
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def table_counts(url: str) -> dict[str, int]:
    """Rows in each table the pipeline writes: what a rerun must not change."""
    from sqlalchemy import func, select

    from models.db import make_engine
    from models.tables import ApplicationRow, AuditEvent, DocumentRow, FieldRow, FindingRow, ReviewItem

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (ApplicationRow, DocumentRow, FieldRow, FindingRow, ReviewItem, AuditEvent)
            }
    finally:
        engine.dispose()
