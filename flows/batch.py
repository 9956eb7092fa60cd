"""The batch flow: a batch directory in, a report and stored results out.

``process_batch`` reads every document on a process pool (one Prefect task
per dossier; each document retried on transient errors only and cached on its
own), stores the documents of the whole batch, then checks each application
against its program's rulebook, stores the decisions and writes the report.
Nothing here logs a name, an IBAN or a document number: only application
ids, file names and counts.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import PrefectFuture, wait
from prefect.results import ResultStore, get_result_store, resolve_serializer
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import BaseModel, Field

from extractors.twoddoc.trust import store_fingerprint
from flows.discover import Dossier, discover_dossiers
from flows.environment import configure_environment
from flows.pool import (
    WorkerCrashed,
    analysis_pool,
    classifier_version,
    drop_package_dir_from_sys_path,
    pool_active,
    prefetch,
    run_analysis_measured,
)
from flows.report import application_out, build_report, summarise, summary_markdown, summary_rows
from models.claims import claims_beside
from models.contract import ApplicationOut, Report
from models.db import make_engine, migrate, session_factory, session_scope
from models.doctypes import DocType
from models.document import TextSource
from models.errors import EngineInterrupted
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.settings import get_settings
from models.store import PIPELINE_ACTOR, find_duplicates, record_evaluation, save_documents, save_result
from models.versions import PIPELINE_VERSION
from validators.evaluation import Evaluation, evaluate_dossier
from validators.rulebook import Rulebook, load_rulebook

TRANSIENT_ERRORS = (OSError, TimeoutError, FutureTimeout, WorkerCrashed, EngineInterrupted)
DEFAULT_REVIEW_URL = "http://127.0.0.1:8000/queue"
# How long a reading result stays reusable in Prefect's result storage (see docs/operations.md):
# at most this, and never longer than the purge's retention (``cache_expiration``).
CACHE_EXPIRATION = timedelta(days=7)
# Cached readings are stored as JSON (pydantic models rebuilt by validation), never pickled.
RESULT_SERIALIZER = "json"


def cache_expiration() -> timedelta:
    """The cached readings' lifetime: 7 days, or the retention of personal data if shorter."""
    return min(CACHE_EXPIRATION, timedelta(days=get_settings().retention_days))


class BatchOptions(BaseModel):
    """Per-run knobs of the batch flow (deployment settings live in models.settings)."""

    database_url: str | None = Field(None, description="SQLAlchemy URL; default from settings.")
    report_path: str | None = Field(None, description="Where to write the report JSON.")
    workers: int | None = Field(None, ge=1, le=64, description="Reading processes (threads runner).")
    rules_dir: str | None = Field(None, description="Folder of rulebooks; default from settings.")
    task_runner: Literal["threads", "dask"] = Field(
        "threads", description="threads: our process pool; dask: per-dossier tasks on a Dask cluster."
    )
    dask_address: str | None = Field(
        None, description="Scheduler of an existing Dask cluster (tcp://host:8786); else a LocalCluster."
    )
    dask_workers: int = Field(2, ge=1, le=256, description="Workers of the LocalCluster (no address).")
    use_cache: bool = Field(
        True, description="Reuse reading results of unchanged files (SHA-256 + pipeline/classifier version)."
    )
    document_timeout_s: float | None = Field(
        None, gt=0, description="Per-document time limit; default 4 x DOSSIERCHECK_OCR_TIMEOUT_S."
    )
    review_url: str | None = Field(
        None, description="Review queue linked from the report; default DOSSIERCHECK_REVIEW_URL."
    )


class ReadResult(BaseModel):
    """One document's reading as cached: the facts, and the CPU seconds the reading took."""

    facts: DocumentFacts
    cpu_s: float = 0.0


class DocumentRead(ReadResult):
    """One document's outcome in a dossier's reading task: read, taken from the cache, or failed."""

    cached: bool = False
    failed: bool = False


# A document's reading is tried again after these delays when it fails with a transient error
# (I/O, a time-out, a crashed worker or Tesseract); any other error is final at once.
RETRY_DELAYS_S = (2.0, 10.0)


