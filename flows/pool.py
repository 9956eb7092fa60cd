"""A process pool for the CPU work of reading documents.

Prefect tasks run on threads and hand the CPU work (PDF parsing, OpenCV,
Tesseract, classification) to these worker processes: true parallelism on
the cores, the classifier loaded once per worker, and a crash on a hostile
file kills one worker, not the batch. Workers never import Prefect (a
ProcessPoolTaskRunner would start one temporary Prefect server per worker in
ephemeral mode; see docs/design_notes.md).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from flows.environment import OFFLINE_DEFAULTS
from models.claims import claims_beside
from models.facts import DocumentFacts
from models.settings import Settings, get_settings

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_workers = 0
# Readings started before the flow asked for them (``prefetch``): path -> (file state, future).
_prefetched: dict[str, tuple[tuple[int, int], Future]] = {}


class WorkerCrashed(RuntimeError):
    """A worker process died while reading a document (transient: the task retries)."""


# One thread per worker for torch (the classifier's encoder), OpenMP/BLAS and OpenCV: the
# parallelism comes from the worker processes, and 2 workers x N threads on 2 cores only
# contend. torch reads these when it is first imported (in the worker); OpenCV reads
# OPENCV_FOR_THREADS_NUM before its first parallel loop. Measured (benchmarks/floor_benchmark.py,
# docs/reading.md): OpenCV's own pool of 2 threads per worker cost 19.9 CPU s of clean-up on
# 117 files where one thread costs 15.7 (the pipeline: 156.7 → 139.4 CPU s, 94.0 → 84.8 s wall).
WORKER_THREADS = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OPENCV_FOR_THREADS_NUM": "1",
}


def init_worker() -> None:
    """Environment of a reading process: offline, one thread per library (set before their imports)."""
    for key, value in {**OFFLINE_DEFAULTS, **WORKER_THREADS}.items():
        os.environ.setdefault(key, value)


@cache
def _classifier():  # type: ignore[no-untyped-def]
    from extractors.classifiers import default_classifier

    return default_classifier(get_settings())


def classifier_version() -> str:
    """Name and version of the classifier the workers use."""
    clf = _classifier()
    return f"{clf.name}:{clf.version}"


def analyse_path(path: str, file_name: str) -> DocumentFacts:
    """Analyse one file from disk (runs inside a worker, or inline).

    The form's claims come from the dossier's folder here, in the worker, and
    never as a task parameter: Prefect stores task parameters in its API.
    """
    from extractors.analyse import analyse_document

    settings: Settings = get_settings()
    data = Path(path).read_bytes()
    claims, _ = claims_beside(Path(path))
    return analyse_document(data, file_name, classifier=_classifier(), settings=settings, claims=claims)


def _cpu_now() -> float:
    """CPU seconds of this thread and of the finished children of this process (Tesseract)."""
    own = resource.getrusage(resource.RUSAGE_THREAD)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def analyse_path_measured(path: str, file_name: str) -> tuple[DocumentFacts, float]:
    """``analyse_path`` and the CPU seconds it took (this thread plus the OCR processes it ran)."""
    started = _cpu_now()
    facts = analyse_path(path, file_name)
    return facts, round(max(_cpu_now() - started, 0.0), 4)


_PACKAGE_DIR = Path(__file__).resolve().parent


def drop_package_dir_from_sys_path() -> None:
    """Remove ``flows/`` itself from ``sys.path`` before starting worker processes.

    Prefect loads a file entrypoint (``flows/inbox.py``) by putting its folder on
    ``sys.path``; spawned children inherit it, and there any module of ``flows/``
    named like a standard or third-party module would shadow it (a module
    ``flows/inspect.py`` once broke every import this way; it is now
    ``flows/inspection.py``).
    """
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _PACKAGE_DIR]


def _new_pool(workers: int) -> ProcessPoolExecutor:
    drop_package_dir_from_sys_path()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
    )


def warm_up() -> str:
    """Load what every reading needs (the reading code, the classifier and its encoder); runs in a worker."""
    import extractors.analyse  # noqa: F401  (the reading code: OpenCV, pdfplumber, Tesseract wrappers)

    clf = _classifier()
    if hasattr(clf, "features"):
        clf.features  # noqa: B018  (the encoder: torch and its weights, the slowest part)
    return f"{clf.name}:{clf.version}"


def prestart_pool(workers: int) -> None:
    """Start the reading processes now and have each load the reading code and the classifier.

    Called by the CLI before it migrates the database and starts the flow (and
    Prefect's temporary server): the workers' start (about 5 s each, mostly
    torch and the encoder) overlaps that, instead of delaying the first
    reading. ``analysis_pool`` takes the started pool over; ``stop_pool``
    ends it if no flow runs. Measured in docs/reading.md ("Int8 encoder,
    workers started before the flow, orientation from the MRZ").
    """
    global _pool, _workers
    with _lock:
        if _pool is not None:
            return
        _pool, _workers = _new_pool(workers), workers
        for _ in range(workers):
            _pool.submit(warm_up)  # one per worker, in practice: each takes one while the other starts


def _file_state(path: str) -> tuple[int, int] | None:
    """Size and modification time: a prefetched reading is used only for the file it read."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def prefetch(paths: list[str]) -> int:
    """Start reading ``paths`` on the pre-started pool now, before any flow asks; the count started.

    Called by the CLI right after ``prestart_pool``, with the batch's files
    that have no cached reading: the reading processes work while the CLI
    migrates the database and Prefect's temporary server starts (about 20 s
    of a run on these machines, docs/reading.md), instead of waiting. The
    flow's reading tasks then collect these readings (``run_analysis_measured``
    takes a prefetched reading for the same path, size and modification time)
    in the same order. Does nothing without a pre-started pool.
    """
    started = 0
    with _lock:
        if _pool is None:
            return 0
        for path in paths:
            state = _file_state(path)
            if state is None or path in _prefetched:
                continue
            _prefetched[path] = (state, _pool.submit(analyse_path_measured, path, Path(path).name))
            started += 1
    return started


def _take_prefetched(path: str, pool: ProcessPoolExecutor) -> Future | None:
    """The prefetched reading of ``path`` on ``pool`` if the file has not changed since (taken once)."""
    with _lock:
        entry = _prefetched.pop(path, None)
    if entry is None or _pool is not pool:
        return None
    state, future = entry
    if state != _file_state(path):
        future.cancel()
        return None
    return future


def stop_pool() -> None:
    """Shut the reading processes down (a pre-started pool no flow took over); drop prefetched readings."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
        _prefetched.clear()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def analysis_pool(workers: int) -> Iterator[None]:
    """Run ``run_analysis`` calls of this process on ``workers`` processes (a pre-started pool if any)."""
    global _pool, _workers
    with _lock:
        if _pool is None or _workers != workers:
            previous, _pool, _workers = _pool, _new_pool(workers), workers
            _prefetched.clear()
        else:
            previous = None
    if previous is not None:
        previous.shutdown(wait=False, cancel_futures=True)
    try:
        yield
    finally:
        stop_pool()


def pool_active() -> bool:
    """Whether ``run_analysis`` calls of this process go to reading processes (else they run inline)."""
    with _lock:
        return _pool is not None


def run_analysis(path: str, file_name: str, timeout_s: float | None = None) -> DocumentFacts:
    """Analyse a file on the pool when one is active here, else in this process."""
    return run_analysis_measured(path, file_name, timeout_s)[0]


def run_analysis_measured(
    path: str, file_name: str, timeout_s: float | None = None
) -> tuple[DocumentFacts, float]:
    """``run_analysis`` and the CPU seconds the reading took, wherever it ran.

    Inline (no pool here: a Dask worker, ``inspect``) when no pool is active.
    A reading ``prefetch`` started for the same file is collected instead of
    read again; a retry reads the file anew.
    """
    global _pool
    with _lock:
        pool = _pool
    if pool is None:
        return analyse_path_measured(path, file_name)
    try:
        future = _take_prefetched(path, pool) if Path(path).name == file_name else None
        if future is None:
            future = pool.submit(analyse_path_measured, path, file_name)
        return future.result(timeout=timeout_s)
    except BrokenProcessPool as error:
        with _lock:
            if _pool is pool:
                _pool = _new_pool(_workers)
        pool.shutdown(wait=False, cancel_futures=True)
        # No file name: it would reach the Prefect logs (they name the document by its position).
        raise WorkerCrashed("worker process died while reading the document") from error
