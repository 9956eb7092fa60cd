from __future__ import annotations

import pytest

from models.contract import Decision
from models.doctypes import DocType
from models.document import PageQuality
from models.reasons import Finding, ReasonCode, Severity
from tests.validators.factories import (
    application,
    codes,
    doc,
    good_documents,
    identity_doc,
    proof_doc,
    rib_doc,
    rulebook,
    rulebook_with,
    unreadable,
)
from validators.decision import decide
from validators.engine import check_application, check_document
from validators.rulebook import RuleConfig
from validators.rules import REGISTRY, RuleSpec


def test_good_dossier_is_accepted() -> None:
    findings = check_application(application(), good_documents(), rulebook())
    assert findings == []
    assert decide(findings) == Decision.ACCEPTED


def test_empty_dossier_is_incomplete() -> None:
    findings = check_application(application(), [], rulebook())
    assert set(codes(findings)) == {"MISSING_DOCUMENT"}
    assert decide(findings) == Decision.INCOMPLETE


def test_stale_bill_goes_to_review_with_the_contract_message() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.PROOF_OF_ADDRESS]
    docs.append(proof_doc(issue_date="2026-05-02"))
    [finding] = check_application(application(), docs, rulebook())
    assert finding.message_fr == (
        "Justificatif de domicile daté du 02/05/2026, plus de 3 mois avant le dépôt (20/11/2026)."
    )
    assert decide([finding]) == Decision.NEEDS_REVIEW


def test_several_documents_one_passing_all_rules_is_enough() -> None:
    docs = good_documents() + [proof_doc("ancienne_facture.pdf", issue_date="2025-01-10")]
    assert check_application(application(), docs, rulebook()) == []


def test_several_documents_none_passing_reports_each() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.PROOF_OF_ADDRESS]
    docs += [proof_doc("a.pdf", issue_date="2025-01-10"), proof_doc("b.pdf", postal_code="13008")]
    findings = check_application(application(), docs, rulebook())
    assert [(f.document, f.code.value) for f in findings] == [
        ("a.pdf", "ADDRESS_PROOF_TOO_OLD"),
        ("b.pdf", "ADDRESS_MISMATCH"),
    ]


def test_several_documents_rules_are_not_combined_across_documents() -> None:
    # An expired card with the right name and a valid card with another name:
    # no single identity document passes every identity rule.
    expired = identity_doc(expiry_date="2020-01-01", mrz=None)
    stranger = identity_doc(last_name="DURAND", mrz=None).model_copy(update={"file": "cni2.jpg"})
    docs = [d for d in good_documents() if d.doc_type != DocType.ID_CARD] + [expired, stranger]
    assert sorted(codes(check_application(application(), docs, rulebook()))) == [
        "IDENTITY_EXPIRED",
        "NAME_MISMATCH",
    ]


def test_document_level_findings_are_never_dropped() -> None:
    bad = proof_doc("z.pdf", issue_date="2025-01-10").model_copy(update={"tampering_signals": ["GIMP"]})
    findings = check_application(application(), [*good_documents(), bad], rulebook())
    assert codes(findings) == ["SUSPECTED_TAMPERING"]


def test_mrz_contradiction_is_reported_even_when_another_identity_document_passes() -> None:
    from tests.validators.factories import td1

    forged = identity_doc(mrz=td1(surname="DURAND")).model_copy(update={"file": "cni_verso.jpg"})
    passport = identity_doc(mrz=None).model_copy(
        update={"file": "passeport.pdf", "doc_type": DocType.PASSPORT}
    )
    docs = [d for d in good_documents() if d.doc_type != DocType.ID_CARD] + [forged, passport]
    findings = check_application(application(), docs, rulebook())
    assert [(f.document, f.code.value) for f in findings] == [("cni_verso.jpg", "MRZ_INVALID")]


