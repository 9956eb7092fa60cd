"""Blocks side by side that the one-block OCR pass garbles are read again with automatic layout.

Real files: bills of the held-out ``nrjmobile_fenetre`` family (the holder and
the address only in the envelope window, beside the reference column), as
scans; real Tesseract.
"""

from __future__ import annotations

import pytest

from extractors.ocr_columns import garbled_lines, reread_garbled_lines
from extractors.type_evidence import fold
from models.document import Word
from sample_docs.generator import render_sample_document

pytestmark = pytest.mark.slow


def _lines(words: list[Word]) -> list[str]:
    rows: dict[int, list[Word]] = {}
    for word in words:
        rows.setdefault(word.line, []).append(word)
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.bbox[0])) for _, ws in sorted(rows.items())]


@pytest.mark.parametrize("seed", [3, 8])
def test_the_envelope_window_beside_a_column_is_read(seed: int) -> None:
    from extractors.read import read_document

    data, truth = render_sample_document(
        "proof_of_address", seed, source="scan_image", split="held_out", layout="nrjmobile_fenetre"
    )
    page = read_document(data, "bill.jpg").pages[0]
    text = fold("\n".join(_lines(page.words)))
    last_name = truth["fields"]["holder_name"].split()[-1]
    assert fold(last_name) in text, text[:600]
    assert fold(truth["fields"]["address_line"]) in text, text[:600]
    assert not garbled_lines(page.words)
    numbers = [w.line for w in page.words]
    assert numbers == sorted(numbers)  # lines numbered again in reading order


def test_a_page_without_garbled_lines_is_left_as_read() -> None:
    import numpy as np

    from extractors.ocr import TesseractEngine

    words = [
        Word(text="Date", bbox=(0.1, 0.1, 0.2, 0.12), conf=0.95, line=0),
        Word(text="27/09/2026", bbox=(0.25, 0.1, 0.4, 0.12), conf=0.93, line=0),
        Word(text="ph", bbox=(0.1, 0.2, 0.15, 0.22), conf=0.2, line=1),  # one garbled line: a logo
        Word(text="ai", bbox=(0.2, 0.2, 0.25, 0.22), conf=0.1, line=1),
    ]
    assert garbled_lines(words) == [1]
    blank = np.full((200, 200), 255, dtype=np.uint8)
    assert reread_garbled_lines(blank, words, TesseractEngine(), 300) is words
