"""``dossiercheck replay``: what another rulebook would have decided on the stored dossiers.

Each dossier of the rulebook's program is rebuilt from the database with the
caseworkers' corrections (``models.stored_facts``), evaluated by the one use
case (``validators.evaluate_dossier``) and compared with its stored decision
and findings. No file is read and nothing is written: the session is rolled
back. Dossiers whose personal data were purged cannot be replayed (their
facts are gone) and are counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import make_engine, session_factory
from models.stored_facts import load_application_row, stored_dossier
from models.tables import ApplicationRow
from validators.evaluation import Evaluation, evaluate_dossier, finding_key
from validators.rulebook import Rulebook, parse_rulebook


@dataclass
class ReplayedDossier:
    """One dossier: its stored decision, the replayed one, and whether the findings differ."""

    application_id: str
    stored: str
    replayed: str
    findings_changed: bool


@dataclass
class ReplayResult:
    """What the rulebook would have changed."""

    program: str
    rulebook_version: str
    dossiers: list[ReplayedDossier] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> list[ReplayedDossier]:
        """Dossiers whose decision would change."""
        return [d for d in self.dossiers if d.stored != d.replayed]

    def transitions(self) -> Counter[tuple[str, str]]:
        """``(from, to) -> count`` of the decisions that would change."""
        return Counter((d.stored, d.replayed) for d in self.changed)


def load_rulebook_file(path: Path) -> Rulebook:
    """A rulebook from any YAML file (its program is the one it names)."""
    return parse_rulebook(Path(path).read_bytes(), source=str(path))


def replay_dossier(session: Session, row: ApplicationRow, rulebook: Rulebook) -> Evaluation | None:
    """The evaluation of one stored dossier under ``rulebook`` (None when its form is not valid)."""
    dossier = stored_dossier(session, row)
    if dossier.application is None:
        return None
    return evaluate_dossier(dossier.application, dossier.documents, rulebook, versions=dossier.versions)


def replay(database_url: str, rulebook: Rulebook, *, since: date | None = None) -> ReplayResult:
    """Re-evaluate the stored dossiers of the rulebook's program processed since ``since``; change nothing."""
    result = ReplayResult(program=rulebook.program, rulebook_version=rulebook.version)
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            try:
                query = select(ApplicationRow.application_id).where(
                    ApplicationRow.program == rulebook.program
                )
                if since is not None:
                    query = query.where(ApplicationRow.processed_at >= datetime.combine(since, time(), UTC))
                for application_id in session.scalars(query.order_by(ApplicationRow.application_id)).all():
                    row = load_application_row(session, application_id)
                    assert row is not None
                    if row.purged_at is not None:
                        result.skipped["purged"] += 1
                        continue
                    evaluation = replay_dossier(session, row, rulebook)
                    if evaluation is None:
                        result.skipped["invalid_form"] += 1
                        continue
                    stored = [finding_key(f) for f in row.findings]
                    result.dossiers.append(
                        ReplayedDossier(
                            application_id=application_id,
                            stored=row.decision,
                            replayed=evaluation.decision.value,
                            findings_changed=stored != evaluation.finding_keys(),
                        )
                    )
            finally:
                session.rollback()
    finally:
        engine.dispose()
    return result
