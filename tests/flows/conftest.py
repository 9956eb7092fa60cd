"""Prefect fixtures: one test harness per session, its own PREFECT_HOME, offline."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="dossiercheck-prefect-"))
os.environ.setdefault("PREFECT_HOME", str(_SESSION_HOME / "home"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


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

    from tests.conftest import CLI_RESULT_STORAGE

    # The session's one reading cache (see tests/conftest.py): the demo batch is read once.
    updates = {PREFECT_HOME: prefect_home / "home", PREFECT_LOCAL_STORAGE_PATH: CLI_RESULT_STORAGE}
    with temporary_settings(updates=updates), prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


def secrets_of(truth: dict, batch: Path) -> set[str]:
    """Names, IBANs and document numbers of the batch's people (what must never be logged)."""
    secrets: set[str] = set()
    keys = {"last_name", "first_names", "holder_name", "iban", "document_number", "mrz", "fiscal_number"}
    keys |= {"france_travail_id", "tax_reference"}
    for app in truth["applications"].values():
        for facts in app["files"].values():
            for key, value in facts.get("fields", {}).items():
                if key in keys and isinstance(value, str):
                    secrets.add(value)
    for form_path in batch.glob("*/application.json"):
        applicant = json.loads(form_path.read_text(encoding="utf-8")).get("applicant", {})
        secrets.add(applicant.get("last_name", ""))
        secrets.update(applicant.get("first_names", []))
        secrets.add(applicant.get("iban", ""))
        secrets.add(applicant.get("france_travail_id", ""))
    # Whole values and their words (a first name alone), long enough not to match by chance.
    words = {w for s in secrets for w in s.replace("<", " ").replace(",", " ").split()}
    return {s.upper() for s in secrets | words if len(s) >= 4}
