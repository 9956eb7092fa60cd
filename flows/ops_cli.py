"""Command-line entry points for operations on Prefect: ``dossiercheck ops …``.

Registered by ``flows.cli``; heavy imports stay inside the handlers.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``ops`` sub-commands to the main parser."""
    # Filled in by the Prefect operations work (issue 7).
    return None
