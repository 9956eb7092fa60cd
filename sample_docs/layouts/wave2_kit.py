"""Drawing kit of the wave-2 held-out families (``wave2_*.py``).

Value formats no earlier family prints (``06 MAR 2026``, ``6-3-2026``,
``06/03/26``, ``vendredi 6 mars 2026``, ``€ 1 234,50``, ``1 234,50 EUR``, bare
``1 234,50`` under a column headed in euros...), ruled key/value grids, fields on
a grey background, rotated side text and a hand-filled look.

Rotated side text (a legal line up the margin, as many issuers print) is
drawn on the canvas but, like a watermark, is not part of the truth ``text``:
that text is "every horizontal string as drawn, grouped by baseline". Every
other string goes through ``DocCanvas.text`` and is recorded.

Fonts: the base-14 fonts and the Vera TTF files of the reportlab package
(registered by ``kit``), never a system font.
"""

from __future__ import annotations

import random
from datetime import date

from sample_docs.layouts.kit import FontSet, fit
from sample_docs.render import BLACK, GREY, LIGHT_GREY, MONTHS_FR, Color, DocCanvas

MONTHS_ABBR = ("JAN", "FEV", "MAR", "AVR", "MAI", "JUN", "JUL", "AOU", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Date styles a truth date may be printed in by a wave-2 family.
DATE_STYLES_W2 = ("abbr_upper", "dash_nozero", "slash2", "weekday_long", "dash", "nozero2", "long_zero")


def fmt_date_w2(value: date, style: str) -> str:
    """Format a date.

    ``abbr_upper`` 06 MAR 2026, ``dash_nozero`` 6-3-2026, ``slash2`` 06/03/26,
    ``weekday_long`` vendredi 6 mars 2026, ``dash`` 06-03-2026, ``nozero2``
    6/3/26, ``long_zero`` 06 mars 2026.
    """
    if style == "abbr_upper":
        return f"{value.day:02d} {MONTHS_ABBR[value.month - 1]} {value.year}"
    if style == "dash_nozero":
        return f"{value.day}-{value.month}-{value.year}"
    if style == "slash2":
        return value.strftime("%d/%m/%y")
    if style == "weekday_long":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{WEEKDAYS_FR[value.weekday()]} {day} {MONTHS_FR[value.month - 1]} {value.year}"
    if style == "dash":
        return value.strftime("%d-%m-%Y")
    if style == "nozero2":
        return f"{value.day}/{value.month}/{value.year % 100:02d}"
    if style == "long_zero":
        return f"{value.day:02d} {MONTHS_FR[value.month - 1]} {value.year}"
    raise ValueError(f"unknown date style {style!r}")


def month_year(value: date, *, upper: bool = False) -> str:
    """``Mars 2026`` (a billing month, never a truth date)."""
    text = f"{MONTHS_FR[value.month - 1].capitalize()} {value.year}"
    return text.upper() if upper else text


# Amount styles a truth amount may be printed in by a wave-2 family.
AMOUNT_STYLES_W2 = ("sym_prefix", "fr_int", "eur_suffix", "fr_eur", "bare", "euros_int")


def _grouped(euros: int, sep: str = " ") -> str:
    return f"{euros:,}".replace(",", sep)


def fmt_money(cents: int, style: str) -> str:
    """Format an amount.

    ``sym_prefix`` € 1 234,50, ``fr_int`` 1 234 € (whole euros only, else
    1 234,50 €), ``eur_suffix`` 1234.50 EUR, ``fr_eur`` 1 234,50 EUR, ``bare``
    1 234,50 (under a column headed in euros), ``euros_int`` 1 234 euros
    (whole euros only, else 1 234,50 euros).
    """
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if style == "sym_prefix":
        return f"€ {sign}{_grouped(euros)},{rest:02d}"
    if style == "fr_int":
        return f"{sign}{_grouped(euros)} €" if rest == 0 else f"{sign}{_grouped(euros)},{rest:02d} €"
    if style == "eur_suffix":
        return f"{sign}{euros}.{rest:02d} EUR"
    if style == "fr_eur":
        return f"{sign}{_grouped(euros)},{rest:02d} EUR"
    if style == "bare":
        return f"{sign}{_grouped(euros)},{rest:02d}"
    if style == "euros_int":
        return f"{sign}{_grouped(euros)} euros" if rest == 0 else f"{sign}{_grouped(euros)},{rest:02d} euros"
    raise ValueError(f"unknown amount style {style!r}")


def masked_iban(rng: random.Random) -> str:
    """A debit account shown masked on a bill: ``FR76 **** **** **** **** ***4 21``."""
    return f"FR{rng.randint(10, 99)} **** **** **** **** ***{rng.randint(0, 9)} {rng.randint(10, 99)}"


def sepa_creditor_id(rng: random.Random) -> str:
    """An SEPA creditor identifier (ICS): ``FR12ZZZ123456``."""
    return f"FR{rng.randint(10, 99)}ZZZ{rng.randint(100000, 999999)}"


def mandate_reference(rng: random.Random, prefix: str) -> str:
    """A SEPA mandate reference (RUM), long and IBAN-like."""
    return prefix + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(20))


