"""Finding a claimed identifier (IBAN, SIRET, number) on the page, OCR look-alikes tolerated.

``find_code`` locates every place a code is printed, its groups separated by
spaces, dots or dashes and its characters possibly read as their look-alikes
(``0``/``O``, ``1``/``I``, ``5``/``S``, ``8``/``B``…), even cut over two lines;
the value found is the code itself, each look-alike lowering the quality.
``compact`` and ``same_code`` compare two identifiers up to those
look-alikes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.fields.claims import Found, Piece
from extractors.fields.text import Line, fold

# What the OCR reads for each character of an identifier (either case for letters).
_LOOKALIKES = {
    "0": "0OoDQ",
    "1": "1IlL|i!",
    "2": "2Zz",
    "5": "5Ss",
    "6": "6Gb",
    "8": "8B",
    "9": "9g",
    "O": "O0oQD",
    "I": "I1l|i",
    "L": "Ll1|",
    "S": "S5s",
    "B": "B8",
    "Z": "Z2z",
    "G": "G6g",
    "J": "Jj]",
}
_SEPARATOR = r"[\s.\-/]{0,2}"


def _char_class(char: str) -> str:
    options = _LOOKALIKES.get(char.upper(), char.upper() + char.lower())
    return "[" + re.escape(options) + "]"


def code_pattern(code: str) -> re.Pattern[str]:
    """A pattern for ``code`` as printed: look-alikes, groups separated by spaces, dots or dashes."""
    body = _SEPARATOR.join(f"({_char_class(c)})" for c in code)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])")


def _substitutions(code: str, match: re.Match[str]) -> int:
    return sum(1 for want, got in zip(code.upper(), match.groups(), strict=True) if got.upper() != want)


def find_code(
    lines: Sequence[Line], code: str, *, max_substitutions: int = 0, across_lines: bool = False
) -> list[Found]:
    """Every place ``code`` (an IBAN, a SIRET, an identifier) is printed, look-alikes tolerated.

    The value of each ``Found`` is ``code`` itself: the page shows it, up to
    look-alike characters (each one lowers the quality). ``across_lines``
    also finds a code cut over two consecutive lines of a page.
    """
    code = re.sub(r"[\s.\-/]", "", code).upper()
    if not code:
        return []
    pattern = code_pattern(code)
    out: list[Found] = []
    for i, line in enumerate(lines):
        for match in pattern.finditer(line.text):
            subs = _substitutions(code, match)
            if subs <= max_substitutions:
                out.append(Found((Piece(i, match.start(), match.end()),), code, 0.97**subs))
        if not across_lines or i + 1 >= len(lines) or lines[i + 1].page != line.page:
            continue
        below = lines[i + 1]
        joined = line.text + " " + below.text
        cut = len(line.text)
        for match in pattern.finditer(joined):
            if not match.start() < cut < match.end():
                continue
            subs = _substitutions(code, match)
            if subs <= max_substitutions:
                pieces = (Piece(i, match.start(), cut), Piece(i + 1, 0, match.end() - cut - 1))
                out.append(Found(pieces, code, 0.95 * 0.97**subs))
    return sorted(out, key=lambda f: -f.quality)


def compact(value: object) -> str:
    """Upper case, letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", fold(str(value)).upper())


_CANONICAL = str.maketrans("OQDILSBZG", "001115826")


def same_code(a: object, b: object) -> bool:
    """Two identifiers equal up to OCR look-alikes (``6067494L`` read ``60674941``)."""
    return compact(a).translate(_CANONICAL) == compact(b).translate(_CANONICAL)
