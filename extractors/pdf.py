"""Reading PDFs: open safely, text layer with boxes, page rendering, metadata.

Two libraries, each for what it does best: pypdfium2 (PDFium, Chrome's PDF
engine) opens, validates and renders; pdfplumber (pdfminer) gives words with
their boxes. A page whose text layer is not *real* (too little text, glyph
garbage, or an invisible OCR layer laid over a scan by a copier) is left to
OCR by ``extractors.read``.

Boxes are page fractions in the page as displayed (after its /Rotate), origin
top-left, like everything in ``models.document``.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from types import TracebackType
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from extractors.wordcheck import nonspace_count, plausible_share, printable_share
from models.document import BBox, Word
from models.errors import CorruptFile, EncryptedPdf, FileTooLarge
from models.settings import Settings, get_settings

log = logging.getLogger(__name__)

# A text layer is "real" when all of these hold (see ``judge_text_layer``).
MIN_TEXT_CHARS = 20
MIN_PLAUSIBLE_SHARE = 0.6
MIN_PRINTABLE_SHARE = 0.9
MAX_INVISIBLE_SHARE = 0.5
# Word splitting: a gap wider than 15 % of the font size starts a new word.
# A space is about 25-28 % of an em in common fonts; kerning gaps stay below 10 %.
X_TOLERANCE_RATIO = 0.15
Y_TOLERANCE = 3.0
# Images on a text page worth OCRing (a scan pasted into a Word document).
MIN_IMAGE_AREA = 0.02  # of the page area

EOF_MARKER = re.compile(rb"%%EOF")
TAIL_WINDOW = 4096


@dataclass
class PdfPageText:
    """One page's text layer, and whether it can be trusted as the page's text."""

    number: int  # 1-based
    width: float  # points, as displayed (after /Rotate)
    height: float
    rotation: int  # the page's /Rotate, degrees clockwise
    words: list[Word] = field(default_factory=list)
    real: bool = False
    reason: str = ""  # why the layer is not real ("" when it is)
    chars: int = 0
    invisible_share: float = 0.0  # share of text objects drawn invisibly (render mode 3)
    image_regions: list[BBox] = field(default_factory=list)  # pictures of 2 % of the page or more

    @property
    def text(self) -> str:
        """The layer's text, one line per line."""
        lines: dict[int, list[str]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word.text)
        return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))


# --------------------------------------------------------------------------- helpers


def parse_pdf_date(value: str | None) -> datetime | None:
    """Parse a PDF date (``D:YYYYMMDDHHmmSS+HH'mm'``, parts optional) into a datetime.

    Returns an aware datetime when the string carries a zone (``Z`` or an
    offset), a naive one otherwise, None when it cannot be parsed.
    """
    if not value:
        return None
    match = re.match(
        r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
        r"(?:(Z)|([+\-])(\d{2})'?(\d{2})?'?)?",
        value,
    )
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, tz_h, tz_m = match.groups()
    try:
        moment = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if zulu:
        return moment.replace(tzinfo=UTC)
    if sign:
        offset = timedelta(hours=int(tz_h), minutes=int(tz_m or 0))
        return moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    return moment


def count_eof_markers(data: bytes) -> int:
    """Count the ``%%EOF`` markers: one per save, plus one for a linearized file."""
    return len(EOF_MARKER.findall(data))


def is_linearized(data: bytes) -> bool:
    """Tell a linearized ("fast web view") PDF, whose first section ends with its own %%EOF."""
    return b"/Linearized" in data[:2048]


def is_truncated(data: bytes) -> bool:
    """Tell whether the file lacks its final ``%%EOF`` (give or take trailing junk).

    An interrupted upload or a file cut in half lacks the trailer that ends
    every complete PDF. PDFium would "repair" such a file and render pages
    with missing content, so it is refused instead.
    """
    tail = data[-TAIL_WINDOW:]
    return b"%%EOF" not in tail


