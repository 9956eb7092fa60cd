"""Persistence of pipeline results: keyword-only functions over a Session.

Re-running a batch upserts: an application's pipeline results (documents,
fields, findings) are replaced in place; review items and audit events, which
record what people did, are never deleted by the pipeline.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.contract import Decision
from models.facts import DocumentFacts
from models.reasons import Finding
from models.tables import (
    ApplicationRow,
    AuditEvent,
    DocumentRow,
    EvaluationRow,
    FieldRow,
    FindingRow,
    PageHashRow,
    ReviewItem,
)

PIPELINE_ACTOR = "pipeline"
OPEN_REVIEW_STATUSES = frozenset({"open"})
# A review item the pipeline itself closed, because a later run accepted the dossier.
AUTO_CLOSED = "auto_closed"


def utcnow() -> datetime:
    """The current time in UTC (the one clock read of the storage layer)."""
    return datetime.now(UTC)


def results_hash(
    *, decision: Decision, documents: Sequence[DocumentFacts], findings: Sequence[Finding]
) -> str:
    """A stable digest of what the pipeline concluded, to tell a changed result from a re-run."""
    payload = {
        "decision": decision.value,
        "documents": [d.model_dump(mode="json", exclude={"duplicate_of"}) for d in documents],
        "findings": [f.model_dump(mode="json") for f in findings],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def find_duplicates(
    session: Session,
    *,
    application_id: str,
    sha256: str,
    page_hashes: Iterable[str] = (),
) -> list[str]:
    """Other applications holding the same bytes or the same normalised page image."""
    others = set(
        session.scalars(
            select(ApplicationRow.application_id)
            .join(DocumentRow, DocumentRow.application_pk == ApplicationRow.id)
            .where(DocumentRow.sha256 == sha256, ApplicationRow.application_id != application_id)
        )
    )
    hashes = [h for h in page_hashes if h]
    if hashes:
        others.update(
            session.scalars(
                select(ApplicationRow.application_id)
                .join(DocumentRow, DocumentRow.application_pk == ApplicationRow.id)
                .join(PageHashRow, PageHashRow.document_id == DocumentRow.id)
                .where(PageHashRow.phash.in_(hashes), ApplicationRow.application_id != application_id)
            )
        )
    return sorted(others)


def _document_row(facts: DocumentFacts, folder: Path | None = None) -> DocumentRow:
    row = DocumentRow(
        file_name=facts.file,
        path=str(folder / facts.file) if folder is not None else None,
        page_rotations=list(facts.page_rotations) or None,
        sha256=facts.sha256,
        doc_type=facts.doc_type.value,
        confidence=facts.confidence,
        classifier=None,
        type_evidence=facts.type_evidence[:255] or None,
        pages=facts.pages,
        text_source=facts.text_source.value,
        page_quality=[q.model_dump(mode="json") for q in facts.page_quality],
        tampering_signals=list(facts.tampering_signals),
        read_error=facts.read_findings[0].code.value if facts.read_findings else None,
        certified=facts.certified,
    )
    row.fields = [
        FieldRow(
            name=name,
            value=extracted.value,
            raw=extracted.raw,
            page=extracted.page,
            bbox=list(extracted.bbox) if extracted.bbox else None,
            confidence=extracted.confidence,
            extractor=extracted.extractor,
        )
        for name, extracted in sorted(facts.fields.items())
    ]
    row.page_hashes = [PageHashRow(page=i, phash=h) for i, h in enumerate(facts.page_hashes, start=1) if h]
    return row


def save_documents(
    session: Session,
    *,
    application_id: str,
    batch_name: str,
    documents: Sequence[DocumentFacts],
    pipeline_version: str,
    folder: Path | None = None,
) -> ApplicationRow:
    """Store (or replace) an application's documents before its checks run.

    Documents are stored first, for the whole batch, so that the duplicate
    lookup sees every application of the batch whatever the processing order.
    ``folder`` is where the application's files stay after the run (the review
    app shows them from there).
    """
    row = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(selectinload(ApplicationRow.documents))
    ).one_or_none()
    if row is None:
        row = ApplicationRow(
            application_id=application_id,
            decision=Decision.NEEDS_REVIEW.value,
            batch_name=batch_name,
            pipeline_version=pipeline_version,
            results_hash="",
            processed_at=utcnow(),
        )
        session.add(row)
    row.documents = []
    session.flush()
    row.documents = [_document_row(d, folder) for d in documents]
    session.flush()
    return row


def replace_findings(session: Session, *, row: ApplicationRow, findings: Sequence[Finding]) -> None:
    """Replace an application's stored findings by ``findings``, in their order."""
    row.findings = []
    session.flush()
    row.findings = [
        FindingRow(
            position=i,
            rule_id=f.rule_id,
            code=f.code.value,
            severity=f.severity.value,
            document=f.document,
            field=f.field,
            message_fr=f.message_fr,
            evidence=f.evidence,
        )
        for i, f in enumerate(findings)
    ]