def test_field_not_found_reported_once_per_field() -> None:
    docs = [d for d in good_documents() if d.doc_type != DocType.ID_CARD]
    docs.append(identity_doc(last_name=None))
    findings = check_application(application(), docs, rulebook())
    assert [(f.code.value, f.field) for f in findings] == [("FIELD_NOT_FOUND", "last_name")]


def test_findings_are_ordered_form_first_then_by_document_code_field() -> None:
    app = application(requested_amount_eur="9000.00", applicant={"address": {"postal_code": "75011"}})
    docs = [unreadable("b.pdf"), doc("a.jpg", DocType.OTHER, confidence=0.2), *good_documents()]
    findings = check_application(app, docs, rulebook())
    keys = [(f.document is not None, f.document or "", f.code.value, f.field or "") for f in findings]
    assert keys == sorted(keys)
    assert findings[0].document is None
    assert check_application(app, list(reversed(docs)), rulebook()) == findings


def test_a_crashing_rule_becomes_a_doubt(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(application, documents, params):
        """Boom."""
        raise RuntimeError("bug")

    spec = REGISTRY["bank.holder"]
    monkeypatch.setitem(REGISTRY, "bank.holder", RuleSpec(**{**spec.__dict__, "func": boom}))
    [finding] = check_application(application(), good_documents(), rulebook())
    assert (finding.rule_id, finding.code, finding.severity) == (
        "bank.holder",
        ReasonCode.NAME_MISMATCH,
        Severity.DOUBT,
    )
    assert finding.evidence == {"error": "RuntimeError", "detail": "bug"}
    assert decide([finding]) == Decision.NEEDS_REVIEW


def test_a_rule_returning_junk_becomes_a_doubt(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = REGISTRY["bank.holder"]
    monkeypatch.setitem(
        REGISTRY, "bank.holder", RuleSpec(**{**spec.__dict__, "func": lambda *a: "not a list"})
    )
    [finding] = check_application(application(), good_documents(), rulebook())
    assert finding.severity == Severity.DOUBT


def test_disabled_rule_does_not_run() -> None:
    rb = rulebook_with(rules={"address.fresh": RuleConfig(enabled=False)})
    docs = [d for d in good_documents() if d.doc_type != DocType.PROOF_OF_ADDRESS]
    docs.append(proof_doc(issue_date="2020-01-01"))
    assert check_application(application(), docs, rb) == []


def test_check_document_for_inspect() -> None:
    scan = doc("scan.jpg", DocType.OTHER, confidence=0.3, quality=[PageQuality(sharpness=20)])
    assert codes(check_document(scan, rulebook())) == ["UNCERTAIN_DOCUMENT_TYPE", "UNREADABLE_DOCUMENT"]
    assert codes(check_document(unreadable(), rulebook())) == ["FILE_UNREADABLE"]
    assert check_document(rib_doc(), rulebook()) == []


# ---------------------------------------------------------------- decision


def _finding(code: ReasonCode, severity: Severity = Severity.FAIL) -> Finding:
    return Finding(rule_id="x", code=code, severity=severity, message_fr="m")


@pytest.mark.parametrize(
    ("found", "decision"),
    [
        ([], Decision.ACCEPTED),
        ([_finding(ReasonCode.FIELD_NOT_FOUND, Severity.DOUBT)], Decision.NEEDS_REVIEW),
        ([_finding(ReasonCode.IBAN_MISMATCH)], Decision.NEEDS_REVIEW),
        ([_finding(ReasonCode.IBAN_MISMATCH), _finding(ReasonCode.MISSING_DOCUMENT)], Decision.INCOMPLETE),
        ([_finding(ReasonCode.MISSING_DOCUMENT, Severity.DOUBT)], Decision.INCOMPLETE),
    ],
)
def test_decide(found: list[Finding], decision: Decision) -> None:
    assert decide(found) == decision


def test_decide_accepts_report_reasons() -> None:
    from models.contract import ReasonOut

    assert decide([ReasonOut(code="MISSING_DOCUMENT", message="m")]) == Decision.INCOMPLETE
