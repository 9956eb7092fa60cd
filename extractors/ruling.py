"""Table rules and box borders, erased from a page image before OCR.

Tesseract's page segmentation (psm 6) drops text that sits in ruled table
cells and bordered boxes: on a generated quote laid out as a grid, it read
the header cells and lost « Total HT », « TVA » and « Total TTC » entirely;
with the rules erased, it read every cell. A rule is a long, thin run of ink:
horizontal runs of at least half an inch, vertical runs of at least a
quarter inch that meet a horizontal rule (a grid, a box), each at most 1/25
inch thick on average (a filled bar or a logo is thicker and stays). Text
strokes are shorter than a horizontal rule and meet none, so glyphs are left
alone, even in large titles; where a rule touches a glyph the erased band is
two pixels wide on each side.
"""

from __future__ import annotations

import cv2
import numpy as np

ASSUMED_DPI = 300.0
MIN_HORIZONTAL_INCH = 0.5
MIN_VERTICAL_INCH = 0.25
MAX_THICKNESS_INCH = 1 / 25


# A rule is drawn on paper: most of the pixels just around it are paper, not ink.
MAX_INK_AROUND = 0.35


def _thin_components(mask: np.ndarray, ink: np.ndarray, max_thickness: int, horizontal: bool) -> np.ndarray:
    """``mask`` keeping its components no thicker, on average, than ``max_thickness`` pixels, on paper.

    The mean thickness is the area over the length, so a slightly tilted rule
    (a scan) counts as thin although its bounding box is tall. A component
    whose surroundings are mostly ink (the gaps between white letters on a
    dark band) is not a rule.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    length = stats[:, cv2.CC_STAT_WIDTH] if horizontal else stats[:, cv2.CC_STAT_HEIGHT]
    thickness = stats[:, cv2.CC_STAT_AREA] / np.maximum(length, 1)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = thickness[1:] <= max_thickness
    pad = 3 * max_thickness
    height, width = mask.shape
    for index in np.flatnonzero(keep):
        x, y, w, h = stats[index, :4]
        x0, y0, x1, y1 = max(x - pad, 0), max(y - pad, 0), min(x + w + pad, width), min(y + h + pad, height)
        own = labels[y0:y1, x0:x1] == index
        ring = cv2.dilate(own.astype(np.uint8), np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)) > 0
        ring &= ~own
        if ring.any() and (ink[y0:y1, x0:x1][ring] > 0).mean() > MAX_INK_AROUND:
            keep[index] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


# Rules are found at about this resolution (they are long; finding them costs less on fewer pixels).
WORKING_DPI = 150.0


def rule_mask(gray: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """255 where a table rule or box border is (dilated by two pixels), 0 elsewhere."""
    resolution = dpi or ASSUMED_DPI
    scale = min(1.0, WORKING_DPI / resolution)
    if scale < 0.9:
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        mask = _rule_mask(small, resolution * scale)
        if not mask.any():
            return np.zeros_like(gray)
        height, width = gray.shape[:2]
        return cv2.resize(mask, (width, height), interpolation=cv2.INTER_NEAREST)
    return _rule_mask(gray, resolution)


def _rule_mask(gray: np.ndarray, resolution: float) -> np.ndarray:
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    long_h = max(25, int(resolution * MIN_HORIZONTAL_INCH))
    long_v = max(15, int(resolution * MIN_VERTICAL_INCH))
    thickness = max(2, int(resolution * MAX_THICKNESS_INCH))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    if not horizontal.any():
        return np.zeros_like(gray)  # no horizontal rule: no grid, no box
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    across = _thin_components(horizontal, ink, thickness, horizontal=True)
    upright = _touching(_thin_components(vertical, ink, thickness, horizontal=False), across, reach=thickness)
    return cv2.dilate(cv2.bitwise_or(across, upright), np.ones((3, 3), np.uint8))


def _touching(mask: np.ndarray, other: np.ndarray, reach: int) -> np.ndarray:
    """The components of ``mask`` that touch ``other`` (within ``reach`` pixels).

    A table's vertical rules meet its horizontal rules; the upright strokes of
    large letters, or the gaps between white letters on a dark band, do not.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1 or not other.any():
        return np.zeros_like(mask)
    near = cv2.dilate(other, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)) > 0
    touched = np.unique(labels[near & (labels > 0)])
    keep = np.zeros(count, dtype=bool)
    keep[touched] = True
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def erase_rules(gray: np.ndarray, dpi: float | None = None) -> np.ndarray:
    """The page with its table rules and box borders painted the paper's colour (white)."""
    mask = rule_mask(gray, dpi)
    if not mask.any():
        return gray
    out = gray.copy()
    out[mask > 0] = 255
    return out
