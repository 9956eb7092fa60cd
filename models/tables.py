"""SQLAlchemy 2 tables: the stored results, the review queue and the audit trail.

Keys: an application is identified by its ``application_id``; a document by
(application, file name) — file names are unique in a folder, while the same
content may legitimately be uploaded twice (which the duplicate rule reports).
Re-running a batch replaces an application's pipeline results in place and
leaves what people did (review items, audit events) untouched.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class BatchRun(Base):
    """One run of the batch flow over one batch directory."""

    __tablename__ = "batch_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_name: Mapped[str] = mapped_column(String(255), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pipeline_version: Mapped[str] = mapped_column(String(64))
    rulebook_version: Mapped[str | None] = mapped_column(String(64))
    classifier_version: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ApplicationRow(Base):
    """One dossier and the pipeline's latest decision on it."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[str] = mapped_column(String(64), unique=True)
    program: Mapped[str | None] = mapped_column(String(128))
    submitted_at: Mapped[date | None] = mapped_column(Date)
    training_start: Mapped[date | None] = mapped_column(Date)
    form: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decision: Mapped[str] = mapped_column(String(32), index=True)
    batch_name: Mapped[str] = mapped_column(String(255))
    pipeline_version: Mapped[str] = mapped_column(String(64))
    rulebook_version: Mapped[str | None] = mapped_column(String(64))
    classifier_version: Mapped[str | None] = mapped_column(String(64))
    results_hash: Mapped[str] = mapped_column(String(64))
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # When ``dossiercheck purge`` removed its personal data (form, documents, fields, files).
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="DocumentRow.file_name"
    )
    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="FindingRow.position"
    )
    review_item: Mapped[ReviewItem | None] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    evaluations: Mapped[list[EvaluationRow]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="EvaluationRow.id"
    )


class DocumentRow(Base):
    """One uploaded file: what reading and classification found."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("application_pk", "file_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    doc_type: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    classifier: Mapped[str | None] = mapped_column(String(64))
    # What decided the type: hard evidence (MRZ, 2D-Doc, IBAN + BIC, SIRET + training words),
    # the model, or the open set (``DocumentFacts.type_evidence``).
    type_evidence: Mapped[str | None] = mapped_column(String(255), default=None)
    pages: Mapped[int] = mapped_column(Integer)
    text_source: Mapped[str] = mapped_column(String(16))
    page_quality: Mapped[list[Any]] = mapped_column(default=list)
    tampering_signals: Mapped[list[Any]] = mapped_column(default=list)
    read_error: Mapped[str | None] = mapped_column(String(64))
    # Where the original file is (filled by the flow; the review app renders pages from it).
    path: Mapped[str | None] = mapped_column(Text, default=None)
    # Clockwise quarter-turn that made each page upright (boxes are on the upright page).
    page_rotations: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    # The document's 2D-Doc, parsed and verified (``DocumentFacts.certified``); None without one.
    certified: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    application: Mapped[ApplicationRow] = relationship(back_populates="documents")
    fields: Mapped[list[FieldRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="FieldRow.name"
    )
    page_hashes: Mapped[list[PageHashRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PageHashRow.page"
    )


class PageHashRow(Base):
    """The hash of one page image after normalisation, for duplicate detection."""

    __tablename__ = "page_hashes"
    __table_args__ = (UniqueConstraint("document_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column(Integer)
    phash: Mapped[str] = mapped_column(String(128), index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="page_hashes")


class FieldRow(Base):
    """One extracted field with its provenance."""

    __tablename__ = "extracted_fields"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    raw: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    extractor: Mapped[str] = mapped_column(String(64))

    document: Mapped[DocumentRow] = relationship(back_populates="fields")


class FindingRow(Base):
    """One rule that failed or could not be decided."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    document: Mapped[str | None] = mapped_column(String(255))
    field: Mapped[str | None] = mapped_column(String(64))
    message_fr: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)

    application: Mapped[ApplicationRow] = relationship(back_populates="findings")


class EvaluationRow(Base):
    """One evaluation of a dossier by the rules (``validators.evaluate_dossier``), as it was.

    Written by the flow and by each recheck when the outcome changed, never
    updated but by the purge (which drops the values read): what ``dossiercheck
    explain`` tells the applicant, the rulebook's parameters for this person,
    what each rule read and its outcome.
    """

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))  # "pipeline" or the login whose correction re-ran it
    trigger: Mapped[str] = mapped_column(String(32))  # pipeline | recheck
    decision: Mapped[str] = mapped_column(String(32))
    pipeline_version: Mapped[str | None] = mapped_column(String(64))
    classifier_version: Mapped[str | None] = mapped_column(String(64))
    rulebook_program: Mapped[str | None] = mapped_column(String(128))
    rulebook_title: Mapped[str | None] = mapped_column(String(255))
    rulebook_version: Mapped[str | None] = mapped_column(String(64))
    # The rulebook's shared settings (region, cap, thresholds…) and each rule's outcome.
    rulebook_settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rules: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64))

    application: Mapped[ApplicationRow] = relationship(back_populates="evaluations")


class ReviewItem(Base):
    """A dossier in the caseworkers' queue (every decision other than accepted)."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_pk: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(32), index=True)  # open | in_review | ... | closed
    assigned_to: Mapped[str | None] = mapped_column(String(128))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Review app statuses: open | in_review | waiting | validated | refused | auto_closed.
    # What a person decided: by whom, when and why (refusal reason, or the correction message).
    decided_by: Mapped[str | None] = mapped_column(String(128), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # Rule ids the pipeline had flagged before anyone changed the dossier (agreement statistics).
    pipeline_rules: Mapped[list[Any] | None] = mapped_column(JSON, default=None)

    application: Mapped[ApplicationRow] = relationship(back_populates="review_item")


class AuditEvent(Base):
    """Append-only trail: who did what, when, with the values before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_application_at", "application_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))  # "pipeline" or a user login
    action: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# --- The review app (issue 6): people, their corrections and notes. -------------------------------
# Additive only: the pipeline never writes these tables, and re-running a batch
# leaves them untouched. Human corrections are a layer over the pipeline's
# extracted fields (``field_corrections``), applied when a dossier is shown or
# re-checked, so a later pipeline run never silently erases a person's work.


class User(Base):
    """A person who logs in to the review app (caseworker, supervisor or admin)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))  # caseworker | supervisor | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """One login attempt, for throttling (failures per login over a sliding window)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    success: Mapped[bool] = mapped_column(default=False)


class CorrectionReason(Base):
    """A reason in the catalogue of correction requests, edited by supervisors."""

    __tablename__ = "correction_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(255))
    message_fr: Mapped[str] = mapped_column(Text)  # the sentence sent to the applicant
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(128))


# ``FieldCorrection.name`` of a correction of the document's type (not of a field).
DOC_TYPE_KEY = "doc_type"


class FieldCorrection(Base):
    """A person's correction of an extracted field, or of a document's type (``name`` = "doc_type")."""

    __tablename__ = "field_corrections"
    __table_args__ = (Index("ix_field_corrections_app", "application_id", "file_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Note(Base):
    """An internal note on a dossier (never sent to the applicant)."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_application_at", "application_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[str] = mapped_column(Text)
