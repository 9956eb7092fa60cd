"""Fitting the doc-type classifier's open set: how far from its type's centroid a document may be.

``fit_open_set`` finds each label's centroid and the pooled within-label
precision in the first principal axes of the embeddings;
``held_out_distances`` measures each document from an open set fitted
without its family (leave-one-family-out); ``open_set_limits`` turns those
distances into the per-label limits beyond which a document is unlike the
label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from extractors.classifier_artifact import OpenSet

OPEN_SET_DIMENSIONS = 48  # principal axes of the embedding kept for the open set
OPEN_SET_QUANTILE = 0.99  # of the leave-one-family-out distances of a label
OPEN_SET_MARGIN = 1.25  # times that quantile: the limit beyond which a document is unlike the label


def fit_open_set(embeddings: np.ndarray, labels: np.ndarray, n_labels: int, k: int) -> OpenSet:
    """Centroids and pooled within-label precision in the first ``k`` principal axes (limits left at inf)."""
    from sklearn.covariance import LedoitWolf

    centre = embeddings.mean(axis=0)
    _, _, vt = np.linalg.svd(embeddings - centre, full_matrices=False)
    components = vt[: min(k, vt.shape[0])]
    z = (embeddings - centre) @ components.T
    centroids = np.zeros((n_labels, components.shape[0]))
    residuals = np.zeros_like(z)
    for label in range(n_labels):
        mask = labels == label
        if mask.any():
            centroids[label] = z[mask].mean(axis=0)
            residuals[mask] = z[mask] - centroids[label]
    covariance = LedoitWolf().fit(residuals).covariance_
    return OpenSet(
        components=components.astype(np.float64),
        centre=centre.astype(np.float64),
        centroids=centroids,
        precision=np.linalg.inv(covariance),
        limits=np.full(n_labels, np.inf),
    )


def held_out_distances(
    embeddings: np.ndarray,
    labels: np.ndarray,
    layouts: Sequence[str | None],
    n_labels: int,
    k: int,
    folds: int,
    seed: int,
) -> np.ndarray:
    """Each document's distance to its own label's centroid, from an open set fitted without its family.

    Leave-one-family-out for labels of several families (a new family of a known
    type is as far as a real document of that type should be allowed to be),
    stratified k-fold for the others.
    """
    from sklearn.model_selection import StratifiedKFold

    distances = np.zeros(len(labels))
    done = np.zeros(len(labels), dtype=bool)
    families: dict[int, set[str]] = {}
    for label, layout in zip(labels.tolist(), layouts, strict=True):
        if layout:
            families.setdefault(label, set()).add(layout)
    keys = np.array(
        [f"{lab}:{lay}" if lay else "" for lab, lay in zip(labels.tolist(), layouts, strict=True)]
    )
    for label, names in sorted(families.items()):
        if len(names) < 2:
            continue
        for name in sorted(names):
            test = keys == f"{label}:{name}"
            fitted = fit_open_set(embeddings[~test], labels[~test], n_labels, k)
            distances[test] = fitted.distances(embeddings[test])[:, label]
            done |= test
    rest = np.flatnonzero(~done)
    if len(rest):
        smallest = min(Counter(labels[rest].tolist()).values())
        splits = max(2, min(folds, smallest)) if smallest >= 2 else 2
        strata = labels[rest] if smallest >= 2 else np.zeros(len(rest), dtype=int)
        splitter = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed)
        for train_idx, test_idx in splitter.split(rest, strata):
            train_rows = np.concatenate([np.flatnonzero(done), rest[train_idx]])
            fitted = fit_open_set(embeddings[train_rows], labels[train_rows], n_labels, k)
            rows = rest[test_idx]
            distances[rows] = fitted.distances(embeddings[rows])[np.arange(len(rows)), labels[rows]]
    return distances


def open_set_limits(
    distances: np.ndarray,
    labels: np.ndarray,
    n_labels: int,
    quantile: float = OPEN_SET_QUANTILE,
    margin: float = OPEN_SET_MARGIN,
) -> np.ndarray:
    """Per label: ``margin`` × the ``quantile`` of its documents' held-out distances (inf when none)."""
    limits = np.full(n_labels, np.inf)
    for label in range(n_labels):
        mine = distances[labels == label]
        if len(mine):
            limits[label] = margin * float(np.quantile(mine, quantile))
    return limits
