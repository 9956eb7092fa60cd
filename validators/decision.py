"""The dossier's decision from its findings (CONTRACT.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from models.contract import Decision
from models.reasons import ReasonCode


class HasCode(Protocol):
    """A finding or a report reason: anything with a reason code."""

    @property
    def code(self) -> str: ...  # noqa: D102


def decide(findings: Iterable[HasCode]) -> Decision:
    """``incomplete`` if any MISSING_DOCUMENT, else ``needs_review`` if any finding, else ``accepted``.

    Severity does not matter: a doubt goes to a caseworker like a failure.
    The pipeline never refuses; refusal is a caseworker's act.
    """
    codes = [str(f.code) for f in findings]
    if ReasonCode.MISSING_DOCUMENT.value in codes:
        return Decision.INCOMPLETE
    if codes:
        return Decision.NEEDS_REVIEW
    return Decision.ACCEPTED
