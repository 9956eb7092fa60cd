"""Pairing a label with its value: on the label's line, or in its column below.

Values are read on the label's line after the label, or on the next line
below it (identity cards put values under bilingual labels), in the column
aligned with the label. Each ``Extracted`` carries the exact words, their
union box and a confidence (mean word confidence × label match × value
repair penalties).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractors.fields.labels import Hit, Label, find_labels, is_label_text
from extractors.fields.parsed import TRAILING_PUNCT, Parsed, Parser
from extractors.fields.text import Line
from models.document import BBox, Extracted


@dataclass(frozen=True)
class Span:
    """A candidate value: characters ``[start, end)`` of a line."""

    line: int
    start: int
    end: int
    text: str
    where: str  # "same" | "below"


_LEADING_SEPARATORS = re.compile(r"^[\s:;=>.\-_|]*")
# The rest of a longer label than the one matched, up to its colon: a few lower-case words
# with no digit ("Adresse" + " de facturation :", "Date" + " de la facture :").
_LABEL_TAIL = re.compile(r"^(?:\s+[a-zà-ÿ'’]+){1,4}\s*:")
# A label's translation after a slash or a bar: "Titulaire / Account holder".
_TRANSLATION = re.compile(r"^\s*[/|]\s*(?=[^\W\d_])")


def span_after(lines: Sequence[Line], hit: Hit, stop: Sequence[Label] = ()) -> Span | None:
    """The text after a label on its own line, up to the next column gap or label."""
    line = lines[hit.line]
    label_end = hit.end
    translated = _TRANSLATION.match(line.text[label_end:])
    if translated:
        # a bilingual label ("Titulaire / Kunde", "Date d'émission / Invoice date : 06/03/2026"):
        # its other half runs to a colon, or to the end of the column (the value is then below)
        segment_end = line.segment_end(line.word_at(label_end + translated.end()))
        colon = line.text.find(":", label_end, segment_end)
        if colon < 0:
            return None
        label_end = colon + 1
    rest = _LABEL_TAIL.match(line.text[label_end:])
    if rest:
        label_end += rest.end()  # "Adresse de facturation :": the label runs to its colon
    lead = _LEADING_SEPARATORS.match(line.text[label_end:])
    start = label_end + (lead.end() if lead else 0)
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


def header_above(lines: Sequence[Line], index: int, start: int, end: int, max_lines: int = 6) -> str | None:
    """The folded text heading the column of characters ``[start, end)`` of line ``index``.

    Walks up the column through cells that hold figures (other rows of a
    table) to the first cell with words: a table header, or a label over its
    value. None when nothing is printed above in that column.
    """
    line = lines[index]
    words = line.words_in(start, end)
    if not words:
        return None
    x0, x1 = line.words[words[0]].bbox[0], max(line.words[i].bbox[2] for i in words)
    for j in range(index - 1, max(index - 1 - max_lines, -1), -1):
        above = lines[j]
        if above.page != line.page:
            return None
        for first, last in above.segments():
            s0, s1 = above.x_range(first, last)
            if min(s1, x1) - max(s0, x0) > 0 or abs(s0 - x0) < 0.03:
                a, b = above.word_span(first)[0], above.word_span(last)[1]
                text = above.folded[a:b]
                if sum(c.isalpha() for c in text) >= 2 * sum(c.isdigit() for c in text) + 2:
                    return text
                break  # a row of figures: the header is higher
    return None


def next_segment(lines: Sequence[Line], span: Span) -> Span | None:
    """The column segment right after ``span`` on its line (the next cell of a table row)."""
    line = lines[span.line]
    index = line.word_at(span.end)
    if index >= len(line.words):
        return None
    start = line.word_span(index)[0]
    end = line.segment_end(index)
    text = line.text[start:end]
    return Span(span.line, start, end, text, "same") if text.strip() else None


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
    line below that starts with a label ends the search); a word or two after
    the label in its cell, then the value in the next cell, is a table row.
    ``reject`` skips a
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
            following = next_segment(lines, after)
            rejected = reject is not None and reject(after.text)
            label_tail = len(after.text.split()) <= 2 and not any(c.isdigit() for c in after.text)
            if following is not None and label_tail and not rejected:
                # a table row: the label's cell ends with a word or two ("Total TTC"), the value is
                # in the next cell
                candidates.append(following)
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


def parse_text(text: str) -> Parsed | None:
    """A free-text value (address, title): the text stripped; needs two letters."""
    stripped = text.strip().rstrip(TRAILING_PUNCT.replace(".", ""))
    if sum(c.isalpha() for c in stripped) < 2:
        return None
    start = text.find(stripped)
    return Parsed(re.sub(r"\s{2,}", " ", stripped), start, start + len(stripped))


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
