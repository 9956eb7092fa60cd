from __future__ import annotations

import pytest

from models.reasons import ReasonCode
from tests.validators.factories import application, jobseeker_doc, rib_doc, run

# ---------------------------------------------------------------- bank


def test_bank_rules_pass() -> None:
    for rule_id in ("bank.iban_valid", "bank.iban_match", "bank.holder"):
        assert run(rule_id) == [], rule_id


def test_iban_with_spaces_passes() -> None:
    docs = [rib_doc(iban="FR76 3000 6000 0112 3456 7890 189")]
    assert run("bank.iban_valid", docs=docs) == []
    assert run("bank.iban_match", docs=docs) == []


def test_iban_invalid() -> None:
    [finding] = run("bank.iban_valid", docs=[rib_doc(iban="FR7630006000011234567890188")])
    assert (finding.code, finding.field, finding.document) == (ReasonCode.IBAN_INVALID, "iban", "rib.pdf")
    assert "FR76 3000" in finding.message_fr


def test_iban_missing() -> None:
    for rule_id in ("bank.iban_valid", "bank.iban_match"):
        [finding] = run(rule_id, docs=[rib_doc(iban=None)])
        assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "iban")


def test_iban_mismatch() -> None:
    other = "FR1420041010050500013M02606"
    [finding] = run("bank.iban_match", docs=[rib_doc(iban=other)])
    assert (finding.code, finding.field) == (ReasonCode.IBAN_MISMATCH, "iban")
    assert finding.evidence == {"document_value": other, "form_value": "FR7630006000011234567890189"}


def test_rib_holder_mismatch_and_missing() -> None:
    [finding] = run("bank.holder", docs=[rib_doc(holder_name="SCI LES OLIVIERS")])
    assert finding.code == ReasonCode.NAME_MISMATCH
    [finding] = run("bank.holder", docs=[rib_doc(holder_name=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "holder_name")


# ---------------------------------------------------------------- job seeker


def test_jobseeker_rules_pass() -> None:
    for rule_id in ("jobseeker.id", "jobseeker.fresh", "jobseeker.name"):
        assert run(rule_id) == [], rule_id


def test_jobseeker_id_compared_compact_and_upper() -> None:
    assert run("jobseeker.id", docs=[jobseeker_doc(france_travail_id="482 1937 k")]) == []


def test_jobseeker_id_mismatch_and_missing() -> None:
    [finding] = run("jobseeker.id", docs=[jobseeker_doc(france_travail_id="4821938K")])
    assert (finding.code, finding.field) == (ReasonCode.JOBSEEKER_ID_MISMATCH, "france_travail_id")
    [finding] = run("jobseeker.id", docs=[jobseeker_doc(france_travail_id=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "france_travail_id")


@pytest.mark.parametrize(
    ("issued", "ok"),
    [("2026-08-20", True), ("2026-08-19", False), ("2026-11-20", True), ("2026-12-01", False)],
)
def test_jobseeker_fresh(issued: str, ok: bool) -> None:
    findings = run("jobseeker.fresh", docs=[jobseeker_doc(issue_date=issued)])
    assert (findings == []) is ok
    if not ok:
        assert findings[0].code == ReasonCode.JOBSEEKER_CERTIFICATE_TOO_OLD
        assert findings[0].field == "issue_date"


def test_jobseeker_fresh_missing() -> None:
    [finding] = run("jobseeker.fresh", docs=[jobseeker_doc(issue_date=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "issue_date")


def test_jobseeker_freshness_follows_the_rulebook(monkeypatch) -> None:
    from tests.validators.factories import rulebook_with

    rb = rulebook_with(freshness_months={"proof_of_address": 3, "jobseeker_certificate": 6})
    assert run("jobseeker.fresh", docs=[jobseeker_doc(issue_date="2026-06-01")], rb=rb) == []


def test_jobseeker_name_mismatch_and_missing() -> None:
    app = application(applicant={"last_name": "MARTIN", "first_names": ["Paul"]})
    findings = run("jobseeker.name", app, [jobseeker_doc()])
    assert [(f.code, f.field) for f in findings] == [(ReasonCode.NAME_MISMATCH, "first_names")]
    [finding] = run("jobseeker.name", docs=[jobseeker_doc(first_names=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "first_names")
