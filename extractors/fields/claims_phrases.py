"""Finding a claimed phrase (a title, a street, a company) on the page, fuzzily.

``find_phrase`` compares folded text (case, accents and punctuation ignored)
with rapidfuzz's partial ratio, a phrase wrapped over two lines included, and
reports the text as printed, cut at word boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from extractors.fields.claims import Found, Piece
from extractors.fields.text import Line, fold


def find_phrase(
    lines: Sequence[Line],
    phrase: str,
    *,
    min_score: float = 90.0,
    across_lines: bool = True,
    where: Callable[[int], bool] | None = None,
) -> Found | None:
    """The best place ``phrase`` (a title, a street, a company) is printed, fuzzily.

    Case, accents and punctuation are ignored (rapidfuzz partial ratio on
    folded text, at least ``min_score``); a phrase wrapped over two lines is
    found on the two joined. The value is the text as printed, cut at word
    boundaries.
    """
    wanted = _plain(phrase)
    if len(wanted) < 3:
        return None
    best: tuple[float, Found] | None = None
    for i, line in enumerate(lines):
        if where is not None and not where(i):
            continue
        candidates = [((Piece(i, 0, len(line.text)),), line.text)]
        if across_lines and i + 1 < len(lines) and lines[i + 1].page == line.page:
            below = lines[i + 1]
            two = (Piece(i, 0, len(line.text)), Piece(i + 1, 0, len(below.text)))
            candidates.append((two, line.text + " " + below.text))
        for pieces, text in candidates:
            plain = _plain(text)
            if len(plain) < 0.8 * len(wanted):
                continue
            alignment = fuzz.partial_ratio_alignment(wanted, plain, score_cutoff=min_score)
            if alignment is None:
                continue
            if len(pieces) == 2 and best is not None and best[0] >= alignment.score:
                continue
            found = _cut(lines, pieces, text, alignment.dest_start, alignment.dest_end, alignment.score)
            if found is not None and (best is None or alignment.score > best[0]):
                best = (alignment.score, found)
    return best[1] if best else None


def _plain(text: str) -> str:
    """Folded, with punctuation as spaces (same length as ``text``)."""
    return "".join(c if c.isalnum() else " " for c in fold(text))


def _cut(
    lines: Sequence[Line], pieces: tuple[Piece, ...], text: str, start: int, end: int, score: float
) -> Found | None:
    """The words of ``text`` covering ``[start, end)``, mapped back to line pieces."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ")":
        end -= 1
    if end <= start:
        return None
    out, offset = [], 0
    for piece in pieces:
        length = len(lines[piece.line].text)
        a, b = max(start - offset, 0), min(end - offset, length)
        if a < b:
            out.append(Piece(piece.line, a, b))
        offset += length + 1
    if not out:
        return None
    value = " ".join(text[start:end].split())
    return Found(tuple(out), value, score / 100.0)
