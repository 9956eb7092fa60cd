"""Pages and one-time messages: what every router needs, below the app that includes them."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse


def flash(request: Request, message: str, kind: str = "info") -> None:
    """A message shown once on the next page."""
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], {"kind": kind, "message": message}]


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a template with the common context."""
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
