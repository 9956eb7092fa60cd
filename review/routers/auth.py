"""Login and logout (throttled: too many failures for one login → 429 for a while)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from models.store import utcnow
from review.deps import SessionDep, SettingsDep, csrf_token
from review.rendering import render
from review.security import authenticate, new_csrf_token, recent_failures

router = APIRouter(tags=["auth"])


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    """The login form."""
    csrf_token(request)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    login: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/queue",
) -> Response:
    """Check the password; on success a fresh session (new CSRF token) is issued."""
    login = login.strip()
    window = timedelta(minutes=settings.login_window_minutes)
    if recent_failures(session, login, window=window, now=utcnow()) >= settings.login_max_failures:
        return render(
            request,
            "login.html",
            {
                "next": _safe_next(next),
                "error": f"Trop de tentatives échouées pour cet identifiant. Réessayez dans "
                f"{settings.login_window_minutes} minutes.",
            },
            status_code=429,
        )
    user = authenticate(session, login, password)
    session.commit()
    if user is None:
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "Identifiant ou mot de passe incorrect."},
            status_code=401,
        )
    request.session.clear()
    request.session.update({"uid": user.id, "pwd": user.password_hash[-16:], "csrf": new_csrf_token()})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
