"""Image stages: load, grayscale, deskew, binarise, resample, measure quality, hash.

Every stage is a plain function on numpy arrays (grayscale ``uint8``, white
paper = 255) that returns a new array; nothing here knows about files or OCR
engines except ``load_image``, which turns bytes into page arrays.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractors.ruling import erase_rules
from models.document import BBox, PageQuality
from models.errors import CorruptFile, FileTooLarge

log = logging.getLogger(__name__)

MIN_SKEW_DEG = 0.3  # below this a page is left alone: rotating costs sharpness
MAX_SKEW_DEG = 10.0  # search range; larger tilts are photos, left to the OCR engine
QUALITY_DPI = 180.0  # sharpness is measured at this resolution (Document IA renders at 180)
BLANK_MAX_INK = 0.0002  # share of ink pixels (one line of text is about 0.0007)
BLANK_MIN_GLYPHS = 12  # glyph-like connected components (one short line of text has 25+)
# A page without ink but with this share of soft marks (grey below 230 once the
# background is flattened) is text blurred beyond reading, not a blank page:
# measured 9 % on a generated unreadable photo, 0 % on generated blank pages.
MARK_GREY_BELOW = 230
SMUDGE_MIN_SHARE = 0.01
MIN_INK_SEPARATION = 40.0  # grey levels between ink and paper for ink to count
TARGET_GLYPH_PX = 26.0  # median glyph height Tesseract likes (about 10 pt at 300 dpi)
UPSCALE_BELOW_PX = 18.0
DOWNSCALE_ABOVE_PX = 70.0
MAX_UPSCALE = 4.0
MAX_PIXELS = 60_000_000  # per page, after resampling
ASSUMED_DPI = 300.0
SIDEWAYS_RATIO = 0.85  # projection_ratio below this: ask OSD before the first OCR pass
GLYPH_PX_AT_300 = 23.0  # median glyph height of 9-11 pt text scanned at 300 dpi


# --------------------------------------------------------------------------- loading


@dataclass
class ImageFrame:
    """One page of an image file: grayscale pixels and the resolution it declares."""

    gray: np.ndarray
    declared_dpi: float | None = None


@dataclass
class LoadedImage:
    """All pages of an image file and what its headers say (EXIF, format)."""

    frames: list[ImageFrame]
    metadata: dict[str, Any] = field(default_factory=dict)


_EXIF_TAGS = {271: "exif_make", 272: "exif_model", 305: "exif_software", 306: "exif_datetime"}
_EXIF_IFD_TAGS = {36867: "exif_datetime_original", 36868: "exif_datetime_digitized"}


def _exif_metadata(image: Image.Image) -> dict[str, Any]:
    found: dict[str, Any] = {}
    try:
        exif = image.getexif()
    except Exception:  # pragma: no cover - broken EXIF blocks
        return found
    for tag, name in _EXIF_TAGS.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if value not in (None, ""):
            found[name] = str(value).strip("\x00 ").strip()
    try:
        ifd = exif.get_ifd(0x8769)
    except Exception:  # pragma: no cover
        ifd = {}
    for tag, name in _EXIF_IFD_TAGS.items():
        value = ifd.get(tag)
        if value:
            found[name] = str(value).strip("\x00 ").strip()
    orientation = exif.get(0x0112)
    if orientation:
        found["exif_orientation"] = int(orientation)
    return found


def pil_to_gray(image: Image.Image) -> np.ndarray:
    """Any Pillow image as grayscale uint8: alpha composited on white, 16-bit scaled, CMYK converted."""
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        array = np.asarray(image, dtype=np.float64)
        top = float(array.max()) if array.size else 0.0
        if top > 255:
            array = array * (255.0 / (65535.0 if top > 4095 else top))
        return np.clip(array, 0, 255).astype(np.uint8)
    if mode == "P":
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba).convert("RGB")
    elif mode not in ("L", "1", "RGB"):
        image = image.convert("RGB")  # CMYK, YCbCr, LAB, HSV…
    return np.array(image.convert("L"), dtype=np.uint8)


def load_image(data: bytes, *, max_pages: int, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Decode a JPEG, PNG or (multi-page) TIFF into upright grayscale pages.

    EXIF orientation is applied (a phone photo taken sideways comes out as
    shown on the phone). Raises ``CorruptFile`` for bytes that do not decode
    (truncated, damaged) and ``FileTooLarge`` for too many frames or pixels.
    """
    previous_limit = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            return _load_with_opencv(data, error)
        except Image.DecompressionBombError as error:
            raise FileTooLarge(str(error)) from error
        with image:
            n_frames = int(getattr(image, "n_frames", 1) or 1)
            if n_frames > max_pages:
                raise FileTooLarge(
                    f"{n_frames} frames > max_pages={max_pages}",
                    message_fr=f"L'image compte trop de pages ({n_frames} ; maximum {max_pages}).",
                )
            metadata: dict[str, Any] = {"image_format": image.format, "image_mode": image.mode}
            metadata.update(_exif_metadata(image))
            frames: list[ImageFrame] = []
            try:
                for frame in ImageSequence.Iterator(image):
                    if frame.width * frame.height > max_pixels:
                        raise FileTooLarge(f"frame of {frame.width}x{frame.height} pixels > {max_pixels}")
                    dpi = frame.info.get("dpi")
                    upright = ImageOps.exif_transpose(frame)
                    upright.load()
                    gray = pil_to_gray(upright)
                    declared = float(dpi[0]) if dpi and dpi[0] else None
                    frames.append(ImageFrame(gray=gray, declared_dpi=declared))
            except (OSError, ValueError, SyntaxError, EOFError) as error:
                raise CorruptFile(f"image cannot be decoded: {error}") from error
            except Image.DecompressionBombError as error:
                raise FileTooLarge(str(error)) from error
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
    if not frames:
        raise CorruptFile("image has no frame")
    metadata["frames"] = len(frames)
    return LoadedImage(frames=frames, metadata=metadata)