# The packages whose code decides what reading a file yields.
READING_PACKAGES = ("extractors", "models")


@cache
def reading_code_fingerprint() -> str:
    """SHA-256 of the reading code's sources: any change to it invalidates cached readings.

    A hand-bumped version alone is forgotten (a reader change once went out
    without one); the sources cannot be.
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in READING_PACKAGES:
        for source in sorted((root / package).rglob("*.py")):
            digest.update(source.relative_to(root).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def document_cache_key(path: str, file_name: str, classifier: str) -> str | None:
    """SHA-256 of the file's bytes + its dossier's form + file name + pipeline, classifier and settings.

    The form is part of the key because the extractors look for its values
    (``models.claims``): a corrected form must be read again.

    The pipeline part is ``PIPELINE_VERSION`` plus a fingerprint of the
    reading code itself (``reading_code_fingerprint``). The 2D-Doc trust
    store's content is part of it too: importing certificates re-verifies.

    Hashed again so that no file name appears in the result storage's file names.
    None (no caching) when the file cannot be read: the task will say why.
    """
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
    _, form = claims_beside(Path(path))
    parts = [
        digest,
        hashlib.sha256(form).hexdigest(),
        file_name,
        PIPELINE_VERSION,
        reading_code_fingerprint(),
        classifier,
        get_settings().reading_fingerprint(),
        store_fingerprint(get_settings().trust_dir),
    ]
    return "read-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _read_cached(store: ResultStore, key: str | None) -> ReadResult | None:
    """The cached reading under ``key`` if there is one that has not expired (else None).

    One read of the entry (``ResultStore.exists`` would read and parse it a first time).
    """
    if key is None:
        return None
    try:
        record = store.read(key)
    except Exception:  # no entry, or an unreadable one: a cache miss, the file is read again
        return None
    expiration = record.metadata.expiration
    if expiration is not None and expiration <= datetime.now(UTC):
        return None
    return record.result if isinstance(record.result, ReadResult) else None


def _analyse_with_retries(
    path: Path,
    label: str,
    timeout_s: float | None,
    logger,  # type: ignore[no-untyped-def]
) -> tuple[DocumentFacts, float]:
    """``run_analysis_measured``, retried (``RETRY_DELAYS_S``) on transient errors; raises the last error."""
    for attempt, delay in enumerate((*RETRY_DELAYS_S, None), start=1):
        try:
            return run_analysis_measured(str(path), path.name, timeout_s=timeout_s)
        except TRANSIENT_ERRORS as error:
            if delay is None:
                raise
            name, retries = type(error).__name__, len(RETRY_DELAYS_S)
            logger.warning("%s: %s, retry %d/%d in %.0f s", label, name, attempt, retries, delay)
            time.sleep(delay)
    raise AssertionError("the last attempt returns or raises")  # pragma: no cover


def _read_document(
    store: ResultStore,
    path: Path,
    label: str,
    classifier: str,
    timeout_s: float | None,
    use_cache: bool,
    logger,  # type: ignore[no-untyped-def]
) -> DocumentRead:
    """Read one document (from the cache when allowed), retrying transient errors; never raises.

    A reading that failed is never cached: the next run reads the file again.
    ``label`` (``document_label``) is what the logs say of the document.
    """
    key = document_cache_key(str(path), path.name, classifier)
    if use_cache and (cached := _read_cached(store, key)) is not None:
        return DocumentRead(facts=cached.facts, cpu_s=cached.cpu_s, cached=True)
    try:
        facts, cpu_s = _analyse_with_retries(path, label, timeout_s, logger)
    except Exception as failure:  # the boundary: an analysis failure is a finding, not a crash
        # No message: an exception's text may quote the file's name or content.
        logger.error("%s: reading failed (%s), sent to a person", label, type(failure).__name__)
        return DocumentRead(facts=_internal_error_facts(path, failure), failed=True)
    if key is not None:
        try:
            store.write(
                ReadResult(facts=facts, cpu_s=cpu_s),
                key=key,
                expiration=datetime.now(UTC) + cache_expiration(),
            )
        except Exception as error:  # a full disk loses the cache entry, never the reading
            logger.warning("%s: reading not cached (%s)", label, type(error).__name__)
    return DocumentRead(facts=facts, cpu_s=cpu_s)


@task(
    name="read-dossier",
    tags=["dossiercheck", "ocr"],
    persist_result=False,
    result_serializer=RESULT_SERIALIZER,
)
def read_dossier_task(
    application_id: str,
    folder: str,
    files: list[str],
    classifier: str,
    timeout_s: float | None = None,
    use_cache: bool = True,
) -> list[DocumentRead]:
    """Read, classify and extract the files of one dossier (on our pool, or inline on a Dask worker).

    One task per dossier, not per document: each task run costs Prefect's API
    a few calls and its server CPU (docs/reading.md). Each document is still
    cached on its own, under ``document_cache_key``, in the task's result
    storage (JSON), so an interrupted dossier resumes from the documents it
    had read. Its parameters (an application id, a folder, file names) stay
    in this process: a task run sends Prefect's API only its upstream
    dependencies. Its run name and its logs name a document by
    ``document_label``, never by its file name.
    """
    logger = get_run_logger()
    store = get_result_store()
    labels = [document_label(application_id, position, name) for position, name in enumerate(files, start=1)]

    def read(index: int) -> DocumentRead:
        return _read_document(
            store, Path(folder) / files[index], labels[index], classifier, timeout_s, use_cache, logger
        )

    if not pool_active() or len(files) < 2:  # inline (Dask): one document at a time
        return [read(i) for i in range(len(files))]
    # On our pool: the dossier's documents go to the reading processes together.
    with ThreadPoolExecutor(max_workers=len(files), thread_name_prefix="read-document") as threads:
        return list(threads.map(read, range(len(files))))


def prefetch_batch(batch_dir: Path) -> int:
    """Start reading the batch's files that have no cached reading on the pre-started pool; the count.

    ``flows.pool.prefetch`` does the work; this picks the files as the flow
    will (``discover_dossiers`` on the resolved folder, the files within the
    per-dossier limit, in dossier order) and skips those whose reading is in
    the local result storage and unexpired (checked without Prefect's API,
    which would start the temporary server now). With a result storage block
    configured, nothing is prefetched. Never raises: a prefetch is only a head start.
    """
    from prefect.filesystems import LocalFileSystem
    from prefect.settings import get_current_settings

    try:
        settings = get_current_settings().results
        if not pool_active() or settings.default_storage_block is not None:
            return 0
        store = ResultStore(
            result_storage=LocalFileSystem(basepath=str(settings.local_storage_path)),
            serializer=resolve_serializer(RESULT_SERIALIZER),
        )
        classifier = classifier_version()
        paths = []
        for dossier in discover_dossiers(batch_dir.resolve()):
            for name in dossier.files:
                path = str(Path(dossier.folder) / name)
                key = document_cache_key(path, name, classifier)
                if key is None or not store.exists(key):
                    paths.append(path)
        return prefetch(paths)
    except Exception as error:  # the flow will read what was not prefetched, and say why it cannot
        print(f"warning: no reading started before the flow ({type(error).__name__})", file=sys.stderr)
        return 0


def _internal_error_facts(path: Path, error: BaseException | None) -> DocumentFacts:
    """A document whose analysis failed after its retries: a person must look at it."""
    data = path.read_bytes() if path.is_file() else b""
    finding = Finding(
        rule_id="read",
        code=ReasonCode.UNREADABLE_DOCUMENT,
        severity=Severity.DOUBT,
        document=path.name,
        message_fr="Le document n'a pas pu être analysé automatiquement (erreur technique) : "
        "à vérifier manuellement.",
        evidence={"error": type(error).__name__ if error else "unknown"},
    )
    return DocumentFacts(
        file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        doc_type=DocType.OTHER,
        text_source=TextSource.NONE,
        read_findings=[finding],
    )


def _not_read_facts(path: Path, limit: int) -> DocumentFacts:
    """A file past the documents-per-dossier limit: listed with its reason, never opened as a document."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    finding = Finding(
        rule_id="read",
        code=ReasonCode.FILE_UNREADABLE,
        severity=Severity.DOUBT,
        document=path.name,
        message_fr=f"Le dossier contient plus de {limit} documents : ce fichier n'a pas été lu. "
        "Regrouper les pièces ou retirer les fichiers en trop.",
        evidence={"limit": limit},
    )
    return DocumentFacts(
        file=path.name,
        sha256=digest.hexdigest(),
        doc_type=DocType.OTHER,
        text_source=TextSource.NONE,
        read_findings=[finding],
    )


