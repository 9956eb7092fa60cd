"""Findings about one document on its own: reading, type confidence, quality, tampering.

``read_findings``, ``type_findings``, ``quality_findings`` and
``tampering_findings`` are what the dossier-wide rules of
``validators.rules.documents`` report for each document, and what
``dossiercheck inspect`` reports for a lone file, which has no application
(``validators.engine.check_document``). The quality gate (``quality_problems``)
judges the image only when the reading failed its task (``task_failures``).
Also the French wording they share (``type_label``, ``confidence_fr``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from models.doctypes import DOC_TYPES, DocType
from models.document import PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from validators.rules._common import fail

if TYPE_CHECKING:
    from validators.rulebook import QualityThresholds


def _number_fr(value: float, digits: int = 2) -> str:
    """A number as a French caseworker writes it: 0,62 ; 250."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",")


def confidence_fr(value: float) -> str:
    """Format a confidence with two decimals, French style: 0,62."""
    return f"{value:.2f}".replace(".", ",")


def type_label(doc_type: DocType | str) -> str:
    """A doc type's French label, lower case."""
    spec = DOC_TYPES.get(doc_type) if isinstance(doc_type, DocType) else None
    label = spec.label_fr if spec else str(doc_type)
    return label if label.isupper() else label[:1].lower() + label[1:]


def finite(value: Any) -> float | None:
    """``value`` as a finite float, or None (not measured, NaN, junk)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def read_findings(doc: DocumentFacts) -> list[Finding]:
    """The document's reading findings (FILE_UNREADABLE…), each naming the file."""
    return [
        f if f.document == doc.file else f.model_copy(update={"document": doc.file})
        for f in doc.read_findings
    ]


def type_findings(doc: DocumentFacts, threshold: float) -> list[Finding]:
    """UNCERTAIN_DOCUMENT_TYPE when a readable document's type confidence is below ``threshold``."""
    confidence = finite(doc.confidence)
    if not doc.readable or (confidence is not None and confidence >= threshold):
        return []
    shown = confidence_fr(confidence) if confidence is not None else "inconnue"
    if doc.mixed_types:
        several = ", ".join(type_label(DocType.parse(t)) for t in doc.mixed_types)
        looks_like = f"le fichier semble contenir plusieurs documents : {several}"
    else:
        looks_like = f"ressemble à : {type_label(doc.doc_type)}"
    return [
        fail(
            "documents.type_confidence",
            ReasonCode.UNCERTAIN_DOCUMENT_TYPE,
            f"Type du document {doc.file} incertain ({looks_like}, "
            f"confiance {shown} < seuil {confidence_fr(threshold)}) : il n'est pas pris en compte "
            "comme pièce justificative.",
            document=doc.file,
            severity=Severity.DOUBT,
            doc_type=str(doc.doc_type),
            confidence=confidence,
            threshold=threshold,
            **({"mixed_types": list(doc.mixed_types)} if doc.mixed_types else dict[str, Any]()),
        )
    ]


def page_is_blank(quality: PageQuality, thresholds: QualityThresholds) -> bool:
    """A blank page: flagged blank by the reader, or mean grey above the threshold.

    A page whose OCR read words with a confidence above the unreadable
    threshold is not blank, however white it is (a sparse letter).
    """
    if quality.blank:
        return True
    grey = finite(quality.mean_grey)
    conf = finite(quality.ocr_mean_conf)
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
        values = [(v, n) for n, q in measured if (v := finite(getattr(q, measure))) is not None]
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
