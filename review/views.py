"""View schemas: what a page shows, built from the ORM rows (templates never see a table row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.doctypes import DOC_TYPES, DocType
from models.stored_facts import effective_doc_type
from models.tables import ApplicationRow, AuditEvent, CorrectionReason, Note, ReviewItem
from review import labels
from review.dossier_loading import as_utc


@dataclass
class QueueRow:
    """One line of the queue."""

    application_id: str
    program: str | None
    training_start: Any
    decision: str
    status: str
    codes: list[str]
    doc_types: list[str]
    waiting_days: int
    days_to_start: int | None
    assigned_to: str | None
    locked: bool

    @classmethod
    def build(cls, item: ReviewItem, app: ApplicationRow, *, now: datetime) -> QueueRow:
        """From a review item and its application."""
        created = as_utc(item.created_at) or now
        locked_until = as_utc(item.locked_until)
        return cls(
            application_id=app.application_id,
            program=app.program,
            training_start=app.training_start,
            decision=app.decision,
            status=item.status,
            codes=sorted({f.code for f in app.findings}),
            doc_types=sorted({d.doc_type for d in app.documents}),
            waiting_days=max(0, (now - created).days),
            days_to_start=(app.training_start - now.date()).days if app.training_start else None,
            assigned_to=item.assigned_to if locked_until and locked_until > now else None,
            locked=bool(locked_until and locked_until > now),
        )


@dataclass
class FieldView:
    """One field of a document, with its box in percent of the page."""

    key: str
    name: str
    label: str
    value: Any
    pipeline_value: Any
    raw: str | None
    found: bool
    corrected: bool
    page: int | None
    box: tuple[float, float, float, float] | None  # left, top, width, height in %
    confidence: float | None
    how: str | None = None  # how the value was found, in French (the extractor's provenance)
    certified: str | None = None  # the value the document's 2D-Doc certifies (issue 20)
    certified_printed: bool | None = None  # whether the print shows it (False: a mismatch)


@dataclass
class DocumentView:
    """One document with its fields and pages."""

    id: int
    file_name: str
    doc_type: str
    doc_type_label: str
    type_corrected: bool
    pipeline_doc_type: str
    confidence: float
    pages: int
    text_source: str
    type_evidence: str  # what decided the type, in French ("" when nothing was recorded)
    type_evidence_raw: str
    read_error: str | None
    tampering_signals: list[str]
    fields: list[FieldView]
    findings: list[dict[str, Any]] = field(default_factory=list)
    certified: dict[str, Any] | None = None  # the 2D-Doc summary (``certified_summary``)


@dataclass
class RuleView:
    """A rule's outcome on the dossier: failed, doubt (could not decide) or passed."""

    rule_id: str
    label: str
    status: str
    messages: list[dict[str, Any]]


