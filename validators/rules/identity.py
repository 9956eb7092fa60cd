"""Identity piece: id_card, passport or residence_permit (RULEBOOK "Checks", identity rows).

Each rule checks every identity document that counts as the piece (type
confident, file readable) and reports per document; when the dossier holds
several, the engine keeps the piece if one document passes every identity
rule (see ``validators.engine``).
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Levenshtein

from models.contract import Application
from models.doctypes import IDENTITY_TYPES, DocType
from models.facts import DocumentFacts
from models.mrz import Mrz, parse_mrz
from models.reasons import Finding, ReasonCode, Severity
from validators.normalise_names import fold_name, fold_name_variants
from validators.rules import rule
from validators.rules._common import (
    declared_value,
    doc_label,
    fail,
    field_not_found,
    format_date_fr,
    get_date,
    get_text,
    name_findings,
    pieces,
)

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

# Old-format French identity cards (12-digit number) issued to adults between
# these dates are valid 5 years beyond their printed expiry (décret 2013-1188).
_OLD_CNI_EXTENSION_ISSUED = (date(2004, 1, 2), date(2013, 12, 31))

_CHECK_LABELS_FR = {
    "document_number": "numéro du document",
    "birth_date": "date de naissance",
    "expiry_date": "date d'expiration",
    "personal_number": "données complémentaires",
    "composite": "clé globale",
}


@rule("identity.expired", code=ReasonCode.IDENTITY_EXPIRED, doc_types=IDENTITY_TYPES)
def identity_expired(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Identity document valid.

    RULEBOOK "identity valid": ``expiry_date`` ≥ ``submitted_at``, else
    IDENTITY_EXPIRED. An expiry date not read gives FIELD_NOT_FOUND. The
    printed date is the rule: an old-format French card whose validity the law
    extended by 5 years is still reported, with a hint for the caseworker.
    """
    out: list[Finding] = []
    submitted = application.submitted_at
    for doc in pieces(documents, params, IDENTITY_TYPES):
        expiry = get_date(doc, "expiry_date")
        if expiry is None:
            out.append(field_not_found("identity.expired", doc, "expiry_date"))
            continue
        if expiry >= submitted:
            continue
        message = (
            f"Pièce d'identité ({doc_label(doc)}) {doc.file} expirée le {format_date_fr(expiry)}, "
            f"avant le dépôt du dossier ({format_date_fr(submitted)})."
        )
        if _maybe_extended_old_cni(doc, expiry, submitted):
            message += (
                " Carte d'identité ancien format : si elle a été délivrée à une personne majeure "
                "entre le 02/01/2004 et le 31/12/2013, sa validité est prolongée de 5 ans "
                "(à vérifier)."
            )
        out.append(
            fail(
                "identity.expired",
                ReasonCode.IDENTITY_EXPIRED,
                message,
                document=doc.file,
                field="expiry_date",
                expiry_date=expiry,
                submitted_at=submitted,
            )
        )
    return out


def _maybe_extended_old_cni(doc: DocumentFacts, expiry: date, submitted: date) -> bool:
    """True for an old-format French card (12 digits) whose 5-year extension would cover the date."""
    number = (get_text(doc, "document_number") or "").replace(" ", "")
    if doc.doc_type != DocType.ID_CARD or not (len(number) == 12 and number.isdigit()):
        return False
    issued = date(expiry.year - 10, expiry.month, min(expiry.day, 28))
    low, high = _OLD_CNI_EXTENSION_ISSUED
    return low <= issued <= high and date(expiry.year + 5, expiry.month, min(expiry.day, 28)) >= submitted


