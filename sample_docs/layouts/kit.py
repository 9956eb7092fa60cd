"""Drawing kit of the added layout families (``*_more.py``).

Font sets (the base-14 fonts and the Bitstream Vera TTF files shipped inside
the reportlab package, so that the output is identical on every machine),
value formats the original layouts do not use (``06.03.26``, ``2026-03-06``,
``6/3/2026``, ``EUR 1234.50``, ``1.234,50 EUR``, ``1234,50 euros``...), a
labelled value placed right of, below or above its label, ruled tables, and
visual noise (logo marks, QR-like squares, bar codes, stamps, watermarks).

Watermarks are drawn as shapes, never as text, and stamps keep their text
horizontal: every string drawn is in the truth ``text`` at its baseline.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from sample_docs.render import BLACK, GREY, LIGHT_GREY, MONTHS_FR, WHITE, Color, DocCanvas, wrap_words

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
VERA_FILES = {
    "Vera": "Vera.ttf",
    "Vera-Bold": "VeraBd.ttf",
    "Vera-Italic": "VeraIt.ttf",
    "Vera-BoldItalic": "VeraBI.ttf",
}


def register_vera() -> None:
    """Register the Vera TTF fonts of the reportlab package (once)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in VERA_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


register_vera()


@dataclass(frozen=True)
class FontSet:
    """Regular, bold and italic faces of one typeface."""

    regular: str
    bold: str
    italic: str


FONTS = {
    "helvetica": FontSet("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "times": FontSet("Times-Roman", "Times-Bold", "Times-Italic"),
    "courier": FontSet("Courier", "Courier-Bold", "Courier-Oblique"),
    "vera": FontSet("Vera", "Vera-Bold", "Vera-Italic"),
}


# --------------------------------------------------------------------------- value formats

DATE_STYLES = ("long", "dot2", "iso", "slash", "nozero", "dot", "long_upper")


def day_word(value: date) -> str:
    """``1er`` for the first of the month, else the day number."""
    return "1er" if value.day == 1 else str(value.day)


def fmt_date(value: date, style: str) -> str:
    """Format a date.

    ``long`` 6 mars 2026 (1er mars 2026), ``long_upper`` 6 MARS 2026,
    ``dot2`` 06.03.26, ``iso`` 2026-03-06, ``slash`` 06/03/2026,
    ``nozero`` 6/3/2026, ``dot`` 06.03.2026.
    """
    if style == "long":
        return f"{day_word(value)} {MONTHS_FR[value.month - 1]} {value.year}"
    if style == "long_upper":
        return f"{day_word(value)} {MONTHS_FR[value.month - 1]} {value.year}".upper()
    if style == "dot2":
        return value.strftime("%d.%m.%y")
    if style == "iso":
        return value.isoformat()
    if style == "slash":
        return value.strftime("%d/%m/%Y")
    if style == "nozero":
        return f"{value.day}/{value.month}/{value.year}"
    if style == "dot":
        return value.strftime("%d.%m.%Y")
    raise ValueError(f"unknown date style {style!r}")


def fmt_range(start: date, end: date) -> str:
    """``du 11 janvier au 25 juin 2027`` (the first year left out when both share it)."""
    if start.year == end.year:
        first = f"{day_word(start)} {MONTHS_FR[start.month - 1]}"
    else:
        first = fmt_date(start, "long")
    return f"du {first} au {fmt_date(end, 'long')}"


AMOUNT_STYLES = ("fr", "eur_prefix", "dot_eur", "euros")


def fmt_amount(cents: int, style: str) -> str:
    """Format an amount.

    ``fr`` 1 234,50 €, ``eur_prefix`` EUR 1234.50, ``dot_eur`` 1.234,50 EUR,
    ``euros`` 1234,50 euros.
    """
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if style == "fr":
        return f"{sign}{euros:,}".replace(",", " ") + f",{rest:02d} €"
    if style == "eur_prefix":
        return f"EUR {sign}{euros}.{rest:02d}"
    if style == "dot_eur":
        return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d} EUR"
    if style == "euros":
        return f"{sign}{euros},{rest:02d} euros"
    raise ValueError(f"unknown amount style {style!r}")


def civility_short(civility: str) -> str:
    """``Mme`` / ``M.`` for ``Madame`` / ``Monsieur``."""
    return "Mme" if civility == "Madame" else "M."