def _load_with_opencv(data: bytes, pil_error: BaseException) -> LoadedImage:
    """Second opinion for bytes Pillow cannot identify."""
    array = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if array is None or array.size == 0:
        raise CorruptFile(f"image cannot be decoded: {pil_error}") from pil_error
    return LoadedImage(frames=[ImageFrame(gray=array)], metadata={"image_format": "opencv"})


# --------------------------------------------------------------------------- basic stages


def to_grayscale(image: np.ndarray) -> np.ndarray:
    """Grayscale uint8 from a 2-D, BGR or BGRA array (alpha composited on white)."""
    if image.ndim == 2:
        gray = image
    elif image.ndim == 3 and image.shape[2] == 1:
        gray = image[..., 0]
    elif image.ndim == 3 and image.shape[2] == 4:
        bgr = image[..., :3].astype(np.float32)
        alpha = image[..., 3:4].astype(np.float32) / (65535.0 if image.dtype == np.uint16 else 255.0)
        top = 65535.0 if image.dtype == np.uint16 else 255.0
        composed = bgr * alpha + top * (1.0 - alpha)
        gray = cv2.cvtColor(composed.astype(np.float32), cv2.COLOR_BGR2GRAY)
    elif image.ndim == 3 and image.shape[2] == 3:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    else:
        raise ValueError(f"unsupported image shape {image.shape}")
    if gray.dtype == np.uint16:
        gray = (gray.astype(np.float32) / 257.0).round()
    elif gray.dtype != np.uint8:
        top = 1.0 if float(np.nanmax(gray)) <= 1.0 else 255.0
        gray = np.clip(np.round(gray.astype(np.float32) * (255.0 / top)), 0, 255)
    return np.ascontiguousarray(gray.astype(np.uint8))


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


def _resize(gray: np.ndarray, scale: float) -> np.ndarray:
    if abs(scale - 1.0) < 1e-3:
        return gray
    height, width = gray.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if scale == 0.5:
        return cv2.pyrDown(gray) if gray.shape[0] > 1 and gray.shape[1] > 1 else gray
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, size, interpolation=interpolation)


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


