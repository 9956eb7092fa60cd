"""The dossier page and the actions on a dossier (each one audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from models.doctypes import DOC_TYPES
from models.store import add_audit_event, latest_corrections, utcnow
from models.tables import User
from review import decisions, dossier_loading, field_corrections, locking, notes, statuses, views
from review.deps import CurrentCaseworker, CurrentSupervisor, SessionDep, SettingsDep
from review.rendering import flash, render

router = APIRouter(prefix="/dossiers", tags=["dossiers"])


def _enabled_rules(program: str | None, settings) -> list[str]:  # type: ignore[no-untyped-def]
    from validators.rulebook import load_rulebook
    from validators.rules import REGISTRY

    try:
        rulebook = load_rulebook(program or "", settings.rules_dir)
    except Exception:  # noqa: BLE001 - no rulebook: show only the findings
        return []
    return [rule_id for rule_id in REGISTRY if rulebook.is_enabled(rule_id)]


def _back(application_id: str) -> RedirectResponse:
    return RedirectResponse(f"/dossiers/{application_id}", status_code=303)


@router.get("/{application_id}", response_class=HTMLResponse)
def dossier_page(
    request: Request, application_id: str, session: SessionDep, user: CurrentCaseworker, settings: SettingsDep
) -> Response:
    """Form data, documents with their boxes, rule results, actions and history."""
    app = dossier_loading.load_dossier(session, application_id)
    corrections = latest_corrections(session, application_id=application_id)
    item = app.review_item
    now = utcnow()
    locked_until = dossier_loading.as_utc(item.locked_until) if item else None
    held_by_other = bool(item and locked_until and locked_until > now and item.assigned_to != user.login)
    return render(
        request,
        "dossier.html",
        {
            "app": app,
            "item": item,
            "locked_until": locked_until if locked_until and locked_until > now else None,
            "held_by_other": held_by_other,
            "mine": bool(item and item.assigned_to == user.login and locked_until and locked_until > now),
            "documents": views.document_views(app, corrections),
            "rules": views.rule_views(app, _enabled_rules(app.program, settings)),
            "form_items": views.form_items(app.form),
            "history": views.history(session, application_id),
            "notes": views.notes(session, application_id),
            "catalogue": views.catalogue(session),
            "can_refuse": user.role in settings.refuse_roles,
            "is_supervisor": user.role in ("supervisor", "admin"),
            "decided": bool(item and item.status in statuses.DECIDED_STATUSES),
            "doc_types": [(t.value, spec.label_fr) for t, spec in DOC_TYPES.items()],
            "users": list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.login))),
        },
    )


@router.post("/{application_id}/take")
def take(
    request: Request, application_id: str, session: SessionDep, user: CurrentCaseworker, settings: SettingsDep
) -> Response:
    """Take this dossier (lock it) from its page."""
    app = dossier_loading.load_dossier(session, application_id)
    item = locking.ensure_can_act(session, app, user=user, minutes=settings.lock_minutes)
    if item.status == "open":
        item.status = "in_review"
    add_audit_event(
        session,
        application_id=application_id,
        actor=user.login,
        action="assign",
        after={"assigned_to": user.login, "via": "page"},
    )
    session.commit()
    flash(request, f"Dossier pris pour {settings.lock_minutes} minutes.")
    return _back(application_id)


@router.post("/{application_id}/release")
def release(request: Request, application_id: str, session: SessionDep, user: CurrentCaseworker) -> Response:
    """Give the dossier back to the queue."""
    locking.release(session, dossier_loading.load_dossier(session, application_id), user=user)
    session.commit()
    flash(request, "Dossier remis dans la file.")
    return RedirectResponse("/queue", status_code=303)


@router.post("/{application_id}/fields")
def correct_field(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    settings: SettingsDep,
    document_id: Annotated[int, Form()],
    name: Annotated[str, Form(max_length=64)],
    value: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Correct (or add) a field value; the checks re-run."""
    app = dossier_loading.load_dossier(session, application_id)
    field_corrections.correct_field(
        session,
        app,
        user=user,
        document_id=document_id,
        name=name,
        value=value,
        minutes=settings.lock_minutes,
        rules_dir=settings.rules_dir,
    )
    session.commit()
    flash(request, "Champ corrigé ; les vérifications ont été relancées.")
    return _back(application_id)


@router.post("/{application_id}/doc-type")
def correct_doc_type(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    settings: SettingsDep,
    document_id: Annotated[int, Form()],
    doc_type: Annotated[str, Form(max_length=32)],
) -> Response:
    """Correct a document's type; the checks re-run."""
    app = dossier_loading.load_dossier(session, application_id)
    field_corrections.correct_doc_type(
        session,
        app,
        user=user,
        document_id=document_id,
        doc_type=doc_type,
        minutes=settings.lock_minutes,
        rules_dir=settings.rules_dir,
    )
    session.commit()
    flash(request, "Type de document corrigé ; les vérifications ont été relancées.")
    return _back(application_id)


@router.post("/{application_id}/validate")
def validate(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    settings: SettingsDep,
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Validate the dossier."""
    decisions.validate(
        session,
        dossier_loading.load_dossier(session, application_id),
        user=user,
        minutes=settings.lock_minutes,
        comment=comment,
    )
    session.commit()
    flash(request, f"Dossier {application_id} validé.")
    return RedirectResponse("/queue", status_code=303)


@router.post("/{application_id}/request-correction")
def request_correction(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    settings: SettingsDep,
    reasons: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI form default
    free_text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Ask the applicant for corrections; the dossier waits."""
    decisions.request_correction(
        session,
        dossier_loading.load_dossier(session, application_id),
        user=user,
        reason_codes=reasons,
        free_text=free_text,
        minutes=settings.lock_minutes,
    )
    session.commit()
    flash(request, "Demande de corrections enregistrée : le message à envoyer figure dans le dossier.")
    return _back(application_id)


@router.post("/{application_id}/refuse")
def refuse(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    settings: SettingsDep,
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Refuse the dossier (allowed roles only; a reason is mandatory)."""
    decisions.refuse(
        session,
        dossier_loading.load_dossier(session, application_id),
        user=user,
        reason=reason,
        minutes=settings.lock_minutes,
        allowed_roles=settings.refuse_roles,
    )
    session.commit()
    flash(request, f"Dossier {application_id} refusé.")
    return RedirectResponse("/queue", status_code=303)


@router.post("/{application_id}/notes")
def add_note(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentCaseworker,
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Add an internal note."""
    notes.add_note(session, dossier_loading.load_dossier(session, application_id), user=user, body=body)
    session.commit()
    flash(request, "Note ajoutée.")
    return _back(application_id)


@router.post("/{application_id}/reopen")
def reopen(
    request: Request,
    application_id: str,
    session: SessionDep,
    user: CurrentSupervisor,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Supervisors: reopen a decided dossier."""
    decisions.reopen(session, dossier_loading.load_dossier(session, application_id), user=user, reason=reason)
    session.commit()
    flash(request, "Dossier rouvert.")
    return _back(application_id)
