"""Machine-readable zones (ICAO 9303) of identity documents: check digits and parsing.

Pure and dependency-free, shared by ``extractors`` (which find and repair MRZ
lines in OCR output) and ``validators`` (which judge them).

Six formats are known (``TD2``, ``MRV_A`` and ``MRV_B`` are described at their parser):

* ``TD1``: 3 lines of 30 characters (2021 French identity card ``IDFRA…``,
  residence permits ``IR…``, most EU identity cards).
* ``TD3``: 2 lines of 44 characters (passports ``P<…``).
* ``FR_ID``: the old French identity card, 2 lines of 36 characters::

      IDFRA + surname (25) + department/office code (6)
      document number (12) + check + given names (14) + birth date YYMMDD + check
      + sex + composite check over line 1 + line 2 without its last character

  It has no expiry date. The composite definition matches the public
  specimen ``IDFRABERTHIER<<<…`` / ``8806923102858CORINNE<<<<<<<6512068F6``.

``Mrz.checks`` maps each check to whether it holds: the check digits
``document_number``, ``birth_date``, ``expiry_date`` (TD1, TD3),
``personal_number`` (TD3) and ``composite``, and ``format`` (every character
of the class its position requires: digits in dates and check digits,
letters or fillers in names and codes, M/F/X/< for sex). Dates that are not
calendar dates (unknown day ``<<``, ``000000``…) parse to ``None`` without
failing a check. ``valid`` is all checks holding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MRZ_CHARS = re.compile(r"^[A-Z0-9<]+$")

# Line count and length of each known format.
FORMATS: dict[str, tuple[int, int]] = {
    "TD1": (3, 30),
    "TD3": (2, 44),
    "FR_ID": (2, 36),
    "TD2": (2, 36),
    "MRV_A": (2, 44),
    "MRV_B": (2, 36),
}

_WEIGHTS = (7, 3, 1)

# Character class of every position, per format and line: (start, end, kind)
# with A letter or filler, N digit or filler, C check digit (or filler),
# X letter, digit or filler, S sex (M, F, X or filler).
LAYOUTS: dict[str, list[list[tuple[int, int, str]]]] = {
    "TD1": [
        [(0, 2, "A"), (2, 5, "A"), (5, 14, "X"), (14, 15, "C"), (15, 30, "X")],
        [
            (0, 6, "N"),
            (6, 7, "C"),
            (7, 8, "S"),
            (8, 14, "N"),
            (14, 15, "C"),
            (15, 18, "A"),
            (18, 29, "X"),
            (29, 30, "C"),
        ],
        [(0, 30, "A")],
    ],
    "TD3": [
        [(0, 2, "A"), (2, 5, "A"), (5, 44, "A")],
        [
            (0, 9, "X"),
            (9, 10, "C"),
            (10, 13, "A"),
            (13, 19, "N"),
            (19, 20, "C"),
            (20, 21, "S"),
            (21, 27, "N"),
            (27, 28, "C"),
            (28, 42, "X"),
            (42, 43, "C"),
            (43, 44, "C"),
        ],
    ],
    "TD2": [
        [(0, 2, "A"), (2, 5, "A"), (5, 36, "A")],
        [
            (0, 9, "X"),
            (9, 10, "C"),
            (10, 13, "A"),
            (13, 19, "N"),
            (19, 20, "C"),
            (20, 21, "S"),
            (21, 27, "N"),
            (27, 28, "C"),
            (28, 35, "X"),
            (35, 36, "C"),
        ],
    ],
    "MRV_A": [
        [(0, 2, "A"), (2, 5, "A"), (5, 44, "A")],
        [
            (0, 9, "X"),
            (9, 10, "C"),
            (10, 13, "A"),
            (13, 19, "N"),
            (19, 20, "C"),
            (20, 21, "S"),
            (21, 27, "N"),
            (27, 28, "C"),
            (28, 44, "X"),
        ],
    ],
    "MRV_B": [
        [(0, 2, "A"), (2, 5, "A"), (5, 36, "A")],
        [
            (0, 9, "X"),
            (9, 10, "C"),
            (10, 13, "A"),
            (13, 19, "N"),
            (19, 20, "C"),
            (20, 21, "S"),
            (21, 27, "N"),
            (27, 28, "C"),
            (28, 36, "X"),
        ],
    ],
    "FR_ID": [
        [(0, 2, "A"), (2, 5, "A"), (5, 30, "A"), (30, 36, "X")],
        [
            (0, 4, "N"),
            (4, 7, "X"),
            (7, 12, "N"),
            (12, 13, "C"),
            (13, 27, "A"),
            (27, 33, "N"),
            (33, 34, "C"),
            (34, 35, "S"),
            (35, 36, "C"),
        ],
    ],
}
_KIND_CHARS = {
    "A": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<"),
    "N": frozenset("0123456789<"),
    "C": frozenset("0123456789<"),
    "X": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"),
    "S": frozenset("MFX<"),
}


# ICAO 9303: a TD1 document code starts with A, C or I (parts 5), a passport's with P (part 4).
DOCUMENT_CODE_FIRST = {"TD1": "ACI", "TD3": "P", "FR_ID": "I", "TD2": "ACI", "MRV_A": "V", "MRV_B": "V"}


def format_ok(lines: list[str], fmt: str) -> bool:
    """True when every character is of its position's class (digits in dates, letters in names…).

    The document code's first letter must be one its format allows, so a line
    shifted by one character ("DFRA…") is not a format.
    """
    if lines[0][:1] not in DOCUMENT_CODE_FIRST[fmt]:
        return False
    for line, layout in zip(lines, LAYOUTS[fmt], strict=True):
        for start, end, kind in layout:
            if not set(line[start:end]) <= _KIND_CHARS[kind]:
                return False
    return True


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


def _check(data: str, digit: str, *, filler_ok: bool = False) -> bool:
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


def _names(field_text: str) -> tuple[str, list[str]]:
    """Split an ICAO name field into (surname, given names).

    Primary and secondary identifiers are separated by ``<<``; inside each,
    ``<`` separates words. Given names are listed one per ``<``-separated word.
    """
    text = field_text.rstrip("<")
    primary, _, secondary = text.partition("<<")
    surname = " ".join(part for part in primary.split("<") if part)
    given = [part for part in secondary.split("<") if part]
    return surname, given


@dataclass(frozen=True)
class Mrz:
    """A parsed machine-readable zone (values as encoded; ``<`` fillers removed)."""

    format: str  # "TD1" | "TD3" | "FR_ID" | "TD2" | "MRV_A" | "MRV_B"
    lines: list[str]
    document_code: str
    issuing_state: str
    document_number: str
    surname: str
    given_names: list[str]
    birth_date: date | None
    expiry_date: date | None
    sex: str
    nationality: str
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when every check digit holds."""
        return bool(self.checks) and all(self.checks.values())

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)


