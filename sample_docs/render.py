"""Drawing primitives for the sample documents.

A reportlab canvas that records every string it draws (the page's ground-truth
text), value formatters in the wordings of ``docs/corpus_vocabulary.md``, and
small decorations (photos, signatures, guilloches, logos).

Coordinates are in points with the origin at the *top-left* of the page.
Only the base-14 fonts are used (Helvetica, Times, Courier), so no font file
is needed and the text layer is plain WinAnsi.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
GREY: Color = (0.35, 0.35, 0.35)
LIGHT_GREY: Color = (0.85, 0.85, 0.85)
WHITE: Color = (1.0, 1.0, 1.0)
MM = 72.0 / 25.4
A4_SIZE: tuple[float, float] = (float(A4[0]), float(A4[1]))

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


# --------------------------------------------------------------------------- formatters


def format_date(value: date, style: str) -> str:
    """Format a date as printed.

    ``slash`` 12/03/2026, ``dot`` 12.03.2026, ``long`` 12 mars 2026,
    ``space`` 12 03 2026 (identity documents).
    """
    if style == "slash":
        return value.strftime("%d/%m/%Y")
    if style == "dot":
        return value.strftime("%d.%m.%Y")
    if style == "space":
        return value.strftime("%d %m %Y")
    if style == "long":
        return f"{value.day} {MONTHS_FR[value.month - 1]} {value.year}"
    raise ValueError(f"unknown date style {style!r}")


def group_thousands(number: int) -> str:
    """``4350`` → ``4 350``."""
    return f"{number:,}".replace(",", " ")


def format_amount(cents: int, style: str) -> str:
    """Format an amount as printed.

    ``fr`` 4 350,00 €, ``eur`` 4350.00 EUR, ``int`` 4 350 € (only for whole
    euros; falls back to ``fr``).
    """
    euros, rest = divmod(cents, 100)
    if style == "eur":
        return f"{euros}.{rest:02d} EUR"
    if style == "int" and rest == 0:
        return f"{group_thousands(euros)} €"
    return f"{group_thousands(euros)},{rest:02d} €"


def cents_to_number(cents: int) -> float:
    """4350.0 for 435000 cents (truth values are JSON numbers)."""
    return round(cents / 100.0, 2)


def pdf_date_stamp(value: date, hour: int = 9, minute: int = 30) -> str:
    """Format a PDF date string for the document info dictionary."""
    return f"D:{value:%Y%m%d}{hour:02d}{minute:02d}00+01'00'"


# --------------------------------------------------------------------------- canvas


@dataclass
class DrawnText:
    """One string as drawn: its baseline (from the top) and left edge, in points."""

    y: float
    x: float
    text: str


@dataclass
class Rendered:
    """A vector rendering of one document and its ground truth."""

    pdf: bytes
    pages_text: list[str]
    fields: dict[str, Any]
    layout: str
    page_size: tuple[float, float]
    raster_dpi: int = 200  # the resolution a scan of it should use
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages."""
        return len(self.pages_text)


class DocCanvas:
    """A reportlab canvas with a top-left origin that records the text it draws."""

    def __init__(
        self,
        size: tuple[float, float] = A4_SIZE,
        *,
        creator: str,
        stamp: date,
        title: str = "",
    ) -> None:
        self.width, self.height = size
        self._buffer = io.BytesIO()
        self.canvas = Canvas(self._buffer, pagesize=size, invariant=1, pageCompression=1)
        self.canvas.setCreator(creator)
        self.canvas.setAuthor(creator)
        self.canvas.setTitle(title)
        date_string = pdf_date_stamp(stamp)
        self.canvas.setDateFormatter(lambda *_: date_string)
        self._pages: list[list[DrawnText]] = [[]]

    # ---- text
    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        size: float = 10,
        font: str = "Helvetica",
        color: Color = BLACK,
        align: str = "left",
    ) -> float:
        """Draw ``value`` with its baseline at ``y`` (from the top); return its width."""
        width = stringWidth(value, font, size)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        self.canvas.setFillColorRGB(*color)
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.height - y, value)
        if value.strip():
            self._pages[-1].append(DrawnText(y, x, value))
        return width

    def label_value(
        self,
        x: float,
        y: float,
        label: str,
        value: str,
        *,
        size: float = 10,
        bold_value: bool = True,
        gap: float = 4,
        color: Color = BLACK,
    ) -> float:
        """``label`` then ``value`` on the same baseline; return the value's x."""
        width = self.text(x, y, label, size=size, color=color)
        value_x = x + width + gap
        self.text(value_x, y, value, size=size, font="Helvetica-Bold" if bold_value else "Helvetica")
        return value_x

    def paragraph(
        self,
        x: float,
        y: float,
        value: str,
        width: float,
        *,
        size: float = 10,
        leading: float | None = None,
        font: str = "Helvetica",
        color: Color = BLACK,
    ) -> float:
        """Draw ``value`` wrapped to ``width``; return the baseline after the last line."""
        leading = leading or size * 1.35
        for line in wrap_words(value, width, font, size):
            self.text(x, y, line, size=size, font=font, color=color)
            y += leading
        return y

    # ---- shapes
    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: Color | None = None,
        stroke: Color | None = BLACK,
        line_width: float = 0.6,
        radius: float = 0,
    ) -> None:
        """Draw a rectangle whose top-left corner is at (x, y)."""
        c = self.canvas
        c.setLineWidth(line_width)
        if fill is not None:
            c.setFillColorRGB(*fill)
        if stroke is not None:
            c.setStrokeColorRGB(*stroke)
        bottom = self.height - y - h
        if radius:
            c.roundRect(x, bottom, w, h, radius, stroke=int(stroke is not None), fill=int(fill is not None))
        else:
            c.rect(x, bottom, w, h, stroke=int(stroke is not None), fill=int(fill is not None))

    def hline(self, x1: float, x2: float, y: float, *, color: Color = GREY, line_width: float = 0.5) -> None:
        """Draw a horizontal rule."""
        c = self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(line_width)
        c.line(x1, self.height - y, x2, self.height - y)

    def circle(self, x: float, y: float, r: float, *, fill: Color, stroke: Color | None = None) -> None:
        """Draw a filled circle centred at (x, y)."""
        c = self.canvas
        c.setFillColorRGB(*fill)
        if stroke is not None:
            c.setStrokeColorRGB(*stroke)
        c.circle(x, self.height - y, r, stroke=int(stroke is not None), fill=1)

    def polyline(self, points: list[tuple[float, float]], *, color: Color, line_width: float = 0.6) -> None:
        """Draw an open path through ``points``."""
        c = self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(line_width)
        path = c.beginPath()
        first, *rest = points
        path.moveTo(first[0], self.height - first[1])
        for px, py in rest:
            path.lineTo(px, self.height - py)
        c.drawPath(path, stroke=1, fill=0)

    # ---- pages
    def new_page(self) -> None:
        """Finish the current page and start another one."""
        self.canvas.showPage()
        self._pages.append([])

    def finish(self) -> tuple[bytes, list[str]]:
        """Return the PDF bytes and each page's text (reading order)."""
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue(), [assemble_page_text(items) for items in self._pages]


