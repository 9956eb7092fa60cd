"""Re-reading the MRZ band of an identity document with the MRZ alphabet only.

Tesseract's French model reads the OCR-B band of a passport or an identity
card poorly (``<<`` as ``ererer``, inserted characters). Cropping the band
and reading it again with a whitelist of ``A–Z 0–9 <`` fixed 4 of the 4 MRZs
the general pass got wrong on the demo batch, for about 0.2 s per document
that has an MRZ. The remaining slips (a dropped trailing ``<``, ``0`` for
``O`` in a name) are what ``extractors.mrz`` repairs.
"""

from __future__ import annotations

import numpy as np

from extractors.ocr import OcrEngine, TesseractEngine, mean_confidence
from models.document import Word

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
MIN_MRZ_LINE = 25  # the shortest MRZ line (TD1) has 30 characters


def _line_texts(words: list[Word]) -> dict[int, str]:
    texts: dict[int, list[Word]] = {}
    for word in words:
        texts.setdefault(word.line, []).append(word)
    return {line: "".join(w.text for w in sorted(ws, key=lambda w: w.bbox[0])) for line, ws in texts.items()}


def looks_like_mrz(text: str) -> bool:
    """A long line mostly of MRZ characters with a filler run."""
    compact = text.replace(" ", "").upper()  # OCR reads fillers as "ererer" too
    if len(compact) < MIN_MRZ_LINE - 5 or "<<" not in compact:
        return False
    return sum(c in MRZ_ALPHABET for c in compact) / len(compact) >= 0.8


def mrz_engine_for(engine: OcrEngine) -> TesseractEngine | None:
    """A whitelisted engine when the page engine is Tesseract; None for scripted engines."""
    if not isinstance(engine, TesseractEngine):
        return None
    return TesseractEngine(
        lang="eng",
        psm=6,
        timeout_s=engine.timeout_s,
        extra_config=f"-c tessedit_char_whitelist={MRZ_ALPHABET}",
    )


def reread_mrz_band(image: np.ndarray, words: list[Word], engine: OcrEngine, dpi: int) -> list[Word]:
    """Replace the words of the MRZ band by a whitelisted reading, when it yields MRZ lines.

    ``words`` have boxes in fractions of ``image``; the result too. Pages
    without an MRZ-looking line, and readings that give fewer than two long
    lines, are returned unchanged.
    """
    mrz_engine = mrz_engine_for(engine)
    candidates = {line for line, text in _line_texts(words).items() if looks_like_mrz(text)}
    if mrz_engine is None or not candidates:
        return words
    band = [w for w in words if w.line in candidates]
    y0, y1 = min(w.bbox[1] for w in band), max(w.bbox[3] for w in band)
    # One line height of margin above and two below: a last MRZ line the first
    # pass could not recognise as such (no filler read) still falls in the band.
    line_height = float(np.median([w.bbox[3] - w.bbox[1] for w in band]))
    top, bottom = max(0.0, y0 - line_height), min(1.0, y1 + 2 * line_height)
    height = image.shape[0]
    crop = image[int(top * height) : int(np.ceil(bottom * height)), :]
    if crop.size == 0:
        return words
    reread = mrz_engine.ocr_page(crop, dpi)
    lines: dict[int, list[Word]] = {}
    for word in reread:
        lines.setdefault(word.line, []).append(word)
    new_lines = [
        sorted(ws, key=lambda w: w.bbox[0])
        for _, ws in sorted(lines.items())
        if len("".join(w.text for w in ws)) >= MIN_MRZ_LINE
    ]
    if len(new_lines) < 2:
        return words
    span = bottom - top
    kept = [w for w in words if not (top <= (w.bbox[1] + w.bbox[3]) / 2 <= bottom)]
    next_line = max((w.line for w in words), default=-1) + 1
    for offset, line_words in enumerate(new_lines):
        x0 = min(w.bbox[0] for w in line_words)
        x1 = max(w.bbox[2] for w in line_words)
        ly0 = top + min(w.bbox[1] for w in line_words) * span
        ly1 = top + max(w.bbox[3] for w in line_words) * span
        kept.append(
            Word(
                text="".join(w.text for w in line_words),
                bbox=(x0, ly0, x1, ly1),
                conf=mean_confidence(line_words),
                line=next_line + offset,
            )
        )
    return kept