# --------------------------------------------------------------------------- drawing


def side_text(
    dc: DocCanvas,
    x: float,
    y: float,
    value: str,
    *,
    font: str,
    size: float = 6,
    color: Color = GREY,
    angle: float = 90,
) -> None:
    """Text rotated by ``angle`` (bottom to top at 90) starting at (x, y) from the top.

    Not recorded in the truth ``text`` (see the module docstring).
    """
    c = dc.canvas
    c.saveState()
    c.setFillColorRGB(*color)
    c.setFont(font, size)
    c.translate(x, dc.height - y)
    c.rotate(angle)
    c.drawString(0, 0, value)
    c.restoreState()


def grey_box(dc: DocCanvas, x: float, y: float, w: float, h: float, tone: float = 0.9) -> None:
    """A grey background (no stroke) whose top-left corner is at (x, y)."""
    dc.rect(x, y, w, h, fill=(tone, tone, tone), stroke=None)


def kv_grid(
    dc: DocCanvas,
    x: float,
    y: float,
    rows: list[tuple[str, str | list[str]]],
    *,
    fonts: FontSet,
    label_width: float,
    value_width: float,
    size: float = 9,
    label_size: float | None = None,
    label_fill: Color | None = (0.92, 0.92, 0.92),
    grid: Color = LIGHT_GREY,
    value_font: str | None = None,
    label_color: Color = BLACK,
    row_pad: float = 6,
) -> float:
    """A two-column key/value grid with ruled lines; return the y under it.

    Each value may have several lines (its row grows); values too wide are
    shrunk to their cell.
    """
    label_size = label_size or size
    value_font = value_font or fonts.bold
    leading = size * 1.3
    top = y
    for label, value in rows:
        lines = [value] if isinstance(value, str) else value
        h = row_pad * 2 + size + (len(lines) - 1) * leading
        if label_fill is not None:
            dc.rect(x, top, label_width, h, fill=label_fill, stroke=None)
        base = top + row_pad + size * 0.85
        fit(dc, x + 5, base, label, label_width - 10, font=fonts.regular, size=label_size, color=label_color)
        for i, line in enumerate(lines):
            fit(
                dc,
                x + label_width + 6,
                base + i * leading,
                line,
                value_width - 12,
                font=value_font,
                size=size,
            )
        top += h
        dc.hline(x, x + label_width + value_width, top, color=grid)
    dc.rect(x, y, label_width + value_width, top - y, fill=None, stroke=grid)
    c = dc.canvas
    c.setStrokeColorRGB(*grid)
    c.setLineWidth(0.5)
    c.line(x + label_width, dc.height - y, x + label_width, dc.height - top)
    return top


def ink_text(
    dc: DocCanvas,
    x: float,
    y: float,
    value: str,
    rng: random.Random,
    *,
    font: str,
    size: float = 12,
    color: Color = (0.08, 0.15, 0.55),
    max_width: float | None = None,
) -> None:
    """A value filled in by hand: blue ink, an italic face, a baseline a little off the line."""
    dy = rng.uniform(-1.2, 0.6)
    dx = rng.uniform(0, 4)
    if max_width is None:
        dc.text(x + dx, y + dy, value, size=size, font=font, color=color)
    else:
        fit(dc, x + dx, y + dy, value, max_width - dx, font=font, size=size, color=color)


def dotted_line(dc: DocCanvas, x1: float, x2: float, y: float, color: Color = GREY) -> None:
    """A dotted line to write on (shapes only)."""
    x = x1
    while x < x2:
        dc.rect(x, y, 0.8, 0.8, fill=color, stroke=None)
        x += 3
