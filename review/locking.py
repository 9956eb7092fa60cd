"""The lock a caseworker holds on a dossier: take it, extend it, check it, give it back.

Every action writes one append-only audit event (actor, action, before,
after). The lock: « Dossier suivant » (``review.work_queue.claim_next``)
takes one review item with a conditional
``UPDATE … WHERE locked_until IS NULL OR locked_until < now`` and checks that
exactly one row changed, so two caseworkers never get the same dossier. On
PostgreSQL the candidate is first selected with ``FOR UPDATE SKIP LOCKED`` so
concurrent requests do not even wait on each other; on SQLite writers are
serialised by the database and the conditional update decides.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from models.store import add_audit_event, utcnow
from models.tables import ApplicationRow, ReviewItem, User
from review.action_error import ActionError
from review.dossier_loading import as_utc
from review.statuses import DECIDED_STATUSES


def lock_free(now: datetime) -> Any:
    """Condition on ReviewItem: nobody holds the lock at ``now``."""
    return or_(ReviewItem.locked_until.is_(None), ReviewItem.locked_until < now)


def try_lock(session: Session, *, item_id: int, login: str, minutes: int) -> bool:
    """Take (or extend) the lock of one review item if it is free or already ours; True on success."""
    now = utcnow()
    result = session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.id == item_id,
            or_(lock_free(now), ReviewItem.assigned_to == login),
        )
        .values(assigned_to=login, locked_until=now + timedelta(minutes=minutes), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def ensure_can_act(session: Session, row: ApplicationRow, *, user: User, minutes: int) -> ReviewItem:
    """The review item, locked for ``user``; 409 when another person holds it, or nothing to review."""
    item = row.review_item
    if item is None:
        raise ActionError("Ce dossier n'est pas dans la file de revue (accepté automatiquement).", 409)
    if not try_lock(session, item_id=item.id, login=user.login, minutes=minutes):
        session.refresh(item)
        until = as_utc(item.locked_until)
        when = until.astimezone().strftime("%H:%M") if until else "?"
        raise ActionError(
            f"Dossier en cours de traitement par {item.assigned_to} (verrou jusqu'à {when}).", 409
        )
    session.refresh(item)
    return item


def lock_undecided(session: Session, row: ApplicationRow, *, user: User, minutes: int) -> ReviewItem:
    """``ensure_can_act``, and 409 when the dossier is already decided (a supervisor reopens it)."""
    item = ensure_can_act(session, row, user=user, minutes=minutes)
    if item.status in DECIDED_STATUSES:
        raise ActionError("Ce dossier est déjà décidé ; un superviseur peut le rouvrir.", 409)
    return item


def release(session: Session, row: ApplicationRow, *, user: User) -> None:
    """Give the dossier back to the queue."""
    item = row.review_item
    if item is None or item.assigned_to != user.login:
        raise ActionError("Vous ne détenez pas ce dossier.", 409)
    before = {"assigned_to": item.assigned_to, "status": item.status}
    item.assigned_to = None
    item.locked_until = None
    if item.status == "in_review":
        item.status = "open"
    item.updated_at = utcnow()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="release",
        before=before,
        after={"assigned_to": None, "status": item.status},
    )
    session.flush()
