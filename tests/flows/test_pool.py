"""The reading processes: started before the flow, taken over by it, ended with it."""

from __future__ import annotations

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
