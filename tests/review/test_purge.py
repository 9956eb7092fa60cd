"""The purge on reviewed dossiers (SQLite and PostgreSQL): only closed ones, after retention, idempotent."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from flows.retention import due_for_purge, purge, purge_dossier
from models.db import make_engine, session_factory, session_scope
from models.settings import DEFAULT_RULES_DIR
from models.store import utcnow
from models.tables import ApplicationRow, AuditEvent, Note, ReviewItem, User
from review import decisions, dossier_loading, field_corrections, notes
from tests.review.factories import FORM

CLOSED, OPEN = "SUD-2026-000101", "SUD-2026-000102"


def _close_with_traces(url: str) -> None:
    engine = make_engine(url)
    with session_scope(session_factory(engine)) as session:
        alice = session.scalars(select(User).where(User.login == "alice")).one()
        row = dossier_loading.load_dossier(session, CLOSED)
        notes.add_note(session, row, user=alice, body=f"Appelé {FORM['applicant']['last_name']}")
        doc = next(d for d in row.documents if d.file_name == "rib.pdf")
        field_corrections.correct_field(
            session,
            row,
            user=alice,
            document_id=doc.id,
            name="iban",
            value=FORM["applicant"]["iban"],
            minutes=5,
            rules_dir=DEFAULT_RULES_DIR,
        )
        decisions.validate(
            session, row, user=alice, minutes=5, comment=f"Vu {FORM['applicant']['last_name']}"
        )
    engine.dispose()


def _dump(url: str, application_id: str) -> str:
    engine = make_engine(url)
    with session_scope(session_factory(engine)) as session:
        row = dossier_loading.load_dossier(session, application_id)
        events = session.scalars(select(AuditEvent).where(AuditEvent.application_id == application_id)).all()
        text = json.dumps(
            {
                "form": row.form,
                "documents": [d.file_name for d in row.documents],
                "fields": [f.value for d in row.documents for f in d.fields],
                "findings": [(f.document, f.message_fr, f.evidence) for f in row.findings],
                "evaluations": [e.rules for e in row.evaluations],
                "events": [(e.before, e.after) for e in events],
                "reason": row.review_item.decision_reason if row.review_item else None,
            },
            ensure_ascii=False,
            default=str,
        )
    engine.dispose()
    return text


def test_purge_closed_dossiers_only_after_retention_idempotent(
    login, review_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _close_with_traces(review_url)
    name, iban = FORM["applicant"]["last_name"], FORM["applicant"]["iban"]
    assert name in _dump(review_url, CLOSED) and iban in _dump(review_url, CLOSED)
    # Closed a moment ago: a 1-day retention keeps it.
    assert purge(review_url, 1, storage=tmp_path / "storage").dossiers == 0

    # Interrupted in the middle of a dossier (before its commit): nothing of it changed.
    engine = make_engine(review_url)
    factory = session_factory(engine)
    with factory() as session:
        assert due_for_purge(session, utcnow() + timedelta(seconds=1)) == [CLOSED]
        assert purge_dossier(session, CLOSED) is not None
        session.rollback()
    assert name in _dump(review_url, CLOSED)

    result = purge(review_url, 0, storage=tmp_path / "storage")
    assert result.dossiers == 1 and result.counts["documents"] == 5 and result.counts["notes"] == 1
    purged = _dump(review_url, CLOSED)
    assert name not in purged and iban not in purged and "rib.pdf" not in purged
    assert name in _dump(review_url, OPEN)  # open dossiers are never purged
    with session_scope(factory) as session:
        row = session.scalars(select(ApplicationRow).where(ApplicationRow.application_id == CLOSED)).one()
        assert row.purged_at is not None and row.form is None and row.decision
        assert row.findings == [] or all(f.code for f in row.findings)
        item = session.scalars(select(ReviewItem).where(ReviewItem.application_pk == row.id)).one()
        assert item.status == "validated" and item.decided_by == "alice"
        assert session.scalars(select(Note).where(Note.application_id == CLOSED)).all() == []
        actions = [
            e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.application_id == CLOSED))
        ]
        assert {"correct_field", "recheck", "validate", "purge"} <= set(actions)
        evaluation = row.evaluations[-1]
        assert all("value" not in i for r in evaluation.rules for i in r["inputs"])
        assert evaluation.rulebook_version
    engine.dispose()
    assert purge(review_url, 0, storage=tmp_path / "storage").dossiers == 0
    # The review app still shows the purged dossier, and its explanation, without personal data.
    client = login("bob")
    for path in (
        f"/dossiers/{CLOSED}",
        f"/dossiers/{CLOSED}/explication",
        f"/dossiers/{CLOSED}/explication.md",
    ):
        response = client.get(path)
        assert response.status_code == 200 and name not in response.text and iban not in response.text
