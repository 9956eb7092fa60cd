"""Fitting the doc-type classifier's linear head and the held-out logits its temperature is fitted on.

``fit_head`` is a multinomial logistic regression (scikit-learn, lbfgs, L2)
on standardised features, the cue columns weighted up. ``out_of_fold_logits``
(stratified k-fold) and ``calibration_logits`` (leave-one-layout-out for types
of several layouts) predict each document by a head that never saw it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from extractors.classifier_artifact import LinearHead
from extractors.classifier_features import CUE_NAMES

DEFAULT_C = 1.0
DEFAULT_CUE_WEIGHT = 3.0


def fit_head(
    features: np.ndarray,
    labels: np.ndarray,
    n_labels: int,
    c: float = DEFAULT_C,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
) -> LinearHead:
    """Multinomial logistic regression (L2, lbfgs) on standardised features; every label gets a row.

    The cue columns (the last ``len(CUE_NAMES)``) are multiplied by ``cue_weight``
    after standardisation, which lowers their L2 penalty by its square: 13 cues
    would otherwise be drowned by 384 embedding dimensions that already separate
    the training layouts (see docs/classifier.md). The weight is folded into
    ``scale``, so inference needs nothing more.
    """
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scale[-len(CUE_NAMES) :] /= cue_weight
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((features - mean) / scale, labels)
    coef = np.zeros((n_labels, features.shape[1]), dtype=np.float64)
    intercept = np.full(n_labels, -30.0)  # a label absent from this fit is never predicted
    classes = list(model.classes_)
    if len(classes) == 2:  # binary: sklearn keeps one row
        coef[classes[1]], intercept[classes[1]] = model.coef_[0] / 2, model.intercept_[0] / 2
        coef[classes[0]], intercept[classes[0]] = -model.coef_[0] / 2, -model.intercept_[0] / 2
    else:
        for row, label in enumerate(classes):
            coef[label], intercept[label] = model.coef_[row], model.intercept_[row]
    return LinearHead(coef, intercept, mean, scale)


def out_of_fold_logits(
    features: np.ndarray,
    labels: np.ndarray,
    n_labels: int,
    c: float,
    folds: int,
    seed: int,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
) -> np.ndarray:
    """Each example's logits from a head fitted without it (stratified k-fold)."""
    from sklearn.model_selection import StratifiedKFold

    smallest = min(Counter(labels.tolist()).values())
    k = max(2, min(folds, smallest)) if smallest >= 2 else 2
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    logits = np.zeros((len(labels), n_labels))
    strata = labels if smallest >= 2 else np.zeros_like(labels)
    for train_idx, test_idx in splitter.split(features, strata):
        head = fit_head(features[train_idx], labels[train_idx], n_labels, c, cue_weight)
        logits[test_idx] = head.logits(features[test_idx])
    return logits


def calibration_logits(
    features: np.ndarray,
    labels: np.ndarray,
    layouts: Sequence[str | None],
    n_labels: int,
    c: float,
    folds: int,
    seed: int,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
) -> tuple[np.ndarray, np.ndarray]:
    """Held-out logits for calibration: each document predicted by a head that never saw it.

    A document of a type with several layouts is predicted by a head trained
    without its whole *layout* (leave-one-layout-out), so the temperature is
    fitted on the errors a new layout provokes, not only on the (rarer) errors
    of a seen layout; documents of single-layout types (and without a layout,
    e.g. caseworkers' corrections) come from stratified k-fold. Returns the
    logits and a boolean mask of the layout-held-out rows.
    """
    logits = out_of_fold_logits(features, labels, n_labels, c, folds, seed, cue_weight)
    held = np.zeros(len(labels), dtype=bool)
    layouts_of: dict[int, set[str]] = {}
    for label, layout in zip(labels.tolist(), layouts, strict=True):
        if layout:
            layouts_of.setdefault(label, set()).add(layout)
    pairs = zip(labels.tolist(), layouts, strict=True)
    keys = np.array([f"{lab}:{lay}" if lay else "" for lab, lay in pairs])
    for label, names in sorted(layouts_of.items()):
        if len(names) < 2:
            continue
        for name in sorted(names):
            test = keys == f"{label}:{name}"
            head = fit_head(features[~test], labels[~test], n_labels, c, cue_weight)
            logits[test] = head.logits(features[test])
            held |= test
    return logits, held
