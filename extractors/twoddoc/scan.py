"""Find and decode the DataMatrix symbols of a page image (zxing-cpp).

``find_symbols(gray)`` returns every DataMatrix zxing-cpp decodes on a
greyscale page (a PDF page rendering, a scan or a phone photo), any
rotation, with its exact content and its box as fractions of the image.
The content is the symbol's bytes (latin-1), never zxing's text rendering,
so the 2D-Doc separators ``<GS>`` and ``<US>`` come out as they were encoded.

A symbol zxing locates but cannot decode (too small on a coarse rendering,
blurred) is retried on its region enlarged; ``find_symbols`` also reports
those failures (``Symbol.raw`` None, ``error``) so a caller can say that a
symbol was seen but not read. The choice of zxing-cpp over libdmtx, with the
measurements, is in docs/reading.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import zxingcpp

from extractors.page_geometry import turn_box
from models.document import BBox

MIN_SIDE_PX = 12  # below this, no DataMatrix can be read
RETRY_SCALE = 3.0  # enlargement of a located but undecoded symbol's region
RETRY_MARGIN = 0.35  # of the symbol's size, around it
SMALL_IMAGE_PX = 1200  # images this small are also read enlarged twice when nothing was found


@dataclass(frozen=True)
class Symbol:
    """One DataMatrix seen on a page image."""

    raw: str | None  # the exact content (latin-1 of the bytes); None when not decoded
    bbox: BBox  # fractions of the image (x0, y0, x1, y1)
    error: str = ""  # why it was not decoded


def _box(position: zxingcpp.Position, width: int, height: int) -> BBox:
    points = [position.top_left, position.top_right, position.bottom_right, position.bottom_left]
    xs = [float(p.x) for p in points]
    ys = [float(p.y) for p in points]
    return (
        max(0.0, min(xs) / width),
        max(0.0, min(ys) / height),
        min(1.0, max(xs) / width),
        min(1.0, max(ys) / height),
    )


def _read(image: np.ndarray, errors: bool) -> list[zxingcpp.Barcode]:
    return list(
        zxingcpp.read_barcodes(
            np.ascontiguousarray(image),
            formats=zxingcpp.BarcodeFormat.DataMatrix,
            try_rotate=True,
            try_downscale=True,
            return_errors=errors,
        )
    )


def _content(barcode: zxingcpp.Barcode) -> str:
    return bytes(barcode.bytes).decode("latin-1")


def _retry(gray: np.ndarray, box: BBox) -> str | None:
    """Decode a located symbol again on its region, enlarged."""
    height, width = gray.shape[:2]
    x0, y0, x1, y1 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    margin = RETRY_MARGIN * max(x1 - x0, y1 - y0)
    left, top = max(0, int(x0 - margin)), max(0, int(y0 - margin))
    right, bottom = min(width, int(x1 + margin) + 1), min(height, int(y1 + margin) + 1)
    crop = gray[top:bottom, left:right]
    if crop.size == 0:
        return None
    for scale, interpolation in ((RETRY_SCALE, cv2.INTER_CUBIC), (RETRY_SCALE, cv2.INTER_NEAREST)):
        big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=interpolation)
        for found in _read(big, errors=False):
            return _content(found)
    return None


def find_symbols(gray: np.ndarray) -> list[Symbol]:
    """Every DataMatrix on the image: decoded ones first, then located but unread ones."""
    if gray.ndim == 3:
        gray = cv2.cvtColor(gray, cv2.COLOR_BGR2GRAY)
    height, width = gray.shape[:2]
    if min(height, width) < MIN_SIDE_PX:
        return []
    decoded: list[Symbol] = []
    failed: list[Symbol] = []
    for barcode in _read(gray, errors=True):
        box = _box(barcode.position, width, height)
        if barcode.valid:
            decoded.append(Symbol(_content(barcode), box))
            continue
        raw = _retry(gray, box)
        if raw is not None:
            decoded.append(Symbol(raw, box))
        else:
            failed.append(Symbol(None, box, str(barcode.error) or "DataMatrix located but not decoded"))
    if not decoded and max(height, width) <= SMALL_IMAGE_PX:
        # A crop or a small picture: modules of one or two pixels, enlarged once.
        big = cv2.resize(gray, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
        for barcode in _read(big, errors=False):
            box = _box(barcode.position, width * 2, height * 2)
            decoded.append(Symbol(_content(barcode), box))
    seen: set[str] = set()
    unique = []
    for symbol in decoded:
        if symbol.raw not in seen:
            seen.add(symbol.raw or "")
            unique.append(symbol)
    # zxing may also report a failed attempt on a symbol it decoded: keep only distinct failures.
    failed = [f for f in failed if not any(_overlap(f.bbox, d.bbox) for d in unique)]
    return unique + failed


def _overlap(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def symbol_entries(found: list[Symbol], page: int, rotation: int) -> list[dict[str, Any]]:
    """The DataMatrix symbols of one page as metadata; boxes turned onto the upright page."""
    return [
        {
            "page": page,
            "bbox": [round(v, 4) for v in turn_box(symbol.bbox, rotation)],
            "raw": symbol.raw,
            "error": symbol.error,
        }
        for symbol in found
    ]


def keep_symbols(metadata: dict[str, Any], symbols: list[dict[str, Any]], seconds: list[float]) -> None:
    """Store the decoded messages (``2d_doc``), every symbol seen and the time per page."""
    metadata["2d_doc_seconds"] = seconds
    if symbols:
        metadata["2d_doc_symbols"] = symbols
        messages = [s["raw"] for s in symbols if s["raw"] is not None]
        if messages:
            metadata["2d_doc"] = list(dict.fromkeys(messages))
