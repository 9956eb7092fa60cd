"""prefect.yaml as code: schedules, pools, parameters that validate against the flows."""

from __future__ import annotations

from pathlib import Path

import yaml

from flows.batch import BatchOptions
from flows.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_every_deployment_has_pool_and_valid_options() -> None:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in config["deployments"]}
    assert {"daily-batch", "daily-batch-dask", "batch-dir"} <= set(deployments)
    for deployment in deployments.values():
        assert deployment["entrypoint"].startswith("flows/")
        assert deployment["work_pool"]["name"] == "dossiercheck"
        if "options" not in deployment["parameters"]:  # the purge takes no batch options
            continue
        options = BatchOptions.model_validate(deployment["parameters"]["options"])
        assert options.database_url is None  # secrets come from the worker's environment
    nightly = deployments["daily-batch"]["schedules"][0]
    assert nightly["timezone"] == "Europe/Paris" and nightly["cron"].split()[1] in {"0", "1", "2", "3", "4"}
    assert deployments["daily-batch"]["concurrency_limit"] == 1
    assert (
        BatchOptions.model_validate(deployments["daily-batch-dask"]["parameters"]["options"]).task_runner
        == "dask"
    )


def test_ops_commands_are_registered() -> None:
    parser = build_parser()
    for argv in (["ops", "up", "--port", "4300"], ["ops", "down"], ["ops", "status"], ["ops", "purge-cache"]):
        assert callable(parser.parse_args(argv).func)


def test_purge_cache_removes_old_results_only(tmp_path: Path) -> None:
    import os
    import time

    from flows.ops import purge_cache

    storage = tmp_path / "storage"
    storage.mkdir()
    old, new = storage / "old", storage / "new"
    old.write_text("x")
    new.write_text("y")
    past = time.time() - 10 * 86400
    os.utime(old, (past, past))
    os.environ["PREFECT_LOCAL_STORAGE_PATH"] = str(storage)
    try:
        assert purge_cache(7) == 1
    finally:
        del os.environ["PREFECT_LOCAL_STORAGE_PATH"]
    assert not old.exists() and new.exists()


def test_daily_purge_deployment_and_cache_retention() -> None:
    from datetime import timedelta

    from flows.batch import CACHE_EXPIRATION, RESULT_SERIALIZER, cache_expiration, read_dossier_task
    from models.settings import get_settings

    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    purge = {d["name"]: d for d in config["deployments"]}["daily-purge"]
    assert purge["entrypoint"] == "flows/retention.py:purge_personal_data"
    assert purge["schedules"][0]["timezone"] == "Europe/Paris" and purge["concurrency_limit"] == 1
    assert set(purge["parameters"]) <= {"older_than_days", "reports_dir"}  # no database URL
    # Cached readings are JSON, never pickles, and never outlive the purge's retention.
    assert RESULT_SERIALIZER == "json" and read_dossier_task.result_serializer == "json"
    assert cache_expiration() <= min(CACHE_EXPIRATION, timedelta(days=get_settings().retention_days))
    parser = build_parser()
    for argv in (["explain", "X"], ["replay", "--rulebook", "r.yaml"], ["purge", "--older-than", "0"]):
        assert callable(parser.parse_args(argv).func)
