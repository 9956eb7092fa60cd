"""Helpers of the flow tests (the Prefect harness is in tests/conftest.py: CLI tests use it too)."""

from __future__ import annotations

import json
from pathlib import Path


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
