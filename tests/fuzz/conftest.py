"""Hypothesis settings for the fuzz tests: bounded examples, no deadline, failures kept.

A failing input is saved under ``tests/fuzz/corpus`` (Hypothesis' example
database) and replayed first on every later run; commit it with the fix.
Bounded by example counts, never by a clock: no test asserts a time.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

CORPUS = Path(__file__).resolve().parent / "corpus"

settings.register_profile(
    "fuzz",
    database=DirectoryBasedExampleDatabase(CORPUS),
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("fuzz")
