"""Lines the one-block OCR pass garbled: blocks side by side read again with automatic layout.

The page OCR reads a page as one uniform block (``psm 6``, ``extractors.ocr``):
fastest, accurate, and it keeps a label and its value on one line. Where two
blocks of different fonts sit side by side at slightly different baselines
(a bill's reference column beside the envelope window that holds the
holder's name and address, on most French bills), it merges their lines and
both come out as low-confidence garbage. When a page shows several such
lines, it is read once more with Tesseract's automatic layout (``psm 3``),
which reads each block on its own; each garbled line is replaced by the
automatic layout's lines that sit on it, when they were read with more
confidence. Every other line keeps the first reading.
"""

from __future__ import annotations

import numpy as np

from extractors.ocr import OcrEngine, TesseractEngine
from models.document import Word

AUTO_LAYOUT_PSM = 3
LOW_WORD_CONF = 0.5  # a word read below this is doubtful
GARBLED_LINE_CONF = 0.7  # a line whose mean confidence is below this, with 2 doubtful words, is garbled
MIN_GARBLED_LINES = 2  # one garbled line is a logo or a signature; the automatic layout is not run for it
MIN_REREAD_CONF = 0.8  # a line of the automatic layout read below this replaces nothing


def _lines(words: list[Word]) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for word in words:
        out.setdefault(word.line, []).append(word)
    return out


def _mean_conf(words: list[Word]) -> float:
    return float(np.mean([w.conf for w in words])) if words else 0.0


def _garbled(words: list[Word]) -> bool:
    doubtful = sum(1 for w in words if w.conf < LOW_WORD_CONF and any(c.isalnum() for c in w.text))
    return doubtful >= 2 and _mean_conf(words) < GARBLED_LINE_CONF


def garbled_lines(words: list[Word]) -> list[int]:
    """The page's lines that the one-block pass read as low-confidence garbage."""
    return [line for line, ws in sorted(_lines(words).items()) if _garbled(ws)]


def auto_layout_engine(engine: OcrEngine) -> TesseractEngine | None:
    """The same Tesseract with automatic page segmentation (None for another engine)."""
    if not isinstance(engine, TesseractEngine):
        return None
    return TesseractEngine(
        engine.lang, AUTO_LAYOUT_PSM, engine.timeout_s, oem=engine.oem, extra_config=engine.extra_config
    )


def _span(words: list[Word]) -> tuple[float, float]:
    return min(w.bbox[1] for w in words), max(w.bbox[3] for w in words)


def _centre(words: list[Word]) -> float:
    top, bottom = _span(words)
    return (top + bottom) / 2


def _rows(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines whose vertical centres are within half a line's height: one row (a label and its value)."""
    rows: list[tuple[float, list[Word]]] = []
    for line in sorted(lines, key=_centre):
        top, bottom = _span(line)
        if rows and abs(_centre(line) - rows[-1][0]) <= 0.5 * (bottom - top):
            rows[-1][1].extend(line)
        else:
            rows.append((_centre(line), list(line)))
    return [words for _, words in rows]


def reread_garbled_lines(image: np.ndarray, words: list[Word], engine: OcrEngine, dpi: int) -> list[Word]:
    """``words`` with each garbled line replaced by the automatic layout's reading of it.

    A line of the automatic layout belongs to the garbled line its vertical
    centre falls in; there, lines at the same height make one row (a label
    and its value, read as separate blocks, still share a line) and rows
    follow each other from the top. Lines are then numbered again in reading
    order. Nothing changes on a page with fewer than ``MIN_GARBLED_LINES``
    garbled lines.
    """
    bad = garbled_lines(words)
    auto = auto_layout_engine(engine)
    if len(bad) < MIN_GARBLED_LINES or auto is None:
        return words
    by_line = _lines(words)
    spans = {line: _span(by_line[line]) for line in bad}
    assigned: dict[int, list[list[Word]]] = {line: [] for line in bad}
    for reread in _lines(auto.ocr_page(image, dpi)).values():
        if _mean_conf(reread) < MIN_REREAD_CONF or not any(c.isalnum() for w in reread for c in w.text):
            continue
        centre = _centre(reread)
        for line, (y0, y1) in spans.items():
            if y0 <= centre <= y1:
                assigned[line].append(reread)
                break
    replaced = {
        line: _rows(new)
        for line, new in assigned.items()
        if new and _mean_conf([w for n in new for w in n]) > _mean_conf(by_line[line])
    }
    if not replaced:
        return words
    ordered: list[tuple[tuple[int, int], list[Word]]] = []
    for line, old in by_line.items():
        if line in replaced:
            ordered.extend(((line, i), row) for i, row in enumerate(replaced[line]))
        else:
            ordered.append(((line, 0), old))
    out: list[Word] = []
    for number, (_, row) in enumerate(sorted(ordered, key=lambda item: item[0])):
        out.extend(w.model_copy(update={"line": number}) for w in sorted(row, key=lambda w: w.bbox[0]))
    return out
