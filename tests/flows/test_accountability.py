"""Issue 21 on the demo batch, on SQLite and PostgreSQL: explain, replay, purge, one use case.

The batch flow runs once per database (the second run reuses the cached
readings). Then: ``explain --format json`` for every dossier names the
rulebook version; the findings stored by the flow, those of the review app's
recheck and those of replay are the same; replay under the same rulebook
changes nothing; ``purge --older-than 0`` leaves no applicant's name in the
database (the SQLite file's bytes, every PostgreSQL row) nor in Prefect's
stored results.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select, text

from flows.batch import BatchOptions, process_batch
from flows.cli import main
from models.db import make_engine, session_factory, session_scope
from models.settings import DEFAULT_RULES_DIR
from models.tables import ApplicationRow, DocumentRow, EvaluationRow
from tests.conftest import PG_ENV, run_cli
from tests.flows.conftest import secrets_of

pytestmark = pytest.mark.slow

RULEBOOK = DEFAULT_RULES_DIR / "aide-individuelle-formation.yaml"
KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_database(admin_url: str) -> tuple[str, str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url)
    name = f"dossiercheck_test_{uuid.uuid4().hex[:10]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    return url, conninfo, name


@pytest.fixture(scope="module")
def runs(prefect_harness: str, demo_batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo batch processed into SQLite and (when configured) PostgreSQL, each from its own copy."""
    import os

    out: dict[str, dict] = {}
    cleanup: list[tuple[str, str]] = []
    kinds = ["sqlite"]
    if os.environ.get(PG_ENV):
        kinds.append("postgres")
    for kind in kinds:
        root = tmp_path_factory.mktemp(kind)
        batch = root / "demo"
        shutil.copytree(demo_batch, batch)
        if kind == "sqlite":
            db_file = root / "dossiercheck.db"
            url = f"sqlite:///{db_file}"
        else:
            try:
                url, conninfo, name = _postgres_database(os.environ[PG_ENV])
            except Exception as error:  # noqa: BLE001 - configured but unreachable: a failure, never a skip
                out[kind] = {"unreachable": str(error)}
                continue
            cleanup.append((conninfo, name))
            db_file = None
        state = process_batch(str(batch), BatchOptions(database_url=url, workers=2), return_state=True)
        assert state.is_completed(), state
        out[kind] = {"url": url, "batch": batch, "db_file": db_file, "result": state.result()}
    yield out
    import psycopg

    for conninfo, name in cleanup:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(runs: dict, kind: str) -> dict:
    run = runs.get(kind)
    if run is None:
        pytest.skip(f"{kind}: {PG_ENV} not set")
    if "unreachable" in run:
        pytest.fail(f"{kind} configured but unreachable: {run['unreachable']}", pytrace=False)
    return run


def _application_ids(batch: Path) -> list[str]:
    return sorted(p.name for p in batch.iterdir() if (p / "application.json").is_file())


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(list(argv))
    return status, capsys.readouterr().out


