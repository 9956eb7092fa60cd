"""Caseworkers' internal notes on a dossier (never sent to the applicant)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models.store import add_audit_event, utcnow
from models.tables import ApplicationRow, Note, User
from review.action_error import ActionError


def add_note(session: Session, row: ApplicationRow, *, user: User, body: str) -> None:
    """An internal note (never sent to the applicant); no lock needed."""
    body = (body or "").strip()
    if not body:
        raise ActionError("La note est vide.")
    note = Note(application_id=row.application_id, author=user.login, at=utcnow(), body=body[:4000])
    session.add(note)
    session.flush()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="note",
        after={"note_id": note.id, "body": note.body},
    )
    session.flush()
