"""Reading the postal address on a proof of address: street, postal code and city.

``labelled_address`` reads ``address_line`` after ``Adresse de consommation`` /
``Adresse du logement`` / ``Lieu de consommation`` (same line or below), then
``postal_code`` and ``city`` from the ``13001 MARSEILLE`` line that follows.
Without an address label, ``block_address`` takes the ``street`` /
``postcode city`` pair nearest below the holder's name (the window-envelope
block), blocks side by side told apart by their columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.fields.address_labels import ADDRESS, ALL_LABELS
from extractors.fields.labels import find_labels
from extractors.fields.pairing import (
    Span,
    parse_text,
    put,
    span_after,
    span_below,
    to_extracted,
)
from extractors.fields.parsed import DIGITLIKE, Parsed, digitise, penalty
from extractors.fields.text import Line, fold
from models.document import BBox, Extracted

_POSTAL_CITY = re.compile(
    rf"(?<![0-9A-Za-z])({DIGITLIKE}{{5}})[ ,]+([A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\- ]{{1,40}}?)"
    r"(?:\s+cedex\b.*)?\s*$",
    re.IGNORECASE,
)
_STREET_WORDS = re.compile(
    r"\b(rue|avenue|av|bd|boulevard|chemin|ch|impasse|imp|allee|place|pl|route|rte|quai|cours|traverse"
    r"|montee|lotissement|residence|res|batiment|bat|square|voie|parc|domaine|hameau|lieu-dit|cite|passage"
    r"|rond-point|esplanade|promenade|corniche|faubourg|fbg)\b"
)


def _postal_city(text: str) -> tuple[Parsed, Parsed] | None:
    """(postal code, city) from a ``13001 MARSEILLE`` text; look-alike digits repaired."""
    match = _POSTAL_CITY.search(text)
    if not match:
        return None
    code, n = digitise(match.group(1))
    if not code.isdigit() or n > 1 or sum(c.isdigit() for c in match.group(1)) < 4:
        return None
    city = match.group(2).strip(" ,-")
    if sum(c.isalpha() for c in city) < 2:
        return None
    return (
        Parsed(code, match.start(1), match.end(1), penalty(n)),
        Parsed(city, match.start(2), match.start(2) + len(city)),
    )


def _street(text: str) -> Parsed | None:
    """An address line: text with letters, cut before a trailing postcode and city."""
    pc = _POSTAL_CITY.search(text)
    head = text[: pc.start()] if pc else text
    head = head.rstrip(" ,-")
    parsed = parse_text(head)
    if parsed is None:
        return None
    return parsed


def _postal_after(
    lines: Sequence[Line], line_index: int, span: Span | None, fields: dict[str, Extracted], score: float
) -> None:
    """Postal code and city on the street's line (after it) or on the next two lines."""
    candidates: list[Span] = []
    if span is not None:
        line = lines[span.line]
        tail = line.text[span.start :]
        candidates.append(Span(span.line, span.start, len(line.text), tail, "same"))
    for depth in (1, 2):
        j = line_index + depth
        if j < len(lines) and lines[j].page == lines[line_index].page:
            candidates.append(Span(j, 0, len(lines[j].text), lines[j].text, "below"))
    for cand in candidates:
        found = _postal_city(cand.text)
        if found:
            code, city = found
            put(
                fields,
                "postal_code",
                to_extracted(lines, cand, code, score=score, extractor="label:postal_code"),
            )
            put(fields, "city", to_extracted(lines, cand, city, score=score, extractor="label:city"))
            return


def labelled_address(lines: Sequence[Line], fields: dict[str, Extracted]) -> bool:
    """Street, postal code and city after an address label into ``fields``; whether one was found."""
    for hit in find_labels(lines, ADDRESS):
        after = span_after(lines, hit, ALL_LABELS)
        spans = [s for s in (after, span_below(lines, hit, 1)) if s is not None]
        for span in spans:
            street = _street(span.text)
            if street is None:
                # the label line may hold only "13001 MARSEILLE" (street missing)
                continue
            put(
                fields,
                "address_line",
                to_extracted(lines, span, street, score=hit.score, extractor="label:address_line"),
            )
            street_span = Span(
                span.line, span.start + street.end, span.end, span.text[street.end :], span.where
            )
            _postal_after(lines, span.line, street_span, fields, hit.score)
            return True
    return False


def _segment_spans(line: Line) -> list[Span]:
    """The line's column segments as spans (side-by-side address blocks stay apart)."""
    out = []
    for first, last in line.segments():
        a, b = line.word_span(first)[0], line.word_span(last)[1]
        out.append(Span(-1, a, b, line.text[a:b], "block"))
    return out


def block_address(
    lines: Sequence[Line],
    fields: dict[str, Extracted],
    holder_line: int | None,
    holder_box: BBox | None = None,
) -> None:
    """Label-less fallback: a street followed by a postcode and town, in the same column.

    Blocks side by side (the landlord's and the tenant's) are told apart by
    their columns; with several blocks, the one just under the holder's name
    is taken, else none.
    """
    blocks: list[tuple[int, Span, Span]] = []  # (street line, street span, postcode span)
    for i in range(1, len(lines)):
        if lines[i].page != lines[i - 1].page:
            continue
        for code in _segment_spans(lines[i]):
            if not _postal_city(code.text):
                continue
            x0, x1 = lines[i].x_range(*_word_range(lines[i], code))
            for street in _segment_spans(lines[i - 1]):
                s0, s1 = lines[i - 1].x_range(*_word_range(lines[i - 1], street))
                if min(s1, x1) - max(s0, x0) > 0 and _STREET_WORDS.search(fold(street.text)):
                    blocks.append((i - 1, replace(street, line=i - 1), replace(code, line=i)))
    if not blocks:
        return
    chosen = None
    if holder_line is not None:
        after = [b for b in blocks if 0 < b[0] - holder_line <= 4]
        if holder_box is not None and len(after) > 1:
            # blocks side by side: the one under the holder's name
            hx0, hx1 = holder_box[0], holder_box[2]
            after = [
                b
                for b in after
                if min(hx1, lines[b[0]].x_range(*_word_range(lines[b[0]], b[1]))[1])
                - max(hx0, lines[b[0]].x_range(*_word_range(lines[b[0]], b[1]))[0])
                > 0
            ]
        chosen = after[0] if len(after) == 1 else None
    if chosen is None:
        if len(blocks) != 1:
            return  # several address blocks and nothing telling which is the holder's
        chosen = blocks[0]
    _, street_span, code_span = chosen
    street = _street(street_span.text)
    found = _postal_city(code_span.text)
    if street is None or found is None:
        return
    put(
        fields,
        "address_line",
        to_extracted(lines, street_span, street, score=0.85, extractor="block:address_line"),
    )
    code, city = found
    put(
        fields, "postal_code", to_extracted(lines, code_span, code, score=0.85, extractor="block:postal_code")
    )
    put(fields, "city", to_extracted(lines, code_span, city, score=0.85, extractor="block:city"))


def _word_range(line: Line, span: Span) -> tuple[int, int]:
    words = line.words_in(span.start, span.end)
    return words[0], words[-1]
