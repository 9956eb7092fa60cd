"""Drawing kit of the wave-3 held-out families (``wave3_*.py``).

Value formats no earlier family prints (``6 janv. 2026``, ``lundi
11/01/2027``, ``6 March 2026``, ``6. März 2026``; ``1.234,50 €``,
``EUR 1 234,50``, ``1 234 € TTC``), amounts written out in French words (as
receipts and letters print them beside the figures), extra address lines
(``chez …``, ``Bât. …``), names for the people a document mentions besides
its holder, and a few shapes (ruled notebook paper, check boxes, a window
envelope's marks, a framed value with its label on the frame, tear-off rules).

Every string goes through ``DocCanvas.text`` and so is in the truth ``text``;
shapes carry no text. Fonts: the base-14 fonts and the Vera TTF files of the
reportlab package (registered by ``kit``), never a system font.
"""

from __future__ import annotations

import math
import random
from datetime import date

from sample_docs.layouts.kit import FontSet, fit, width_of
from sample_docs.people import SUD_CITIES, fold_text
from sample_docs.render import BLACK, GREY, LIGHT_GREY, WHITE, Color, DocCanvas

MONTHS_FR_ABBR = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Date styles a truth date may be printed in by a wave-3 family.
DATE_STYLES_W3 = ("abbr_fr", "weekday_slash", "english", "german")


def fmt_date_w3(value: date, style: str) -> str:
    """Format a date.

    ``abbr_fr`` 6 janv. 2026 (1er janv. 2026), ``weekday_slash`` lundi
    11/01/2027, ``english`` 6 March 2026, ``german`` 6. März 2026.
    """
    if style == "abbr_fr":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {MONTHS_FR_ABBR[value.month - 1]} {value.year}"
    if style == "english":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    if style == "german":
        return f"{value.day}. {MONTHS_DE[value.month - 1]} {value.year}"
    if style == "weekday_slash":
        return f"{WEEKDAYS[value.weekday()]} {value:%d/%m/%Y}"
    raise ValueError(f"unknown date style {style!r}")


# Amount styles a truth amount may be printed in by a wave-3 family.
AMOUNT_STYLES_W3 = ("dot_sym", "eur_fr", "sym_ttc")


def fmt_money_w3(cents: int, style: str) -> str:
    """Format an amount.

    ``dot_sym`` 1.234,50 €, ``eur_fr`` EUR 1 234,50, ``sym_ttc`` 1 234 € TTC
    (whole euros, else 1 234,50 € TTC).
    """
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if style == "dot_sym":
        return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d} €"
    if style == "eur_fr":
        return f"EUR {sign}{euros:,}".replace(",", " ") + f",{rest:02d}"
    if style == "sym_ttc":
        grouped = f"{sign}{euros:,}".replace(",", " ")
        return f"{grouped} € TTC" if rest == 0 else f"{grouped},{rest:02d} € TTC"
    raise ValueError(f"unknown amount style {style!r}")


def plain_money(cents: int) -> str:
    """``1 234,50`` (no currency: a cell under a heading in euros, a figure in a sentence)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros:,}".replace(",", " ") + f",{rest:02d}"


# --------------------------------------------------------------------------- numbers in words

_UNITS = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in _TENS:
        if unit == 0:
            return _TENS[tens]
        if unit == 1:
            return f"{_TENS[tens]} et un"
        return f"{_TENS[tens]}-{_UNITS[unit]}"
    if tens == 7:
        return "soixante et onze" if unit == 1 else f"soixante-{_UNITS[10 + unit]}"
    # 80-99
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_UNITS[n - 80]}"


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {_below_100(rest)}"


def french_words(n: int) -> str:
    """``4350`` → ``quatre mille trois cent cinquante`` (0 ≤ n < 1 000 000)."""
    if not 0 <= n < 1_000_000:
        raise ValueError("out of range")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_1000(rest)
    if thousands == 1:
        head = "mille"
    else:
        multiplier = _below_1000(thousands)  # no plural s before « mille »: deux cent mille
        if multiplier.endswith(("cents", "vingts")):
            multiplier = multiplier[:-1]
        head = f"{multiplier} mille"
    return head if rest == 0 else f"{head} {_below_1000(rest)}"


def amount_in_words(cents: int) -> str:
    """``mille deux cent trente-quatre euros et cinquante centimes``."""
    euros, rest = divmod(cents, 100)
    text = f"{french_words(euros)} euro{'s' if euros > 1 else ''}"
    if rest:
        text += f" et {french_words(rest)} centime{'s' if rest > 1 else ''}"
    return text


# --------------------------------------------------------------------------- people and places

# Names of the other people a document mentions (landlords, advisers, hosts,
# spouses, signatories): no word in common with the applicants' last names
# (people.LAST_NAMES), so that none of them can pass for the holder.
OTHER_GIVEN = (
    "Bernadette",
    "Gilles",
    "Josiane",
    "Marcel",
    "Odile",
    "Roland",
    "Yvette",
    "Didier",
    "Colette",
    "Patrick",
    "Monique",
    "Alain",
    "Sylvie",
    "Thierry",
)


def proper_city(postal_code: str, printed: str) -> str:
    """The city's usual spelling (``Aix-en-Provence``) for a postal code of the region, else ``printed``."""
    for city, code, _ in SUD_CITIES:
        if code == postal_code and fold_text(city) == fold_text(printed):
            return city
    return printed.title()


