"""Loading a dossier for review: its application row (404 when absent), its stored times made aware."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from models.stored_facts import load_application_row
from models.tables import ApplicationRow
from review.action_error import ActionError


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes (stored in UTC): make every datetime aware."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_dossier(session: Session, application_id: str) -> ApplicationRow:
    """An application with its documents, fields, findings and review item; 404 when absent."""
    row = load_application_row(session, application_id)
    if row is None:
        raise ActionError("Dossier introuvable.", 404)
    return row
