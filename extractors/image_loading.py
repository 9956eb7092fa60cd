"""Loading page images: decode image files (EXIF, frames, declared dpi) and turn pixels grayscale.

Pages are grayscale ``uint8`` arrays, white paper = 255; every later image
stage (``page_resolution``, ``page_geometry``, ``page_cleanup``,
``page_quality``) works on such arrays.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from models.errors import CorruptFile, FileTooLarge

MAX_PIXELS = 60_000_000  # per page, after resampling


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
