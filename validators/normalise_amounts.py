"""Reading and writing amounts in euros as French documents and caseworkers write them.

``parse_amount_fr`` reads "4 350,00 €" and its variants (thousands grouped
by three, ambiguous and absurd amounts refused); ``format_amount_fr`` writes
one. Pure and total, like every normaliser (``validators.normalise``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from validators.normalise import single_spaces

# Largest amount accepted: no training costs a thousand billion euros, and a
# bound keeps Decimal arithmetic (cents) exact.
MAX_AMOUNT = Decimal("1000000000000")


_CURRENCY_RE = re.compile(r"^(?:euros?|eur|€) ?|(?: ?(?:euros?|eur|€))?(?: ?ttc)?$")
_DECIMAL_TAIL_RE = re.compile(r"^(?P<int>.*?)(?P<sep>[.,])(?P<dec>[0-9]{1,2})$")
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(?P<sep>[ .,'’])[0-9]{3}(?:(?P=sep)[0-9]{3})*$")


def parse_amount_fr(text: Any) -> Decimal | None:
    """Return an amount in euros, or None.

    Accepts "4 350,00 €", "4350.00 EUR", "4 350 €", "4.350,00", "4 350,00 € TTC",
    with plain, no-break or narrow no-break spaces, and numbers (int, float,
    Decimal). Thousands separators must group by three. Ambiguous ("4,350":
    4.35 or 4350?), negative and absurd (≥ 10¹² €) amounts give None.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float, Decimal)):
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            return None
        return value if value.is_finite() and 0 <= value < MAX_AMOUNT else None
    if not isinstance(text, str) or len(text) > 200:
        return None
    s = _CURRENCY_RE.sub("", single_spaces(text).casefold()).strip()
    if not re.fullmatch(r"[0-9](?:[0-9 .,'’]*[0-9])?", s):
        return None
    int_part, sep, dec = s, "", ""
    tail = _DECIMAL_TAIL_RE.match(s)
    if tail:
        int_part, sep, dec = tail.group("int"), tail.group("sep"), tail.group("dec")
    if re.fullmatch(r"[0-9]+", int_part):
        digits = int_part
    else:
        grouped = _GROUPED_RE.match(int_part)
        if not grouped or grouped.group("sep") == sep:
            return None
        if grouped.group("sep") == "," and sep != ".":
            return None  # "4,350": French decimal comma or English thousands?
        digits = re.sub(r"[^0-9]", "", int_part)
    value = Decimal(f"{digits}.{dec}" if dec else digits)
    return value if value < MAX_AMOUNT else None


def format_amount_fr(amount: Decimal | None) -> str:
    """Format an amount as a caseworker reads it: "4 350,00 €" ("?" when unknown)."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return "?"
    whole, cents = f"{amount.quantize(Decimal('0.01')):,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} €"