def detect_format(lines: list[str]) -> str | None:
    """The format of exactly-sized MRZ lines, or None."""
    lengths = [len(line) for line in lines]
    if len(lines) == 3 and lengths == [30, 30, 30]:
        return "TD1"
    if len(lines) == 2 and lengths == [44, 44]:
        return "MRV_A" if lines[0].startswith("V") else "TD3"
    if len(lines) == 2 and lengths == [36, 36]:
        if lines[0].startswith("IDFRA"):
            return "FR_ID"
        return "MRV_B" if lines[0].startswith("V") else "TD2"
    return None


def _parse_td1(lines: list[str], pivot: int) -> Mrz:
    l1, l2, l3 = lines
    number_field, number_check, optional1 = l1[5:14], l1[14], l1[15:30]
    if number_check == "<" and optional1.rstrip("<"):
        # Long document number: it continues in the optional data, whose last
        # significant character is then the check digit (ICAO 9303-5 §4.2.4).
        extension = optional1.split("<", 1)[0]
        number = number_field + extension[:-1]
        number_ok = len(extension) >= 2 and _check(number, extension[-1])
    else:
        number = number_field
        number_ok = _check(number_field, number_check)
    composite_data = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks = {
        "document_number": number_ok,
        "birth_date": _check(l2[0:6], l2[6]),
        "expiry_date": _check(l2[8:14], l2[14]),
        "composite": _check(composite_data, l2[29]),
    }
    surname, given = _names(l3)
    return Mrz(
        format="TD1",
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=number.replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[0:6], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[8:14], future=True),
        sex=l2[7],
        nationality=l2[15:18].replace("<", ""),
        checks=checks,
    )


