"""Job-seeker certificate piece: attestation France Travail (RULEBOOK "Checks", job-seeker rows).

Each rule checks every certificate that counts as the piece and reports per
document; with several, the engine keeps the piece if one passes every
job-seeker rule (``validators.engine``).
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from typing import TYPE_CHECKING

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.normalise import compact
from validators.rules import rule
from validators.rules._common import (
    declared_value,
    fail,
    field_not_found,
    freshness_findings,
    get_compact,
    name_findings,
    pieces,
)

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

CERTIFICATE = frozenset({DocType.JOBSEEKER_CERTIFICATE})


@rule("jobseeker.id", code=ReasonCode.JOBSEEKER_ID_MISMATCH, doc_types=CERTIFICATE)
def jobseeker_id(application: Application, documents: list[DocumentFacts], params: Rulebook) -> list[Finding]:
    """France Travail id is the declared one.

    RULEBOOK "job-seeker id": the certificate's ``france_travail_id`` equals the
    form's (upper case, spaces ignored), else JOBSEEKER_ID_MISMATCH. Not read:
    FIELD_NOT_FOUND.
    """
    declared = compact(application.applicant.france_travail_id)
    out: list[Finding] = []
    for doc in pieces(documents, params, CERTIFICATE):
        found = get_compact(doc, "france_travail_id")
        if found is None:
            out.append(
                field_not_found(
                    "jobseeker.id", doc, "france_travail_id", declared_value(application, "france_travail_id")
                )
            )
        elif found != declared:
            out.append(
                fail(
                    "jobseeker.id",
                    ReasonCode.JOBSEEKER_ID_MISMATCH,
                    f"Identifiant France Travail sur l'attestation {doc.file} : {found[:40]}, "
                    f"différent de celui déclaré ({declared}).",
                    document=doc.file,
                    field="france_travail_id",
                    document_value=found[:40],
                    form_value=declared,
                )
            )
    return out


@rule("jobseeker.fresh", code=ReasonCode.JOBSEEKER_CERTIFICATE_TOO_OLD, doc_types=CERTIFICATE)
def jobseeker_fresh(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Job-seeker certificate recent.

    RULEBOOK "job-seeker certificate fresh": ``submitted_at`` − N months ≤
    ``issue_date`` ≤ ``submitted_at`` (N = ``freshness_months.jobseeker_certificate``,
    3 by default; calendar months), else JOBSEEKER_CERTIFICATE_TOO_OLD (also
    for a date after the submission). Date not read: FIELD_NOT_FOUND.
    """
    months = params.freshness_months.jobseeker_certificate
    out: list[Finding] = []
    for doc in pieces(documents, params, CERTIFICATE):
        out += freshness_findings(
            "jobseeker.fresh",
            ReasonCode.JOBSEEKER_CERTIFICATE_TOO_OLD,
            doc,
            application.submitted_at,
            months,
            "Attestation France Travail datée",
        )
    return out


@rule("jobseeker.name", code=ReasonCode.NAME_MISMATCH, doc_types=CERTIFICATE)
def jobseeker_name(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Job-seeker certificate in the applicant's name.

    RULEBOOK "job-seeker name": last name and first name match (RULEBOOK
    "Names"), else NAME_MISMATCH on ``last_name`` or ``first_names``. Not
    read: FIELD_NOT_FOUND.
    """
    applicant = application.applicant
    out: list[Finding] = []
    for doc in pieces(documents, params, CERTIFICATE):
        out += name_findings("jobseeker.name", doc, applicant.last_name, applicant.first_names, params)
    return out
