"""Page quality: sharpness, grey level, contrast and blankness of a page image."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.image_loading import to_grayscale
from extractors.ink import glyph_heights, ink_mask
from extractors.page_cleanup import flatten_background
from extractors.page_resolution import resize
from models.document import PageQuality

QUALITY_DPI = 180.0  # sharpness is measured at this resolution (Document IA renders at 180)
BLANK_MAX_INK = 0.0002  # share of ink pixels (one line of text is about 0.0007)
BLANK_MIN_GLYPHS = 12  # glyph-like connected components (one short line of text has 25+)
# A page without ink but with this share of soft marks (grey below 230 once the
# background is flattened) is text blurred beyond reading, not a blank page:
# measured 9 % on a generated unreadable photo, 0 % on generated blank pages.
MARK_GREY_BELOW = 230
SMUDGE_MIN_SHARE = 0.01


def grey_and_contrast(gray: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the grey levels, in one OpenCV pass (numpy copies to float64 first)."""
    mean, std = cv2.meanStdDev(gray)
    return float(mean[0, 0]), float(std[0, 0])


@dataclass
class QualityDetail:
    """``PageQuality`` plus the intermediate measures behind ``blank`` (for tests and tuning)."""

    quality: PageQuality
    ink_share: float
    glyphs: int


def measure_quality_detail(
    gray: np.ndarray, dpi: float | None, *, flattened: np.ndarray | None = None
) -> QualityDetail:
    """``measure_quality`` with its ink share and glyph count.

    ``flattened`` is ``flatten_background(gray)`` when the caller has it already.
    """
    gray = to_grayscale(gray)
    mean_grey, contrast = grey_and_contrast(gray)
    effective_dpi = float(dpi) if dpi else None
    scale = QUALITY_DPI / effective_dpi if effective_dpi else 1.0
    if flattened is None:
        flattened = flatten_background(gray, dpi=effective_dpi)
    work = resize(gray, scale) if scale < 0.95 else gray
    flat_work = resize(flattened, scale) if scale < 0.95 else flattened
    ink = ink_mask(flat_work)
    ink_share = float(ink.mean())
    glyphs = int(glyph_heights(flat_work).size) if ink_share > 0 else 0
    # Marks too soft to be ink: text blurred beyond reading, not an empty page.
    marks = flat_work < MARK_GREY_BELOW
    smudged = ink_share < BLANK_MAX_INK and float(marks.mean()) >= SMUDGE_MIN_SHARE
    sharpness: float | None
    if ink_share > 0 or smudged:
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
        band = cv2.dilate((ink if ink_share > 0 else marks).astype(np.uint8), kernel) > 0
        laplacian = cv2.Laplacian(work, cv2.CV_64F)
        sharpness = float(laplacian[band].var())
    else:
        sharpness = 0.0
    # Not Document IA's "mean grey > 245": a clean digital page is 250+.
    blank = (ink_share < BLANK_MAX_INK or glyphs < BLANK_MIN_GLYPHS) and not smudged
    quality = PageQuality(
        sharpness=round(sharpness, 1),
        mean_grey=round(mean_grey, 1),
        contrast=round(contrast, 1),
        dpi=round(effective_dpi, 1) if effective_dpi else None,
        blank=bool(blank),
    )
    return QualityDetail(quality=quality, ink_share=ink_share, glyphs=glyphs)


def measure_quality(gray: np.ndarray, dpi: float | None) -> PageQuality:
    """Sharpness, mean grey, contrast and blankness of one page image.

    * ``sharpness``: variance of the Laplacian over the text band — the ink
      pixels (found on the background-flattened page, so a shadow is not
      ink) dilated by 9×9 at 180 dpi (the page is first resampled to 180 dpi
      so the number compares with Document IA's threshold of 250; a sharp
      print scores in the thousands, a blurred one below 250);
    * ``mean_grey`` and ``contrast``: mean and standard deviation of the grey levels;
    * ``blank``: almost no ink (under 0.02 % of pixels) or fewer than 12
      glyph-like shapes. Document IA's rule (mean grey above 245) is not used:
      clean digital pages have a mean grey of 250-253. A page with no ink but
      soft marks over 1 % of it (text blurred beyond reading) is not blank:
      its sharpness is measured on the marks, and fails the gate as blur.
    ``ocr_mean_conf`` is left for the OCR stage to fill.
    """
    return measure_quality_detail(gray, dpi).quality
