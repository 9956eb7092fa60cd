"""``dossiercheck purge`` and the daily purge flow: personal data of closed dossiers, after retention.

A dossier is closed when the pipeline accepted it and no one reopened it, or
when a caseworker validated or refused it (or a later run closed its review
item). ``retention_days`` after closure (``DOSSIERCHECK_RETENTION_DAYS``,
default 90) the purge deletes, for that dossier:

- the uploaded files and the form beside them (the application's folder),
- the form stored in the database, the documents' rows with their extracted
  fields, page hashes and paths, the people's corrections and notes,
- the values and file names in the stored findings, evaluations and audit
  trail (the audit trail keeps who did what and when, the decisions, reason
  codes and rule ids: nothing about the applicant).

It keeps the application id, program, dates, decisions, reason codes and the
counts, and marks the dossier ``purged_at``. Each dossier is purged in its own
transaction, files first, so an interrupted purge leaves each dossier either
untouched or purged, and a second run finishes the work (idempotent). Then
SQLite is vacuumed (deleted bytes stay in free pages otherwise) and
PostgreSQL's tables vacuumed.

Outside the database: Prefect's cached readings (``PREFECT_LOCAL_STORAGE_PATH``,
JSON) older than ``min(older_than, 7 days)`` are deleted, and the batch
reports of a ``reports`` folder older than the retention.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from sqlalchemy import delete, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from models.db import make_engine, migrate, session_factory, session_scope
from models.settings import get_settings
from models.store import add_audit_event, utcnow
from models.tables import ApplicationRow, AuditEvent, DocumentRow, FieldCorrection, Note

CLOSED_STATUSES = frozenset({"validated", "refused", "auto_closed"})
PURGE_ACTOR = "purge"
# The keys of an audit event's before/after kept by the purge: decisions, statuses, codes, rule
# ids, versions, logins of caseworkers. Values read or typed (names, IBANs, messages, file names,
# reasons written by people) are dropped.
AUDIT_KEYS_KEPT = frozenset(
    {
        "decision",
        "results_hash",
        "versions",
        "codes",
        "rulebook",
        "status",
        "assigned_to",
        "via",
        "locked_minutes",
        "pipeline_decision",
        "open_codes",
        "pipeline_rules",
        "reasons",
        "field",
        "doc_type",
        "decided_by",
        "note_id",
        "counts",
    }
)
# What a rule read, kept after the purge: where from and which field, not the value.
INPUT_KEYS_KEPT = ("source", "doc_type", "field", "page", "extractor")
PURGED_MESSAGE_FR = "Message supprimé à l'expiration de la durée de conservation des données personnelles."


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def closed_at(row: ApplicationRow) -> datetime | None:
    """When the dossier was closed, or None while it is still open."""
    item = row.review_item
    if item is None:
        return _aware(row.processed_at) if row.decision == "accepted" else None
    if item.status in CLOSED_STATUSES:
        return _aware(item.decided_at) or _aware(item.updated_at)
    return None


def due_for_purge(session: Session, cutoff: datetime) -> list[str]:
    """Application ids of closed dossiers, closed at or before ``cutoff``, not purged yet."""
    rows = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.purged_at.is_(None))
        .options(selectinload(ApplicationRow.review_item))
        .order_by(ApplicationRow.application_id)
    )
    out = []
    for row in rows:
        closed = closed_at(row)
        if closed is not None and closed <= cutoff:
            out.append(row.application_id)
    return out


def _scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v for k, v in values.items() if k in AUDIT_KEYS_KEPT}


def delete_files(row: ApplicationRow) -> int:
    """Delete the dossier's uploaded files and its folder (when named after it); the number deleted."""
    removed = 0
    folders: set[Path] = set()
    for doc in row.documents:
        if not doc.path:
            continue
        path = Path(doc.path)
        folders.add(path.parent)
        if path.is_file():
            path.unlink()
            removed += 1
    for folder in folders:
        if folder.name == row.application_id and folder.is_dir():
            removed += sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
    return removed


def purge_dossier(session: Session, application_id: str) -> dict[str, int] | None:
    """Remove one closed dossier's personal data (files first); anonymous counts, or None if already done."""
    row = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.fields),
            selectinload(ApplicationRow.findings),
            selectinload(ApplicationRow.review_item),
            selectinload(ApplicationRow.evaluations),
        )
    ).one_or_none()
    if row is None or row.purged_at is not None:
        return None
    counts = {
        "documents": len(row.documents),
        "fields": sum(len(d.fields) for d in row.documents),
        "findings": len(row.findings),
        "files": delete_files(row),
    }
    row.documents = []
    row.form = None
    for finding in row.findings:
        finding.document = None
        finding.message_fr = PURGED_MESSAGE_FR
        finding.evidence = {}
    for evaluation in row.evaluations:
        evaluation.rules = [
            {
                **rule,
                "inputs": [{k: i.get(k) for k in INPUT_KEYS_KEPT} for i in rule.get("inputs") or []],
            }
            for rule in evaluation.rules or []
        ]
    if row.review_item is not None:
        row.review_item.decision_reason = None
    counts["corrections"] = _delete(session, FieldCorrection, application_id)
    counts["notes"] = _delete(session, Note, application_id)
    for audit in session.scalars(select(AuditEvent).where(AuditEvent.application_id == application_id)):
        audit.before, audit.after = _scrub(audit.before), _scrub(audit.after)
    now = utcnow()
    row.purged_at = now
    add_audit_event(
        session,
        application_id=application_id,
        actor=PURGE_ACTOR,
        action="purge",
        after={"counts": counts},
        at=now,
    )
    session.flush()
    return counts


