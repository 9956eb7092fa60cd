"""Document text as lines: folding (case, accents, look-alike punctuation) and word offsets.

A document's words become ``Line`` objects holding the line's text and a
*folded* copy of the same length (lower case, accents removed, typographic
apostrophes and spaces unified), so that a match found in the folded text
maps back, character for character, to the words and their boxes.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from models.document import Document, Word

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
