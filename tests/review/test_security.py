"""Permissions, CSRF, login throttling and settings of the review app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from models.db import make_engine, session_factory
from models.tables import AuditEvent, ReviewItem
from review.settings import ReviewSettings
from tests.review.conftest import csrf_of
from tests.review.factories import PASSWORD

APP = "SUD-2026-000101"


def _events(url: str, action: str) -> list[AuditEvent]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
    engine.dispose()
    return events


def _status(url: str, application_id: str = APP) -> str:
    from models.tables import ApplicationRow

    engine = make_engine(url)
    with session_factory(engine)() as session:
        status = session.scalars(
            select(ReviewItem.status)
            .join(ApplicationRow)
            .where(ApplicationRow.application_id == application_id)
        ).one()
    engine.dispose()
    return status


@pytest.mark.parametrize(
    "path",
    [
        "/queue",
        f"/dossiers/{APP}",
        "/documents/1/pages/1.png",
        "/dashboard",
        "/exports/decisions.csv",
        "/catalogue",
    ],
)
def test_nothing_visible_without_login(app, path: str) -> None:
    response = TestClient(app).get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert "LAUGIER" not in response.text


def test_session_cookie_is_httponly_and_samesite(app) -> None:
    response = TestClient(app).get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "content-security-policy" in response.headers


def test_login_requires_csrf_token(app) -> None:
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"login": "alice", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


def test_forged_form_without_or_with_wrong_csrf_is_rejected(login, review_url) -> None:
    client = login("alice")
    assert client.post(f"/dossiers/{APP}/validate", data={}).status_code == 403
    assert client.post(f"/dossiers/{APP}/validate", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/queue/next", data={}).status_code == 403
    assert _status(review_url) == "open"
    assert _events(review_url, "validate") == []


def test_wrong_password_then_throttled(app) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        response = client.post("/login", data={"login": "bob", "password": "nope", "csrf_token": token})
        assert response.status_code == 401
        assert "incorrect" in response.text
    # Even the right password is refused while the window lasts.
    response = client.post("/login", data={"login": "bob", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429
    # Another login is not affected.
    response = client.post(
        "/login", data={"login": "alice", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303


def test_open_redirect_after_login_is_refused(app) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"login": "alice", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/queue"


def test_caseworker_cannot_refuse(login, review_url) -> None:
    client = login("alice")
    response = client.post(
        f"/dossiers/{APP}/refuse", data={"csrf_token": client.csrf, "reason": "Pièces fausses"}
    )
    assert response.status_code == 403
    assert _status(review_url) == "open"
    assert _events(review_url, "refuse") == []
    assert "Refuser le dossier" not in client.get(f"/dossiers/{APP}").text


def test_refusal_without_reason_is_impossible(login, review_url) -> None:
    client = login("sophie")
    for reason in ("", "   ", "x"):
        response = client.post(f"/dossiers/{APP}/refuse", data={"csrf_token": client.csrf, "reason": reason})
        assert response.status_code == 400
        assert "obligatoire" in response.text
    assert _status(review_url) in ("open", "in_review")
    assert _events(review_url, "refuse") == []
    response = client.post(
        f"/dossiers/{APP}/refuse",
        data={"csrf_token": client.csrf, "reason": "Justificatifs falsifiés."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _status(review_url) == "refused"
    [event] = _events(review_url, "refuse")
    assert event.actor == "sophie" and event.after["decision_reason"] == "Justificatifs falsifiés."


def test_refuse_roles_are_a_setting(review_url) -> None:
    from review.app import create_app

    settings = ReviewSettings(
        secret_key="s" * 40, database_url=review_url, refuse_roles=["caseworker", "supervisor", "admin"]
    )
    app = create_app(settings)
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"login": "alice", "password": PASSWORD, "csrf_token": token})
    token = csrf_of(client.get("/queue").text)
    response = client.post(
        f"/dossiers/{APP}/refuse",
        data={"csrf_token": token, "reason": "Hors programme."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    app.state.engine.dispose()


def test_supervisor_pages_are_forbidden_to_caseworkers(login) -> None:
    client = login("alice")
    assert client.get("/dashboard").status_code == 403
    assert client.get("/exports/decisions.csv").status_code == 403
    assert client.get("/catalogue").status_code == 403
    response = client.post(
        "/queue/bulk", data={"csrf_token": client.csrf, "action": "validate", "application_ids": [APP]}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("secret", ["", "changethis", "short"])
def test_weak_secret_key_fails_fast(secret: str) -> None:
    with pytest.raises(ValidationError, match="DOSSIERCHECK_SECRET_KEY"):
        ReviewSettings(secret_key=secret)


def test_logout_ends_the_session(login) -> None:
    client = login("alice")
    client.post("/logout", data={"csrf_token": client.csrf})
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_users_add_from_the_command_line(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    from review.security import verify_password

    url = f"sqlite:///{tmp_path / 'users.db'}"
    exe = Path(sys.executable).with_name("dossiercheck")
    done = subprocess.run(
        [str(exe), "users", "add", "claire", "--role", "supervisor", "--password-stdin", "--db", url],
        input="un-mot-de-passe-solide\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    short = subprocess.run(
        [str(exe), "users", "add", "dan", "--password-stdin", "--db", url],
        input="court\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert short.returncode == 2 and "too short" in short.stderr
    from models.tables import User

    engine = make_engine(url)
    with session_factory(engine)() as session:
        user = session.scalars(select(User).where(User.login == "claire")).one()
        assert user.role == "supervisor" and user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "un-mot-de-passe-solide")
    engine.dispose()


def test_review_serve_refuses_to_start_without_a_secret(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("dossiercheck")
    env = {k: v for k, v in os.environ.items() if k != "DOSSIERCHECK_SECRET_KEY"}
    done = subprocess.run(
        [str(exe), "review", "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "DOSSIERCHECK_SECRET_KEY" in done.stderr