def wrap_words(value: str, width: float, font: str, size: float) -> list[str]:
    """Greedy word wrap."""
    lines: list[str] = []
    current = ""
    for word in value.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def assemble_page_text(items: list[DrawnText], tolerance: float = 2.5) -> str:
    """Strings grouped into lines by baseline (top to bottom), left to right."""
    lines: list[list[DrawnText]] = []
    for item in sorted(items, key=lambda t: (t.y, t.x)):
        if lines and abs(lines[-1][0].y - item.y) <= tolerance:
            lines[-1].append(item)
        else:
            lines.append([item])
    return "\n".join(" ".join(t.text for t in sorted(line, key=lambda t: t.x)) for line in lines)


# --------------------------------------------------------------------------- decorations


def draw_photo(dc: DocCanvas, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    """Draw an identity photo placeholder: a grey background and a silhouette."""
    c = dc.canvas
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, dc.height - y - h, w, h)
    c.clipPath(clip, stroke=0, fill=0)
    tone = rng.uniform(0.78, 0.9)
    dc.rect(x, y, w, h, fill=(tone, tone, tone + 0.03), stroke=None)
    skin = rng.uniform(0.45, 0.62)
    c.setFillColorRGB(skin * 0.75, skin * 0.75, skin * 0.78)
    c.ellipse(
        x + w * 0.1, dc.height - (y + h * 1.3), x + w * 0.9, dc.height - (y + h * 0.7), stroke=0, fill=1
    )
    dc.circle(x + w / 2, y + h * 0.42, w * 0.22, fill=(skin, skin, skin))
    c.restoreState()


def draw_signature(
    dc: DocCanvas, x: float, y: float, w: float, rng: random.Random, color: Color = (0.1, 0.1, 0.35)
) -> None:
    """Draw a scribbled signature (no text)."""
    points = []
    steps = 28
    phase = rng.uniform(0, math.pi)
    for i in range(steps + 1):
        t = i / steps
        points.append((x + t * w, y + math.sin(t * 9 + phase) * w * 0.06 * (1 - t) - t * w * 0.05))
    dc.polyline(points, color=color, line_width=0.9)
    dc.polyline([(x + w * 0.1, y + w * 0.05), (x + w * 0.75, y - w * 0.02)], color=color, line_width=0.7)


def draw_guilloche(
    dc: DocCanvas, x: float, y: float, w: float, h: float, color: Color, rng: random.Random
) -> None:
    """Faint wavy security lines over an area."""
    phase = rng.uniform(0, math.pi)
    for row in range(9):
        base = y + h * (row + 0.5) / 9
        points = [(x + w * i / 60, base + math.sin(i / 60 * 14 + phase + row) * h * 0.04) for i in range(61)]
        dc.polyline(points, color=color, line_width=0.3)


def draw_logo_block(dc: DocCanvas, x: float, y: float, name: str, color: Color, *, size: float = 20) -> None:
    """Draw a coloured square and the issuer's name: a stand-in for a logo."""
    dc.rect(x, y - size * 0.85, size * 0.85, size * 0.85, fill=color, stroke=None)
    dc.text(x + size * 1.1, y, name, size=size, font="Helvetica-Bold", color=color)


def footer(dc: DocCanvas, text: str, page: int, pages: int) -> None:
    """Draw a small footer line with the page number."""
    dc.hline(40, dc.width - 40, dc.height - 48, color=LIGHT_GREY)
    dc.text(40, dc.height - 36, text, size=6.5, color=GREY)
    dc.text(dc.width - 40, dc.height - 36, f"Page {page}/{pages}", size=6.5, color=GREY, align="right")
