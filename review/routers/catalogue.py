"""The catalogue of correction-request reasons, edited by supervisors."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from models.store import add_audit_event, utcnow
from models.tables import CorrectionReason
from review import views
from review.action_error import ActionError
from review.deps import CurrentSupervisor, SessionDep
from review.rendering import flash, render

router = APIRouter(prefix="/catalogue", tags=["catalogue"])


@router.get("", response_class=HTMLResponse)
def catalogue_page(request: Request, session: SessionDep, user: CurrentSupervisor) -> Response:
    """Every reason, active or not."""
    return render(request, "catalogue.html", {"reasons": views.catalogue(session, active_only=False)})


@router.post("")
def save_reason(
    request: Request,
    session: SessionDep,
    user: CurrentSupervisor,
    code: Annotated[str, Form(max_length=64)],
    label: Annotated[str, Form(max_length=255)],
    message_fr: Annotated[str, Form(max_length=2000)],
    active: Annotated[str, Form()] = "",
) -> Response:
    """Create a reason or update the one with this code."""
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9_]{2,64}", code):
        raise ActionError("Code invalide : lettres majuscules, chiffres et _ (2 à 64).")
    if not label.strip() or not message_fr.strip():
        raise ActionError("Le libellé et le texte du message sont obligatoires.")
    reason = session.scalars(select(CorrectionReason).where(CorrectionReason.code == code)).one_or_none()
    before = None
    if reason is None:
        reason = CorrectionReason(
            code=code, label="", message_fr="", active=True, updated_at=utcnow(), updated_by=user.login
        )
        session.add(reason)
    else:
        before = {"label": reason.label, "message_fr": reason.message_fr, "active": reason.active}
    reason.label, reason.message_fr, reason.active = label.strip(), message_fr.strip(), bool(active)
    reason.updated_at, reason.updated_by = utcnow(), user.login
    add_audit_event(
        session,
        application_id=None,
        actor=user.login,
        action="catalogue_edit",
        before=before,
        after={"code": code, "label": reason.label, "message_fr": reason.message_fr, "active": reason.active},
    )
    session.commit()
    flash(request, f"Motif {code} enregistré.")
    return RedirectResponse("/catalogue", status_code=303)
