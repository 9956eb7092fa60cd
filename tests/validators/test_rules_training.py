from __future__ import annotations

import pytest

from models.reasons import ReasonCode
from tests.validators.factories import application, quote_doc, rulebook_with, run


def test_training_rules_pass() -> None:
    for rule_id in (
        "training.siret_valid",
        "training.siret_match",
        "training.dates",
        "training.cost",
        "training.cap",
    ):
        assert run(rule_id) == [], rule_id


# ---------------------------------------------------------------- SIRET


def test_siret_grouped_passes() -> None:
    docs = [quote_doc(provider_siret="732 829 320 00074")]
    assert run("training.siret_valid", docs=docs) == []
    assert run("training.siret_match", docs=docs) == []


def test_siret_invalid_on_quote() -> None:
    [finding] = run("training.siret_valid", docs=[quote_doc(provider_siret="73282932000079")])
    assert (finding.code, finding.document, finding.field) == (
        ReasonCode.SIRET_INVALID,
        "devis.pdf",
        "provider_siret",
    )
    assert "732 829 320 00079" in finding.message_fr


def test_siret_invalid_on_form() -> None:
    app = application(training={"provider_siret": "73282932000079"})
    findings = run("training.siret_valid", app, [quote_doc(provider_siret="73282932000079")])
    assert [(f.code, f.document) for f in findings] == [
        (ReasonCode.SIRET_INVALID, None),
        (ReasonCode.SIRET_INVALID, "devis.pdf"),
    ]


def test_siret_la_poste_passes() -> None:
    app = application(training={"provider_siret": "35600000049837"})
    assert run("training.siret_valid", app, [quote_doc(provider_siret="35600000049837")]) == []


def test_siret_mismatch_and_missing() -> None:
    [finding] = run("training.siret_match", docs=[quote_doc(provider_siret="35600000000048")])
    assert finding.code == ReasonCode.SIRET_MISMATCH
    for rule_id in ("training.siret_valid", "training.siret_match"):
        [finding] = run(rule_id, docs=[quote_doc(provider_siret=None)])
        assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "provider_siret")


# ---------------------------------------------------------------- dates


def test_dates_start_before_submission() -> None:
    app = application(training={"start_date": "2026-11-19"})
    findings = run("training.dates", app, [quote_doc(start_date="2026-11-19")])
    assert [(f.code, f.document, f.field) for f in findings] == [
        (ReasonCode.TRAINING_DATES_INVALID, None, "start_date")
    ]


def test_dates_start_on_submission_day_passes() -> None:
    app = application(training={"start_date": "2026-11-20"})
    assert run("training.dates", app, [quote_doc(start_date="2026-11-20")]) == []


@pytest.mark.parametrize("end", ["2027-01-11", "2027-01-10"])
def test_dates_end_not_after_start(end: str) -> None:
    app = application(training={"end_date": end})
    findings = run("training.dates", app, [quote_doc(end_date=end)])
    assert [(f.code, f.field) for f in findings] == [(ReasonCode.TRAINING_DATES_INVALID, "end_date")]


def test_dates_quote_differs_from_form() -> None:
    findings = run("training.dates", docs=[quote_doc(start_date="18/01/2027", end_date="25/06/2027")])
    [finding] = findings
    assert (finding.code, finding.document, finding.field) == (
        ReasonCode.TRAINING_DATES_INVALID,
        "devis.pdf",
        "start_date",
    )
    assert "18/01/2027" in finding.message_fr and "11/01/2027" in finding.message_fr


def test_dates_missing_on_quote() -> None:
    findings = run("training.dates", docs=[quote_doc(start_date=None, end_date=None)])
    assert [(f.code, f.field) for f in findings] == [
        (ReasonCode.FIELD_NOT_FOUND, "start_date"),
        (ReasonCode.FIELD_NOT_FOUND, "end_date"),
    ]


# ---------------------------------------------------------------- cost


@pytest.mark.parametrize("value", [4350, 4350.0, "4 350,00 €", "4350.00 EUR", "4.350,00"])
def test_cost_equal_in_any_notation(value) -> None:
    assert run("training.cost", docs=[quote_doc(cost_eur=value)]) == []


def test_cost_mismatch_to_the_cent() -> None:
    [finding] = run("training.cost", docs=[quote_doc(cost_eur=4350.01)])
    assert (finding.code, finding.field) == (ReasonCode.AMOUNT_MISMATCH, "cost_eur")
    assert "4 350,01 €" in finding.message_fr and "4 350,00 €" in finding.message_fr
    assert finding.evidence == {"document_value": "4350.01", "form_value": "4350.00"}


def test_cost_tolerance_parameter() -> None:
    from validators.rulebook import RuleConfig

    rb = rulebook_with(rules={"training.cost": RuleConfig(params={"tolerance_eur": "1.00"})})
    assert run("training.cost", docs=[quote_doc(cost_eur=4350.99)], rb=rb) == []
    assert run("training.cost", docs=[quote_doc(cost_eur=4351.01)], rb=rb) != []


def test_cost_missing_or_unreadable() -> None:
    for value in (None, "4,350"):
        [finding] = run("training.cost", docs=[quote_doc(cost_eur=value)])
        assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "cost_eur")


# ---------------------------------------------------------------- cap (form level)


def test_cap_at_the_limit_passes_without_documents() -> None:
    app = application(training={"cost_eur": "6000.00"}, requested_amount_eur="5000.00")
    assert run("training.cap", app, []) == []


def test_cap_above_program_cap() -> None:
    app = application(training={"cost_eur": "6000.00"}, requested_amount_eur="5000.01")
    [finding] = run("training.cap", app, [])
    assert (finding.code, finding.document) == (ReasonCode.AMOUNT_OVER_CAP, None)
    assert "5 000,01 €" in finding.message_fr and "plafond" in finding.message_fr


def test_cap_above_training_cost() -> None:
    app = application(requested_amount_eur="4400.00")
    [finding] = run("training.cap", app, [])
    assert finding.code == ReasonCode.AMOUNT_OVER_CAP
    assert "coût de la formation" in finding.message_fr


def test_cap_follows_the_rulebook() -> None:
    app = application(requested_amount_eur="4350.00")
    assert run("training.cap", app, [], rb=rulebook_with(cap_eur="4000.00")) != []
