"""What every rule shares: which documents count, reading fields, wording findings."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from models.contract import Application
from models.doctypes import DOC_TYPES, DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.vocabulary import family_of, vocabulary
from validators.normalise import compact
from validators.normalise_amounts import format_amount_fr, parse_amount_fr
from validators.normalise_dates import add_months, format_date_fr, parse_date_fr
from validators.normalise_names import first_name_matches, holder_matches, last_name_matches

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

# French labels of fields, for messages.
FIELD_LABELS_FR: dict[str, str] = {
    "last_name": "nom",
    "first_names": "prénoms",
    "birth_date": "date de naissance",
    "document_number": "numéro du document",
    "expiry_date": "date d'expiration",
    "mrz": "bande MRZ",
    "holder_name": "titulaire",
    "address_line": "adresse",
    "postal_code": "code postal",
    "city": "commune",
    "issue_date": "date d'émission",
    "issuer": "émetteur",
    "iban": "IBAN",
    "bic": "BIC",
    "france_travail_id": "identifiant France Travail",
    "registration_date": "date d'inscription",
    "provider_name": "organisme de formation",
    "provider_siret": "SIRET de l'organisme",
    "training_title": "intitulé de la formation",
    "start_date": "date de début de formation",
    "end_date": "date de fin de formation",
    "hours": "durée en heures",
    "cost_eur": "coût de la formation",
}

_RAW_QUOTE_MAX = 60  # characters of an unusable value quoted in a message


def counts(doc: DocumentFacts, rulebook: Rulebook) -> bool:
    """Return True when ``doc`` counts as a piece: opened, and its type confident enough."""
    confidence = doc.confidence
    return (
        doc.readable
        and isinstance(confidence, (int, float))
        and not math.isnan(confidence)
        and confidence >= rulebook.type_confidence_threshold
    )


def pieces(
    documents: Iterable[DocumentFacts], rulebook: Rulebook, doc_types: Iterable[DocType]
) -> list[DocumentFacts]:
    """Return the documents that count as a piece of one of ``doc_types``, in file-name order."""
    wanted = set(doc_types)
    found = [d for d in documents if d.doc_type in wanted and counts(d, rulebook)]
    return sorted(found, key=lambda d: d.file)


def doc_label(doc: DocumentFacts) -> str:
    """Return the document's type in French, lower case ("carte d'identité")."""
    spec = DOC_TYPES.get(doc.doc_type)
    label = spec.label_fr if spec else str(doc.doc_type)
    return label if label.isupper() else label[:1].lower() + label[1:]


def field_label(field: str) -> str:
    """Return a field's name in French."""
    return FIELD_LABELS_FR.get(field, field)


def _raw(doc: DocumentFacts, field: str) -> str:
    """Return the value as extracted, shortened for a message."""
    extracted = doc.fields.get(field)
    if extracted is None:
        return ""
    text = extracted.raw if isinstance(extracted.raw, str) and extracted.raw else str(extracted.value)
    text = " ".join(text.split())
    return text if len(text) <= _RAW_QUOTE_MAX else text[: _RAW_QUOTE_MAX - 1] + "…"


# Date fields whose labels are those of a date role (models/vocabulary.yaml ``date_roles``).
_DATE_ROLE_OF = {"issue_date": "issue", "registration_date": "registration"}
_LABELS_QUOTED = 4


def searched_labels(doc: DocumentFacts, field: str) -> list[str]:
    """The first labels the extractors look for to read ``field`` on this type of document."""
    family = family_of(doc.doc_type)
    if family is None:
        return []
    vocab = vocabulary()
    role = _DATE_ROLE_OF.get(field)
    entries = vocab.roles(family).get(role, ()) if role else vocab.field_labels(family, field)
    return [e.phrase for e in entries if "…" not in e.phrase][:_LABELS_QUOTED]


