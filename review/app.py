"""The review app's factory: ``create_app(settings)``.

Server-rendered French pages (Jinja2), a signed session cookie (HttpOnly,
SameSite=Lax, Secure when configured), a CSRF token checked on every
state-changing request, strict security headers, and nothing visible without
logging in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from models.db import make_engine, session_factory
from review import labels
from review.action_error import ActionError
from review.deps import LoginRequired, check_csrf, csrf_token
from review.settings import ROLE_LABELS_FR, ReviewSettings

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _template_context(request: Request) -> dict[str, Any]:
    flashes = request.session.pop("flash", []) if "session" in request.scope else []
    return {
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "user": getattr(request.state, "user", None),
        "flashes": flashes,
        "L": labels,
        "ROLE_LABELS_FR": ROLE_LABELS_FR,
    }


def _format_date(value: Any, with_time: bool = False) -> str:
    from datetime import date, datetime

    from review.dossier_loading import as_utc

    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        local = as_utc(value).astimezone()  # type: ignore[union-attr]
        return local.strftime("%d/%m/%Y %H:%M") if with_time else local.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def create_app(settings: ReviewSettings | None = None) -> FastAPI:
    """Build the app on ``settings`` (read from the environment when omitted; fails on a weak secret)."""
    settings = settings or ReviewSettings()
    app = FastAPI(
        title="dossiercheck — revue des dossiers",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(check_csrf)],
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    templates = Jinja2Templates(directory=str(HERE / "templates"), context_processors=[_template_context])
    templates.env.filters["date_fr"] = _format_date
    templates.env.filters["datetime_fr"] = lambda v: _format_date(v, with_time=True)
    app.state.templates = templates

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.url.path.startswith("/static/"):
                continue
            response.headers.setdefault(name, value)
        return response

    # Added last so it runs first: the session is available to everything above.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="dossiercheck_session",
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(ActionError)
    async def _action_error(request: Request, exc: ActionError) -> Response:
        return _error_page(request, exc.status_code, exc.message_fr)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        defaults = {403: "Accès refusé.", 404: "Page introuvable.", 405: "Méthode non autorisée."}
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if not detail or detail in ("Forbidden", "Not Found", "Method Not Allowed"):
            detail = defaults.get(exc.status_code, "Erreur.")
        return _error_page(request, exc.status_code, detail)

    def _error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
        back = request.headers.get("referer") or "/queue"
        if not back.startswith(str(request.base_url)):
            back = "/queue"
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status_code": status_code, "message": message, "back": back},
            status_code=status_code,
        )

    from review.routers import auth, catalogue, dashboard, documents, dossiers, explanation, queue

    for router in (
        auth.router,
        queue.router,
        dossiers.router,
        documents.router,
        dashboard.router,
        catalogue.router,
        explanation.router,
    ):
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def _home() -> RedirectResponse:
        return RedirectResponse("/queue", status_code=303)

    return app
