"""The machine-readable zone formats (ICAO 9303): line counts and lengths, and each position's class.

Six formats are known (``TD2``, ``MRV_A`` and ``MRV_B`` are described at their parser
in ``models.mrz``):

* ``TD1``: 3 lines of 30 characters (2021 French identity card ``IDFRA…``,
  residence permits ``IR…``, most EU identity cards).
* ``TD3``: 2 lines of 44 characters (passports ``P<…``).
* ``FR_ID``: the old French identity card, 2 lines of 36 characters::

      IDFRA + surname (25) + department/office code (6)
      document number (12) + check + given names (14) + birth date YYMMDD + check
      + sex + composite check over line 1 + line 2 without its last character

  It has no expiry date. The composite definition matches the public
  specimen ``IDFRABERTHIER<<<…`` / ``8806923102858CORINNE<<<<<<<6512068F6``.

``LAYOUTS`` gives the class of every position (digits in dates and check
digits, letters or fillers in names and codes, M/F/X/< for sex);
``format_ok`` checks lines against it and ``detect_format`` tells the format
of exactly-sized lines. Pure and dependency-free.
"""

from __future__ import annotations

import re

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