def _stored(url: str) -> dict[str, tuple]:
    """Every dossier's decision and findings as stored (what must not change)."""
    engine = make_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            from models.stored_facts import load_application_row
            from validators.evaluation import finding_key

            out = {}
            for application_id in session.scalars(select(ApplicationRow.application_id)).all():
                row = load_application_row(session, application_id)
                assert row is not None
                out[application_id] = (row.decision, [finding_key(f) for f in row.findings])
            return out
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_explain_json_for_every_dossier_names_the_rulebook_version(
    runs: dict, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = _run(runs, kind)
    ids = _application_ids(run["batch"])
    assert len(ids) == 8
    engine = make_engine(run["url"])
    with session_scope(session_factory(engine)) as session:
        versions = dict(
            session.execute(select(ApplicationRow.application_id, ApplicationRow.rulebook_version)).all()
        )
        assert session.scalar(select(text("count(*)")).select_from(EvaluationRow)) == len(ids)
    engine.dispose()
    for application_id in ids:
        status, out = _cli(capsys, "explain", application_id, "--format", "json", "--db", run["url"])
        assert status == 0, out
        explanation = json.loads(out)
        assert explanation["dossier"] == application_id
        assert explanation["reglement"]["identifiant"] == "aide-individuelle-formation"
        assert explanation["reglement"]["version"] == versions[application_id]
        assert len(explanation["reglement"]["version"]) == 64
        rules = explanation["parametres"]["regles"]
        assert rules and all(r["resultat"] for r in rules)
        assert {"contribution", "donnees", "parametres", "operations"} <= set(explanation)
        # Each rule that read a document says which value, on which document and page.
        read = [i for r in rules for i in r["donnees_lues"] if i["origine"] == "document" and i["trouvee"]]
        assert read and all(i["document"] and i["page"] for i in read)
        status, markdown = _cli(capsys, "explain", application_id, "--db", run["url"])
        assert status == 0 and explanation["reglement"]["version"] in markdown
        assert "## 3. Paramètres du traitement" in markdown
    status, _ = _cli(capsys, "explain", "SUD-0000-404", "--db", run["url"])
    assert status == 6


@pytest.mark.parametrize("kind", KINDS)
def test_flow_recheck_and_replay_give_the_same_findings(runs: dict, kind: str) -> None:
    """The one use case: the flow's stored findings = the review app's recheck = replay."""
    from flows.replay import load_rulebook_file, replay_dossier
    from models.stored_facts import load_application_row
    from review import field_corrections
    from validators.engine import check_application
    from validators.evaluation import finding_key

    run = _run(runs, kind)
    rulebook = load_rulebook_file(RULEBOOK)
    engine = make_engine(run["url"])
    try:
        factory = session_factory(engine)
        for application_id in _application_ids(run["batch"]):
            with factory() as session:
                row = load_application_row(session, application_id)
                assert row is not None
                flow_findings = [finding_key(f) for f in row.findings]
                replayed = replay_dossier(session, row, rulebook)
                assert replayed is not None
                assert replayed.finding_keys() == flow_findings, application_id
                assert replayed.decision.value == row.decision
                # Watching the rules (tracing) changes nothing: the bare engine agrees.
                from models.stored_facts import stored_dossier

                dossier = stored_dossier(session, row)
                assert dossier.application is not None
                bare = check_application(dossier.application, dossier.documents, rulebook)
                assert [finding_key(f) for f in bare] == flow_findings
                field_corrections.recheck(session, row, actor="test", rules_dir=RULEBOOK.parent)
                assert [finding_key(f) for f in row.findings] == flow_findings, application_id
                session.rollback()
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", KINDS)
def test_replay_same_rulebook_changes_nothing_another_one_is_reported(
    runs: dict, kind: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = _run(runs, kind)
    before = _stored(run["url"])
    status, out = _cli(capsys, "replay", "--rulebook", str(RULEBOOK), "--db", run["url"], "--format", "json")
    assert status == 0, out
    payload = json.loads(out)
    assert payload["dossiers"] == 8 and payload["decisions_changed"] == 0 and payload["changed"] == []
    assert payload["findings_changed"] == []
    status, out = _cli(
        capsys, "replay", "--rulebook", str(RULEBOOK), "--db", run["url"], "--since", "2000-01-01"
    )
    assert status == 0 and "0 decisions would change" in out
    # A stricter cap: the dossiers asking more than 1000 € would go to review; nothing is stored.
    data = yaml.safe_load(RULEBOOK.read_text(encoding="utf-8"))
    data["cap_eur"] = 1000
    stricter = tmp_path / "aide-individuelle-formation.yaml"
    stricter.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    status, out = _cli(capsys, "replay", "--rulebook", str(stricter), "--db", run["url"], "--format", "json")
    assert status == 0
    changed = json.loads(out)
    accepted = [i for i, (decision, _) in before.items() if decision == "accepted"]
    assert changed["decisions_changed"] == len(accepted) > 0
    assert {(t["from"], t["to"]) for t in changed["transitions"]} == {("accepted", "needs_review")}
    status, out = _cli(
        capsys, "replay", "--rulebook", str(RULEBOOK), "--db", run["url"], "--since", "2999-01-01"
    )
    assert status == 0 and out.startswith("rulebook aide-individuelle-formation") and " 0 dossiers" in out
    assert _stored(run["url"]) == before


def _leaks(blob: bytes, secrets: set[str]) -> set[str]:
    """The secrets present in ``blob`` decoded, as written or JSON-escaped, any case."""
    haystack = blob.decode("utf-8", errors="ignore").lower()
    found = set()
    for secret in secrets:
        variants = {secret, json.dumps(secret)[1:-1], json.dumps(secret.title())[1:-1]}
        if any(v.lower() in haystack for v in variants):
            found.add(secret)
    return found


def _close_every_dossier_with_personal_traces(url: str, batch: Path) -> None:
    """A caseworker corrects a field with the name, writes a note with it, and closes every dossier."""
    from models.tables import User
    from review import decisions, dossier_loading, field_corrections, notes
    from tests.review.factories import add_user

    engine = make_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            add_user(session, "alice", "caseworker")
            add_user(session, "superviseur", "supervisor")
        with session_scope(session_factory(engine)) as session:
            alice = session.scalars(select(User).where(User.login == "alice")).one()
            superviseur = session.scalars(select(User).where(User.login == "superviseur")).one()
            rows = session.scalars(select(ApplicationRow).order_by(ApplicationRow.application_id)).all()
            for i, row in enumerate(rows):
                if row.review_item is None:
                    continue
                name = row.form["applicant"]["last_name"]
                dossier = dossier_loading.load_dossier(session, row.application_id)
                notes.add_note(session, dossier, user=alice, body=f"Appelé {name} au téléphone")
                if i % 2 == 0:
                    doc = session.scalars(
                        select(DocumentRow)
                        .where(DocumentRow.application_pk == row.id)
                        .order_by(DocumentRow.id)
                    ).first()
                    assert doc is not None
                    field_corrections.correct_doc_type(
                        session,
                        dossier,
                        user=alice,
                        document_id=doc.id,
                        doc_type="other" if doc.doc_type != "other" else "cv",
                        minutes=5,
                        rules_dir=RULEBOOK.parent,
                    )
                    decisions.validate(session, dossier, user=alice, minutes=5, comment=f"Vu avec {name}")
                else:
                    decisions.refuse(
                        session,
                        dossier,
                        user=superviseur,
                        reason=f"Pièces de {name} non conformes",
                        minutes=5,
                        allowed_roles=["supervisor"],
                    )
    finally:
        engine.dispose()


def _database_bytes(run: dict) -> bytes:
    if run["db_file"] is not None:
        files = [run["db_file"], *run["db_file"].parent.glob(run["db_file"].name + "-*")]
        return b"".join(f.read_bytes() for f in files if f.is_file())
    engine = make_engine(run["url"])
    try:
        with engine.connect() as connection:
            tables = (
                connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                .scalars()
                .all()
            )
            rows = [
                connection.execute(text(f'SELECT t::text FROM "{table}" t')).scalars().all()
                for table in tables
            ]
        return "\n".join(r for table in rows for r in table).encode("utf-8")
    finally:
        engine.dispose()


def _storage_bytes(storage: Path) -> bytes:
    return b"".join(p.read_bytes() for p in storage.rglob("*") if p.is_file()) if storage.is_dir() else b""


@pytest.mark.parametrize("kind", KINDS)
def test_purge_leaves_no_name_in_the_database_nor_in_prefect_results(
    runs: dict, kind: str, demo_truth: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.retention import result_storage

    run = _run(runs, kind)
    # Names, IBANs, document numbers; digit groups shorter than 8 would match hashes by chance.
    secrets = {s for s in secrets_of(demo_truth, run["batch"]) if not s.isdigit() or len(s) >= 8}
    storage = result_storage()
    assert _leaks(_database_bytes(run), secrets), "the check must see the names before the purge"
    if kind == "sqlite":
        cached = _storage_bytes(storage)
        assert b"__class__" in cached and _leaks(cached, secrets), "cached readings are JSON, with names"
    _close_every_dossier_with_personal_traces(run["url"], run["batch"])

    status, out = _cli(capsys, "purge", "--older-than", "0", "--db", run["url"])
    assert status == 0, out
    assert out.startswith("purged 8 closed dossiers")
    assert not _leaks(_database_bytes(run), secrets)
    assert not _leaks(_storage_bytes(storage), secrets)
    assert not any((run["batch"] / i).exists() for i in _application_ids_from_truth(demo_truth))
    # Anonymous counts and the audit trail stay; explain still answers, without personal data.
    status, out = _cli(
        capsys, "explain", sorted(demo_truth["applications"])[0], "--format", "json", "--db", run["url"]
    )
    assert status == 0 and json.loads(out)["donnees_personnelles_supprimees_le"]
    assert not _leaks(out.encode(), secrets)
    engine = make_engine(run["url"])
    with session_scope(session_factory(engine)) as session:
        decisions = session.execute(select(ApplicationRow.decision, ApplicationRow.purged_at)).all()
        assert len(decisions) == 8 and all(purged for _, purged in decisions)
        actions = session.execute(text("SELECT action FROM audit_events")).scalars().all()
        assert actions.count("purge") == 8 and {"validate", "refuse", "note", "pipeline_decision"} <= set(
            actions
        )
    engine.dispose()
    # Idempotent: nothing left to do.
    status, out = _cli(capsys, "purge", "--older-than", "0", "--db", run["url"])
    assert status == 0 and out.startswith("purged 0 closed dossiers")


def _application_ids_from_truth(truth: dict) -> list[str]:
    return sorted(truth["applications"])


def test_console_scripts_answer(runs: dict, tmp_path: Path) -> None:
    """``dossiercheck replay`` as installed, in a subprocess."""
    run = _run(runs, "sqlite")
    result = run_cli("replay", "--rulebook", str(RULEBOOK), "--db", run["url"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 decisions would change" in result.stdout
