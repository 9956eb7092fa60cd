"""Normalisers for what documents say: the shared text helpers, and identifiers.

Every normaliser (here, in ``validators.normalise_names``,
``validators.normalise_dates`` and ``validators.normalise_amounts``) is pure
and total on its inputs: given junk (``None``, bytes, emoji, a megabyte of
text) the ``parse_*`` functions return ``None``, the ``*_matches`` functions
return ``False`` and ``fold_name`` / ``compact`` return ``""``. None of them
raises. This module holds what they share (``plain_text``, ``single_spaces``,
``MAX_PARSE_LENGTH``) and ``compact``, an identifier's compact form.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Longest input a parser looks at: a field value is never this long, and a
# bound keeps junk (a 1 MB string) cheap.
MAX_PARSE_LENGTH = 10_000


# Letters that Unicode decomposition does not reduce to ASCII.
_LETTER_MAP = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ß": "ss",
    }
)


def plain_text(text: str) -> str:
    """Lower case, accents removed, special letters spelled out; other characters kept."""
    lowered = text.casefold().translate(_LETTER_MAP)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def single_spaces(text: str) -> str:
    """Every Unicode space (no-break, narrow no-break, tabs…) as one plain space, stripped."""
    return " ".join(text.split())


def compact(s: Any) -> str:
    """Return an identifier's compact form: upper case, no spaces of any kind, no . - / separators."""
    if not isinstance(s, str):
        return ""
    return re.sub(r"[\s.\-/]+", "", s[:MAX_PARSE_LENGTH]).upper()
