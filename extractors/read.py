"""Bytes in, ``Document`` out: the reading stage of the pipeline.

``read_document`` sniffs the file, then for a PDF takes each page's text layer
when it is real and OCRs the others (rendered at ``settings.ocr_dpi``); for an
image it OCRs every page (TIFF frames). A PDF page with a real text layer is
never OCR'd as a whole; only pictures on it that show text the layer does
not have (a scan pasted in a Word document, a form template drawn as an
image) are, and their words join the page's (``source = mixed``).

OCR pages go through: quality measures (a blank page is not OCR'd) →
``prepare_for_ocr`` (flatten background, ``normalise_dpi``, ``deskew``) →
``ocr_upright`` (Tesseract; orientation checked only when there is reason
to). Boxes are fractions of the page as scanned, turned upright: the small
deskew rotation is undone on the boxes, the quarter-turn is not;
``metadata["page_rotations"]`` says which quarter-turn (clockwise) made each
page upright, ``metadata["page_skew"]`` the tilt that was measured. A phone
photo's sheet is cut out of its background and straightened before OCR
(``metadata["page_rectified"]``); its boxes are mapped back through the
perspective transform, so they too are fractions of the image as uploaded.

Every page is also searched for DataMatrix symbols (``extractors.twoddoc.scan``):
text-layer pages rendered at ``SYMBOL_DPI``, OCR pages on the image as
rendered or uploaded. Their exact contents go to ``metadata["2d_doc"]`` (a list of
messages) and each symbol's page, box (fraction of the upright page) and
reading to ``metadata["2d_doc_symbols"]``; ``metadata["2d_doc_seconds"]``
holds the time per page.

Errors of the taxonomy (``models.errors``) are raised for files that cannot
be read; the caller's boundary handler turns them into findings.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from extractors.image_loading import load_image
from extractors.ink import glyph_heights
from extractors.mrz import zone_settles_mrz
from extractors.mrz_band import may_hold_mrz, reread_mrz_band, shows_identity_signs
from extractors.mrz_reader import ZoneReading, read_zone_mrz
from extractors.ocr import OcrEngine, TesseractEngine, mean_confidence, ocr_upright
from extractors.ocr_columns import reread_garbled_lines
from extractors.page_cleanup import Binarisation, flatten_background, prepare_for_ocr
from extractors.page_geometry import Rectified, rectify_page, rotate_box, turn_box, unwarp_box
from extractors.page_hash import perceptual_hash
from extractors.page_quality import grey_and_contrast, measure_quality_detail
from extractors.page_resolution import estimate_dpi
from extractors.pdf import MAX_INVISIBLE_SHARE, PdfFile, group_lines
from extractors.sniff import extension_kind, sniff_file
from extractors.twoddoc.scan import find_symbols, keep_symbols, symbol_entries
from models.document import BBox, Document, FileKind, Page, PageQuality, TextSource, Word
from models.errors import CorruptFile, DossierCheckError
from models.settings import Settings, get_settings

log = logging.getLogger(__name__)

READER_VERSION = "5"  # bump when reading changes what documents come out as
A4_SHORT_SIDE_IN = 8.27  # the widest document a photo may show (cards are far smaller)
PREVIEW_DPI = 100  # cheap render of text-layer pages: mean grey, contrast, hash, unread text
REGION_MIN_GLYPHS = 15  # glyph-like shapes left in a picture once the text layer is painted out
# Pictures on text-layer pages: their OCR joins the page only when it reads well.
REGION_MIN_WORDS = 3
REGION_MIN_MEAN_CONF = 0.6
REGION_MIN_WORD_CONF = 0.4
OCR_BINARISATION: Binarisation = "none"  # measured: see imaging.prepare_for_ocr
# Text-layer pages are searched for DataMatrix symbols at this resolution: 10-12 mm 2D-Docs are
# lost at 100 dpi, and zxing-cpp is no slower at 200 dpi (docs/reading.md, "2D-Doc").
SYMBOL_DPI = 200


@dataclass
class OcrPageResult:
    """What OCR made of one page image (see ``ocr_image``)."""

    words: list[Word]
    quality: PageQuality
    image: np.ndarray  # upright, deskewed page as given to OCR
    rotation: int
    skew: float
    seconds: float
    zone: dict[str, Any] | None = None  # the structural MRZ reading (``ZoneProbe``), if probed


class _LazyEngine:
    """Builds the default Tesseract engine only if a page needs OCR."""

    def __init__(self, engine: OcrEngine | None, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self.used = False

    def get(self) -> OcrEngine:
        self.used = True
        if self._engine is None:
            self._engine = TesseractEngine(
                lang=self._settings.ocr_lang, timeout_s=self._settings.ocr_timeout_s
            )
        return self._engine

    @property
    def name(self) -> str | None:
        if self._engine is None or not self.used:
            return None
        return str(getattr(self._engine, "name", type(self._engine).__name__))


def ocr_image(
    gray: np.ndarray, dpi: float | None, engine: OcrEngine, zone_probe: ZoneProbe | None = None
) -> OcrPageResult:
    """Quality, preprocessing (``prepare_for_ocr``) and upright OCR of one page image.

    ``zone_probe`` (the structural MRZ reader) runs after the first OCR pass;
    when its reading settles the MRZ (``extractors.mrz.zone_settles_mrz``), the
    band is not read again with Tesseract (0.3-0.8 s of CPU per identity page).
    """
    start = time.perf_counter()
    flat = flatten_background(gray, dpi=dpi)
    quality = measure_quality_detail(gray, dpi, flattened=flat).quality
    if quality.blank:
        return OcrPageResult([], quality, gray, 0, 0.0, time.perf_counter() - start)
    prepared = prepare_for_ocr(gray, dpi, flattened=flat, binarisation=OCR_BINARISATION)
    hint = zone_probe.upright_turn if zone_probe is not None else None
    outcome = ocr_upright(engine, prepared.image, round(prepared.dpi), orientation_hint=hint)
    upright = outcome.image if outcome.image is not None else prepared.image
    zone = zone_probe(outcome.words, outcome.rotation) if zone_probe is not None else None
    words = outcome.words
    if not zone_settles_mrz(zone, words):
        words = reread_mrz_band(upright, words, engine, round(prepared.dpi))
    if zone is None and not shows_identity_signs(words):
        # not on an identity document: its MRZ lines are the MRZ readers' business, and its
        # printed zone gained nothing on shared/realdocs for 0.5-2 s of a second pass
        words = reread_garbled_lines(upright, words, engine, round(prepared.dpi))
    if prepared.skew:
        # Boxes back onto the page as scanned (tilt undone), so they sit on the file's own pixels.
        height, width = upright.shape[:2]
        words = [
            w.model_copy(update={"bbox": rotate_box(w.bbox, prepared.skew, width, height)}) for w in words
        ]
    quality = quality.model_copy(
        update={
            "dpi": round(prepared.dpi, 1),
            "ocr_mean_conf": round(mean_confidence(words) * 100, 1) if words else 0.0,
        }
    )
    return OcrPageResult(
        words, quality, upright, outcome.rotation, prepared.skew, time.perf_counter() - start, zone
    )


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
        try:
            pages, extra = _read_pdf(data, lazy, settings)
        except DossierCheckError:
            raise
        except Exception as error:  # noqa: BLE001 - sorted below: the file's fault or ours
            if _raised_by_pdf_libraries(error):
                raise CorruptFile(f"PDF structure: {type(error).__name__}") from error
            raise
    else:
        pages, extra = _read_image(data, lazy, settings)
    metadata.update(extra)
    if lazy.name:
        metadata["ocr_engine"] = lazy.name
    return Document(file=file_name, sha256=sha256, kind=kind, pages=pages, metadata=metadata)


# The PDF libraries raise what they like on a damaged file (found by fuzzing: pdfium's
# "Failed to load page", pdfminer's syntax errors, a TypeError deep in its parser).
_PDF_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2")


def _raised_by_pdf_libraries(error: BaseException) -> bool:
    """True when the exception was raised inside a PDF library: the file is damaged, not our code."""
    frame = error.__traceback__
    last = None
    while frame is not None:
        last = frame
        frame = frame.tb_next
    if last is None:
        return False
    path = last.tb_frame.f_code.co_filename.replace("\\", "/")
    return any(f"/{name}/" in path for name in _PDF_LIBRARIES)


# --------------------------------------------------------------------------- PDFs


def _read_pdf(data: bytes, lazy: _LazyEngine, settings: Settings) -> tuple[list[Page], dict[str, Any]]:
    pages: list[Page] = []
    hashes: list[str] = []
    rotations: list[int] = []
    skews: list[float] = []
    reasons: list[str] = []
    ocr_seconds: list[float] = []
    zone_readings: list[dict[str, Any] | None] = []
    symbols: list[dict[str, Any]] = []
    symbol_seconds: list[float] = []
    with PdfFile(data, settings=settings) as pdf:
        metadata = pdf.metadata()
        for index in range(pdf.page_count):
            layer = pdf.page_text(index)
            reasons.append(layer.reason)
            if layer.real:
                preview = pdf.render(index, PREVIEW_DPI)
                started = time.perf_counter()
                symbols.extend(symbol_entries(find_symbols(pdf.render(index, SYMBOL_DPI)), index + 1, 0))
                symbol_seconds.append(round(time.perf_counter() - started, 3))
                words = layer.words
                source = TextSource.TEXT_LAYER
                regions = _regions_with_unread_text(preview, layer.words, layer.image_regions)
                if regions:
                    region_words = _ocr_regions(pdf, index, regions, layer.words, lazy.get(), settings)
                    if region_words:
                        words = group_lines(words + region_words)
                        source = TextSource.MIXED
                mean_grey, contrast = grey_and_contrast(preview)
                quality = PageQuality(mean_grey=round(mean_grey, 1), contrast=round(contrast, 1), blank=False)
                pages.append(
                    Page(
                        number=index + 1,
                        width=layer.width,
                        height=layer.height,
                        source=source,
                        words=words,
                        quality=quality,
                    )
                )
                hashes.append(perceptual_hash(preview))
                rotations.append(0)
                skews.append(0.0)
                continue
            gray = pdf.render(index, settings.ocr_dpi)
            result = ocr_image(gray, settings.ocr_dpi, lazy.get(), ZoneProbe(gray, index + 1))
            ocr_seconds.append(round(result.seconds, 2))
            started = time.perf_counter()
            symbols.extend(symbol_entries(find_symbols(gray), index + 1, result.rotation))
            symbol_seconds.append(round(time.perf_counter() - started, 3))
            zone_readings.append(result.zone)
            words, source = result.words, TextSource.OCR if result.words else TextSource.NONE
            if not words and layer.words and layer.invisible_share < MAX_INVISIBLE_SHARE:
                # A nearly empty page ("Page 2/2"): its few visible words are still its text.
                words, source = layer.words, TextSource.TEXT_LAYER
            rotated = result.rotation in (90, 270) and source == TextSource.OCR
            width, height = (layer.height, layer.width) if rotated else (layer.width, layer.height)
            pages.append(
                Page(
                    number=index + 1,
                    width=width,
                    height=height,
                    source=source,
                    words=words,
                    quality=result.quality,
                )
            )
            hashes.append(perceptual_hash(result.image))
            rotations.append(result.rotation if source == TextSource.OCR else 0)
            skews.append(result.skew if source == TextSource.OCR else 0.0)
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
    _keep_best_zone_mrz(metadata, zone_readings)
    keep_symbols(metadata, symbols, symbol_seconds)
    return pages, metadata


def _mask_words(gray: np.ndarray, words: list[Word], margin: float = 0.004) -> np.ndarray:
    """Copy the page with every text-layer word's box painted white."""
    masked = gray.copy()
    height, width = masked.shape
    for word in words:
        x0, y0, x1, y1 = word.bbox
        left, right = max(0, int((x0 - margin) * width)), min(width, int(np.ceil((x1 + margin) * width)))
        top, bottom = max(0, int((y0 - margin) * height)), min(height, int(np.ceil((y1 + margin) * height)))
        masked[top:bottom, left:right] = 255
    return masked


