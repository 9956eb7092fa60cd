"""Page clean-up before OCR: dark bands, background flattening, denoising, binarisation.

``prepare_for_ocr`` runs the whole chain (with ``page_resolution`` and
``page_geometry``) and returns the page the OCR engine reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from extractors.page_geometry import MIN_SKEW_DEG, deskew, estimate_skew
from extractors.page_resolution import ASSUMED_DPI, normalise_dpi, resize
from extractors.ruling import erase_rules

Binarisation = Literal["otsu", "adaptive", "none"]


def binarise(gray: np.ndarray, method: Binarisation = "otsu", *, dpi: float | None = None) -> np.ndarray:
    """Black text on white: Otsu's global threshold or a Gaussian adaptive one.

    The OCR pipeline does not binarise by default: after ``flatten_background``
    Tesseract did better on the grayscale (see ``prepare_for_ocr``); this
    stage is kept for experiments and for callers that need a mask.
    """
    if method == "none":
        return gray
    if method == "otsu":
        blurred = cv2.GaussianBlur(gray, (3, 3), 0)
        _, result = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        return result
    if method == "adaptive":
        block = int((dpi or ASSUMED_DPI) / 10) | 1
        return cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, max(block, 11), 15
        )
    raise ValueError(f"unknown binarisation {method!r}; valid: otsu, adaptive, none")


# A region is a dark band (light text printed on a dark fill) when its mean grey over
# about a third of an inch stays under this, over at least this area (square inches).
DARK_BAND_MEAN = 100
DARK_BAND_MIN_AREA_IN2 = 0.5
DARK_BAND_MIN_HEIGHT_IN = 0.2
DARK_BAND_MIN_FILL = 0.7  # of its bounding box


def invert_dark_bands(gray: np.ndarray, *, dpi: float | None = None) -> np.ndarray:
    """Light text on a dark band (a letterhead, a table header) turned into dark text on white.

    Flattening the background makes a dark band white and its white text with
    it: the header « Édité le 06.11.26 » on a blue band was lost. A band is a
    large region whose mean grey, over about a third of an inch, is dark (dark
    text on paper averages far lighter, even in bold titles); its pixels are
    inverted, the rest of the page is left alone.
    """
    resolution = dpi or ASSUMED_DPI
    height, width = gray.shape[:2]
    scale = 0.25 if min(height, width) >= 400 else 1.0
    small = resize(gray, scale)
    size = max(3, int(resolution * scale / 3) | 1)
    mean = cv2.blur(small, (size, size))
    dark = (mean < DARK_BAND_MEAN).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if count <= 1:
        return gray
    pixel_in = resolution * scale
    keep = np.zeros(count, dtype=bool)
    for label in range(1, count):
        area_in2 = stats[label, cv2.CC_STAT_AREA] / (pixel_in * pixel_in)
        tall_in = stats[label, cv2.CC_STAT_HEIGHT] / pixel_in
        box = stats[label, cv2.CC_STAT_WIDTH] * stats[label, cv2.CC_STAT_HEIGHT]
        # a band is a filled rectangle; a table seen around a photographed sheet is a frame
        rectangular = stats[label, cv2.CC_STAT_AREA] >= DARK_BAND_MIN_FILL * box
        keep[label] = (
            rectangular and area_in2 >= DARK_BAND_MIN_AREA_IN2 and tall_in >= DARK_BAND_MIN_HEIGHT_IN
        )
    if not keep.any():
        return gray
    band = keep[labels].astype(np.uint8)
    # big bold white letters lift the mean over a band: close the holes they leave (a hole
    # a third of an inch across, never a sheet lying on a dark table)
    band = cv2.morphologyEx(band, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    # the mean falls under the bar inside a band's edge: the ring around the band is
    # taken back where the page itself is dark (the fill), not where it is paper
    ring = cv2.dilate(band, cv2.getStructuringElement(cv2.MORPH_RECT, (size | 1, size | 1))) - band
    if scale != 1.0:
        band = cv2.resize(band, (width, height), interpolation=cv2.INTER_NEAREST)
        ring = cv2.resize(ring, (width, height), interpolation=cv2.INTER_NEAREST)
    fine = max(3, int(resolution / 20) | 1)
    band |= ring & (cv2.blur(gray, (fine, fine)) < 128).astype(np.uint8)
    out = gray.copy()
    out[band > 0] = 255 - gray[band > 0]
    return out


def flatten_background(gray: np.ndarray, *, dpi: float | None = None) -> np.ndarray:
    """Divide out uneven lighting (a phone photo's shadow, a yellowed page): paper becomes white.

    Dark bands are inverted first (``invert_dark_bands``). The background is
    estimated at a quarter of the resolution (a closing with a kernel of 1/6
    inch, wider than any stroke, then a blur) and divided out; ink keeps its
    contrast relative to the paper around it.
    """
    gray = invert_dark_bands(gray, dpi=dpi)
    height, width = gray.shape[:2]
    scale = 0.25 if min(height, width) >= 400 else 1.0
    small = resize(gray, scale)
    size = max(3, int((dpi or ASSUMED_DPI) * scale / 6) | 1)
    background = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    )
    background = cv2.GaussianBlur(background, (0, 0), size / 4)
    if scale != 1.0:
        background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(background, 1), scale=255)


def denoise(gray: np.ndarray) -> np.ndarray:
    """Remove sensor and JPEG noise, keep strokes: non-local means (h 12, 7×7 patches, 11×11 search).

    Not in the default chain: on 24 scans and photos of the tuning corpus it
    lowered the OCR's character error rate from 0.0233 to 0.0199 but added
    about 0.75 s per page (+66 %), while field accuracy on scans and photos
    was already at 0.98 (docs/reading.md).
    """
    return cv2.fastNlMeansDenoising(gray, None, h=12, templateWindowSize=7, searchWindowSize=11)


@dataclass
class PreparedPage:
    """A page ready for OCR: the image, its effective resolution and the tilt removed."""

    image: np.ndarray
    dpi: float
    skew: float


def prepare_for_ocr(
    gray: np.ndarray,
    dpi: float | None,
    *,
    binarisation: Binarisation = "none",
    flattened: np.ndarray | None = None,
    resample: bool = True,
    denoised: bool = False,
    erase_table_rules: bool = True,
) -> PreparedPage:
    """Run the OCR chain: flatten background → normalise_dpi → deskew → erase rules (→ binarise).

    The defaults are the measured best (``tests/extractors/bench_ocr.py`` and
    ``bench_corpus.py``): the background-flattened grayscale, not binarised.
    Flattening is what matters: on the raw grayscale of noisy or shaded scans
    Tesseract's own thresholding turned paper noise into thousands of junk
    "words" (mean CER 0.66, up to 15 s a page); after flattening, grayscale
    (mean CER 0.021, word recall 0.966) beat a global Otsu threshold (0.034,
    0.920: it loses thin strokes on degraded 150-200 dpi scans) and an
    adaptive one (worse everywhere). On the sample_docs demo batch's scans:
    grayscale CER 0.018 / recall 0.980, Otsu 0.029 / 0.930 (psm 6).
    ``denoised`` (off by default, see ``denoise``) removes sensor noise first.
    ``erase_table_rules`` (on by default, ``extractors.ruling``) paints table
    rules and box borders white: Tesseract drops the text of ruled cells.
    """
    flat = flattened if flattened is not None else flatten_background(gray, dpi=dpi)
    if denoised:
        flat = denoise(flat)
    if resample:
        image, effective_dpi = normalise_dpi(flat, dpi)
    else:
        image, effective_dpi = flat, float(dpi or ASSUMED_DPI)
    skew = estimate_skew(image)
    image = deskew(image, skew)
    if erase_table_rules:
        image = erase_rules(image, effective_dpi)
    image = binarise(image, binarisation, dpi=effective_dpi)
    return PreparedPage(image=image, dpi=effective_dpi, skew=skew if abs(skew) > MIN_SKEW_DEG else 0.0)