def complement_line(rng: random.Random, host_names: tuple[str, ...]) -> str | None:
    """An address complement printed above the street line: ``chez …``, ``Bât. …`` (or None)."""
    roll = rng.random()
    if roll < 0.25:
        return f"chez {rng.choice(('M.', 'Mme'))} {rng.choice(host_names)}"
    if roll < 0.6:
        building = rng.choice("ABCDEFG") + rng.choice(("", "", "1", "2"))
        return rng.choice(
            (
                f"Bât. {building} - Appt {rng.randint(1, 64)}",
                f"Bât. {building}, {rng.randint(1, 9)}e étage",
                f"Bât. {building} Esc. {rng.randint(1, 4)}",
            )
        )
    return None


def of_city(city: str) -> str:
    """``de Gap``, ``d'Aix-en-Provence``, ``du Cannet``, ``de La Ciotat``."""
    if city.startswith("Le "):
        return f"du {city[3:]}"
    if city[0] in "AEIOUYÉH":
        return f"d'{city}"
    return f"de {city}"


# --------------------------------------------------------------------------- drawing


def notebook_paper(dc: DocCanvas, top: float, bottom: float, rng: random.Random) -> float:
    """Seyès ruling (faint lines every 2 mm, stronger every 8 mm, a red margin); return the line pitch.

    Shapes only. Text written on the paper should sit on the strong lines
    (``top + k * pitch``).
    """
    pitch = 8 * 72 / 25.4
    c = dc.canvas
    c.saveState()
    y = top
    k = 0
    while y <= bottom:
        strong = k % 4 == 0
        c.setStrokeColorRGB(*((0.6, 0.67, 0.88) if strong else (0.84, 0.87, 0.95)))
        c.setLineWidth(0.55 if strong else 0.3)
        c.line(18, dc.height - y, dc.width - 18, dc.height - y)
        y += pitch / 4
        k += 1
    c.setStrokeColorRGB(0.85, 0.35, 0.45)
    c.setLineWidth(0.7)
    margin = 62 + rng.uniform(-2, 2)
    c.line(margin, dc.height - top + 10, margin, dc.height - bottom)
    c.restoreState()
    return pitch


def handwrite(
    dc: DocCanvas,
    x: float,
    y: float,
    value: str,
    rng: random.Random,
    *,
    font: str,
    size: float = 13,
    color: Color = (0.12, 0.18, 0.52),
    max_width: float | None = None,
) -> float:
    """A line written by hand: ink colour, an italic face, a baseline and margin slightly off.

    Returns the width drawn.
    """
    dx = rng.uniform(-1.5, 3.5)
    dy = rng.uniform(-1.0, 0.8)
    if max_width is not None:
        used = fit(dc, x + dx, y + dy, value, max_width - dx, font=font, size=size, color=color)
        return width_of(value, font, used)
    return dc.text(x + dx, y + dy, value, size=size, font=font, color=color)


def underline_stroke(dc: DocCanvas, x: float, y: float, w: float, rng: random.Random, color: Color) -> None:
    """A hand-drawn underline (slightly wavy)."""
    phase = rng.uniform(0, math.pi)
    points = [(x + w * i / 20, y + math.sin(i / 3 + phase) * 0.8) for i in range(21)]
    dc.polyline(points, color=color, line_width=0.9)


def checkbox(dc: DocCanvas, x: float, y: float, size: float, checked: bool, color: Color = BLACK) -> None:
    """A check box whose top-left corner is at (x, y), ticked or not (shapes only)."""
    dc.rect(x, y, size, size, fill=None, stroke=color, line_width=0.6)
    if checked:
        dc.polyline(
            [
                (x + size * 0.18, y + size * 0.55),
                (x + size * 0.42, y + size * 0.8),
                (x + size * 0.85, y + size * 0.2),
            ],
            color=color,
            line_width=1.1,
        )


def window_marks(dc: DocCanvas, x: float, y: float, w: float, h: float, color: Color = LIGHT_GREY) -> None:
    """The corner marks of a window envelope's address zone (shapes only)."""
    arm = 9
    for cx, cy, sx, sy in ((x, y, 1, 1), (x + w, y, -1, 1), (x, y + h, 1, -1), (x + w, y + h, -1, -1)):
        dc.polyline([(cx + sx * arm, cy), (cx, cy), (cx, cy + sy * arm)], color=color, line_width=0.8)


