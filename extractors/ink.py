"""Ink on a page: which pixels are ink, and the heights of its glyph-like shapes."""

from __future__ import annotations

import cv2
import numpy as np

MIN_INK_SEPARATION = 40.0  # grey levels between ink and paper for ink to count


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Boolean mask of dark (ink) pixels: Otsu's threshold, if ink and paper really differ.

    On a page with no ink, Otsu splits the paper's noise in two; the mask is
    empty unless the two classes' means are ``MIN_INK_SEPARATION`` grey levels apart.
    """
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark = gray <= threshold
    if not dark.any() or dark.all():
        return np.zeros_like(dark)
    if float(gray[~dark].mean()) - float(gray[dark].mean()) < MIN_INK_SEPARATION:
        return np.zeros_like(dark)
    return dark


def glyph_heights(gray: np.ndarray) -> np.ndarray:
    """Heights in pixels of the glyph-like connected components of the ink."""
    mask = ink_mask(gray).astype(np.uint8)
    if not mask.any():
        return np.zeros(0)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return np.zeros(0)
    stats = stats[1:]
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    widths = stats[:, cv2.CC_STAT_WIDTH]
    areas = stats[:, cv2.CC_STAT_AREA]
    page_height = gray.shape[0]
    fill = areas / np.maximum(widths * heights, 1)
    keep = (
        (heights >= 4)
        & (heights <= page_height * 0.05)
        & (widths <= heights * 4)
        & (widths >= 1)
        & (fill > 0.08)
        & (areas >= 6)
    )
    return heights[keep].astype(np.float64)
