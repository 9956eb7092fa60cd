"""Reading a document's machine-readable zone: locating it among the OCR lines and choosing a reading.

``read_mrz`` locates 2 or 3 consecutive lines that look like an MRZ (long
runs of ``[A-Z0-9<]``), normalises them (``extractors.mrz_normalise``),
repairs them (``extractors.mrz_repair``, then from the printed zone,
``extractors.mrz_printed``) and returns the repaired lines with their
provenance and the OCR text; it then chooses between that OCR reading and
the structural zone reader's (``metadata["mrz_zone"]``). ``find_mrz`` is its
short form.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from extractors.mrz_normalise import mrz_line_readings
from extractors.mrz_printed import (
    fold,
    printed_tokens,
    repair_from_printed,
    repair_inserted_character,
    repair_names_from_printed,
)
from extractors.mrz_repair import repair_mrz_lines
from models.document import BBox, Document, Word
from models.icao_codes import is_state_code
from models.mrz import Mrz, parse_mrz

MIN_LINE, MAX_LINE = 26, 48
MIN_SHORT_LINE = 12


@dataclass(frozen=True)
class MrzReading:
    """An MRZ located in a document: repaired text, OCR raw text, provenance."""

    text: str  # repaired lines joined by "\n"
    raw: str  # the OCR lines as read (spaces removed), joined by "\n"
    page: int  # 1-based
    bbox: BBox
    confidence: float
    mrz: Mrz | None  # the parsed repaired text (None if it does not parse)
    substitutions: int  # characters changed by coercion and search
    format: str

    @property
    def valid(self) -> bool:
        """True when the repaired MRZ parses and all its check digits hold."""
        return self.mrz is not None and self.mrz.valid


def _candidate_lines(words_by_line: list[list[Word]]) -> list[tuple[int, str]]:
    """(line position, normalised text) of lines that look like MRZ lines.

    A full-length line (26-48 characters of ``[A-Z0-9<]``) qualifies when it
    holds a filler or neighbours one that does; a short line (names whose
    trailing fillers the OCR dropped) only when it holds ``<<`` and neighbours
    a full-length candidate.
    """
    flagged: dict[int, tuple[str, bool, bool]] = {}
    for pos, words in enumerate(words_by_line):
        joined = "".join(w.text for w in words).strip()
        if not joined:
            continue
        norm = mrz_line_readings(joined)[0]
        length = len(norm) if len(norm) <= MAX_LINE else len(norm.rstrip("<"))  # surplus fillers trim
        if not (MIN_SHORT_LINE <= length <= MAX_LINE) or len(norm) < 0.85 * len(joined):
            continue
        fillers = norm.count("<")
        lowercase = sum(1 for c in joined if c.islower())
        if lowercase > 0.2 * len(joined) and fillers < 3:
            continue
        full = len(norm) >= MIN_LINE
        if not full and "<<" not in norm and (lowercase or len(norm) < 0.95 * len(joined)):
            continue
        flagged[pos] = (norm, fillers > 0, full)
    out = []
    for pos, (norm, has_filler, full) in flagged.items():
        neighbours = [flagged.get(pos - 1), flagged.get(pos + 1)]
        if full and (has_filler or any(n and n[1] for n in neighbours)):
            out.append((pos, norm))
        elif not full and any(n and n[2] for n in neighbours):
            out.append((pos, norm))
    return sorted(out)


def _fits(line: str, low: int, high: int) -> bool:
    """Whether a line's length is within [low, high], surplus trailing fillers aside."""
    return low <= len(line) <= high or (len(line) > high and low <= len(line.rstrip("<")) <= high)


def _formats_for(lines: list[str]) -> list[str]:
    """Formats a window of normalised lines may be (lengths with OCR slack)."""
    fmts = []
    short = MIN_SHORT_LINE
    if (
        len(lines) == 3
        and _fits(lines[1], 26, 34)
        and _fits(lines[0], short, 34)
        and _fits(lines[2], short, 34)
    ):
        fmts.append("TD1")
    if len(lines) == 2 and _fits(lines[1], 40, 48) and _fits(lines[0], short, 48) and lines[0][:1] == "P":
        fmts.append("TD3")
    if (
        len(lines) == 2
        and _fits(lines[1], 33, 39)
        and _fits(lines[0], short, 42)
        and lines[0][:2] in ("ID", "1D", "IO", "I0")
    ):
        fmts.append("FR_ID")
    return fmts


