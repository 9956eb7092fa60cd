"""Passwords (argon2id), login throttling and CSRF tokens."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.store import utcnow
from models.tables import LoginAttempt, User

_hasher = PasswordHasher()
# Verified against when the login does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-password")
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def recent_failures(session: Session, login: str, *, window: timedelta, now: datetime) -> int:
    """Failed attempts for ``login`` within ``window`` before ``now``."""
    return int(
        session.scalar(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.login == login, LoginAttempt.success.is_(False), LoginAttempt.at > now - window
            )
        )
        or 0
    )


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The active user with this login and password, else None; records the attempt."""
    user = session.scalars(select(User).where(User.login == login)).one_or_none()
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password) and bool(user and user.active)
    session.add(LoginAttempt(login=login[:128], at=utcnow(), success=ok))
    return user if ok else None


def new_csrf_token() -> str:
    """A fresh random token, kept in the signed session and echoed by every form."""
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token never matches."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
