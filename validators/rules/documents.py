"""Dossier-wide rules: completeness, file reading, type confidence, quality, duplicates, tampering.

These rules look at every uploaded document, whatever its type; their
findings are never dropped by the several-documents policy of the engine.
The per-document findings they report (``read_findings``, ``type_findings``,
``quality_findings``, ``tampering_findings``) are in
``validators.rules.document_findings``: they also serve ``dossiercheck
inspect``, which has no application (``validators.engine.check_document``).
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.rules import rule
from validators.rules._common import counts, fail, pieces
from validators.rules.document_findings import (
    confidence_fr,
    finite,
    page_is_blank,
    quality_findings,
    read_findings,
    tampering_findings,
    type_findings,
    type_label,
)

if TYPE_CHECKING:
    from validators.rulebook import QualityThresholds, Rulebook

_PIECE_LABELS_FR = {"identity": "pièce d'identité"}


def piece_label(piece: str, doc_types: Sequence[DocType]) -> str:
    """A required piece's name in French ("pièce d'identité", "justificatif de domicile")."""
    if piece in _PIECE_LABELS_FR:
        return _PIECE_LABELS_FR[piece]
    if len(doc_types) == 1:
        return type_label(doc_types[0])
    return piece.replace("_", " ")


# ---------------------------------------------------------------- completeness


