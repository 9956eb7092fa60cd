"""The nightly inbox flow: claim the day's submissions, check them, file them away.

Layout under the inbox root (one folder per application, as in a batch)::

    ROOT/inbox/<application_id>/           uploaded, waiting (hidden names are uploads in progress)
    ROOT/processing/<claim>/<application_id>/   claimed by one run (``<claim>`` = time + flow run)
    ROOT/processed/<YYYY-MM-DD>/<application_id>/   done: results committed, report written
    ROOT/reports/<claim>.json               the report of each run

Every move is one ``rename`` on one file system, so a folder is always in
exactly one place. A run takes an exclusive lock on ``ROOT/.lock`` (released
by the kernel when the process dies), adopts the folders of any earlier
claim left in ``processing/`` (a crashed run), claims what waits in
``inbox/``, checks the claim as one batch, and moves each folder to
``processed/`` only after the results are committed. A crash at any point
leaves every folder in ``inbox/`` or ``processing/``: the next run finishes
it. Re-checking a folder whose results were already committed changes
nothing (results are upserted, the audit event is written only when the
conclusion changes, and the reading is cached).
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.batch import BatchOptions, run_batch
from flows.discover import FORM_FILE

INBOX, PROCESSING, PROCESSED, REPORTS = "inbox", "processing", "processed", "reports"
LOCK_FILE = ".lock"


class InboxBusy(RuntimeError):
    """Another run holds the inbox: two runs must never claim the same folders."""


@contextmanager
def inbox_lock(root: Path) -> Iterator[None]:
    """Hold ROOT/.lock exclusively for the whole run (the kernel releases it if we die)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise InboxBusy(f"another run is processing {root}") from error
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith("."))


def _program_of(folder: Path) -> str | None:
    try:
        form = json.loads((folder / FORM_FILE).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    program = form.get("program") if isinstance(form, dict) else None
    return program if isinstance(program, str) else None


def claim_submissions(root: Path, claim: str, program: str | None = None) -> tuple[Path, int, int]:
    """Move the folders to check into ``processing/<claim>``; returns (claim dir, adopted, new).

    Folders of earlier claims (a crashed run) are adopted first. With ``program``,
    only the inbox folders whose form names it are claimed, and those whose form
    cannot be read (they go to review whatever the program).
    """
    target = root / PROCESSING / claim
    target.mkdir(parents=True, exist_ok=True)
    adopted = new = 0
    for old in _folders(root / PROCESSING):
        if old == target:
            continue
        for folder in _folders(old):
            if (target / folder.name).exists():
                continue  # the same application twice: left for the next run
            folder.rename(target / folder.name)
            adopted += 1
        if not any(old.iterdir()):
            old.rmdir()
    for folder in _folders(root / INBOX):
        if program is not None and _program_of(folder) not in (program, None):
            continue
        if (target / folder.name).exists():
            continue
        folder.rename(target / folder.name)
        new += 1
    return target, adopted, new


def file_processed(root: Path, claim_dir: Path, day: str) -> int:
    """Move every folder of a finished claim to ``processed/<day>/``; remove the claim."""
    dest = root / PROCESSED / day
    dest.mkdir(parents=True, exist_ok=True)
    moved = 0
    for folder in _folders(claim_dir):
        target = dest / folder.name
        if target.exists():  # resubmitted the same day: keep both, the later one suffixed
            target = dest / f"{folder.name}.{claim_dir.name}"
        folder.rename(target)
        moved += 1
    if not any(claim_dir.iterdir()):
        claim_dir.rmdir()
    return moved


def claim_name(now: datetime | None = None) -> str:
    """``YYYYmmddTHHMMSS-<flow run id prefix>``: sortable, unique per run."""
    now = now or datetime.now(UTC)
    run_id = (flow_run.get_id() or "local")[:8]
    return f"{now:%Y%m%dT%H%M%S}-{run_id}"


@flow(name="process-inbox", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=False)
def process_inbox(inbox_dir: str, program: str | None = None, options: BatchOptions | None = None) -> dict:
    """Check the submissions waiting in ``inbox_dir/inbox`` (and any a crashed run left claimed)."""
    options = options or BatchOptions()
    logger = get_run_logger()
    root = Path(inbox_dir).resolve()
    with inbox_lock(root):
        claim = claim_name()
        claim_dir, adopted, new = claim_submissions(root, claim, program)
        logger.info("claim %s: %d new submissions, %d adopted from an interrupted run", claim, new, adopted)
        if options.report_path is None:
            options = options.model_copy(update={"report_path": str(root / REPORTS / f"{claim}.json")})
        day = datetime.now(UTC).strftime("%Y-%m-%d")
        result = run_batch(claim_dir, options, batch_name=claim, stored_root=root / PROCESSED / day)
        moved = file_processed(root, claim_dir, day)
        logger.info("claim %s: %d folders filed under %s/", claim, moved, PROCESSED)
    return {"claim": claim, "adopted": adopted, "new": new, "summary": result["summary"]}
