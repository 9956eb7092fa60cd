"""Training the ``TransformersClassifier``: corpus and caseworkers' corrections → a calibrated artifact.

The steps are modules of their own: examples (``extractors.classifier_examples``),
cached reading and embedding (``extractors.classifier_cache``), the head
(``extractors.classifier_head``) and the open set (``extractors.classifier_open_set``).

1. **Examples**: every file of generated batches with its truth type
   (``truth.json``: ``doc_type``, ``layout``, ``source``), plus every document
   whose type a caseworker corrected in the database (``FieldCorrection`` rows
   named ``doc_type``, latest per document; the file is found through
   ``documents.path``). A correction overrides the corpus label of the same file.
2. **Reading** with the real reader (``extractors.read.read_document``) on a
   spawn process pool; each result is cached on disk under the SHA-256 of the
   file's bytes, ``READER_VERSION`` and the reading settings, so retraining
   never re-OCRs. Files the reader rejects (empty, truncated…) are skipped:
   the pipeline never classifies them either.
3. **Features** (``FeatureBuilder``): embeddings are cached too, per file and
   encoder configuration.
4. **Head**: multinomial logistic regression (scikit-learn, lbfgs, L2) on
   standardised features. **Calibration**: k-fold out-of-fold logits (each
   document predicted by a head that never saw it) → temperature by NLL →
   ECE and the reliability curve on those out-of-fold predictions. The final
   head is fitted on all examples and carries that temperature.
5. **Open set**: per label, the limit of the distance to its centroid
   (``extractors.classifier_open_set``).
6. **Held-out layouts**: examples whose layout is held out are left out of
   training entirely and reported separately (accuracy on unseen layouts).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from extractors.calibration import (
    classification_metrics,
    expected_calibration_error,
    fit_temperature,
    reliability_bins,
    softmax,
)
from extractors.classifier_artifact import Artifact
from extractors.classifier_cache import DEFAULT_CACHE, embed_cached
from extractors.classifier_decision import decide
from extractors.classifier_examples import Example, training_data_hash, without_mrz
from extractors.classifier_features import CUE_NAMES, FeatureBuilder
from extractors.classifier_head import DEFAULT_C, DEFAULT_CUE_WEIGHT, calibration_logits, fit_head
from extractors.classifier_open_set import (
    OPEN_SET_DIMENSIONS,
    OPEN_SET_MARGIN,
    OPEN_SET_QUANTILE,
    fit_open_set,
    held_out_distances,
    open_set_limits,
)
from extractors.embedding import Encoder

DEFAULT_FOLDS = 5
DEFAULT_SEED = 20261122


def threshold_curve(
    confidences: Sequence[float], correct: Sequence[bool], grid: Sequence[float] | None = None
) -> list[dict[str, float]]:
    """For each candidate threshold: wrong-and-confident count and correct documents sent to review."""
    grid = grid or [round(0.5 + 0.05 * i, 2) for i in range(10)] + [0.97, 0.98, 0.99]
    return [
        {
            "threshold": t,
            "wrong_and_confident": sum(
                1 for c, ok in zip(confidences, correct, strict=True) if not ok and c >= t
            ),
            "correct_to_review": sum(1 for c, ok in zip(confidences, correct, strict=True) if ok and c < t),
        }
        for t in sorted(grid)
    ]


@dataclass
class TrainingResult:
    """The artifact and the numbers printed by ``dossiercheck classifier train``."""

    artifact: Artifact
    metrics: dict[str, Any]


def train_classifier(
    examples: list[Example],
    encoder: Encoder,
    encoder_config: dict[str, Any],
    *,
    c: float = DEFAULT_C,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
    threshold: float,
    hold_out_layouts: Sequence[str] = (),
    cache_dir: Path = DEFAULT_CACHE,
    seeds: dict[str, Any] | None = None,
    augment: bool = True,
) -> TrainingResult:
    """Fit, calibrate and describe a classifier on read examples (see the module docstring)."""
    started = time.perf_counter()
    held = set(hold_out_layouts)
    train_set = [e for e in examples if e.layout not in held or e.origin == "correction"]
    held_out = [e for e in examples if e not in train_set]
    if augment:
        train_set = train_set + without_mrz(train_set)
    labels = sorted({e.label for e in train_set})
    index = {label: i for i, label in enumerate(labels)}
    builder = FeatureBuilder(encoder)
    features = embed_cached(train_set, builder, encoder_config, cache_dir)
    y = np.array([index[e.label] for e in train_set])
    embed_s = time.perf_counter() - started

    oof, layout_held = calibration_logits(
        features, y, [e.layout for e in train_set], len(labels), c, folds, seed, cue_weight
    )
    # Calibrated on the documents as they come (augmented copies only train the head).
    real = np.array([e.origin != "augmented" for e in train_set])
    temperature = fit_temperature(oof[real], y[real])
    raw = softmax(oof, 1.0)
    calibrated = softmax(oof, temperature)
    dim = int(encoder_config["dim"])
    embeddings = features[:, :dim].astype(np.float64)
    open_k = OPEN_SET_DIMENSIONS
    own_distances = held_out_distances(
        embeddings, y, [e.layout for e in train_set], len(labels), open_k, folds, seed
    )
    limits = open_set_limits(own_distances, y, len(labels))
    open_set = fit_open_set(embeddings, y, len(labels), open_k)
    open_set.limits = limits
    # The pipeline's decisions on the held-out predictions: evidence, head, open set.
    from extractors.type_evidence import defined_as, hard_evidence, read_confidence

    evidence = [hard_evidence(e.document) for e in train_set]  # type: ignore[arg-type]
    held_distances = np.full((len(y), len(labels)), 0.0)
    held_distances[np.arange(len(y)), y] = own_distances  # the head's own label is the one compared
    decisions = []
    for i in range(len(y)):
        row_d = held_distances[i].copy()
        best = int(np.argmax(calibrated[i]))
        if best != y[i]:  # a wrong label: its distance from the final open set (an upper bound is unknown)
            row_d[best] = float(open_set.distances(embeddings[i : i + 1])[0, best])
        document = train_set[i].document
        decisions.append(
            decide(
                labels,
                calibrated[i],
                row_d,
                limits,
                evidence[i],
                defined=partial(defined_as, document),  # type: ignore[arg-type]
                read_confidence=read_confidence(document),  # type: ignore[arg-type]
            )
        )
    rows = [i for i in range(len(train_set)) if real[i]]
    predicted = [decisions[i].doc_type for i in rows]
    truth = [train_set[i].label for i in rows]
    confidences = [decisions[i].confidence for i in rows]
    correct = [a == b for a, b in zip(truth, predicted, strict=True)]
    oof_metrics = classification_metrics(truth, predicted, confidences, threshold)
    oof_metrics["ece_before_temperature"] = expected_calibration_error(
        raw[real].max(axis=1).tolist(), (raw[real].argmax(axis=1) == y[real]).tolist()
    )
    oof_metrics["reliability"] = reliability_bins(confidences, correct)
    oof_metrics["threshold_curve"] = threshold_curve(confidences, correct)
    oof_metrics["errors"] = [
        {
            "file": str(train_set[i].path),
            "layout": train_set[i].layout,
            "truth": train_set[i].label,
            "predicted": decisions[i].doc_type,
            "confidence": round(decisions[i].confidence, 4),
            "evidence": decisions[i].evidence,
        }
        for i in rows
        if decisions[i].doc_type != train_set[i].label
    ]
    oof_metrics["decided_by"] = dict(Counter(decisions[i].evidence.split(":")[0] for i in rows))
    oof_metrics["open_set_limits"] = {lab: round(float(v), 2) for lab, v in zip(labels, limits, strict=True)}
    augmented = [i for i in range(len(train_set)) if not real[i]]
    if augmented:
        oof_metrics["augmented_rows"] = {
            "documents": len(augmented),
            "accuracy": round(
                sum(decisions[i].doc_type == train_set[i].label for i in augmented) / len(augmented), 4
            ),
        }
    oof_metrics["layout_held_out_rows"] = int((layout_held & real).sum())
    oof_metrics["accuracy_layout_held_out_rows"] = (
        round(float(np.mean(np.array(correct)[layout_held[real]])), 4) if (layout_held & real).any() else None
    )
    head = fit_head(features, y, len(labels), c, cue_weight)
    artifact = Artifact(
        labels=labels,
        coef=head.coef.astype(np.float32),
        intercept=head.intercept.astype(np.float32),
        mean=head.mean.astype(np.float32),
        scale=head.scale.astype(np.float32),
        temperature=temperature,
        encoder=encoder_config,
        training_data_hash=training_data_hash(train_set),
        seeds={**(seeds or {}), "cross_validation": seed},
        feature_names=[f"emb{i}" for i in range(int(encoder_config["dim"]))] + list(CUE_NAMES),
        open_set=open_set,
        training={
            "examples": len(train_set),
            "by_type": dict(sorted(Counter(truth).items())),
            "by_origin": dict(sorted(Counter(e.origin for e in train_set).items())),
            "augmentation": "identity documents also without their MRZ lines" if augment else "none",
            "held_out_layouts": sorted(held),
            "C": c,
            "cue_weight": cue_weight,
            "folds": folds,
            "head": "sklearn LogisticRegression (multinomial, lbfgs, L2) on standardised features",
            "calibration": "temperature scaling (NLL) on held-out logits: leave-one-family-out for "
            "multi-family types, stratified k-fold for the others",
            "open_set": f"Mahalanobis distance to the label's centroid in the first {open_k} principal axes "
            f"(Ledoit-Wolf pooled covariance); limit = {OPEN_SET_MARGIN} x the {OPEN_SET_QUANTILE} "
            "quantile of leave-one-family-out distances",
        },
    )
    metrics: dict[str, Any] = {"out_of_fold": oof_metrics}
    if held_out:
        held_features = embed_cached(held_out, builder, encoder_config, cache_dir)
        probs = artifact.probabilities(held_features)
        dists = open_set.distances(held_features[:, :dim].astype(np.float64))
        held_decisions = [
            decide(
                labels,
                probs[i],
                dists[i],
                limits,
                hard_evidence(e.document),  # type: ignore[arg-type]
                defined=partial(defined_as, e.document),  # type: ignore[arg-type]
                read_confidence=read_confidence(e.document),  # type: ignore[arg-type]
            )
            for i, e in enumerate(held_out)
        ]
        metrics["held_out_layouts"] = classification_metrics(
            [e.label for e in held_out],
            [d.doc_type for d in held_decisions],
            [d.confidence for d in held_decisions],
            threshold,
        )
    metrics["timings_s"] = {"features": round(embed_s, 1), "total": round(time.perf_counter() - started, 1)}
    artifact.metrics = {k: v for k, v in metrics.items() if k != "out_of_fold"} | {
        "out_of_fold": {k: v for k, v in oof_metrics.items() if k != "errors"}
    }
    return TrainingResult(artifact, metrics)
