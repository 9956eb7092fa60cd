"""Training quote piece, and the form's training and amount (RULEBOOK "Checks", training rows).

Document rules check every quote that counts as the piece and report per
document; with several quotes, the engine keeps the piece if one passes every
quote rule (``validators.engine``). Findings about the form alone (dates,
cap, the form's own SIRET) carry no document and always stand.
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.identifiers import SIRET
from validators.normalise_amounts import format_amount_fr
from validators.normalise_dates import format_date_fr
from validators.rules import rule
from validators.rules._common import (
    declared_value,
    fail,
    field_not_found,
    get_amount,
    get_compact,
    get_date,
    pieces,
)

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

QUOTE = frozenset({DocType.TRAINING_QUOTE})
CENT = Decimal("0.01")


def _siret_shown(number: str) -> str:
    """A SIRET grouped as it is usually printed (732 829 320 00074)."""
    if len(number) == 14 and number.isdigit():
        return SIRET.format(number)
    return number[:40]


@rule("training.siret_valid", code=ReasonCode.SIRET_INVALID, doc_types=QUOTE)
def training_siret_valid(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Provider's SIRET well-formed.

    RULEBOOK "SIRET well-formed": Luhn on SIREN and SIRET, with the La Poste
    exception (``validators.identifiers.SIRET``), else SIRET_INVALID — for the
    quote's ``provider_siret`` (not read: FIELD_NOT_FOUND) and for the form's
    ``training.provider_siret`` (finding without document).
    """
    out: list[Finding] = []
    declared = application.training.provider_siret
    if not SIRET.is_valid(declared):
        out.append(
            fail(
                "training.siret_valid",
                ReasonCode.SIRET_INVALID,
                f"SIRET de l'organisme de formation déclaré invalide : {_siret_shown(declared)}.",
                field="provider_siret",
                form_value=declared,
            )
        )
    for doc in pieces(documents, params, QUOTE):
        number = get_compact(doc, "provider_siret")
        if number is None:
            out.append(
                field_not_found(
                    "training.siret_valid",
                    doc,
                    "provider_siret",
                    declared_value(application, "provider_siret"),
                )
            )
        elif not SIRET.is_valid(number):
            out.append(
                fail(
                    "training.siret_valid",
                    ReasonCode.SIRET_INVALID,
                    f"SIRET de l'organisme sur le devis {doc.file} invalide : {_siret_shown(number)}.",
                    document=doc.file,
                    field="provider_siret",
                    document_value=number[:40],
                )
            )
    return out