def _parse_td3(lines: list[str], pivot: int) -> Mrz:
    l1, l2 = lines
    composite_data = l2[0:10] + l2[13:20] + l2[21:43]
    checks = {
        "document_number": _check(l2[0:9], l2[9]),
        "birth_date": _check(l2[13:19], l2[19]),
        "expiry_date": _check(l2[21:27], l2[27]),
        "personal_number": _check(l2[28:42], l2[42], filler_ok=True),
        "composite": _check(composite_data, l2[43]),
    }
    surname, given = _names(l1[5:44])
    return Mrz(
        format="TD3",
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=l2[0:9].replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[13:19], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[21:27], future=True),
        sex=l2[20],
        nationality=l2[10:13].replace("<", ""),
        checks=checks,
    )


def _parse_fr_id(lines: list[str], pivot: int) -> Mrz:
    l1, l2 = lines
    checks = {
        "document_number": _check(l2[0:12], l2[12]),
        "birth_date": _check(l2[27:33], l2[33]),
        "composite": _check(l1 + l2[:35], l2[35]),
    }
    surname = " ".join(part for part in l1[5:30].split("<") if part)
    # Given names are separated by "<<"; a single "<" joins the words of one name.
    given = [" ".join(p for p in name.split("<") if p) for name in l2[13:27].split("<<")]
    return Mrz(
        format="FR_ID",
        lines=list(lines),
        document_code=l1[0:2],
        issuing_state=l1[2:5],
        document_number=l2[0:12].replace("<", ""),
        surname=surname,
        given_names=[name for name in given if name],
        birth_date=parse_yymmdd(l2[27:33], pivot_year=pivot),
        expiry_date=None,
        sex=l2[34],
        nationality="FRA",
        checks=checks,
    )


def _parse_two_line(lines: list[str], pivot: int, fmt: str) -> Mrz:
    """TD2 (2×36) and the visas MRV-A (2×44) and MRV-B (2×36): one line-2 layout.

    TD2 ends with a composite check over the number, birth and expiry fields
    and the optional data; visas have no composite (ICAO 9303-6 and -7).
    """
    l1, l2 = lines
    checks = {
        "document_number": _check(l2[0:9], l2[9]),
        "birth_date": _check(l2[13:19], l2[19]),
        "expiry_date": _check(l2[21:27], l2[27]),
    }
    if fmt == "TD2":
        checks["composite"] = _check(l2[0:10] + l2[13:20] + l2[21:35], l2[35])
    surname, given = _names(l1[5:])
    return Mrz(
        format=fmt,
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=l2[0:9].replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[13:19], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[21:27], future=True),
        sex=l2[20],
        nationality=l2[10:13].replace("<", ""),
        checks=checks,
    )


def _parse_td2(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "TD2")


def _parse_mrv_a(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "MRV_A")


def _parse_mrv_b(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "MRV_B")


_PARSERS = {
    "TD1": _parse_td1,
    "TD3": _parse_td3,
    "FR_ID": _parse_fr_id,
    "TD2": _parse_td2,
    "MRV_A": _parse_mrv_a,
    "MRV_B": _parse_mrv_b,
}


def _with_format_check(mrz: Mrz) -> Mrz:
    checks = {**mrz.checks, "format": format_ok(mrz.lines, mrz.format)}
    return Mrz(**{**mrz.__dict__, "checks": checks})


def parse_mrz(text: str, reference: date | None = None) -> Mrz | None:
    """Parse MRZ lines joined by newlines; None when they are not a known MRZ format.

    Surrounding whitespace and blank lines are ignored; the lines themselves
    must be exact (right length, characters ``[A-Z0-9<]`` only): repairing OCR
    output is the extractor's job. ``reference`` (default: today) sets the
    century of two-digit birth years. Never raises.
    """
    if not isinstance(text, str):
        return None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or not all(MRZ_CHARS.match(line) for line in lines):
        return None
    fmt = detect_format(lines)
    if fmt is None:
        return None
    pivot = (reference or date.today()).year
    return _with_format_check(_PARSERS[fmt](lines, pivot))


def is_valid(text: str, reference: date | None = None) -> bool:
    """True when ``text`` is an MRZ of a known format whose check digits all hold; never raises."""
    mrz = parse_mrz(text, reference)
    return mrz is not None and mrz.valid
