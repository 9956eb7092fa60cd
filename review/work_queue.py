"""The review queue: filters, the queue's rows, « Dossier suivant », and supervisors' assignments.

Every action writes one append-only audit event; the locking is explained in
``review.locking``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session, selectinload

from models.store import add_audit_event, utcnow
from models.tables import ApplicationRow, DocumentRow, FindingRow, ReviewItem, User
from review.action_error import ActionError
from review.locking import lock_free, try_lock
from review.statuses import QUEUE_STATUSES, TAKEABLE_STATUSES


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page filters on."""

    code: str | None = None
    doc_type: str | None = None
    program: str | None = None
    min_age_days: int | None = None
    status: str | None = None
    mine: bool = False
    login: str | None = None

    def apply(self, query: Any, now: datetime) -> Any:
        """Add this filter's conditions to a query over ReviewItem joined with ApplicationRow."""
        if self.code:
            query = query.where(
                select(FindingRow.id)
                .where(FindingRow.application_pk == ApplicationRow.id, FindingRow.code == self.code)
                .exists()
            )
        if self.doc_type:
            query = query.where(
                select(DocumentRow.id)
                .where(DocumentRow.application_pk == ApplicationRow.id, DocumentRow.doc_type == self.doc_type)
                .exists()
            )
        if self.program:
            query = query.where(ApplicationRow.program == self.program)
        if self.min_age_days:
            query = query.where(ReviewItem.created_at <= now - timedelta(days=self.min_age_days))
        if self.status:
            query = query.where(ReviewItem.status == self.status)
        if self.mine and self.login:
            query = query.where(and_(ReviewItem.assigned_to == self.login, ReviewItem.locked_until >= now))
        return query


def queue_rows(session: Session, *, filters: QueueFilters, sort: str, limit: int = 300) -> list[Any]:
    """Review items in the queue with their application, filtered and sorted."""
    now = utcnow()
    query = (
        select(ReviewItem, ApplicationRow)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .where(ReviewItem.status.in_(QUEUE_STATUSES))
        .options(selectinload(ApplicationRow.findings), selectinload(ApplicationRow.documents))
    )
    query = filters.apply(query, now)
    if sort == "waiting":
        query = query.order_by(ReviewItem.created_at, ReviewItem.id)
    else:
        query = query.order_by(
            ApplicationRow.training_start.is_(None), ApplicationRow.training_start, ReviewItem.created_at
        )
    return list(session.execute(query.limit(limit)).all())


def claim_next(
    session: Session, *, login: str, minutes: int, filters: QueueFilters | None = None
) -> str | None:
    """Assign the next dossier to ``login`` under a lock; its application id, or None when none is free.

    A dossier the caseworker already holds comes first (resume); then the
    free ones, the training starting soonest first, then the oldest waiting.
    """
    now = utcnow()
    mine = session.scalars(
        select(ApplicationRow.application_id)
        .join(ReviewItem, ReviewItem.application_pk == ApplicationRow.id)
        .where(
            ReviewItem.assigned_to == login,
            ReviewItem.locked_until >= now,
            ReviewItem.status.in_(TAKEABLE_STATUSES),
        )
        .order_by(ApplicationRow.training_start.is_(None), ApplicationRow.training_start)
        .limit(1)
    ).first()
    if mine:
        return mine
    is_postgres = session.get_bind().dialect.name == "postgresql"
    query = (
        select(ReviewItem.id, ApplicationRow.application_id)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .where(ReviewItem.status.in_(TAKEABLE_STATUSES), lock_free(now))
        .order_by(
            ApplicationRow.training_start.is_(None),
            ApplicationRow.training_start,
            ReviewItem.created_at,
            ReviewItem.id,
        )
    )
    if filters is not None:
        query = filters.apply(query, now)
    if is_postgres:
        query = query.limit(1).with_for_update(skip_locked=True, of=ReviewItem)
    else:
        query = query.limit(25)
    for item_id, application_id in session.execute(query).all():
        if try_lock(session, item_id=item_id, login=login, minutes=minutes):
            session.execute(
                update(ReviewItem)
                .where(ReviewItem.id == item_id, ReviewItem.status == "open")
                .values(status="in_review")
                .execution_options(synchronize_session=False)
            )
            add_audit_event(
                session,
                application_id=application_id,
                actor=login,
                action="assign",
                after={"assigned_to": login, "locked_minutes": minutes, "via": "next"},
            )
            session.flush()
            return str(application_id)
    return None


def assign(session: Session, *, application_ids: list[str], to_login: str, by: User, hours: int) -> int:
    """Supervisors: assign dossiers to a caseworker for ``hours``; the number assigned."""
    target = session.scalars(select(User).where(User.login == to_login, User.active.is_(True))).one_or_none()
    if target is None:
        raise ActionError("Utilisateur inconnu ou désactivé.")
    count = 0
    now = utcnow()
    for row in session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id.in_(application_ids))
        .options(selectinload(ApplicationRow.review_item))
    ):
        item = row.review_item
        if item is None or item.status not in QUEUE_STATUSES:
            continue
        before = {"assigned_to": item.assigned_to}
        item.assigned_to = target.login
        item.locked_until = now + timedelta(hours=hours)
        if item.status == "open":
            item.status = "in_review"
        item.updated_at = now
        add_audit_event(
            session,
            application_id=row.application_id,
            actor=by.login,
            action="assign",
            before=before,
            after={"assigned_to": target.login, "via": "supervisor"},
            at=now,
        )
        count += 1
    session.flush()
    return count
