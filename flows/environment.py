"""Process environment for offline, on-premises runs. Call before importing Prefect."""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE_DEFAULTS = {
    # No telemetry: without these every Prefect server start tries a DNS lookup.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The ephemeral server can take more than the default 20 s on a loaded machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Models load from installed packages or local paths, never from a hub.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    # Tesseract's OpenMP threads busy-wait on 2 cores (5.5 s/page instead of 1.0 s):
    # parallelism comes from processes instead.
    "OMP_THREAD_LIMIT": "1",
}


def configure_environment(home: Path | None = None) -> None:
    """Set offline defaults (never overriding what the operator set) and PREFECT_HOME."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd()) / ".prefect"))
