"""Perceptual hash of a page image, and the distance between two hashes."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.image_loading import to_grayscale


def perceptual_hash(gray: np.ndarray) -> str:
    """Compute a 256-bit DCT perceptual hash, as 64 hex characters.

    The page is reduced to 64×64, its 2-D DCT taken, and the 16×16
    lowest frequencies (the DC term excluded from the median) compared with
    their median. Robust to re-encoding, resolution and small noise; pages of
    the same printed template come out close, so a near match is a candidate
    duplicate to confirm with the text, not a proof.
    """
    gray = to_grayscale(gray)
    small = cv2.resize(gray, (64, 64), interpolation=cv2.INTER_AREA).astype(np.float32)
    coefficients = cv2.dct(small)[:16, :16]
    flat = coefficients.flatten()
    median = float(np.median(flat[1:]))
    bits = flat > median
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return f"{value:064x}"


def hash_distance(first: str, second: str) -> int:
    """Hamming distance between two hex hashes of the same length."""
    return bin(int(first, 16) ^ int(second, 16)).count("1")
