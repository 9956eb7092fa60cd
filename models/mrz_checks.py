"""ICAO 9303 check digits and ``YYMMDD`` dates of machine-readable zones.

``check_digit`` is the 7-3-1 weighted sum modulo 10 of the characters' values
(``char_value``: digits as is, A=10..Z=35, ``<`` = 0); ``check_holds`` says
whether a check digit is right. ``parse_yymmdd`` reads an MRZ date, with the
century of birth and expiry dates. Pure and dependency-free.
"""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 3, 1)


def char_value(char: str) -> int:
    """ICAO 9303 value of one MRZ character: digits as is, A=10..Z=35, ``<`` = 0.

    Raises ValueError for a character outside ``[0-9A-Z<]``.
    """
    if char.isdigit() and char.isascii():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"not an MRZ character: {char!r}")


def check_digit(data: str) -> str:
    """The ICAO 9303 check digit of ``data`` (weights 7-3-1, modulo 10), as a character.

    >>> check_digit("L898902C3")
    '6'
    >>> check_digit("740812")
    '2'
    """
    total = sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data))
    return str(total % 10)


def check_holds(data: str, digit: str, *, filler_ok: bool = False) -> bool:
    """Whether ``digit`` is the check digit of ``data`` (``<`` accepted for all-filler data)."""
    try:
        expected = check_digit(data)
    except ValueError:
        return False
    if digit == expected:
        return True
    return filler_ok and digit == "<" and set(data) <= {"<"}


def parse_yymmdd(value: str, *, pivot_year: int | None = None, future: bool = False) -> date | None:
    """Parse an MRZ ``YYMMDD`` date; None when it is not a calendar date.

    Birth dates (``pivot_year`` given): YY above ``pivot_year % 100`` is in the
    1900s, otherwise the 2000s. Expiry dates (``future=True``): always 2000s.
    """
    if len(value) != 6 or not value.isdigit():
        return None
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:6])
    if future:
        year = 2000 + yy
    else:
        pivot = (pivot_year if pivot_year is not None else date.today().year) % 100
        year = 1900 + yy if yy > pivot else 2000 + yy
    try:
        return date(year, mm, dd)
    except ValueError:
        return None
