from __future__ import annotations

import pytest

from models.reasons import ReasonCode, Severity
from tests.validators.factories import application, proof_doc, run


def test_address_rules_pass() -> None:
    for rule_id in ("address.fresh", "address.holder", "address.postal_code", "address.in_region"):
        assert run(rule_id) == [], rule_id


# ---------------------------------------------------------------- address.fresh


@pytest.mark.parametrize(
    ("issued", "ok"),
    [
        ("2026-08-20", True),  # exactly 3 months before 20/11/2026
        ("20/08/2026", True),
        ("2026-08-19", False),
        ("2026-11-20", True),  # the submission day
        ("2026-11-21", False),  # after the submission
        ("2026-05-02", False),
    ],
)
def test_fresh_boundaries(issued: str, ok: bool) -> None:
    findings = run("address.fresh", docs=[proof_doc(issue_date=issued)])
    assert (findings == []) is ok
    if not ok:
        assert findings[0].code == ReasonCode.ADDRESS_PROOF_TOO_OLD
        assert (findings[0].document, findings[0].field) == ("facture_edf.pdf", "issue_date")


def test_fresh_message_quotes_dates() -> None:
    [finding] = run("address.fresh", docs=[proof_doc(issue_date="2026-05-02")])
    assert finding.message_fr == (
        "Justificatif de domicile daté du 02/05/2026, plus de 3 mois avant le dépôt (20/11/2026)."
    )
    assert finding.evidence["oldest_accepted"] == "2026-08-20"


def test_fresh_month_end_clamp() -> None:
    app = application(submitted_at="2026-05-31")
    assert run("address.fresh", app, [proof_doc(issue_date="2026-02-28")]) == []
    assert run("address.fresh", app, [proof_doc(issue_date="2026-02-27")]) != []


def test_fresh_missing_date() -> None:
    [finding] = run("address.fresh", docs=[proof_doc(issue_date=None)])
    assert (finding.code, finding.field, finding.severity) == (
        ReasonCode.FIELD_NOT_FOUND,
        "issue_date",
        Severity.DOUBT,
    )


# ---------------------------------------------------------------- address.holder


def test_holder_mismatch() -> None:
    [finding] = run("address.holder", docs=[proof_doc(holder_name="M. DURAND PAUL")])
    assert (finding.code, finding.field) == (ReasonCode.NAME_MISMATCH, "holder_name")
    assert "DURAND" in finding.message_fr


def test_holder_missing() -> None:
    [finding] = run("address.holder", docs=[proof_doc(holder_name=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "holder_name")


def test_a_field_not_found_says_what_was_searched() -> None:
    [finding] = run("address.holder", docs=[proof_doc(holder_name=None)])
    declared = application().applicant.last_name
    assert f"la valeur déclarée « {declared} »" in finding.message_fr
    assert "« titulaire du contrat »" in finding.message_fr
    assert finding.evidence["searched"]["labels"][0] == "titulaire du contrat"
    [fresh] = run("address.fresh", docs=[proof_doc(issue_date=None)])
    assert "recherché : les libellés « date de facture »" in fresh.message_fr


# ---------------------------------------------------------------- address.postal_code


def test_postal_code_mismatch() -> None:
    [finding] = run("address.postal_code", docs=[proof_doc(postal_code="13008")])
    assert (finding.code, finding.field) == (ReasonCode.ADDRESS_MISMATCH, "postal_code")
    assert "13008" in finding.message_fr and "13001" in finding.message_fr


def test_postal_code_with_space_passes() -> None:
    assert run("address.postal_code", docs=[proof_doc(postal_code="13 001")]) == []


@pytest.mark.parametrize("value", [None, "I3OO1", "130"])
def test_postal_code_missing_or_unusable(value: str | None) -> None:
    [finding] = run("address.postal_code", docs=[proof_doc(postal_code=value)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "postal_code")


# ---------------------------------------------------------------- address.in_region


@pytest.mark.parametrize("postal_code", ["04000", "05000", "06000", "13001", "83000", "84000"])
def test_in_region_all_departements(postal_code: str) -> None:
    app = application(applicant={"address": {"postal_code": postal_code}})
    assert run("address.in_region", app, [proof_doc(postal_code=postal_code)]) == []


def test_in_region_form_outside() -> None:
    app = application(applicant={"address": {"postal_code": "75011"}})
    [finding] = run("address.in_region", app, [])
    assert finding.code == ReasonCode.ADDRESS_OUTSIDE_REGION
    assert (finding.document, finding.field) == (None, "postal_code")
    assert "75011" in finding.message_fr and "04, 05, 06, 13, 83, 84" in finding.message_fr


def test_in_region_proof_outside() -> None:
    [finding] = run("address.in_region", docs=[proof_doc(postal_code="69001")])
    assert (finding.code, finding.document) == (ReasonCode.ADDRESS_OUTSIDE_REGION, "facture_edf.pdf")


def test_in_region_proof_code_missing_is_left_to_postal_code_rule() -> None:
    assert run("address.in_region", docs=[proof_doc(postal_code=None)]) == []
