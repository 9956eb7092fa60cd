"""Fixtures of the review app's tests: a migrated database with dossiers and users, logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from models.db import make_engine, migrate, session_factory, session_scope
from review.app import create_app
from review.settings import ReviewSettings
from tests.review.factories import PASSWORD, add_user, seed_dossier

SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def review_url(database_url: str) -> Iterator[str]:
    """A migrated database (SQLite and PostgreSQL) with three dossiers and four users."""
    migrate(database_url)
    engine = make_engine(database_url)
    with session_scope(session_factory(engine)) as session:
        seed_dossier(session, "SUD-2026-000101", start="2027-01-11")
        seed_dossier(session, "SUD-2026-000102", start="2027-03-01")
        seed_dossier(session, "SUD-2026-000103", start="2027-02-01")
        add_user(session, "alice", "caseworker")
        add_user(session, "bob", "caseworker")
        add_user(session, "sophie", "supervisor")
        add_user(session, "root", "admin")
    engine.dispose()
    yield database_url


@pytest.fixture
def settings(review_url: str) -> ReviewSettings:
    return ReviewSettings(secret_key=SECRET, database_url=review_url)


@pytest.fixture
def app(settings: ReviewSettings) -> Iterator:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def login(app) -> Callable[[str], TestClient]:  # type: ignore[no-untyped-def]
    """A logged-in client for a user; ``client.csrf`` holds the session's token."""
    clients: list[TestClient] = []

    def _login(user: str) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login", data={"login": user, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        client.csrf = csrf_of(client.get("/queue").text)  # type: ignore[attr-defined]
        return client

    yield _login
    for client in clients:
        client.close()