def _box(bbox: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        return None
    if not (0 <= x0 < x1 <= 1.0001 and 0 <= y0 < y1 <= 1.0001):
        return None
    pad = 0.004
    x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(1, x1 + pad), min(1, y1 + pad)
    return (round(x0 * 100, 3), round(y0 * 100, 3), round((x1 - x0) * 100, 3), round((y1 - y0) * 100, 3))


def how_found(extractor: str | None) -> str | None:
    """What a caseworker should know of how a value was read (None: read next to its label)."""
    if not extractor:
        return None
    if extractor.endswith("!form"):
        return "contredit la valeur déclarée (lue à côté de son libellé)"
    if extractor.startswith("form+label:"):
        return "valeur déclarée trouvée à côté de son libellé"
    if extractor.startswith("form:"):
        return "trouvé en cherchant la valeur déclarée"
    if extractor.startswith("mrz"):
        return "lu dans la bande MRZ"
    if extractor == "2d_doc":
        return "lu dans le code 2D-Doc (signature valide)"
    return None


SIGNATURE_LABELS_FR = {
    "valid": "signature valide",
    "invalid": "signature invalide : contenu modifié après signature",
    "unverifiable": "signature non vérifiable (certificat absent du magasin de confiance)",
}


def certified_summary(certified: dict[str, Any] | None) -> dict[str, Any] | None:
    """The 2D-Doc of a document as the review page shows it (None without one)."""
    if not isinstance(certified, dict):
        return None
    header = certified.get("header") or {}
    signature = str(certified.get("signature") or "unverifiable")
    label = SIGNATURE_LABELS_FR.get(signature, signature)
    if certified.get("test_authority"):
        label += " — autorité de TEST de l'ANTS (FR00) : pas un document authentique"
    return {
        "signature": signature,
        "label": label,
        "certificate_id": certified.get("certificate_id") or "",
        "doc_type": header.get("doc_type_label") or header.get("doc_type") or "",
        "error": certified.get("error") or "",
        "mapped": dict(certified.get("mapped") or {}),
        "printed": dict(certified.get("printed") or {}),
    }


def document_views(app: ApplicationRow, corrections: dict[tuple[str, str], Any]) -> list[DocumentView]:
    """Each document with every field its type expects (found or not) and people's corrections."""
    out = []
    for doc in app.documents:
        doc_type, type_corrected = effective_doc_type(doc, corrections)
        try:
            spec_fields = DOC_TYPES[DocType.parse(doc_type)].fields
        except ValueError:
            spec_fields = ()
        stored = {f.name: f for f in doc.fields}
        summary = certified_summary(doc.certified)
        mapped = summary["mapped"] if summary else {}
        names = list(spec_fields) + sorted(n for n in stored if n not in spec_fields)
        names += sorted(n for n in mapped if n not in names)
        fields = []
        for name in names:
            row = stored.get(name)
            corrected = (doc.file_name, name) in corrections
            value = corrections.get((doc.file_name, name), row.value if row else None)
            fields.append(
                FieldView(
                    key=f"d{doc.id}-{name}",
                    name=name,
                    label=labels.field_label(name),
                    value=value,
                    pipeline_value=row.value if row else None,
                    raw=row.raw if row else None,
                    found=row is not None or corrected,
                    corrected=corrected,
                    page=row.page if row else None,
                    box=_box(row.bbox) if row and row.bbox else None,
                    confidence=row.confidence if row else None,
                    how=how_found(row.extractor) if row and not corrected else None,
                    certified=mapped.get(name),
                    certified_printed=(summary["printed"].get(name) or {}).get("found") if summary else None,
                )
            )
        try:
            type_label = DOC_TYPES[DocType.parse(doc_type)].label_fr
        except ValueError:
            type_label = doc_type
        out.append(
            DocumentView(
                id=doc.id,
                file_name=doc.file_name,
                doc_type=doc_type,
                doc_type_label=type_label,
                type_corrected=type_corrected,
                pipeline_doc_type=doc.doc_type,
                confidence=1.0 if type_corrected else doc.confidence,
                pages=max(doc.pages, 1 if not doc.read_error else 0),
                type_evidence=labels.type_evidence_label(doc.type_evidence),
                type_evidence_raw=doc.type_evidence or "",
                text_source=labels.TEXT_SOURCE_LABELS_FR.get(doc.text_source, doc.text_source),
                read_error=doc.read_error,
                tampering_signals=list(doc.tampering_signals or []),
                fields=fields,
                certified=summary,
                findings=[
                    {"code": f.code, "severity": f.severity, "field": f.field, "message": f.message_fr}
                    for f in app.findings
                    if f.document == doc.file_name
                ],
            )
        )
    return out


def rule_views(app: ApplicationRow, enabled_rules: list[str]) -> list[RuleView]:
    """Failed, then could-not-decide, then passed (an enabled rule with no finding)."""
    by_rule: dict[str, list[Any]] = {}
    for f in app.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    views = []
    for rule_id, findings in by_rule.items():
        status = "failed" if any(f.severity == "fail" for f in findings) else "doubt"
        messages = [
            {
                "message": f.message_fr,
                "document": f.document,
                "field": f.field,
                "code": f.code,
                "severity": f.severity,
            }
            for f in findings
        ]
        views.append(RuleView(rule_id, labels.rule_label(rule_id), status, messages))
    for rule_id in enabled_rules:
        if rule_id not in by_rule:
            views.append(RuleView(rule_id, labels.rule_label(rule_id), "passed", []))
    order = {"failed": 0, "doubt": 1, "passed": 2}
    return sorted(views, key=lambda v: (order[v.status], v.label))


def form_items(form: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """The application form as (French label, value) pairs, in the contract's order."""
    if not form:
        return []
    out = []
    for key, label in labels.FORM_LABELS_FR.items():
        value: Any = form
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        out.append((label, value))
    return out


@dataclass
class HistoryEntry:
    """One line of the dossier's history."""

    at: datetime
    actor: str
    action: str
    label: str
    summary: str


def _summary(event: AuditEvent) -> str:
    after = event.after or {}
    before = event.before or {}
    if event.action == "correct_field":
        old = before.get("value") if before.get("value") is not None else "—"
        field_name = labels.field_label(str(after.get("field")))
        return f"{after.get('document')} · {field_name} : « {old} » → « {after.get('value')} »"
    if event.action == "correct_doc_type":
        return f"{after.get('document')} : {before.get('doc_type')} → {after.get('doc_type')}"
    if event.action in ("pipeline_decision", "recheck"):
        decision = labels.DECISION_LABELS_FR.get(str(after.get("decision")), str(after.get("decision")))
        codes = ", ".join(after.get("codes") or [])
        return decision + (f" ({codes})" if codes else "")
    if event.action == "refuse":
        return f"Motif : {after.get('decision_reason')}"
    if event.action == "validate":
        return str(after.get("decision_reason") or "")
    if event.action == "request_correction":
        return "Motifs : " + (", ".join(after.get("reasons") or []) or "texte libre")
    if event.action == "note":
        return str(after.get("body") or "")
    if event.action == "assign":
        return f"à {after.get('assigned_to')}"
    if event.action == "reopen":
        return f"Motif : {after.get('reason')}"
    return ""


def history(session: Session, application_id: str) -> list[HistoryEntry]:
    """The dossier's audit trail, newest first."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.application_id == application_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return [
        HistoryEntry(
            at=as_utc(e.at) or e.at,
            actor="Traitement automatique" if e.actor == "pipeline" else e.actor,
            action=e.action,
            label=labels.ACTION_LABELS_FR.get(e.action, e.action),
            summary=_summary(e),
        )
        for e in events
    ]


def notes(session: Session, application_id: str) -> list[Note]:
    """Internal notes, newest first."""
    return list(
        session.scalars(select(Note).where(Note.application_id == application_id).order_by(Note.at.desc()))
    )


def catalogue(session: Session, *, active_only: bool = True) -> list[CorrectionReason]:
    """The correction-request catalogue."""
    query = select(CorrectionReason).order_by(CorrectionReason.label)
    if active_only:
        query = query.where(CorrectionReason.active.is_(True))
    return list(session.scalars(query))
