"""Bank details piece: RIB (RULEBOOK "Checks", IBAN and RIB holder rows).

Each rule checks every RIB that counts as the piece and reports per document;
with several RIBs, the engine keeps the piece if one passes every bank rule
(``validators.engine``) — so the RIB that backs the declared IBAN is enough.
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from typing import TYPE_CHECKING

from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.identifiers import IBAN
from validators.normalise import compact
from validators.rules import rule
from validators.rules._common import (
    declared_value,
    fail,
    field_not_found,
    get_compact,
    holder_findings,
    pieces,
)

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

RIB = frozenset({DocType.BANK_DETAILS})


def _iban_error(number: str) -> str | None:
    """Why the IBAN is invalid, in French, or None when it is valid."""
    try:
        IBAN.validate(number)
    except InvalidChecksum:
        return "clé de contrôle incorrecte"
    except InvalidLength:
        return "longueur incorrecte"
    except ValidationError:
        return "format incorrect"
    return None


def _show(number: str) -> str:
    """The IBAN grouped by four for a message."""
    return " ".join(number[i : i + 4] for i in range(0, min(len(number), 40), 4))


@rule("bank.iban_valid", code=ReasonCode.IBAN_INVALID, doc_types=RIB)
def bank_iban_valid(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """IBAN well-formed.

    RULEBOOK "IBAN well-formed": the RIB's ``iban`` passes the ISO 13616 mod-97
    check, its country's BBAN structure, and the French RIB key where it
    applies (``validators.identifiers.IBAN``), else IBAN_INVALID. Not read:
    FIELD_NOT_FOUND.
    """
    out: list[Finding] = []
    for doc in pieces(documents, params, RIB):
        number = get_compact(doc, "iban")
        if number is None:
            out.append(field_not_found("bank.iban_valid", doc, "iban", declared_value(application, "iban")))
            continue
        error = _iban_error(number)
        if error:
            out.append(
                fail(
                    "bank.iban_valid",
                    ReasonCode.IBAN_INVALID,
                    f"IBAN du RIB {doc.file} invalide ({error}) : {_show(number)}.",
                    document=doc.file,
                    field="iban",
                    document_value=number[:40],
                    error=error,
                )
            )
    return out


@rule("bank.iban_match", code=ReasonCode.IBAN_MISMATCH, doc_types=RIB)
def bank_iban_match(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """IBAN is the declared one.

    RULEBOOK "IBAN is the declared one": the RIB's ``iban`` equals the form's,
    spaces and case ignored, else IBAN_MISMATCH. Not read: FIELD_NOT_FOUND.
    """
    declared = compact(application.applicant.iban)
    out: list[Finding] = []
    for doc in pieces(documents, params, RIB):
        number = get_compact(doc, "iban")
        if number is None:
            out.append(field_not_found("bank.iban_match", doc, "iban", declared_value(application, "iban")))
        elif number != declared:
            out.append(
                fail(
                    "bank.iban_match",
                    ReasonCode.IBAN_MISMATCH,
                    f"IBAN du RIB {doc.file} ({_show(number)}) différent de l'IBAN déclaré "
                    f"({_show(declared)}).",
                    document=doc.file,
                    field="iban",
                    document_value=number[:40],
                    form_value=declared,
                )
            )
    return out


@rule("bank.holder", code=ReasonCode.NAME_MISMATCH, doc_types=RIB)
def bank_holder(application: Application, documents: list[DocumentFacts], params: Rulebook) -> list[Finding]:
    """RIB in the applicant's name.

    RULEBOOK "RIB holder": ``holder_name`` contains the form's last name as a
    whole word (RULEBOOK "Names"), else NAME_MISMATCH. Not read:
    FIELD_NOT_FOUND.
    """
    last_name = application.applicant.last_name
    out: list[Finding] = []
    for doc in pieces(documents, params, RIB):
        out += holder_findings("bank.holder", doc, last_name, params)
    return out
