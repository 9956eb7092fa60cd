"""Failures injected into real components while a batch runs.

Tesseract killed, a reading process killed, PostgreSQL refusing connections
mid-batch, the report's disk full. Each time the affected document gets a
reason or the run fails cleanly, and a rerun completes with the truth's
decisions and nothing duplicated. Nothing is mocked: the processes are
killed with SIGKILL, PostgreSQL really closes its doors, the disk is a real
(tiny) tmpfs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from flows.batch import BatchOptions, process_batch
from tests.conftest import table_counts

pytestmark = pytest.mark.slow

# One dossier of the demo batch: four digital PDFs (no OCR) and a photographed identity card (OCR, MRZ).
DOSSIER = "SUD-2026-000006"


@pytest.fixture
def batch(demo_batch: Path, demo_truth: dict, tmp_path: Path) -> Path:
    target = tmp_path / "batch"
    shutil.copytree(demo_batch / DOSSIER, target / DOSSIER)
    truth = {**demo_truth, "applications": {DOSSIER: demo_truth["applications"][DOSSIER]}}
    (target / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return target


def _truth(batch: Path) -> dict[str, tuple[str, list[str]]]:
    apps = json.loads((batch / "truth.json").read_text(encoding="utf-8"))["applications"]
    return {a: (t["decision"], sorted(t["reason_codes"])) for a, t in apps.items()}


def _decisions(report: dict) -> dict[str, tuple[str, list[str]]]:
    return {
        a["application_id"]: (a["decision"], sorted({r["code"] for r in a["reasons"]}))
        for a in report["applications"]
    }


def _run(batch: Path, db: str, **options: object):  # type: ignore[no-untyped-def]
    return process_batch(
        str(batch),
        BatchOptions(database_url=db, workers=2, **options),  # type: ignore[arg-type]
        return_state=True,
    )


def _tesseracts() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.name() == "tesseract":
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@contextmanager
def _killer(pick: Callable[[], list[psutil.Process]], *, times: int | None) -> Iterator[list[int]]:
    """SIGKILL what ``pick`` returns, ``times`` times (None: for as long as the block runs)."""
    killed: list[int] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set() and (times is None or len(killed) < times):
            for process in pick():
                try:
                    process.send_signal(signal.SIGKILL)
                    killed.append(process.pid)
                except psutil.NoSuchProcess:
                    continue
                if times is not None and len(killed) >= times:
                    return
            time.sleep(0.005)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield killed
    finally:
        stop.set()
        thread.join(timeout=10)


def _reading_workers() -> list[psutil.Process]:
    """The pool process that is running a Tesseract right now (killed mid-OCR)."""
    parents = []
    for tesseract in _tesseracts():
        try:
            parent = tesseract.parent()
        except psutil.NoSuchProcess:
            continue
        if parent is not None and parent.pid != os.getpid():
            parents.append(parent)
    return parents


@pytest.mark.parametrize("victim", ["tesseract", "reading-process"])
def test_a_process_killed_once_is_retried_and_nothing_is_lost(
    prefect_harness: str, batch: Path, tmp_path: Path, victim: str
) -> None:
    db = f"sqlite:///{tmp_path / 'results.db'}"
    pick = _tesseracts if victim == "tesseract" else _reading_workers
    with _killer(pick, times=1) as killed:
        state = _run(batch, db, use_cache=False, report_path=str(tmp_path / "report.json"))
    assert len(killed) == 1, "nothing was killed: the test did not test anything"
    assert state.is_completed(), state
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert _decisions(report) == _truth(batch)
    _assert_stored_once(db, report)


def test_tesseract_killed_every_time_sends_that_document_to_a_person(
    prefect_harness: str, batch: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'results.db'}"
    with _killer(_tesseracts, times=None) as killed:
        state = _run(batch, db, use_cache=False, report_path=str(tmp_path / "killed.json"))
    assert killed, "no Tesseract ran: the test did not test anything"
    assert state.is_completed(), state
    (app,) = json.loads((tmp_path / "killed.json").read_text(encoding="utf-8"))["applications"]
    # The photo could not be analysed: it counts as no piece (CONTRACT: a missing identity makes the
    # dossier incomplete) and says why, in French, for the caseworker.
    assert app["decision"] == "incomplete"
    technical = [r for r in app["reasons"] if r["code"] == "UNREADABLE_DOCUMENT"]
    assert technical and all("erreur technique" in r["message"] for r in technical), app["reasons"]
    # The digital PDFs need no OCR: they were read as usual.
    read = {d["file"] for d in app["documents"] if d["doc_type"] != "other"}
    assert len(read) >= 4, app["documents"]
    assert "Traceback" not in json.dumps(app)

    # The failed reading was not cached: a rerun reads the photo and decides as the truth says.
    state = _run(batch, db, report_path=str(tmp_path / "report.json"))
    assert state.is_completed(), state
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert _decisions(report) == _truth(batch)
    # The audit trail keeps both decisions (incomplete, then the truth's); rows are not doubled.
    _assert_stored_once(db, report, decisions_recorded=2)


@contextmanager
def _connections_refused(url: str) -> Iterator[Callable[[], None]]:
    """Yield a function that makes PostgreSQL refuse and drop every connection to ``url``'s database."""
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = target.database

    def close() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    try:
        yield close
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


