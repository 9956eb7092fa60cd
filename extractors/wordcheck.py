"""Does a list of words look like real (French) text? Shared by pdf.py and ocr.py.

Used twice: to decide whether a PDF page's text layer is real text rather than
glyph garbage (fonts without a Unicode map give ``(cid:12)`` or random
letters), and to decide whether an OCR pass looks bad enough to try another
page orientation (upside-down text OCRs as short consonant soup).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_VOWELS = set("aeiouyàâäéèêëîïôöùûüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÆŒ")
_WORDISH = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")
_NUMBERISH = re.compile(r"^[+\-]?[\d.,/:%€$°]*\d[\d.,/:%€$°\-]*$")
_CODEISH = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{4,}$")  # FR76, 4821937K, BNPAFRPP
_STRIP = "()[]{}<>«»\"'“”‘’.,;:!?*•·–—-_/\\|"
_CID = re.compile(r"\(cid:\d+\)")


def is_plausible_token(token: str) -> bool:
    """Tell whether a token looks like a word, a number or an identifier."""
    if _CID.search(token):
        return False
    core = token.strip(_STRIP)
    if not core:
        return False
    if _NUMBERISH.match(core) or _CODEISH.match(core):
        return True
    if _WORDISH.match(core):
        if len(core) <= 3:
            return True
        if core.isupper() and len(core) <= 5:  # acronyms: EDF, SFR, CAF, URSSAF
            return True
        return any(ch in _VOWELS for ch in core)
    return False


def plausible_share(tokens: Iterable[str]) -> float:
    """Share of the tokens of two characters or more that look plausible (1.0 if none)."""
    considered = [t for t in tokens if len(t.strip(_STRIP)) >= 2 or _CID.search(t)]
    if not considered:
        return 1.0
    return sum(is_plausible_token(t) for t in considered) / len(considered)


def printable_share(text: str) -> float:
    """Share of non-space characters that are letters, digits or common punctuation."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 1.0
    good = sum(1 for c in chars if c.isalnum() or c in "()[]{}<>«»\"'“”‘’.,;:!?*•·–—-_/\\|@#%&+=€$°§²")
    # Private-use and replacement characters come from broken font maps.
    good -= sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    return max(good, 0) / len(chars)


def nonspace_count(tokens: Iterable[str]) -> int:
    """Count the non-space characters, (cid:N) codes excluded."""
    return sum(len(_CID.sub("", t).replace(" ", "")) for t in tokens)
