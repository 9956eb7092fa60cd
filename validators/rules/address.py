"""Proof of address piece, and the region rule (RULEBOOK "Checks", address rows).

Document rules check every proof of address that counts as the piece and
report per document; with several proofs (two bills), the engine keeps the
piece if one of them passes every proof-of-address rule (``validators.engine``).
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.rules import rule
from validators.rules._common import (
    declared_value,
    fail,
    field_not_found,
    freshness_findings,
    get_text,
    holder_findings,
    pieces,
)

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

PROOF = frozenset({DocType.PROOF_OF_ADDRESS})


def _postal_code(doc: DocumentFacts) -> str | None:
    """The proof's postal code as 5 digits, or None when absent or not a postal code."""
    text = get_text(doc, "postal_code")
    if text is None:
        return None
    digits = re.sub(r"\s+", "", text)
    return digits if re.fullmatch(r"[0-9]{5}", digits) else None


@rule("address.fresh", code=ReasonCode.ADDRESS_PROOF_TOO_OLD, doc_types=PROOF)
def address_fresh(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Proof of address recent.

    RULEBOOK "address proof fresh": ``submitted_at`` − N months ≤ ``issue_date``
    ≤ ``submitted_at`` (N = ``freshness_months.proof_of_address``, 3 by
    default; calendar months), else ADDRESS_PROOF_TOO_OLD (also for a date
    after the submission). Date not read: FIELD_NOT_FOUND.
    """
    months = params.freshness_months.proof_of_address
    out: list[Finding] = []
    for doc in pieces(documents, params, PROOF):
        out += freshness_findings(
            "address.fresh",
            ReasonCode.ADDRESS_PROOF_TOO_OLD,
            doc,
            application.submitted_at,
            months,
            "Justificatif de domicile daté",
        )
    return out


@rule("address.holder", code=ReasonCode.NAME_MISMATCH, doc_types=PROOF)
def address_holder(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Proof of address in the applicant's name.

    RULEBOOK "address proof holder": ``holder_name`` contains the form's last
    name as a whole word (RULEBOOK "Names"), else NAME_MISMATCH. Not read:
    FIELD_NOT_FOUND.
    """
    last_name = application.applicant.last_name
    out: list[Finding] = []
    for doc in pieces(documents, params, PROOF):
        out += holder_findings("address.holder", doc, last_name, params)
    return out


@rule("address.postal_code", code=ReasonCode.ADDRESS_MISMATCH, doc_types=PROOF)
def address_postal_code(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Proof of address at the declared address.

    RULEBOOK "address proof place": the proof's ``postal_code`` equals the
    form's, else ADDRESS_MISMATCH. Not read, or not five digits:
    FIELD_NOT_FOUND.
    """
    declared = application.applicant.address.postal_code
    out: list[Finding] = []
    for doc in pieces(documents, params, PROOF):
        proven = _postal_code(doc)
        if proven is None:
            out.append(
                field_not_found(
                    "address.postal_code", doc, "postal_code", declared_value(application, "postal_code")
                )
            )
        elif proven != declared:
            out.append(
                fail(
                    "address.postal_code",
                    ReasonCode.ADDRESS_MISMATCH,
                    f"Code postal du justificatif de domicile {doc.file} : {proven}, "
                    f"différent de celui déclaré ({declared}).",
                    document=doc.file,
                    field="postal_code",
                    document_value=proven,
                    form_value=declared,
                )
            )
    return out


@rule("address.in_region", code=ReasonCode.ADDRESS_OUTSIDE_REGION, doc_types=PROOF)
def address_in_region(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Address in the region.

    RULEBOOK "in region": the form's postal code starts with one of the
    region's départements (04, 05, 06, 13, 83, 84 by default), else
    ADDRESS_OUTSIDE_REGION on the form (no document). The postal code read on
    each proof of address is checked the same way (a proof whose code was not
    read is left to ``address.postal_code``).
    """
    region = params.region
    declared = application.applicant.address.postal_code
    out: list[Finding] = []
    if not region.contains(declared):
        out.append(
            fail(
                "address.in_region",
                ReasonCode.ADDRESS_OUTSIDE_REGION,
                f"Adresse déclarée hors de la région (code postal {declared}) : "
                f"départements couverts {region.listing()}.",
                field="postal_code",
                form_value=declared,
                departements=list(region.departements),
            )
        )
    for doc in pieces(documents, params, PROOF):
        proven = _postal_code(doc)
        if proven is not None and not region.contains(proven):
            out.append(
                fail(
                    "address.in_region",
                    ReasonCode.ADDRESS_OUTSIDE_REGION,
                    f"Adresse du justificatif de domicile {doc.file} hors de la région "
                    f"(code postal {proven}) : départements couverts {region.listing()}.",
                    document=doc.file,
                    field="postal_code",
                    document_value=proven,
                    departements=list(region.departements),
                )
            )
    return out