def _document_timeout(options: BatchOptions) -> float:
    return options.document_timeout_s or float(get_settings().ocr_timeout_s * 4)


Folders = list[tuple[str, str, list[str]]]  # (application id, folder, file names)


def document_label(application_id: str, position: int, file_name: str) -> str:
    """What logs and the UI call a document: ``read-<application id>-<n>.<ext>``.

    An uploaded file's name is the applicant's choice and often carries a name
    ("CNI_DUPONT_Jean.pdf"): it never reaches Prefect's logs or run names.
    ``n`` is the file's position (from 1) in the dossier's files in name order,
    the order of the report's ``documents``; the extension is kept when it is
    a plain one.
    """
    suffix = Path(file_name).suffix.lower()
    extension = suffix if 2 <= len(suffix) <= 6 and suffix[1:].isalnum() else ""
    return f"read-{application_id}-{position}{extension}"


def dossier_run_name(application_id: str) -> str:
    """The reading task run's name in the Prefect UI: ``read-<application id>``."""
    return f"read-{application_id}"


def _folders(dossiers: list[Dossier]) -> Folders:
    return [(d.application_id, str(d.folder), list(d.files)) for d in dossiers]


def _submit_and_collect(
    folders: Folders, options: BatchOptions, classifier: str
) -> tuple[dict[str, list[DocumentFacts]], dict[str, float]]:
    """One task per dossier on the current flow's task runner; failures become findings."""
    timeout_s = _document_timeout(options)
    futures: dict[str, PrefectFuture] = {
        application_id: read_dossier_task.with_options(
            task_run_name=dossier_run_name(application_id),
            # On our process pool, run_analysis_measured stops waiting after timeout_s (and each
            # Tesseract call has its own limit); a Prefect limit would add nothing there and
            # warns on every task run that it cannot interrupt a worker thread. Inline on
            # Dask, the task's own limit is the only one: the dossier's documents, one by one.
            timeout_seconds=(timeout_s + 30) * max(len(files), 1) if options.task_runner == "dask" else None,
        ).submit(application_id, folder, files, classifier, timeout_s, options.use_cache)
        for application_id, folder, files in folders
    }
    wait(list(futures.values()))
    results: dict[str, list[DocumentFacts]] = {}
    stats = {"cpu_s": 0.0, "cached": 0, "failed": 0}
    for application_id, folder, files in folders:
        try:
            reads: list[DocumentRead] = futures[application_id].result()
        except Exception as error:  # the task itself failed (a Dask time-out): a person reads them all
            reads = [
                DocumentRead(facts=_internal_error_facts(Path(folder) / name, error), failed=True)
                for name in files
            ]
        for read in reads:
            if read.failed:
                stats["failed"] += 1
            elif read.cached:
                stats["cached"] += 1
            else:
                stats["cpu_s"] += read.cpu_s
        results[application_id] = [read.facts for read in reads]
    return results, stats


