"""The one way from facts to decision: ``evaluate_dossier``.

The batch flow (check, decide, save), the review app's recheck after a
correction and ``dossiercheck replay`` all call ``evaluate_dossier`` on a
dossier's form, its documents' facts and a rulebook. It returns an
``Evaluation``: the findings, the decision, the versions, and for every rule
of the rulebook its parameters as they were, what it read (form values,
document fields with their page) and its outcome. The flow and the recheck
store it (``models.store.record_evaluation``); ``dossiercheck explain`` reads
it back; replay compares it with what is stored.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from models.contract import Application, Decision
from models.facts import DocumentFacts
from models.reasons import Finding, Severity
from validators.decision import decide
from validators.engine import dedupe_findings, order_findings, run_rules
from validators.rulebook import Rulebook
from validators.rules import REGISTRY
from validators.tracing import Trace, json_value

Outcome = Literal["passed", "failed", "doubt", "disabled"]

# The rulebook's settings that are not one rule's own parameters (read by several rules).
RULEBOOK_SETTINGS = (
    "region",
    "required_pieces",
    "optional_doc_types",
    "type_confidence_threshold",
    "quality",
    "freshness_months",
    "cap_eur",
    "names",
)


class RuleOutcome(BaseModel):
    """One rule of the rulebook on one dossier: parameters, inputs, outcome."""

    rule_id: str
    name: str
    code: str
    enabled: bool
    # The rule's own parameters (defaults filled in), and the rulebook settings it read.
    params: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    # What it read: ``{"source": "form", "field", "value"}`` or
    # ``{"source": "document", "document", "doc_type", "field", "value", "page", "extractor"}``.
    inputs: list[dict[str, Any]] = Field(default_factory=list)
    outcome: Outcome
    # Reason codes of its findings that count; how many were excused by another document of the piece.
    codes: list[str] = Field(default_factory=list)
    excused: int = 0


class RulebookRef(BaseModel):
    """Which rulebook: the program's id, its title and its version (SHA-256 of the file)."""

    program: str
    title: str
    version: str
    settings: dict[str, Any] = Field(default_factory=dict)


class Evaluation(BaseModel):
    """What ``evaluate_dossier`` concludes on one dossier."""

    findings: list[Finding]
    decision: Decision
    # ``pipeline``, ``rulebook``, ``classifier``: the words stored on the application.
    versions: dict[str, str | None]
    rulebook: RulebookRef | None = None
    rules: list[RuleOutcome] = Field(default_factory=list)

    @classmethod
    def without_rules(cls, findings: list[Finding], versions: dict[str, str | None]) -> Evaluation:
        """A dossier the rules could not run on (no valid form, unknown program)."""
        return cls(
            findings=list(findings),
            decision=decide(findings),
            versions={**versions, "rulebook": None},
        )

    def finding_keys(self) -> list[tuple[Any, ...]]:
        """The findings as comparable tuples (rule, code, severity, document, field, message)."""
        return [finding_key(f) for f in self.findings]


def finding_key(finding: Any) -> tuple[Any, ...]:
    """A finding (model or stored row) as a comparable tuple."""
    return (
        str(finding.rule_id),
        str(finding.code),
        str(finding.severity),
        finding.document,
        finding.field,
        finding.message_fr,
    )


def rulebook_ref(rulebook: Rulebook) -> RulebookRef:
    """The rulebook's identity and its shared settings as they are now."""
    return RulebookRef(
        program=rulebook.program,
        title=rulebook.title,
        version=rulebook.version,
        settings={name: json_value(getattr(rulebook, name)) for name in RULEBOOK_SETTINGS},
    )


def evaluate_dossier(
    application: Application,
    documents: list[DocumentFacts],
    rulebook: Rulebook,
    *,
    versions: dict[str, str | None] | None = None,
) -> Evaluation:
    """Run every enabled rule of ``rulebook`` on the dossier: findings, decision, versions, rule outcomes.

    ``versions`` gives the ``pipeline`` and ``classifier`` versions that read
    the documents; the rulebook's version is added here.
    """
    traces: dict[str, Trace] = {}
    results, kept = run_rules(application, documents, rulebook, traces)
    findings = order_findings(dedupe_findings(kept))
    kept_ids = {id(f) for f in kept}
    produced = {spec.rule_id: found for spec, found in results}
    outcomes: list[RuleOutcome] = []
    for rule_id, spec in REGISTRY.items():
        config = rulebook.rules.get(rule_id)
        params = spec.params_model.model_validate(config.params if config else {}).model_dump(mode="json")
        enabled = rulebook.is_enabled(rule_id)
        found = produced.get(rule_id, [])
        counted = [f for f in found if id(f) in kept_ids]
        if not enabled:
            outcome: Outcome = "disabled"
        elif any(f.severity is Severity.FAIL for f in counted):
            outcome = "failed"
        elif counted:
            outcome = "doubt"
        else:
            outcome = "passed"
        trace = traces.get(rule_id, Trace())
        outcomes.append(
            RuleOutcome(
                rule_id=rule_id,
                name=spec.name,
                code=spec.code.value,
                enabled=enabled,
                params=params,
                settings=dict(sorted(trace.settings.items())),
                inputs=trace.input_list(),
                outcome=outcome,
                codes=sorted({f.code.value for f in counted}),
                excused=len(found) - len(counted),
            )
        )
    return Evaluation(
        findings=findings,
        decision=decide(findings),
        versions={**(versions or {}), "rulebook": rulebook.version},
        rulebook=rulebook_ref(rulebook),
        rules=outcomes,
    )
