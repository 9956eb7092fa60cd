"""The reading processes: started before the flow, taken over by it, ended with it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flows import pool
from flows.pool import analysis_pool, prestart_pool, run_analysis, stop_pool, warm_up
from models.doctypes import DocType


def _first_pdf(demo_batch: Path) -> Path:
    return next(p for p in sorted(demo_batch.glob("*/*.pdf")) if p.stat().st_size > 0)


def test_warm_up_loads_the_classifier_the_flow_uses() -> None:
    assert warm_up() == pool.classifier_version()


def test_a_prestarted_pool_is_taken_over_by_the_flow_and_ended_with_it(demo_batch: Path) -> None:
    prestart_pool(1)
    try:
        started = pool._pool
        assert started is not None
        prestart_pool(1)  # a second call keeps the running pool
        assert pool._pool is started
        with analysis_pool(1):
            assert pool._pool is started
            path = _first_pdf(demo_batch)
            facts = run_analysis(str(path), path.name)
            assert facts.readable and facts.doc_type != DocType.OTHER
        assert pool._pool is None
    finally:
        stop_pool()


def test_a_pool_of_another_size_is_replaced() -> None:
    prestart_pool(1)
    try:
        started = pool._pool
        with analysis_pool(2):
            assert pool._pool is not started and pool._workers == 2
        assert pool._pool is None
    finally:
        stop_pool()


def test_stop_pool_without_a_pool_does_nothing() -> None:
    stop_pool()
    assert pool._pool is None


def _two_types(demo_batch: Path, demo_truth: dict) -> tuple[Path, Path]:
    """Two digital PDFs of the demo batch of different types (by its truth.json)."""
    seen: dict[str, Path] = {}
    for app_id, app in sorted(demo_truth["applications"].items()):
        for name, file in sorted(app["files"].items()):
            if file.get("source") == "digital_pdf" and file.get("doc_type") and name.endswith(".pdf"):
                seen.setdefault(file["doc_type"], demo_batch / app_id / name)
        if len(seen) >= 2:
            break
    first, other = list(seen.values())[:2]
    return first, other


def test_a_prefetched_reading_is_collected_by_the_flow(demo_batch: Path, tmp_path: Path) -> None:
    path = tmp_path / "piece.pdf"
    path.write_bytes(_first_pdf(demo_batch).read_bytes())
    assert pool.prefetch([str(path)]) == 0  # no pre-started pool: nothing is started
    prestart_pool(1)
    try:
        assert pool.prefetch([str(path), str(tmp_path / "missing.pdf")]) == 1
        assert list(pool._prefetched) == [str(path)]
        future = pool._prefetched[str(path)][1]
        with analysis_pool(1):
            facts = run_analysis(str(path), path.name)
            assert not pool._prefetched and future.done()
            assert facts == future.result()[0]
    finally:
        stop_pool()


def test_a_file_changed_after_its_prefetch_is_read_again(
    demo_batch: Path, demo_truth: dict, tmp_path: Path
) -> None:
    before, after = _two_types(demo_batch, demo_truth)
    path = tmp_path / "piece.pdf"
    path.write_bytes(before.read_bytes())
    prestart_pool(1)
    try:
        assert pool.prefetch([str(path)]) == 1
        stale = pool._prefetched[str(path)][1]
        stale.result()  # read before the change
        path.write_bytes(after.read_bytes())  # the upload replaced meanwhile
        with analysis_pool(1):
            facts = run_analysis(str(path), path.name)
        assert facts.sha256 == hashlib.sha256(after.read_bytes()).hexdigest()
        assert stale.result()[0].sha256 == hashlib.sha256(before.read_bytes()).hexdigest()
        assert facts.doc_type != stale.result()[0].doc_type
    finally:
        stop_pool()