def _xmp_values(packet: str) -> dict[str, Any]:
    """CreatorTool and history software agents from the document's XMP packet."""
    found: dict[str, Any] = {}
    tool = re.search(r"<xmp:CreatorTool>([^<]*)</xmp:CreatorTool>|xmp:CreatorTool=\"([^\"]*)\"", packet)
    if tool:
        found["xmp_creator_tool"] = (tool.group(1) or tool.group(2) or "").strip()
    agents = re.findall(r"<stEvt:softwareAgent>([^<]*)<|stEvt:softwareAgent=\"([^\"]*)\"", packet)
    names = [a or b for a, b in agents if (a or b).strip()]
    if names:
        found["xmp_software_agents"] = list(dict.fromkeys(n.strip() for n in names))
    return found


def _clip_box(box: tuple[float, float, float, float]) -> BBox:
    x0, y0, x1, y1 = (min(max(v, 0.0), 1.0) for v in box)
    return (x0, y0, max(x0, x1), max(y0, y1))


def group_lines(words: list[Word]) -> list[Word]:
    """Assign line indices in reading order and return the words sorted by (line, x).

    Words are clustered by vertical centre: a word joins the current line when
    its centre is within half the smaller height of the line's centre. Lines run
    across the whole page (a label and its value on the same row share a line),
    which is what the field extractors want of forms; multi-column prose is
    interleaved, which they do not mind.
    """
    if not words:
        return []
    ordered = sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0]))
    lines: list[list[Word]] = []
    centre = height = 0.0
    for word in ordered:
        w_centre = (word.bbox[1] + word.bbox[3]) / 2
        w_height = max(word.bbox[3] - word.bbox[1], 1e-6)
        if lines and abs(w_centre - centre) <= 0.5 * min(w_height, height):
            lines[-1].append(word)
            n = len(lines[-1])
            centre += (w_centre - centre) / n
            height += (w_height - height) / n
        else:
            lines.append([word])
            centre, height = w_centre, w_height
    result: list[Word] = []
    for index, line in enumerate(lines):
        for word in sorted(line, key=lambda w: w.bbox[0]):
            result.append(word.model_copy(update={"line": index}))
    return result


def judge_text_layer(words: list[Word], invisible_share: float) -> tuple[bool, str, int]:
    """Is this text layer real? Returns (real, reason when not, non-space characters)."""
    tokens = [w.text for w in words]
    chars = nonspace_count(tokens)
    if invisible_share >= MAX_INVISIBLE_SHARE:
        return False, f"invisible text layer ({invisible_share:.0%} of text objects)", chars
    if chars < MIN_TEXT_CHARS:
        return False, f"too little text ({chars} characters)", chars
    printable = printable_share(" ".join(tokens))
    if printable < MIN_PRINTABLE_SHARE:
        return False, f"unmapped glyphs ({printable:.0%} printable)", chars
    plausible = plausible_share(tokens)
    if plausible < MIN_PLAUSIBLE_SHARE:
        return False, f"implausible words ({plausible:.0%} plausible)", chars
    return True, "", chars


# --------------------------------------------------------------------------- PdfFile


