"""Person names: reading a name as printed, and splitting ``LAST First`` into its parts."""

from __future__ import annotations

import re

from extractors.fields.parsed import TRAILING_PUNCT, Parsed, letterise, penalty
from extractors.fields.text import fold


def parse_name(text: str) -> Parsed | None:
    """A person's name as read: digits inside words repaired, commas removed.

    Rejects values holding no letters, or numbers (``Client : n° 123456``).
    """
    stripped = text.strip().strip(TRAILING_PUNCT)
    if not stripped:
        return None
    tokens = stripped.split()
    out, repairs = [], 0
    for token in tokens:
        fixed, n = letterise(token)
        if n and sum(c.isalpha() for c in fixed) < 2:
            return None
        repairs += n
        out.append(fixed)
    value = re.sub(r"\s*,\s*", " ", " ".join(out)).strip(" ,")
    letters = sum(c.isalpha() for c in value)
    if letters < 2 or sum(c.isdigit() for c in value) > 0:
        return None
    start = text.find(stripped)
    return Parsed(re.sub(r"\s+", " ", value), start, start + len(stripped), penalty(repairs, 0.9))


PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "el",
        "al",
        "ben",
        "van",
        "von",
        "der",
        "den",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "mac",
        "mc",
        "st",
        "ste",
        "saint",
        "sainte",
    }
)


def split_full_name(text: str) -> tuple[str, str | None, float]:
    """Split ``LAST First Second`` into (last name, given names or None, confidence factor).

    The leading upper-case words are the last name (French administrative
    style: ``DUPONT-MARTIN Élodie Marie``). When every word is upper case the
    split is a convention, not a reading: the first word, with any particles
    before it (``DE LA FONTAINE JEAN``), is the last name, at a lower
    confidence.
    """
    tokens = [t.strip(",") for t in text.split() if t.strip(",")]
    if not tokens:
        return "", None, 0.0

    def upper(token: str) -> bool:
        letters = [c for c in token if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    flags = [upper(t) for t in tokens]
    if not all(flags):
        cut = next(i for i, f in enumerate(flags) if not f)
        if cut == 0:
            return " ".join(tokens), None, 0.7
        return " ".join(tokens[:cut]), " ".join(tokens[cut:]) or None, 1.0
    cut = 0
    while cut < len(tokens) - 1 and fold(tokens[cut]).strip("'") in PARTICLES:
        cut += 1
    cut += 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:]) or None, 0.8


def name_parts(text: str) -> tuple[Parsed, Parsed | None] | None:
    """(last name, given names) of ``text`` as Parsed spans, split by ``split_full_name``."""
    parsed = parse_name(text)
    if parsed is None:
        return None
    tokens = list(re.finditer(r"[^\s,]+", text))
    last, first, factor = split_full_name(str(parsed.value))
    count = len(last.split())
    if not tokens or count == 0 or count > len(tokens):
        return None
    head = tokens[:count]
    last_parsed = Parsed(last, head[0].start(), head[-1].end(), parsed.penalty * factor)
    if first is None or count == len(tokens):
        return last_parsed, None
    tail = tokens[count:]
    return last_parsed, Parsed(first, tail[0].start(), tail[-1].end(), parsed.penalty * factor)
