"""Search a document for the values the form claims, in any format, with their place on the page.

The form says what each piece must show. Looking for *that* value (the
declared IBAN, with or without spaces, over one line or two; the declared
birth date, in any date format; the declared name, whatever the order of last
and given names, the case or the accents) is far more reliable on a layout
never seen than extracting a field blind and comparing afterwards. What is
found is reported *as printed* (page, box, raw text), so the rules still
compare the document with the form, and a caseworker sees where it was.

Tolerance is the OCR's, never the applicant's: look-alike characters
(``0``/``O``, ``1``/``I``, ``5``/``S``, ``8``/``B``…) and, in long names, one
wrong letter are accepted while *locating* a value; the value reported is
then what the page shows (a name misread stays misread, and the strict name
rule decides). Identifiers are reported as the form's value only when the
page differs from it by look-alikes alone.

Each finder returns every place the value appears, best first; the extractors
choose among them by context, and ``reconcile`` keeps a field read next to
its label when that reading contradicts the form (a contradiction goes to a
person, never the form's value).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extractors.fields.amounts import HOURS, amount_hits
from extractors.fields.dates import date_hits
from extractors.fields.labels import Label
from extractors.fields.names import PARTICLES
from extractors.fields.pairing import header_above, union_box
from extractors.fields.text import Line, fold
from models.document import Extracted

# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Piece:
    """Characters ``[start, end)`` of one line."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Found:
    """A claimed value found on the page: where, what it reads, how well it matches (0..1)."""

    pieces: tuple[Piece, ...]
    value: str | int | float
    quality: float = 1.0

    @property
    def line(self) -> int:
        """The (first) line it is on."""
        return self.pieces[0].line

    @property
    def start(self) -> int:
        """Its first character on its first line."""
        return self.pieces[0].start

    def raw(self, lines: Sequence[Line]) -> str:
        """The characters as printed (pieces on two lines joined by a space)."""
        return " ".join(lines[p.line].text[p.start : p.end] for p in self.pieces).strip()


def to_extracted(
    lines: Sequence[Line], found: Found, field: str, *, score: float = 1.0, supported: bool = False
) -> Extracted:
    """An ``Extracted`` for a found claim: its words' box and mean confidence × match quality.

    ``supported``: a label of the field introduces the value where it was found
    (``Total TTC : 4 350,00 €``): provenance ``form+label:<field>``, and
    ``reconcile`` keeps it against a reading elsewhere.
    """
    words = [lines[p.line].words[i] for p in found.pieces for i in lines[p.line].words_in(p.start, p.end)]
    conf = sum(w.conf for w in words) / len(words) if words else 0.5
    return Extracted(
        value=found.value,
        raw=found.raw(lines),
        page=lines[found.line].page,
        bbox=union_box([w.bbox for w in words]) if words else None,
        confidence=round(max(0.0, min(1.0, conf * found.quality * score)), 4),
        extractor=f"form+label:{field}" if supported else f"form:{field}",
    )


# --------------------------------------------------------------------------- identifiers

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


# --------------------------------------------------------------------------- dates and amounts


def find_date(lines: Sequence[Line], day: date) -> list[Found]:
    """Every place ``day`` is printed, in any date format (a two-digit year matches its last digits)."""
    out = []
    for i, line in enumerate(lines):
        for hit in date_hits(line.text):
            same = hit.value == day or (
                hit.short_year
                and (hit.value.day, hit.value.month, hit.value.year % 100)
                == (day.day, day.month, day.year % 100)
            )
            if same:
                out.append(Found((Piece(i, hit.start, hit.end),), day.isoformat(), hit.penalty))
    return out


_HOURS_AFTER = re.compile(r"^\s*(?:h\b|h\d|heures?\b|hrs?\b|hours?\b|std\b|stunden\b)")


def find_amount(lines: Sequence[Line], amount: Decimal, *, context: Sequence[Label] = ()) -> list[Found]:
    """Every place ``amount`` is printed as money, to the cent.

    An amount written without currency nor cents (``4350``) counts only on a
    line that holds one of the ``context`` labels; never one followed by
    ``h`` / ``heures`` (a duration).
    """
    out = []
    for i, line in enumerate(lines):
        labelled = any(lab.regex.search(line.folded) for lab in context)
        for hit in amount_hits(line.text):
            if hit.value != amount:
                continue
            if _HOURS_AFTER.match(line.folded[hit.end :]):
                continue
            if not (hit.currency or hit.cents or labelled):
                continue
            quality = hit.penalty * (1.0 if hit.currency else 0.95)
            out.append(Found((Piece(i, hit.start, hit.end),), float(amount), quality))
    return sorted(out, key=lambda f: -f.quality)