def field_not_found(rule_id: str, doc: DocumentFacts, field: str, form_value: str | None = None) -> Finding:
    """FIELD_NOT_FOUND (doubt) for ``field`` on ``doc``: absent, or present but unusable.

    The message says what was searched: the value the form declares
    (``form_value``, looked for in any format) and the usual labels of the
    field. It does not name the rule, so that several rules needing the same
    field give one finding after deduplication (they pass the same form value).
    """
    label = field_label(field)
    raw = _raw(doc, field)
    labels = searched_labels(doc, field)
    searched = []
    if form_value:
        searched.append(f"la valeur déclarée « {_shorten(form_value)} »")
    if labels:
        searched.append("les libellés " + ", ".join(f"« {lab} »" for lab in labels))
    how = f" (recherché : {' et '.join(searched)})" if searched and not raw else ""
    if raw:
        message = (
            f"Information « {label} » illisible sur le document {doc.file} ({doc_label(doc)}) : "
            f"« {raw} » n'a pas pu être interprété. Vérification à faire manuellement."
        )
    else:
        message = (
            f"Information « {label} » non trouvée sur le document {doc.file} ({doc_label(doc)}){how}. "
            "Vérification à faire manuellement."
        )
    evidence: dict[str, Any] = {"doc_type": str(doc.doc_type), "field": field}
    if raw:
        evidence["raw"] = raw
    else:
        evidence["searched"] = {"form_value": form_value is not None and bool(form_value), "labels": labels}
    return Finding(
        rule_id=rule_id,
        code=ReasonCode.FIELD_NOT_FOUND,
        severity=Severity.DOUBT,
        document=doc.file,
        field=field,
        message_fr=message,
        evidence=evidence,
    )


def declared_value(application: Application, field: str) -> str | None:
    """What the form declares for a document ``field``, as a caseworker reads it (None: nothing)."""
    # Read lazily: only the value asked for (an explanation lists what each rule read).
    values: dict[str, Callable[[], object]] = {
        "last_name": lambda: application.applicant.last_name,
        "holder_name": lambda: application.applicant.last_name,
        "first_names": lambda: " ".join(application.applicant.first_names),
        "birth_date": lambda: application.applicant.birth_date,
        "postal_code": lambda: application.applicant.address.postal_code,
        "iban": lambda: application.applicant.iban,
        "france_travail_id": lambda: application.applicant.france_travail_id,
        "provider_siret": lambda: application.training.provider_siret,
        "start_date": lambda: application.training.start_date,
        "end_date": lambda: application.training.end_date,
        "cost_eur": lambda: application.training.cost_eur,
    }
    read = values.get(field)
    value = read() if read is not None else None
    if value is None:
        return None
    if isinstance(value, date):
        return format_date_fr(value)
    if isinstance(value, Decimal):
        return format_amount_fr(value)
    return str(value)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _RAW_QUOTE_MAX else text[: _RAW_QUOTE_MAX - 1] + "…"


def get_text(doc: DocumentFacts, field: str) -> str | None:
    """Return the field's value as non-empty text, or None."""
    value = doc.value(field)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    text = " ".join(str(value).split())
    return text or None


def get_date(doc: DocumentFacts, field: str) -> date | None:
    """Return the field's value as a date (ISO or any format ``parse_date_fr`` reads), or None."""
    return parse_date_fr(get_text(doc, field))


def get_amount(doc: DocumentFacts, field: str) -> Decimal | None:
    """Return the field's value as an amount in euros, or None."""
    value = doc.value(field)
    return parse_amount_fr(value if isinstance(value, (int, float)) else get_text(doc, field))


def get_compact(doc: DocumentFacts, field: str) -> str | None:
    """Return the field's value compacted (upper case, no spaces or separators), or None."""
    return compact(get_text(doc, field)) or None


def fail(
    rule_id: str,
    code: ReasonCode,
    message: str,
    *,
    document: str | None = None,
    field: str | None = None,
    severity: Severity = Severity.FAIL,
    **evidence: Any,
) -> Finding:
    """Return a finding; evidence values are made JSON-friendly (dates ISO, amounts as text)."""
    return Finding(
        rule_id=rule_id,
        code=code,
        severity=severity,
        document=document,
        field=field,
        message_fr=message,
        evidence={k: _jsonable(v) for k, v in evidence.items()},
    )