@rule("training.siret_match", code=ReasonCode.SIRET_MISMATCH, doc_types=QUOTE)
def training_siret_match(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Provider's SIRET is the declared one.

    RULEBOOK "SIRET is the declared one": the quote's ``provider_siret``
    (spaces ignored) equals the form's, else SIRET_MISMATCH. Not read:
    FIELD_NOT_FOUND.
    """
    declared = application.training.provider_siret
    out: list[Finding] = []
    for doc in pieces(documents, params, QUOTE):
        number = get_compact(doc, "provider_siret")
        if number is None:
            out.append(
                field_not_found(
                    "training.siret_match",
                    doc,
                    "provider_siret",
                    declared_value(application, "provider_siret"),
                )
            )
        elif number != declared:
            out.append(
                fail(
                    "training.siret_match",
                    ReasonCode.SIRET_MISMATCH,
                    f"SIRET sur le devis {doc.file} ({_siret_shown(number)}) différent du SIRET "
                    f"déclaré ({_siret_shown(declared)}).",
                    document=doc.file,
                    field="provider_siret",
                    document_value=number[:40],
                    form_value=declared,
                )
            )
    return out


@rule("training.dates", code=ReasonCode.TRAINING_DATES_INVALID, doc_types=QUOTE)
def training_dates(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Training dates valid.

    RULEBOOK "training dates": on the form, ``start_date`` ≥ ``submitted_at``
    and ``end_date`` > ``start_date`` (findings without document); on each
    quote, ``start_date`` and ``end_date`` equal the form's. Any failure is
    TRAINING_DATES_INVALID; a quote date not read is FIELD_NOT_FOUND.
    """
    training = application.training
    submitted = application.submitted_at
    out: list[Finding] = []
    if training.start_date < submitted:
        out.append(
            fail(
                "training.dates",
                ReasonCode.TRAINING_DATES_INVALID,
                f"La formation commence le {format_date_fr(training.start_date)}, avant le dépôt "
                f"du dossier ({format_date_fr(submitted)}).",
                field="start_date",
                start_date=training.start_date,
                submitted_at=submitted,
            )
        )
    if training.end_date <= training.start_date:
        out.append(
            fail(
                "training.dates",
                ReasonCode.TRAINING_DATES_INVALID,
                f"La formation se termine le {format_date_fr(training.end_date)}, pas après son "
                f"début ({format_date_fr(training.start_date)}).",
                field="end_date",
                start_date=training.start_date,
                end_date=training.end_date,
            )
        )
    for doc in pieces(documents, params, QUOTE):
        for field, declared, what in (
            ("start_date", training.start_date, "Date de début"),
            ("end_date", training.end_date, "Date de fin"),
        ):
            quoted = get_date(doc, field)
            if quoted is None:
                out.append(field_not_found("training.dates", doc, field, declared_value(application, field)))
            elif quoted != declared:
                out.append(
                    fail(
                        "training.dates",
                        ReasonCode.TRAINING_DATES_INVALID,
                        f"{what} de formation sur le devis {doc.file} : "
                        f"{format_date_fr(quoted)}, différente de celle déclarée "
                        f"({format_date_fr(declared)}).",
                        document=doc.file,
                        field=field,
                        document_value=quoted,
                        form_value=declared,
                    )
                )
    return out


class CostParams(BaseModel):
    """Parameters of ``training.cost``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tolerance_eur: Decimal = Field(
        default=Decimal("0.00"),
        ge=0,
        le=100,
        description="Largest accepted difference between quote and form, in euros (0: to the cent).",
    )


@rule("training.cost", code=ReasonCode.AMOUNT_MISMATCH, doc_types=QUOTE, params=CostParams)
def training_cost(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """Training cost matches the quote.

    RULEBOOK "cost": the quote's ``cost_eur`` equals the form's
    ``training.cost_eur`` to the cent (within ``tolerance_eur``, 0 by
    default), else AMOUNT_MISMATCH. Not read: FIELD_NOT_FOUND.
    """
    tolerance = params.params_for("training.cost", CostParams).tolerance_eur
    declared = application.training.cost_eur.quantize(CENT)
    out: list[Finding] = []
    for doc in pieces(documents, params, QUOTE):
        quoted = get_amount(doc, "cost_eur")
        if quoted is None:
            out.append(
                field_not_found("training.cost", doc, "cost_eur", declared_value(application, "cost_eur"))
            )
            continue
        quoted = quoted.quantize(CENT)
        if abs(quoted - declared) > tolerance:
            out.append(
                fail(
                    "training.cost",
                    ReasonCode.AMOUNT_MISMATCH,
                    f"Coût de la formation sur le devis {doc.file} : {format_amount_fr(quoted)}, "
                    f"différent du coût déclaré ({format_amount_fr(declared)}).",
                    document=doc.file,
                    field="cost_eur",
                    document_value=quoted,
                    form_value=declared,
                )
            )
    return out


@rule("training.cap", code=ReasonCode.AMOUNT_OVER_CAP)
def training_cap(application: Application, documents: list[DocumentFacts], params: Rulebook) -> list[Finding]:
    """Requested amount within the cap.

    RULEBOOK "cap": ``requested_amount_eur`` ≤ min(program cap, form's
    ``training.cost_eur``), else AMOUNT_OVER_CAP. Form-level: no document
    needed, the finding has none.
    """
    requested = application.requested_amount_eur
    cap = params.cap_eur
    cost = application.training.cost_eur
    limit = min(cap, cost)
    if requested <= limit:
        return []
    if requested > cap:
        message = (
            f"Montant demandé ({format_amount_fr(requested)}) supérieur au plafond du programme "
            f"({format_amount_fr(cap)})."
        )
    else:
        message = (
            f"Montant demandé ({format_amount_fr(requested)}) supérieur au coût de la formation "
            f"({format_amount_fr(cost)})."
        )
    return [
        fail(
            "training.cap",
            ReasonCode.AMOUNT_OVER_CAP,
            message,
            field="requested_amount_eur",
            requested_amount_eur=requested,
            cap_eur=cap,
            training_cost_eur=cost,
        )
    ]
