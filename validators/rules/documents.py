"""Dossier-wide rules: completeness, file reading, type confidence, quality, duplicates, tampering.

These rules look at every uploaded document, whatever its type; their
findings are never dropped by the several-documents policy of the engine.
The per-document helpers (``read_findings``, ``type_findings``,
``quality_findings``, ``tampering_findings``) also serve ``dossiercheck
inspect``, which has no application (``validators.engine.check_document``).
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from models.contract import Application
from models.doctypes import DOC_TYPES, DocType
from models.document import PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from validators.rules import rule
from validators.rules._common import counts, fail, pieces

if TYPE_CHECKING:
    from validators.rulebook import QualityThresholds, Rulebook

_PIECE_LABELS_FR = {"identity": "pièce d'identité"}


def _number_fr(value: float, digits: int = 2) -> str:
    """A number as a French caseworker writes it: 0,62 ; 250."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",")


def _confidence_fr(value: float) -> str:
    """Format a confidence with two decimals, French style: 0,62."""
    return f"{value:.2f}".replace(".", ",")


def _type_label(doc_type: DocType | str) -> str:
    """A doc type's French label, lower case."""
    spec = DOC_TYPES.get(doc_type) if isinstance(doc_type, DocType) else None
    label = spec.label_fr if spec else str(doc_type)
    return label if label.isupper() else label[:1].lower() + label[1:]


def piece_label(piece: str, doc_types: Sequence[DocType]) -> str:
    """A required piece's name in French ("pièce d'identité", "justificatif de domicile")."""
    if piece in _PIECE_LABELS_FR:
        return _PIECE_LABELS_FR[piece]
    if len(doc_types) == 1:
        return _type_label(doc_types[0])
    return piece.replace("_", " ")


def _finite(value: Any) -> float | None:
    """``value`` as a finite float, or None (not measured, NaN, junk)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


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
            confidence = _finite(doc.confidence)
            if not doc.readable:
                message += f" Le fichier {doc.file} n'a pas pu être lu."
            else:
                message += (
                    f" Le document {doc.file} ressemble à : {_type_label(doc.doc_type)}, "
                    f"sans certitude suffisante (confiance "
                    f"{_confidence_fr(confidence) if confidence is not None else '?'})."
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


def read_findings(doc: DocumentFacts) -> list[Finding]:
    """The document's reading findings (FILE_UNREADABLE…), each naming the file."""
    return [
        f if f.document == doc.file else f.model_copy(update={"document": doc.file})
        for f in doc.read_findings
    ]


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


def type_findings(doc: DocumentFacts, threshold: float) -> list[Finding]:
    """UNCERTAIN_DOCUMENT_TYPE when a readable document's type confidence is below ``threshold``."""
    confidence = _finite(doc.confidence)
    if not doc.readable or (confidence is not None and confidence >= threshold):
        return []
    shown = _confidence_fr(confidence) if confidence is not None else "inconnue"
    if doc.mixed_types:
        several = ", ".join(_type_label(DocType.parse(t)) for t in doc.mixed_types)
        looks_like = f"le fichier semble contenir plusieurs documents : {several}"
    else:
        looks_like = f"ressemble à : {_type_label(doc.doc_type)}"
    return [
        fail(
            "documents.type_confidence",
            ReasonCode.UNCERTAIN_DOCUMENT_TYPE,
            f"Type du document {doc.file} incertain ({looks_like}, "
            f"confiance {shown} < seuil {_confidence_fr(threshold)}) : il n'est pas pris en compte "
            "comme pièce justificative.",
            document=doc.file,
            severity=Severity.DOUBT,
            doc_type=str(doc.doc_type),
            confidence=confidence,
            threshold=threshold,
            **({"mixed_types": list(doc.mixed_types)} if doc.mixed_types else dict[str, Any]()),
        )
    ]


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


def page_is_blank(quality: PageQuality, thresholds: QualityThresholds) -> bool:
    """A blank page: flagged blank by the reader, or mean grey above the threshold.

    A page whose OCR read words with a confidence above the unreadable
    threshold is not blank, however white it is (a sparse letter).
    """
    if quality.blank:
        return True
    grey = _finite(quality.mean_grey)
    conf = _finite(quality.ocr_mean_conf)
    if grey is None or grey <= thresholds.blank_mean_grey_above:
        return False
    return conf is None or conf <= thresholds.unreadable_ocr_confidence_at_most


# What each type's reading must give for the checks to run: when the image looks poor
# (blurred, too small) and one of these failed, the photo is what failed, and a new one is
# asked for. When they were all read, a soft image is no reason to bother the applicant.
TASK_FIELDS: dict[DocType, tuple[str, ...]] = {
    DocType.ID_CARD: ("mrz",),
    DocType.PASSPORT: ("mrz",),
    DocType.RESIDENCE_PERMIT: ("mrz",),
    DocType.PROOF_OF_ADDRESS: ("postal_code", "issue_date"),
    DocType.BANK_DETAILS: ("iban",),
    DocType.JOBSEEKER_CERTIFICATE: ("france_travail_id", "issue_date"),
    DocType.TRAINING_QUOTE: ("provider_siret", "cost_eur"),
    DocType.TAX_NOTICE: ("reference_income",),
}


