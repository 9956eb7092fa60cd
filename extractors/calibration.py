"""Calibration and classification metrics: temperature scaling, ECE, reliability curve, macro-F1.

Pure functions (numpy, SciPy and scikit-learn; no torch): the trainer, the
classifier benchmark and ``sample_docs.scoring`` share them.

* ``fit_temperature`` finds the T that minimises the negative log-likelihood
  of ``softmax(logits / T)`` on held-out logits (SciPy's bounded 1-D search
  over log T). One parameter cannot change which type wins, only how sure the
  classifier says it is.
* ``expected_calibration_error``: confidences cut into ``bins`` equal-width
  bins over [0, 1]; the weighted mean of |accuracy − mean confidence| per bin
  (15 bins, as Guo et al. 2017).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

ECE_BINS = 15
T_MIN, T_MAX = 0.05, 20.0


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def negative_log_likelihood(logits: np.ndarray, labels: np.ndarray, temperature: float = 1.0) -> float:
    """Mean NLL of the true labels (integer indices) under ``softmax(logits / T)``."""
    probs = softmax(logits, temperature)
    picked = probs[np.arange(len(labels)), np.asarray(labels, dtype=int)]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, 1.0))))


def fit_temperature(
    logits: np.ndarray, labels: np.ndarray, t_min: float = T_MIN, t_max: float = T_MAX
) -> float:
    """The temperature minimising the held-out NLL, searched in [t_min, t_max] (bounded search on log T)."""
    if len(labels) == 0:
        return 1.0
    from scipy.optimize import minimize_scalar

    found = minimize_scalar(
        lambda log_t: negative_log_likelihood(logits, labels, math.exp(log_t)),
        bounds=(math.log(t_min), math.log(t_max)),
        method="bounded",
        options={"xatol": 1e-6},
    )
    return round(math.exp(float(found.x)), 6)


def reliability_bins(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = ECE_BINS
) -> list[dict[str, float]]:
    """Per non-empty bin: its bounds, count, mean confidence and accuracy (the calibration curve)."""
    conf = np.asarray(confidences, dtype=np.float64)
    ok = np.asarray(correct, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # A confidence of exactly 1.0 falls in the last bin; 0.0 in the first.
    index = np.clip(np.digitize(conf, edges[1:-1], right=True), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = index == b
        if mask.any():
            out.append(
                {
                    "low": round(float(edges[b]), 4),
                    "high": round(float(edges[b + 1]), 4),
                    "count": int(mask.sum()),
                    "confidence": round(float(conf[mask].mean()), 4),
                    "accuracy": round(float(ok[mask].mean()), 4),
                }
            )
    return out


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = ECE_BINS
) -> float | None:
    """ECE over ``bins`` equal-width bins; None when there is nothing to measure."""
    n = len(confidences)
    if n == 0:
        return None
    total = sum(
        b["count"] * abs(b["accuracy"] - b["confidence"])
        for b in reliability_bins(confidences, correct, bins)
    )
    return round(total / n, 4)


def confusion(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    """``{truth: {predicted: count}}`` over the pairs seen."""
    out: dict[str, dict[str, int]] = {}
    for (a, b), count in sorted(Counter(zip(truth, predicted, strict=True)).items()):
        out.setdefault(a, {})[b] = count
    return out


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Unweighted mean of per-type F1 over the types present in the truth (scikit-learn)."""
    labels = sorted(set(truth))
    if not labels:
        return None
    from sklearn.metrics import f1_score

    return round(float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4)


def wrong_and_confident(
    truth: Sequence[str], predicted: Sequence[str], confidences: Sequence[float], threshold: float
) -> int:
    """Documents whose predicted type is wrong with a confidence at or above ``threshold``."""
    return sum(1 for a, b, c in zip(truth, predicted, confidences, strict=True) if a != b and c >= threshold)


def classification_metrics(
    truth: Sequence[str], predicted: Sequence[str], confidences: Sequence[float], threshold: float
) -> dict[str, object]:
    """Accuracy, macro-F1, ECE, wrong-and-confident, how many fall under the threshold, confusion."""
    n = len(truth)
    correct = [a == b for a, b in zip(truth, predicted, strict=True)]
    return {
        "documents": n,
        "accuracy": round(sum(correct) / n, 4) if n else None,
        "macro_f1": macro_f1(truth, predicted),
        "ece": expected_calibration_error(confidences, correct),
        "wrong_and_confident": wrong_and_confident(truth, predicted, confidences, threshold),
        "below_threshold": sum(1 for c in confidences if c < threshold),
        "correct_below_threshold": sum(
            1 for c, ok in zip(confidences, correct, strict=True) if ok and c < threshold
        ),
        "threshold": threshold,
        "confusion": confusion(truth, predicted),
    }
