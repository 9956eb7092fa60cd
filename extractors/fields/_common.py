"""Shared machinery of the field extractors: lines, OCR-tolerant labels, value parsers.

A document's words become ``Line`` objects holding the line's text and a
*folded* copy of the same length (lower case, accents removed, typographic
apostrophes and spaces unified), so that a match found in the folded text
maps back, character for character, to the words and their boxes.

Labels are phrases turned into OCR-tolerant regular expressions
(``ocr_pattern``): each letter accepts its usual look-alikes (``o``/``0``,
``i``/``l``/``1``, ``m``/``rn``…), a word may be split by one space, and
punctuation is optional. Long labels also get a fuzzy fallback (rapidfuzz).

Values are read on the label's line after the label, or on the next line
below it (identity cards put values under bilingual labels), in the column
aligned with the label. Parsers (``parse_date``, ``parse_amount``…) return a
``Parsed`` value with the span they used, so each ``Extracted`` carries the
exact words, their union box and a confidence (mean word confidence × label
match × value repair penalties).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from models.document import BBox, Document, Extracted, Word
from models.months import ENGLISH_MONTHS, FRENCH_MONTHS

# --------------------------------------------------------------------------- folding

_SPECIAL_FOLD = {
    "’": "'",
    "‘": "'",
    "`": "'",
    "´": "'",
    "ʼ": "'",
    "′": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\t": " ",
    "º": "°",
    "œ": "o",
    "Œ": "o",
    "æ": "a",
    "Æ": "a",
    "ß": "s",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded to one character: lower case, no accent."""
    if char in _SPECIAL_FOLD:
        return _SPECIAL_FOLD[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """``text`` folded character by character (same length as ``text``)."""
    return "".join(fold_char(c) for c in text)


def fold_words(text: str) -> str:
    """Folded text with runs of spaces collapsed (for comparisons, not offsets)."""
    return re.sub(r"\s+", " ", fold(text)).strip()


# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    """One line of words with its text, folded text and word offsets."""

    page: int  # 1-based page number
    number: int  # position of the line within its page
    words: list[Word]
    text: str
    folded: str
    offsets: list[int]  # start offset of each word in ``text``
    page_width: float
    page_height: float

    @classmethod
    def build(cls, page: int, number: int, words: list[Word], width: float, height: float) -> Line:
        """Join ``words`` with single spaces and remember where each starts."""
        offsets, parts, pos = [], [], 0
        for word in words:
            offsets.append(pos)
            parts.append(word.text)
            pos += len(word.text) + 1
        text = " ".join(parts)
        return cls(page, number, words, text, fold(text), offsets, width or 1.0, height or 1.0)

    def word_span(self, index: int) -> tuple[int, int]:
        """Character span of word ``index``."""
        return self.offsets[index], self.offsets[index] + len(self.words[index].text)

    def words_in(self, start: int, end: int) -> list[int]:
        """Indices of the words overlapping characters ``[start, end)``."""
        out = []
        for i in range(len(self.words)):
            a, b = self.word_span(i)
            if a < end and b > start:
                out.append(i)
        return out

    def word_at(self, offset: int) -> int:
        """Index of the word containing or following ``offset`` (len(words) if none)."""
        for i in range(len(self.words)):
            if self.word_span(i)[1] > offset:
                return i
        return len(self.words)

    def _height(self) -> float:
        heights = [(w.bbox[3] - w.bbox[1]) * self.page_height for w in self.words]
        return statistics.median(heights) if heights else 0.0

    def gap_after(self, index: int) -> float:
        """Horizontal gap after word ``index`` in units of the line's word height."""
        if index + 1 >= len(self.words):
            return float("inf")
        gap = (self.words[index + 1].bbox[0] - self.words[index].bbox[2]) * self.page_width
        height = self._height() or 1.0
        return gap / height

    def segment_end(self, first_word: int, gap: float = 1.5) -> int:
        """Character end of the column segment starting at ``first_word``."""
        i = first_word
        while i + 1 < len(self.words) and self.gap_after(i) <= gap:
            i += 1
        return self.word_span(i)[1]

    def segments(self, gap: float = 1.5) -> list[tuple[int, int]]:
        """Word index ranges ``[first, last]`` of the line's column segments."""
        out, first = [], 0
        for i in range(len(self.words)):
            if i + 1 == len(self.words) or self.gap_after(i) > gap:
                out.append((first, i))
                first = i + 1
        return out

    def x_range(self, first: int, last: int) -> tuple[float, float]:
        """Horizontal extent (page fractions) of words ``first..last``."""
        return self.words[first].bbox[0], max(w.bbox[2] for w in self.words[first : last + 1])


def document_lines(document: Document) -> list[Line]:
    """All lines of all pages, in reading order."""
    lines = []
    for page in document.pages:
        for number, words in enumerate(page.lines()):
            words = [w for w in words if w.text.strip()]
            if words:
                lines.append(Line.build(page.number, number, words, page.width, page.height))
    return lines


# --------------------------------------------------------------------------- patterns

_LETTER_CLASSES = {
    "o": "[o0°]",
    "i": "[il1|!]",
    "l": "[li1|]",
    "s": "[s5$]",
    "b": "[b8]",
    "z": "[z2]",
    "g": "[g6]",
    "m": "(?:m|rn|nn)",
    "u": "[uv]",
    "e": "[e]",
}


def ocr_pattern(phrase: str) -> str:
    """An OCR-tolerant regular expression for a folded label ``phrase``.

    Letters accept look-alikes, words may be split by one space, spaces may be
    lost, punctuation (``.``, ``'``, ``(``, ``)``, ``:``, ``°``) is optional.
    """
    phrase = fold(phrase)
    parts: list[str] = []
    prev_alnum = False
    for char in phrase:
        if char.isalnum():
            if prev_alnum:
                parts.append(r"\s?")
            parts.append(_LETTER_CLASSES.get(char, re.escape(char)))
            prev_alnum = True
            continue
        prev_alnum = False
        if char == " ":
            parts.append(r"\s*")
        elif char == "'":
            parts.append(r"['\s]?")
        elif char == "°":
            parts.append(r"[°o0*9]?")
        elif char == "/":
            parts.append(r"\s*[/;:|_]?\s*")
        elif char == "-":
            parts.append(r"[-\s]?")
        elif char in ".():,":
            parts.append(re.escape(char) + "?")
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    head = r"(?<![a-z0-9])" if phrase[:1].isalnum() else ""
    tail = r"(?![a-z])" if phrase[-1:].isalnum() else ""
    return head + body + tail


@dataclass(frozen=True)
class Label:
    """A label: an OCR-tolerant pattern and, for long phrases, a fuzzy fallback."""

    phrase: str
    regex: re.Pattern[str]
    fuzzy: str | None = None


@lru_cache(maxsize=1024)
def label(phrase: str, *, regex: str | None = None, fuzzy: bool = True, strict: bool = False) -> Label:
    """Build a Label from a phrase (or an explicit regex over folded text).

    ``strict`` labels (short common words: ``Client``, ``Titulaire``) count
    only when followed by a colon or when they start the line.
    """
    if regex is None and strict:
        body = ocr_pattern(phrase)
        regex = rf"(?:{body}(?=\s*[:;])|^\s*{body})"
    pattern = re.compile(regex if regex is not None else ocr_pattern(phrase))
    compact = fold(phrase).replace(" ", "")
    use_fuzzy = fuzzy and regex is None and len(compact) >= 12
    return Label(phrase, pattern, fold(phrase) if use_fuzzy else None)


# "Nom" (optionally "Nom de naissance"), but not "Nom d'usage", "Nom du titulaire", "Nom commercial".
NOM = label(
    "nom",
    regex=r"(?<![a-z0-9])n\s?[o0]\s?(?:m|rn)(?:\s*de\s*naissance)?"
    r"(?!\s*(?:d'|du\b|de\b|commercial|d\s))(?![a-z])",
)


def labels(*phrases: str | Label) -> tuple[Label, ...]:
    """Labels from phrases (strings) or ready Labels."""
    return tuple(p if isinstance(p, Label) else label(p) for p in phrases)


@dataclass(frozen=True)
class Hit:
    """A label found on a line: its character span and match quality (0..1)."""

    line: int  # index in the document's line list
    start: int
    end: int
    score: float
    label: str


_FUZZY_CUTOFF = 90.0


def find_label(line: Line, lab: Label, index: int, *, fuzzy: bool = True) -> Hit | None:
    """The first occurrence of ``lab`` on ``line``: OCR-tolerant pattern, else (long labels) fuzzy."""
    match = lab.regex.search(line.folded)
    if match:
        matched = match.group(0).replace(" ", "")
        wanted = fold(lab.phrase).replace(" ", "")
        score = 1.0 if matched == wanted or not wanted else 0.95
        return Hit(index, match.start(), match.end(), score, lab.phrase)
    if fuzzy and lab.fuzzy and len(line.folded) >= len(lab.fuzzy) * 0.8:
        alignment = fuzz.partial_ratio_alignment(lab.fuzzy, line.folded, score_cutoff=_FUZZY_CUTOFF)
        if alignment is not None and alignment.dest_end - alignment.dest_start >= 0.85 * len(lab.fuzzy):
            start, end = alignment.dest_start, alignment.dest_end
            # extend to the end of the word the alignment stops in
            while end < len(line.folded) and line.folded[end].isalnum():
                end += 1
            return Hit(index, start, end, 0.9 * alignment.score / 100.0, lab.phrase)
    return None


def find_labels(lines: Sequence[Line], labs: Iterable[Label]) -> list[Hit]:
    """Hits of ``labs``: pattern hits in label priority then document order, then fuzzy hits.

    A fuzzy hit is only looked for on a line no pattern hit was found on, so a
    long label never "fuzzily" swallows a shorter one that is really there.
    """
    labs = list(labs)
    hits = []
    taken: set[int] = set()
    for lab in labs:
        for i, line in enumerate(lines):
            hit = find_label(line, lab, i, fuzzy=False)
            if hit is not None:
                hits.append(hit)
                taken.add(i)
    for lab in labs:
        if lab.fuzzy is None:
            continue
        for i, line in enumerate(lines):
            if i in taken:
                continue
            hit = find_label(line, lab, i)
            if hit is not None:
                hits.append(hit)
    return hits


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Parsed:
    """A parsed value and the span of the parser's input it came from."""

    value: str | int | float
    start: int
    end: int
    penalty: float = 1.0  # 1.0: read as is; lower when characters were repaired


Parser = Callable[[str], "Parsed | None"]


@dataclass(frozen=True)
class Span:
    """A candidate value: characters ``[start, end)`` of a line."""

    line: int
    start: int
    end: int
    text: str
    where: str  # "same" | "below"


_LEADING_SEPARATORS = re.compile(r"^[\s:;=>.\-_|]*")


def span_after(lines: Sequence[Line], hit: Hit, stop: Sequence[Label] = ()) -> Span | None:
    """The text after a label on its own line, up to the next column gap or label."""
    line = lines[hit.line]
    lead = _LEADING_SEPARATORS.match(line.text[hit.end :])
    start = hit.end + (lead.end() if lead else 0)
    if start >= len(line.text):
        return None
    first = line.word_at(start)
    if first >= len(line.words):
        return None
    end = line.segment_end(first)
    for lab in stop:
        m = lab.regex.search(line.folded, start, end)
        if m and m.start() <= start + 1 and m.end() > m.start():
            return None  # the next column holds another label, not this one's value
        if m and m.start() > start:
            end = m.start()
    text = line.text[start:end].rstrip(" ;,/")
    if not text.strip():
        return None
    return Span(hit.line, start, start + len(text), text, "same")


def span_below(lines: Sequence[Line], hit: Hit, depth: int = 1) -> Span | None:
    """The column segment aligned with the label on the ``depth``-th next line of its page."""
    label_line = lines[hit.line]
    target_index = hit.line + depth
    if target_index >= len(lines) or lines[target_index].page != label_line.page:
        return None
    below = lines[target_index]
    label_words = label_line.words_in(hit.start, hit.end) or [0]
    x0 = label_line.words[label_words[0]].bbox[0]
    x1 = max(label_line.words[label_words[-1]].bbox[2], x0 + 0.05)
    best: tuple[float, int, int] | None = None
    for first, last in below.segments():
        s0, s1 = below.x_range(first, last)
        overlap = min(s1, x1) - max(s0, x0)
        near = abs(s0 - x0) < 0.08
        if overlap > 0 or near:
            score = overlap - abs(s0 - x0)
            if best is None or score > best[0]:
                best = (score, first, last)
    if best is None:
        return None
    _, first, last = best
    start, end = below.word_span(first)[0], below.word_span(last)[1]
    return Span(target_index, start, end, below.text[start:end], "below")


def to_extracted(
    lines: Sequence[Line], span: Span, parsed: Parsed, *, score: float, extractor: str
) -> Extracted:
    """An Extracted with the words of ``parsed``'s span: raw text, union box, confidence."""
    line = lines[span.line]
    a, b = span.start + parsed.start, span.start + parsed.end
    indices = line.words_in(a, b) or line.words_in(span.start, span.end)
    words = [line.words[i] for i in indices]
    conf = sum(w.conf for w in words) / len(words) if words else 0.5
    return Extracted(
        value=parsed.value,
        raw=line.text[a:b].strip() or span.text.strip(),
        page=line.page,
        bbox=union_box([w.bbox for w in words]) if words else None,
        confidence=round(max(0.0, min(1.0, conf * score * parsed.penalty)), 4),
        extractor=extractor,
    )


def union_box(boxes: Sequence[BBox]) -> BBox:
    """The smallest box holding all ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def labelled_value(
    lines: Sequence[Line],
    labs: Sequence[Label],
    parse: Parser,
    *,
    name: str,
    stop: Sequence[Label] = (),
    below: int = 1,
    same_line: bool = True,
    reject: Callable[[str], bool] | None = None,
    noise: Callable[[str], bool] | None = None,
) -> Extracted | None:
    """The first value ``parse`` accepts after (or below) one of ``labs``.

    Labels are tried in the given priority order; for each, its occurrences
    in document order; for each occurrence, the same line first, then up to
    ``below`` lines under it when nothing follows the label on its line (a
    line below that starts with a label ends the search). ``reject`` skips a
    candidate text; ``noise`` says that what follows the label on its line is
    not a value (the English half of a bilingual label), so the value is below.
    """
    for hit in find_labels(lines, labs):
        candidates: list[Span] = []
        after = span_after(lines, hit, stop) if same_line else None
        if after is not None and noise is not None and noise(after.text):
            after = None  # e.g. the English half of a bilingual label: the value is below
        if after is not None:
            candidates.append(after)  # something follows the label: the value is there or nowhere
        for depth in range(1, below + 1 if after is None else 1):
            under = span_below(lines, hit, depth)
            if under is None:
                break
            if is_label_text(under.text, stop or labs):
                break
            candidates.append(under)
        for span in candidates:
            if reject is not None and reject(span.text):
                continue
            parsed = parse(span.text)
            if parsed is not None:
                return to_extracted(lines, span, parsed, score=hit.score, extractor=f"label:{name}")
    return None


def is_label_text(text: str, labs: Sequence[Label]) -> bool:
    """True when ``text`` starts with one of ``labs`` (a label line, not a value)."""
    folded = fold(text).strip()
    for lab in labs:
        m = lab.regex.search(folded)
        if m and m.start() <= 2:
            return True
    return False


def scan(
    lines: Sequence[Line],
    parse: Parser,
    *,
    name: str,
    score: float = 0.85,
    pages: set[int] | None = None,
    line_filter: Callable[[Line], bool] | None = None,
) -> Extracted | None:
    """The first line anywhere whose whole text ``parse`` accepts (label-less fallback)."""
    for i, line in enumerate(lines):
        if pages is not None and line.page not in pages:
            continue
        if line_filter is not None and not line_filter(line):
            continue
        parsed = parse(line.text)
        if parsed is not None:
            span = Span(i, 0, len(line.text), line.text, "scan")
            return to_extracted(lines, span, parsed, score=score, extractor=f"scan:{name}")
    return None


# --------------------------------------------------------------------------- digits

_TO_DIGIT = {
    "o": "0",
    "O": "0",
    "Q": "0",
    "D": "0",
    "i": "1",
    "I": "1",
    "l": "1",
    "L": "1",
    "|": "1",
    "!": "1",
    "s": "5",
    "S": "5",
    "b": "8",
    "B": "8",
    "z": "2",
    "Z": "2",
    "g": "9",
    "G": "6",
}
_TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
DIGITLIKE = r"[0-9oOQDilIL|!sSbBzZG]"


def digitise(text: str) -> tuple[str, int]:
    """Map letter look-alikes of digits to digits; returns (text, substitutions)."""
    out, n = [], 0
    for char in text:
        if char in _TO_DIGIT:
            out.append(_TO_DIGIT[char])
            n += 1
        else:
            out.append(char)
    return "".join(out), n


def digitise_numeric_tokens(text: str) -> tuple[str, int]:
    """Digitise look-alikes only inside tokens that already hold digits (same length)."""
    total = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal total
        token = match.group(0)
        real = sum(c.isdigit() for c in token)
        alike = sum(c in _TO_DIGIT for c in token)
        if real == 0 or alike == 0 or alike > real + 1:
            return token
        fixed, n = digitise(token)
        total += n
        return fixed

    out = re.sub(r"[0-9oOQDilIL|!sSbBzZG][0-9oOQDilIL|!sSbBzZG.,/]*", repl, text)
    return out, total


def letterise(token: str) -> tuple[str, int]:
    """Map digit look-alikes of letters to letters inside a word; returns (word, substitutions)."""
    if not any(c.isalpha() for c in token):
        return token, 0
    upper = sum(c.isupper() for c in token) >= sum(c.islower() for c in token)
    out, n = [], 0
    for char in token:
        if char in _TO_LETTER:
            letter = _TO_LETTER[char]
            if char == "1" and not upper:
                letter = "l"
            out.append(letter if upper else letter.lower())
            n += 1
        else:
            out.append(char)
    return "".join(out), n


def penalty(substitutions: int, per: float = 0.93) -> float:
    """Confidence factor for ``substitutions`` repaired characters."""
    return per**substitutions


# --------------------------------------------------------------------------- dates

# Dates in words: French then English names (the order the fuzzy match tries them).
MONTHS = {**FRENCH_MONTHS, **ENGLISH_MONTHS}
_FULL_MONTHS = [m for m in MONTHS if len(m) >= 4]

_D = r"[0-9oilsbz|]"
_NUMERIC_DATE = re.compile(rf"(?<![0-9])({_D}{{1,2}})\s?([/.\-])\s?({_D}{{1,2}})\s?\2\s?({_D}{{4}})(?![0-9])")
_SPACED_DATE = re.compile(rf"(?<![0-9])({_D}{{2}}) {{1,2}}({_D}{{2}}) {{1,2}}({_D}{{4}})(?![0-9])")
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![0-9])")
# One separator lost by the OCR: 0711/2026, 07/112026.
_GLUED_DATES = (
    re.compile(r"(?<![0-9])(\d\d)(\d\d)[/.\-]((?:19|20)\d\d)(?![0-9])"),
    re.compile(r"(?<![0-9])(\d\d)[/.\-](\d\d)((?:19|20)\d\d)(?![0-9])"),
)
_TEXT_DATE = re.compile(
    rf"(?<![0-9a-z])({_D}{{1,2}}|1\s?er|ler|ier)\s*([a-z0-9]{{3,10}})\.?,?\s*({_D}{{4}})(?![0-9])"
)


def _digits(group: str) -> tuple[str, int]:
    fixed, n = digitise(group)
    return fixed, n


def _month(token: str) -> tuple[int, float] | None:
    token = token.translate(str.maketrans("0158", "oisb"))
    if sum(c.isalpha() for c in token) < 3:
        return None
    if token in MONTHS:
        return MONTHS[token], 1.0
    best, best_score = None, 0.0
    for name in _FULL_MONTHS:
        score = 1 - Levenshtein.normalized_distance(token, name)
        if score > best_score:
            best, best_score = name, score
    if best is not None and best_score >= 0.75 and len(token) >= 4:
        return MONTHS[best], 0.9
    return None


def _make_date(year: str, month: int, day: str) -> date | None:
    try:
        y, d = int(year), int(day)
        if not 1900 <= y <= 2100:
            return None
        return date(y, month, d)
    except ValueError:
        return None


def _real_digits(*groups: str) -> int:
    return sum(c.isdigit() for g in groups for c in g)


def find_dates(text: str) -> list[Parsed]:
    """Every French-format date in ``text`` (value ISO ``YYYY-MM-DD``), in text order.

    Accepted: ``12/03/2026``, ``12.03.2026``, ``12-03-2026``, ``12 03 2026``,
    ``12 mars 2026`` (with or without accents, abbreviated, ``1er``),
    ``2026-03-12``; OCR look-alikes of digits (``O``, ``l``, ``I``…) are
    repaired with a confidence penalty.
    """
    folded = fold(text)
    found: dict[int, Parsed] = {}
    for match in _NUMERIC_DATE.finditer(folded):
        day, month, year = match.group(1), match.group(3), match.group(4)
        if _real_digits(day) < 1 or _real_digits(month) < 1 or _real_digits(year) < 3:
            continue
        (d, n1), (m, n2), (y, n3) = _digits(day), _digits(month), _digits(year)
        value = _make_date(y, int(m), d)
        if value:
            found.setdefault(
                match.start(), Parsed(value.isoformat(), match.start(), match.end(), penalty(n1 + n2 + n3))
            )
    for match in _SPACED_DATE.finditer(folded):
        day, month, year = match.groups()
        if (
            match.start() in found
            or _real_digits(day) < 1
            or _real_digits(month) < 1
            or _real_digits(year) < 3
        ):
            continue
        (d, n1), (m, n2), (y, n3) = _digits(day), _digits(month), _digits(year)
        value = _make_date(y, int(m), d)
        if value:
            found[match.start()] = Parsed(
                value.isoformat(), match.start(), match.end(), penalty(n1 + n2 + n3) * 0.98
            )
    for regex in _GLUED_DATES:
        for match in regex.finditer(folded):
            value = _make_date(match.group(3), int(match.group(2)), match.group(1))
            if value:
                found.setdefault(match.start(), Parsed(value.isoformat(), match.start(), match.end(), 0.85))
    for match in _ISO_DATE.finditer(folded):
        value = _make_date(match.group(1), int(match.group(2)), match.group(3))
        if value:
            found.setdefault(match.start(), Parsed(value.isoformat(), match.start(), match.end()))
    for match in _TEXT_DATE.finditer(folded):
        day, month_token, year = match.groups()
        month = _month(month_token)
        if month is None or _real_digits(year) < 3:
            continue
        day_clean = "1" if re.fullmatch(r"1\s?er|ler|ier", day) else day
        if day_clean is day and _real_digits(day) < 1:
            continue
        (d, n1), (y, n3) = _digits(day_clean), _digits(year)
        value = _make_date(y, month[0], d)
        if value:
            found.setdefault(
                match.start(),
                Parsed(value.isoformat(), match.start(), match.end(), penalty(n1 + n3) * month[1]),
            )
    return [found[k] for k in sorted(found)]


def parse_date(text: str) -> Parsed | None:
    """The first date in ``text``."""
    dates = find_dates(text)
    return dates[0] if dates else None


# --------------------------------------------------------------------------- numbers

_AMOUNT = re.compile(
    r"(?<![0-9a-z.,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:\s?[,.]\s?(\d{1,2}))?(?![0-9])"
    r"(\s*(?:€|eur\b|euros?\b|e\b))?"
)


def parse_amount(text: str, *, require_currency: bool = False) -> Parsed | None:
    """The first amount in ``text`` (French formats) as a float with 2 decimals.

    ``4 350,00 €``, ``4350.00 EUR``, ``4 350 €``, ``4.350,00 €``. With
    ``require_currency`` only amounts followed by € / EUR / euros count.
    """
    digits, n = digitise_numeric_tokens(text)
    folded = fold(digits)
    found: list[tuple[int, Parsed]] = []
    dates = [(d.start, d.end) for d in find_dates(text)]
    for match in _AMOUNT.finditer(folded):
        if any(a < match.end(1) and match.start() < b for a, b in dates):
            continue  # a piece of a date, not an amount
        whole, cents, currency = match.group(1), match.group(2), match.group(3)
        if require_currency and not currency:
            continue
        integer = re.sub(r"[ .]", "", whole)
        if not integer or len(integer) > 9:
            continue
        value = float(integer) + (float(f"0.{cents:0<2}") if cents else 0.0)
        end = match.end(3) if currency else match.end(2) if cents else match.end(1)
        rank = 0 if currency else 1 if cents else 2
        found.append((rank, Parsed(round(value, 2), match.start(), end, penalty(n))))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1].start))[1]


_HOURS = re.compile(r"(?<![0-9.,])(\d{1,3}(?: \d{3})*|\d+)(?:[.,](\d{1,2}))?\s*(?:heures?|hrs?|h)(?![a-z])")


def parse_hours(text: str) -> Parsed | None:
    """A number of hours: ``798 heures``, ``798 h``, ``798h``, ``35,5 heures``."""
    digits, n = digitise_numeric_tokens(text)
    match = _HOURS.search(fold(digits))
    if not match:
        return None
    whole = int(match.group(1).replace(" ", ""))
    if whole <= 0:
        return None
    if match.group(2) and int(match.group(2)):
        value: int | float = round(whole + float(f"0.{match.group(2)}"), 2)
    else:
        value = whole
    return Parsed(value, match.start(), match.end(), penalty(n))


def parse_digits(text: str, count: int, *, max_repairs: int = 2) -> Parsed | None:
    """Exactly ``count`` digits, possibly grouped by spaces or dots; look-alikes repaired."""
    pattern = re.compile(rf"(?<![0-9A-Za-z]){DIGITLIKE}(?:[ .]?{DIGITLIKE}){{{count - 1}}}(?![0-9])")
    for match in pattern.finditer(text):
        raw = re.sub(r"[ .]", "", match.group(0))
        if sum(c.isdigit() for c in raw) < count - max_repairs:
            continue
        fixed, n = digitise(raw)
        if n > max_repairs or not fixed.isdigit():
            continue
        return Parsed(fixed, match.start(), match.end(), penalty(n))
    return None


# --------------------------------------------------------------------------- text values

_TRAILING_PUNCT = " ,;:.-_/|"


def parse_text(text: str) -> Parsed | None:
    """A free-text value (address, title): the text stripped; needs two letters."""
    stripped = text.strip().rstrip(_TRAILING_PUNCT.replace(".", ""))
    if sum(c.isalpha() for c in stripped) < 2:
        return None
    start = text.find(stripped)
    return Parsed(re.sub(r"\s{2,}", " ", stripped), start, start + len(stripped))


_NAME_STOP = re.compile(r"\b(?:n[°o]|ne\(e\)|nee?|date|adresse|iban|code)\b", re.IGNORECASE)


def parse_name(text: str) -> Parsed | None:
    """A person's name as read: digits inside words repaired, commas removed.

    Rejects values holding no letters, or numbers (``Client : n° 123456``).
    """
    stripped = text.strip().strip(_TRAILING_PUNCT)
    if not stripped:
        return None
    tokens = stripped.split()
    out, repairs = [], 0
    for token in tokens:
        fixed, n = letterise(token)
        if n and sum(c.isalpha() for c in fixed) < 2:
            return None
        repairs += n
        out.append(fixed)
    value = re.sub(r"\s*,\s*", " ", " ".join(out)).strip(" ,")
    letters = sum(c.isalpha() for c in value)
    if letters < 2 or sum(c.isdigit() for c in value) > 0:
        return None
    start = text.find(stripped)
    return Parsed(re.sub(r"\s+", " ", value), start, start + len(stripped), penalty(repairs, 0.9))


PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "el",
        "al",
        "ben",
        "van",
        "von",
        "der",
        "den",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "mac",
        "mc",
        "st",
        "ste",
        "saint",
        "sainte",
    }
)


def split_full_name(text: str) -> tuple[str, str | None, float]:
    """Split ``LAST First Second`` into (last name, given names or None, confidence factor).

    The leading upper-case words are the last name (French administrative
    style: ``DUPONT-MARTIN Élodie Marie``). When every word is upper case the
    split is a convention, not a reading: the first word, with any particles
    before it (``DE LA FONTAINE JEAN``), is the last name, at a lower
    confidence.
    """
    tokens = [t.strip(",") for t in text.split() if t.strip(",")]
    if not tokens:
        return "", None, 0.0

    def upper(token: str) -> bool:
        letters = [c for c in token if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    flags = [upper(t) for t in tokens]
    if not all(flags):
        cut = next(i for i, f in enumerate(flags) if not f)
        if cut == 0:
            return " ".join(tokens), None, 0.7
        return " ".join(tokens[:cut]), " ".join(tokens[cut:]) or None, 1.0
    cut = 0
    while cut < len(tokens) - 1 and fold(tokens[cut]).strip("'") in PARTICLES:
        cut += 1
    cut += 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:]) or None, 0.8


def name_parts(text: str) -> tuple[Parsed, Parsed | None] | None:
    """(last name, given names) of ``text`` as Parsed spans, split by ``split_full_name``."""
    parsed = parse_name(text)
    if parsed is None:
        return None
    tokens = list(re.finditer(r"[^\s,]+", text))
    last, first, factor = split_full_name(str(parsed.value))
    count = len(last.split())
    if not tokens or count == 0 or count > len(tokens):
        return None
    head = tokens[:count]
    last_parsed = Parsed(last, head[0].start(), head[-1].end(), parsed.penalty * factor)
    if first is None or count == len(tokens):
        return last_parsed, None
    tail = tokens[count:]
    return last_parsed, Parsed(first, tail[0].start(), tail[-1].end(), parsed.penalty * factor)


def parse_code(text: str, *, min_len: int = 5, max_len: int = 14) -> Parsed | None:
    """An identifier: the first token of letters and digits of a plausible length, upper case."""
    for match in re.finditer(r"[A-Za-z0-9]+", text):
        token = match.group(0)
        if min_len <= len(token) <= max_len and any(c.isdigit() for c in token):
            return Parsed(token.upper(), match.start(), match.end())
    return None


def first_line_match(
    lines: Sequence[Line], regex: re.Pattern[str], pages: set[int] | None = None
) -> tuple[int, re.Match[str]] | None:
    """The first (line index, match) of ``regex`` over folded lines."""
    for i, line in enumerate(lines):
        if pages is not None and line.page not in pages:
            continue
        m = regex.search(line.folded)
        if m:
            return i, m
    return None


def put(fields: dict[str, Extracted], name: str, value: Extracted | None) -> None:
    """Store ``value`` under ``name`` unless it is missing or empty."""
    if value is None:
        return
    if isinstance(value.value, str) and not value.value.strip():
        return
    fields[name] = value
