"""Reading the MRZ of a photo or scan: zone by structure, cells by glyph classifier, format-aware decoding.

``read_zone_mrz(gray)`` finds candidate zones (``extractors.mrz_zone``),
classifies every character cell of their lines (``extractors.mrz_glyphs``),
both ways up, and decodes each window of 2 or 3 consecutive lines against
every known format (``models.mrz.FORMATS``):

1. *Per-position alphabets*: each position takes the most probable
   character its class allows (digits in dates and check digits, letters or
   fillers in names and codes, ``M F X <`` for sex…). A line with a few
   cells too many (a border or a smudge at an end) is read at the offset
   the classifier is surest of; one with cells missing is not read.
2. *Check-guided repair*, only when a check digit fails: alternatives are
   the characters the classifier gave at least ``ALTERNATIVE_MIN`` of its
   probability and the usual confusions (``0/O 1/I 5/S 8/B 2/Z 6/G ≮/K``),
   at positions a failing check digit covers; every combination of at most
   ``MAX_REPAIRS`` changes is tried. The repair is kept only when exactly
   **one** reading makes every check digit hold; two or more is ambiguity,
   and the MRZ is reported as read, invalid (a person looks). Names carry no
   check digit and are never changed.

The reading kept is the valid one the classifier is surest of, else the
surest invalid one that is still a plausible MRZ (right characters at every
position). Its box is the zone's quadrilateral as fractions of the image.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from extractors.mrz_glyphs import ALPHABET, GlyphClassifier, cell_window, default_classifier
from extractors.mrz_zone import LineGeometry, MrzZone, find_zones, turned
from models.mrz import DOCUMENT_CODE_FIRST, FORMATS, LAYOUTS, Mrz, parse_mrz

TEXT_CELL_MIN = 0.6
CUT_TEXT_MAX = 3  # confident characters a window may not drop right beside it
MAX_OFFSET = 28  # extra cells tolerated on a line (background ink beside it)
ALTERNATIVE_MIN = 0.02
MAX_REPAIRS = 2
MAX_CANDIDATES = 2000
SURE_ENOUGH = 0.9
REPAIR_CANDIDATES = 2  # invalid readings (the surest) the repair is tried on
_CONFUSIONS = {
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
_KIND_CHARS = {
    "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ<",
    "N": "0123456789<",
    "C": "0123456789<",
    "X": ALPHABET,
    "S": "MFX<",
}
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_VALUES = {c: (int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55) for c in ALPHABET}
BLIND_DOUBT_MIN = 0.12
NAME_DOUBT = 0.35


@dataclass(frozen=True)
class ZoneReading:
    """An MRZ read from the image: lines, format, parse, checks, confidence and box."""

    lines: list[str]
    format: str
    mrz: Mrz | None
    confidence: float  # mean probability of the characters kept
    repaired: int  # characters changed by the check-guided repair
    ambiguous: bool  # several readings would have been valid: none was chosen
    quad: list[list[float]]  # corners on the image, pixels
    bbox: tuple[float, float, float, float]  # fractions of the image
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)

    @property
    def valid(self) -> bool:
        """Every check digit holds, and no other plausible reading would make them hold."""
        return self.mrz is not None and self.mrz.valid and not self.ambiguous


def _kinds(fmt: str) -> list[str]:
    """Per-position class of every position of a format, lines concatenated."""
    out: list[str] = []
    for layout in LAYOUTS[fmt]:
        for start, end, kind in layout:
            out.extend(kind * (end - start))
    return out


def _masks(fmt: str) -> np.ndarray:
    kinds = _kinds(fmt)
    mask = np.zeros((len(kinds), len(ALPHABET)), dtype=bool)
    for i, kind in enumerate(kinds):
        for c in _KIND_CHARS[kind]:
            mask[i, _INDEX[c]] = True
    mask[0] = False  # the document code's first letter is the format's
    for c in DOCUMENT_CODE_FIRST[fmt]:
        mask[0, _INDEX[c]] = True
    return mask


# Document numbers whose layout a state fixes: (format, state) -> (line, start, classes).
# French passports: 2 digits, 2 letters, 5 digits (``18AB12345``).
NATIONAL_NUMBERS: dict[tuple[str, str], tuple[int, int, str]] = {("TD3", "FRA"): (1, 0, "NNAANNNNN")}


def _national_mask(mask: np.ndarray, fmt: str, state: str) -> np.ndarray:
    layout = NATIONAL_NUMBERS.get((fmt, state))
    if layout is None:
        return mask
    line, start, classes = layout
    length = FORMATS[fmt][1]
    mask = mask.copy()
    for offset, kind in enumerate(classes):
        row = line * length + start + offset
        mask[row] = False
        for c in _KIND_CHARS["N" if kind == "N" else "A"].replace("<", ""):
            mask[row, _INDEX[c]] = True
    return mask


def _line_probs(crop: np.ndarray, line: LineGeometry, classifier: GlyphClassifier) -> np.ndarray:
    ys = line.ys if line.ys is not None else np.full(len(line.centres), line.cy)
    windows = np.stack(
        [
            cell_window(crop, float(cx), float(cy), line.cap, line.pitch)
            for cx, cy in zip(line.centres, ys, strict=True)
        ]
    )
    return classifier.probabilities(windows)


def _variants(probs: np.ndarray, length: int, mask: np.ndarray) -> list[np.ndarray]:
    """Ways to take ``length`` cells from a line's cells, the surest first.

    A line with extra cells (a border or a smudge at an end, or a filler run
    measured one cell too long) is read at every offset and with one filler
    cell fewer in its longest filler run; a line one or two cells short is
    padded with trailing fillers. The check digits judge every variant.
    """
    extra = len(probs) - length
    if extra < 0:
        return [_pad(probs, length)] if extra >= -2 else []
    if extra > MAX_OFFSET:
        return []
    text_cell = (probs.max(axis=1) >= TEXT_CELL_MIN) & (probs.argmax(axis=1) != _INDEX["<"])

    def cuts_text(offset: int) -> bool:
        """Whether the window drops characters read with confidence right beside it (a longer line)."""
        before = text_cell[max(0, offset - CUT_TEXT_MAX) : offset]
        after = text_cell[offset + length : offset + length + CUT_TEXT_MAX]
        return bool(len(before) == CUT_TEXT_MAX and before.all()) or bool(
            len(after) == CUT_TEXT_MAX and after.all()
        )

    variants = [probs[offset : offset + length] for offset in range(extra + 1) if not cuts_text(offset)]
    if 0 < extra <= 2:
        filler = probs.argmax(axis=1) == _INDEX["<"]
        best_run, run = (0, 0), 0
        for i, is_filler in enumerate([*filler, False]):
            if is_filler:
                run += 1
            else:
                if run > best_run[1] - best_run[0]:
                    best_run = (i - run, i)
                run = 0
        start, end = best_run
        if end - start > extra + 1:
            variants.append(np.concatenate([probs[: end - extra], probs[end:]]))
    scored = [
        (float(np.log(np.max(np.where(mask, v, 0.0), axis=1) + 1e-6).sum()), i, v)
        for i, v in enumerate(variants)
    ]
    return [v for _, _, v in sorted(scored, key=lambda t: (-t[0], t[1]))]


def _decode(probs: np.ndarray, mask: np.ndarray) -> tuple[str, np.ndarray]:
    constrained = np.where(mask, probs, 0.0)
    best = constrained.argmax(axis=1)
    return "".join(ALPHABET[i] for i in best), constrained[np.arange(len(best)), best]


def _split(text: str, fmt: str) -> list[str]:
    count, length = FORMATS[fmt]
    return [text[i * length : (i + 1) * length] for i in range(count)]


def _parse(text: str, fmt: str, reference: date | None) -> Mrz | None:
    return parse_mrz("\n".join(_split(text, fmt)), reference)


def _repair(
    text: str, probs: np.ndarray, mask: np.ndarray, fmt: str, reference: date | None
) -> tuple[str | None, int, bool]:
    """The unique reading within ``MAX_REPAIRS`` changes whose every check holds.

    Returns (text or None, changes, ambiguous).
    """
    alternatives: list[tuple[int, str, float]] = []
    for pos, char in enumerate(text):
        kind_ok = mask[pos]
        options = {ALPHABET[i] for i in np.flatnonzero((probs[pos] >= ALTERNATIVE_MIN) & kind_ok)}
        options |= {c for c in _CONFUSIONS.get(char, "") if kind_ok[_INDEX[c]]}
        options.discard(char)
        for option in options:
            cost = float(np.log(probs[pos, _INDEX[char]] + 1e-6) - np.log(probs[pos, _INDEX[option]] + 1e-6))
            alternatives.append((pos, option, cost))
    base = _parse(text, fmt, reference)
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
            mrz = _parse(candidate, fmt, reference)
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


def _read_lines(
    probs_by_line: list[np.ndarray], fmt: str, reference: date | None, repair: bool = True
) -> tuple[str, Mrz | None, float, int, bool] | None:
    count, length = FORMATS[fmt]
    mask = _masks(fmt)
    per_line = [
        _variants(probs, length, mask[i * length : (i + 1) * length]) for i, probs in enumerate(probs_by_line)
    ]
    if any(not variants for variants in per_line):
        return None
    # The surest variant of every line first; any other combination only if it is valid as read.
    combos = list(itertools.islice(itertools.product(*per_line), 64))
    first_probs = np.concatenate(combos[0])
    for combo in combos[1:]:
        probs = np.concatenate(combo)
        text, kept = _decode(probs, mask)
        mrz = _parse(text, fmt, reference)
        first_mrz = _parse(_decode(first_probs, mask)[0], fmt, reference)
        if mrz is not None and mrz.valid and not (first_mrz is not None and first_mrz.valid):
            return text, mrz, float(kept.mean()), 0, False
    probs = first_probs
    text, kept = _decode(probs, mask)
    national = _national_mask(mask, fmt, text[2:5])
    if national is not mask:
        mask = national
        text, kept = _decode(probs, mask)
    mrz = _parse(text, fmt, reference)
    confidence = float(kept.mean())
    if mrz is None:
        return None
    if mrz.valid:
        return (
            text,
            mrz,
            confidence,
            0,
            _check_blind_doubt(text, probs, mask, fmt) or _names_doubtful(text, probs, fmt),
        )
    if not repair:
        return text, mrz, confidence, 0, False
    repaired, changes, ambiguous = _repair(text, probs, mask, fmt, reference)
    if repaired is not None:
        return (
            repaired,
            _parse(repaired, fmt, reference),
            confidence,
            changes,
            _check_blind_doubt(repaired, probs, mask, fmt),
        )
    return text, mrz, confidence, 0, ambiguous


def _names_doubtful(text: str, probs: np.ndarray, fmt: str) -> bool:
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
        if probs[pos, _INDEX[char]] < NAME_DOUBT:
            return True
    return False


def _check_blind_doubt(text: str, probs: np.ndarray, mask: np.ndarray, fmt: str) -> bool:
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


def _pad(probs: np.ndarray, length: int) -> np.ndarray:
    """A line one or two cells short: its missing cells taken as trailing fillers (never decisive).

    A filler padded where a character was lost cannot make a check digit hold
    by itself; the check digits judge the result like any other reading.
    """
    missing = length - len(probs)
    if missing <= 0 or missing > 2:
        return probs
    filler = np.full((missing, len(ALPHABET)), 0.02 / (len(ALPHABET) - 1), dtype=np.float32)
    filler[:, _INDEX["<"]] = 0.98
    return np.concatenate([probs, filler])


def _bbox(quad: np.ndarray, shape: tuple[int, ...]) -> tuple[float, float, float, float]:
    height, width = shape[:2]
    xs, ys = np.clip(quad[:, 0] / width, 0, 1), np.clip(quad[:, 1] / height, 0, 1)
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


LineReader = Callable[[np.ndarray, LineGeometry], np.ndarray]


def glyph_line_reader(classifier: GlyphClassifier | None = None) -> LineReader:
    """Per-cell probabilities from the glyph classifier (the default recogniser)."""
    chosen = classifier or default_classifier()
    return lambda crop, line: _line_probs(crop, line, chosen)


def text_probabilities(text: str, sure: float = 0.9) -> np.ndarray:
    """Probabilities for a line another recogniser read as ``text`` (its confusions kept possible)."""
    probs = np.full((len(text), len(ALPHABET)), (1 - sure) / 20, dtype=np.float32)
    for i, char in enumerate(text):
        if char in _INDEX:
            probs[i, _INDEX[char]] = sure
            for other in _CONFUSIONS.get(char, ""):
                probs[i, _INDEX[other]] = (1 - sure) / 2
    return probs / probs.sum(axis=1, keepdims=True)


def read_zone_mrz(
    gray: np.ndarray,
    reference: date | None = None,
    classifier: GlyphClassifier | None = None,
    zones: list[MrzZone] | None = None,
    line_reader: LineReader | None = None,
) -> ZoneReading | None:
    """The image's MRZ read by structure and glyph classification; None when no zone decodes.

    ``line_reader`` replaces the glyph classifier by another recogniser (the
    engine comparison of ``benchmarks/mrz_engines_benchmark.py``).
    """
    read_line = line_reader or glyph_line_reader(classifier)
    zones = find_zones(gray) if zones is None else zones
    # First every zone, both ways up, every format and window of lines, as read;
    # the check-guided repair only for the surest invalid candidates if none is valid.
    candidates: list[tuple[float, str, list[np.ndarray], MrzZone]] = []
    best: tuple[tuple[int, int, float], ZoneReading] | None = None
    for zone in zones:
        for view in (zone, turned(zone)):
            lines = view.lines
            if len(lines) < 2:
                continue
            probs = [read_line(view.crop, line) for line in lines]
            first_letter = ALPHABET[int(probs[0][0].argmax())] if len(probs[0]) else ""
            for fmt, (count, _length) in FORMATS.items():
                if fmt.startswith("MRV") and first_letter != "V":
                    continue  # visas have no composite check: read one only when its V is read
                for first in range(len(lines) - count + 1):
                    window = probs[first : first + count]
                    result = _read_lines(window, fmt, reference, repair=False)
                    if result is None:
                        continue
                    text, mrz, confidence, _, _ = result
                    if mrz is None or not mrz.checks.get("format", False):
                        continue
                    dropped = _dropped_text(window, _split(text, fmt))
                    ambiguous = result[4]
                    if not mrz.valid:
                        candidates.append((confidence, fmt, window, view))
                    reading = _reading(text, fmt, mrz, confidence, 0, ambiguous, view, gray)
                    key = (int(reading.valid), -dropped, confidence)
                    if best is None or key > best[0]:
                        best = (key, reading)
            if best is not None and best[1].valid and best[1].confidence >= SURE_ENOUGH:
                return best[1]  # a valid reading this sure: the other views need not be read
    if best is not None and (best[1].valid or best[1].ambiguous):
        return best[1]
    for confidence, fmt, window, view in sorted(candidates, key=lambda c: -c[0])[:REPAIR_CANDIDATES]:
        result = _read_lines(window, fmt, reference, repair=True)
        if result is None or result[1] is None:
            continue
        text, mrz, confidence, changes, ambiguous = result
        reading = _reading(text, fmt, mrz, confidence, changes, ambiguous, view, gray)
        key = (int(reading.valid), -_dropped_text(window, _split(text, fmt)), confidence)
        if best is None or key >= best[0]:
            best = (key, reading)
    return best[1] if best else None


def _dropped_text(window: list[np.ndarray], lines: list[str]) -> int:
    """Characters read with confidence on the lines but left out of the reading.

    A 2×36 reading cut out of a 2×44 zone leaves a part of each line out: the
    format that uses all of the zone's text is the right one.
    """
    dropped = 0
    for probs, line in zip(window, lines, strict=True):
        text_cells = int(((probs.max(axis=1) >= TEXT_CELL_MIN) & (probs.argmax(axis=1) != _INDEX["<"])).sum())
        dropped += max(0, text_cells - sum(c != "<" for c in line))
    return dropped


def _reading(
    text: str,
    fmt: str,
    mrz: Mrz,
    confidence: float,
    changes: int,
    ambiguous: bool,
    view: MrzZone,
    gray: np.ndarray,
) -> ZoneReading:
    return ZoneReading(
        lines=_split(text, fmt),
        format=fmt,
        mrz=mrz,
        confidence=round(confidence, 4),
        repaired=changes,
        ambiguous=ambiguous,
        quad=view.quad.round(1).tolist(),
        bbox=_bbox(view.quad, gray.shape),
        checks={**mrz.checks, **({"unambiguous": False} if ambiguous else {})},
    )