def _regions_with_unread_text(preview: np.ndarray, words: list[Word], regions: list[BBox]) -> list[BBox]:
    """Select the pictures of a text-layer page that show text the layer does not have.

    The page rendering with the layer's words painted out still has glyphs in
    a picture: a scan pasted in a Word document, a form's template drawn as an
    image under typed values, a scan with a few words typed over it. A
    photograph or a logo has too few glyph-like shapes; a background under a
    born-digital page has none left once the words are painted out.
    """
    if not regions:
        return []
    masked = _mask_words(preview, words)
    height, width = masked.shape
    keep: list[BBox] = []
    for region in regions:
        x0, y0, x1, y1 = region
        crop = masked[
            int(y0 * height) : int(np.ceil(y1 * height)), int(x0 * width) : int(np.ceil(x1 * width))
        ]
        if crop.size and glyph_heights(crop).size >= REGION_MIN_GLYPHS:
            keep.append(region)
    return keep


def _ocr_regions(
    pdf: PdfFile,
    index: int,
    regions: list[BBox],
    layer_words: list[Word],
    engine: OcrEngine,
    settings: Settings,
) -> list[Word]:
    """OCR pictures of a text-layer page; keep well-read words the text layer does not have."""
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
        if result.rotation:
            continue  # a sideways picture: its boxes would not map onto the page simply
        words = [w for w in result.words if w.conf >= REGION_MIN_WORD_CONF]
        if len(words) < REGION_MIN_WORDS or mean_confidence(words) < REGION_MIN_MEAN_CONF:
            continue
        region_w, region_h = x1 - x0, y1 - y0
        for word in words:
            bx0, by0, bx1, by1 = word.bbox
            box = (x0 + bx0 * region_w, y0 + by0 * region_h, x0 + bx1 * region_w, y0 + by1 * region_h)
            if not _covered(box, layer_words):
                found.append(word.model_copy(update={"bbox": box}))
    return found