def estimate_text_height(gray: np.ndarray) -> float | None:
    """Median glyph height in pixels, or None when the page has too few glyphs.

    Pages over 4 Mpx are measured at half resolution (three times faster,
    ±1 px), which is plenty for deciding whether to resample.
    """
    factor = 0.5 if gray.shape[0] * gray.shape[1] > 4_000_000 else 1.0
    heights = glyph_heights(_resize(gray, factor) if factor != 1.0 else gray)
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
    return _resize(gray, scale), dpi * scale


def estimate_skew(gray: np.ndarray, *, max_angle: float = MAX_SKEW_DEG) -> float:
    """Return the angle (degrees) by which text lines are tilted, counter-clockwise positive.

    Projection-profile search: ink pixels (of a copy at about 1000 px wide) are
    projected on the vertical axis of candidate rotations; the angle whose
    profile is sharpest (sum of squared bin counts) aligns the lines. Coarse
    0.5° steps over ±``max_angle``, then 0.05° steps around the best. Returns
    0.0 when the page has too little ink to tell.
    """
    scale = min(1.0, 1000.0 / max(gray.shape[1], 1))
    small = _resize(gray, scale)
    ys, xs = np.nonzero(ink_mask(small))
    if ys.size < 500:
        return 0.0
    if ys.size > 80_000:
        pick = np.random.default_rng(0).choice(ys.size, 80_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64) - small.shape[0] / 2
    xs = xs.astype(np.float64) - small.shape[1] / 2

    def sharpness(angle: float) -> float:
        theta = math.radians(angle)
        projected = ys * math.cos(theta) + xs * math.sin(theta)
        bins = np.round(projected - projected.min()).astype(np.int64)
        counts = np.bincount(bins).astype(np.float64)
        return float((counts * counts).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=sharpness)
    if sharpness(best) < 1.02 * sharpness(0.0):
        return 0.0  # no clear improvement: leave the page alone
    return round(float(best), 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by ``angle`` degrees counter-clockwise about the centre, same size, white fill."""
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def rotate_box(
    box: tuple[float, float, float, float], angle: float, width: int, height: int
) -> tuple[float, float, float, float]:
    """Map a box (page fractions) through ``rotate(image, angle)``; returns the enclosing box.

    ``width`` and ``height`` are the image's pixel size (rotation is done in
    pixels, where it is a rotation; in fractions it would shear). Used to
    bring OCR boxes from a deskewed page back onto the page as scanned.
    """
    if not angle:
        return box
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    x0, y0, x1, y1 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    corners = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x0, y1, 1.0], [x1, y1, 1.0]])
    moved = corners @ matrix.T
    xs = np.clip(moved[:, 0] / width, 0.0, 1.0)
    ys = np.clip(moved[:, 1] / height, 0.0, 1.0)
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def deskew(gray: np.ndarray, angle: float | None = None, *, min_angle: float = MIN_SKEW_DEG) -> np.ndarray:
    """Straighten tilted text lines; pages tilted by less than ``min_angle`` are returned as is."""
    if angle is None:
        angle = estimate_skew(gray)
    if abs(angle) <= min_angle:
        return gray
    return rotate(gray, -angle)


def projection_ratio(gray: np.ndarray) -> float | None:
    """Contrast of the row profile over that of the column profile of the ink (None: no ink).

    Horizontal text lines make the row profile peaky (lines and gaps) and the
    column profile flat; on generated pages the ratio is 1.4-3.1 upright and
    0.3-0.7 turned a quarter. Measured inside the ink's bounding box, at
    about 1000 px, in a few milliseconds.
    """
    small = _resize(gray, min(1.0, 1000.0 / max(gray.shape[:2])))
    mask = ink_mask(small)
    ys, xs = np.nonzero(mask)
    if ys.size < 500:
        return None
    mask = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    rows, cols = mask.sum(axis=1).astype(np.float64), mask.sum(axis=0).astype(np.float64)
    row_cv = rows.std() / max(rows.mean(), 1e-9)
    col_cv = cols.std() / max(cols.mean(), 1e-9)
    return float(row_cv / col_cv) if col_cv > 0 else None


def looks_sideways(gray: np.ndarray) -> bool:
    """Tell whether the text lines look vertical (the page is turned a quarter)."""
    ratio = projection_ratio(gray)
    return ratio is not None and ratio < SIDEWAYS_RATIO


def rotate_quadrant(gray: np.ndarray, degrees_clockwise: int) -> np.ndarray:
    """Rotate by a multiple of 90 degrees clockwise (what Tesseract's OSD asks for)."""
    turns = (degrees_clockwise // 90) % 4
    if turns == 0:
        return gray
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(gray, codes[turns])


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
    small = _resize(gray, scale)
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
    small = _resize(gray, scale)
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


# --------------------------------------------------------------------------- quality


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
    mean_grey = float(gray.mean())
    contrast = float(gray.std())
    effective_dpi = float(dpi) if dpi else None
    scale = QUALITY_DPI / effective_dpi if effective_dpi else 1.0
    if flattened is None:
        flattened = flatten_background(gray, dpi=effective_dpi)
    work = _resize(gray, scale) if scale < 0.95 else gray
    flat_work = _resize(flattened, scale) if scale < 0.95 else flattened
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


# --------------------------------------------------------------------------- hashing


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


# --------------------------------------------------------------------------- photos

PAGE_MIN_AREA = 0.30  # a sheet in a photo covers at least this share of the image
PAGE_MAX_AREA = 0.97  # above this the image is the page itself (a scan): leave it
PAGE_MIN_CONTRAST = 45.0  # grey levels between the sheet and what surrounds it
PAGE_DETECT_WIDTH = 600  # the outline is searched on a small copy


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    points = points.reshape(4, 2).astype(np.float32)
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.float32(
        [points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)], points[np.argmax(diff)]]
    )


