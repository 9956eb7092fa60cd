"""Bytes in, ``Document`` out: the reading stage of the pipeline.

``read_document`` sniffs the file, then for a PDF takes each page's text layer
when it is real and OCRs the others (rendered at ``settings.ocr_dpi``); for an
image it OCRs every page (TIFF frames). A PDF page with a real text layer is
never OCR'd as a whole; only pictures pasted on it (a scan in a Word
document) are, and their words join the page's (``source = mixed``).

OCR pages go through: quality measures (a blank page is not OCR'd) →
``normalise_dpi`` → ``deskew`` → ``ocr_upright`` (Tesseract; orientation
checked only when the pass looks bad). Boxes are fractions of the upright,
deskewed page; ``metadata["page_rotations"]`` says which quarter-turn
(clockwise) made each page upright, ``metadata["page_skew"]`` the tilt
removed.

Errors of the taxonomy (``models.errors``) are raised for files that cannot
be read; the caller's boundary handler turns them into findings.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from extractors.imaging import (
    Binarisation,
    estimate_dpi,
    flatten_background,
    load_image,
    measure_quality_detail,
    perceptual_hash,
    prepare_for_ocr,
)
from extractors.ocr import OcrEngine, TesseractEngine, mean_confidence, ocr_upright
from extractors.pdf import PdfFile, group_lines
from extractors.sniff import extension_kind, sniff_file
from models.document import BBox, Document, FileKind, Page, PageQuality, TextSource, Word
from models.settings import Settings, get_settings

log = logging.getLogger(__name__)

READER_VERSION = "1"  # bump when reading changes what documents come out as
HASH_DPI = 36  # enough for a 64×64 perceptual hash
PREVIEW_DPI = 50  # cheap render of text-layer pages for mean grey / contrast
# Pictures on text-layer pages: their OCR joins the page only when it reads well.
REGION_MIN_WORDS = 3
REGION_MIN_MEAN_CONF = 0.6
REGION_MIN_WORD_CONF = 0.4
OCR_BINARISATION: Binarisation = "none"  # measured: see imaging.prepare_for_ocr


@dataclass
class _OcrResult:
    words: list[Word]
    quality: PageQuality
    image: np.ndarray  # upright, deskewed page as given to OCR
    rotation: int
    skew: float
    seconds: float


class _LazyEngine:
    """Builds the default Tesseract engine only if a page needs OCR."""

    def __init__(self, engine: OcrEngine | None, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self.used = False

    def get(self) -> OcrEngine:
        self.used = True
        if self._engine is None:
            self._engine = TesseractEngine(lang=self._settings.ocr_lang, timeout_s=self._settings.ocr_timeout_s)
        return self._engine

    @property
    def name(self) -> str | None:
        if self._engine is None or not self.used:
            return None
        return str(getattr(self._engine, "name", type(self._engine).__name__))


def ocr_image(gray: np.ndarray, dpi: float | None, engine: OcrEngine) -> _OcrResult:
    """Quality, preprocessing (``prepare_for_ocr``) and upright OCR of one page image."""
    start = time.perf_counter()
    flat = flatten_background(gray, dpi=dpi)
    quality = measure_quality_detail(gray, dpi, flattened=flat).quality
    if quality.blank:
        return _OcrResult([], quality, gray, 0, 0.0, time.perf_counter() - start)
    prepared = prepare_for_ocr(gray, dpi, flattened=flat, binarisation=OCR_BINARISATION)
    outcome = ocr_upright(engine, prepared.image, round(prepared.dpi))
    words = outcome.words
    quality = quality.model_copy(
        update={
            "dpi": round(prepared.dpi, 1),
            "ocr_mean_conf": round(mean_confidence(words) * 100, 1) if words else 0.0,
        }
    )
    upright = outcome.image if outcome.image is not None else prepared.image
    return _OcrResult(words, quality, upright, outcome.rotation, prepared.skew, time.perf_counter() - start)


def read_document(
    data: bytes,
    file_name: str,
    *,
    engine: OcrEngine | None = None,
    settings: Settings | None = None,
) -> Document:
    """Read one file into a ``Document`` (pages of words with boxes, quality, metadata).

    Raises the taxonomy's ``FileUnreadable`` family for files that cannot be
    opened (empty, unsupported, mislabelled, corrupt, encrypted, too large)
    and ``UnreadableDocument`` when OCR times out.
    """
    settings = settings or get_settings()
    kind = sniff_file(data, file_name, settings=settings)
    sha256 = hashlib.sha256(data).hexdigest()
    metadata: dict[str, Any] = {"file_size": len(data), "reader_version": READER_VERSION}
    claimed = extension_kind(file_name)
    if claimed is not None and claimed != kind:
        metadata["extension_mismatch"] = f"{claimed.value} extension, {kind.value} content"
    lazy = _LazyEngine(engine, settings)
    if kind == FileKind.PDF:
        pages, extra = _read_pdf(data, lazy, settings)
    else:
        pages, extra = _read_image(data, lazy, settings)
    metadata.update(extra)
    if lazy.name:
        metadata["ocr_engine"] = lazy.name
    return Document(file=file_name, sha256=sha256, kind=kind, pages=pages, metadata=metadata)


# --------------------------------------------------------------------------- PDFs


def _read_pdf(data: bytes, lazy: _LazyEngine, settings: Settings) -> tuple[list[Page], dict[str, Any]]:
    pages: list[Page] = []
    hashes: list[str] = []
    rotations: list[int] = []
    skews: list[float] = []
    reasons: list[str] = []
    ocr_seconds: list[float] = []
    with PdfFile(data, settings=settings) as pdf:
        metadata = pdf.metadata()
        for index in range(pdf.page_count):
            layer = pdf.page_text(index)
            reasons.append(layer.reason)
            if layer.real:
                preview = pdf.render(index, PREVIEW_DPI)
                words = layer.words
                source = TextSource.TEXT_LAYER
                if layer.image_regions:
                    region_words = _ocr_regions(pdf, index, layer.image_regions, lazy.get(), settings)
                    if region_words:
                        words = group_lines(words + region_words)
                        source = TextSource.MIXED
                quality = PageQuality(
                    mean_grey=round(float(preview.mean()), 1),
                    contrast=round(float(preview.std()), 1),
                    blank=False,
                )
                pages.append(
                    Page(number=index + 1, width=layer.width, height=layer.height, source=source, words=words, quality=quality)
                )
                hashes.append(perceptual_hash(pdf.render(index, HASH_DPI)))
                rotations.append(0)
                skews.append(0.0)
                continue
            gray = pdf.render(index, settings.ocr_dpi)
            result = ocr_image(gray, settings.ocr_dpi, lazy.get())
            ocr_seconds.append(round(result.seconds, 2))
            width, height = (layer.height, layer.width) if result.rotation in (90, 270) else (layer.width, layer.height)
            pages.append(
                Page(
                    number=index + 1,
                    width=width,
                    height=height,
                    source=TextSource.OCR if result.words else TextSource.NONE,
                    words=result.words,
                    quality=result.quality,
                )
            )
            hashes.append(perceptual_hash(result.image))
            rotations.append(result.rotation)
            skews.append(result.skew)
    metadata.update(
        {
            "page_hashes": hashes,
            "page_rotations": rotations,
            "page_skew": skews,
            "text_layer_rejected": [r for r in reasons if r],
        }
    )
    if ocr_seconds:
        metadata["ocr_seconds"] = ocr_seconds
    return pages, metadata


def _ocr_regions(
    pdf: PdfFile, index: int, regions: list[BBox], engine: OcrEngine, settings: Settings
) -> list[Word]:
    """OCR the pictures of a text-layer page; keep the words of regions that read well."""
    gray = pdf.render(index, settings.ocr_dpi)
    height, width = gray.shape
    found: list[Word] = []
    for x0, y0, x1, y1 in regions:
        left, top = int(x0 * width), int(y0 * height)
        right, bottom = int(np.ceil(x1 * width)), int(np.ceil(y1 * height))
        crop = gray[top:bottom, left:right]
        if crop.shape[0] < 16 or crop.shape[1] < 16:
            continue
        result = ocr_image(crop, settings.ocr_dpi, engine)
        words = [w for w in result.words if w.conf >= REGION_MIN_WORD_CONF]
        if len(words) < REGION_MIN_WORDS or mean_confidence(words) < REGION_MIN_MEAN_CONF:
            continue
        if result.rotation:
            continue  # a sideways picture: its boxes would not map onto the page simply
        region_w, region_h = x1 - x0, y1 - y0
        for word in words:
            bx0, by0, bx1, by1 = word.bbox
            found.append(
                word.model_copy(
                    update={"bbox": (x0 + bx0 * region_w, y0 + by0 * region_h, x0 + bx1 * region_w, y0 + by1 * region_h)}
                )
            )
    return found


# --------------------------------------------------------------------------- images


def _read_image(data: bytes, lazy: _LazyEngine, settings: Settings) -> tuple[list[Page], dict[str, Any]]:
    loaded = load_image(data, max_pages=settings.max_pages)
    pages: list[Page] = []
    hashes: list[str] = []
    rotations: list[int] = []
    skews: list[float] = []
    ocr_seconds: list[float] = []
    for number, frame in enumerate(loaded.frames, start=1):
        dpi = _plausible_dpi(frame.declared_dpi) or estimate_dpi(frame.gray)
        result = ocr_image(frame.gray, dpi, lazy.get())
        ocr_seconds.append(round(result.seconds, 2))
        height, width = frame.gray.shape
        if result.rotation in (90, 270):
            width, height = height, width
        pages.append(
            Page(
                number=number,
                width=float(width),
                height=float(height),
                source=TextSource.OCR if result.words else TextSource.NONE,
                words=result.words,
                quality=result.quality,
            )
        )
        hashes.append(perceptual_hash(result.image))
        rotations.append(result.rotation)
        skews.append(result.skew)
    metadata = dict(loaded.metadata)
    metadata.update(
        {"page_hashes": hashes, "page_rotations": rotations, "page_skew": skews, "ocr_seconds": ocr_seconds}
    )
    return pages, metadata


def _plausible_dpi(declared: float | None) -> float | None:
    """A declared resolution worth believing (phones write 72 whatever the photo)."""
    if declared is None or not 100 <= declared <= 1200:
        return None
    return declared
