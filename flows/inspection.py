"""``dossiercheck inspect``: read, classify and extract single files, outside any dossier.

Lives in ``flows`` (not ``extractors``) because it joins reading with the
file-level checks of ``validators`` (quality, uncertain type, tampering).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractors.analyse import analyse_document
from extractors.classifiers import default_classifier
from models.contract import InspectedDocument, ReasonOut
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.mrz import parse_mrz
from models.reasons import Finding, ReasonCode, Severity
from models.settings import get_settings
from validators.engine import check_document
from validators.rulebook import load_rulebook


def _unopenable(path: Path, error: OSError) -> DocumentFacts:
    finding = Finding(
        rule_id="read",
        code=ReasonCode.FILE_UNREADABLE,
        severity=Severity.DOUBT,
        document=path.name,
        message_fr=f"Le fichier ne peut pas être ouvert ({type(error).__name__}).",
    )
    return DocumentFacts(
        file=path.name,
        sha256=hashlib.sha256(b"").hexdigest(),
        doc_type=DocType.OTHER,
        read_findings=[finding],
    )


def inspect_files(paths: Sequence[Path], program: str | None = None) -> list[InspectedDocument]:
    """One InspectedDocument per path, in the order given; file-level checks only, nothing stored."""
    settings = get_settings()
    rulebook = load_rulebook(program or settings.default_program, settings.rules_dir)
    classifier = default_classifier(settings)
    results = []
    for path in paths:
        try:
            facts = analyse_document(path.read_bytes(), path.name, classifier=classifier, settings=settings)
        except OSError as error:
            facts = _unopenable(path, error)
        results.append(
            InspectedDocument(
                file=facts.file,
                doc_type=facts.doc_type.value,
                confidence=facts.confidence,
                type_evidence=facts.type_evidence,
                pages=facts.pages,
                text_source=facts.text_source,
                fields={name: e.value for name, e in sorted(facts.fields.items())},
                reasons=[
                    ReasonOut(code=f.code.value, document=f.document, field=f.field, message=f.message_fr)
                    for f in check_document(facts, rulebook)
                ],
                mrz=mrz_report(facts),
                certified=facts.certified,
            )
        )
    return results


def mrz_report(facts: DocumentFacts) -> dict[str, Any] | None:
    """The MRZ of a document for a person debugging it: lines, format, each check digit, page and box."""
    extracted = facts.fields.get("mrz")
    if extracted is None or not isinstance(extracted.value, str):
        return None
    mrz = parse_mrz(extracted.value)
    return {
        "lines": extracted.value.split("\n"),
        "format": mrz.format if mrz is not None else None,
        "valid": bool(mrz is not None and mrz.valid),
        "checks": dict(mrz.checks) if mrz is not None else {},
        "page": extracted.page,
        "box": list(extracted.bbox) if extracted.bbox is not None else None,
        "confidence": extracted.confidence,
    }