@rule("identity.name", code=ReasonCode.NAME_MISMATCH, doc_types=IDENTITY_TYPES)
def identity_name(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Identity document is the applicant's.

    RULEBOOK "identity is the applicant": the printed last name and first names
    match the form's (RULEBOOK "Names"), else NAME_MISMATCH on ``last_name`` or
    ``first_names``. A name not read gives FIELD_NOT_FOUND.
    """
    applicant = application.applicant
    out: list[Finding] = []
    for doc in pieces(documents, params, IDENTITY_TYPES):
        out += name_findings("identity.name", doc, applicant.last_name, applicant.first_names, params)
    return out


@rule("identity.birth_date", code=ReasonCode.BIRTH_DATE_MISMATCH, doc_types=IDENTITY_TYPES)
def identity_birth_date(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Birth date matches the form.

    RULEBOOK "birth date": ``birth_date`` on the identity document equals the
    form's, else BIRTH_DATE_MISMATCH. Not read: FIELD_NOT_FOUND.
    """
    declared = application.applicant.birth_date
    out: list[Finding] = []
    for doc in pieces(documents, params, IDENTITY_TYPES):
        printed = get_date(doc, "birth_date")
        if printed is None:
            out.append(
                field_not_found(
                    "identity.birth_date", doc, "birth_date", declared_value(application, "birth_date")
                )
            )
        elif printed != declared:
            out.append(
                fail(
                    "identity.birth_date",
                    ReasonCode.BIRTH_DATE_MISMATCH,
                    f"Date de naissance sur {doc.file} ({doc_label(doc)}) : "
                    f"{format_date_fr(printed)}, différente de celle déclarée "
                    f"({format_date_fr(declared)}).",
                    document=doc.file,
                    field="birth_date",
                    document_value=printed,
                    form_value=declared,
                )
            )
    return out


@rule("identity.mrz", code=ReasonCode.MRZ_INVALID, doc_types=IDENTITY_TYPES, always_reported=True)
def identity_mrz(application: Application, documents: list[DocumentFacts], params: Rulebook) -> list[Finding]:
    """MRZ consistent.

    RULEBOOK "MRZ": when an MRZ was read (field ``mrz``), every ICAO 9303 check
    digit holds (TD1, TD3, old French 2×36 card) and its surname, given names,
    birth date and expiry agree with the printed fields; else MRZ_INVALID (one
    finding per document listing every problem). No MRZ read: nothing to check.
    An MRZ of no known format is a doubt. Names compare after ``fold_name``
    (the MRZ's ``<`` is a space; ICAO transliterations such as Ü→UE accepted);
    a name that fills its MRZ field may be truncated there. The MRZ holds only
    two digits of the birth year, so only those are compared. The old French
    card's MRZ has no expiry date. An inconsistent MRZ is a sign of forgery: it
    is reported even when another identity document passes (``always_reported``).
    """
    out: list[Finding] = []
    for doc in pieces(documents, params, IDENTITY_TYPES):
        text = _mrz_text(doc)
        if text is None:
            continue
        mrz = parse_mrz(text, reference=application.submitted_at)
        if mrz is None:
            out.append(
                fail(
                    "identity.mrz",
                    ReasonCode.MRZ_INVALID,
                    f"Bande MRZ de {doc.file} ({doc_label(doc)}) lue mais de format non reconnu : "
                    "à vérifier sur le document.",
                    document=doc.file,
                    field="mrz",
                    severity=Severity.DOUBT,
                    mrz_lines=len(text.splitlines()),
                )
            )
            continue
        problems, evidence, missing = _mrz_problems(mrz, doc)
        out += [
            field_not_found("identity.mrz", doc, name, declared_value(application, name)) for name in missing
        ]
        if problems:
            out.append(
                fail(
                    "identity.mrz",
                    ReasonCode.MRZ_INVALID,
                    f"Bande MRZ de {doc.file} ({doc_label(doc)}) incohérente : " + " ; ".join(problems) + ".",
                    document=doc.file,
                    field="mrz",
                    mrz_format=mrz.format,
                    **evidence,
                )
            )
    return out


def _mrz_text(doc: DocumentFacts) -> str | None:
    """The ``mrz`` field's lines (joined by newlines), or None when no MRZ was read."""
    value = doc.value("mrz")
    if not isinstance(value, str) or not value.strip():
        return None
    return value


def _mrz_problems(mrz: Mrz, doc: DocumentFacts) -> tuple[list[str], dict[str, Any], list[str]]:
    """(problems in French, evidence, printed fields needed but not read)."""
    problems: list[str] = []
    evidence: dict[str, Any] = {}
    missing: list[str] = []
    failed = [name for name, ok in mrz.checks.items() if not ok]
    if failed:
        labels = ", ".join(_CHECK_LABELS_FR.get(name, name) for name in failed)
        problems.append(f"clé(s) de contrôle fausse(s) ({labels})")
        evidence["failed_checks"] = failed

    surname_full, given_full = _name_fields_full(mrz)
    printed_last = get_text(doc, "last_name")
    if printed_last is None:
        missing.append("last_name")
    elif not _mrz_name_agrees(mrz.surname, printed_last, surname_full):
        problems.append(f"nom « {mrz.surname} » dans la MRZ, « {printed_last} » imprimé")
        evidence |= {"mrz_surname": mrz.surname, "printed_last_name": printed_last}

    printed_first = get_text(doc, "first_names")
    mrz_given = " ".join(mrz.given_names)
    if printed_first is None:
        missing.append("first_names")
    elif not _mrz_given_agree(mrz_given, printed_first, given_full):
        problems.append(f"prénoms « {mrz_given} » dans la MRZ, « {printed_first} » imprimés")
        evidence |= {"mrz_given_names": mrz_given, "printed_first_names": printed_first}

    printed_birth = get_date(doc, "birth_date")
    if printed_birth is None:
        missing.append("birth_date")
    elif mrz.birth_date is None:
        problems.append("date de naissance illisible dans la MRZ")
    elif (mrz.birth_date.year % 100, mrz.birth_date.month, mrz.birth_date.day) != (
        printed_birth.year % 100,
        printed_birth.month,
        printed_birth.day,
    ):
        problems.append(
            f"date de naissance {format_date_fr(mrz.birth_date)} dans la MRZ, "
            f"{format_date_fr(printed_birth)} imprimée"
        )
        evidence |= {"mrz_birth_date": mrz.birth_date, "printed_birth_date": printed_birth}

    if mrz.format != "FR_ID":  # the old French card's MRZ has no expiry date
        printed_expiry = get_date(doc, "expiry_date")
        if printed_expiry is None:
            missing.append("expiry_date")
        elif mrz.expiry_date is None:
            problems.append("date d'expiration illisible dans la MRZ")
        elif mrz.expiry_date != printed_expiry:
            problems.append(
                f"date d'expiration {format_date_fr(mrz.expiry_date)} dans la MRZ, "
                f"{format_date_fr(printed_expiry)} imprimée"
            )
            evidence |= {"mrz_expiry_date": mrz.expiry_date, "printed_expiry_date": printed_expiry}
    return problems, evidence, missing


def _name_fields_full(mrz: Mrz) -> tuple[bool, bool]:
    """Whether the surname and the given-names fields fill their MRZ space (may be truncated)."""
    lines = mrz.lines
    if mrz.format == "TD1":
        full = not lines[2].endswith("<")
        return full, full
    if mrz.format in ("TD3", "TD2", "MRV_A", "MRV_B"):  # names on line 1
        full = not lines[0].endswith("<")
        return full, full
    # FR_ID: surname in line 1 [5:30], given names in line 2 [13:27].
    return lines[0][29] != "<", lines[1][26] != "<"


def _ocr_close(mrz_text: str, printed: str) -> bool:
    """Equal but for OCR noise: two edits for names of five letters or more, else one.

    MRZ names carry no check digit, so a misread filler (``<<`` read ``EK``)
    is expected there. Tolerating it cannot accept a wrong person: the printed
    name is matched strictly against the form by the identity rule.
    """
    budget = 2 if len(printed) >= 5 else 1
    return Levenshtein.distance(mrz_text, printed, score_cutoff=budget) <= budget


def _mrz_name_agrees(mrz_name: str, printed: str, field_full: bool) -> bool:
    """The MRZ surname equals the printed one (or is its truncation when the field is full)."""
    encoded = fold_name(mrz_name)
    if not encoded:
        return False
    for variant in fold_name_variants(printed):
        if encoded == variant or _ocr_close(encoded, variant):
            return True
        if field_full and variant.startswith(encoded):
            return True
    return False


def _mrz_given_agree(mrz_given: str, printed: str, field_full: bool) -> bool:
    """The MRZ given names are the printed ones, or their first ones, or a truncation of them.

    MRZs may hold only the first given names when the others do not fit.
    """
    encoded = fold_name(mrz_given).split()
    if not encoded:
        return False
    for variant in fold_name_variants(printed):
        words = variant.split()
        if words[: len(encoded)] == encoded:
            return True
        if _ocr_close(" ".join(encoded), " ".join(words[: len(encoded)])) or _ocr_close(
            " ".join(encoded), variant
        ):
            return True
        head, last = encoded[:-1], encoded[-1]
        if (
            field_full
            and len(words) >= len(encoded)
            and words[: len(head)] == head
            and words[len(head)].startswith(last)
        ):
            return True
    return False