def save_result(
    session: Session,
    *,
    application_id: str,
    batch_name: str,
    form: dict[str, Any] | None,
    program: str | None,
    submitted_at: date | None,
    training_start: date | None,
    decision: Decision,
    documents: Sequence[DocumentFacts],
    findings: Sequence[Finding],
    versions: dict[str, str | None],
) -> ApplicationRow:
    """Store the decision and findings of one application (after ``save_documents``).

    The review item is created for every decision but ``accepted`` and is only
    touched while no one has started working on it. An audit event is written
    when the pipeline's conclusion changed, so a re-run adds nothing.
    """
    row = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(selectinload(ApplicationRow.findings), selectinload(ApplicationRow.review_item))
    ).one()
    digest = results_hash(decision=decision, documents=documents, findings=findings)
    changed = digest != row.results_hash
    previous = {"decision": row.decision, "results_hash": row.results_hash} if row.results_hash else None
    now = utcnow()

    row.form = form
    row.program = program
    row.submitted_at = submitted_at
    row.training_start = training_start
    row.decision = decision.value
    row.batch_name = batch_name
    row.pipeline_version = versions.get("pipeline") or ""
    row.rulebook_version = versions.get("rulebook")
    row.classifier_version = versions.get("classifier")
    row.results_hash = digest
    if changed:
        row.processed_at = now
        replace_findings(session, row=row, findings=findings)
        session.add(
            AuditEvent(
                application_id=application_id,
                at=now,
                actor=PIPELINE_ACTOR,
                action="pipeline_decision",
                before=previous,
                after={"decision": decision.value, "results_hash": digest, "versions": versions},
            )
        )
    _sync_review_item(row, decision=decision, now=now)
    session.flush()
    return row


def record_evaluation(
    session: Session, *, row: ApplicationRow, evaluation: dict[str, Any], actor: str, trigger: str
) -> EvaluationRow | None:
    """Store one evaluation (``validators.Evaluation.model_dump(mode="json")``) unless it repeats the last.

    ``trigger``: ``pipeline`` (the flow) or ``recheck`` (after a correction).
    A re-run that concludes the same adds nothing, as for the audit trail.
    """
    rulebook = evaluation.get("rulebook") or {}
    versions = evaluation.get("versions") or {}
    content = {k: evaluation.get(k) for k in ("decision", "versions", "rulebook", "rules")}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    session.flush()
    last = session.scalars(
        select(EvaluationRow.content_hash)
        .where(EvaluationRow.application_pk == row.id)
        .order_by(EvaluationRow.id.desc())
        .limit(1)
    ).first()
    if last == digest:
        return None
    evaluation_row = EvaluationRow(
        application_pk=row.id,
        at=utcnow(),
        actor=actor,
        trigger=trigger,
        decision=str(evaluation["decision"]),
        pipeline_version=versions.get("pipeline"),
        classifier_version=versions.get("classifier"),
        rulebook_program=rulebook.get("program"),
        rulebook_title=rulebook.get("title"),
        rulebook_version=rulebook.get("version"),
        rulebook_settings=rulebook.get("settings") or {},
        rules=list(evaluation.get("rules") or []),
        content_hash=digest,
    )
    session.add(evaluation_row)
    session.flush()
    return evaluation_row


def _sync_review_item(row: ApplicationRow, *, decision: Decision, now: datetime) -> None:
    item = row.review_item
    if decision is Decision.ACCEPTED:
        if item is not None and item.status in OPEN_REVIEW_STATUSES and item.assigned_to is None:
            item.status = AUTO_CLOSED
            item.updated_at = now
        return
    if item is None:
        row.review_item = ReviewItem(status="open", created_at=now, updated_at=now)
    elif item.status == AUTO_CLOSED:
        item.status = "open"
        item.updated_at = now


# --- Review app (issue 6): the audit trail and the human corrections layer. -----------------------


def add_audit_event(
    session: Session,
    *,
    application_id: str | None,
    actor: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the audit trail (never updated, never deleted)."""
    event = AuditEvent(
        application_id=application_id,
        at=at or utcnow(),
        actor=actor,
        action=action,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def latest_corrections(session: Session, *, application_id: str) -> dict[tuple[str, str], Any]:
    """People's corrections of one dossier: ``(file_name, field or "doc_type") -> value``, latest wins.

    The pipeline's rows stay as the machine read them; this layer goes over
    them wherever a dossier is shown or re-checked (and a flow re-running the
    batch may apply it too).
    """
    from models.tables import FieldCorrection

    rows = session.scalars(
        select(FieldCorrection)
        .where(FieldCorrection.application_id == application_id)
        .order_by(FieldCorrection.at, FieldCorrection.id)
    )
    return {(row.file_name, row.name): row.value for row in rows}
