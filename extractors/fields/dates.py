"""Dates as documents print them: numeric, ISO, spaced, glued by OCR, or with a month name."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz.distance import Levenshtein

from extractors.fields.parsed import Parsed, digitise, penalty
from extractors.fields.text import fold
from models.months import ENGLISH_MONTHS, FRENCH_MONTHS

# Dates in words: French then English names (the order the fuzzy match tries them).
MONTHS = {**FRENCH_MONTHS, **ENGLISH_MONTHS}
_FULL_MONTHS = [m for m in MONTHS if len(m) >= 4]

_D = r"[0-9oilsbz|]"
_NUMERIC_DATE = re.compile(rf"(?<![0-9])({_D}{{1,2}})\s?([/.\-])\s?({_D}{{1,2}})\s?\2\s?({_D}{{4}})(?![0-9])")
_SPACED_DATE = re.compile(rf"(?<![0-9])({_D}{{2}}) {{1,2}}({_D}{{2}}) {{1,2}}({_D}{{4}})(?![0-9])")
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![0-9])")
# One separator lost by the OCR: 0711/2026, 07/112026.
_GLUED_DATES = (
    re.compile(r"(?<![0-9])(\d\d)(\d\d)[/.\-]((?:19|20)\d\d)(?![0-9])"),
    re.compile(r"(?<![0-9])(\d\d)[/.\-](\d\d)((?:19|20)\d\d)(?![0-9])"),
)
_TEXT_DATE = re.compile(
    rf"(?<![0-9a-z])({_D}{{1,2}}|1\s?er|ler|ier)\s*([a-z0-9]{{3,10}})\.?,?\s*({_D}{{4}})(?![0-9])"
)


def _digits(group: str) -> tuple[str, int]:
    fixed, n = digitise(group)
    return fixed, n


def _month(token: str) -> tuple[int, float] | None:
    token = token.translate(str.maketrans("0158", "oisb"))
    if sum(c.isalpha() for c in token) < 3:
        return None
    if token in MONTHS:
        return MONTHS[token], 1.0
    best, best_score = None, 0.0
    for name in _FULL_MONTHS:
        score = 1 - Levenshtein.normalized_distance(token, name)
        if score > best_score:
            best, best_score = name, score
    if best is not None and best_score >= 0.75 and len(token) >= 4:
        return MONTHS[best], 0.9
    return None


def _make_date(year: str, month: int, day: str) -> date | None:
    try:
        y, d = int(year), int(day)
        if not 1900 <= y <= 2100:
            return None
        return date(y, month, d)
    except ValueError:
        return None


def _real_digits(*groups: str) -> int:
    return sum(c.isdigit() for g in groups for c in g)


def find_dates(text: str) -> list[Parsed]:
    """Every French-format date in ``text`` (value ISO ``YYYY-MM-DD``), in text order.

    Accepted: ``12/03/2026``, ``12.03.2026``, ``12-03-2026``, ``12 03 2026``,
    ``12 mars 2026`` (with or without accents, abbreviated, ``1er``),
    ``2026-03-12``; OCR look-alikes of digits (``O``, ``l``, ``I``…) are
    repaired with a confidence penalty.
    """
    folded = fold(text)
    found: dict[int, Parsed] = {}
    for match in _NUMERIC_DATE.finditer(folded):
        day, month, year = match.group(1), match.group(3), match.group(4)
        if _real_digits(day) < 1 or _real_digits(month) < 1 or _real_digits(year) < 3:
            continue
        (d, n1), (m, n2), (y, n3) = _digits(day), _digits(month), _digits(year)
        value = _make_date(y, int(m), d)
        if value:
            found.setdefault(
                match.start(), Parsed(value.isoformat(), match.start(), match.end(), penalty(n1 + n2 + n3))
            )
    for match in _SPACED_DATE.finditer(folded):
        day, month, year = match.groups()
        if (
            match.start() in found
            or _real_digits(day) < 1
            or _real_digits(month) < 1
            or _real_digits(year) < 3
        ):
            continue
        (d, n1), (m, n2), (y, n3) = _digits(day), _digits(month), _digits(year)
        value = _make_date(y, int(m), d)
        if value:
            found[match.start()] = Parsed(
                value.isoformat(), match.start(), match.end(), penalty(n1 + n2 + n3) * 0.98
            )
    for regex in _GLUED_DATES:
        for match in regex.finditer(folded):
            value = _make_date(match.group(3), int(match.group(2)), match.group(1))
            if value:
                found.setdefault(match.start(), Parsed(value.isoformat(), match.start(), match.end(), 0.85))
    for match in _ISO_DATE.finditer(folded):
        value = _make_date(match.group(1), int(match.group(2)), match.group(3))
        if value:
            found.setdefault(match.start(), Parsed(value.isoformat(), match.start(), match.end()))
    for match in _TEXT_DATE.finditer(folded):
        day, month_token, year = match.groups()
        month = _month(month_token)
        if month is None or _real_digits(year) < 3:
            continue
        day_clean = "1" if re.fullmatch(r"1\s?er|ler|ier", day) else day
        if day_clean is day and _real_digits(day) < 1:
            continue
        (d, n1), (y, n3) = _digits(day_clean), _digits(year)
        value = _make_date(y, month[0], d)
        if value:
            found.setdefault(
                match.start(),
                Parsed(value.isoformat(), match.start(), match.end(), penalty(n1 + n3) * month[1]),
            )
    return [found[k] for k in sorted(found)]


def parse_date(text: str) -> Parsed | None:
    """The first date in ``text``."""
    dates = find_dates(text)
    return dates[0] if dates else None
