"""Check-guided repair of an MRZ read from the image, and the doubts that make a valid reading untrusted.

Only when a check digit fails (``repair_reading``): alternatives are the
characters the classifier gave at least ``ALTERNATIVE_MIN`` of its
probability and the usual confusions (``0/O 1/I 5/S 8/B 2/Z 6/G ≮/K``), at
positions a failing check digit covers; every combination of at most
``MAX_REPAIRS`` changes is tried. The repair is kept only when exactly
**one** reading makes every check digit hold; two or more is ambiguity.
Names carry no check digit and are never changed. A valid reading is still
doubted when a character no check digit guards was read without conviction
(``names_doubtful``) or when another reading the check digits cannot tell
apart is plausible too (``check_blind_doubt``).
"""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np

from extractors.mrz_alphabets import ALPHABET_INDEX, parse_text
from extractors.mrz_glyphs import ALPHABET
from models.mrz_formats import FORMATS

ALTERNATIVE_MIN = 0.02
MAX_REPAIRS = 2
MAX_CANDIDATES = 2000


CONFUSIONS = {
    "0": "OD",
    "O": "0Q",
    "D": "0",
    "1": "I",
    "I": "1",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "2": "Z",
    "Z": "2",
    "6": "G",
    "G": "6",
    "<": "K",
    "K": "<",
}


_VALUES = {c: (int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55) for c in ALPHABET}
BLIND_DOUBT_MIN = 0.12
NAME_DOUBT = 0.35


def repair_reading(
    text: str, probs: np.ndarray, mask: np.ndarray, fmt: str, reference: date | None
) -> tuple[str | None, int, bool]:
    """The unique reading within ``MAX_REPAIRS`` changes whose every check holds.

    Returns (text or None, changes, ambiguous).
    """
    alternatives: list[tuple[int, str, float]] = []
    for pos, char in enumerate(text):
        kind_ok = mask[pos]
        options = {ALPHABET[i] for i in np.flatnonzero((probs[pos] >= ALTERNATIVE_MIN) & kind_ok)}
        options |= {c for c in CONFUSIONS.get(char, "") if kind_ok[ALPHABET_INDEX[c]]}
        options.discard(char)
        for option in options:
            cost = float(
                np.log(probs[pos, ALPHABET_INDEX[char]] + 1e-6)
                - np.log(probs[pos, ALPHABET_INDEX[option]] + 1e-6)
            )
            alternatives.append((pos, option, cost))
    base = parse_text(text, fmt, reference)
    if base is None:
        return None, 0, False
    searchable = _searchable(fmt, base.checks)
    alternatives = [a for a in alternatives if a[0] in searchable]
    alternatives.sort(key=lambda a: a[2])
    solutions: dict[str, int] = {}
    tried = 0
    for changes in range(1, MAX_REPAIRS + 1):
        for combo in itertools.combinations(alternatives, changes):
            if len({pos for pos, _, _ in combo}) < changes:
                continue
            tried += 1
            if tried > MAX_CANDIDATES:
                break
            chars = list(text)
            for pos, option, _ in combo:
                chars[pos] = option
            candidate = "".join(chars)
            mrz = parse_text(candidate, fmt, reference)
            if mrz is not None and mrz.valid:
                solutions[candidate] = changes
        if solutions:
            break  # the fewest changes that explain the failure; more would only add doubt
    if len(solutions) == 1:
        candidate, changes = next(iter(solutions.items()))
        return candidate, changes, False
    return None, 0, len(solutions) > 1


# What each check digit covers, check digit included: check -> [(line, start, end)].
# Names are left out everywhere (the old French card's composite covers them, but a
# name is never changed to make a check hold).
_COVERS: dict[str, dict[str, list[tuple[int, int, int]]]] = {
    "TD1": {
        "document_number": [(0, 5, 30)],
        "birth_date": [(1, 0, 7)],
        "expiry_date": [(1, 8, 15)],
        "composite": [(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 30)],
    },
    "TD3": {
        "document_number": [(1, 0, 10)],
        "birth_date": [(1, 13, 20)],
        "expiry_date": [(1, 21, 28)],
        "personal_number": [(1, 28, 43)],
        "composite": [(1, 0, 10), (1, 13, 20), (1, 21, 44)],
    },
    "FR_ID": {
        "document_number": [(1, 0, 13)],
        "birth_date": [(1, 27, 34)],
        "composite": [(0, 30, 36), (1, 0, 13), (1, 27, 36)],
    },
    "TD2": {
        "document_number": [(1, 0, 10)],
        "birth_date": [(1, 13, 20)],
        "expiry_date": [(1, 21, 28)],
        "composite": [(1, 0, 10), (1, 13, 20), (1, 21, 36)],
    },
    "MRV_A": {"document_number": [(1, 0, 10)], "birth_date": [(1, 13, 20)], "expiry_date": [(1, 21, 28)]},
    "MRV_B": {"document_number": [(1, 0, 10)], "birth_date": [(1, 13, 20)], "expiry_date": [(1, 21, 28)]},
}


def _searchable(fmt: str, checks: dict[str, bool]) -> set[int]:
    """Positions a failing check covers and no holding one does (the composite aside)."""
    length = FORMATS[fmt][1]

    def positions(name: str) -> set[int]:
        return {li * length + col for li, start, end in _COVERS[fmt][name] for col in range(start, end)}

    failing = set().union(*(positions(n) for n in _COVERS[fmt] if not checks.get(n, True)))
    holding = set().union(*(positions(n) for n in _COVERS[fmt] if checks.get(n, True) and n != "composite"))
    return failing - holding


def names_doubtful(text: str, probs: np.ndarray, fmt: str) -> bool:
    """Whether a character no check digit guards (names, codes) was read without conviction.

    Names carry no check digit (the old French card's composite alone covers
    its surname, which a garbled name matches one time in ten): a valid
    reading whose name holds a character the classifier gave less than
    ``NAME_DOUBT`` is not trusted as valid.
    """
    length = FORMATS[fmt][1]
    own = {
        li * length + col
        for name, spans in _COVERS[fmt].items()
        if name != "composite"
        for li, start, end in spans
        for col in range(start, end)
    }
    for pos, char in enumerate(text):
        if pos in own or char == "<":
            continue
        if probs[pos, ALPHABET_INDEX[char]] < NAME_DOUBT:
            return True
    return False


def check_blind_doubt(text: str, probs: np.ndarray, mask: np.ndarray, fmt: str) -> bool:
    """Whether another reading the check digits cannot tell apart is plausible too.

    ``L`` and ``1`` weigh the same modulo 10 (so do ``B``/``V`` and ``1``,
    ``G``/``Q`` and ``6``, ``A``/``K``/``U`` and ``0``…): where a check digit
    covers a letter-or-digit position, an alternative of the same weight that
    the classifier gives ``BLIND_DOUBT_MIN`` of its probability would be
    valid as well. Two valid readings: the MRZ is not trusted.
    """
    length = FORMATS[fmt][1]
    covered = {
        li * length + col
        for spans in _COVERS[fmt].values()
        for li, start, end in spans
        for col in range(start, end)
    }
    for pos in covered:
        char = text[pos]
        if char == "<":
            continue
        weight = _VALUES[char] % 10
        for index in np.flatnonzero((probs[pos] >= BLIND_DOUBT_MIN) & mask[pos]):
            other = ALPHABET[index]
            if other != char and other != "<" and _VALUES[other] % 10 == weight:
                return True
    return False
