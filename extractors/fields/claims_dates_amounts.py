"""Finding a claimed date, amount of money or duration on the page, in any format.

``find_date`` matches a date in any date format (a two-digit year by its last
digits); ``find_amount`` an amount to the cent, printed as money (a bare
number only on a line with a label of the field, never a duration);
``find_hours`` a duration (``798 h``, ``Durée : 798``, 798 under a column
headed « Heures »).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from extractors.fields.amounts import HOURS, amount_hits
from extractors.fields.claims import Found, Piece
from extractors.fields.dates import date_hits
from extractors.fields.labels import Label
from extractors.fields.pairing import header_above
from extractors.fields.text import Line


def find_date(lines: Sequence[Line], day: date) -> list[Found]:
    """Every place ``day`` is printed, in any date format (a two-digit year matches its last digits)."""
    out = []
    for i, line in enumerate(lines):
        for hit in date_hits(line.text):
            same = hit.value == day or (
                hit.short_year
                and (hit.value.day, hit.value.month, hit.value.year % 100)
                == (day.day, day.month, day.year % 100)
            )
            if same:
                out.append(Found((Piece(i, hit.start, hit.end),), day.isoformat(), hit.penalty))
    return out


_HOURS_AFTER = re.compile(r"^\s*(?:h\b|h\d|heures?\b|hrs?\b|hours?\b|std\b|stunden\b)")


def find_amount(lines: Sequence[Line], amount: Decimal, *, context: Sequence[Label] = ()) -> list[Found]:
    """Every place ``amount`` is printed as money, to the cent.

    An amount written without currency nor cents (``4350``) counts only on a
    line that holds one of the ``context`` labels; never one followed by
    ``h`` / ``heures`` (a duration).
    """
    out = []
    for i, line in enumerate(lines):
        labelled = any(lab.regex.search(line.folded) for lab in context)
        for hit in amount_hits(line.text):
            if hit.value != amount:
                continue
            if _HOURS_AFTER.match(line.folded[hit.end :]):
                continue
            if not (hit.currency or hit.cents or labelled):
                continue
            quality = hit.penalty * (1.0 if hit.currency else 0.95)
            out.append(Found((Piece(i, hit.start, hit.end),), float(amount), quality))
    return sorted(out, key=lambda f: -f.quality)


def find_hours(lines: Sequence[Line], hours: float, *, context: Sequence[Label] = ()) -> list[Found]:
    """Every place a duration of ``hours`` is printed (``798 h``, ``798 heures``, ``Durée : 798``)."""
    out = []
    wanted = round(float(hours), 2)
    value: int | float = int(wanted) if wanted == int(wanted) else wanted
    for i, line in enumerate(lines):
        for match in HOURS.finditer(line.folded):
            number = float(match.group(1).replace(" ", "") + ("." + match.group(2) if match.group(2) else ""))
            if round(number, 2) == wanted:
                out.append(Found((Piece(i, match.start(), match.end()),), value, 1.0))
        labelled = any(lab.regex.search(line.folded) for lab in context)
        for match in re.finditer(r"(?<![0-9.,])(\d{1,4})(?![0-9.,])", line.folded):
            if float(match.group(1)) != wanted or any(f.start == match.start() for f in out):
                continue
            header = None if labelled else header_above(lines, i, match.start(), match.end())
            if labelled or (header is not None and any(lab.regex.search(header) for lab in context)):
                # « Durée : 798 », or 798 in a column headed « Heures »
                out.append(Found((Piece(i, match.start(), match.end()),), value, 0.9))
    return sorted(out, key=lambda f: -f.quality)
