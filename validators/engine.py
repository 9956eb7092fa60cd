"""Run a rulebook's rules on one dossier: ``check_application``.

The engine runs every enabled rule, turns a rule's unexpected exception into a
doubt finding (a dossier is never lost to a bug, and never accepted because of
one), applies the several-documents policy, removes identical findings and
orders them stably (form-level first, then by document, code, field).

Several documents for one piece (two bills, a passport and an identity card):
each piece rule reports on every document of the piece that counts. The piece
passes when at least one of its documents passes *every* enabled rule of the
piece; the findings on its other documents are then dropped (an extra, older
bill does not block a dossier whose recent bill is fine). Otherwise the
findings of every document are reported. Requiring one document to pass all
the rules — rather than each rule separately — means a dossier is never
accepted on an expired passport that has the right name plus a valid card with
the wrong one. Findings about the form (no document), integrity signals (MRZ)
and the dossier-wide rules (quality, duplicates, tampering, types, reading)
are never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from validators.rulebook import Rulebook
from validators.rules import REGISTRY, RuleSpec
from validators.rules._common import pieces
from validators.rules.certified import match_findings, signature_findings
from validators.rules.document_findings import (
    quality_findings,
    read_findings,
    tampering_findings,
    type_findings,
)
from validators.tracing import Trace, traced_inputs


def check_application(
    application: Application, documents: list[DocumentFacts], rulebook: Rulebook
) -> list[Finding]:
    """Every finding of the enabled rules on this dossier, deduplicated and ordered."""
    _, kept = run_rules(application, documents, rulebook)
    return order_findings(dedupe_findings(kept))


def run_rules(
    application: Application,
    documents: list[DocumentFacts],
    rulebook: Rulebook,
    traces: dict[str, Trace] | None = None,
) -> tuple[list[tuple[RuleSpec, list[Finding]]], list[Finding]]:
    """Each enabled rule's findings, and those kept by the several-documents policy (before dedupe).

    With ``traces``, each rule runs on recording views of its inputs and its
    reads are left in ``traces[rule_id]`` (``validators.tracing``).
    """
    results: list[tuple[RuleSpec, list[Finding]]] = []
    for rule_id, spec in REGISTRY.items():
        if rulebook.is_enabled(rule_id):
            if traces is None:
                results.append((spec, run_rule(spec, application, documents, rulebook)))
            else:
                trace = traces.setdefault(rule_id, Trace())
                args = traced_inputs(application, documents, rulebook, trace)
                results.append((spec, run_rule(spec, *args)))
    return results, _apply_piece_policy(results, documents, rulebook)


def run_rule(
    spec: RuleSpec, application: Application, documents: list[DocumentFacts], rulebook: Rulebook
) -> list[Finding]:
    """One rule's findings; an exception or a malformed result becomes one doubt finding."""
    try:
        findings = spec.func(application, list(documents), rulebook)
        if not isinstance(findings, list) or not all(isinstance(f, Finding) for f in findings):
            raise TypeError(f"rule returned {type(findings).__name__}, not a list of Finding")
        return findings
    except Exception as exc:  # noqa: BLE001 - the boundary: a rule's bug becomes a finding
        return [
            Finding(
                rule_id=spec.rule_id,
                code=spec.code,
                severity=Severity.DOUBT,
                message_fr=(
                    f"La vérification « {spec.rule_id} » ({spec.name}) n'a pas pu être effectuée "
                    f"(erreur interne : {type(exc).__name__}). À contrôler manuellement."
                ),
                evidence={"error": type(exc).__name__, "detail": str(exc)[:300]},
            )
        ]


def _apply_piece_policy(
    results: list[tuple[RuleSpec, list[Finding]]],
    documents: list[DocumentFacts],
    rulebook: Rulebook,
) -> list[Finding]:
    """Drop a piece's findings on its other documents when one of them passed every piece rule."""
    by_piece: dict[frozenset[DocType], list[Finding]] = defaultdict(list)
    kept: list[Finding] = []
    for spec, findings in results:
        if spec.doc_types and not spec.always_reported:
            by_piece[spec.doc_types].extend(findings)
        else:
            kept.extend(findings)
    for doc_types, findings in by_piece.items():
        files = {d.file for d in pieces(documents, rulebook, doc_types)}
        flagged = {f.document for f in findings if f.document in files}
        if len(files) >= 2 and files - flagged:
            findings = [f for f in findings if f.document not in files]
        kept.extend(findings)
    return kept


def dedupe_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Identical findings once (same code, document, field and message), first one kept.

    FIELD_NOT_FOUND messages do not name the rule, so a field several rules
    need is reported once.
    """
    seen: set[tuple[str, str | None, str | None, str]] = set()
    out: list[Finding] = []
    for finding in findings:
        key = (finding.code.value, finding.document, finding.field, finding.message_fr)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def order_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Form-level findings first, then by document, code, field, rule and message."""
    return sorted(
        findings,
        key=lambda f: (
            f.document is not None,
            f.document or "",
            f.code.value,
            f.field or "",
            f.rule_id,
            f.message_fr,
        ),
    )


def check_document(document: DocumentFacts, rulebook: Rulebook) -> list[Finding]:
    """File-level findings of one document outside any dossier (``dossiercheck inspect``).

    Reading problems, an uncertain type, poor quality, signs of tampering and
    the 2D-Doc checks that need no form (signature, certified vs printed);
    no rule that needs the application form. Never raises: a failing check
    becomes an UNREADABLE_DOCUMENT doubt.
    """
    checks: tuple[Callable[[], list[Finding]], ...] = (
        lambda: read_findings(document),
        lambda: type_findings(document, rulebook.type_confidence_threshold),
        lambda: quality_findings(document, rulebook.quality),
        lambda: tampering_findings(document),
        lambda: signature_findings(document),
        lambda: match_findings(document),
    )
    findings: list[Finding] = []
    for check in checks:
        try:
            findings.extend(check())
        except Exception as exc:  # noqa: BLE001 - never crash on one document
            findings.append(
                Finding(
                    rule_id="inspect",
                    code=ReasonCode.UNREADABLE_DOCUMENT,
                    severity=Severity.DOUBT,
                    document=str(getattr(document, "file", "")) or None,
                    message_fr="Vérification du document impossible (erreur interne) : à contrôler.",
                    evidence={"error": type(exc).__name__, "detail": str(exc)[:300]},
                )
            )
    return order_findings(dedupe_findings(findings))
