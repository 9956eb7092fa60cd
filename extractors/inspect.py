"""``dossiercheck inspect``: read, classify and extract single files, outside any dossier."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractors.analyse import analyse_document
from extractors.classify import default_classifier
from models.contract import InspectedDocument, ReasonOut
from models.settings import get_settings


def inspect_files(paths: Sequence[Path]) -> list[InspectedDocument]:
    """One InspectedDocument per path, in the order given; no rules, nothing stored."""
    settings = get_settings()
    classifier = default_classifier(settings)
    results = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            results.append(
                InspectedDocument(
                    file=path.name, doc_type="other", confidence=0.0, pages=0, text_source="none",
                    reasons=[ReasonOut(code="FILE_UNREADABLE", document=path.name,
                                       message=f"Le fichier ne peut pas être ouvert ({type(error).__name__}).")],
                )
            )
            continue
        facts = analyse_document(data, path.name, classifier=classifier, settings=settings)
        results.append(
            InspectedDocument(
                file=facts.file,
                doc_type=facts.doc_type.value,
                confidence=facts.confidence,
                pages=facts.pages,
                text_source=facts.text_source,
                fields={name: e.value for name, e in sorted(facts.fields.items())},
                reasons=[
                    ReasonOut(code=f.code.value, document=f.document, field=f.field, message=f.message_fr)
                    for f in facts.read_findings
                ],
            )
        )
    return results
