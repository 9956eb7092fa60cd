"""Training the ``TransformersClassifier``: corpus and caseworkers' corrections → a calibrated artifact.

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
5. **Held-out layouts**: examples whose layout is held out are left out of
   training entirely and reported separately (accuracy on unseen layouts).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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
from extractors.classifier_artifact import Artifact, LinearHead, OpenSet
from extractors.classifier_decision import decide
from extractors.classifier_features import CUE_NAMES, FeatureBuilder
from extractors.embedding import Encoder
from models.document import Document
from models.settings import Settings, get_settings

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path("var") / "classifier-cache"
DEFAULT_C = 1.0
DEFAULT_CUE_WEIGHT = 3.0
DEFAULT_FOLDS = 5
DEFAULT_SEED = 20261122
OPEN_SET_DIMENSIONS = 48  # principal axes of the embedding kept for the open set
OPEN_SET_QUANTILE = 0.99  # of the leave-one-family-out distances of a label
OPEN_SET_MARGIN = 1.25  # times that quantile: the limit beyond which a document is unlike the label
_WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


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


# --------------------------------------------------------------------------- examples


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


# --------------------------------------------------------------------------- reading, cached


def reading_key(data: bytes, settings: Settings) -> str:
    """Cache key of one file's reading: its bytes, the reader's version and the reading settings."""
    from extractors.read import READER_VERSION

    parts = [hashlib.sha256(data).hexdigest(), READER_VERSION, settings.reading_fingerprint()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / "read" / key[:2] / f"{key}.json.gz"


def _read_one(path: str, cache_dir: str) -> tuple[str, bool]:
    """Read one file into the cache (in a worker); returns its key and whether it was already there."""
    from extractors.read import read_document
    from models.errors import DossierCheckError

    settings = get_settings()
    data = Path(path).read_bytes()
    key = reading_key(data, settings)
    target = _cache_file(Path(cache_dir), key)
    if target.exists():
        return key, True
    try:
        payload: dict[str, Any] = {
            "document": read_document(data, Path(path).name, settings=settings).model_dump(mode="json")
        }
    except DossierCheckError as error:
        payload = {"error": type(error).__name__}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    with gzip.open(tmp, "wt", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False)
    tmp.replace(target)
    return key, False


def _init_reader() -> None:
    for name, value in _WORKER_ENV.items():
        os.environ.setdefault(name, value)


def read_examples(
    examples: list[Example], cache_dir: Path = DEFAULT_CACHE, workers: int = 2
) -> list[Example]:
    """Read every example (cached), attach its Document; returns the readable ones."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    settings = get_settings()
    todo = []
    for example in examples:
        example.key = reading_key(example.path.read_bytes(), settings)
        if not _cache_file(cache_dir, example.key).exists():
            todo.append(example)
    if todo:
        started = time.perf_counter()
        log.info(
            "reading %d files on %d processes (%d cached)", len(todo), workers, len(examples) - len(todo)
        )
        if workers <= 1:
            for example in todo:
                _read_one(str(example.path), str(cache_dir))
        else:
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_reader
            ) as pool:
                for _ in pool.map(_read_one, [str(e.path) for e in todo], [str(cache_dir)] * len(todo)):
                    pass
        log.info("read in %.1f s", time.perf_counter() - started)
    readable = []
    for example in examples:
        with gzip.open(_cache_file(cache_dir, example.key), "rt", encoding="utf-8") as cached:
            payload = json.load(cached)
        if "document" in payload:
            example.document = Document.model_validate(payload["document"])
            readable.append(example)
    return readable


def embed_cached(
    examples: list[Example],
    builder: FeatureBuilder,
    encoder_config: dict[str, Any],
    cache_dir: Path = DEFAULT_CACHE,
) -> np.ndarray:
    """Feature rows of examples; embeddings cached per (reading key, encoder configuration)."""
    config = hashlib.sha256(json.dumps(encoder_config, sort_keys=True).encode()).hexdigest()[:16]
    folder = cache_dir / "emb" / config
    folder.mkdir(parents=True, exist_ok=True)
    dim = int(encoder_config["dim"])
    embeddings = np.zeros((len(examples), dim), dtype=np.float32)
    missing = []
    for i, example in enumerate(examples):
        path = folder / f"{example.key}.npy"
        if path.exists():
            embeddings[i] = np.load(path, allow_pickle=False)
        else:
            missing.append(i)
    for start in range(0, len(missing), 32):
        chunk = missing[start : start + 32]
        vectors = builder.encoder.embed([examples[i].document.text for i in chunk])  # type: ignore[union-attr]
        for i, vector in zip(chunk, vectors, strict=True):
            embeddings[i] = vector
            np.save(folder / f"{examples[i].key}.npy", vector, allow_pickle=False)
    from extractors.classifier_features import cue_features

    cues = (
        np.stack([cue_features(e.document) for e in examples]) if examples else np.zeros((0, len(CUE_NAMES)))
    )  # type: ignore[arg-type]
    return np.hstack([embeddings, cues]).astype(np.float32)


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


# --------------------------------------------------------------------------- fitting


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
