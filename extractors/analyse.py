"""One file in, its DocumentFacts out: read → classify → extract → signals.

The composition the batch flow runs for every uploaded file, and the one
``dossiercheck inspect`` runs on single files. Errors of the taxonomy (a
corrupt, encrypted, empty or mislabelled file) become findings on the
document; any other exception propagates so the caller can retry it.
"""

from __future__ import annotations

import hashlib

from extractors.classify import Classifier
from extractors.fields import extract_fields
from extractors.ocr import OcrEngine
from extractors.read import read_document
from extractors.tampering import detect_tampering
from models.doctypes import DocType
from models.document import TextSource
from models.errors import DossierCheckError
from models.facts import DocumentFacts
from models.settings import Settings


def analyse_document(
    data: bytes,
    file_name: str,
    *,
    classifier: Classifier,
    engine: OcrEngine | None = None,
    settings: Settings | None = None,
) -> DocumentFacts:
    """Read, classify and extract one file; file-level problems become read findings."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        document = read_document(data, file_name, engine=engine, settings=settings)
    except DossierCheckError as error:
        return DocumentFacts(
            file=file_name,
            sha256=sha256,
            doc_type=DocType.OTHER,
            confidence=0.0,
            text_source=TextSource.NONE,
            read_findings=[error.to_finding(file_name)],
        )
    classification = classifier.classify(document)
    doc_type = DocType.parse(classification.doc_type)
    return DocumentFacts(
        file=file_name,
        sha256=sha256,
        doc_type=doc_type,
        confidence=round(classification.confidence, 4),
        pages=len(document.pages),
        text_source=document.text_source,
        fields=extract_fields(document, doc_type),
        page_quality=[page.quality for page in document.pages],
        tampering_signals=detect_tampering(document),
        page_hashes=list(document.metadata.get("page_hashes", [])),
    )
