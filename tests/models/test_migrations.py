"""Migration 0003: ``documents.type_evidence``, on SQLite and PostgreSQL (when configured)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, select

from models.db import alembic_config, make_engine, migrate, session_factory, session_scope
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.store import save_documents
from models.tables import DocumentRow


def _document_columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("documents")}
    finally:
        engine.dispose()


def test_type_evidence_column_upgrade_downgrade_and_round_trip(database_url: str) -> None:
    migrate(database_url)
    assert "type_evidence" in _document_columns(database_url)
    engine = make_engine(database_url)
    try:
        facts = DocumentFacts(
            file="cni.jpg",
            sha256="a" * 64,
            doc_type=DocType.ID_CARD,
            confidence=0.995,
            type_evidence="mrz_valid: TD1 ID, check digits valid",
        )
        with session_scope(session_factory(engine)) as session:
            save_documents(
                session,
                application_id="SUD-2026-000001",
                batch_name="b",
                documents=[facts],
                pipeline_version="test",
            )
        with session_scope(session_factory(engine)) as session:
            row = session.scalars(select(DocumentRow)).one()
            assert row.type_evidence == "mrz_valid: TD1 ID, check digits valid"
    finally:
        engine.dispose()
    command.downgrade(alembic_config(database_url), "0002")
    assert "type_evidence" not in _document_columns(database_url)
    migrate(database_url)
    assert "type_evidence" in _document_columns(database_url)


def test_evaluations_table_and_purged_at_upgrade_downgrade(database_url: str) -> None:
    """Migration 0004: ``evaluations`` and ``applications.purged_at``, both ways, on both databases."""

    def schema() -> tuple[set[str], set[str]]:
        engine = make_engine(database_url)
        try:
            inspector = inspect(engine)
            columns = {c["name"] for c in inspector.get_columns("applications")}
            return set(inspector.get_table_names()), columns
        finally:
            engine.dispose()

    migrate(database_url)
    tables, columns = schema()
    assert "evaluations" in tables and "purged_at" in columns
    command.downgrade(alembic_config(database_url), "0003")
    tables, columns = schema()
    assert "evaluations" not in tables and "purged_at" not in columns
    migrate(database_url)
    tables, columns = schema()
    assert "evaluations" in tables and "purged_at" in columns
