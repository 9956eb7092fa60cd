"""Parsed values with their span, and OCR look-alike repair of digits and letters."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

TRAILING_PUNCT = " ,;:.-_/|"


@dataclass(frozen=True)
class Parsed:
    """A parsed value and the span of the parser's input it came from."""

    value: str | int | float
    start: int
    end: int
    penalty: float = 1.0  # 1.0: read as is; lower when characters were repaired


Parser = Callable[[str], "Parsed | None"]

_TO_DIGIT = {
    "o": "0",
    "O": "0",
    "Q": "0",
    "D": "0",
    "i": "1",
    "I": "1",
    "l": "1",
    "L": "1",
    "|": "1",
    "!": "1",
    "s": "5",
    "S": "5",
    "b": "8",
    "B": "8",
    "z": "2",
    "Z": "2",
    "g": "9",
    "G": "6",
}
_TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
DIGITLIKE = r"[0-9oOQDilIL|!sSbBzZG]"


def digitise(text: str) -> tuple[str, int]:
    """Map letter look-alikes of digits to digits; returns (text, substitutions)."""
    out, n = [], 0
    for char in text:
        if char in _TO_DIGIT:
            out.append(_TO_DIGIT[char])
            n += 1
        else:
            out.append(char)
    return "".join(out), n


def digitise_numeric_tokens(text: str) -> tuple[str, int]:
    """Digitise look-alikes only inside tokens that already hold digits (same length)."""
    total = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal total
        token = match.group(0)
        real = sum(c.isdigit() for c in token)
        alike = sum(c in _TO_DIGIT for c in token)
        if real == 0 or alike == 0 or alike > real + 1:
            return token
        fixed, n = digitise(token)
        total += n
        return fixed

    out = re.sub(r"[0-9oOQDilIL|!sSbBzZG][0-9oOQDilIL|!sSbBzZG.,/]*", repl, text)
    return out, total


def letterise(token: str) -> tuple[str, int]:
    """Map digit look-alikes of letters to letters inside a word; returns (word, substitutions)."""
    if not any(c.isalpha() for c in token):
        return token, 0
    upper = sum(c.isupper() for c in token) >= sum(c.islower() for c in token)
    out, n = [], 0
    for char in token:
        if char in _TO_LETTER:
            letter = _TO_LETTER[char]
            if char == "1" and not upper:
                letter = "l"
            out.append(letter if upper else letter.lower())
            n += 1
        else:
            out.append(char)
    return "".join(out), n


def penalty(substitutions: int, per: float = 0.93) -> float:
    """Confidence factor for ``substitutions`` repaired characters."""
    return per**substitutions


def parse_digits(text: str, count: int, *, max_repairs: int = 2) -> Parsed | None:
    """Exactly ``count`` digits, possibly grouped by spaces or dots; look-alikes repaired."""
    pattern = re.compile(rf"(?<![0-9A-Za-z]){DIGITLIKE}(?:[ .]?{DIGITLIKE}){{{count - 1}}}(?![0-9])")
    for match in pattern.finditer(text):
        raw = re.sub(r"[ .]", "", match.group(0))
        if sum(c.isdigit() for c in raw) < count - max_repairs:
            continue
        fixed, n = digitise(raw)
        if n > max_repairs or not fixed.isdigit():
            continue
        return Parsed(fixed, match.start(), match.end(), penalty(n))
    return None


def parse_code(text: str, *, min_len: int = 5, max_len: int = 14) -> Parsed | None:
    """An identifier: the first token of letters and digits of a plausible length, upper case."""
    for match in re.finditer(r"[A-Za-z0-9]+", text):
        token = match.group(0)
        if min_len <= len(token) <= max_len and any(c.isdigit() for c in token):
            return Parsed(token.upper(), match.start(), match.end())
    return None
