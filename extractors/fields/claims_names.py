"""Finding a claimed person's name on the page, whatever the order, case or accents of its words.

``find_name_sequence`` locates the words of a name in a row on a line (one
wrong letter tolerated in long words, only where the name is printed nowhere
exactly; capitalised words only); ``extend_name`` grows a found surname into
the whole name phrase (civility, other names, particles); ``name_parts``,
``line_tokens``, ``adjacent`` and ``contains_name`` are the word-level tools
they share with the extractors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from extractors.fields.claims import Found, Piece
from extractors.fields.labels import Label
from extractors.fields.names import PARTICLES
from extractors.fields.text import Line, fold

_NAME_TOKEN = re.compile(r"[a-z]+")
CIVILITIES = frozenset(
    {"m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle", "mrs", "ms", "miss", "herr", "frau"}
)


def name_parts(name: str) -> list[str]:
    """The folded words of a name (``DUPONT-MARTIN`` → ``dupont``, ``martin``)."""
    return _NAME_TOKEN.findall(fold(unicodedata.normalize("NFC", name)))


@dataclass(frozen=True)
class _Token:
    text: str  # folded
    start: int
    end: int
    printed: str  # as on the page


def line_tokens(line: Line) -> list[_Token]:
    """The line's alphabetic words, folded, with their character spans."""
    return [
        _Token(m.group(0), m.start(), m.end(), line.text[m.start() : m.end()])
        for m in _NAME_TOKEN.finditer(line.folded)
    ]


def _token_matches(want: str, got: str, max_edits: int) -> tuple[bool, int]:
    if want == got:
        return True, 0
    if max_edits and len(want) >= 5 and len(got) >= 4:
        edits = Levenshtein.distance(want, got, score_cutoff=max_edits)
        if edits <= max_edits:
            return True, edits
    return False, 0


def _looks_like_a_name(token: _Token) -> bool:
    """Printed as names are: upper case, or a capital then lower case (not a common word)."""
    letters = [c for c in token.printed if c.isalpha()]
    return bool(letters) and letters[0].isupper()


def find_name_sequence(
    lines: Sequence[Line], parts: Sequence[str], *, max_edits: int = 1, require_capital: bool = True
) -> list[Found]:
    """Every place the words ``parts`` appear in a row on a line (case, accents, hyphens ignored).

    The value is the words as printed. One wrong letter per word of 5+
    letters is tolerated while locating (lower quality), only when the name
    is printed nowhere exactly (FAURE is not Laure); capitalised or
    upper-case words only, so a surname that is also a common word (Petit,
    Blanc) is not found in running text.
    """
    parts = [p for p in parts if p]
    if not parts:
        return []
    out = []
    for i, line in enumerate(lines):
        tokens = line_tokens(line)
        for k in range(len(tokens) - len(parts) + 1):
            window = tokens[k : k + len(parts)]
            edits = 0
            for want, got in zip(parts, window, strict=True):
                ok, n = _token_matches(want, got.text, max_edits)
                particle = got.text in PARTICLES and len(parts) > 1
                if not ok or (require_capital and not particle and not _looks_like_a_name(got)):
                    break
                edits += n
            else:
                gaps = [line.text[a.end : b.start] for a, b in zip(window, window[1:], strict=False)]
                if any(len(g) > 3 or not re.fullmatch(r"[\s\-'’,]*", g) for g in gaps):
                    continue
                start, end = window[0].start, window[-1].end
                out.append(Found((Piece(i, start, end),), line.text[start:end], 0.9**edits))
    exact = [f for f in out if f.quality == 1.0]
    return exact or out  # a misread is looked for only where the name is printed nowhere as it is


def adjacent(line: Line, a: _Token, b: _Token) -> bool:
    """Two words of one name: at most a hyphen, comma or dot between them, and no column gap."""
    if not re.fullmatch(r"\s?[\-'’.,]?\s?", line.text[a.end : b.start]):
        return False
    left, right = line.words_in(a.start, a.end), line.words_in(b.start, b.end)
    return not (left and right and left[-1] != right[0] and line.gap_after(left[-1]) > 1.5)


