"""Finding and repairing machine-readable zones in a document's OCR lines.

``read_mrz`` locates 2 or 3 consecutive lines that look like an MRZ (long
runs of ``[A-Z0-9<]``), normalises the usual OCR noise, repairs character
confusions position by position and returns the repaired lines with their
provenance and the OCR text. ``find_mrz`` is its short form.

Repair policy, and why it does not manufacture validity:

1. *Normalisation*: spaces and punctuation removed, ``«‹([{`` read as
   ``<``. An MRZ has no lower case: in a line whose content is upper case,
   lower-case ``c e k r l x`` touching a filler are fillers, and a second
   reading drops the other lower-case letters (a stray ``r`` inserted by
   the OCR); a lower-case line is upper-cased. ``K L C E R`` in the trailing
   filler of a line or of a name / optional-data field become ``<`` (a
   letter glued to the name, ``MARIE<<``, stays). Lines are padded or
   trimmed to the format length by extending or shortening a ``<`` run,
   preferring the end of the line.
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

4. *The printed zone* (the same page's words outside the MRZ, OCR'd too)
   guides three repairs, each verified: a stray character in the document
   number is removed (``repair_inserted_character``); a number misread
   beyond look-alikes (``9`` read ``I``) is replaced by a printed number of
   its length when *every* check digit then holds (``repair_from_printed``);
   a name component printed nowhere takes the letter of the one printed
   name one OCR confusion away (``GTRAUD`` → ``GIRAUD``,
   ``repair_names_from_printed``; names have no check digit, so only those
   confusions count).

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

import dataclasses
import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import Levenshtein

from models.document import BBox, Document, Word
from models.icao_codes import is_state_code
from models.mrz import FORMATS, LAYOUTS, Mrz, parse_mrz

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
_FILLER_LOOKALIKES = str.maketrans(
    {"«": "<", "‹": "<", "(": "<", "[": "<", "{": "<", "≤": "<", "＜": "<", "‘": "", "’": "", "'": ""}
)
_NOISE = re.compile(r"[^A-Z0-9<]")
_MAX_SEARCH_SUBSTITUTIONS = 2

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


_LOWER_FILLER_READS = "cekrlx"


def mrz_line_readings(text: str) -> list[str]:
    """Normalised readings of one OCR'd MRZ line, most plausible first.

    An MRZ has no lower case, so in a line whose *content* is upper case the
    lower-case letters OCR produces are noise: ``c e k r l x`` touching a
    filler are fillers (``MARIE<<<<cec<e`` → ``MARIE<<<<<<<<``, ``ARNAUDe<<``
    → ``ARNAUD<<<``); a second reading drops the remaining lower-case letters
    (a stray ``r`` inserted before a sex letter). A line whose content is
    lower case (``p<utoeriksson<<anna``) is simply upper-cased.
    """
    text = re.sub(r"[^A-Za-z0-9<]", "", text.translate(_FILLER_LOOKALIKES))
    filler_like = re.compile(f"<[<{_LOWER_FILLER_READS}{_FILLER_READS}]*")
    content = [c for c in filler_like.sub("", text) if c.isalpha()]
    if content and sum(c.islower() for c in content) > 0.5 * len(content):
        return [text.upper()]
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"(?<=<)[{_LOWER_FILLER_READS}]|[{_LOWER_FILLER_READS}](?=<)", "<", text)
    readings = [text.upper()]
    if any(c.islower() for c in text):
        readings.append(re.sub(r"[a-z]", "", text).upper())
    return readings


def normalise_mrz_line(text: str) -> str:
    """Upper-case, spaces and stray punctuation removed, filler look-alikes read as ``<``."""
    text = text.upper().translate(_FILLER_LOOKALIKES)
    return _NOISE.sub("", text)


# Characters OCR reads for a "<" filler (after upper-casing): K, L, C, E, R.
_FILLER_READS = "KLCER"
_TRAILING = re.compile(f"[<{_FILLER_READS}]+$")


def _fix_trailing_fillers(field: str) -> tuple[str, int]:
    """Read filler look-alikes (``K L C E R``) in the trailing filler of a field as ``<``.

    The trailing region is the tail made only of ``<`` and look-alikes, and
    holding at least one ``<``; look-alikes glued to the last real character
    (``ERIK<<<``, ``MARIE<<<``) are part of the value and stay.
    """
    match = _TRAILING.search(field)
    if not match or "<" not in match.group(0):
        return field, 0
    if re.search(r"[A-Z]<[A-Z]+$", field):
        # "MARIE<C", "AURELIE<CE" filling the field to its end: a name cut short, not fillers.
        return field, 0
    tail = match.group(0)
    head = field[: match.start()]
    glued = re.match(f"[{_FILLER_READS}]*", tail).group(0)  # type: ignore[union-attr]
    rest = tail[len(glued) :]
    fixed = re.sub(f"[{_FILLER_READS}]", "<", rest)
    changes = sum(1 for a, b in zip(rest, fixed, strict=True) if a != b)
    return head + glued + fixed, changes


def _coerce(lines: list[str], fmt: str) -> tuple[list[str], int]:
    """Class coercion and trailing-filler normalisation; returns new lines and change count."""
    out: list[str] = []
    changes = 0
    for line, layout in zip(lines, _LAYOUTS[fmt], strict=True):
        chars = list(line)
        for start, end, kind in layout:
            segment = "".join(chars[start:end])
            if kind in ("A", "X") and end - start >= 5:
                segment, n = _fix_trailing_fillers(segment)
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


def _parse(lines: list[str], reference: date | None) -> Mrz | None:
    return parse_mrz("\n".join(lines), reference)


def _search(lines: list[str], fmt: str, reference: date | None) -> tuple[list[str], int] | None:
    """Check-guided repair of alphanumeric number fields whose own check fails.

    In each such field, every single letter-to-digit flip (``O→0 I→1 S→5 B→8
    Z→2``) is tried; a field is repaired only when exactly one flip makes its
    check hold. The result is kept only if then *every* check holds (the
    composite included), with at most ``_MAX_SEARCH_SUBSTITUTIONS`` flips.
    """
    mrz = _parse(lines, reference)
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
            parsed = _parse(candidate, reference)
            if parsed is not None and parsed.checks.get(name, False):
                solutions.append(candidate)
        if len(solutions) != 1 or flips >= _MAX_SEARCH_SUBSTITUTIONS:
            return None  # no explanation, or an ambiguous one: do not choose
        current = solutions[0]
        flips += 1
        mrz = _parse(current, reference)
        if mrz is None:
            return None
    if flips and mrz.valid:
        return current, flips
    return None


def _coerce_and_search(
    lines: list[str], fmt: str, reference: date | None
) -> tuple[list[str], int, Mrz | None]:
    """``_coerce`` the lines, then ``_search`` when a check still fails: lines, changes, parse."""
    coerced, changes = _coerce(lines, fmt)
    mrz = _parse(coerced, reference)
    if mrz is not None and not mrz.valid:
        found = _search(coerced, fmt, reference)
        if found is not None:
            coerced, flips = found
            changes += flips
            mrz = _parse(coerced, reference)
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
    lines = [_fix_trailing_fillers(line)[0] for line in lines]  # so that dropped "<" can be re-padded
    per_line = [_length_variants(line, length) for line in lines]
    best: MrzRepair | None = None
    for rank, combo in enumerate(itertools.product(*per_line)):
        if rank >= 24:
            break
        length_fixed = any(a != b for a, b in zip(combo, lines, strict=True))
        coerced, changes, mrz = _coerce_and_search(list(combo), fmt, reference)
        repair = MrzRepair(coerced, mrz, changes, length_fixed)
        if mrz is not None and mrz.valid:
            return repair
        if best is None:
            best = repair
    assert best is not None
    return best


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
                            printed = _printed_tokens(words_by_line, {pos for pos, _ in window})
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
    (a heavy, blurred print can make the glyph classifier misread a name).
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
    page = next((p for p in document.pages if p.number == zone.page), None)
    if page is None:
        return zone
    tokens = {t for w in page.words for t in re.split(r"[^A-Z0-9]+", _fold(w.text)) if t}

    def printed(mrz: Mrz) -> int:
        words = [w for name in [mrz.surname, *mrz.given_names] for w in name.split()]
        return sum(w in tokens for w in words)

    return ocr if printed(b) > printed(a) else zone


def _zone_reading(document: Document, reference: date | None) -> MrzReading | None:
    """The MRZ the structural reader found on the page images (``metadata["mrz_zone"]``), if any.

    It reads the OCR-B zone itself (``extractors.mrz_reader``) and is preferred
    when valid; the OCR pass's reading stays the fallback.
    """
    zone = document.metadata.get("mrz_zone")
    if not zone:
        return None
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


# Where OCR inserts a stray character (a doubled stroke, an "I" in a gap): the
# document-number field of TD1 (line 1) and TD3 (line 2), with its check digit.
_INSERTION_FIELDS = {"TD1": (0, 5, 16), "TD3": (1, 0, 11)}


def _printed_tokens(words_by_line: list[list[Word]], skip: set[int]) -> set[str]:
    """Upper-case letter-and-digit tokens printed outside the MRZ lines: words and adjacent pairs.

    Pairs because a number may be printed in groups (``25VV 49857``).
    """
    tokens: set[str] = set()
    for index, line in enumerate(words_by_line):
        if index in skip:
            continue
        folded = [_fold(w.text) for w in line]
        parts = [p for p in (re.sub(r"[^A-Z0-9]", "", f) for f in folded) if p]
        tokens.update(parts)
        tokens.update(a + b for a, b in itertools.pairwise(parts))
        tokens.update(p for f in folded for p in re.split(r"[^A-Z0-9]+", f) if p)  # JEAN-PIERRE
    return tokens


def _fold(text: str) -> str:
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
        coerced, changes, mrz = _coerce_and_search(candidate, fmt, reference)
        number = mrz.document_number.replace("<", "") if mrz is not None and mrz.valid else ""
        if number and _printed_close(number, printed):
            solutions.setdefault("\n".join(coerced), (coerced, changes))
    if len(solutions) != 1:
        return repair
    lines, changes = next(iter(solutions.values()))
    mrz = _parse(lines, reference)
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
            coerced, _ = _coerce(candidate, fmt)
            mrz = _parse(coerced, reference)
            if mrz is not None and mrz.valid:
                solutions.setdefault("\n".join(coerced), coerced)
    if len(solutions) != 1:
        return repair
    lines = next(iter(solutions.values()))
    changes = sum(
        a != b for old, new in zip(repair.lines, lines, strict=True) for a, b in zip(old, new, strict=True)
    )
    return MrzRepair(lines, _parse(lines, reference), repair.substitutions + max(changes, 1), True)


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
    mrz = _parse(lines, reference)
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
    word's letter (``GIRAUD``). Names carry no check digit; nothing else is
    changed, and a name that is printed as read is left alone.
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
    return MrzRepair(lines, _parse(lines, reference), repair.substitutions + changes, repair.length_fixed)


def _closest_printed_name(part: str, printed: set[str]) -> str:
    if len(part) < 3 or part in printed or not part.isalpha():
        return part
    matches = set()
    for token in printed:
        if len(token) != len(part) or not token.isalpha():
            continue
        diffs = [(a, b) for a, b in zip(part, token, strict=True) if a != b]
        if len(diffs) == 1 and diffs[0] in _NAME_CONFUSIONS:
            matches.add(token)
    return matches.pop() if len(matches) == 1 else part


def find_mrz(document: Document) -> tuple[str, int, BBox, float] | None:
    """The document's MRZ as ``(repaired text, page, bbox, confidence)``, or None."""
    reading = read_mrz(document)
    if reading is None:
        return None
    return reading.text, reading.page, reading.bbox, reading.confidence
