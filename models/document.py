"""The typed document model with provenance: Document → Page → Word, and Extracted.

Boxes are in *page fractions*: ``(x0, y0, x1, y1)`` with 0 ≤ x, y ≤ 1, origin at
the top-left of the page as a person sees it (after undoing rotation). They do
not depend on the resolution a page was rendered or scanned at, so the review
app can draw them on any rendering of the page.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

BBox = tuple[float, float, float, float]


class TextSource(StrEnum):
    """Where a document's text came from (CONTRACT.md §4 ``text_source``)."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    MIXED = "mixed"
    NONE = "none"


class FileKind(StrEnum):
    """The real kind of a file, sniffed from its bytes."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"


class Word(BaseModel):
    """One word with its box in page fractions and its confidence in [0, 1]."""

    text: str
    bbox: BBox
    conf: float = 1.0
    line: int = 0  # line index within its page, in reading order


class PageQuality(BaseModel):
    """Image-quality measures of one page (absent ones were not measured)."""

    sharpness: float | None = None  # variance of the Laplacian on the text band
    mean_grey: float | None = None  # 0 (black) .. 255 (white)
    contrast: float | None = None  # standard deviation of grey levels
    dpi: float | None = None  # effective resolution of the image given to OCR
    ocr_mean_conf: float | None = None  # mean word confidence, 0..100 as Tesseract gives
    blank: bool = False


class Page(BaseModel):
    """One page: its words in reading order and how they were obtained."""

    number: int  # 1-based
    width: float  # in points for PDFs, pixels for images (informative)
    height: float
    source: TextSource
    words: list[Word] = Field(default_factory=list)
    quality: PageQuality = Field(default_factory=PageQuality)

    def lines(self) -> list[list[Word]]:
        """Words grouped by line index, each line in reading order."""
        grouped: dict[int, list[Word]] = {}
        for word in self.words:
            grouped.setdefault(word.line, []).append(word)
        return [sorted(ws, key=lambda w: w.bbox[0]) for _, ws in sorted(grouped.items())]

    @property
    def text(self) -> str:
        """The page's text, one line per line."""
        return "\n".join(" ".join(w.text for w in line) for line in self.lines())


class Document(BaseModel):
    """What reading a file produced, before classification."""

    file: str
    sha256: str
    kind: FileKind
    pages: list[Page] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)  # PDF info dict, EXIF…

    @property
    def text_source(self) -> TextSource:
        """text_layer, ocr or mixed over the pages that have words; none if no page does."""
        sources = {p.source for p in self.pages if p.words}
        if not sources:
            return TextSource.NONE
        if len(sources) == 1:
            return sources.pop()
        return TextSource.MIXED

    @property
    def text(self) -> str:
        """All pages' text, pages separated by a form feed."""
        return "\f".join(p.text for p in self.pages)


class Extracted(BaseModel):
    """One extracted field value with its provenance."""

    value: str | int | float
    raw: str
    page: int | None = None  # 1-based
    bbox: BBox | None = None
    confidence: float = 1.0
    extractor: str = ""


class Classification(BaseModel):
    """A classifier's verdict on one document."""

    doc_type: str
    confidence: float
    scores: dict[str, float] = Field(default_factory=dict)
    classifier: str = ""
    # When the file seems to hold several documents (its pages are confidently of
    # different types), those types; the confidence is then capped below any threshold.
    mixed_types: list[str] = Field(default_factory=list)
    # What decided the type: hard evidence (``mrz: TD1 ID, check digits valid``,
    # ``iban_bic: …``), ``model: …`` (statistics), ``open_set: …`` (unlike every piece seen).
    type_evidence: str = ""
