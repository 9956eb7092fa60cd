"""Command-line entry points of the review app: ``dossiercheck review …`` and ``dossiercheck users …``.

Registered by ``flows.cli``; heavy imports stay inside the handlers.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``review`` and ``users`` sub-commands to the main parser."""
    # Filled in by the review-app work (issue 6).
    return None