@flow(name="read-documents-dask", log_prints=False)
def read_documents_dask(folders: Folders, options: BatchOptions, classifier: str) -> tuple:
    """The reading stage as a sub-flow whose task runner is a Dask cluster.

    Its parameters are folder paths and file names only: they are stored by the Prefect API.
    """
    return _submit_and_collect(folders, options, classifier)


def dask_task_runner(options: BatchOptions):  # type: ignore[no-untyped-def]
    """A DaskTaskRunner on the given scheduler, or on a LocalCluster of ``dask_workers`` processes."""
    from prefect_dask import DaskTaskRunner

    drop_package_dir_from_sys_path()  # Dask's worker processes are spawned too
    if options.dask_address:
        return DaskTaskRunner(address=options.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": options.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


def read_documents(
    dossiers: list[Dossier], options: BatchOptions, classifier: str, workers: int
) -> tuple[dict[str, list[DocumentFacts]], dict[str, float]]:
    """Read every document of the batch with the runner the options choose."""
    if options.task_runner == "dask":
        flow_ = read_documents_dask.with_options(task_runner=dask_task_runner(options))
        results, stats = flow_(_folders(dossiers), options, classifier)
        return results, stats
    with analysis_pool(workers):
        return _submit_and_collect(_folders(dossiers), options, classifier)


def _evaluate(
    dossier: Dossier,
    documents: list[DocumentFacts],
    rulebooks: dict[str, Rulebook | Exception],
    rules_dir: Path,
    versions: dict[str, str | None],
) -> Evaluation:
    """The evaluation of one dossier (``validators.evaluate_dossier``), or why no rule could run."""
    read_findings = [f for d in documents for f in d.read_findings]
    if dossier.application is None:
        assert dossier.error is not None
        findings = [dossier.error.to_finding(None, rule_id="application.form"), *read_findings]
        return Evaluation.without_rules(findings, versions)
    program = dossier.application.program
    if program not in rulebooks:
        try:
            rulebooks[program] = load_rulebook(program, rules_dir)
        except Exception as error:  # unknown program: the form names no rulebook we have
            rulebooks[program] = error
    rulebook = rulebooks[program]
    if isinstance(rulebook, Exception):
        finding = Finding(
            rule_id="application.program",
            code=ReasonCode.APPLICATION_INVALID,
            severity=Severity.DOUBT,
            field="program",
            message_fr=f"Programme inconnu : « {program} » (aucun règlement correspondant).",
        )
        return Evaluation.without_rules([finding, *read_findings], versions)
    return evaluate_dossier(dossier.application, documents, rulebook, versions=versions)


@flow(name="process-batch", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=False)
def process_batch(batch_dir: str, options: BatchOptions | None = None) -> dict:
    """Check every dossier of ``batch_dir`` in place; store results; write the report; return a summary."""
    result = run_batch(Path(batch_dir), options or BatchOptions())
    return {"summary": result["summary"], "report": result["report"].model_dump(mode="json")}


def run_batch(
    batch_dir: Path, options: BatchOptions, *, batch_name: str | None = None, stored_root: Path | None = None
) -> dict:
    """The body of the batch flows; call it inside a flow run (it submits tasks, makes artifacts).

    ``stored_root`` is where the application folders will live once the run is
    over (the inbox flow moves them); by default, where they are now.

    Returns ``{"summary": dict, "report": Report}``.
    """
    configure_environment()
    logger = get_run_logger()
    settings = get_settings()
    started, cpu_started = time.monotonic(), _own_cpu_seconds()
    batch_path = batch_dir.resolve()
    batch_name = batch_name or batch_path.name
    database_url = options.database_url or settings.database_url
    rules_dir = Path(options.rules_dir) if options.rules_dir else settings.rules_dir
    workers = options.workers or settings.workers

    migrate(database_url)
    dossiers = discover_dossiers(batch_path)
    n_files = sum(len(d.files) for d in dossiers)
    logger.info(
        "batch %s: %d applications, %d files, runner %s (%s)",
        batch_name,
        len(dossiers),
        n_files,
        options.task_runner,
        f"{workers} processes"
        if options.task_runner == "threads"
        else (options.dask_address or f"LocalCluster of {options.dask_workers}"),
    )
    clf_version = classifier_version()
    results, read_stats = read_documents(dossiers, options, clf_version, workers)
    for dossier in dossiers:
        results[dossier.application_id] += [
            _not_read_facts(dossier.folder / name, settings.max_documents) for name in dossier.excess_files
        ]

    engine = make_engine(database_url)
    factory = session_factory(engine)
    outputs: list[ApplicationOut] = []
    rulebooks: dict[str, Rulebook | Exception] = {}
    try:
        with session_scope(factory) as session:
            for dossier in dossiers:
                save_documents(
                    session,
                    application_id=dossier.application_id,
                    batch_name=batch_name,
                    documents=results[dossier.application_id],
                    pipeline_version=PIPELINE_VERSION,
                    folder=(stored_root or batch_path) / dossier.application_id,
                )
        with session_scope(factory) as session:
            for dossier in dossiers:
                documents = [
                    d.model_copy(
                        update={
                            "duplicate_of": find_duplicates(
                                session,
                                application_id=dossier.application_id,
                                sha256=d.sha256,
                                page_hashes=d.page_hashes,
                            )
                        }
                    )
                    if d.readable
                    else d
                    for d in results[dossier.application_id]
                ]
                evaluation = _evaluate(
                    dossier,
                    documents,
                    rulebooks,
                    rules_dir,
                    {"pipeline": PIPELINE_VERSION, "rulebook": None, "classifier": clf_version},
                )
                findings, decision = evaluation.findings, evaluation.decision
                application = dossier.application
                row = save_result(
                    session,
                    application_id=dossier.application_id,
                    batch_name=batch_name,
                    form=dossier.form,
                    program=application.program if application else None,
                    submitted_at=application.submitted_at if application else None,
                    training_start=application.training.start_date if application else None,
                    decision=decision,
                    documents=documents,
                    findings=findings,
                    versions=evaluation.versions,
                )
                record_evaluation(
                    session,
                    row=row,
                    evaluation=evaluation.model_dump(mode="json"),
                    actor=PIPELINE_ACTOR,
                    trigger="pipeline",
                )
                outputs.append(application_out(dossier.application_id, decision, findings, documents))
    finally:
        engine.dispose()

    report = build_report(batch_path.name, outputs)
    if options.report_path:
        write_report(report, Path(options.report_path))
    summary = summarise(
        report,
        elapsed_s=time.monotonic() - started,
        cpu_s=_own_cpu_seconds() - cpu_started + read_stats["cpu_s"],
        documents=[d for docs in results.values() for d in docs],
        cached=int(read_stats["cached"]),
        failed=int(read_stats["failed"]),
        runner=options.task_runner,
    )
    review_url = options.review_url or os.environ.get("DOSSIERCHECK_REVIEW_URL") or DEFAULT_REVIEW_URL
    publish_summary(summary, batch_name=batch_name, review_url=review_url)
    logger.info(
        "batch %s done: %s in %.1f s (%.1f documents/min, %d from cache)",
        batch_name,
        summary["decisions"],
        summary["elapsed_s"],
        summary["documents_per_minute"] or 0.0,
        summary["documents_from_cache"],
    )
    return {"summary": summary, "report": report}


def write_report(report: Report, path: Path) -> None:
    """Write the report atomically: a crash or a full disk never leaves half a report.

    The text goes to a new temporary file beside the report (created, never
    followed through a link), flushed to disk, then renamed over the report.
    On any error the temporary file is removed and the previous report, if
    any, is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (report.model_dump_json(indent=2) + "\n").encode("utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o640)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _own_cpu_seconds() -> float:
    """CPU seconds of this process (all its threads); reading CPU is measured per document."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def publish_summary(summary: dict, *, batch_name: str, review_url: str) -> None:
    """Prefect artifacts for ops: counts and rates only (no names, no identifiers but the batch's)."""
    create_table_artifact(
        key="batch-summary", table=summary_rows(summary), description=f"Synthèse du lot {batch_name}"
    )
    create_markdown_artifact(
        key="batch-report",
        markdown=summary_markdown(summary, batch_name=batch_name, review_url=review_url),
        description="Rapport du lot (sans données personnelles)",
    )
