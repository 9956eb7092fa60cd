"""A dossier's facts rebuilt from the database, with caseworkers' corrections applied.

The one place that turns stored rows back into what the rules read: the
review app's recheck, ``dossiercheck replay`` and ``dossiercheck explain``
call it. Nothing here reads a file: the documents are as the pipeline stored
them, with the latest correction of each field or type on top
(``models.store.latest_corrections``) and the duplicates looked up again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.contract import Application
from models.doctypes import DocType
from models.document import Extracted, PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.store import find_duplicates, latest_corrections
from models.tables import DOC_TYPE_KEY, ApplicationRow, DocumentRow

Corrections = dict[tuple[str, str], Any]


def effective_doc_type(doc: DocumentRow, corrections: Corrections) -> tuple[str, bool]:
    """The document's type after people's corrections, and whether it was corrected."""
    corrected = corrections.get((doc.file_name, DOC_TYPE_KEY))
    return (str(corrected), True) if corrected is not None else (doc.doc_type, False)


def load_application_row(session: Session, application_id: str) -> ApplicationRow | None:
    """An application with its documents, fields, page hashes, findings and review item."""
    return session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.fields),
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.page_hashes),
            selectinload(ApplicationRow.findings),
            selectinload(ApplicationRow.review_item),
        )
    ).one_or_none()


def _read_findings(row: ApplicationRow, doc: DocumentRow) -> list[Finding]:
    """The reading findings of a document that could not be opened, as the flow stored them."""
    if not doc.read_error:
        return []
    found = [
        Finding(
            rule_id=f.rule_id,
            code=ReasonCode(f.code),
            severity=Severity(f.severity),
            document=f.document,
            field=f.field,
            message_fr=f.message_fr,
            evidence=f.evidence or {},
        )
        for f in row.findings
        if f.document == doc.file_name and f.code == doc.read_error
    ]
    return found or [
        Finding(
            rule_id="read",
            code=ReasonCode(doc.read_error),
            severity=Severity.DOUBT,
            document=doc.file_name,
            message_fr="Le fichier n'a pas pu être lu.",
        )
    ]


def rebuild_facts(session: Session, row: ApplicationRow, corrections: Corrections) -> list[DocumentFacts]:
    """The rules' input rebuilt from the stored rows, with people's corrections applied."""
    facts: list[DocumentFacts] = []
    for doc in row.documents:
        doc_type, type_corrected = effective_doc_type(doc, corrections)
        fields = {
            f.name: Extracted(
                value=f.value,
                raw=f.raw,
                page=f.page,
                bbox=tuple(f.bbox) if f.bbox else None,
                confidence=f.confidence,
                extractor=f.extractor,
            )
            for f in doc.fields
            if isinstance(f.value, (str, int, float))
        }
        for (file_name, name), value in corrections.items():
            if file_name != doc.file_name or name == DOC_TYPE_KEY:
                continue
            previous = fields.get(name)
            fields[name] = Extracted(
                value=value,
                raw=str(value),
                page=previous.page if previous else None,
                bbox=previous.bbox if previous else None,
                confidence=1.0,
                extractor="correction",
            )
        hashes = {h.page: h.phash for h in doc.page_hashes}
        page_hashes = [hashes.get(i, "") for i in range(1, max(hashes, default=0) + 1)]
        document = DocumentFacts(
            file=doc.file_name,
            sha256=doc.sha256,
            doc_type=DocType.parse(doc_type),
            confidence=1.0 if type_corrected else doc.confidence,
            type_evidence=doc.type_evidence or "",
            pages=doc.pages,
            text_source=TextSource(doc.text_source),
            fields=fields,
            page_quality=[PageQuality.model_validate(q) for q in doc.page_quality or []],
            read_findings=_read_findings(row, doc),
            tampering_signals=list(doc.tampering_signals or []),
            page_hashes=page_hashes,
            certified=doc.certified,
        )
        if document.readable:
            document.duplicate_of = find_duplicates(
                session, application_id=row.application_id, sha256=doc.sha256, page_hashes=page_hashes
            )
        facts.append(document)
    return facts


@dataclass
class StoredDossier:
    """A dossier as the database holds it: its row, its form (None when invalid) and its facts."""

    row: ApplicationRow
    application: Application | None
    documents: list[DocumentFacts]
    corrections: Corrections

    @property
    def versions(self) -> dict[str, str | None]:
        """The versions that read its documents (the rulebook's is the evaluation's)."""
        return {"pipeline": self.row.pipeline_version or None, "classifier": self.row.classifier_version}


def stored_dossier(session: Session, row: ApplicationRow) -> StoredDossier:
    """The dossier's form and facts from the database, corrections applied (no file is read)."""
    try:
        application: Application | None = Application.model_validate(row.form or {})
    except ValidationError:
        application = None
    corrections = latest_corrections(session, application_id=row.application_id)
    return StoredDossier(
        row=row,
        application=application,
        documents=rebuild_facts(session, row, corrections),
        corrections=corrections,
    )
