"""One file in, its DocumentFacts out: read → classify → extract → signals.

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
from models.claims import Claims
from models.doctypes import IDENTITY_TYPES, DocType
from models.document import Document, Page, TextSource
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
    confidence = classification.confidence
    stated = mrz_doc_type(document)
    if stated is not None and not classification.mixed_types:
        mrz_type, mrz_confidence = stated
        if doc_type not in IDENTITY_TYPES or mrz_confidence == MRZ_TYPE_CONFIDENCE:
            doc_type, confidence = mrz_type, max(confidence, mrz_confidence)
    classify_s = time.perf_counter() - start
    start = time.perf_counter()
    fields = extract_fields(document, doc_type, claims)
    extract_s = time.perf_counter() - start
    return DocumentFacts(
        file=file_name,
        sha256=sha256,
        doc_type=doc_type,
        confidence=round(confidence, 4),
        mixed_types=list(classification.mixed_types),
        pages=len(document.pages),
        text_source=document.text_source,
        fields=fields,
        page_quality=[page.quality for page in document.pages],
        tampering_signals=detect_tampering(document),
        page_hashes=page_fingerprints(document),
        page_rotations=[int(r or 0) for r in document.metadata.get("page_rotations", [])],
        timings={"read": round(read_s, 3), "classify": round(classify_s, 3), "extract": round(extract_s, 3)},
    )


MIN_WORDS_FOR_FINGERPRINT = 5
MRZ_TYPE_CONFIDENCE = 0.99
MRZ_INVALID_TYPE_CONFIDENCE = 0.95


def mrz_doc_type(document: Document) -> tuple[DocType, float] | None:
    """The identity type the MRZ read on the page image states, with the confidence it gives.

    ICAO 9303 document codes: ``P`` passport; ``I``, ``A``, ``C`` identity
    card, ``IR``/``AR``/``CR`` a residence permit. A zone whose every check
    digit holds is not found by chance on another kind of document, and it
    says what it is even when the page's OCR is too poor to classify (a card
    photographed askew, a passport upside down): ``MRZ_TYPE_CONFIDENCE``. A
    zone read with confidence whose check digits fail still has the MRZ's
    structure (two or three lines of its alphabet, letters and digits where
    the format puts them): it names an identity document, at
    ``MRZ_INVALID_TYPE_CONFIDENCE``, only when the classifier saw none (the
    MRZ rule then sends it to a person anyway).
    """
    zone = document.metadata.get("mrz_zone")
    if not zone:
        return None
    code = zone["lines"][0][:2]
    if code[:1] == "P":
        doc_type = DocType.PASSPORT
    elif code[:1] in "IAC":
        doc_type = DocType.RESIDENCE_PERMIT if code[1:2] == "R" else DocType.ID_CARD
    else:
        return None
    if zone.get("valid"):
        return doc_type, MRZ_TYPE_CONFIDENCE
    return doc_type, MRZ_INVALID_TYPE_CONFIDENCE


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
