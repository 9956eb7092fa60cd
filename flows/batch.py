"""The batch flow: a batch directory in, a report and stored results out.

``process_batch`` reads every document on a process pool (one Prefect task
per document, retried on transient errors only), stores the documents of the
whole batch, then checks each application against its program's rulebook,
stores the decisions and writes the report. Nothing here logs a name, an IBAN
or a document number: only application ids, file names and counts.
"""

from __future__ import annotations

import resource
import time
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import BaseModel, Field

from flows.discover import Dossier, discover_dossiers
from flows.pool import WorkerCrashed, analysis_pool, classifier_version, run_analysis
from flows.report import application_out, build_report, summarise
from models.contract import ApplicationOut, Report
from models.db import make_engine, migrate, session_factory, session_scope
from models.doctypes import DocType
from models.document import TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.settings import get_settings
from models.store import find_duplicates, save_documents, save_result
from models.versions import PIPELINE_VERSION
from validators.decision import decide
from validators.engine import check_application
from validators.rulebook import Rulebook, load_rulebook

TRANSIENT_ERRORS = (OSError, TimeoutError, FutureTimeout, WorkerCrashed)


class BatchOptions(BaseModel):
    """Per-run knobs of the batch flow (deployment settings live in models.settings)."""

    database_url: str | None = Field(None, description="SQLAlchemy URL; default from settings.")
    report_path: str | None = Field(None, description="Where to write the report JSON.")
    workers: int | None = Field(None, ge=1, le=64, description="Reading processes.")
    rules_dir: str | None = Field(None, description="Folder of rulebooks; default from settings.")
    task_runner: Literal["threads"] = "threads"


def _retry_transient(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only errors that may pass (I/O, time-outs, a crashed worker)."""
    try:
        state.result()
    except TRANSIENT_ERRORS:
        return True
    except Exception:
        return False
    return False


@task(
    name="analyse-document",
    task_run_name="read-{application_id}-{file_name}",
    retries=2,
    retry_delay_seconds=[2, 10],
    retry_condition_fn=_retry_transient,
    tags=["ocr"],
)
def analyse_document_task(application_id: str, path: str, file_name: str) -> DocumentFacts:
    """Read, classify and extract one uploaded file."""
    return run_analysis(path, file_name, timeout_s=get_settings().ocr_timeout_s * 4)


def _internal_error_facts(path: Path, error: BaseException | None) -> DocumentFacts:
    """A document whose analysis failed after its retries: a person must look at it."""
    import hashlib

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


def _collect(
    futures: dict[tuple[str, str], PrefectFuture], dossiers: list[Dossier]
) -> dict[str, list[DocumentFacts]]:
    wait(list(futures.values()))
    results: dict[str, list[DocumentFacts]] = {}
    for dossier in dossiers:
        docs = []
        for name in dossier.files:
            future = futures[(dossier.application_id, name)]
            state = future.state
            if state.is_completed():
                docs.append(future.result())
            else:
                try:
                    future.result()
                    error: BaseException | None = None
                except Exception as exc:  # the boundary: an analysis failure is a finding
                    error = exc
                docs.append(_internal_error_facts(dossier.folder / name, error))
        results[dossier.application_id] = docs
    return results


def _check(
    dossier: Dossier,
    documents: list[DocumentFacts],
    rulebooks: dict[str, Rulebook | Exception],
    rules_dir: Path,
) -> tuple[list[Finding], str | None]:
    """Findings for one dossier, and the version of the rulebook applied."""
    read_findings = [f for d in documents for f in d.read_findings]
    if dossier.application is None:
        assert dossier.error is not None
        return [dossier.error.to_finding(None, rule_id="application.form"), *read_findings], None
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
        return [finding, *read_findings], None
    return check_application(dossier.application, documents, rulebook), rulebook.version


@flow(name="process-batch", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=False)
def process_batch(batch_dir: str, options: BatchOptions | None = None) -> dict:
    """Check every dossier of ``batch_dir``; store results; write the report; return a summary."""
    options = options or BatchOptions()
    logger = get_run_logger()
    settings = get_settings()
    started, cpu_started = time.monotonic(), _cpu_seconds()
    batch_path = Path(batch_dir).resolve()
    database_url = options.database_url or settings.database_url
    rules_dir = Path(options.rules_dir) if options.rules_dir else settings.rules_dir
    workers = options.workers or settings.workers

    migrate(database_url)
    dossiers = discover_dossiers(batch_path)
    n_files = sum(len(d.files) for d in dossiers)
    logger.info(
        "batch %s: %d applications, %d files, %d workers", batch_path.name, len(dossiers), n_files, workers
    )

    with analysis_pool(workers):
        futures = {
            (d.application_id, name): analyse_document_task.submit(
                d.application_id, str(d.folder / name), name
            )
            for d in dossiers
            for name in d.files
        }
        results = _collect(futures, dossiers)
    clf_version = classifier_version()

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
                    batch_name=batch_path.name,
                    documents=results[dossier.application_id],
                    pipeline_version=PIPELINE_VERSION,
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
                findings, rulebook_version = _check(dossier, documents, rulebooks, rules_dir)
                decision = decide(findings)
                application = dossier.application
                save_result(
                    session,
                    application_id=dossier.application_id,
                    batch_name=batch_path.name,
                    form=dossier.form,
                    program=application.program if application else None,
                    submitted_at=application.submitted_at if application else None,
                    training_start=application.training.start_date if application else None,
                    decision=decision,
                    documents=documents,
                    findings=findings,
                    versions={
                        "pipeline": PIPELINE_VERSION,
                        "rulebook": rulebook_version,
                        "classifier": clf_version,
                    },
                )
                outputs.append(application_out(dossier.application_id, decision, findings, documents))
    finally:
        engine.dispose()

    report = build_report(batch_path.name, outputs)
    if options.report_path:
        write_report(report, Path(options.report_path))
    summary = summarise(report, elapsed_s=time.monotonic() - started, cpu_s=_cpu_seconds() - cpu_started)
    _publish_summary(summary)
    logger.info(
        "batch %s done: %s in %.1f s (%.1f documents/min)",
        batch_path.name,
        summary["decisions"],
        summary["elapsed_s"],
        summary["documents_per_minute"] or 0.0,
    )
    return {"summary": summary, "report": report.model_dump(mode="json")}


def write_report(report: Report, path: Path) -> None:
    """Write the report atomically (a crash never leaves half a report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _publish_summary(summary: dict) -> None:
    """Prefect artifacts for ops: counts and rates only."""
    rows = [{"decision": k, "applications": v} for k, v in summary["decisions"].items()]
    rows += [{"reason": k, "applications": v} for k, v in summary["reasons"].items()]
    create_table_artifact(key="batch-summary", table=rows, description="Décisions et motifs du lot")
    create_markdown_artifact(
        key="batch-report",
        markdown=(
            f"# Lot traité\n\n"
            f"- dossiers : {summary['applications']}\n"
            f"- documents : {summary['documents']}\n"
            f"- décisions : {summary['decisions']}\n"
            f"- documents par minute : {summary['documents_per_minute']}\n"
            f"- secondes CPU par document : {summary['cpu_s_per_document']}\n"
        ),
        description="Synthèse du lot (sans données personnelles)",
    )