def _covered(box: BBox, words: list[Word]) -> bool:
    """Tell whether the box's centre falls in a text-layer word (the layer already has it)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(w.bbox[0] <= cx <= w.bbox[2] and w.bbox[1] <= cy <= w.bbox[3] for w in words)


# --------------------------------------------------------------------------- images


def _read_image(data: bytes, lazy: _LazyEngine, settings: Settings) -> tuple[list[Page], dict[str, Any]]:
    loaded = load_image(data, max_pages=settings.max_pages, max_pixels=settings.max_image_pixels)
    pages: list[Page] = []
    hashes: list[str] = []
    rotations: list[int] = []
    skews: list[float] = []
    ocr_seconds: list[float] = []
    rectified: list[bool] = []
    zone_readings: list[dict[str, Any] | None] = []
    symbols: list[dict[str, Any]] = []
    symbol_seconds: list[float] = []
    for number, frame in enumerate(loaded.frames, start=1):
        # A phone photo: the sheet cut out of its background, perspective undone.
        sheet = rectify_page(frame.gray)
        gray, changed = sheet.image, sheet.changed
        rectified.append(changed)
        declared = None if changed else _plausible_dpi(frame.declared_dpi)
        dpi = declared or estimate_dpi(gray)
        if changed:
            # No supported document is wider than A4: the sheet's width in
            # pixels over 8.27 in is a floor for its true resolution.
            floor = min(gray.shape) / A4_SHORT_SIDE_IN
            dpi = max(dpi or 0.0, floor) or None
        result = ocr_image(gray, dpi, lazy.get(), ZoneProbe(frame.gray, number))
        ocr_seconds.append(round(result.seconds, 2))
        zone_readings.append(result.zone)
        started = time.perf_counter()
        symbols.extend(symbol_entries(find_symbols(frame.gray), number, result.rotation))
        symbol_seconds.append(round(time.perf_counter() - started, 3))
        words = result.words
        if changed:
            # Boxes onto the photo as uploaded (what the review app shows), still upright.
            words = [w.model_copy(update={"bbox": _photo_box(w.bbox, sheet, result.rotation)}) for w in words]
        height, width = frame.gray.shape
        if result.rotation in (90, 270):
            width, height = height, width
        pages.append(
            Page(
                number=number,
                width=float(width),
                height=float(height),
                source=TextSource.OCR if words else TextSource.NONE,
                words=words,
                quality=result.quality,
            )
        )
        hashes.append(perceptual_hash(result.image))
        rotations.append(result.rotation)
        skews.append(result.skew)
    metadata = dict(loaded.metadata)
    metadata.update(
        {
            "page_hashes": hashes,
            "page_rotations": rotations,
            "page_skew": skews,
            "ocr_seconds": ocr_seconds,
            "page_rectified": rectified,
        }
    )
    _keep_best_zone_mrz(metadata, zone_readings)
    keep_symbols(metadata, symbols, symbol_seconds)
    return pages, metadata


# An invalid zone reading is reported only when the classifier was this sure of its characters.
ZONE_MIN_CONFIDENCE_INVALID = 0.85


class ZoneProbe:
    """The structural MRZ reader on one page as uploaded (or rendered), run at most once.

    It runs only on a page that may hold an MRZ (``may_hold_mrz`` of the OCR
    words it is shown). ``upright_turn`` answers for ``ocr_upright`` when a
    first pass looks bad: a valid MRZ tells the page's orientation, so
    Tesseract's orientation detection (about 0.6 s) is not needed.
    ``__call__`` gives the reading as metadata for the page's final rotation.
    """

    def __init__(self, gray: np.ndarray, page: int) -> None:
        self._gray, self._page = gray, page
        self._done = False
        self._reading: ZoneReading | None = None
        self._seconds = 0.0

    def _read(self, words: list[Word]) -> ZoneReading | None:
        if not self._done and may_hold_mrz(words):
            started = time.perf_counter()
            self._reading, self._done = read_zone_mrz(self._gray), True
            self._seconds = time.perf_counter() - started
        return self._reading

    def upright_turn(self, words: list[Word]) -> int | None:
        """The clockwise quarter-turn that puts a valid MRZ's lines upright, or None (no valid MRZ)."""
        reading = self._read(words)
        if reading is None or not reading.valid:
            return None
        return mrz_upright_turn(reading.quad)

    def __call__(self, words: list[Word], rotation: int) -> dict[str, Any] | None:
        """The reading as page metadata, its box turned by the page's final ``rotation``."""
        reading = self._read(words)
        if reading is None:
            return None
        return _zone_metadata(reading, self._page, rotation, self._seconds)


