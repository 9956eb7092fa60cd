"""One file in, its DocumentFacts out: read → classify → extract → certify → signals.

The composition the batch flow runs for every uploaded file, and the one
``dossiercheck inspect`` runs on single files. Errors of the taxonomy (a
corrupt, encrypted, empty or mislabelled file) become findings on the
document; any other exception propagates so the caller can retry it.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata

from extractors.classify import Classifier
from extractors.fields import extract_fields
from extractors.ocr import OcrEngine
from extractors.read import read_document
from extractors.tampering import detect_tampering
from extractors.twoddoc.certified import certified_fields, certify, trust_store
from extractors.twoddoc.printed import printed_evidence
from models.claims import Claims
from models.doctypes import DocType
from models.document import Document, Page, TextSource
from models.errors import DossierCheckError
from models.facts import DocumentFacts
from models.settings import Settings, get_settings


def analyse_document(
    data: bytes,
    file_name: str,
    *,
    classifier: Classifier,
    engine: OcrEngine | None = None,
    settings: Settings | None = None,
    claims: Claims | None = None,
) -> DocumentFacts:
    """Read, classify and extract one file; file-level problems become read findings.

    ``claims`` are the form's values the extractors look for first (None: a
    lone file, fields read from their labels only).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    start = time.perf_counter()
    try:
        document = read_document(data, file_name, engine=engine, settings=settings)
    except DossierCheckError as error:
        return DocumentFacts(
            timings={"read": round(time.perf_counter() - start, 3)},
            file=file_name,
            sha256=sha256,
            doc_type=DocType.OTHER,
            confidence=0.0,
            text_source=TextSource.NONE,
            read_findings=[error.to_finding(file_name)],
        )
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    classification = classifier.classify(document)
    doc_type = DocType.parse(classification.doc_type)
    confidence = classification.confidence  # an MRZ read on the image is hard evidence there
    classify_s = time.perf_counter() - start
    start = time.perf_counter()
    fields = extract_fields(document, doc_type, claims)
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    certified = certify(
        list(document.metadata.get("2d_doc") or []),
        list(document.metadata.get("2d_doc_symbols") or []),
        trust_store((settings or get_settings()).trust_dir),
    )
    if certified is not None and "mapped" in certified:
        values = {name: extracted.value for name, extracted in fields.items()}
        certified["printed"] = printed_evidence(certified["mapped"], document.text, values)
        fields = certified_fields(doc_type.value, certified, fields)
    certify_s = time.perf_counter() - start
    return DocumentFacts(
        file=file_name,
        sha256=sha256,
        doc_type=doc_type,
        confidence=round(confidence, 4),
        mixed_types=list(classification.mixed_types),
        type_evidence=classification.type_evidence,
        pages=len(document.pages),
        text_source=document.text_source,
        fields=fields,
        page_quality=[page.quality for page in document.pages],
        tampering_signals=detect_tampering(document),
        page_hashes=page_fingerprints(document),
        page_rotations=[int(r or 0) for r in document.metadata.get("page_rotations", [])],
        certified=certified,
        timings={
            "read": round(read_s, 3),
            "classify": round(classify_s, 3),
            "extract": round(extract_s, 3),
            "certify": round(certify_s, 3),
        },
    )


MIN_WORDS_FOR_FINGERPRINT = 5


def _page_words(page: Page) -> str:
    folded = unicodedata.normalize("NFKD", page.text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).upper()
    return " ".join(t for t in re.findall(r"[A-Z0-9]+", folded) if len(t) >= 3)


def page_fingerprints(document: Document) -> list[str]:
    """One fingerprint per page: its perceptual image hash joined with its words.

    The perceptual hash alone is built to be robust, so two bills of one
    template collide; the words tell them apart. Pages with almost no words
    (blank, photos) get "" and never count as duplicates.
    """
    image_hashes = list(document.metadata.get("page_hashes", []))
    fingerprints = []
    for index, page in enumerate(document.pages):
        words = _page_words(page)
        if len(words.split()) < MIN_WORDS_FOR_FINGERPRINT:
            fingerprints.append("")
            continue
        image_hash = image_hashes[index] if index < len(image_hashes) else ""
        fingerprints.append(hashlib.sha256(f"{image_hash}|{words}".encode()).hexdigest()[:40])
    return fingerprints
