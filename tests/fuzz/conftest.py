"""Hypothesis settings for the fuzz tests: bounded examples, no deadline, failures kept.

A failing input is saved under ``tests/fuzz/corpus`` (Hypothesis' example
database) and replayed first on every later run; commit it with the fix.
The corpus only grows: Hypothesis would delete an input once it stops failing
(after the fix), which would change the committed tree on every test run, so
deletions and moves are not applied to it.
Bounded by example counts, never by a clock: no test asserts a time.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

CORPUS = Path(__file__).resolve().parent / "corpus"


class GrowOnlyDatabase(DirectoryBasedExampleDatabase):
    """Hypothesis' directory database that saves failing inputs and never removes one."""

    def delete(self, key: bytes, value: bytes) -> None:
        """Keep the input: a fixed failure stays in the corpus as a regression case."""

    def move(self, src: bytes, dest: bytes, value: bytes) -> None:
        """Copy instead of moving, so the committed input stays where it is."""
        self.save(dest, value)


settings.register_profile(
    "fuzz",
    database=GrowOnlyDatabase(CORPUS),
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("fuzz")
