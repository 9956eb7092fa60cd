"""Contract types: the application form in, the report out (CONTRACT.md §2 and §4)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.document import TextSource


class Address(BaseModel):
    """A postal address as the applicant typed it."""

    model_config = ConfigDict(extra="forbid")

    line1: str = Field(min_length=1)
    postal_code: str = Field(pattern=r"^\d{5}$")
    city: str = Field(min_length=1)


class Applicant(BaseModel):
    """The applicant's declared identity and bank details."""

    model_config = ConfigDict(extra="forbid")

    last_name: str = Field(min_length=1)
    first_names: list[str] = Field(min_length=1)
    birth_date: date
    address: Address
    france_travail_id: str = Field(min_length=1)
    iban: str = Field(min_length=1)

    @field_validator("iban", "france_travail_id")
    @classmethod
    def _compact(cls, value: str) -> str:
        return re.sub(r"\s+", "", value).upper()


class Training(BaseModel):
    """The training the applicant asks funding for."""

    model_config = ConfigDict(extra="forbid")

    provider_name: str = Field(min_length=1)
    provider_siret: str = Field(pattern=r"^\d{14}$")
    title: str = Field(min_length=1)
    start_date: date
    end_date: date
    hours: float = Field(gt=0)
    cost_eur: Decimal = Field(ge=0, decimal_places=2)


class Application(BaseModel):
    """application.json, validated (CONTRACT.md §2)."""

    model_config = ConfigDict(extra="forbid")

    application_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    program: str = Field(min_length=1)
    submitted_at: date
    applicant: Applicant
    training: Training
    requested_amount_eur: Decimal = Field(ge=0, decimal_places=2)


class Decision(StrEnum):
    """The pipeline's decision on a dossier (never a refusal)."""

    ACCEPTED = "accepted"
    INCOMPLETE = "incomplete"
    NEEDS_REVIEW = "needs_review"


class ReasonOut(BaseModel):
    """One reason as the report shows it."""

    code: str
    document: str | None = None
    field: str | None = None
    message: str


class DocumentOut(BaseModel):
    """One uploaded file as the report shows it."""

    file: str
    doc_type: str
    confidence: float
    pages: int
    text_source: TextSource
    fields: dict[str, Any] = Field(default_factory=dict)
    # The document's 2D-Doc (optional key, absent without one): raw message, header, fields,
    # signature (valid | invalid | unverifiable), certificate id. See docs/reading.md.
    certified: dict[str, Any] | None = Field(default=None, exclude_if=lambda value: value is None)


class InspectedDocument(DocumentOut):
    """``dossiercheck inspect`` output: a document plus its file-level reasons."""

    reasons: list[ReasonOut] = Field(default_factory=list)
    # The MRZ read, when there is one: lines, format, every check digit, page and box (inspect only).
    mrz: dict[str, Any] | None = Field(default=None, exclude_if=lambda value: value is None)
    # What decided the type (hard evidence, model, open set): inspect only, not in the report.
    type_evidence: str = ""


class ApplicationOut(BaseModel):
    """One dossier in the report."""

    application_id: str
    decision: Decision
    reasons: list[ReasonOut] = Field(default_factory=list)
    documents: list[DocumentOut] = Field(default_factory=list)


class Report(BaseModel):
    """The batch report (CONTRACT.md §4)."""

    batch: str
    generated_at: str
    applications: list[ApplicationOut] = Field(default_factory=list)
