"""The queue: filters, sorting, « Dossier suivant » and supervisors' bulk actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from models.doctypes import DOC_TYPES
from models.reasons import ReasonCode
from models.store import utcnow
from models.tables import ApplicationRow, User
from review import decisions, statuses, work_queue
from review.deps import CurrentCaseworker, CurrentSupervisor, SessionDep, SettingsDep
from review.rendering import flash, render
from review.views import QueueRow

router = APIRouter(tags=["queue"])


def _filters(
    user_login: str,
    code: str | None,
    doc_type: str | None,
    program: str | None,
    age: int | None,
    status: str | None,
    mine: bool,
) -> work_queue.QueueFilters:
    return work_queue.QueueFilters(
        code=code if code in ReasonCode.__members__ else None,
        doc_type=doc_type or None,
        program=program or None,
        min_age_days=age if age and age > 0 else None,
        status=status if status in statuses.QUEUE_STATUSES else None,
        mine=mine,
        login=user_login,
    )


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    session: SessionDep,
    user: CurrentCaseworker,
    code: Annotated[str | None, Query()] = None,
    doc_type: Annotated[str | None, Query()] = None,
    program: Annotated[str | None, Query()] = None,
    age: Annotated[int | None, Query(ge=0, le=3650)] = None,
    status: Annotated[str | None, Query()] = None,
    mine: Annotated[bool, Query()] = False,
    sort: Annotated[str, Query(pattern="^(start|waiting)$")] = "start",
) -> Response:
    """The dossiers to review, with filters."""
    filters = _filters(user.login, code, doc_type, program, age, status, mine)
    now = utcnow()
    rows = [
        QueueRow.build(item, app, now=now)
        for item, app in work_queue.queue_rows(session, filters=filters, sort=sort)
    ]
    programs = sorted(p for p in session.scalars(select(ApplicationRow.program).distinct()) if p)
    users = list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.login)))
    return render(
        request,
        "queue.html",
        {
            "rows": rows,
            "filters": filters,
            "sort": sort,
            "codes": [c.value for c in ReasonCode],
            "doc_types": [(t.value, spec.label_fr) for t, spec in DOC_TYPES.items()],
            "programs": programs,
            "statuses": statuses.QUEUE_STATUSES,
            "users": users,
            "now": now,
        },
    )


@router.post("/queue/next")
def next_dossier(
    request: Request, session: SessionDep, user: CurrentCaseworker, settings: SettingsDep
) -> Response:
    """Assign the next free dossier to the caseworker, locked for a few minutes."""
    application_id = work_queue.claim_next(session, login=user.login, minutes=settings.lock_minutes)
    session.commit()
    if application_id is None:
        flash(request, "Aucun dossier disponible : la file est vide ou tous les dossiers sont pris.")
        return RedirectResponse("/queue", status_code=303)
    return RedirectResponse(f"/dossiers/{application_id}", status_code=303)


@router.post("/queue/bulk")
def bulk_action(
    request: Request,
    session: SessionDep,
    user: CurrentSupervisor,
    settings: SettingsDep,
    action: Annotated[str, Form(pattern="^(assign|validate)$")],
    application_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI form default
    assignee: Annotated[str, Form()] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Supervisors: assign several dossiers to a caseworker, or validate several."""
    if not application_ids:
        flash(request, "Sélectionnez au moins un dossier.", "error")
        return RedirectResponse("/queue", status_code=303)
    if action == "assign":
        count = work_queue.assign(
            session, application_ids=application_ids, to_login=assignee, by=user, hours=settings.assign_hours
        )
        session.commit()
        flash(request, f"{count} dossier(s) attribué(s) à {assignee}.")
    else:
        done, skipped = decisions.bulk_validate(
            session, application_ids=application_ids, by=user, comment=comment
        )
        session.commit()
        message = f"{done} dossier(s) validé(s)."
        if skipped:
            message += f" {skipped} ignoré(s) (pris par un autre instructeur ou déjà décidés)."
        flash(request, message)
    return RedirectResponse("/queue", status_code=303)
