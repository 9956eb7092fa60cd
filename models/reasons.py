"""Reason codes (CONTRACT.md §7) and findings, the data a rule returns."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ReasonCode(StrEnum):
    """Stable reason codes of CONTRACT.md §7."""

    APPLICATION_INVALID = "APPLICATION_INVALID"
    MISSING_DOCUMENT = "MISSING_DOCUMENT"
    FILE_UNREADABLE = "FILE_UNREADABLE"
    UNREADABLE_DOCUMENT = "UNREADABLE_DOCUMENT"
    UNCERTAIN_DOCUMENT_TYPE = "UNCERTAIN_DOCUMENT_TYPE"
    FIELD_NOT_FOUND = "FIELD_NOT_FOUND"
    IDENTITY_EXPIRED = "IDENTITY_EXPIRED"
    MRZ_INVALID = "MRZ_INVALID"
    NAME_MISMATCH = "NAME_MISMATCH"
    BIRTH_DATE_MISMATCH = "BIRTH_DATE_MISMATCH"
    ADDRESS_PROOF_TOO_OLD = "ADDRESS_PROOF_TOO_OLD"
    ADDRESS_MISMATCH = "ADDRESS_MISMATCH"
    ADDRESS_OUTSIDE_REGION = "ADDRESS_OUTSIDE_REGION"
    IBAN_INVALID = "IBAN_INVALID"
    IBAN_MISMATCH = "IBAN_MISMATCH"
    JOBSEEKER_ID_MISMATCH = "JOBSEEKER_ID_MISMATCH"
    JOBSEEKER_CERTIFICATE_TOO_OLD = "JOBSEEKER_CERTIFICATE_TOO_OLD"
    SIRET_INVALID = "SIRET_INVALID"
    SIRET_MISMATCH = "SIRET_MISMATCH"
    TRAINING_DATES_INVALID = "TRAINING_DATES_INVALID"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    AMOUNT_OVER_CAP = "AMOUNT_OVER_CAP"
    DUPLICATE_DOCUMENT = "DUPLICATE_DOCUMENT"
    SUSPECTED_TAMPERING = "SUSPECTED_TAMPERING"
    # Issue 20: a document's 2D-Doc (CONTRACT §7 to be extended by the lead).


class Severity(StrEnum):
    """``fail``: the rule was evaluated and failed. ``doubt``: it could not be decided."""

    FAIL = "fail"
    DOUBT = "doubt"


class Finding(BaseModel):
    """One rule that failed or could not be decided, on one dossier."""

    rule_id: str
    code: ReasonCode
    severity: Severity = Severity.FAIL
    document: str | None = None
    field: str | None = None
    message_fr: str
    evidence: dict[str, Any] = Field(default_factory=dict)
