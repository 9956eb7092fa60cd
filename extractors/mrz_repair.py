"""Repairing the character confusions of normalised MRZ lines, verified by their check digits.

``repair_mrz_lines`` brings OCR'd lines of a known format (TD1, TD3, the
old French identity card) to their length and repairs them position by
position. Repair policy, and why it does not manufacture validity:

1. *Normalisation* (``extractors.mrz_normalise``): noise removed, filler
   look-alikes read as ``<``. Lines are padded or trimmed to the format
   length by extending or shortening a ``<`` run, preferring the end of the
   line.
2. *Class coercion*: a character impossible at its position is mapped to
   its look-alike of the right class: letters in a date or check-digit
   position (``O→0 I→1 Z→2 S→5 G→6 B→8``…), digits in a name or code
   position (``0→O 1→I 4→A``…), and in French passport numbers (2 digits,
   2 letters, 5 digits). The value read was impossible anyway; the result
   is then *verified* by the check digits, never assumed.
3. *Check-guided search*, only in alphanumeric number fields that have
   their own check digit (document number, TD3 personal number) and only
   when that check fails: each single letter-to-digit flip (``O→0 I→1 S→5
   B→8 Z→2``) is tried, and the field is repaired only when exactly one
   flip makes its check hold, and the result is kept only when then every
   check holds (composite included). At most one flip per field, two in all.
   Two candidate flips is ambiguity: nothing is repaired, the MRZ stays
   invalid and the rules send it to review. Fields covered only by the
   composite (optional data, the old card's office code) are never
   searched: one shared check digit cannot say which of them is wrong.

(Step 4, repairs guided by the printed zone, is ``extractors.mrz_printed``.)

Every candidate (readings × length fixes) must then pass ``Mrz.valid``,
which includes a *format* check (digits in dates, M/F/X for sex…), so a
shifted line whose check digits hold by chance is rejected; among valid
candidates the one with the fewest changes wins.

What cannot happen: dates, check digits and names are never searched, only
coerced where the character read is impossible, so the birth and expiry
dates the rules use are exactly what the check digits confirm; a forged
check digit with a consistent composite cannot be "repaired" by one flip
(the flip would have to move both sums by different amounts). The residual
risk is an OCR error the 7-3-1 weights cannot see (L/1, G/6, U/V weigh
the same or nearly modulo 10) or several errors in one document number that
a single flip compensates: it affects only the document number, which no
rule compares, on a document whose real MRZ is valid (seen once among
about 50 generated identity scans read with Tesseract).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from extractors.mrz_normalise import fix_trailing_fillers
from models.mrz import Mrz, parse_mrz
from models.mrz_formats import FORMATS, LAYOUTS

_LAYOUTS = LAYOUTS

# Document-number layouts known per (format, issuing state): French passports
# are 2 digits, 2 letters, 5 digits (``18AB12345``).
_NATIONAL_NUMBERS: dict[tuple[str, str], tuple[int, int, str]] = {
    ("TD3", "FRA"): (1, 0, "NNAANNNNN"),
}

_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "J": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "T": "7",
    "B": "8",
}
_TO_I = frozenset("T1LJ")  # read for the I that starts an identity card's MRZ
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "8": "B"}
# Letters OCR reads for digits, tried in alphanumeric number fields. G/6 is left
# out: G (16) and 6 weigh the same modulo 10, so no check digit can tell them.
_SEARCH_FLIPS = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2"}
# Alphanumeric fields that have their own check digit: (check name, line, start, end).
_SEARCH_FIELDS: dict[str, list[tuple[str, int, int, int]]] = {
    "TD1": [("document_number", 0, 5, 14)],
    "TD3": [("document_number", 1, 0, 9), ("personal_number", 1, 28, 42)],
    "FR_ID": [("document_number", 1, 4, 7)],
}


_MAX_SEARCH_SUBSTITUTIONS = 2


def coerce_lines(lines: list[str], fmt: str) -> tuple[list[str], int]:
    """Class coercion and trailing-filler normalisation; returns new lines and change count."""
    out: list[str] = []
    changes = 0
    for line, layout in zip(lines, _LAYOUTS[fmt], strict=True):
        chars = list(line)
        for start, end, kind in layout:
            segment = "".join(chars[start:end])
            if kind in ("A", "X") and end - start >= 5:
                segment, n = fix_trailing_fillers(segment)
                changes += n
            new = []
            for char in segment:
                repl = char
                if kind in ("N", "C") and char in _TO_DIGIT:
                    repl = _TO_DIGIT[char]
                elif kind == "A" and char in _TO_LETTER:
                    repl = _TO_LETTER[char]
                if repl != char:
                    changes += 1
                new.append(repl)
            chars[start:end] = new
        out.append("".join(chars))
    if fmt in ("TD1", "FR_ID") and out[0][:1] in _TO_I:
        out[0] = "I" + out[0][1:]  # "TRFRA", "1DFRA": an identity document's code starts with I
        changes += 1
    if fmt == "FR_ID":
        office = out[0][30:36]
        if any(c.isdigit() for c in office) and "<" in office.rstrip("<"):
            # The old card's office code is six digits: a "<" inside is a 0 (same check value).
            out[0] = out[0][:30] + office.replace("<", "0") + out[0][36:]
            changes += 1
    national = _NATIONAL_NUMBERS.get((fmt, out[0][2:5]))
    if national is not None:
        li, start, kinds = national
        chars = list(out[li])
        for offset, kind in enumerate(kinds):
            char = chars[start + offset]
            repl = _TO_DIGIT.get(char, char) if kind == "N" else _TO_LETTER.get(char, char)
            if repl != char:
                chars[start + offset] = repl
                changes += 1
        out[li] = "".join(chars)
    return out, changes


def _national_positions(fmt: str, lines: list[str]) -> set[tuple[int, int]]:
    """Positions whose class a national number layout fixes (never searched)."""
    national = _NATIONAL_NUMBERS.get((fmt, lines[0][2:5]))
    if national is None:
        return set()
    li, start, kinds = national
    return {(li, start + i) for i in range(len(kinds))}


def parse_lines(lines: list[str], reference: date | None) -> Mrz | None:
    """``parse_mrz`` of the lines joined."""
    return parse_mrz("\n".join(lines), reference)


def _search(lines: list[str], fmt: str, reference: date | None) -> tuple[list[str], int] | None:
    """Check-guided repair of alphanumeric number fields whose own check fails.

    In each such field, every single letter-to-digit flip (``O→0 I→1 S→5 B→8
    Z→2``) is tried; a field is repaired only when exactly one flip makes its
    check hold. The result is kept only if then *every* check holds (the
    composite included), with at most ``_MAX_SEARCH_SUBSTITUTIONS`` flips.
    """
    mrz = parse_lines(lines, reference)
    if mrz is None:
        return None
    current = list(lines)
    flips = 0
    for name, li, start, end in _SEARCH_FIELDS[fmt]:
        if mrz.checks.get(name, True):
            continue
        solutions = []
        fixed = _national_positions(fmt, current)
        for col in range(start, end):
            char = current[li][col]
            if char not in _SEARCH_FLIPS or (li, col) in fixed:
                continue
            candidate = list(current)
            candidate[li] = candidate[li][:col] + _SEARCH_FLIPS[char] + candidate[li][col + 1 :]
            parsed = parse_lines(candidate, reference)
            if parsed is not None and parsed.checks.get(name, False):
                solutions.append(candidate)
        if len(solutions) != 1 or flips >= _MAX_SEARCH_SUBSTITUTIONS:
            return None  # no explanation, or an ambiguous one: do not choose
        current = solutions[0]
        flips += 1
        mrz = parse_lines(current, reference)
        if mrz is None:
            return None
    if flips and mrz.valid:
        return current, flips
    return None


def coerce_and_search(
    lines: list[str], fmt: str, reference: date | None
) -> tuple[list[str], int, Mrz | None]:
    """``coerce_lines`` the lines, then ``_search`` when a check still fails: lines, changes, parse."""
    coerced, changes = coerce_lines(lines, fmt)
    mrz = parse_lines(coerced, reference)
    if mrz is not None and not mrz.valid:
        found = _search(coerced, fmt, reference)
        if found is not None:
            coerced, flips = found
            changes += flips
            mrz = parse_lines(coerced, reference)
    return coerced, changes, mrz


def _length_variants(line: str, target: int) -> list[str]:
    """Ways to bring one line to ``target`` characters, most plausible first."""
    if len(line) == target:
        return [line]
    variants: list[str] = []
    if len(line) < target:
        missing = target - len(line)
        variants.append(line + "<" * missing)
        if line.startswith("DFRA"):
            variants.append(("I" + line + "<" * missing)[:target])  # the leading I of "IDFRA" dropped
        for match in re.finditer(r"<{2,}", line):
            pos = match.end()
            variants.append(line[:pos] + "<" * missing + line[pos:])
    else:
        extra = len(line) - target
        if line.endswith("<" * extra):
            variants.append(line[:target])
        for match in sorted(re.finditer(r"<{2,}", line), key=lambda m: -len(m.group(0))):
            if len(match.group(0)) > extra:
                pos = match.end()
                variants.append(line[: pos - extra] + line[pos:])
        variants.append(line[:target])
        variants.append(line[extra:])
    seen: list[str] = []
    for v in variants:
        if len(v) == target and v not in seen:
            seen.append(v)
    return seen[:4]


@dataclass(frozen=True)
class MrzRepair:
    """Repaired lines, their parse, and how much was changed to get there."""

    lines: list[str]
    mrz: Mrz | None
    substitutions: int
    length_fixed: bool


def repair_mrz_lines(lines: list[str], fmt: str, reference: date | None = None) -> MrzRepair:
    """Repair normalised OCR lines for format ``fmt`` (see the module policy)."""
    count, length = FORMATS[fmt]
    if len(lines) != count:
        raise ValueError(f"{fmt} has {count} lines, got {len(lines)}")
    lines = [fix_trailing_fillers(line)[0] for line in lines]  # so that dropped "<" can be re-padded
    per_line = [_length_variants(line, length) for line in lines]
    best: MrzRepair | None = None
    for rank, combo in enumerate(itertools.product(*per_line)):
        if rank >= 24:
            break
        length_fixed = any(a != b for a, b in zip(combo, lines, strict=True))
        coerced, changes, mrz = coerce_and_search(list(combo), fmt, reference)
        repair = MrzRepair(coerced, mrz, changes, length_fixed)
        if mrz is not None and mrz.valid:
            return repair
        if best is None:
            best = repair
    assert best is not None
    return best
