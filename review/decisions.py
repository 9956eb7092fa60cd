"""Caseworkers' decisions on a dossier: validate, refuse, ask for corrections, reopen.

Every decision writes one append-only audit event (actor, action, before, after).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.store import add_audit_event, utcnow
from models.tables import ApplicationRow, CorrectionReason, ReviewItem, User
from review.action_error import ActionError
from review.dossier_loading import load_dossier
from review.locking import lock_undecided
from review.statuses import DECIDED_STATUSES


def _decide(
    session: Session,
    row: ApplicationRow,
    item: ReviewItem,
    *,
    user: User,
    status: str,
    action: str,
    reason: str | None,
    extra: dict[str, Any] | None = None,
) -> None:
    now = utcnow()
    if item.pipeline_rules is None:
        item.pipeline_rules = sorted({f.rule_id for f in row.findings})
    before = {"status": item.status, "decision_reason": item.decision_reason}
    item.status = status
    item.decided_by = user.login
    item.decided_at = now
    item.decision_reason = reason
    item.locked_until = None
    item.updated_at = now
    after = {
        "status": status,
        "decision_reason": reason,
        "pipeline_decision": row.decision,
        "open_codes": sorted({f.code for f in row.findings}),
        "pipeline_rules": item.pipeline_rules,
        **(extra or {}),
    }
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action=action,
        before=before,
        after=after,
        at=now,
    )
    session.flush()


def validate(session: Session, row: ApplicationRow, *, user: User, minutes: int, comment: str = "") -> None:
    """The caseworker validates the dossier (its remaining findings are judged harmless)."""
    item = lock_undecided(session, row, user=user, minutes=minutes)
    _decide(
        session, row, item, user=user, status="validated", action="validate", reason=comment.strip() or None
    )


def refuse(
    session: Session, row: ApplicationRow, *, user: User, reason: str, minutes: int, allowed_roles: list[str]
) -> None:
    """Refuse the dossier: only the allowed roles, and never without a reason."""
    if user.role not in allowed_roles:
        raise ActionError("Votre rôle ne permet pas de refuser un dossier : demandez à un superviseur.", 403)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ActionError("Le motif du refus est obligatoire (5 caractères au moins).")
    item = lock_undecided(session, row, user=user, minutes=minutes)
    _decide(session, row, item, user=user, status="refused", action="refuse", reason=reason[:4000])


def correction_message(row: ApplicationRow, reasons: list[CorrectionReason], free_text: str) -> str:
    """The French message asking the applicant for corrections."""
    applicant = (row.form or {}).get("applicant") or {}
    first = " ".join(applicant.get("first_names") or [])
    name = f"{first} {applicant.get('last_name', '')}".strip()
    lines = [f"Bonjour {name}," if name else "Bonjour,", ""]
    lines.append(
        f"Votre demande d'aide n° {row.application_id} est en cours d'instruction. "
        "Pour la poursuivre, merci de nous transmettre :"
    )
    items = [r.message_fr.strip().rstrip(".") for r in reasons]
    for i, text in enumerate(items):
        lines.append(f"- {text}{' ;' if i < len(items) - 1 else '.'}")
    if free_text.strip():
        lines += ["", free_text.strip()]
    lines += [
        "",
        "Vous pouvez déposer ces pièces depuis votre espace de demande. "
        "Votre dossier reste en attente jusqu'à leur réception.",
        "",
        "Le service instructeur",
    ]
    return "\n".join(lines)


def request_correction(
    session: Session,
    row: ApplicationRow,
    *,
    user: User,
    reason_codes: list[str],
    free_text: str,
    minutes: int,
) -> str:
    """Ask the applicant for corrections (catalogue + free text): the dossier waits; returns the message."""
    free_text = (free_text or "").strip()[:4000]
    reasons = list(
        session.scalars(
            select(CorrectionReason)
            .where(CorrectionReason.code.in_(reason_codes or []), CorrectionReason.active.is_(True))
            .order_by(CorrectionReason.id)
        )
    )
    if not reasons and not free_text:
        raise ActionError("Choisissez au moins un motif ou écrivez une demande.")
    item = lock_undecided(session, row, user=user, minutes=minutes)
    message = correction_message(row, reasons, free_text)
    _decide(
        session,
        row,
        item,
        user=user,
        status="waiting",
        action="request_correction",
        reason=message,
        extra={"reasons": [r.code for r in reasons], "free_text": free_text, "message": message},
    )
    item.decided_at = None  # waiting is not a decision: the dossier stays in the queue
    item.decided_by = None
    item.assigned_to = None
    session.flush()
    return message


def reopen(session: Session, row: ApplicationRow, *, user: User, reason: str) -> None:
    """A supervisor reopens a decided dossier (a reason is required)."""
    item = row.review_item
    if item is None or item.status not in (*DECIDED_STATUSES, "waiting"):
        raise ActionError("Ce dossier n'est pas décidé.", 409)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("Le motif de réouverture est obligatoire.")
    before = {"status": item.status, "decided_by": item.decided_by, "decision_reason": item.decision_reason}
    item.status = "in_review"
    item.assigned_to = user.login
    item.locked_until = utcnow() + timedelta(minutes=15)
    item.decided_at = None
    item.decided_by = None
    item.updated_at = utcnow()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="reopen",
        before=before,
        after={"status": "in_review", "reason": reason},
    )
    session.flush()


def bulk_validate(session: Session, *, application_ids: list[str], by: User, comment: str) -> tuple[int, int]:
    """Supervisors: validate several dossiers; (validated, skipped because locked by someone else)."""
    done = skipped = 0
    for application_id in application_ids:
        row = load_dossier(session, application_id)
        try:
            validate(session, row, user=by, minutes=1, comment=comment)
            done += 1
        except ActionError:
            skipped += 1
    return done, skipped
