"""Repairing an MRZ from the printed zone: the same page's words outside the MRZ.

The visual zone is OCR'd too and guides three repairs, each verified: a
stray character in the document number is removed
(``repair_inserted_character``); a number misread beyond look-alikes (``9``
read ``I``) is replaced by a printed number of its length when *every* check
digit then holds (``repair_from_printed``; a valid number printed nowhere
that differs from a printed one only by the check-neutral L/1 or G/6 takes
the printed one); a name component printed nowhere takes the letter of the
one printed name one OCR confusion away (``GTRAUD`` → ``GIRAUD``,
``repair_names_from_printed``; names have no check digit, so only those
confusions count). ``printed_tokens`` collects the printed words.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date

from rapidfuzz.distance import Levenshtein

from extractors.mrz_repair import MrzRepair, coerce_and_search, coerce_lines, parse_lines
from models.document import Word
from models.mrz_formats import FORMATS

# Where OCR inserts a stray character (a doubled stroke, an "I" in a gap): the
# document-number field of TD1 (line 1) and TD3 (line 2), with its check digit.
_INSERTION_FIELDS = {"TD1": (0, 5, 16), "TD3": (1, 0, 11)}


def printed_tokens(words_by_line: list[list[Word]], skip: set[int]) -> set[str]:
    """Upper-case letter-and-digit tokens printed outside the MRZ lines: words and adjacent pairs.

    Pairs because a number may be printed in groups (``25VV 49857``).
    """
    tokens: set[str] = set()
    for index, line in enumerate(words_by_line):
        if index in skip:
            continue
        folded = [fold(w.text) for w in line]
        parts = [p for p in (re.sub(r"[^A-Z0-9]", "", f) for f in folded) if p]
        tokens.update(parts)
        tokens.update(a + b for a, b in itertools.pairwise(parts))
        tokens.update(p for f in folded for p in re.split(r"[^A-Z0-9]+", f) if p)  # JEAN-PIERRE
    return tokens


def fold(text: str) -> str:
    """Upper-cased, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _printed_close(number: str, printed: set[str]) -> bool:
    """Whether ``number`` is printed, exactly or but for one character the OCR got wrong."""
    return any(
        len(token) == len(number) and Levenshtein.distance(token, number, score_cutoff=1) <= 1
        for token in printed
    )


def repair_inserted_character(
    repair: MrzRepair, fmt: str, reference: date | None, printed: set[str]
) -> MrzRepair:
    """Remove one stray character from the document number, if that alone explains the failure.

    Every single deletion in the field (with a filler appended at the line's
    end, and the usual look-alike search after it) is tried. Candidates count
    only when *every* check digit holds *and* their document number is
    printed in the visual zone of the same page (exactly, or but for one
    character: the printed zone is OCR'd too); the repair is kept when
    exactly one candidate is left. A number whose check digit is genuinely
    wrong (a forged or mistyped MRZ) cannot be "repaired" into another
    number nobody printed.
    """
    if fmt not in _INSERTION_FIELDS or not printed:
        return repair
    li, start, end = _INSERTION_FIELDS[fmt]
    line = repair.lines[li]
    solutions: dict[str, tuple[list[str], int]] = {}
    for col in range(start, min(end, len(line))):
        candidate = list(repair.lines)
        candidate[li] = line[:col] + line[col + 1 :] + "<"
        coerced, changes, mrz = coerce_and_search(candidate, fmt, reference)
        number = mrz.document_number.replace("<", "") if mrz is not None and mrz.valid else ""
        if number and _printed_close(number, printed):
            solutions.setdefault("\n".join(coerced), (coerced, changes))
    if len(solutions) != 1:
        return repair
    lines, changes = next(iter(solutions.values()))
    mrz = parse_lines(lines, reference)
    return MrzRepair(lines, mrz, repair.substitutions + changes + 1, True)


# The document number of each format: (line, start, length); its check digit follows it.
_NUMBER_FIELDS = {"TD1": (0, 5, 9), "TD3": (1, 0, 9), "FR_ID": (1, 0, 12)}


def repair_from_printed(repair: MrzRepair, fmt: str, reference: date | None, printed: set[str]) -> MrzRepair:
    """Take the document number from the visual zone when the MRZ's is misread beyond look-alikes.

    The OCR reads a ``9`` as ``I`` or inserts a stroke in the number field;
    the same number printed above the MRZ is often read right. For every
    printed token of the number's length that differs from the field as
    read, the field is replaced (as read, or with one character too many or
    too few before its check digit) and the candidate counts only when
    *every* check digit then holds: the number's own, which the OCR read in
    the MRZ, and the composite. Kept only when exactly one number qualifies.
    A forged MRZ does not become valid this way: its check digits were
    computed on its own number, not on the printed one.
    """
    if fmt not in _NUMBER_FIELDS or repair.mrz is None:
        return repair
    if repair.mrz.valid:
        return _check_neutral_from_printed(repair, fmt, reference, printed)
    li, start, length = _NUMBER_FIELDS[fmt]
    line_length = FORMATS[fmt][1]
    line = repair.lines[li]
    read = line[start : start + length]
    tokens = {
        t
        for t in printed
        if len(t) == length and t != read and sum(a != b for a, b in zip(t, read, strict=True)) <= length // 2
    }
    solutions: dict[str, list[str]] = {}
    for token in sorted(tokens):
        for shift in (0, 1, -1):
            rest = line[start + length + shift :]
            candidate_line = (line[:start] + token + rest)[:line_length].ljust(line_length, "<")
            candidate = list(repair.lines)
            candidate[li] = candidate_line
            coerced, _ = coerce_lines(candidate, fmt)
            mrz = parse_lines(coerced, reference)
            if mrz is not None and mrz.valid:
                solutions.setdefault("\n".join(coerced), coerced)
    if len(solutions) != 1:
        return repair
    lines = next(iter(solutions.values()))
    changes = sum(
        a != b for old, new in zip(repair.lines, lines, strict=True) for a, b in zip(old, new, strict=True)
    )
    return MrzRepair(lines, parse_lines(lines, reference), repair.substitutions + max(changes, 1), True)


