"""Amounts of money and numbers of hours, in the formats documents print them."""

from __future__ import annotations

import re

from extractors.fields.dates import find_dates
from extractors.fields.parsed import Parsed, digitise_numeric_tokens, penalty
from extractors.fields.text import fold

_AMOUNT = re.compile(
    r"(?<![0-9a-z.,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:\s?[,.]\s?(\d{1,2}))?(?![0-9])"
    r"(\s*(?:€|eur\b|euros?\b|e\b))?"
)


def parse_amount(text: str, *, require_currency: bool = False) -> Parsed | None:
    """The first amount in ``text`` (French formats) as a float with 2 decimals.

    ``4 350,00 €``, ``4350.00 EUR``, ``4 350 €``, ``4.350,00 €``. With
    ``require_currency`` only amounts followed by € / EUR / euros count.
    """
    digits, n = digitise_numeric_tokens(text)
    folded = fold(digits)
    found: list[tuple[int, Parsed]] = []
    dates = [(d.start, d.end) for d in find_dates(text)]
    for match in _AMOUNT.finditer(folded):
        if any(a < match.end(1) and match.start() < b for a, b in dates):
            continue  # a piece of a date, not an amount
        whole, cents, currency = match.group(1), match.group(2), match.group(3)
        if require_currency and not currency:
            continue
        integer = re.sub(r"[ .]", "", whole)
        if not integer or len(integer) > 9:
            continue
        value = float(integer) + (float(f"0.{cents:0<2}") if cents else 0.0)
        end = match.end(3) if currency else match.end(2) if cents else match.end(1)
        rank = 0 if currency else 1 if cents else 2
        found.append((rank, Parsed(round(value, 2), match.start(), end, penalty(n))))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1].start))[1]


_HOURS = re.compile(r"(?<![0-9.,])(\d{1,3}(?: \d{3})*|\d+)(?:[.,](\d{1,2}))?\s*(?:heures?|hrs?|h)(?![a-z])")


def parse_hours(text: str) -> Parsed | None:
    """A number of hours: ``798 heures``, ``798 h``, ``798h``, ``35,5 heures``."""
    digits, n = digitise_numeric_tokens(text)
    match = _HOURS.search(fold(digits))
    if not match:
        return None
    whole = int(match.group(1).replace(" ", ""))
    if whole <= 0:
        return None
    if match.group(2) and int(match.group(2)):
        value: int | float = round(whole + float(f"0.{match.group(2)}"), 2)
    else:
        value = whole
    return Parsed(value, match.start(), match.end(), penalty(n))
