"""Amounts of money and numbers of hours, in the formats documents print them.

``amount_hits`` finds every amount of a text: thousands grouped by a space,
a dot, a comma or an apostrophe (``4 350,00``, ``4.350,00``, ``4,350.00``,
``4'350.00``) or not at all, cents after a comma or a dot, the currency
before or after (``€``, ``EUR``, ``euros``) or absent. Numbers inside a date
are not amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.fields.dates import date_hits
from extractors.fields.parsed import Parsed, digitise_numeric_tokens, penalty
from extractors.fields.text import fold

_CURRENCY = r"(?:€|eur\b|euros?\b|e\b)"
_CURRENCY_BEFORE = r"(?:€|(?<![a-z])eur(?:os?)?\b)"
_AMOUNT = re.compile(
    rf"(?P<pre>{_CURRENCY_BEFORE}\s*)?"
    r"(?<![0-9a-z.,])(?P<whole>\d{1,3}(?:(?P<sep>[ .,'])\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r"(?:\s?(?P<dec>[,.])\s?(?P<cents>\d{1,2}))?(?![0-9])"
    rf"(?P<post>\s*{_CURRENCY})?"
)


@dataclass(frozen=True)
class AmountHit:
    """An amount found in a text, with its span and how it was written."""

    value: Decimal
    start: int
    end: int
    currency: bool  # written with €, EUR or euros
    cents: bool  # written with decimals
    penalty: float = 1.0


def amount_hits(text: str) -> list[AmountHit]:
    """Every amount in ``text``, in text order; look-alike digits repaired (with a penalty)."""
    digits, n = digitise_numeric_tokens(text)
    folded = fold(digits)
    dates = [(d.start, d.end) for d in date_hits(text)]
    out = []
    for match in _AMOUNT.finditer(folded):
        whole, sep, dec, cents = match["whole"], match["sep"], match["dec"], match["cents"]
        start = match.start("whole")
        if any(a < match.end("whole") and start < b for a, b in dates):
            continue  # a piece of a date, not an amount
        if sep is not None and dec == sep:
            continue  # "1.234.5": not a well-formed amount
        integer = whole.replace(sep, "") if sep else whole
        if not integer or len(integer) > 9:
            continue
        value = Decimal(integer) + (Decimal(f"0.{cents:0<2}") if cents else Decimal(0))
        currency = bool(match["pre"] or match["post"])
        begin = match.start("pre") if match["pre"] else start
        end = match.end("post") if match["post"] else match.end("cents") if cents else match.end("whole")
        out.append(AmountHit(value, begin, end, currency, bool(cents), penalty(n)))
    return out


def parse_amount(text: str, *, require_currency: bool = False) -> Parsed | None:
    """The amount of ``text`` as a float with 2 decimals: with a currency first, then with cents.

    ``4 350,00 €``, ``4350.00 EUR``, ``EUR 4350.00``, ``4 350 €``, ``4.350,00 €``.
    With ``require_currency`` only amounts written with € / EUR / euros count.
    """
    found = [h for h in amount_hits(text) if h.currency or not require_currency]
    if not found:
        return None
    best = min(found, key=lambda h: (0 if h.currency else 1 if h.cents else 2, h.start))
    return Parsed(float(round(best.value, 2)), best.start, best.end, best.penalty)


HOURS = re.compile(
    r"(?<![0-9.,])(\d{1,3}(?: \d{3})*|\d+)(?:[.,](\d{1,2}))?\s*"
    r"(?:heures?|hrs?|hours?|std\.?|stunden|h)(?![a-z])"
)


def parse_hours(text: str) -> Parsed | None:
    """A number of hours: ``798 heures``, ``798 h``, ``798h``, ``35,5 heures``, ``798 hours``."""
    digits, n = digitise_numeric_tokens(text)
    match = HOURS.search(fold(digits))
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
