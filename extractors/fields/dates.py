"""Dates as documents print them: numeric, ISO, spaced, glued by OCR, or with a month name.

``date_hits`` finds every date of a text with its span; ``find_dates`` and
``parse_date`` give them as ``Parsed`` ISO strings for the label readers.
Accepted forms (folded text, so case and accents do not matter):

* numeric, day first: ``12/03/2026``, ``12.03.2026``, ``12-03-2026``,
  ``6/3/2026``, ``12 03 2026``, and with a two-digit year ``06.03.26``
  (century: 20xx below 50, else 19xx; the hit says the year was short);
* ISO and year first: ``2026-03-12``, ``2026/03/12``, ``2026.03.12``;
* a month name: ``12 mars 2026``, ``1er mars 2026``, ``12 MARS/MAR 2026``,
  ``6. März 2026``, ``March 6, 2026``, ``Mar 6 2026`` (French, English and
  German names and their usual short forms, OCR-damaged names matched
  fuzzily for the longer ones);
* a range whose first date borrows the second's year (and month):
  ``du 11 janvier au 20 janvier 2027``, ``du 11 au 20 janvier 2027``,
  ``du 11/01 au 20/06/2027``;
* OCR damage: look-alikes of digits (``O``, ``l``, ``I``…) repaired and one
  lost separator (``0711/2026``), each with a confidence penalty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import Levenshtein

from extractors.fields.parsed import Parsed, digitise, penalty
from extractors.fields.text import fold
from models.months import ENGLISH_MONTHS, ENGLISH_SHORT_MONTHS, FRENCH_MONTHS, GERMAN_MONTHS

# French first: "mai" is May in French and German alike; the fuzzy match tries names in this order.
MONTHS = {**FRENCH_MONTHS, **ENGLISH_MONTHS, **ENGLISH_SHORT_MONTHS, **GERMAN_MONTHS}
_FULL_MONTHS = [m for m in MONTHS if len(m) >= 4]
# Names that may come before the day ("March 6, 2026"): exact names only, never fuzzy.
_LEADING_MONTHS = {**ENGLISH_MONTHS, **ENGLISH_SHORT_MONTHS, **GERMAN_MONTHS}

_D = r"[0-9oilsbz|]"
# Not inside a longer run of digit groups (phone numbers "04.91.23.45.67", references).
_NOT_AFTER = r"(?<![0-9])(?<![0-9][./-])"
_NOT_BEFORE = r"(?![0-9])(?![./-][0-9])"
_NUMERIC_DATE = re.compile(
    rf"{_NOT_AFTER}({_D}{{1,2}})\s?([/.\-])\s?({_D}{{1,2}})\s?\2\s?({_D}{{4}}){_NOT_BEFORE}"
)
_SHORT_YEAR_DATE = re.compile(rf"{_NOT_AFTER}(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{2}}){_NOT_BEFORE}")
_SPACED_DATE = re.compile(rf"(?<![0-9])({_D}{{2}}) {{1,2}}({_D}{{2}}) {{1,2}}({_D}{{4}})(?![0-9])")
_YEAR_FIRST_DATE = re.compile(rf"{_NOT_AFTER}((?:19|20)\d\d)([-/.])(\d\d)\2(\d\d){_NOT_BEFORE}")
# One separator lost by the OCR: 0711/2026, 07/112026.
_GLUED_DATES = (
    re.compile(r"(?<![0-9])(\d\d)(\d\d)[/.\-]((?:19|20)\d\d)(?![0-9])"),
    re.compile(r"(?<![0-9])(\d\d)[/.\-](\d\d)((?:19|20)\d\d)(?![0-9])"),
)
_TEXT_DATE = re.compile(
    rf"(?<![0-9a-z])({_D}{{1,2}}|1\s?er|ler|ier)\.?\s*([a-z0-9]{{3,10}})\.?"
    rf"(?:\s?/\s?[a-z]{{3,10}}\.?)?,?\s*({_D}{{4}})(?![0-9])"
)
_MONTH_FIRST_DATE = re.compile(
    r"(?<![0-9a-z])([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?![0-9])"
)


# A range whose first date omits what the second gives: "du 11 janvier au 20 janvier 2027",
# "du 11 au 20 janvier 2027", "du 11/01 au 20/06/2027" (the first date's year, and month, from the second).
_TO = r"\s*(?:au|a|-|jusqu'au|to|bis)\s*"
_TEXT_RANGE = re.compile(
    rf"(?<![0-9a-z])(\d{{1,2}}|1\s?er|ler|ier)\s*(?:([a-z]{{3,10}})\.?)?{_TO}(\d{{1,2}}|1\s?er|ler|ier)"
    rf"\s*([a-z]{{3,10}})\.?\s*((?:19|20)\d\d)(?![0-9])"
)
_NUMERIC_RANGE = re.compile(
    rf"(?<![0-9./-])(\d{{1,2}})[/.](\d{{1,2}}){_TO}(\d{{1,2}})[/.](\d{{1,2}})[/.]((?:19|20)\d\d)(?![0-9])"
)


@dataclass(frozen=True)
class DateHit:
    """A date found in a text: its value, its span, how sure the reading is."""

    value: date
    start: int
    end: int
    penalty: float = 1.0
    short_year: bool = False  # printed with two digits: the century is a guess


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


def _make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        y, m, d = int(year), int(month), int(day)
        if not 1900 <= y <= 2100:
            return None
        return date(y, m, d)
    except ValueError:
        return None


def _real_digits(*groups: str) -> int:
    return sum(c.isdigit() for g in groups for c in g)


def century(two_digits: int) -> int:
    """The year of a two-digit year: 20xx below 50, else 19xx."""
    return 2000 + two_digits if two_digits < 50 else 1900 + two_digits


def date_hits(text: str) -> list[DateHit]:
    """Every date in ``text``, in text order (one per starting position)."""
    folded = fold(text)
    found: dict[int, DateHit] = {}

    def add(start: int, end: int, value: date | None, factor: float, *, short: bool = False) -> None:
        if value is not None and start not in found:
            found[start] = DateHit(value, start, end, factor, short)

    for match in _NUMERIC_DATE.finditer(folded):
        day, month, year = match.group(1), match.group(3), match.group(4)
        if _real_digits(day) < 1 or _real_digits(month) < 1 or _real_digits(year) < 3:
            continue
        (d, n1), (m, n2), (y, n3) = digitise(day), digitise(month), digitise(year)
        add(match.start(), match.end(), _make_date(y, m, d), penalty(n1 + n2 + n3))
    for match in _YEAR_FIRST_DATE.finditer(folded):
        year, _, month, day = match.groups()
        add(match.start(), match.end(), _make_date(year, month, day), 1.0)
    for match in _SPACED_DATE.finditer(folded):
        day, month, year = match.groups()
        if _real_digits(day) < 1 or _real_digits(month) < 1 or _real_digits(year) < 3:
            continue
        (d, n1), (m, n2), (y, n3) = digitise(day), digitise(month), digitise(year)
        add(match.start(), match.end(), _make_date(y, m, d), penalty(n1 + n2 + n3) * 0.98)
    for regex in _GLUED_DATES:
        for match in regex.finditer(folded):
            add(match.start(), match.end(), _make_date(match.group(3), match.group(2), match.group(1)), 0.85)
    for match in _TEXT_DATE.finditer(folded):
        day, month_token, year = match.groups()
        month = _month(month_token)
        if month is None or _real_digits(year) < 3:
            continue
        day_clean = "1" if re.fullmatch(r"1\s?er|ler|ier", day) else day
        if day_clean is day and _real_digits(day) < 1:
            continue
        (d, n1), (y, n3) = digitise(day_clean), digitise(year)
        add(match.start(), match.end(), _make_date(y, month[0], d), penalty(n1 + n3) * month[1])
    for match in _MONTH_FIRST_DATE.finditer(folded):
        name, day, year = match.groups()
        if name in _LEADING_MONTHS:
            add(match.start(), match.end(), _make_date(year, _LEADING_MONTHS[name], day), 1.0)
    for start, end, day, month, last_day, last_month, year in _range_starts(folded):
        first_year = year if (month, day) <= (last_month, last_day) else year - 1
        add(start, end, _make_date(first_year, month, day), 0.95)
    for match in _SHORT_YEAR_DATE.finditer(folded):
        if any(h.start <= match.start() < h.end for h in found.values()):
            continue  # the start of a four-digit-year date already found
        day, _, month, year = match.groups()
        value = _make_date(century(int(year)), month, day)
        add(match.start(), match.end(), value, 0.95, short=True)
    return [found[k] for k in sorted(found)]


def _day(token: str) -> int:
    return 1 if token.endswith("er") else int(token)


def _range_starts(folded: str) -> list[tuple[int, int, int, int, int, int, int]]:
    """First dates of ranges that borrow their month or year from the second date.

    Each is (start, end, day, month, last day, last month, year of the second date).
    """
    out = []
    for match in _TEXT_RANGE.finditer(folded):
        first_day, first_month, last_day, last_month, year = match.groups()
        last = _month(last_month)
        month = _month(first_month) if first_month else last
        if last is None or month is None:
            continue
        end = match.end(2) if first_month else match.end(1)
        out.append((match.start(), end, _day(first_day), month[0], _day(last_day), last[0], int(year)))
    for match in _NUMERIC_RANGE.finditer(folded):
        d1, m1, d2, m2, year = (int(g) for g in match.groups())
        out.append((match.start(), match.end(2), d1, m1, d2, m2, year))
    return out


def find_dates(text: str) -> list[Parsed]:
    """Every date in ``text`` as ``Parsed`` ISO strings (``YYYY-MM-DD``), in text order."""
    return [Parsed(h.value.isoformat(), h.start, h.end, h.penalty) for h in date_hits(text)]


def parse_date(text: str) -> Parsed | None:
    """The first date in ``text``."""
    dates = find_dates(text)
    return dates[0] if dates else None
