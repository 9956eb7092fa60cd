"""The doc-type classifier's training examples: generated corpus files and caseworkers' corrections.

An ``Example`` is one file and its true type. ``corpus_examples`` takes every
file of a generated batch with its truth type (``truth.json``: ``doc_type``,
``layout``, ``source``); ``correction_examples`` every document whose type a
caseworker corrected in the database (``FieldCorrection`` rows named
``doc_type``, latest per document; the file is found through
``documents.path``); ``merge_examples`` lets a correction override the corpus
label of the same file. ``without_mrz`` augments identity examples with a copy
whose MRZ lines are blanked out; ``training_data_hash`` is the identity of
what was learnt.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.document import Document

log = logging.getLogger(__name__)


@dataclass
class Example:
    """One training or evaluation file and its true type."""

    path: Path
    label: str
    origin: str = "corpus"  # corpus | correction
    layout: str | None = None
    source: str | None = None
    group: str = ""  # application id
    document: Document | None = field(default=None, repr=False)
    key: str = ""


def corpus_examples(batch_dir: Path, truth: dict[str, Any]) -> list[Example]:
    """Every file of a generated batch, labelled from its ``truth.json``."""
    examples = []
    for app_id, app in sorted(truth["applications"].items()):
        for file_name, spec in sorted(app["files"].items()):
            path = batch_dir / app_id / file_name
            if path.is_file():
                examples.append(
                    Example(
                        path=path,
                        label=spec["doc_type"],
                        layout=spec.get("layout"),
                        source=spec.get("source"),
                        group=app_id,
                    )
                )
    return examples


def correction_examples(database_url: str) -> list[Example]:
    """Documents whose type caseworkers corrected (latest correction wins), with their stored file."""
    from sqlalchemy import select

    from models.db import make_engine, session_factory
    from models.doctypes import DocType
    from models.store import latest_corrections
    from models.tables import DOC_TYPE_KEY, ApplicationRow, FieldCorrection

    engine = make_engine(database_url)
    examples: list[Example] = []
    try:
        with session_factory(engine)() as session:
            app_ids = session.scalars(
                select(FieldCorrection.application_id).where(FieldCorrection.name == DOC_TYPE_KEY).distinct()
            ).all()
            for app_id in sorted(app_ids):
                corrections = latest_corrections(session, application_id=app_id)
                row = session.scalars(
                    select(ApplicationRow).where(ApplicationRow.application_id == app_id)
                ).first()
                if row is None:
                    continue
                for doc in row.documents:
                    value = corrections.get((doc.file_name, DOC_TYPE_KEY))
                    if value is None:
                        continue
                    try:
                        label = DocType.parse(str(value)).value
                    except ValueError:
                        log.warning(
                            "skipping correction %s/%s: unknown type %r", app_id, doc.file_name, value
                        )
                        continue
                    if not doc.path or not Path(doc.path).is_file():
                        log.warning(
                            "skipping correction %s/%s: file not found (%s)", app_id, doc.file_name, doc.path
                        )
                        continue
                    examples.append(Example(Path(doc.path), label, origin="correction", group=app_id))
    finally:
        engine.dispose()
    return examples


def merge_examples(corpus: list[Example], corrections: list[Example]) -> list[Example]:
    """Corpus examples with caseworkers' corrections applied: a correction overrides the same file."""
    by_path = {e.path.resolve(): e for e in corpus}
    for correction in corrections:
        existing = by_path.get(correction.path.resolve())
        if existing is not None:
            existing.label, existing.origin = correction.label, "correction"
        else:
            by_path[correction.path.resolve()] = correction
    return list(by_path.values())


IDENTITY_LABELS = ("id_card", "passport", "residence_permit")


def without_mrz(examples: Sequence[Example]) -> list[Example]:
    """A copy of every identity example whose MRZ lines are blanked out (training augmentation).

    Real identity documents often reach us without a readable MRZ: the front
    side alone, a photo where the zone is cut or blurred. Generated identity
    images always hold one, so a head trained on them leans on the MRZ cues
    and types a front side by chance. The copies teach it the printed words:
    the same document, minus every word holding ``<`` fillers (same family,
    so leave-one-family-out keeps them with their original).
    """
    out = []
    for example in examples:
        if example.label not in IDENTITY_LABELS or example.document is None:
            continue
        pages = [
            page.model_copy(update={"words": [w for w in page.words if w.text.count("<") < 2]})
            for page in example.document.pages
        ]
        if sum(len(p.words) for p in pages) == sum(len(p.words) for p in example.document.pages):
            continue
        document = example.document.model_copy(update={"pages": pages})
        out.append(
            Example(
                path=example.path,
                label=example.label,
                origin="augmented",
                layout=example.layout,
                source=example.source,
                group=example.group,
                document=document,
                key=f"{example.key}.no-mrz",
            )
        )
    return out


def training_data_hash(examples: Iterable[Example]) -> str:
    """SHA-256 over the sorted (reading key, label) pairs: the identity of what was learnt."""
    pairs = sorted(f"{e.key}:{e.label}" for e in examples)
    return hashlib.sha256("\n".join(pairs).encode()).hexdigest()
