"""Page resolution: resample, measure text height, estimate and normalise the dpi."""

from __future__ import annotations

import math

import cv2
import numpy as np

from extractors.image_loading import MAX_PIXELS
from extractors.ink import glyph_heights

TARGET_GLYPH_PX = 26.0  # median glyph height Tesseract likes (about 10 pt at 300 dpi)
UPSCALE_BELOW_PX = 18.0
DOWNSCALE_ABOVE_PX = 70.0
MAX_UPSCALE = 4.0
ASSUMED_DPI = 300.0
GLYPH_PX_AT_300 = 23.0  # median glyph height of 9-11 pt text scanned at 300 dpi


def resize(gray: np.ndarray, scale: float) -> np.ndarray:
    """Scale a page by ``scale`` (area when shrinking, cubic when enlarging, ``pyrDown`` at one half)."""
    if abs(scale - 1.0) < 1e-3:
        return gray
    height, width = gray.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if scale == 0.5:
        return cv2.pyrDown(gray) if gray.shape[0] > 1 and gray.shape[1] > 1 else gray
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, size, interpolation=interpolation)


def estimate_text_height(gray: np.ndarray) -> float | None:
    """Median glyph height in pixels, or None when the page has too few glyphs.

    Pages over 4 Mpx are measured at half resolution (three times faster,
    ±1 px), which is plenty for deciding whether to resample.
    """
    factor = 0.5 if gray.shape[0] * gray.shape[1] > 4_000_000 else 1.0
    heights = glyph_heights(resize(gray, factor) if factor != 1.0 else gray)
    if heights.size < 10:
        return None
    return float(np.median(heights)) / factor


def estimate_dpi(gray: np.ndarray) -> float | None:
    """Guess a resolution from the text size, for images that declare none (phone photos).

    Body text (9-11 pt) has a median glyph height of about 23 px at 300 dpi;
    the guess is that ratio applied to the measured median, so it is the
    resolution at which the page's text would have body-text size.
    """
    height = estimate_text_height(gray)
    if height is None:
        return None
    return float(min(max(height / GLYPH_PX_AT_300 * 300.0, 50.0), 1200.0))


def normalise_dpi(gray: np.ndarray, dpi: float | None) -> tuple[np.ndarray, float]:
    """Resample so the median glyph is about ``TARGET_GLYPH_PX`` high; return (image, new dpi).

    Small text (a 150 dpi scan, a photo taken from afar) is upscaled (cubic, at
    most ×4); huge text (a close-up photo) is downscaled to save OCR time. The
    returned dpi is the declared (or assumed) one times the scale.
    """
    dpi = float(dpi) if dpi else ASSUMED_DPI
    height = estimate_text_height(gray)
    if height is None:
        return gray, dpi
    scale = 1.0
    if height < UPSCALE_BELOW_PX:
        scale = min(TARGET_GLYPH_PX / height, MAX_UPSCALE)
    elif height > DOWNSCALE_ABOVE_PX:
        scale = TARGET_GLYPH_PX * 1.5 / height
    pixels = gray.shape[0] * gray.shape[1]
    if pixels * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / pixels)
    if abs(scale - 1.0) < 0.05:
        return gray, dpi
    return resize(gray, scale), dpi * scale