def random_digits(rng: random.Random, n: int) -> str:
    """``n`` random digits (the first one not 0)."""
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def phone_number(rng: random.Random, prefix: str = "09") -> str:
    """``09 70 12 34 56``."""
    return prefix + "".join(f" {rng.randint(0, 99):02d}" for _ in range(4))


# --------------------------------------------------------------------------- text placement


def width_of(value: str, font: str, size: float) -> float:
    """Width of ``value`` in points."""
    return stringWidth(value, font, size)


def field(
    dc: DocCanvas,
    x: float,
    y: float,
    label: str,
    value: str | list[str],
    *,
    fonts: FontSet,
    pos: str = "right",
    size: float = 9.5,
    label_size: float | None = None,
    value_font: str | None = None,
    label_color: Color = GREY,
    color: Color = BLACK,
    gap: float = 5,
    column: float | None = None,
    max_width: float | None = None,
) -> float:
    """Draw ``value`` (one line or several) right of, below or above its ``label``.

    ``right``: on the label's baseline (at ``column`` when given), further
    lines under the first; ``below``: a small label, the value under it;
    ``above``: the value, a small caption under it. A value line wider than
    ``max_width`` is drawn smaller. Returns the next baseline.
    """
    lines = [value] if isinstance(value, str) else value
    label_size = label_size or (size if pos == "right" else size * 0.78)
    value_font = value_font or fonts.bold
    leading = size * 1.3

    def draw(vx: float, vy: float, line: str) -> None:
        if max_width is None:
            dc.text(vx, vy, line, size=size, font=value_font, color=color)
        else:
            fit(dc, vx, vy, line, max_width - (vx - x), font=value_font, size=size, color=color)

    if pos == "right":
        w = dc.text(x, y, label, size=label_size, font=fonts.regular, color=label_color)
        vx = column if column is not None else x + w + gap
        for i, line in enumerate(lines):
            draw(vx, y + i * leading, line)
        return y + (len(lines) - 1) * leading + size * 1.45
    if pos == "below":
        dc.text(x, y, label, size=label_size, font=fonts.regular, color=label_color)
        for i, line in enumerate(lines, start=1):
            draw(x, y + i * leading, line)
        return y + len(lines) * leading + size * 1.6
    if pos == "above":
        for i, line in enumerate(lines):
            draw(x, y + i * leading, line)
        caption_y = y + (len(lines) - 1) * leading + label_size * 1.35
        dc.text(x, caption_y, label, size=label_size, font=fonts.regular, color=label_color)
        return caption_y + size * 1.6
    raise ValueError(f"unknown position {pos!r}")


def prose(
    dc: DocCanvas,
    x: float,
    y: float,
    value: str,
    width: float,
    *,
    font: str,
    size: float = 10,
    leading: float | None = None,
    color: Color = BLACK,
) -> float:
    """Wrapped text that never breaks inside a ``{{...}}`` group; return the next baseline.

    ``{{`` and ``}}`` mark values (a name, an address, a date) that must stay
    on one line so that they read as printed.
    """
    leading = leading or size * 1.38
    glued = re.sub(r"\{\{(.*?)\}\}", lambda m: m.group(1).replace(" ", "\u0000"), value)
    for line in wrap_words(glued, width, font, size):
        dc.text(x, y, line.replace("\u0000", " "), size=size, font=font, color=color)
        y += leading
    return y


def table(
    dc: DocCanvas,
    x: float,
    y: float,
    widths: list[float],
    header: list[str] | None,
    rows: list[list[str]],
    *,
    fonts: FontSet,
    size: float = 8.5,
    aligns: str | None = None,
    header_fill: Color | None = (0.9, 0.9, 0.9),
    header_color: Color = BLACK,
    grid: Color | None = LIGHT_GREY,
    row_height: float | None = None,
    bold_last: bool = False,
) -> float:
    """A ruled table whose top-left corner is at (x, y); return the y under it.

    ``aligns`` has one letter per column: ``l`` left, ``r`` right, ``c`` centre.
    """
    aligns = aligns or "l" * len(widths)
    row_height = row_height or size * 2.0
    total = sum(widths)

    def draw_row(cells: list[str], top: float, font: str, color: Color) -> None:
        cx = x
        for cell, w, a in zip(cells, widths, aligns, strict=True):
            base = top + row_height * 0.66
            if a == "r":
                dc.text(cx + w - 4, base, cell, size=size, font=font, color=color, align="right")
            elif a == "c":
                dc.text(cx + w / 2, base, cell, size=size, font=font, color=color, align="center")
            else:
                dc.text(cx + 4, base, cell, size=size, font=font, color=color)
            cx += w

    top = y
    if header is not None:
        if header_fill is not None:
            dc.rect(x, top, total, row_height, fill=header_fill, stroke=None)
        draw_row(header, top, fonts.bold, header_color)
        top += row_height
    for i, cells in enumerate(rows):
        font = fonts.bold if bold_last and i == len(rows) - 1 else fonts.regular
        draw_row(cells, top, font, BLACK)
        top += row_height
        if grid is not None:
            dc.hline(x, x + total, top, color=grid)
    if grid is not None:
        dc.rect(x, y, total, top - y, fill=None, stroke=grid)
        cx = x
        for w in widths[:-1]:
            cx += w
            dc.canvas.setStrokeColorRGB(*grid)
            dc.canvas.line(cx, dc.height - y, cx, dc.height - top)
    return top


