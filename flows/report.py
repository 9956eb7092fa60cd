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


def summarise(report: Report, *, elapsed_s: float, cpu_s: float) -> dict:
    """Counts and rates for ops: no names, no identifiers beyond application ids."""
    documents = sum(len(a.documents) for a in report.applications)
    decisions = Counter(a.decision.value for a in report.applications)
    reasons = Counter(r.code for a in report.applications for r in a.reasons)
    sources = Counter(d.text_source.value for a in report.applications for d in a.documents)
    return {
        "applications": len(report.applications),
        "documents": documents,
        "decisions": {d.value: decisions.get(d.value, 0) for d in Decision},
        "reasons": dict(sorted(reasons.items())),
        "text_sources": dict(sorted(sources.items())),
        "elapsed_s": round(elapsed_s, 2),
        "documents_per_minute": round(documents / elapsed_s * 60, 1) if elapsed_s > 0 else None,
        "cpu_s_per_document": round(cpu_s / documents, 3) if documents else None,
    }
