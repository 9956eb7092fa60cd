"""Per-position alphabets of the MRZ formats, and decoding a zone's cell probabilities with them.

Each position of a format takes the most probable character its class
allows (digits in dates and check digits, letters or fillers in names and
codes, ``M F X <`` for sex…; ``format_masks``, and ``national_mask`` for
document numbers whose layout a state fixes). A line with a few cells too
many (a border or a smudge at an end) is read at every offset that does not
cut confident text; one or two cells short is padded with fillers
(``line_variants``). ``decode`` takes the best allowed character per cell.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from extractors.mrz_glyphs import ALPHABET
from models.mrz import Mrz, parse_mrz
from models.mrz_formats import DOCUMENT_CODE_FIRST, FORMATS, LAYOUTS

TEXT_CELL_MIN = 0.6
CUT_TEXT_MAX = 3  # confident characters a window may not drop right beside it
MAX_OFFSET = 28  # extra cells tolerated on a line (background ink beside it)


_KIND_CHARS = {
    "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ<",
    "N": "0123456789<",
    "C": "0123456789<",
    "X": ALPHABET,
    "S": "MFX<",
}
ALPHABET_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def _kinds(fmt: str) -> list[str]:
    """Per-position class of every position of a format, lines concatenated."""
    out: list[str] = []
    for layout in LAYOUTS[fmt]:
        for start, end, kind in layout:
            out.extend(kind * (end - start))
    return out


def format_masks(fmt: str) -> np.ndarray:
    """Per position of a format, the characters its class allows (positions × ``ALPHABET``)."""
    kinds = _kinds(fmt)
    mask = np.zeros((len(kinds), len(ALPHABET)), dtype=bool)
    for i, kind in enumerate(kinds):
        for c in _KIND_CHARS[kind]:
            mask[i, ALPHABET_INDEX[c]] = True
    mask[0] = False  # the document code's first letter is the format's
    for c in DOCUMENT_CODE_FIRST[fmt]:
        mask[0, ALPHABET_INDEX[c]] = True
    return mask


# Document numbers whose layout a state fixes: (format, state) -> (line, start, classes).
# French passports: 2 digits, 2 letters, 5 digits (``18AB12345``).
NATIONAL_NUMBERS: dict[tuple[str, str], tuple[int, int, str]] = {("TD3", "FRA"): (1, 0, "NNAANNNNN")}


def national_mask(mask: np.ndarray, fmt: str, state: str) -> np.ndarray:
    """``mask`` with the document number's classes a state fixes (``NATIONAL_NUMBERS``), if any."""
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
            mask[row, ALPHABET_INDEX[c]] = True
    return mask


def line_variants(probs: np.ndarray, length: int, mask: np.ndarray) -> list[np.ndarray]:
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
    text_cell = (probs.max(axis=1) >= TEXT_CELL_MIN) & (probs.argmax(axis=1) != ALPHABET_INDEX["<"])

    def cuts_text(offset: int) -> bool:
        """Whether the window drops characters read with confidence right beside it (a longer line)."""
        before = text_cell[max(0, offset - CUT_TEXT_MAX) : offset]
        after = text_cell[offset + length : offset + length + CUT_TEXT_MAX]
        return bool(len(before) == CUT_TEXT_MAX and before.all()) or bool(
            len(after) == CUT_TEXT_MAX and after.all()
        )

    variants = [probs[offset : offset + length] for offset in range(extra + 1) if not cuts_text(offset)]
    if 0 < extra <= 2:
        filler = probs.argmax(axis=1) == ALPHABET_INDEX["<"]
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


def decode(probs: np.ndarray, mask: np.ndarray) -> tuple[str, np.ndarray]:
    """The most probable allowed character per cell, and its probability."""
    constrained = np.where(mask, probs, 0.0)
    best = constrained.argmax(axis=1)
    return "".join(ALPHABET[i] for i in best), constrained[np.arange(len(best)), best]


def split_lines(text: str, fmt: str) -> list[str]:
    """A format's concatenated text cut into its lines."""
    count, length = FORMATS[fmt]
    return [text[i * length : (i + 1) * length] for i in range(count)]


def parse_text(text: str, fmt: str, reference: date | None) -> Mrz | None:
    """``parse_mrz`` of a format's concatenated text."""
    return parse_mrz("\n".join(split_lines(text, fmt)), reference)


def _pad(probs: np.ndarray, length: int) -> np.ndarray:
    """A line one or two cells short: its missing cells taken as trailing fillers (never decisive).

    A filler padded where a character was lost cannot make a check digit hold
    by itself; the check digits judge the result like any other reading.
    """
    missing = length - len(probs)
    if missing <= 0 or missing > 2:
        return probs
    filler = np.full((missing, len(ALPHABET)), 0.02 / (len(ALPHABET) - 1), dtype=np.float32)
    filler[:, ALPHABET_INDEX["<"]] = 0.98
    return np.concatenate([probs, filler])