def _union(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def read_mrz(document: Document, reference: date | None = None) -> MrzReading | None:
    """Locate, normalise and repair the document's MRZ; None when there is none.

    When several windows qualify, a valid one wins over an invalid one, then
    the one with the fewest substitutions.
    """
    best: tuple[tuple[int, int, float], MrzReading] | None = None
    for page in document.pages:
        words_by_line = page.lines()
        candidates = _candidate_lines(words_by_line)
        # group consecutive line positions
        groups: list[list[tuple[int, str]]] = []
        for pos, norm in candidates:
            if groups and groups[-1][-1][0] == pos - 1:
                groups[-1].append((pos, norm))
            else:
                groups.append([(pos, norm)])
        for group in groups:
            for size in (3, 2):
                for i in range(len(group) - size + 1):
                    window = group[i : i + size]
                    readings = [
                        mrz_line_readings("".join(w.text for w in words_by_line[pos])) for pos, _ in window
                    ]
                    for variant, texts in enumerate(itertools.islice(itertools.product(*readings), 8)):
                        for fmt in _formats_for(list(texts)):
                            repair = repair_mrz_lines(list(texts), fmt, reference)
                            if repair.mrz is None:
                                continue
                            printed = printed_tokens(words_by_line, {pos for pos, _ in window})
                            if not repair.mrz.valid:
                                repair = repair_inserted_character(repair, fmt, reference, printed)
                            repair = repair_from_printed(repair, fmt, reference, printed)
                            repair = repair_names_from_printed(repair, fmt, printed, reference)
                            if repair.mrz is None:
                                continue
                            words = [w for pos, _ in window for w in words_by_line[pos]]
                            conf = sum(w.conf for w in words) / len(words)
                            conf *= 0.97**repair.substitutions * (0.9 if repair.length_fixed else 1.0)
                            if variant:
                                conf *= 0.95
                            if not repair.mrz.valid:
                                conf *= 0.6
                            reading = MrzReading(
                                text="\n".join(repair.lines),
                                raw="\n".join(
                                    "".join(w.text for w in words_by_line[pos]) for pos, _ in window
                                ),
                                page=page.number,
                                bbox=_union([w.bbox for w in words]),
                                confidence=round(min(max(conf, 0.0), 1.0), 4),
                                mrz=repair.mrz,
                                substitutions=repair.substitutions,
                                format=fmt,
                            )
                            cost = repair.substitutions + variant + 2 * int(repair.length_fixed)
                            key = (int(repair.mrz.valid), -cost, conf)
                            if best is None or key > best[0]:
                                best = (key, reading)
    ocr_reading = best[1] if best else None
    zone_reading = _zone_reading(document, reference)
    if zone_reading is None:
        return ocr_reading
    if ocr_reading is not None and ocr_reading.valid and zone_reading.valid:
        return _names_printed(document, zone_reading, ocr_reading)
    if zone_reading.valid or ocr_reading is None or not ocr_reading.valid:
        return zone_reading
    return ocr_reading


def _names_printed(document: Document, zone: MrzReading, ocr: MrzReading) -> MrzReading:
    """Two valid readings that differ only in names (no check digit covers them): the printed one.

    The structural reading is kept unless the OCR pass's agrees with it on
    every checked field and more of its name words are printed on the page
    (a heavy, blurred print can make the glyph classifier misread a name);
    it is always kept when all of its name words are printed.
    """
    a, b = zone.mrz, ocr.mrz
    if a is None or b is None or zone.text == ocr.text:
        return zone
    same_checked = (a.format, a.document_number, a.birth_date, a.expiry_date) == (
        b.format,
        b.document_number,
        b.birth_date,
        b.expiry_date,
    )
    if not same_checked:
        return zone
    zone_words = _name_words(a)
    if zone_words and all(w in ocr.raw.upper() for w in zone_words):
        # the OCR pass read the zone's names in the MRZ itself: two readers of the zone agree,
        # and its "repair" came from the printed names' own OCR (a Q read as O there)
        return zone
    page = next((p for p in document.pages if p.number == zone.page), None)
    if page is None:
        return zone
    tokens = _page_tokens(page.words)

    def printed(mrz: Mrz) -> int:
        return sum(w in tokens for w in _name_words(mrz))

    if zone_words and printed(a) == len(zone_words):
        # every name of the zone's reading is printed: nothing to prefer (``zone_settles_mrz``; an
        # OCR reading with garbage names would otherwise win on stray one-letter tokens of the page)
        return zone
    return ocr if printed(b) > printed(a) else zone


def _name_words(mrz: Mrz) -> list[str]:
    return [w for name in [mrz.surname, *mrz.given_names] for w in name.split()]


def _page_tokens(words: list[Word]) -> set[str]:
    return {t for w in words for t in re.split(r"[^A-Z0-9]+", fold(w.text)) if t}


def zone_settles_mrz(zone: dict[str, Any] | None, words: list[Word]) -> bool:
    """Whether the structural reading of a page leaves the OCR pass's MRZ nothing to decide.

    It does when ``read_mrz`` would keep it whatever the OCR pass reads: valid,
    unambiguous, an issuing state that is a country, and every word of its
    names printed on the page (``words``: the page's OCR), so that no other
    valid reading can show more printed names (``_names_printed``). Only then
    is the band's re-read with Tesseract skipped (``extractors.read.ocr_image``).
    """
    reading = _reading_of_zone(zone, None) if zone and zone.get("valid") else None
    if reading is None or reading.mrz is None or not reading.valid:
        return False  # ambiguous, or an issuing state that is no country, is not valid either
    names = _name_words(reading.mrz)
    return bool(names) and set(names) <= _page_tokens(words)


def _zone_reading(document: Document, reference: date | None) -> MrzReading | None:
    """The MRZ the structural reader found on the page images (``metadata["mrz_zone"]``), if any.

    It reads the OCR-B zone itself (``extractors.mrz_reader``) and is preferred
    when valid; the OCR pass's reading stays the fallback.
    """
    zone = document.metadata.get("mrz_zone")
    return _reading_of_zone(zone, reference) if zone else None


def _reading_of_zone(zone: dict[str, Any], reference: date | None) -> MrzReading | None:
    """A structural zone reading (``extractors.read.ZoneProbe`` metadata) as an ``MrzReading``."""
    text = "\n".join(zone["lines"])
    mrz = parse_mrz(text, reference)
    if mrz is None:
        return None
    if zone.get("ambiguous") and mrz.valid:
        # Another reading the check digits cannot tell apart was plausible too: not trusted.
        mrz = dataclasses.replace(mrz, checks={**mrz.checks, "unambiguous": False})
    if not is_state_code(str(zone["lines"][0])[2:5]):
        # no check digit covers the letters: an issuing state that is no country says they were misread
        mrz = dataclasses.replace(mrz, checks={**mrz.checks, "issuing_state": False})
    bbox = tuple(float(v) for v in zone["bbox"])
    return MrzReading(
        text=text,
        raw=text,
        page=int(zone["page"]),
        bbox=(bbox[0], bbox[1], bbox[2], bbox[3]),
        confidence=round(float(zone["confidence"]) * (1.0 if mrz.valid else 0.6), 4),
        mrz=mrz,
        substitutions=int(zone.get("repaired", 0)),
        format=str(zone["format"]),
    )


def find_mrz(document: Document) -> tuple[str, int, BBox, float] | None:
    """The document's MRZ as ``(repaired text, page, bbox, confidence)``, or None."""
    reading = read_mrz(document)
    if reading is None:
        return None
    return reading.text, reading.page, reading.bbox, reading.confidence
