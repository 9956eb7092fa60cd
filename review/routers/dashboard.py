"""Supervisors' dashboard and the CSV export of decisions (no identity data)."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.store import utcnow
from models.tables import ApplicationRow, AuditEvent, ReviewItem
from review import dossier_loading, labels, statuses
from review.deps import CurrentSupervisor, SessionDep
from review.rendering import render

router = APIRouter(tags=["dashboard"])
DECISION_ACTIONS = ("validate", "refuse", "request_correction")
AGE_BUCKETS = (
    (0, 1, "moins d'1 jour"),
    (1, 3, "1 à 3 jours"),
    (3, 7, "3 à 7 jours"),
    (7, 10**6, "plus de 7 jours"),
)


def dashboard_data(session) -> dict:  # type: ignore[no-untyped-def]
    """Queue by reason and age, decisions per day, and how often people overturn each rule."""
    now = utcnow()
    open_items = session.execute(
        select(ReviewItem, ApplicationRow)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .where(ReviewItem.status.in_(statuses.QUEUE_STATUSES))
        .options(selectinload(ApplicationRow.findings))
    ).all()
    by_reason: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for item, app in open_items:
        by_status[item.status] += 1
        for code in {f.code for f in app.findings}:
            by_reason[code] += 1
        days = (now - (dossier_loading.as_utc(item.created_at) or now)).total_seconds() / 86400
        for low, high, label in AGE_BUCKETS:
            if low <= days < high:
                by_age[label] += 1
    since = now - timedelta(days=30)
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(DECISION_ACTIONS), AuditEvent.at >= since)
    ):
        day = (dossier_loading.as_utc(event.at) or now).astimezone().strftime("%Y-%m-%d")
        per_day[day][event.action] += 1
    # Agreement: on each dossier a person decided, the rules the pipeline had flagged were either
    # confirmed (refusal or correction request) or overturned (validation).
    agreement: dict[str, Counter[str]] = defaultdict(Counter)
    for item in session.scalars(
        select(ReviewItem).where(ReviewItem.status.in_(("validated", "refused", "waiting")))
    ):
        for rule_id in item.pipeline_rules or []:
            agreement[rule_id]["overturned" if item.status == "validated" else "confirmed"] += 1
    agreement_rows = sorted(
        (
            {
                "rule_id": rule_id,
                "label": labels.rule_label(rule_id),
                "confirmed": counts["confirmed"],
                "overturned": counts["overturned"],
                "rate": round(100 * counts["overturned"] / (counts["confirmed"] + counts["overturned"])),
            }
            for rule_id, counts in agreement.items()
        ),
        key=lambda r: (-r["rate"], r["rule_id"]),
    )
    return {
        "total": len(open_items),
        "by_status": by_status,
        "by_reason": by_reason.most_common(),
        "by_age": [(label, by_age[label]) for _, _, label in AGE_BUCKETS],
        "per_day": sorted(per_day.items(), reverse=True),
        "agreement": agreement_rows,
    }


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, user: CurrentSupervisor) -> Response:
    """The supervisors' dashboard."""
    return render(request, "dashboard.html", dashboard_data(session))


EXPORT_COLUMNS = (
    "application_id",
    "program",
    "submitted_at",
    "training_start",
    "pipeline_decision",
    "reason_codes",
    "status",
    "decided_by",
    "decided_at",
    "decision_reason",
)


@router.get("/exports/decisions.csv")
def export_decisions(session: SessionDep, user: CurrentSupervisor) -> Response:
    """Decisions as CSV: ids, dates, codes and people's decisions; no names, numbers or images."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    rows = session.execute(
        select(ReviewItem, ApplicationRow)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .options(selectinload(ApplicationRow.findings))
        .order_by(ApplicationRow.application_id)
    ).all()
    for item, app in rows:
        reason = item.decision_reason if item.status == "refused" else ""
        writer.writerow(
            [
                app.application_id,
                app.program or "",
                app.submitted_at or "",
                app.training_start or "",
                app.decision,
                " ".join(sorted({f.code for f in app.findings})),
                item.status,
                item.decided_by or "",
                (dossier_loading.as_utc(item.decided_at).isoformat() if item.decided_at else ""),
                _csv_safe(reason or ""),
            ]
        )
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


def _csv_safe(text: str) -> str:
    """No formula injection when the file is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
