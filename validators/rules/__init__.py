"""The rule registry: one pure function per rule, registered by id.

A rule is ``(application, documents, rulebook) -> list[Finding]``. Its
docstring's first line is the rule's name; then what it checks and the
RULEBOOK.md clause. Rules never raise on bad data (a field they need but cannot
use becomes ``FIELD_NOT_FOUND``); the engine still turns an unexpected
exception into a doubt finding.

Rules that check the documents of one piece declare the piece's doc types
(``doc_types``); the engine uses it for the several-documents policy (see
``validators.engine``). Rules about the form alone or about every document
(quality, duplicates…) declare none, and rules whose findings are integrity
signals (MRZ) are ``always_reported``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from models.contract import Application
from models.doctypes import DocType
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

RuleFunc = Callable[[Application, list[DocumentFacts], "Rulebook"], list[Finding]]


class NoParams(BaseModel):
    """The parameters of a rule that takes none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its id, main reason code, function and what it applies to."""

    rule_id: str
    code: ReasonCode
    func: RuleFunc
    doc_types: frozenset[DocType]
    params_model: type[BaseModel]
    mandatory: bool
    always_reported: bool = False

    @property
    def name(self) -> str:
        """The rule's name: the first line of its docstring."""
        return (self.func.__doc__ or self.rule_id).strip().splitlines()[0].rstrip(".")


REGISTRY: dict[str, RuleSpec] = {}


def rule(
    rule_id: str,
    *,
    code: ReasonCode,
    doc_types: frozenset[DocType] = frozenset(),
    params: type[BaseModel] = NoParams,
    mandatory: bool = False,
    always_reported: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as rule ``rule_id`` raising ``code``.

    ``doc_types``: the piece whose documents the rule checks (empty for form-
    or dossier-level rules). ``params``: the pydantic model of its parameters in
    the rulebook. ``mandatory``: the rulebook may not disable it.
    ``always_reported``: its findings are integrity signals that another
    document of the piece passing does not excuse (MRZ contradictions).
    """

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id!r} registered twice")
        if not (func.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id!r} needs a docstring (its first line is its name)")
        REGISTRY[rule_id] = RuleSpec(rule_id, code, func, doc_types, params, mandatory, always_reported)
        return func

    return register


# Importing the modules registers their rules.
from validators.rules import (  # noqa: E402
    address,
    bank,
    certified,
    documents,
    identity,
    jobseeker,
    training,
)

__all__ = [
    "REGISTRY",
    "NoParams",
    "RuleFunc",
    "RuleSpec",
    "address",
    "bank",
    "certified",
    "documents",
    "identity",
    "jobseeker",
    "rule",
    "training",
]