def extend_name(
    lines: Sequence[Line], found: Found, stop: Sequence[Label] = (), known: frozenset[str] = frozenset()
) -> Found:
    """The whole name phrase around a found surname: civility and the other names beside it.

    Extends left over name-like words and a civility, right over name-like
    words, within the column segment, stopping at a label of ``stop``. Name
    particles (« Jeanne de La Fontaine ») are crossed leftwards only towards a
    civility or one of the ``known`` names (the form's), never towards a
    sentence's first word (« Reçu de Amélie OLIVIER »).
    """
    piece = found.pieces[0]
    line = lines[piece.line]
    tokens = line_tokens(line)
    first = next(k for k, t in enumerate(tokens) if t.end > piece.start)
    last = max(k for k, t in enumerate(tokens) if t.start < piece.end)

    def joinable(a: _Token, b: _Token) -> bool:
        return adjacent(line, a, b)

    def is_label(token: _Token) -> bool:
        return any(lab.regex.match(line.folded, token.start) for lab in stop)

    def name_word(token: _Token) -> bool:
        return _looks_like_a_name(token) and token.text not in _NOT_NAMES and token.text not in CIVILITIES

    def particles_from(k: int, step: int) -> int:
        """How many name particles (de, La, van…) run from token ``k`` in direction ``step``."""
        n = 0
        while 0 <= k + step * n < len(tokens) and tokens[k + step * n].text in PARTICLES:
            n += 1
        return n

    while first > 0:
        prev = tokens[first - 1]
        if not joinable(prev, tokens[first]) or is_label(prev):
            break
        if prev.text in CIVILITIES:
            first -= 1
            # "M. et Mme DUPONT", "M. ou Mme DUPONT": keep the couple's civilities together
            while (
                first > 1 and tokens[first - 1].text in ("et", "ou") and tokens[first - 2].text in CIVILITIES
            ):
                first -= 2
            break
        if name_word(prev):
            first -= 1
            continue
        # "Jeanne de La Fontaine": particles belong to the name when a name or civility precedes them
        n = particles_from(first - 1, -1)
        beyond = first - 1 - n
        if n and beyond >= 0 and (tokens[beyond].text in known or tokens[beyond].text in CIVILITIES):
            first -= n
            continue
        break
    while last + 1 < len(tokens):
        nxt = tokens[last + 1]
        if not joinable(tokens[last], nxt) or is_label(nxt):
            break
        if name_word(nxt):
            last += 1
            continue
        n = particles_from(last + 1, +1)
        if n and last + 1 + n < len(tokens) and name_word(tokens[last + 1 + n]):
            last += n + 1
            continue
        break
    start, end = tokens[first].start, tokens[last].end
    return Found((Piece(piece.line, start, end),), line.text[start:end].strip(" ,"), found.quality)


# Capitalised words that follow or precede names but are not names.
_NOT_NAMES = frozenset(
    {
        "le",
        "la",
        "les",
        "de",
        "du",
        "des",
        "et",
        "ou",
        "a",
        "au",
        "aux",
        "est",
        "sont",
        "nee",
        "ne",
        "epouse",
        "ep",
        "veuve",
        "vve",
        "adresse",
        "client",
        "titulaire",
        "compte",
        "iban",
        "bic",
        "date",
        "rue",
        "avenue",
        "boulevard",
        "chemin",
        "place",
        "allee",
        "impasse",
        "route",
        "bd",
        "av",
        "inscrit",
        "inscrite",
        "domicilie",
        "domiciliee",
        "demeurant",
        "residant",
        "n",
        "no",
        "nom",
        "prenom",
        "prenoms",
        "france",
        "travail",
        "page",
    }
)


def contains_name(text: object, name: str) -> bool:
    """True when ``text`` holds every word of ``name`` in a row (case, accents, hyphens ignored)."""
    words, wanted = name_parts(str(text)), name_parts(name)
    if not wanted:
        return False
    return any(words[k : k + len(wanted)] == wanted for k in range(len(words) - len(wanted) + 1))