class PdfFile:
    """An opened, validated PDF: pages' text layers, renderings and metadata.

    Use as a context manager. Opening raises ``EncryptedPdf`` (a password is
    needed to open it), ``CorruptFile`` (truncated, damaged, no pages) or
    ``FileTooLarge`` (more than ``settings.max_pages`` pages).
    """

    def __init__(self, data: bytes, *, settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        self.data = data
        self._plumber: Any = None
        self._plumber_failed = False
        if is_truncated(data):
            raise CorruptFile("PDF does not end with %%EOF: truncated or incomplete upload")
        try:
            self._pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise EncryptedPdf(str(error)) from error
            raise CorruptFile(f"PDFium cannot open the file: {error}") from error
        self.page_count = len(self._pdf)
        if self.page_count == 0:
            self.close()
            raise CorruptFile("the PDF has no pages")
        if self.page_count > settings.max_pages:
            self.close()
            raise FileTooLarge(
                f"{self.page_count} pages > max_pages={settings.max_pages}",
                message_fr=(
                    f"Le PDF compte trop de pages ({self.page_count} ; maximum {settings.max_pages})."
                ),
            )
        try:
            self._pdf.init_forms()  # so filled form fields are drawn when rendering
        except Exception:  # pragma: no cover - forms are a nicety
            log.debug("init_forms failed", exc_info=True)

    # -- lifecycle
    def __enter__(self) -> PdfFile:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release both libraries' handles."""
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None
        self._pdf.close()

    # -- metadata
    def metadata(self) -> dict[str, Any]:
        """Return the info dictionary, dates parsed, save count, encryption, XMP creator tool.

        Keys: ``producer``, ``creator``, ``title``, ``author``, ``creation_date``
        and ``mod_date`` (ISO 8601 or None; raw strings under ``*_raw``),
        ``pdf_version``, ``page_count``, ``encrypted`` (an owner password only:
        the file opened without one), ``eof_markers`` (number of ``%%EOF``),
        ``linearized``, ``incremental_updates`` (saves after the first, the
        linearization marker discounted), ``xmp_creator_tool`` and
        ``xmp_software_agents`` when the document's XMP packet says so.
        """
        try:
            info = self._pdf.get_metadata_dict(skip_empty=True)
        except Exception:  # pragma: no cover - damaged info dictionaries
            info = {}
        created = parse_pdf_date(info.get("CreationDate"))
        modified = parse_pdf_date(info.get("ModDate"))
        eof = count_eof_markers(self.data)
        linearized = is_linearized(self.data)
        meta: dict[str, Any] = {
            "producer": info.get("Producer", "").strip() or None,
            "creator": info.get("Creator", "").strip() or None,
            "title": info.get("Title", "").strip() or None,
            "author": info.get("Author", "").strip() or None,
            "creation_date": created.isoformat() if created else None,
            "mod_date": modified.isoformat() if modified else None,
            "creation_date_raw": info.get("CreationDate"),
            "mod_date_raw": info.get("ModDate"),
            "pdf_version": self._pdf.get_version(),
            "page_count": self.page_count,
            "encrypted": pdfium_c.FPDF_GetSecurityHandlerRevision(self._pdf.raw) != -1,
            "eof_markers": eof,
            "linearized": linearized,
            "incremental_updates": max(0, eof - 1 - (1 if linearized else 0)),
        }
        meta.update(_xmp_values(self._document_xmp()))
        return meta

    def _document_xmp(self) -> str:
        """Return the catalog's XMP packet (not an embedded image's), decoded; "" when absent."""
        plumber = self._plumber_pdf()
        if plumber is None:
            return ""
        try:
            from pdfminer.pdftypes import resolve1

            stream = resolve1(plumber.doc.catalog.get("Metadata"))
            if stream is None or not hasattr(stream, "get_data"):
                return ""
            return bytes(stream.get_data()[:262144]).decode("utf-8", "replace")
        except Exception:
            log.debug("XMP metadata unreadable", exc_info=True)
            return ""

    # -- rendering
    def render(self, index: int, dpi: float) -> np.ndarray:
        """Page ``index`` (0-based) as a grayscale uint8 array at ``dpi``, as displayed."""
        try:
            page = self._pdf[index]
            bitmap = page.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True)
            array = bitmap.to_numpy()
        except pdfium.PdfiumError as error:
            raise CorruptFile(f"page {index + 1} cannot be rendered: {error}") from error
        if array.ndim == 3:
            array = array[..., 0]
        return np.ascontiguousarray(array)

    def page_size(self, index: int) -> tuple[float, float]:
        """Return the displayed (width, height) of page ``index`` in points."""
        width, height = self._pdf[index].get_size()  # PDFium gives the displayed size
        return float(width), float(height)

    # -- text layer
    def _invisible_share(self, index: int) -> float:
        """Share of the page's text objects drawn invisibly (text render mode 3)."""
        texts = invisible = 0
        for obj in self._pdf[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=4):
            texts += 1
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible += 1
        return invisible / texts if texts else 0.0

    def _plumber_pdf(self) -> Any:
        if self._plumber is None and not self._plumber_failed:
            try:
                self._plumber = pdfplumber.open(io.BytesIO(self.data))
            except Exception:
                log.warning("pdfplumber cannot open the PDF; its pages will be OCR'd", exc_info=True)
                self._plumber_failed = True
        return self._plumber

    def page_text(self, index: int) -> PdfPageText:
        """Read the text layer of page ``index`` (0-based): words in reading order, judged."""
        width, height = self.page_size(index)
        rotation = self._pdf[index].get_rotation() % 360
        result = PdfPageText(number=index + 1, width=width, height=height, rotation=rotation)
        try:
            result.invisible_share = self._invisible_share(index)
        except Exception:  # pragma: no cover - exotic object trees
            log.debug("page objects unreadable on page %d", index + 1, exc_info=True)
        plumber = self._plumber_pdf()
        if plumber is None:
            result.reason = "pdfplumber cannot open the file"
            return result
        try:
            page = plumber.pages[index]
            words = _extract_words(page, width, height)
            regions = _image_regions(page, width, height)
        except Exception as error:
            log.warning("text layer of page %d unreadable: %s", index + 1, error)
            result.reason = f"text layer unreadable: {type(error).__name__}"
            return result
        result.words = group_lines(words)
        result.real, result.reason, result.chars = judge_text_layer(result.words, result.invisible_share)
        if result.real:
            result.image_regions = regions
        return result


