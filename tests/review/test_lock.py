"""« Dossier suivant »: two caseworkers never get the same dossier (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from models.db import make_engine, session_factory
from models.tables import AuditEvent
from review import work_queue


def test_two_sessions_get_different_dossiers(login) -> None:
    alice, bob = login("alice"), login("bob")
    first = alice.post("/queue/next", data={"csrf_token": alice.csrf}, follow_redirects=False)
    second = bob.post("/queue/next", data={"csrf_token": bob.csrf}, follow_redirects=False)
    assert first.headers["location"] == "/dossiers/SUD-2026-000101"  # training starts soonest
    assert second.headers["location"] == "/dossiers/SUD-2026-000103"
    # Asking again gives back the dossier one already holds.
    again = alice.post("/queue/next", data={"csrf_token": alice.csrf}, follow_redirects=False)
    assert again.headers["location"] == "/dossiers/SUD-2026-000101"
    # Bob cannot act on Alice's dossier while her lock lasts.
    response = bob.post("/dossiers/SUD-2026-000101/validate", data={"csrf_token": bob.csrf})
    assert response.status_code == 409 and "alice" in response.text


def test_concurrent_claims_never_share_a_dossier(review_url) -> None:
    engine = make_engine(review_url)
    factory = session_factory(engine)
    results: dict[str, str | None] = {}
    barrier = threading.Barrier(5)

    def claim(login: str) -> None:
        with factory() as session:
            barrier.wait()
            results[login] = work_queue.claim_next(session, login=login, minutes=15)
            session.commit()

    threads = [threading.Thread(target=claim, args=(f"user{i}",)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    claimed = [v for v in results.values() if v]
    assert len(results) == 5
    assert sorted(claimed) == ["SUD-2026-000101", "SUD-2026-000102", "SUD-2026-000103"]
    assert list(results.values()).count(None) == 2
    with factory() as session:
        assigned = list(session.scalars(select(AuditEvent.actor).where(AuditEvent.action == "assign")))
    assert len(assigned) == 3
    engine.dispose()


def test_an_expired_lock_frees_the_dossier(review_url) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from models.store import utcnow
    from models.tables import ReviewItem

    engine = make_engine(review_url)
    factory = session_factory(engine)
    with factory() as session:
        taken = [work_queue.claim_next(session, login=f"u{i}", minutes=15) for i in range(3)]
        session.commit()
        assert work_queue.claim_next(session, login="late", minutes=15) is None
        session.execute(update(ReviewItem).values(locked_until=utcnow() - timedelta(minutes=1)))
        session.commit()
        assert work_queue.claim_next(session, login="late", minutes=15) == taken[0]
        session.commit()
    engine.dispose()
