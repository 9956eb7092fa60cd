"""``evaluate_dossier``: the engine's findings and decision, plus each rule's parameters, inputs, outcome."""

from __future__ import annotations

from models.contract import Decision
from tests.validators.factories import (
    application,
    good_documents,
    identity_doc,
    proof_doc,
    rib_doc,
    rulebook,
    rulebook_with,
)
from validators.decision import decide
from validators.engine import check_application
from validators.evaluation import evaluate_dossier
from validators.rulebook import RuleConfig
from validators.rules import REGISTRY


def _cases() -> list[tuple]:
    stale = proof_doc(issue_date="2026-01-02")
    wrong_iban = rib_doc(iban="FR7611315207350775674020806")
    return [
        (application(), good_documents()),
        (application(), []),
        (application(), [identity_doc(), stale, wrong_iban]),
        (application(), [*good_documents(), proof_doc(file="vieux.pdf", issue_date="2025-01-02")]),
    ]


def test_same_findings_and_decision_as_the_engine() -> None:
    for app, documents in _cases():
        evaluation = evaluate_dossier(
            app, documents, rulebook(), versions={"pipeline": "p", "classifier": "c"}
        )
        bare = check_application(app, documents, rulebook())
        assert evaluation.findings == bare
        assert evaluation.decision == decide(bare)
        assert evaluation.versions == {"pipeline": "p", "classifier": "c", "rulebook": rulebook().version}


def test_rule_outcomes_parameters_and_inputs() -> None:
    stale = proof_doc(issue_date="2026-01-02")
    evaluation = evaluate_dossier(application(), [*good_documents()[:1], stale], rulebook())
    assert evaluation.decision is Decision.INCOMPLETE
    rules = {r.rule_id: r for r in evaluation.rules}
    assert set(rules) == set(REGISTRY)
    fresh = rules["address.fresh"]
    assert fresh.outcome == "failed" and fresh.codes == ["ADDRESS_PROOF_TOO_OLD"]
    assert fresh.settings["freshness_months"]["proof_of_address"] == 3
    read = {(i["source"], i["field"]): i for i in fresh.inputs}
    assert read[("document", "issue_date")]["value"] == "2026-01-02"
    assert read[("document", "issue_date")]["document"] == stale.file
    assert read[("form", "submitted_at")]["value"] == "2026-11-20"
    assert rules["documents.missing"].outcome == "failed"
    assert rules["training.cap"].settings["cap_eur"] in ("5000.0", "5000.00")
    assert evaluation.rulebook is not None and evaluation.rulebook.version == rulebook().version
    # A disabled rule is listed, with its parameters, and says so.
    quiet = rulebook_with(rules={"documents.duplicate": RuleConfig(enabled=False)})
    outcome = {r.rule_id: r for r in evaluate_dossier(application(), good_documents(), quiet).rules}
    assert outcome["documents.duplicate"].outcome == "disabled" and outcome["documents.duplicate"].params