@rule("documents.missing", code=ReasonCode.MISSING_DOCUMENT, mandatory=True)
def documents_missing(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Required pieces present.

    RULEBOOK "Required pieces": each required piece needs at least one
    document of an accepted type that counts (type confidence ≥ threshold,
    file readable), else MISSING_DOCUMENT with ``field`` = the missing
    doc_type, or the piece name (``identity``) for a piece of several types.
    A document whose type is uncertain does not count (RULEBOOK "Confidence
    and quality"); the message names it so the caseworker can look.
    """
    out: list[Finding] = []
    for piece, doc_types in params.required_pieces.items():
        if pieces(documents, params, doc_types):
            continue
        field = str(doc_types[0]) if len(doc_types) == 1 else piece
        label = piece_label(piece, doc_types)
        message = f"Pièce manquante : {label}."
        candidates = sorted(
            (d for d in documents if d.doc_type in doc_types and not counts(d, params)),
            key=lambda d: d.file,
        )
        for doc in candidates:
            confidence = finite(doc.confidence)
            if not doc.readable:
                message += f" Le fichier {doc.file} n'a pas pu être lu."
            else:
                message += (
                    f" Le document {doc.file} ressemble à : {type_label(doc.doc_type)}, "
                    f"sans certitude suffisante (confiance "
                    f"{confidence_fr(confidence) if confidence is not None else '?'})."
                )
        out.append(
            fail(
                "documents.missing",
                ReasonCode.MISSING_DOCUMENT,
                message,
                field=field,
                piece=piece,
                accepted_doc_types=[str(t) for t in doc_types],
                uncertain_candidates=[d.file for d in candidates],
            )
        )
    return out


# ---------------------------------------------------------------- reading and type


@rule("documents.file_unreadable", code=ReasonCode.FILE_UNREADABLE, mandatory=True)
def documents_file_unreadable(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Files could be opened.

    CONTRACT §7 FILE_UNREADABLE: the findings raised while reading a file
    (corrupt, empty, encrypted, wrong extension, unsupported format) are
    copied through unchanged, with ``document`` set to the file.
    """
    return [f for doc in documents for f in read_findings(doc)]


@rule("documents.type_confidence", code=ReasonCode.UNCERTAIN_DOCUMENT_TYPE, mandatory=True)
def documents_type_confidence(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Document types confident.

    RULEBOOK "Confidence and quality": a readable document whose type
    confidence is below the program's ``type_confidence_threshold`` (RULEBOOK
    default 0.80; 0.90 in the shipped program, set from the classifier's
    calibration curve, docs/classifier.md) raises
    UNCERTAIN_DOCUMENT_TYPE (doubt) and does not count as a piece. Files that
    could not be opened are left to ``documents.file_unreadable``.
    """
    return [f for doc in documents for f in type_findings(doc, params.type_confidence_threshold)]


# ---------------------------------------------------------------- quality


@rule("documents.quality", code=ReasonCode.UNREADABLE_DOCUMENT)
def documents_quality(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Documents readable.

    RULEBOOK "Confidence and quality": UNREADABLE_DOCUMENT when a page's
    sharpness (variance of the Laplacian) is below ``blur_sharpness_below``
    (200), its mean OCR word confidence at or below
    ``unreadable_ocr_confidence_at_most`` (50), its resolution below
    ``too_small_dpi_below`` (150 dpi), or the document is blank (mean grey
    above ``blank_mean_grey_above``, 245). The worst page counts; a blank page
    alone in a multi-page document does not fail it, a single blank page does.
    Blur and resolution count only with a failed task (an MRZ whose check
    digits fail, a needed field not found; ``task_failures``), except for
    types that have none (CV, other). The message quotes what failed, each
    failing measure and its threshold, and asks for a new photo.
    """
    return [f for doc in documents for f in quality_findings(doc, params.quality)]


# ---------------------------------------------------------------- duplicates


class DuplicateParams(BaseModel):
    """Parameters of ``documents.duplicate``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    across_dossiers: bool = Field(
        default=True, description="Flag content already submitted in another application."
    )
    within_dossier: bool = Field(
        default=True, description="Flag content submitted twice in this dossier for different pieces."
    )
    flag_same_piece_copies: bool = Field(
        default=False,
        description="Also flag a copy uploaded twice for the same piece (RULEBOOK: different pieces only).",
    )
    compare_page_images: bool = Field(
        default=True, description="Also compare page-image hashes, not only file SHA-256."
    )


def _piece_of(doc: DocumentFacts, rulebook: Rulebook) -> str:
    """The required piece a document stands for, or its own type (optional, other)."""
    for piece, doc_types in rulebook.required_pieces.items():
        if doc.doc_type in doc_types:
            return piece
    return str(doc.doc_type)


def _page_hashes(doc: DocumentFacts, thresholds: QualityThresholds) -> set[str]:
    """The document's page-image hashes, without those of blank pages (all blank pages look alike)."""
    hashes = set()
    for index, value in enumerate(doc.page_hashes):
        if not isinstance(value, str) or not value.strip():
            continue
        if index < len(doc.page_quality) and page_is_blank(doc.page_quality[index], thresholds):
            continue
        hashes.add(value)
    return hashes


@rule("documents.duplicate", code=ReasonCode.DUPLICATE_DOCUMENT, params=DuplicateParams)
def documents_duplicate(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """No document submitted twice.

    RULEBOOK "duplicates": DUPLICATE_DOCUMENT when the same content appears in
    another application of the database (``duplicate_of``, filled by the
    flow), or twice in this dossier for different pieces: same SHA-256, or a
    shared page-image hash (blank pages excepted). Within the dossier, the
    later file in file-name order carries the finding and names the earlier
    one. A copy of the same piece (the same bill uploaded twice) is flagged
    only when ``flag_same_piece_copies`` is set.
    """
    settings = params.params_for("documents.duplicate", DuplicateParams)
    out: list[Finding] = []
    ordered = sorted(documents, key=lambda d: d.file)
    if settings.across_dossiers:
        for doc in ordered:
            others = sorted({str(a) for a in doc.duplicate_of if str(a).strip()})
            if not others:
                continue
            shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
            out.append(
                fail(
                    "documents.duplicate",
                    ReasonCode.DUPLICATE_DOCUMENT,
                    f"Le fichier {doc.file} a déjà été déposé dans un autre dossier : {shown}.",
                    document=doc.file,
                    other_applications=others,
                )
            )
    if not settings.within_dossier:
        return out
    for j, later in enumerate(ordered):
        later_pages = _page_hashes(later, params.quality) if settings.compare_page_images else set()
        for earlier in ordered[:j]:
            same_piece = _piece_of(earlier, params) == _piece_of(later, params)
            if same_piece and not settings.flag_same_piece_copies:
                continue
            if later.sha256 and later.sha256 == earlier.sha256:
                how = "identique au fichier"
                kind = "sha256"
            elif later_pages & (
                _page_hashes(earlier, params.quality) if settings.compare_page_images else set()
            ):
                how = "contient une page identique à une page du fichier"
                kind = "page_hash"
            else:
                continue
            out.append(
                fail(
                    "documents.duplicate",
                    ReasonCode.DUPLICATE_DOCUMENT,
                    f"Le fichier {later.file} ({type_label(later.doc_type)}) {how} {earlier.file} "
                    f"({type_label(earlier.doc_type)}) de ce dossier.",
                    document=later.file,
                    duplicate_of_file=earlier.file,
                    match=kind,
                    doc_types=[str(later.doc_type), str(earlier.doc_type)],
                )
            )
            break
    return out


# ---------------------------------------------------------------- tampering


@rule("documents.tampering", code=ReasonCode.SUSPECTED_TAMPERING)
def documents_tampering(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """No sign of tampering.

    RULEBOOK "tampering": SUSPECTED_TAMPERING when the reader recorded signs
    that the document was edited after issue (``tampering_signals``: PDF
    metadata showing an image or PDF editor after the issuer's creation, text
    layer and rendered image disagreeing…). The signals are quoted.
    """
    return [f for doc in documents for f in tampering_findings(doc)]