def _delete(session: Session, table: Any, application_id: str) -> int:
    result = session.execute(
        delete(table)
        .where(table.application_id == application_id)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def vacuum(database_url: str) -> bool:
    """Reclaim deleted rows' space so their bytes leave the files (SQLite: VACUUM and WAL checkpoint).

    False when the database refused (another connection busy): the next purge vacuums again, and
    SQLite's ``secure_delete`` already zeroed the deleted rows in the file.
    """
    engine = make_engine(database_url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("VACUUM"))
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            elif connection.dialect.name == "postgresql":
                for table in ("applications", "documents", "extracted_fields", "page_hashes", "findings"):
                    connection.execute(text(f"VACUUM {table}"))
                for table in ("evaluations", "audit_events", "field_corrections", "notes", "review_items"):
                    connection.execute(text(f"VACUUM {table}"))
    except OperationalError:
        return False
    finally:
        engine.dispose()
    return True


def _secure_delete(engine: Any) -> None:
    """On SQLite, overwrite deleted content with zeros as it is deleted (``PRAGMA secure_delete``)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA secure_delete=ON")


def result_storage() -> Path:
    """Where Prefect keeps task results (the cached readings): PREFECT_LOCAL_STORAGE_PATH."""
    if os.environ.get("PREFECT_LOCAL_STORAGE_PATH"):
        return Path(os.environ["PREFECT_LOCAL_STORAGE_PATH"])
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH

    return Path(PREFECT_LOCAL_STORAGE_PATH.value())


def _delete_older(folder: Path, older_than_days: float, pattern: str = "*") -> int:
    if not folder.is_dir():
        return 0
    limit = time.time() - older_than_days * 86400
    removed = 0
    for path in folder.rglob(pattern):
        if path.is_file() and path.stat().st_mtime <= limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def purge_result_storage(older_than_days: float, storage: Path | None = None) -> int:
    """Delete cached readings older than ``min(older_than_days, cache expiration)``: the count."""
    from flows.batch import CACHE_EXPIRATION

    days = min(older_than_days, CACHE_EXPIRATION / timedelta(days=1))
    return _delete_older(storage or result_storage(), days)


@dataclass
class PurgeResult:
    """What one purge did (anonymous counts only)."""

    dossiers: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    cached_results: int = 0
    reports: int = 0
    vacuumed: bool = True


def purge(
    database_url: str,
    older_than_days: float,
    *,
    storage: Path | None = None,
    reports_dir: Path | None = None,
    now: datetime | None = None,
) -> PurgeResult:
    """Purge closed dossiers older than ``older_than_days``, cached readings and old reports."""
    migrate(database_url)
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    result = PurgeResult()
    engine = make_engine(database_url)
    _secure_delete(engine)
    try:
        factory = session_factory(engine)
        with session_scope(factory) as session:
            due = due_for_purge(session, cutoff)
        for application_id in due:
            with session_scope(factory) as session:  # one dossier, one transaction
                counts = purge_dossier(session, application_id)
            if counts is not None:
                result.dossiers += 1
                for key, value in counts.items():
                    result.counts[key] = result.counts.get(key, 0) + value
    finally:
        engine.dispose()
    result.vacuumed = vacuum(database_url)
    result.cached_results = purge_result_storage(older_than_days, storage)
    if reports_dir is not None:
        result.reports = _delete_older(Path(reports_dir), older_than_days, "*.json")
    return result


@flow(name="purge-personal-data", log_prints=False)
def purge_personal_data(older_than_days: float | None = None, reports_dir: str | None = None) -> dict:
    """The daily purge (deployment ``daily-purge``): retention from settings unless given.

    The database URL comes from ``DOSSIERCHECK_DATABASE_URL`` on the worker, never a parameter.
    Logs and the returned summary hold counts only.
    """
    settings = get_settings()
    days = settings.retention_days if older_than_days is None else older_than_days
    result = purge(settings.database_url, days, reports_dir=Path(reports_dir) if reports_dir else None)
    summary = {
        "older_than_days": days,
        "dossiers": result.dossiers,
        **result.counts,
        "cached_results": result.cached_results,
        "reports": result.reports,
        "vacuumed": result.vacuumed,
    }
    get_run_logger().info("purge: %s", summary)
    return summary
