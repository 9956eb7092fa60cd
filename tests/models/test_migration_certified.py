"""Migration 0005: ``documents.certified`` (the 2D-Doc), on SQLite and PostgreSQL (when configured)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from models.db import alembic_config, make_engine, migrate, session_factory, session_scope
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.store import save_documents
from models.tables import DocumentRow

CERTIFIED = {
    "raw": "DC04XX01DCK1255E255E0101FR2413001\x1fAAAA",
    "header": {"version": 4, "ca_id": "XX01", "cert_id": "DCK1", "doc_type": "01"},
    "fields": {"24": "13001"},
    "signature": "invalid",
    "certificate_id": "XX01/DCK1",
}


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("documents")}
    finally:
        engine.dispose()


def test_certified_column_upgrade_downgrade_and_round_trip(database_url: str) -> None:
    migrate(database_url)
    assert "certified" in _columns(database_url)
    engine = make_engine(database_url)
    try:
        facts = DocumentFacts(
            file="facture.pdf", sha256="b" * 64, doc_type=DocType.PROOF_OF_ADDRESS, certified=CERTIFIED
        )
        plain = DocumentFacts(file="rib.pdf", sha256="c" * 64, doc_type=DocType.BANK_DETAILS)
        with session_scope(session_factory(engine)) as session:
            save_documents(
                session,
                application_id="SUD-2026-000002",
                batch_name="b",
                documents=[facts, plain],
                pipeline_version="test",
            )
        with session_scope(session_factory(engine)) as session:
            rows = {r.file_name: r for r in session.scalars(select(DocumentRow))}
            assert rows["facture.pdf"].certified == CERTIFIED
            assert rows["rib.pdf"].certified is None
    finally:
        engine.dispose()
    command.downgrade(alembic_config(database_url), "0004")
    assert "certified" not in _columns(database_url)
    migrate(database_url)
    assert "certified" in _columns(database_url)
