"""The explanation of a dossier's decision (CRPA R311-3-1-2): a page, and JSON or Markdown downloads."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from review.deps import CurrentCaseworker, SessionDep
from review.explanation import ExplanationNotFound, build_explanation
from review.explanation_rendering import explanation_json, explanation_markdown
from review.rendering import render

router = APIRouter(prefix="/dossiers", tags=["explanation"])


def _explanation(session: SessionDep, application_id: str) -> dict:
    try:
        return build_explanation(session, application_id)
    except ExplanationNotFound:
        raise HTTPException(status_code=404, detail="Dossier introuvable.") from None


@router.get("/{application_id}/explication", response_class=HTMLResponse)
def explanation_page(
    request: Request, application_id: str, session: SessionDep, user: CurrentCaseworker
) -> Response:
    """The explanation in French, as a page to read with the applicant or print."""
    return render(request, "explanation.html", {"e": _explanation(session, application_id)})


@router.get("/{application_id}/explication.{extension}")
def explanation_download(
    application_id: str, extension: str, session: SessionDep, user: CurrentCaseworker
) -> Response:
    """The explanation as a file: ``.json`` (every detail) or ``.md`` (to send or print)."""
    if extension not in ("json", "md"):
        raise HTTPException(status_code=404, detail="Format inconnu (json ou md).")
    explanation = _explanation(session, application_id)
    if extension == "json":
        body, media_type = explanation_json(explanation), "application/json"
    else:
        body, media_type = explanation_markdown(explanation), "text/markdown"
    return Response(
        content=body.encode("utf-8"),
        media_type=f"{media_type}; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="explication-{application_id}.{extension}"',
            "Cache-Control": "no-store",
        },
    )
