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

The features, the artifact and the decision are modules of their own:
``extractors.classifier_features``, ``extractors.classifier_artifact`` and
``extractors.classifier_decision``.
"""

from __future__ import annotations

from functools import cached_property, partial
from pathlib import Path

import numpy as np

from extractors.classifier_artifact import TRANSFORMERS_CLASSIFIER, ClassifierUnavailable, load_artifact
from extractors.classifier_decision import MIXED_PAGE_CONFIDENCE, decide
from extractors.classifier_features import FeatureBuilder
from extractors.embedding import (
    DEFAULT_MAX_CHUNKS,
    DEFAULT_MAX_TOKENS,
    EncoderUnavailable,
    check_encoder_available,
    load_encoder,
)
from models.doctypes import DocType
from models.document import Classification, Document

DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "classifier_model"
MIN_PAGE_CHARS = 40  # a page with less text (blank back, stamp) has no say


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
                precision=self.artifact.encoder_precision,
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