def mrz_upright_turn(quad: list[list[float]]) -> int:
    """Clockwise quarter-turn making the MRZ read left to right; ``quad`` starts at its first line's start.

    The direction from the zone's first corner to the second is the text's
    direction on the image (y down): 0° upright, 90° reading downwards (the
    page turned clockwise: turn it back by 270°), 180° upside down.
    """
    (x0, y0), (x1, y1) = quad[0][:2], quad[1][:2]
    quarter = round((math.degrees(math.atan2(y1 - y0, x1 - x0)) % 360) / 90) % 4
    return (360 - 90 * quarter) % 360


def _zone_metadata(reading: ZoneReading, page: int, rotation: int, seconds: float) -> dict[str, Any] | None:
    """A zone reading as metadata (None when invalid and unsure); the box turned like the words'.

    The reading is on the page as uploaded (or rendered); the box is turned by
    the page's quarter-turn so that it sits on the upright page.
    """
    if not reading.valid and reading.confidence < ZONE_MIN_CONFIDENCE_INVALID:
        return None
    return {
        "page": page,
        "lines": reading.lines,
        "format": reading.format,
        "valid": reading.valid,
        "checks": reading.checks,
        "confidence": reading.confidence,
        "repaired": reading.repaired,
        "ambiguous": reading.ambiguous,
        "bbox": list(turn_box(reading.bbox, rotation)),
        "seconds": round(seconds, 3),
    }


def _keep_best_zone_mrz(metadata: dict[str, Any], readings: list[dict[str, Any] | None]) -> None:
    """Store the best page's zone reading (valid first, then the surest) as ``metadata["mrz_zone"]``."""
    found = [r for r in readings if r is not None]
    if found:
        metadata["mrz_zone"] = max(found, key=lambda r: (r["valid"], r["confidence"]))


def _photo_box(box: BBox, sheet: Rectified, rotation: int) -> BBox:
    """A box on the straightened, upright sheet → the same box on the upright photo."""
    return turn_box(unwarp_box(turn_box(box, -rotation), sheet), rotation)


def _plausible_dpi(declared: float | None) -> float | None:
    """Keep a declared resolution worth believing (phones write 72 whatever the photo)."""
    if declared is None or not 100 <= declared <= 1200:
        return None
    return declared
