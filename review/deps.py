"""Dependencies: the database session, the logged-in user, role checks and CSRF.

``SessionDep``, ``CurrentCaseworker`` (any logged-in user) and
``CurrentSupervisor`` are the ``Annotated`` aliases the routers use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from models.tables import User
from review.security import csrf_matches, new_csrf_token
from review.settings import ReviewSettings

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(Exception):
    """No valid session: the app redirects to the login page."""


def get_settings(request: Request) -> ReviewSettings:
    """The app's settings (set by the factory)."""
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One database session per request; the handler commits, anything else is rolled back on close.

    ``close`` (not ``rollback``) keeps loaded objects readable, so an error page can still
    show who is logged in.
    """
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ReviewSettings, Depends(get_settings)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Reject any state-changing request whose form token does not match the session's (403)."""
    if request.method not in UNSAFE_METHODS:
        return
    given = request.headers.get("x-csrf-token")
    if not given:
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            form = await request.form()
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    if not csrf_matches(request.session.get("csrf"), given):
        raise HTTPException(status_code=403, detail="Jeton de sécurité (CSRF) manquant ou invalide.")


def get_current_user(request: Request, session: SessionDep) -> User:
    """The logged-in, active user; otherwise redirect to /login."""
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        raise LoginRequired
    user = session.get(User, user_id)
    if user is None or not user.active or request.session.get("pwd") != user.password_hash[-16:]:
        request.session.clear()
        raise LoginRequired
    request.state.user = user
    return user


def get_supervisor(user: Annotated[User, Depends(get_current_user)]) -> User:
    """A supervisor or an admin (403 otherwise)."""
    if user.role not in ("supervisor", "admin"):
        raise HTTPException(status_code=403, detail="Réservé aux superviseurs.")
    return user


CurrentCaseworker = Annotated[User, Depends(get_current_user)]
CurrentSupervisor = Annotated[User, Depends(get_supervisor)]
