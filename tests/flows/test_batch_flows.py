"""The batch flow under a Prefect test harness: truth, privacy, caching, Dask = threads."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from flows.batch import BatchOptions, document_cache_key, process_batch
from tests.flows.conftest import secrets_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch(demo_batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo batch (the committed one may be regenerated meanwhile).

    One upload is renamed the way applicants name files, after themselves
    ("cni_DUPONT_Marie.jpg"), so the privacy test sees whether file names leak.
    """
    target = tmp_path_factory.mktemp("batch") / "demo"
    shutil.copytree(demo_batch, target)
    truth_path = target / "truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    app_id, app = sorted(truth["applications"].items())[0]
    form = json.loads((target / app_id / "application.json").read_text(encoding="utf-8"))
    old = sorted(app["files"])[0]
    applicant = form["applicant"]
    new = f"piece_{applicant['last_name']}_{applicant['first_names'][0]}{Path(old).suffix}"
    (target / app_id / old).rename(target / app_id / new)
    app["files"][new] = app["files"].pop(old)
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def _run(batch: Path, db: Path, **options: object) -> tuple[dict, str]:
    state = process_batch(
        str(batch),
        BatchOptions(database_url=f"sqlite:///{db}", workers=2, **options),  # type: ignore[arg-type]
        return_state=True,
    )
    assert state.is_completed(), state
    return state.result(), str(state.state_details.flow_run_id)


@pytest.fixture(scope="module")
def threads_run(prefect_harness: str, batch: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("db") / "threads.db"
    result, flow_run_id = _run(batch, db, use_cache=False)
    return {"result": result, "flow_run_id": flow_run_id}


def _without_time(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "generated_at"}


async def _run_records(flow_run_id: str) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
        FlowRunFilterParentFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    async with get_client() as client:
        children = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[flow_run_id]))
        )
        ids = [flow_run_id, *(str(c.id) for c in children)]
        task_runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=ids)))
        logs = await client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=ids)))
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=ids))
        )
        flow_runs = [await client.read_flow_run(i) for i in ids]
    return {"task_runs": task_runs, "logs": logs, "artifacts": artifacts, "flow_runs": flow_runs}


def test_threads_run_matches_truth(threads_run: dict, batch: Path) -> None:
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))["applications"]
    report = threads_run["result"]["report"]
    got = {
        a["application_id"]: (a["decision"], sorted({r["code"] for r in a["reasons"]}))
        for a in report["applications"]
    }
    expected = {k: (t["decision"], sorted(t["reason_codes"])) for k, t in truth.items()}
    failed = {
        (a["application_id"], r["document"])
        for a in report["applications"]
        for r in a["reasons"]
        if r["code"] == "UNREADABLE_DOCUMENT"
    }
    assert got == expected, failed
    summary = threads_run["result"]["summary"]
    assert summary["documents"] == sum(len(t["files"]) for t in truth.values())
    assert summary["documents_from_cache"] == 0 and summary["documents_failed"] == 0
    assert summary["cpu_s_per_document"] > 0 and summary["documents_per_minute"] > 0


def test_tasks_artifacts_and_logs_carry_no_personal_data(threads_run: dict, batch: Path) -> None:
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    records = asyncio.run(_run_records(threads_run["flow_run_id"]))

    names = sorted(t.name for t in records["task_runs"])
    # One reading task per dossier, named after its application id only.
    assert names == sorted(f"read-{app_id}" for app_id in truth["applications"]), names[:5]
    assert all(set(t.tags) >= {"ocr", "dossiercheck"} for t in records["task_runs"])
    assert all(t.state.is_completed() for t in records["task_runs"])

    by_key = {a.key: a for a in records["artifacts"]}
    assert {"batch-summary", "batch-report"} <= set(by_key)
    table = by_key["batch-summary"].data
    table = json.loads(table) if isinstance(table, str) else table
    items = {(row["kind"], row["item"]) for row in table}
    assert ("décision", "accepted") in items and ("mesure", "cpu_s_per_document") in items
    markdown = by_key["batch-report"].data
    assert "http://127.0.0.1:8000/queue" in markdown

    haystack = "\n".join(
        [
            *(log.message for log in records["logs"]),
            *names,
            *(json.dumps(a.data, ensure_ascii=False, default=str) for a in records["artifacts"]),
            *(a.description or "" for a in records["artifacts"]),
            *(json.dumps(f.parameters, default=str) for f in records["flow_runs"]),
        ]
    ).upper()
    assert len(records["logs"]) >= 3
    leaks = sorted(s for s in secrets_of(truth, batch) if s in haystack)
    assert not leaks, leaks


