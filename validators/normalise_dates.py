"""Reading and writing dates as French documents and caseworkers write them.

``parse_date_fr`` finds the one date written in a text, in the numeric and
French month-name formats; ``add_months`` moves a date by calendar months;
``format_date_fr`` writes dd/mm/yyyy. Pure and total, like every normaliser
(``validators.normalise``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any

from models.months import FRENCH_MONTHS
from validators.normalise import MAX_PARSE_LENGTH, plain_text, single_spaces

# Also "mar" and "sep", which forms write; the extractors do not take them from free text.
_MONTHS = {**FRENCH_MONTHS, "mar": 3, "sep": 9}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        # 2026-03-12
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)",
        # 12/03/2026, 12.03.2026, 12-03-2026 (one separator throughout)
        r"(?<!\d)(?P<d>\d{1,2}) ?(?P<sep>[/.-]) ?(?P<m>\d{1,2}) ?(?P=sep) ?(?P<y>\d{4})(?!\d)",
        # 12 03 2026 (identity documents)
        r"(?<![\d/.-])(?P<d>\d{1,2}) (?P<m>\d{1,2}) (?P<y>\d{4})(?!\d)",
        # 12 mars 2026, 1er mars 2026, 12 sept. 2026
        r"(?<![a-z0-9])(?P<d>\d{1,2}) ?(?:er)? (?P<m>" + _MONTH_RE + r")\.? ?(?P<y>\d{4})(?!\d)",
    )
)


def parse_date_fr(text: Any) -> date | None:
    """Return the one date written in ``text``, or None.

    Accepts "12/03/2026", "12.03.2026", "12-03-2026", "12 03 2026",
    "12 mars 2026", "1er mars 2026", "12 sept. 2026" and "2026-03-12", with or
    without surrounding words ("Fait à Marseille, le 12/03/2026"). Returns None
    when there is no valid date, or when the text holds two different dates
    ("Du 11/01/2027 au 25/06/2027"): guessing which one is meant is not this
    function's job. Years outside 1900–2199 are refused. A ``date`` is
    returned as is.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or len(text) > MAX_PARSE_LENGTH:
        return None
    plain = single_spaces(plain_text(text))
    found: set[date] = set()
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(plain):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _make_date(match.group("d"), match.group("m"), match.group("y"))
            if value is not None:
                found.add(value)
                taken.append(match.span())
    return found.pop() if len(found) == 1 else None


def _make_date(day: str, month: str, year: str) -> date | None:
    """Return a valid date from its parts (month as digits or a French month name), or None."""
    try:
        m = int(month) if month.isdigit() else _MONTHS[month]
        y = int(year)
        if not 1900 <= y <= 2199:
            return None
        return date(y, m, int(day))
    except (KeyError, ValueError):
        return None


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the month's end.

    ``add_months(date(2026, 11, 20), -3) == date(2026, 8, 20)``;
    ``add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)``.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def format_date_fr(d: date | None) -> str:
    """Format a date as a caseworker reads it: dd/mm/yyyy ("?" when unknown)."""
    return d.strftime("%d/%m/%Y") if isinstance(d, date) else "?"
