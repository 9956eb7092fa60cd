"""The inbox: claiming, filing, and finishing a batch after the worker was killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from flows.inbox import INBOX, PROCESSED, PROCESSING, InboxBusy, claim_submissions, file_processed, inbox_lock

ROOT = Path(__file__).resolve().parents[2]


def _dossier(parent: Path, app_id: str, program: str | None = "aide-individuelle-formation") -> Path:
    folder = parent / app_id
    folder.mkdir(parents=True)
    form = {"application_id": app_id} | ({"program": program} if program else {})
    (folder / "application.json").write_text(json.dumps(form), encoding="utf-8")
    (folder / "piece.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_claim_adopts_interrupted_claims_and_skips_uploads_in_progress(tmp_path: Path) -> None:
    _dossier(tmp_path / INBOX, "A")
    _dossier(tmp_path / INBOX, ".upload-B")
    _dossier(tmp_path / INBOX, "C", program="autre-programme")
    _dossier(tmp_path / PROCESSING / "old-claim", "D")

    claim, adopted, new = claim_submissions(tmp_path, "new-claim", program="aide-individuelle-formation")
    assert (adopted, new) == (1, 1)
    assert sorted(p.name for p in claim.iterdir()) == ["A", "D"]
    assert not (tmp_path / PROCESSING / "old-claim").exists()
    assert sorted(p.name for p in (tmp_path / INBOX).iterdir()) == [".upload-B", "C"]

    assert file_processed(tmp_path, claim, "2026-11-20") == 2
    assert sorted(p.name for p in (tmp_path / PROCESSED / "2026-11-20").iterdir()) == ["A", "D"]
    assert not claim.exists()


def test_a_second_run_cannot_take_the_inbox(tmp_path: Path) -> None:
    with inbox_lock(tmp_path), pytest.raises(InboxBusy), inbox_lock(tmp_path):
        pass
    with inbox_lock(tmp_path):  # released
        pass


_CHILD = """
import sys
from flows.batch import BatchOptions
from flows.inbox import process_inbox
if __name__ == "__main__":
    process_inbox(sys.argv[1], options=BatchOptions(database_url=sys.argv[2], workers=1))
"""


def _storage_files(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


@pytest.mark.slow
def test_killed_run_is_finished_by_the_next_with_each_dossier_once(
    prefect_harness: str, demo_batch: Path, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings

    from flows.inbox import process_inbox
    from models.db import make_engine
    from models.tables import ApplicationRow, AuditEvent

    ids = sorted(p.name for p in demo_batch.iterdir() if p.is_dir())[:4]
    for app_id in ids:
        shutil.copytree(demo_batch / app_id, tmp_path / "root" / INBOX / app_id)
    root, db = tmp_path / "root", f"sqlite:///{tmp_path / 'results.db'}"
    storage = tmp_path / "storage"  # a cache of its own: earlier tests must not have read these files
    script = tmp_path / "child.py"
    script.write_text(_CHILD, encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": prefect_harness, "PREFECT_LOCAL_STORAGE_PATH": str(storage)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(root), db],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        # Kill once the folders are claimed and at least two documents are read (cached).
        while time.monotonic() < deadline and child.poll() is None:
            claimed = list((root / PROCESSING).glob("*/*"))
            if len(claimed) == len(ids) and _storage_files(storage) >= 2:
                break
            time.sleep(0.2)
        assert child.poll() is None, "the run finished before it could be killed"
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert not list((root / INBOX).iterdir())
    assert len(list((root / PROCESSING).glob("*/*"))) == len(ids)

    with temporary_settings(updates={PREFECT_LOCAL_STORAGE_PATH: storage}):
        out = process_inbox(str(root), options={"database_url": db, "workers": 2})
    assert out["adopted"] == len(ids) and out["new"] == 0
    assert out["summary"]["documents_from_cache"] >= 2

    assert not (root / PROCESSING).exists() or not any((root / PROCESSING).iterdir())
    filed = sorted(p.name for p in (root / PROCESSED).glob("*/*"))
    assert filed == ids
    assert len(list((root / "reports").glob("*.json"))) == 1

    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ApplicationRow.application_id)).scalars().all()
            events = dict(
                conn.execute(
                    select(AuditEvent.application_id, func.count())
                    .where(AuditEvent.action == "pipeline_decision")
                    .group_by(AuditEvent.application_id)
                ).all()
            )
    finally:
        engine.dispose()
    assert sorted(rows) == ids
    assert events == dict.fromkeys(ids, 1)

    again = process_inbox(str(root), options={"database_url": db})  # nothing left: nothing happens
    assert again["new"] == again["adopted"] == 0
    assert sorted(p.name for p in (root / PROCESSED).glob("*/*")) == ids