# --------------------------------------------------------------------------- noise


def logo_mark(dc: DocCanvas, x: float, y: float, size: float, color: Color, shape: str) -> None:
    """A logo stand-in whose top-left corner is at (x, y): no text."""
    c = dc.canvas
    if shape == "ring":
        c.setStrokeColorRGB(*color)
        c.setLineWidth(size * 0.16)
        c.circle(x + size / 2, dc.height - y - size / 2, size * 0.38, stroke=1, fill=0)
    elif shape == "bars":
        for i in range(4):
            h = size * (0.35 + 0.2 * i)
            dc.rect(x + i * size * 0.26, y + size - h, size * 0.18, h, fill=color, stroke=None)
    elif shape == "triangle":
        c.setFillColorRGB(*color)
        path = c.beginPath()
        path.moveTo(x, dc.height - y - size)
        path.lineTo(x + size, dc.height - y - size)
        path.lineTo(x + size / 2, dc.height - y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
    elif shape == "leaf":
        c.setFillColorRGB(*color)
        c.ellipse(x, dc.height - y - size, x + size * 0.55, dc.height - y, stroke=0, fill=1)
        c.ellipse(
            x + size * 0.45,
            dc.height - y - size * 0.8,
            x + size,
            dc.height - y - size * 0.1,
            stroke=0,
            fill=1,
        )
    elif shape == "house":
        dc.rect(x + size * 0.15, y + size * 0.45, size * 0.7, size * 0.55, fill=color, stroke=None)
        c.setFillColorRGB(*color)
        path = c.beginPath()
        path.moveTo(x, dc.height - y - size * 0.5)
        path.lineTo(x + size, dc.height - y - size * 0.5)
        path.lineTo(x + size / 2, dc.height - y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        dc.rect(x + size * 0.42, y + size * 0.68, size * 0.16, size * 0.32, fill=WHITE, stroke=None)
    elif shape == "grid":
        cell = size / 3
        for i in range(3):
            for j in range(3):
                if (i + j) % 2 == 0:
                    dc.rect(x + i * cell, y + j * cell, cell * 0.9, cell * 0.9, fill=color, stroke=None)
    else:  # disc
        dc.circle(x + size / 2, y + size / 2, size / 2, fill=color)


def qr_like(dc: DocCanvas, x: float, y: float, size: float, rng: random.Random, modules: int = 25) -> None:
    """A QR-code-like square (three finder patterns and random modules); no text."""
    cell = size / modules
    c = dc.canvas
    c.setFillColorRGB(*BLACK)
    finders = ((0, 0), (modules - 7, 0), (0, modules - 7))

    def in_finder(i: int, j: int) -> bool:
        return any(fx - 1 <= i <= fx + 7 and fy - 1 <= j <= fy + 7 for fx, fy in finders)

    for i in range(modules):
        for j in range(modules):
            if not in_finder(i, j) and rng.random() < 0.5:
                c.rect(x + i * cell, dc.height - y - (j + 1) * cell, cell, cell, stroke=0, fill=1)
    for fx, fy in finders:
        px, py = x + fx * cell, y + fy * cell
        dc.rect(px, py, 7 * cell, 7 * cell, fill=BLACK, stroke=None)
        dc.rect(px + cell, py + cell, 5 * cell, 5 * cell, fill=WHITE, stroke=None)
        dc.rect(px + 2 * cell, py + 2 * cell, 3 * cell, 3 * cell, fill=BLACK, stroke=None)


def barcode_like(dc: DocCanvas, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    """Vertical bars of random widths; no text."""
    cx = x
    while cx < x + w - 3:
        bar = rng.choice((0.6, 0.6, 1.2, 1.8))
        dc.rect(cx, y, bar, h, fill=BLACK, stroke=None)
        cx += bar + rng.choice((0.6, 1.2, 1.8))


def stamp(
    dc: DocCanvas,
    x: float,
    y: float,
    lines: list[str],
    color: Color,
    *,
    font: str = "Helvetica-Bold",
    size: float = 10,
) -> None:
    """An ink stamp: a double frame around horizontal lines of text (top-left at x, y)."""
    width = max(width_of(line, font, size) for line in lines) + 18
    height = len(lines) * size * 1.35 + 12
    c = dc.canvas
    c.saveState()
    c.setStrokeColorRGB(*color)
    c.setLineWidth(1.6)
    c.roundRect(x, dc.height - y - height, width, height, 5, stroke=1, fill=0)
    c.setLineWidth(0.5)
    c.roundRect(x + 3, dc.height - y - height + 3, width - 6, height - 6, 3, stroke=1, fill=0)
    c.restoreState()
    for i, line in enumerate(lines):
        dc.text(
            x + width / 2,
            y + 8 + size * (i + 0.9) * 1.3,
            line,
            size=size,
            font=font,
            color=color,
            align="center",
        )


def watermark(dc: DocCanvas, color: Color, rng: random.Random, *, shape: str = "rings") -> None:
    """A faint pattern across the page (shapes only, no text)."""
    c = dc.canvas
    c.saveState()
    c.setStrokeColorRGB(*color)
    c.setFillColorRGB(*color)
    phase = rng.uniform(0, 40)
    if shape == "rings":
        c.setLineWidth(0.8)
        for i in range(7):
            cx = 80 + i * 75 + phase
            cy = dc.height - (160 + i * 85)
            for r in (18, 30, 42):
                c.circle(cx, cy, r, stroke=1, fill=0)
    elif shape == "diagonal":
        c.setLineWidth(14)
        for i in range(-3, 4):
            off = i * 120 + phase
            c.line(60 + off, 140, 540 + off, dc.height - 160)
    else:  # dots
        for i in range(0, int(dc.width), 22):
            for j in range(120, int(dc.height) - 120, 22):
                if (i // 22 + j // 22) % 3 == 0:
                    c.circle(i + phase % 22, j, 1.3, stroke=0, fill=1)
    c.restoreState()


def vertical_rule(dc: DocCanvas, x: float, y1: float, y2: float, color: Color, width: float = 0.6) -> None:
    """A vertical line from y1 to y2 (from the top)."""
    c = dc.canvas
    c.setStrokeColorRGB(*color)
    c.setLineWidth(width)
    c.line(x, dc.height - y1, x, dc.height - y2)


def band(dc: DocCanvas, y: float, h: float, color: Color) -> None:
    """A full-width coloured band."""
    dc.rect(0, y, dc.width, h, fill=color, stroke=None)


def wave(dc: DocCanvas, y: float, color: Color, rng: random.Random, amplitude: float = 6) -> None:
    """A decorative wavy line across the page."""
    phase = rng.uniform(0, math.pi)
    points = [(x, y + math.sin(x / 38 + phase) * amplitude) for x in range(20, int(dc.width) - 19, 6)]
    dc.polyline(points, color=color, line_width=1.2)


def fit(
    dc: DocCanvas,
    x: float,
    y: float,
    value: str,
    max_width: float,
    *,
    font: str,
    size: float,
    color: Color = BLACK,
    align: str = "left",
    min_size: float = 6.0,
) -> float:
    """Draw ``value`` on one line, shrunk to ``max_width`` when needed; return the size used."""
    while size > min_size and width_of(value, font, size) > max_width:
        size -= 0.25
    dc.text(x, y, value, size=size, font=font, color=color, align=align)
    return size


def keep(value: str) -> str:
    """Mark ``value`` as unbreakable for ``prose``."""
    return "{{" + value + "}}"


def window(
    dc: DocCanvas,
    x: float,
    y: float,
    lines: list[str],
    *,
    font: str,
    size: float = 9.5,
    leading: float | None = None,
    max_width: float | None = None,
) -> float:
    """The postal addressee block (lines shrunk to ``max_width``, default: to the right margin)."""
    leading = leading or size * 1.32
    max_width = max_width or dc.width - 40 - x
    for i, line in enumerate(lines):
        fit(dc, x, y + i * leading, line, max_width, font=font, size=size)
    return y + len(lines) * leading