def _is_near_rectangle(
    corners: np.ndarray, *, max_angle_off: float = 12.0, max_side_ratio: float = 1.15
) -> bool:
    """Corners of a sheet seen at a modest angle: near-right angles, opposite sides alike.

    A quadrilateral cut out by a shadow or a fold fails this, and is left alone.
    """
    for i in range(4):
        a, b, c = corners[i - 1], corners[i], corners[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(math.degrees(math.acos(max(-1.0, min(1.0, cosine)))) - 90.0) > max_angle_off:
            return False
    sides = [float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4)]
    for first, second in ((sides[0], sides[2]), (sides[1], sides[3])):
        if max(first, second) > max_side_ratio * max(min(first, second), 1e-6):
            return False
    return True


def _borders_touched(corners: np.ndarray, shape: tuple[int, ...], margin: float = 0.01) -> int:
    """How many sides of the image the quad (top-left, top-right, bottom-right, bottom-left) lies on."""
    height, width = shape[:2]
    dx, dy = margin * width, margin * height
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    return sum(
        (
            y0 <= dy and y1 <= dy,  # top
            x1 >= width - 1 - dx and x2 >= width - 1 - dx,  # right
            y2 >= height - 1 - dy and y3 >= height - 1 - dy,  # bottom
            x0 <= dx and x3 <= dx,  # left
        )
    )


