"""Reading the MRZ of a photo or scan: zone by structure, cells by glyph classifier, format-aware decoding.

``read_zone_mrz(gray)`` finds candidate zones (``extractors.mrz_zone``),
classifies every character cell of their lines (``extractors.mrz_glyphs``),
both ways up, and decodes each window of 2 or 3 consecutive lines against
every known format (``models.mrz_formats.FORMATS``):

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

The alphabets and the decoding are ``extractors.mrz_alphabets``, the repair
and the doubts ``extractors.mrz_check_repair``.

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

from extractors.mrz_alphabets import (
    ALPHABET_INDEX,
    TEXT_CELL_MIN,
    decode,
    format_masks,
    line_variants,
    national_mask,
    parse_text,
    split_lines,
)
from extractors.mrz_check_repair import CONFUSIONS, check_blind_doubt, names_doubtful, repair_reading
from extractors.mrz_glyphs import ALPHABET, GlyphClassifier, cell_window, default_classifier
from extractors.mrz_line_geometry import LineGeometry
from extractors.mrz_zone import MrzZone, find_zones, turned
from models.mrz import Mrz
from models.mrz_formats import FORMATS

SURE_ENOUGH = 0.9
REPAIR_CANDIDATES = 2  # invalid readings (the surest) the repair is tried on


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


def _line_probs(crop: np.ndarray, line: LineGeometry, classifier: GlyphClassifier) -> np.ndarray:
    ys = line.ys if line.ys is not None else np.full(len(line.centres), line.cy)
    windows = np.stack(
        [
            cell_window(crop, float(cx), float(cy), line.cap, line.pitch)
            for cx, cy in zip(line.centres, ys, strict=True)
        ]
    )
    return classifier.probabilities(windows)


def _read_lines(
    probs_by_line: list[np.ndarray], fmt: str, reference: date | None, repair: bool = True
) -> tuple[str, Mrz | None, float, int, bool] | None:
    count, length = FORMATS[fmt]
    mask = format_masks(fmt)
    per_line = [
        line_variants(probs, length, mask[i * length : (i + 1) * length])
        for i, probs in enumerate(probs_by_line)
    ]
    if any(not variants for variants in per_line):
        return None
    # The surest variant of every line first; any other combination only if it is valid as read.
    combos = list(itertools.islice(itertools.product(*per_line), 64))
    first_probs = np.concatenate(combos[0])
    for combo in combos[1:]:
        probs = np.concatenate(combo)
        text, kept = decode(probs, mask)
        mrz = parse_text(text, fmt, reference)
        first_mrz = parse_text(decode(first_probs, mask)[0], fmt, reference)
        if mrz is not None and mrz.valid and not (first_mrz is not None and first_mrz.valid):
            return text, mrz, float(kept.mean()), 0, False
    probs = first_probs
    text, kept = decode(probs, mask)
    national = national_mask(mask, fmt, text[2:5])
    if national is not mask:
        mask = national
        text, kept = decode(probs, mask)
    mrz = parse_text(text, fmt, reference)
    confidence = float(kept.mean())
    if mrz is None:
        return None
    if mrz.valid:
        return (
            text,
            mrz,
            confidence,
            0,
            check_blind_doubt(text, probs, mask, fmt) or names_doubtful(text, probs, fmt),
        )
    if not repair:
        return text, mrz, confidence, 0, False
    repaired, changes, ambiguous = repair_reading(text, probs, mask, fmt, reference)
    if repaired is not None:
        return (
            repaired,
            parse_text(repaired, fmt, reference),
            confidence,
            changes,
            check_blind_doubt(repaired, probs, mask, fmt),
        )
    return text, mrz, confidence, 0, ambiguous


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
        if char in ALPHABET_INDEX:
            probs[i, ALPHABET_INDEX[char]] = sure
            for other in CONFUSIONS.get(char, ""):
                probs[i, ALPHABET_INDEX[other]] = (1 - sure) / 2
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
                    dropped = _dropped_text(window, split_lines(text, fmt))
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
        key = (int(reading.valid), -_dropped_text(window, split_lines(text, fmt)), confidence)
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
        text_cells = int(
            ((probs.max(axis=1) >= TEXT_CELL_MIN) & (probs.argmax(axis=1) != ALPHABET_INDEX["<"])).sum()
        )
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
        lines=split_lines(text, fmt),
        format=fmt,
        mrz=mrz,
        confidence=round(confidence, 4),
        repaired=changes,
        ambiguous=ambiguous,
        quad=view.quad.round(1).tolist(),
        bbox=_bbox(view.quad, gray.shape),
        checks={**mrz.checks, **({"unambiguous": False} if ambiguous else {})},
    )