def find_hours(lines: Sequence[Line], hours: float, *, context: Sequence[Label] = ()) -> list[Found]:
    """Every place a duration of ``hours`` is printed (``798 h``, ``798 heures``, ``Durée : 798``)."""
    out = []
    wanted = round(float(hours), 2)
    value: int | float = int(wanted) if wanted == int(wanted) else wanted
    for i, line in enumerate(lines):
        for match in HOURS.finditer(line.folded):
            number = float(match.group(1).replace(" ", "") + ("." + match.group(2) if match.group(2) else ""))
            if round(number, 2) == wanted:
                out.append(Found((Piece(i, match.start(), match.end()),), value, 1.0))
        labelled = any(lab.regex.search(line.folded) for lab in context)
        for match in re.finditer(r"(?<![0-9.,])(\d{1,4})(?![0-9.,])", line.folded):
            if float(match.group(1)) != wanted or any(f.start == match.start() for f in out):
                continue
            header = None if labelled else header_above(lines, i, match.start(), match.end())
            if labelled or (header is not None and any(lab.regex.search(header) for lab in context)):
                # « Durée : 798 », or 798 in a column headed « Heures »
                out.append(Found((Piece(i, match.start(), match.end()),), value, 0.9))
    return sorted(out, key=lambda f: -f.quality)


# --------------------------------------------------------------------------- names

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


# --------------------------------------------------------------------------- free text


def find_phrase(
    lines: Sequence[Line],
    phrase: str,
    *,
    min_score: float = 90.0,
    across_lines: bool = True,
    where: Callable[[int], bool] | None = None,
) -> Found | None:
    """The best place ``phrase`` (a title, a street, a company) is printed, fuzzily.

    Case, accents and punctuation are ignored (rapidfuzz partial ratio on
    folded text, at least ``min_score``); a phrase wrapped over two lines is
    found on the two joined. The value is the text as printed, cut at word
    boundaries.
    """
    wanted = _plain(phrase)
    if len(wanted) < 3:
        return None
    best: tuple[float, Found] | None = None
    for i, line in enumerate(lines):
        if where is not None and not where(i):
            continue
        candidates = [((Piece(i, 0, len(line.text)),), line.text)]
        if across_lines and i + 1 < len(lines) and lines[i + 1].page == line.page:
            below = lines[i + 1]
            two = (Piece(i, 0, len(line.text)), Piece(i + 1, 0, len(below.text)))
            candidates.append((two, line.text + " " + below.text))
        for pieces, text in candidates:
            plain = _plain(text)
            if len(plain) < 0.8 * len(wanted):
                continue
            alignment = fuzz.partial_ratio_alignment(wanted, plain, score_cutoff=min_score)
            if alignment is None:
                continue
            if len(pieces) == 2 and best is not None and best[0] >= alignment.score:
                continue
            found = _cut(lines, pieces, text, alignment.dest_start, alignment.dest_end, alignment.score)
            if found is not None and (best is None or alignment.score > best[0]):
                best = (alignment.score, found)
    return best[1] if best else None


def _plain(text: str) -> str:
    """Folded, with punctuation as spaces (same length as ``text``)."""
    return "".join(c if c.isalnum() else " " for c in fold(text))


def _cut(
    lines: Sequence[Line], pieces: tuple[Piece, ...], text: str, start: int, end: int, score: float
) -> Found | None:
    """The words of ``text`` covering ``[start, end)``, mapped back to line pieces."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ")":
        end -= 1
    if end <= start:
        return None
    out, offset = [], 0
    for piece in pieces:
        length = len(lines[piece.line].text)
        a, b = max(start - offset, 0), min(end - offset, length)
        if a < b:
            out.append(Piece(piece.line, a, b))
        offset += length + 1
    if not out:
        return None
    value = " ".join(text[start:end].split())
    return Found(tuple(out), value, score / 100.0)


# --------------------------------------------------------------------------- agreement


def compact(value: object) -> str:
    """Upper case, letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", fold(str(value)).upper())


_CANONICAL = str.maketrans("OQDILSBZG", "001115826")


def same_code(a: object, b: object) -> bool:
    """Two identifiers equal up to OCR look-alikes (``6067494L`` read ``60674941``)."""
    return compact(a).translate(_CANONICAL) == compact(b).translate(_CANONICAL)


def contains_name(text: object, name: str) -> bool:
    """True when ``text`` holds every word of ``name`` in a row (case, accents, hyphens ignored)."""
    words, wanted = name_parts(str(text)), name_parts(name)
    if not wanted:
        return False
    return any(words[k : k + len(wanted)] == wanted for k in range(len(words) - len(wanted) + 1))


Agreement = Callable[[Extracted, Extracted], bool | None]


def reconcile(
    blind: dict[str, Extracted], claimed: dict[str, Extracted], agree: dict[str, Agreement]
) -> dict[str, Extracted]:
    """Merge the fields read next to their labels (``blind``) with those found from the form.

    A field found from the form wins, unless the labelled reading *contradicts*
    it (``agree`` says False) and no label of the field introduces the form's
    value where it was found: then the labelled reading stays, so the rule
    sees the difference and a person looks. ``None`` from ``agree`` means the
    two cannot be compared (a labelled value that is not a plausible value of
    the field): the form's finding wins.
    """
    out = dict(blind)
    for name, found in claimed.items():
        labelled = blind.get(name)
        if labelled is None or not labelled.extractor.startswith(("label:", "date:", "range:", "mrz:")):
            out[name] = found
            continue
        if found.extractor.startswith("form+label:"):
            out[name] = found  # the declared value, introduced by its own label: another reading is not it
            continue
        verdict = agree[name](labelled, found) if name in agree else None
        if verdict is False:
            out[name] = labelled.model_copy(update={"extractor": (labelled.extractor + "!form")[:64]})
        else:
            out[name] = found
    return out