# Look-alikes the 7-3-1 check digits cannot tell apart (L = 21 and 1, G = 16 and 6).
_CHECK_NEUTRAL = frozenset({("L", "1"), ("G", "6")})


def _check_neutral_from_printed(
    repair: MrzRepair, fmt: str, reference: date | None, printed: set[str]
) -> MrzRepair:
    """A valid MRZ whose number is printed nowhere, while the printed one differs only by L/1 or G/6.

    The check digits cannot see these confusions, so the printed zone decides
    (its proportional font tells ``1`` from ``L``); every check still holds.
    """
    li, start, length = _NUMBER_FIELDS[fmt]
    read = repair.lines[li][start : start + length]
    if read.rstrip("<") in printed:
        return repair
    matches = {
        token
        for token in printed
        if len(token) == length
        and token != read
        and all(a == b or (a, b) in _CHECK_NEUTRAL for a, b in zip(read, token, strict=True))
    }
    if len(matches) != 1:
        return repair
    token = matches.pop()
    lines = list(repair.lines)
    lines[li] = lines[li][:start] + token + lines[li][start + length :]
    mrz = parse_lines(lines, reference)
    if mrz is None or not mrz.valid:
        return repair
    changes = sum(a != b for a, b in zip(read, token, strict=True))
    return MrzRepair(lines, mrz, repair.substitutions + changes, repair.length_fixed)


# Name fields per format: (line, start, end). Names have no check digit.
_NAME_FIELDS = {
    "TD1": [(2, 0, 30)],
    "TD3": [(0, 5, 44)],
    "FR_ID": [(0, 5, 30), (1, 13, 27)],
}
# Letters Tesseract reads for one another in the MRZ font: (read, meant).
_NAME_CONFUSIONS = frozenset(
    {("T", "I"), ("L", "I"), ("J", "I"), ("I", "T"), ("I", "L"), ("Q", "O"), ("D", "O"), ("O", "D")}
    | {("F", "E"), ("E", "F"), ("P", "R"), ("R", "P"), ("H", "N"), ("N", "H"), ("V", "Y"), ("Y", "V")}
)


def repair_names_from_printed(
    repair: MrzRepair, fmt: str, printed: set[str], reference: date | None = None
) -> MrzRepair:
    """Fix a one-letter OCR confusion in an MRZ name from the same name printed on the page.

    A name in the MRZ (``GTRAUD``) that is printed nowhere on the page,
    while exactly one printed word of the same length differs from it by one
    letter, and by a confusion the OCR makes (T for I, Q for O…), takes that
    word's letter (``GIRAUD``). A name read with one more letter, K or C,
    where the printed name ends (``FRANCOISEK`` for ``FRANCOISE``) had its
    first filler misread: the letter becomes ``<`` again. Names carry no check
    digit; nothing else is changed, and a name printed as read is left alone.
    """
    if fmt not in _NAME_FIELDS or not printed:
        return repair
    lines = list(repair.lines)
    changes = 0
    for li, start, end in _NAME_FIELDS[fmt]:
        field = lines[li][start:end]
        fixed = []
        for part in field.split("<"):
            fixed.append(_closest_printed_name(part, printed) if part else part)
        new_field = "<".join(fixed)
        if new_field != field:
            changes += sum(a != b for a, b in zip(field, new_field, strict=True))
            lines[li] = lines[li][:start] + new_field + lines[li][end:]
    if not changes:
        return repair
    return MrzRepair(
        lines, parse_lines(lines, reference), repair.substitutions + changes, repair.length_fixed
    )


# Letters OCR-B's filler « < » is misread as, right after a name (« FRANCOISEK<<<<<<<< »).
_FILLER_MISREADS = frozenset("KC")


def _closest_printed_name(part: str, printed: set[str]) -> str:
    if len(part) < 3 or part in printed or not part.isalpha():
        return part
    if part[-1] in _FILLER_MISREADS and len(part) > 3 and part[:-1] in printed:
        return part[:-1] + "<"  # the name as printed, then the filler the OCR took for a letter
    matches = set()
    for token in printed:
        if len(token) != len(part) or not token.isalpha():
            continue
        diffs = [(a, b) for a, b in zip(part, token, strict=True) if a != b]
        if len(diffs) == 1 and diffs[0] in _NAME_CONFUSIONS:
            matches.add(token)
    return matches.pop() if len(matches) == 1 else part