def legend_box(
    dc: DocCanvas,
    x: float,
    y: float,
    w: float,
    h: float,
    legend: str,
    *,
    font: str,
    size: float = 7.5,
    color: Color = GREY,
) -> None:
    """A rounded frame whose legend sits on its top edge (the legend's baseline at ``y + 2``)."""
    dc.rect(x, y, w, h, fill=None, stroke=color, line_width=0.7, radius=4)
    lw = width_of(legend, font, size)
    dc.rect(x + 8, y - size * 0.6, lw + 6, size * 1.1, fill=WHITE, stroke=None)
    dc.text(x + 11, y + 2.5, legend, size=size, font=font, color=color)


def tear_off(dc: DocCanvas, y: float, color: Color = GREY) -> None:
    """A dashed cutting rule across the page with small scissors marks (shapes only)."""
    x = 30
    while x < dc.width - 30:
        dc.hline(x, x + 5, y, color=color, line_width=0.6)
        x += 9
    dc.circle(34, y - 3, 2.2, fill=WHITE, stroke=color)
    dc.circle(34, y + 3, 2.2, fill=WHITE, stroke=color)


def pill(dc: DocCanvas, x: float, y: float, w: float, h: float, fill: Color) -> None:
    """A rounded background (top-left at x, y)."""
    dc.rect(x, y, w, h, fill=fill, stroke=None, radius=h / 2 if h < 24 else 8)


def bilingual_label(
    dc: DocCanvas,
    x: float,
    y: float,
    first: str,
    second: str,
    fonts: FontSet,
    *,
    size: float = 8.5,
    color: Color = BLACK,
    second_color: Color = GREY,
) -> None:
    """Two labels of one field, the second (a translation) in small italics under the first."""
    dc.text(x, y, first, size=size, font=fonts.bold, color=color)
    dc.text(x, y + size * 1.15, second, size=size * 0.85, font=fonts.italic, color=second_color)


def small_print(
    dc: DocCanvas, lines: list[str], *, font: str, size: float = 6.5, bottom: float = 30, color: Color = GREY
) -> None:
    """Centred legal lines at the foot of the page (the last at ``bottom`` from the page's bottom)."""
    for i, line in enumerate(reversed(lines)):
        fit(
            dc,
            dc.width / 2,
            dc.height - bottom - i * size * 1.3,
            line,
            dc.width - 60,
            font=font,
            size=size,
            color=color,
            align="center",
        )


def cell_table(
    dc: DocCanvas,
    x: float,
    y: float,
    widths: list[float],
    header: list[str] | None,
    rows: list[list[str]],
    *,
    fonts: FontSet,
    size: float = 8,
    aligns: str | None = None,
    header_fill: Color | None = (0.88, 0.9, 0.94),
    header_color: Color = BLACK,
    zebra: Color | None = None,
    grid: Color | None = LIGHT_GREY,
    row_height: float | None = None,
    bold_rows: tuple[int, ...] = (),
    vertical: bool = True,
) -> float:
    """A table whose cells shrink a value too wide for them; return the y under it.

    ``aligns``: one letter per column (``l``, ``r``, ``c``); ``bold_rows``:
    indexes of rows drawn bold (negative from the end); ``zebra``: a fill for
    every other row; ``vertical``: rule the columns too.
    """
    aligns = aligns or "l" * len(widths)
    row_height = row_height or size * 2.1
    total = sum(widths)
    bold = {i % len(rows) for i in bold_rows} if rows else set()

    def draw_row(cells: list[str], top: float, font: str, color: Color) -> None:
        cx = x
        for cell, w, a in zip(cells, widths, aligns, strict=True):
            base = top + row_height * 0.66
            if a == "r":
                fit(dc, cx + w - 4, base, cell, w - 8, font=font, size=size, color=color, align="right")
            elif a == "c":
                fit(dc, cx + w / 2, base, cell, w - 8, font=font, size=size, color=color, align="center")
            else:
                fit(dc, cx + 4, base, cell, w - 8, font=font, size=size, color=color)
            cx += w

    top = y
    if header is not None:
        if header_fill is not None:
            dc.rect(x, top, total, row_height, fill=header_fill, stroke=None)
        draw_row(header, top, fonts.bold, header_color)
        top += row_height
    for i, cells in enumerate(rows):
        if zebra is not None and i % 2 == 1:
            dc.rect(x, top, total, row_height, fill=zebra, stroke=None)
        draw_row(cells, top, fonts.bold if i in bold else fonts.regular, BLACK)
        top += row_height
        if grid is not None:
            dc.hline(x, x + total, top, color=grid)
    if grid is not None:
        dc.rect(x, y, total, top - y, fill=None, stroke=grid)
        if vertical:
            cx = x
            c = dc.canvas
            c.setStrokeColorRGB(*grid)
            c.setLineWidth(0.5)
            for w in widths[:-1]:
                cx += w
                c.line(cx, dc.height - y, cx, dc.height - top)
    return top