@pytest.mark.postgres
def test_postgresql_gone_mid_batch_fails_the_run_and_a_rerun_completes(
    prefect_harness: str, batch: Path, postgres_url: str, tmp_path: Path
) -> None:
    report_path = tmp_path / "report.json"
    with _connections_refused(postgres_url) as close:
        # The schema is made, then the database goes away while the documents are being read.
        done = threading.Event()

        def close_when_reading() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not _tesseracts():
                time.sleep(0.01)
            close()
            done.set()

        closer = threading.Thread(target=close_when_reading, daemon=True)
        closer.start()
        state = _run(batch, postgres_url, use_cache=False, report_path=str(report_path))
        closer.join(timeout=130)
        assert done.is_set()
        assert state.is_failed(), state
        assert not report_path.exists(), "a report was written for results that were not stored"
        assert not list(tmp_path.glob(".report.json.*")), "a temporary report was left behind"
    # The database is back: the same batch runs again (its readings from the cache) and completes.
    state = _run(batch, postgres_url, report_path=str(report_path))
    assert state.is_completed(), state
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert _decisions(report) == _truth(batch)
    _assert_stored_once(postgres_url, report)


def _assert_stored_once(url: str, report: dict, decisions_recorded: int = 1) -> None:
    """One application row, a row per document, one pipeline decision: nothing half-stored or twice."""
    from sqlalchemy import func, select

    from models.db import make_engine
    from models.tables import AuditEvent

    counts = table_counts(url)
    (app,) = report["applications"]
    assert counts["applications"] == 1 and counts["documents"] == len(app["documents"]), counts
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            decisions = conn.execute(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "pipeline_decision")
            ).scalar_one()
    finally:
        engine.dispose()
    assert decisions == decisions_recorded


@contextmanager
def _tiny_disk(path: Path, size_kib: int) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(f"could not mount a tmpfs to fill (needs root): {mounted.stderr.strip()}", pytrace=False)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_report_disk_full_fails_the_run_keeps_the_old_report_and_a_rerun_completes(
    prefect_harness: str, batch: Path, tmp_path: Path
) -> None:
    if os.geteuid() != 0:
        pytest.skip("filling a real disk needs a tmpfs mount, so root (CI runs as root)")
    db = f"sqlite:///{tmp_path / 'results.db'}"
    with _tiny_disk(tmp_path / "disk", 64) as disk:
        report_path = disk / "report.json"
        report_path.write_text('{"previous": true}\n', encoding="utf-8")
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as out:  # fill the disk to its last block
            try:
                while True:
                    out.write(b"\0" * 1024)
            except OSError:
                pass
        state = _run(batch, db, report_path=str(report_path))
        assert state.is_failed() and "No space left on device" in str(state.message), state
        assert report_path.read_text(encoding="utf-8") == '{"previous": true}\n'
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "report.json"]
        counts = table_counts(db)

        filler.unlink()  # space again: the rerun writes the report, the database is unchanged
        state = _run(batch, db, report_path=str(report_path))
        assert state.is_completed(), state
        report = json.loads(report_path.read_text(encoding="utf-8"))
        assert _decisions(report) == _truth(batch)
        assert table_counts(db) == counts
        _assert_stored_once(db, report)
