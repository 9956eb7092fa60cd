"""Building the batch report (CONTRACT.md §4) and its summary without personal data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from models.contract import ApplicationOut, Decision, DocumentOut, ReasonOut, Report
from models.facts import DocumentFacts
from models.reasons import Finding


def reason_out(finding: Finding) -> ReasonOut:
    """A finding as the report shows it."""
    return ReasonOut(
        code=finding.code.value,
        document=finding.document,
        field=finding.field,
        message=finding.message_fr,
    )


def document_out(facts: DocumentFacts) -> DocumentOut:
    """A document as the report shows it: normalised field values only."""
    return DocumentOut(
        file=facts.file,
        doc_type=facts.doc_type.value,
        confidence=round(facts.confidence, 4),
        pages=facts.pages,
        text_source=facts.text_source,
        fields={name: extracted.value for name, extracted in sorted(facts.fields.items())},
        certified=facts.certified,
    )


def application_out(
    application_id: str,
    decision: Decision,
    findings: Sequence[Finding],
    documents: Sequence[DocumentFacts],
) -> ApplicationOut:
    """One dossier of the report; documents in file-name order."""
    return ApplicationOut(
        application_id=application_id,
        decision=decision,
        reasons=[reason_out(f) for f in findings],
        documents=[document_out(d) for d in sorted(documents, key=lambda d: d.file)],
    )


def build_report(batch_name: str, applications: Sequence[ApplicationOut]) -> Report:
    """The whole report, stamped with the time it was generated."""
    return Report(
        batch=batch_name,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        applications=sorted(applications, key=lambda a: a.application_id),
    )


def summarise(
    report: Report,
    *,
    elapsed_s: float,
    cpu_s: float,
    documents: Sequence[DocumentFacts] = (),
    cached: int = 0,
    failed: int = 0,
    runner: str = "threads",
) -> dict:
    """Counts and rates for ops: no names, no identifiers beyond application ids.

    ``documents`` gives the per-stage timings (seconds, summed over the batch)
    when the reading records them (a ``timings`` mapping on each document).
    """
    n_documents = sum(len(a.documents) for a in report.applications)
    decisions = Counter(a.decision.value for a in report.applications)
    reasons = Counter(r.code for a in report.applications for r in a.reasons)
    sources = Counter(d.text_source.value for a in report.applications for d in a.documents)
    stages: Counter[str] = Counter()
    for facts in documents:
        for stage, seconds in (getattr(facts, "timings", None) or {}).items():
            stages[stage] += float(seconds)
    return {
        "applications": len(report.applications),
        "documents": n_documents,
        "decisions": {d.value: decisions.get(d.value, 0) for d in Decision},
        "reasons": dict(sorted(reasons.items())),
        "text_sources": dict(sorted(sources.items())),
        "stage_seconds": {k: round(v, 2) for k, v in sorted(stages.items())},
        "documents_from_cache": cached,
        "documents_failed": failed,
        "runner": runner,
        "elapsed_s": round(elapsed_s, 2),
        "cpu_s": round(cpu_s, 2),
        "documents_per_minute": round(n_documents / elapsed_s * 60, 1) if elapsed_s > 0 else None,
        "cpu_s_per_document": round(cpu_s / n_documents, 3) if n_documents else None,
    }


def summary_rows(summary: dict) -> list[dict]:
    """The batch summary as table rows (kind, item, value) for a Prefect table artifact."""
    rows: list[dict] = [{"kind": "décision", "item": k, "value": v} for k, v in summary["decisions"].items()]
    rows += [{"kind": "motif", "item": k, "value": v} for k, v in summary["reasons"].items()]
    rows += [{"kind": "lecture", "item": k, "value": v} for k, v in summary["text_sources"].items()]
    rows += [
        {"kind": "étape (s)", "item": k, "value": v} for k, v in summary.get("stage_seconds", {}).items()
    ]
    for item in (
        "applications",
        "documents",
        "documents_from_cache",
        "documents_failed",
        "elapsed_s",
        "documents_per_minute",
        "cpu_s_per_document",
    ):
        rows.append({"kind": "mesure", "item": item, "value": summary.get(item)})
    return rows


def summary_markdown(summary: dict, *, batch_name: str, review_url: str) -> str:
    """The batch report for ops, in French: counts, rates and a link to the review queue."""
    to_review = sum(v for k, v in summary["decisions"].items() if k != Decision.ACCEPTED.value)
    lines = [
        f"# Lot {batch_name}",
        "",
        f"**{summary['applications']} dossiers**, {summary['documents']} documents "
        f"({summary['documents_from_cache']} repris du cache, {summary['documents_failed']} en échec "
        f"technique), exécuteur `{summary['runner']}`.",
        "",
        "| décision | dossiers |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in summary["decisions"].items()),
        "",
    ]
    if summary["reasons"]:
        lines += ["| motif | occurrences |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in summary["reasons"].items()]
        lines.append("")
    lines += [
        f"- durée : {summary['elapsed_s']} s",
        f"- documents par minute : {summary['documents_per_minute']}",
        f"- secondes CPU par document : {summary['cpu_s_per_document']}",
        "",
        f"**{to_review} dossier(s) à examiner** : [ouvrir la file de revue]({review_url})",
        "",
    ]
    return "\n".join(lines)
