"""Is what a 2D-Doc certifies printed on the document? Searched in the page text, tolerant of OCR.

``printed_evidence(mapped, text, fields)`` answers, for each certified field
(``holder_name``, ``last_name``, ``address_line``, ``postal_code``, ``city``,
``issue_date``, ``iban``), whether the document's text shows it, and what the
field extractor read for it. The text is searched rather than the extracted
field alone, because an extractor that picked the wrong line ("Locataire"
for a holder) must not make a genuine document look edited; a value found
nowhere in the text is what an edited print looks like.

Matching: names by their words (one edit allowed in words of six letters or
more, civilities ignored); postal code and IBAN exactly (spaces ignored);
city and address line by fuzzy partial matching of the folded text (≥ 90 and
≥ 85); the issue date in the usual French spellings (12/03/2026, 12.03.2026,
12-03-2026, 12 mars 2026) or, failing that, within 3 days of the extracted
issue date.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

MONTHS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
CIVILITIES = frozenset({"m", "mme", "mlle", "mr", "madame", "monsieur", "mademoiselle", "et", "ou"})
CITY_MIN = 90
ADDRESS_MIN = 85
DATE_TOLERANCE_DAYS = 3


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _word_found(word: str, words: set[str]) -> bool:
    if word in words:
        return True
    if len(word) < 6:
        return False
    return any(abs(len(w) - len(word)) <= 1 and Levenshtein.distance(w, word) <= 1 for w in words)


def name_found(name: str, text: str) -> bool:
    """Every word of the name (civilities aside) is in the text."""
    wanted = [w for w in fold(name).split() if w not in CIVILITIES and len(w) >= 2]
    words = set(fold(text).split())
    return bool(wanted) and all(_word_found(w, words) for w in wanted)


def _date_spellings(day: date) -> list[str]:
    d, m, y = f"{day.day:02d}", f"{day.month:02d}", str(day.year)
    return [
        f"{d} {m} {y}",
        f"{d} {m} {y[2:]}",
        f"{day.day} {MONTHS[day.month - 1]} {y}",
        f"{d} {MONTHS[day.month - 1]} {y}",
        f"{y} {m} {d}",
    ]


def date_found(value: str, text: str, extracted: Any) -> bool:
    """The date in one of its spellings, or an extracted date within the tolerance."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return True
    folded = f" {fold(text)} "
    if any(f" {spelling} " in folded for spelling in _date_spellings(day)):
        return True
    if isinstance(extracted, str):
        try:
            return abs((date.fromisoformat(extracted) - day).days) <= DATE_TOLERANCE_DAYS
        except ValueError:
            return False
    return False


def value_found(name: str, value: str, text: str, extracted: Any = None) -> bool:
    """Whether the certified value of field ``name`` is printed in ``text``."""
    if name in ("holder_name", "last_name"):
        return name_found(value, text)
    if name == "postal_code":
        return re.search(rf"(?<!\d){re.escape(value)}(?!\d)", re.sub(r"(?<=\d) (?=\d)", "", text)) is not None
    if name == "iban":
        return re.sub(r"\s", "", value).upper() in re.sub(r"\s", "", text).upper()
    if name == "issue_date":
        return date_found(value, text, extracted)
    if name == "city":
        return fuzz.partial_ratio(fold(value), fold(text)) >= CITY_MIN
    if name == "address_line":
        return fuzz.partial_ratio(fold(value), fold(text)) >= ADDRESS_MIN
    return True


COMPARED = ("holder_name", "last_name", "address_line", "postal_code", "city", "issue_date", "iban")


def printed_evidence(mapped: dict[str, str], text: str, fields: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per certified field: the certified value, the extracted printed value and whether the text shows it."""
    out: dict[str, dict[str, Any]] = {}
    for name in COMPARED:
        value = mapped.get(name)
        if not value:
            continue
        extracted = fields.get(name)
        out[name] = {
            "certified": value,
            "printed": extracted,
            "found": value_found(name, value, text, extracted),
        }
    return out
