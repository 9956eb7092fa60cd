"""End to end on a real Prefect server: pool, `prefect deploy --all`, a worker, a triggered run."""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path

import pytest

from flows import ops

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _trigger_and_inspect(url: str, parameters: dict, worker_log: Path, home: Path) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
    )

    async with get_client() as client:
        deployment = await client.read_deployment_by_name("process-inbox/daily-batch")
        assert deployment.schedules and deployment.schedules[0].schedule.timezone == "Europe/Paris"
        run = await client.create_flow_run_from_deployment(deployment.id, parameters=parameters)
        worker = ops.start_worker(url, home, worker_log, run_once=True, cwd=ROOT)
        try:
            await asyncio.get_running_loop().run_in_executor(None, lambda: worker.wait(timeout=240))
        finally:
            if worker.poll() is None:
                ops.stop_process(worker.pid)
        flow_run = await client.read_flow_run(run.id)
        task_runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        )
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
    return {"flow_run": flow_run, "task_runs": task_runs, "artifacts": artifacts}


def test_deployment_runs_on_a_real_server_through_a_worker(
    prefect_home: Path, demo_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from tests.conftest import CLI_RESULT_STORAGE

    # The worker's flow runs read through the session's reading cache (tests/conftest.py): what is
    # tested here is the server, the deployment and the worker, not reading the files again.
    monkeypatch.setenv("PREFECT_LOCAL_STORAGE_PATH", str(CLI_RESULT_STORAGE))

    home, port = tmp_path / "prefect-home", _free_port()
    url = ops.api_url("127.0.0.1", port)
    server = ops.start_server("127.0.0.1", port, home, tmp_path / "server.log")
    try:
        ops.wait_healthy(url, 120, server)
        ops.create_pool(url, home)
        ops.deploy(url, home, ROOT)

        root = tmp_path / "root"
        ids = sorted(p.name for p in demo_batch.iterdir() if p.is_dir())[:2]
        for app_id in ids:
            shutil.copytree(demo_batch / app_id, root / "inbox" / app_id)
        parameters = {
            "inbox_dir": str(root),
            "program": "aide-individuelle-formation",
            "options": {"database_url": f"sqlite:///{tmp_path / 'results.db'}", "workers": 2},
        }
        with temporary_settings(updates={PREFECT_API_URL: url}):
            got = asyncio.run(_trigger_and_inspect(url, parameters, tmp_path / "worker.log", home))
    finally:
        ops.stop_process(server.pid)

    log = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    assert got["flow_run"].state.is_completed(), (got["flow_run"].state, log)
    task_runs = got["task_runs"]
    states = {t.name: t.state.type.value if t.state else None for t in task_runs}
    assert states == {f"read-{i}": "COMPLETED" for i in ids}, states  # one reading task per dossier
    assert {a.key for a in got["artifacts"]} >= {"batch-summary", "batch-report"}
    assert sorted(p.name for p in (root / "processed").glob("*/*")) == ids