def task_failures(doc: DocumentFacts) -> list[dict[str, Any]] | None:
    """What the reading failed to give for the document's checks; None when its type has no task.

    An identity document needs an MRZ whose check digits hold; the other
    pieces need the fields of ``TASK_FIELDS``. ``cv`` and ``other`` have no
    task: their image is judged on its measures alone.
    """
    wanted = TASK_FIELDS.get(doc.doc_type)
    if wanted is None:
        return None
    failures: list[dict[str, Any]] = []
    for name in wanted:
        value = doc.value(name)
        if value is None:
            failures.append({"measure": "field_not_found", "field": name, "label": f"{name} non trouvé"})
        elif name == "mrz":
            from models.mrz import parse_mrz

            parsed = parse_mrz(str(value))
            if parsed is None or not parsed.valid:
                failures.append(
                    {"measure": "mrz_check_digits", "field": name, "label": "chiffres de contrôle MRZ faux"}
                )
    return failures


def quality_problems(doc: DocumentFacts, thresholds: QualityThresholds) -> list[dict[str, Any]]:
    """What makes the document unreadable: one entry per failed measure, on its worst page.

    Documents read from their text layer alone are not judged on image
    quality (their text is exact). A blank page inside a multi-page document
    is ignored; a single blank page, or a document whose pages are all blank,
    fails. A document with pages but no text at all fails, and so does a mean
    OCR confidence at or below its threshold. A blurred or too small image
    counts only when the reading failed its task too (``task_failures``: the
    MRZ's check digits, a field the checks need): a soft photo whose every
    needed value was read is not sent back. Types without a task (``cv``,
    ``other``) are judged on the image measures alone.
    """
    if not doc.readable or doc.text_source == TextSource.TEXT_LAYER:
        return []
    pages = list(enumerate(doc.page_quality, start=1))
    blank = [n for n, q in pages if page_is_blank(q, thresholds)]
    if pages and len(blank) == len(pages):
        what = "page blanche" if len(pages) == 1 else "toutes les pages sont blanches"
        return [{"measure": "blank", "page": blank[0], "label": what}]
    problems: list[dict[str, Any]] = []
    measured = [(n, q) for n, q in pages if n not in blank]
    checks = (
        ("sharpness", "netteté", thresholds.blur_sharpness_below, "<"),
        ("ocr_mean_conf", "confiance OCR", thresholds.unreadable_ocr_confidence_at_most, "≤"),
        ("dpi", "résolution (dpi)", thresholds.too_small_dpi_below, "<"),
    )
    for measure, label, threshold, op in checks:
        values = [(v, n) for n, q in measured if (v := _finite(getattr(q, measure))) is not None]
        if not values:
            continue
        value, page = min(values)
        failing = value <= threshold if op == "≤" else value < threshold
        if failing:
            problems.append(
                {
                    "measure": measure,
                    "label": label,
                    "page": page,
                    "value": round(value, 2),
                    "threshold": threshold,
                    "op": op,
                }
            )
    if not problems and doc.pages > 0 and doc.text_source == TextSource.NONE:
        problems.append({"measure": "text", "label": "aucun texte lu", "page": None})
    image_only = problems and all(p["measure"] in ("sharpness", "dpi") for p in problems)
    if image_only:
        failures = task_failures(doc)
        if failures is not None:
            return [*problems, *failures] if failures else []
    return problems


NEW_PHOTO_FR = (
    "Merci de demander une nouvelle photo ou un nouveau scan du document, net, bien éclairé, "
    "pris de face et en entier."
)


def quality_findings(doc: DocumentFacts, thresholds: QualityThresholds) -> list[Finding]:
    """UNREADABLE_DOCUMENT for ``doc`` when ``quality_problems`` finds any (one finding)."""
    problems = quality_problems(doc, thresholds)
    if not problems:
        return []
    parts = []
    for p in problems:
        where = f" (page {p['page']})" if p.get("page") and doc.pages > 1 else ""
        if "value" in p:
            parts.append(
                f"{p['label']} {_number_fr(p['value'], 1)} {p['op']} seuil "
                f"{_number_fr(p['threshold'], 1)}{where}"
            )
        elif p["measure"] == "field_not_found":
            parts.append(f"{_field_fr(p['field'])} non trouvé")
        else:
            parts.append(f"{p['label']}{where}")
    return [
        fail(
            "documents.quality",
            ReasonCode.UNREADABLE_DOCUMENT,
            f"Document {doc.file} illisible de façon fiable : " + " ; ".join(parts) + ". " + NEW_PHOTO_FR,
            document=doc.file,
            problems=[{k: v for k, v in p.items() if k != "label"} for p in problems],
        )
    ]


def _field_fr(name: str) -> str:
    """A field's name for the message (the review app has the full French labels)."""
    return {
        "mrz": "bande MRZ",
        "postal_code": "code postal",
        "issue_date": "date d'émission",
        "iban": "IBAN",
        "france_travail_id": "identifiant France Travail",
        "provider_siret": "SIRET de l'organisme",
        "cost_eur": "coût de la formation",
        "reference_income": "revenu fiscal de référence",
    }.get(name, name)


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
                    f"Le fichier {later.file} ({_type_label(later.doc_type)}) {how} {earlier.file} "
                    f"({_type_label(earlier.doc_type)}) de ce dossier.",
                    document=later.file,
                    duplicate_of_file=earlier.file,
                    match=kind,
                    doc_types=[str(later.doc_type), str(earlier.doc_type)],
                )
            )
            break
    return out


# ---------------------------------------------------------------- tampering


def tampering_findings(doc: DocumentFacts) -> list[Finding]:
    """SUSPECTED_TAMPERING when the reader left signs of editing on ``doc``."""
    signals = [" ".join(str(s).split())[:200] for s in doc.tampering_signals if str(s).strip()]
    if not signals:
        return []
    return [
        fail(
            "documents.tampering",
            ReasonCode.SUSPECTED_TAMPERING,
            f"Signes de modification du document {doc.file} après son émission : "
            + " ; ".join(signals[:5])
            + ".",
            document=doc.file,
            signals=signals,
        )
    ]


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
