"""How close a reading is to the generator's text: character error rate and word recall.

Used by the reading benchmark (``benchmarks/reading_benchmark.py``) and the
OCR tests. Both compare whitespace-collapsed NFC text; pages are joined with
a space (the truth separates pages with a form feed).
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein


def normalise_text(text: str) -> str:
    """Whitespace collapsed, NFC, typographic apostrophes straightened."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: Levenshtein distance over the reference length (order-sensitive)."""
    ref, hyp = normalise_text(reference), normalise_text(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)


def word_recall(reference: str, hypothesis: str) -> float:
    """Share of the reference's words found (as whole words) in the hypothesis, order ignored."""
    ref = normalise_text(reference).split()
    hyp: dict[str, int] = {}
    for word in normalise_text(hypothesis).split():
        hyp[word] = hyp.get(word, 0) + 1
    found = 0
    for word in ref:
        if hyp.get(word, 0) > 0:
            hyp[word] -= 1
            found += 1
    return found / len(ref) if ref else 1.0