def find_page_quad(gray: np.ndarray) -> np.ndarray | None:
    """The four corners of a bright sheet photographed on a darker background, or None.

    None when no clear four-sided outline is found, when the outline covers
    (almost) the whole image (a scan), or when the sheet hardly differs from
    its surroundings.
    """
    height, width = gray.shape[:2]
    scale = PAGE_DETECT_WIDTH / width if width > PAGE_DETECT_WIDTH else 1.0
    small = _resize(gray, scale) if scale != 1.0 else gray
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    # Close the text away: the sheet becomes a uniform bright blob.
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    threshold, mask = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    inside, outside = closed[mask > 0], closed[mask == 0]
    if inside.size == 0 or outside.size == 0:
        return None
    if float(inside.mean()) - float(outside.mean()) < PAGE_MIN_CONTRAST:
        return None
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour) / float(small.shape[0] * small.shape[1])
    if not PAGE_MIN_AREA <= area <= PAGE_MAX_AREA:
        return None
    hull = cv2.convexHull(contour)
    for epsilon in (0.02, 0.03, 0.045, 0.06):
        quad = cv2.approxPolyDP(hull, epsilon * cv2.arcLength(hull, True), True)
        if len(quad) == 4:
            # The four corners must hold most of the outline (not a cut-off triangle).
            corners = _order_corners(quad)
            if _borders_touched(corners, small.shape) >= 3:
                # the sheet fills the frame but for one strip: a dark band printed on the
                # sheet (a letterhead), not a table around it; cutting it would lose its text
                return None
            if cv2.contourArea(quad) >= 0.9 * cv2.contourArea(hull) and _is_near_rectangle(corners):
                return corners / scale
            return None
        if len(quad) < 4:
            return None
    return None


@dataclass(frozen=True)
class Rectified:
    """A page image after ``rectify_page``, with the transform that made it.

    ``matrix`` maps pixels of the original image onto pixels of ``image``
    (perspective and inset included); ``None`` when the image was left alone.
    """

    image: np.ndarray
    matrix: np.ndarray | None = None
    source_size: tuple[int, int] = (0, 0)  # (width, height) of the original image

    @property
    def changed(self) -> bool:
        """Whether the sheet was cut out and straightened."""
        return self.matrix is not None


def rectify_page(gray: np.ndarray) -> Rectified:
    """Crop a photographed sheet out of its background and undo the perspective.

    The output keeps the sheet's own pixel scale (its longer measured sides),
    so glyph heights and the estimated resolution stay those of the photo.
    ``Rectified.matrix`` lets boxes found on the result be mapped back onto
    the photo (``unwarp_box``).
    """
    source_size = (int(gray.shape[1]), int(gray.shape[0]))
    quad = find_page_quad(gray)
    if quad is None:
        return Rectified(gray, None, source_size)
    tl, tr, br, bl = quad
    out_w = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    out_h = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    if out_w < 100 or out_h < 100:
        return Rectified(gray, None, source_size)
    target = np.float32([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]])
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    warped = cv2.warpPerspective(
        gray, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    # A few pixels inside the outline: the sheet's edge and the table stay out.
    inset = max(2, int(0.006 * min(out_w, out_h)))
    shift = np.array([[1.0, 0.0, -inset], [0.0, 1.0, -inset], [0.0, 0.0, 1.0]])
    return Rectified(np.ascontiguousarray(warped[inset:-inset, inset:-inset]), shift @ matrix, source_size)


def unwarp_box(box: BBox, rectified: Rectified) -> BBox:
    """Map a box (fractions of ``rectified.image``) back onto the original image (fractions).

    The four corners go through the inverse perspective transform; the
    result is the upright box enclosing them. Identity when nothing was warped.
    """
    if rectified.matrix is None:
        return box
    height, width = rectified.image.shape[:2]
    x0, y0, x1, y1 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    corners = np.array([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]], dtype=np.float64)
    back = cv2.perspectiveTransform(corners, np.linalg.inv(rectified.matrix)).reshape(-1, 2)
    src_w, src_h = rectified.source_size
    xs = np.clip(back[:, 0] / src_w, 0.0, 1.0)
    ys = np.clip(back[:, 1] / src_h, 0.0, 1.0)
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def turn_box(box: BBox, degrees_clockwise: int) -> BBox:
    """Map a box (page fractions) onto the page turned by a quarter-turn multiple, clockwise."""
    x0, y0, x1, y1 = box
    turns = (degrees_clockwise // 90) % 4
    if turns == 1:
        return (1.0 - y1, x0, 1.0 - y0, x1)
    if turns == 2:
        return (1.0 - x1, 1.0 - y1, 1.0 - x0, 1.0 - y0)
    if turns == 3:
        return (y0, 1.0 - x1, y1, 1.0 - x0)
    return box