def _jsonable(value: Any) -> Any:
    """Dates as ISO strings, Decimals as strings, containers recursively."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value


def name_findings(
    rule_id: str, doc: DocumentFacts, last_name: str, first_names: list[str], rulebook: Rulebook
) -> list[Finding]:
    """NAME_MISMATCH / FIELD_NOT_FOUND for a document that prints ``last_name`` and ``first_names``.

    RULEBOOK "Names": the last names match (equal, or one a whole-word part of
    the other) and the form's first given name is among the document's.
    """
    tolerance = {
        "max_edits": rulebook.names.max_ocr_edits,
        "min_length": rulebook.names.min_word_length,
    }
    out: list[Finding] = []
    doc_last = get_text(doc, "last_name")
    if doc_last is None:
        out.append(field_not_found(rule_id, doc, "last_name", last_name))
    elif not last_name_matches(last_name, doc_last, **tolerance):
        out.append(
            fail(
                rule_id,
                ReasonCode.NAME_MISMATCH,
                f"Nom sur le document {doc.file} ({doc_label(doc)}) : « {doc_last} », "
                f"différent du nom déclaré « {last_name} ».",
                document=doc.file,
                field="last_name",
                document_value=doc_last,
                form_value=last_name,
            )
        )
    doc_first = get_text(doc, "first_names")
    if doc_first is None:
        out.append(field_not_found(rule_id, doc, "first_names", " ".join(first_names)))
    elif not first_name_matches(first_names, doc_first, **tolerance):
        declared = first_names[0] if first_names else ""
        out.append(
            fail(
                rule_id,
                ReasonCode.NAME_MISMATCH,
                f"Prénoms sur le document {doc.file} ({doc_label(doc)}) : « {doc_first} », "
                f"sans le premier prénom déclaré « {declared} ».",
                document=doc.file,
                field="first_names",
                document_value=doc_first,
                form_value=list(first_names),
            )
        )
    return out


def holder_findings(rule_id: str, doc: DocumentFacts, last_name: str, rulebook: Rulebook) -> list[Finding]:
    """NAME_MISMATCH / FIELD_NOT_FOUND for a holder name (bill, RIB).

    RULEBOOK "Names": the holder name contains the form's last name as a whole word.
    """
    holder = get_text(doc, "holder_name")
    if holder is None:
        return [field_not_found(rule_id, doc, "holder_name", last_name)]
    if holder_matches(
        last_name,
        holder,
        max_edits=rulebook.names.max_ocr_edits,
        min_length=rulebook.names.min_word_length,
    ):
        return []
    return [
        fail(
            rule_id,
            ReasonCode.NAME_MISMATCH,
            f"Titulaire du document {doc.file} ({doc_label(doc)}) : « {holder} », "
            f"ne contient pas le nom déclaré « {last_name} ».",
            document=doc.file,
            field="holder_name",
            document_value=holder,
            form_value=last_name,
        )
    ]


def freshness_findings(
    rule_id: str,
    code: ReasonCode,
    doc: DocumentFacts,
    submitted: date,
    months: int,
    dated_phrase: str,
) -> list[Finding]:
    """``code`` unless ``submitted`` − ``months`` ≤ ``issue_date`` ≤ ``submitted``.

    Calendar months, the day clamped at month ends: 3 months before 20/11/2026
    is 20/08/2026, and a document dated exactly then passes.
    ``dated_phrase`` starts the message ("Justificatif de domicile daté").
    """
    issued = get_date(doc, "issue_date")
    if issued is None:
        return [field_not_found(rule_id, doc, "issue_date")]
    oldest = add_months(submitted, -months)
    if oldest <= issued <= submitted:
        return []
    if issued > submitted:
        message = (
            f"{dated_phrase} du {format_date_fr(issued)}, après la date de dépôt "
            f"({format_date_fr(submitted)})."
        )
    else:
        message = (
            f"{dated_phrase} du {format_date_fr(issued)}, plus de {months} mois avant le dépôt "
            f"({format_date_fr(submitted)})."
        )
    return [
        fail(
            rule_id,
            code,
            message,
            document=doc.file,
            field="issue_date",
            issue_date=issued,
            submitted_at=submitted,
            oldest_accepted=oldest,
            months=months,
        )
    ]


__all__ = [
    "FIELD_LABELS_FR",
    "counts",
    "declared_value",
    "doc_label",
    "fail",
    "field_label",
    "field_not_found",
    "format_date_fr",
    "freshness_findings",
    "get_amount",
    "get_compact",
    "get_date",
    "get_text",
    "holder_findings",
    "name_findings",
    "pieces",
]
