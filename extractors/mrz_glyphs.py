"""A small glyph classifier for MRZ characters (OCR-B and the generator's Courier), numpy inference.

An MRZ line is printed at a fixed pitch, so once ``extractors.mrz_zone`` has
found a line, its pitch and the centre of each character cell, every cell
can be classified on its own. The classifier is a three-layer CNN trained
on synthetic lines (``extractors.mrz_glyph_training``: OCR-B, Courier Bold
and two other monospace fonts, blurred, noised, compressed, on textured
backgrounds); its weights ship in ``mrz_model/glyphs.npz`` (about 100 KB)
and run here with numpy only, so reading an MRZ needs no deep-learning
runtime. It returns, per cell, a probability for each of the 37 MRZ
characters: the decoder (``extractors.mrz_reader``) combines them with the
format's per-position alphabets and check digits.

``cell_window`` is the one definition of what the classifier sees around a
cell, shared by training and reading.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

ALPHABET = "<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WINDOW_H, WINDOW_W = 28, 22
# The window around a cell: its height in cap heights, its width in pitches.
WINDOW_CAPS, WINDOW_PITCHES = 1.6, 1.3
MODEL_PATH = Path(__file__).with_name("mrz_model") / "glyphs.npz"


def cell_window(gray: np.ndarray, cx: float, cy: float, cap: float, pitch: float) -> np.ndarray:
    """The normalised ``WINDOW_H`` × ``WINDOW_W`` window centred on a cell (float32, ink high, 0..1)."""
    height, width = WINDOW_CAPS * cap, WINDOW_PITCHES * pitch
    sx, sy = width / WINDOW_W, height / WINDOW_H
    # output (u, v) -> source (cx - width/2 + u*sx, cy - height/2 + v*sy)
    matrix = np.array([[sx, 0.0, cx - width / 2 + sx / 2], [0.0, sy, cy - height / 2 + sy / 2]])
    window = cv2.warpAffine(
        gray,
        matrix,
        (WINDOW_W, WINDOW_H),
        flags=cv2.INTER_AREA | cv2.WARP_INVERSE_MAP
        if min(sx, sy) > 1.5
        else cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    ).astype(np.float32)
    return normalise_window(window)


def normalise_window(window: np.ndarray) -> np.ndarray:
    """Ink high, background 0, contrast stretched between robust extremes."""
    low, high = np.percentile(window, 3), np.percentile(window, 97)
    span = max(float(high - low), 12.0)
    return np.clip((high - window) / span, 0.0, 1.0).astype(np.float32)


def _conv3(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """3×3 convolution, padding 1: x (N, C, H, W), weight (O, C, 3, 3)."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    patches = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # N C H W 3 3
    columns = np.ascontiguousarray(patches.transpose(0, 2, 3, 1, 4, 5)).reshape(n * h * w, c * 9)
    out = columns @ weight.reshape(len(weight), -1).T + bias  # (N*H*W, O)
    return out.reshape(n, h, w, -1).transpose(0, 3, 1, 2)


def _pool2(x: np.ndarray) -> np.ndarray:
    n, c, h, w = x.shape
    x = x[:, :, : h // 2 * 2, : w // 2 * 2]
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


class GlyphClassifier:
    """The shipped CNN: ``probabilities(windows)`` → (N, 37) over ``ALPHABET``."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = {k: v.astype(np.float32) for k, v in weights.items()}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> GlyphClassifier:
        """Weights from an ``.npz`` written by ``extractors.mrz_glyph_training``."""
        with np.load(path) as data:
            return cls({k: data[k] for k in data.files})

    def logits(self, windows: np.ndarray) -> np.ndarray:
        """Raw scores (N, 37) for windows (N, ``WINDOW_H``, ``WINDOW_W``)."""
        w = self.w
        x = windows[:, None, :, :].astype(np.float32)
        x = _pool2(np.maximum(_conv3(x, w["c1.w"], w["c1.b"]), 0))
        x = _pool2(np.maximum(_conv3(x, w["c2.w"], w["c2.b"]), 0))
        x = _pool2(np.maximum(_conv3(x, w["c3.w"], w["c3.b"]), 0))
        x = x.reshape(len(x), -1)
        x = np.maximum(x @ w["f1.w"].T + w["f1.b"], 0)
        return x @ w["f2.w"].T + w["f2.b"]

    def probabilities(self, windows: np.ndarray) -> np.ndarray:
        """Softmax of ``logits``: one probability per ``ALPHABET`` character."""
        if len(windows) == 0:
            return np.zeros((0, len(ALPHABET)), dtype=np.float32)
        z = self.logits(windows)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def default_classifier() -> GlyphClassifier:
    """The shipped classifier, loaded once per process."""
    return GlyphClassifier.load()