def test_dask_runner_gives_the_same_report(
    threads_run: dict, batch: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Two dossiers of the batch (one with a broken file) read on a Dask LocalCluster, cold."""
    ids = sorted(p.name for p in batch.iterdir() if p.is_dir())[5:7]
    subset = tmp_path_factory.mktemp("dask") / "demo"
    for app_id in ids:
        shutil.copytree(batch / app_id, subset / app_id)
    db = tmp_path_factory.mktemp("db") / "dask.db"
    result, flow_run_id = _run(subset, db, task_runner="dask", dask_workers=2, use_cache=False)
    threads = [a for a in threads_run["result"]["report"]["applications"] if a["application_id"] in ids]
    assert result["report"]["applications"] == threads
    assert result["summary"]["runner"] == "dask"
    assert result["summary"]["documents_from_cache"] == 0
    records = asyncio.run(_run_records(flow_run_id))
    assert len(records["flow_runs"]) == 2  # the run and its read-documents-dask sub-flow
    # Dask may run a task again when it loses a worker: every dossier read at least once.
    # (the parent also holds one task run standing for the sub-flow call)
    names = {t.name for t in records["task_runs"] if t.name.startswith("read-SUD-")}
    assert names == {f"read-{app_id}" for app_id in ids}


def test_rerun_reuses_cached_readings(threads_run: dict, batch: Path, tmp_path: Path) -> None:
    result, _ = _run(batch, tmp_path / "again.db")
    assert _without_time(result["report"]) == _without_time(threads_run["result"]["report"])
    assert result["summary"]["documents_from_cache"] == result["summary"]["documents"]


def test_a_stricter_type_threshold_raises_uncertain_type_end_to_end(
    threads_run: dict, batch: Path, tmp_path: Path
) -> None:
    """UNCERTAIN_DOCUMENT_TYPE, the one code no generator fault injects, raised by the flow itself.

    A program officer who demands a type confidence of 1.0 sees the pieces typed
    with any doubt (an MRZ decides at 0.995) become uncertain: they no longer
    count, and no dossier is accepted.
    """
    from models.settings import DEFAULT_RULES_DIR

    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    rulebook = rules / "aide-individuelle-formation.yaml"
    text = rulebook.read_text(encoding="utf-8")
    assert "type_confidence_threshold: 0.90" in text
    rulebook.write_text(
        text.replace("type_confidence_threshold: 0.90", "type_confidence_threshold: 1.0"), "utf-8"
    )
    result, _ = _run(batch, tmp_path / "strict.db", rules_dir=str(rules))
    applications = result["report"]["applications"]
    uncertain = [r for a in applications for r in a["reasons"] if r["code"] == "UNCERTAIN_DOCUMENT_TYPE"]
    assert uncertain and all(r["message"] and r["document"] for r in uncertain)
    assert not [a for a in applications if a["decision"] == "accepted"]
    assert result["summary"]["documents_from_cache"] == result["summary"]["documents"]


def test_cache_key_follows_content_name_and_versions(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-1.4 one")
    b.write_bytes(b"%PDF-1.4 one")
    key = document_cache_key(str(a), "a.pdf", "keyword-v1")
    assert key and key.startswith("read-") and "a.pdf" not in key
    assert document_cache_key(str(a), "a.pdf", "keyword-v1") == key
    assert document_cache_key(str(b), "a.pdf", "keyword-v1") == key  # same bytes, same name
    assert document_cache_key(str(b), "b.pdf", "keyword-v1") != key
    assert document_cache_key(str(a), "a.pdf", "keyword-v2") != key
    b.write_bytes(b"%PDF-1.4 two")
    assert document_cache_key(str(b), "a.pdf", "keyword-v1") != key
    assert document_cache_key(str(tmp_path / "missing.pdf"), "x.pdf", "k") is None


def test_cache_key_changes_with_the_reading_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to extractors/ or models/ must invalidate cached readings, bumped version or not."""
    import flows.batch as batch

    (tmp_path / "extractors").mkdir()
    (tmp_path / "models").mkdir()
    reader = tmp_path / "extractors" / "read.py"
    reader.write_text("VERSION = 1\n")
    monkeypatch.setattr(batch, "__file__", str(tmp_path / "flows" / "batch.py"))
    batch.reading_code_fingerprint.cache_clear()
    before = batch.reading_code_fingerprint()
    reader.write_text("VERSION = 1  # a changed reader\n")
    batch.reading_code_fingerprint.cache_clear()
    assert batch.reading_code_fingerprint() != before
    batch.reading_code_fingerprint.cache_clear()


def test_document_labels_never_carry_the_uploaded_file_name() -> None:
    from flows.batch import document_label, dossier_run_name

    assert document_label("SUD-2026-000001", 3, "CNI_DUPONT_Jean.JPG") == "read-SUD-2026-000001-3.jpg"
    assert document_label("SUD-2026-000001", 1, "scan") == "read-SUD-2026-000001-1"
    assert document_label("SUD-2026-000001", 2, "x.Marie Dupont") == "read-SUD-2026-000001-2"
    assert dossier_run_name("SUD-2026-000001") == "read-SUD-2026-000001"
