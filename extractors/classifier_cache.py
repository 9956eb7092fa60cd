"""Reading and embedding training examples, cached on disk so that retraining never re-OCRs.

Each file is read with the real reader (``extractors.read.read_document``) on
a spawn process pool; each result is cached under the SHA-256 of the file's
bytes, ``READER_VERSION`` and the reading settings (``reading_key``). Files the
reader rejects (empty, truncated…) are skipped: the pipeline never classifies
them either. Embeddings are cached too, per file and encoder configuration
(``embed_cached``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from extractors.classifier_examples import Example
from extractors.classifier_features import CUE_NAMES, FeatureBuilder
from models.document import Document
from models.settings import Settings, get_settings

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path("var") / "classifier-cache"


_WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


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