def _extract_words(page: Any, width: float, height: float) -> list[Word]:
    """Pdfplumber words of one page as ``Word`` with displayed-page-fraction boxes."""
    # pdfplumber, like PDFium, gives coordinates in the displayed (rotated) frame.
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    raw = page.dedupe_chars(tolerance=1).extract_words(
        keep_blank_chars=False,
        use_text_flow=True,
        x_tolerance_ratio=X_TOLERANCE_RATIO,
        y_tolerance=Y_TOLERANCE,
    )
    words: list[Word] = []
    for item in raw:
        text = item["text"].strip()
        if not text:
            continue
        raw_box = (
            (item["x0"] - x_off) / width,
            (item["top"] - y_off) / height,
            (item["x1"] - x_off) / width,
            (item["bottom"] - y_off) / height,
        )
        centre_x, centre_y = (raw_box[0] + raw_box[2]) / 2, (raw_box[1] + raw_box[3]) / 2
        if not (0.0 <= centre_x <= 1.0 and 0.0 <= centre_y <= 1.0):
            continue  # drawn outside the visible page: nobody sees it
        words.append(Word(text=text, bbox=_clip_box(raw_box), conf=1.0))
    return words


def _image_regions(page: Any, width: float, height: float) -> list[BBox]:
    """Boxes (displayed page fractions) of the pictures covering at least MIN_IMAGE_AREA."""
    x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
    regions: list[BBox] = []
    for image in page.images:
        box = _clip_box(
            (
                (image["x0"] - x_off) / width,
                (image["top"] - y_off) / height,
                (image["x1"] - x_off) / width,
                (image["bottom"] - y_off) / height,
            )
        )
        if (box[2] - box[0]) * (box[3] - box[1]) >= MIN_IMAGE_AREA:
            regions.append(box)
    return regions


# --------------------------------------------------------------------------- functions


def open_pdf(data: bytes, *, settings: Settings | None = None) -> PdfFile:
    """Open and validate a PDF (see ``PdfFile``)."""
    return PdfFile(data, settings=settings)


def read_text_layer(pdf_bytes: bytes, *, settings: Settings | None = None) -> list[PdfPageText]:
    """Every page's text layer: words with boxes in page fractions, lines, reading order.

    Each page says whether its layer is ``real`` (enough plausible, visible
    text); the words are returned either way.
    """
    with open_pdf(pdf_bytes, settings=settings) as pdf:
        return [pdf.page_text(i) for i in range(pdf.page_count)]


def render_page(pdf_bytes: bytes, index: int, dpi: float, *, settings: Settings | None = None) -> np.ndarray:
    """Page ``index`` (0-based) rendered to a grayscale uint8 array at ``dpi``."""
    with open_pdf(pdf_bytes, settings=settings) as pdf:
        if not 0 <= index < pdf.page_count:
            raise IndexError(f"page index {index} out of range (0..{pdf.page_count - 1})")
        return pdf.render(index, dpi)


def read_pdf_metadata(pdf_bytes: bytes, *, settings: Settings | None = None) -> dict[str, Any]:
    """Return the PDF's metadata (see ``PdfFile.metadata``)."""
    with open_pdf(pdf_bytes, settings=settings) as pdf:
        return pdf.metadata()
