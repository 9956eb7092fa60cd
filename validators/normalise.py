"""Normalisers for what documents say: names, dates, amounts, identifiers.

Every function here is pure and total on its inputs: given junk (``None``,
bytes, emoji, a megabyte of text) the ``parse_*`` functions return ``None``,
the ``*_matches`` functions return ``False`` and ``fold_name`` / ``compact``
return ``""``. None of them raises.

Name matching follows RULEBOOK.md "Names" exactly:

- names are compared after folding case and accents, treating hyphens,
  apostrophes and repeated spaces as one space (``fold_name``);
- a last name matches when the form's last name equals the document's, or when
  one is a whole-word part of the other (married and birth names);
- a first name matches when the form's first given name is among the
  document's given names;
- a holder name (bill, RIB) matches when it contains the form's last name as a
  whole word.

Tolerance of OCR errors is **off by default** (``max_edits=0``): a one-letter
difference is how DUPONT differs from DUPONS, a different person, and a
wrong acceptance costs public money while a false alarm costs a caseworker a
minute. The rulebook may switch on one edit per name for long words (at least
``min_length`` letters) — see ``rules/aide-individuelle-formation.yaml``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz.distance import Levenshtein

from models.months import FRENCH_MONTHS

# Largest amount accepted: no training costs a thousand billion euros, and a
# bound keeps Decimal arithmetic (cents) exact.
MAX_AMOUNT = Decimal("1000000000000")

# Longest input a parser looks at: a field value is never this long, and a
# bound keeps junk (a 1 MB string) cheap.
MAX_PARSE_LENGTH = 10_000

# Longest name looked at: a name or holder line is never this long.
MAX_NAME_LENGTH = 1_000

# Civilities stripped at the start of a name ("M.", "Mme", "M. ou Mme"…), folded.
CIVILITIES = frozenset(
    {
        "m",
        "mr",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "monsieur",
        "madame",
        "mademoiselle",
        "messieurs",
        "mesdames",
    }
)
_CIVILITY_LINKS = frozenset({"ou", "et"})

# Name particles: a whole-word part made only of these (or of initials) is not
# enough for a last name to match ("DE" is not a part of "DE LA FONTAINE").
PARTICLES = frozenset(
    {
        "d",
        "de",
        "des",
        "du",
        "l",
        "la",
        "le",
        "les",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "ten",
        "ter",
        "el",
        "al",
        "y",
        "ben",
        "bin",
        "ibn",
    }
)

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
# ICAO 9303 transliterations used in MRZs (Doc 9303 part 3, §6 table A).
_ICAO_MAP = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "å": "aa",
        "æ": "ae",
        "ø": "oe",
        "œ": "oe",
        "ß": "ss",
        "þ": "th",
    }
)

# Also "mar" and "sep", which forms write; the extractors do not take them from free text.
_MONTHS = {**FRENCH_MONTHS, "mar": 3, "sep": 9}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.ASCII)
    for pattern in (
        # 2026-03-12
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)",
        # 12/03/2026, 12.03.2026, 12-03-2026 (one separator throughout)
        r"(?<!\d)(?P<d>\d{1,2}) ?(?P<sep>[/.-]) ?(?P<m>\d{1,2}) ?(?P=sep) ?(?P<y>\d{4})(?!\d)",
        # 12 03 2026 (identity documents)
        r"(?<![\d/.-])(?P<d>\d{1,2}) (?P<m>\d{1,2}) (?P<y>\d{4})(?!\d)",
        # 12 mars 2026, 1er mars 2026, 12 sept. 2026
        r"(?<![a-z0-9])(?P<d>\d{1,2}) ?(?:er)? (?P<m>" + _MONTH_RE + r")\.? ?(?P<y>\d{4})(?!\d)",
    )
)

_CURRENCY_RE = re.compile(r"^(?:euros?|eur|€) ?|(?: ?(?:euros?|eur|€))?(?: ?ttc)?$")
_DECIMAL_TAIL_RE = re.compile(r"^(?P<int>.*?)(?P<sep>[.,])(?P<dec>[0-9]{1,2})$")
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(?P<sep>[ .,'’])[0-9]{3}(?:(?P=sep)[0-9]{3})*$")


# ---------------------------------------------------------------- text helpers


def _plain(text: str) -> str:
    """Lower case, accents removed, special letters spelled out; other characters kept."""
    lowered = text.casefold().translate(_LETTER_MAP)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spaces(text: str) -> str:
    """Every Unicode space (no-break, narrow no-break, tabs…) as one plain space, stripped."""
    return " ".join(text.split())


def fold_name(s: Any) -> str:
    """Fold a name for comparison: case and accents folded, separators as one space.

    Hyphens, apostrophes, dots, MRZ fillers (``<``) and every other non-letter,
    non-digit character become a space; repeated spaces collapse; leading
    civilities ("M.", "Mme", "Madame", "Monsieur", "Mlle", "M. ou Mme"…) are
    dropped. Returns ``""`` for anything that is not a string.

    >>> fold_name("Mme  DUPONT-MARTIN Élodie")
    'dupont martin elodie'
    """
    if not isinstance(s, str):
        return ""
    plain = _plain(s[:MAX_NAME_LENGTH])
    tokens = "".join(c if c.isalnum() else " " for c in plain).split()
    return " ".join(_strip_civilities(tokens))


def fold_name_variants(s: Any) -> set[str]:
    """Return ``fold_name`` of ``s`` and of its ICAO 9303 MRZ spellings (Ä→AE, ß→SS, no apostrophes)."""
    if not isinstance(s, str):
        return set()
    head = s[:MAX_NAME_LENGTH]
    no_apostrophe = re.sub(r"['’ʼ‘`]", "", head)  # ICAO 9303 omits apostrophes: O'BRIEN → OBRIEN
    variants = {fold_name(head), fold_name(no_apostrophe)}
    variants.add(fold_name(head.casefold().translate(_ICAO_MAP)))
    variants.add(fold_name(no_apostrophe.casefold().translate(_ICAO_MAP)))
    variants.discard("")
    return variants


def _strip_civilities(tokens: list[str]) -> list[str]:
    """Drop civilities at the start ("m", "mme", "m ou mme"…), never the whole name."""
    rest = list(tokens)
    while rest and rest[0] in CIVILITIES and len(rest) > 1:
        rest = rest[1:]
        if len(rest) > 2 and rest[0] in _CIVILITY_LINKS and rest[1] in CIVILITIES:
            rest = rest[1:]
    return rest


def compact(s: Any) -> str:
    """Return an identifier's compact form: upper case, no spaces of any kind, no . - / separators."""
    if not isinstance(s, str):
        return ""
    return re.sub(r"[\s.\-/]+", "", s[:MAX_PARSE_LENGTH]).upper()


# ---------------------------------------------------------------- name matching


def _tokens_equal(a: str, b: str, max_edits: int, min_length: int) -> int | None:
    """Edits needed to take token ``a`` to ``b`` within the tolerance, or None."""
    if a == b:
        return 0
    if max_edits <= 0 or min(len(a), len(b)) < min_length or not (a.isalpha() and b.isalpha()):
        return None
    distance = Levenshtein.distance(a, b, score_cutoff=max_edits)
    return distance if distance <= max_edits else None


def _run_at(needle: list[str], hay: list[str], start: int, max_edits: int, min_length: int) -> bool:
    """Return True when ``needle`` equals ``hay[start:start+len(needle)]`` within the edit budget."""
    budget = max_edits
    for offset, token in enumerate(needle):
        edits = _tokens_equal(token, hay[start + offset], budget, min_length)
        if edits is None:
            return False
        budget -= edits
    return True


def _find_runs(
    needle: list[str],
    hay: list[str],
    max_edits: int,
    min_length: int,
    starts: set[int] | None = None,
    ends: set[int] | None = None,
) -> bool:
    """Return True when ``needle`` is a contiguous run of ``hay`` (optionally on given boundaries)."""
    if not needle or len(needle) > len(hay):
        return False
    for start in range(len(hay) - len(needle) + 1):
        end = start + len(needle)
        if starts is not None and start not in starts:
            continue
        if ends is not None and end not in ends:
            continue
        if _run_at(needle, hay, start, max_edits, min_length):
            return True
    return False


def _significant(tokens: list[str]) -> bool:
    """Return True when the tokens hold at least one word that is neither a particle nor an initial."""
    return any(len(t) > 1 and t not in PARTICLES for t in tokens)


def last_name_matches(form_last: Any, doc_last: Any, *, max_edits: int = 0, min_length: int = 8) -> bool:
    """RULEBOOK "Names": equal after folding, or one a whole-word part of the other.

    "DUPONT-MARTIN" matches "DUPONT" and "MARTIN" (married and birth names).
    A part made only of particles or initials ("DE", "LE", "D") is not enough.
    ``max_edits`` > 0 tolerates that many letter edits in words of at least
    ``min_length`` letters (off by default: see the module docstring).
    """
    form = fold_name(form_last).split()
    doc = fold_name(doc_last).split()
    if not form or not doc:
        return False
    if len(form) == len(doc) and _run_at(form, doc, 0, max_edits, min_length):
        return True
    shorter, longer = (form, doc) if len(form) <= len(doc) else (doc, form)
    return _significant(shorter) and _find_runs(shorter, longer, max_edits, min_length)


def first_name_matches(
    form_first_names: Any, doc_first_names: Any, *, max_edits: int = 0, min_length: int = 8
) -> bool:
    """RULEBOOK "Names": the form's first given name is among the document's given names.

    The document's given names are separated by spaces (or commas). A compound
    first name matches whether or not its hyphen was read ("Jean-Pierre" is
    among "JEAN PIERRE MARIE"), but a part of a compound given name is not a
    given name ("Pierre" is not among "Jean-Pierre Marie").
    """
    if not isinstance(form_first_names, (list, tuple)) or not form_first_names:
        return False
    first = fold_name(form_first_names[0]).split()
    if not first or not isinstance(doc_first_names, str):
        return False
    hay: list[str] = []
    starts: set[int] = set()
    ends: set[int] = set()
    for given in re.split(r"[\s,;]+", doc_first_names[:MAX_NAME_LENGTH]):
        tokens = fold_name(given).split()
        if not tokens:
            continue
        starts.add(len(hay))
        hay.extend(tokens)
        ends.add(len(hay))
    return _find_runs(first, hay, max_edits, min_length, starts, ends)


def holder_matches(form_last: Any, holder_text: Any, *, max_edits: int = 0, min_length: int = 8) -> bool:
    """RULEBOOK "Names": the holder name contains the form's last name as a whole word.

    "M. OU MME DUPONT-MARTIN ELODIE" contains "Dupont-Martin"; "DUPONTEL JEAN"
    does not contain "Dupont".
    """
    form = fold_name(form_last).split()
    holder = fold_name(holder_text).split()
    return _find_runs(form, holder, max_edits, min_length)


# ---------------------------------------------------------------- dates


def parse_date_fr(text: Any) -> date | None:
    """Return the one date written in ``text``, or None.

    Accepts "12/03/2026", "12.03.2026", "12-03-2026", "12 03 2026",
    "12 mars 2026", "1er mars 2026", "12 sept. 2026" and "2026-03-12", with or
    without surrounding words ("Fait à Marseille, le 12/03/2026"). Returns None
    when there is no valid date, or when the text holds two different dates
    ("Du 11/01/2027 au 25/06/2027"): guessing which one is meant is not this
    function's job. Years outside 1900–2199 are refused. A ``date`` is
    returned as is.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or len(text) > MAX_PARSE_LENGTH:
        return None
    plain = _spaces(_plain(text))
    found: set[date] = set()
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(plain):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _make_date(match.group("d"), match.group("m"), match.group("y"))
            if value is not None:
                found.add(value)
                taken.append(match.span())
    return found.pop() if len(found) == 1 else None


def _make_date(day: str, month: str, year: str) -> date | None:
    """Return a valid date from its parts (month as digits or a French month name), or None."""
    try:
        m = int(month) if month.isdigit() else _MONTHS[month]
        y = int(year)
        if not 1900 <= y <= 2199:
            return None
        return date(y, m, int(day))
    except (KeyError, ValueError):
        return None


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the month's end.

    ``add_months(date(2026, 11, 20), -3) == date(2026, 8, 20)``;
    ``add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)``.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def format_date_fr(d: date | None) -> str:
    """Format a date as a caseworker reads it: dd/mm/yyyy ("?" when unknown)."""
    return d.strftime("%d/%m/%Y") if isinstance(d, date) else "?"


# ---------------------------------------------------------------- amounts


def parse_amount_fr(text: Any) -> Decimal | None:
    """Return an amount in euros, or None.

    Accepts "4 350,00 €", "4350.00 EUR", "4 350 €", "4.350,00", "4 350,00 € TTC",
    with plain, no-break or narrow no-break spaces, and numbers (int, float,
    Decimal). Thousands separators must group by three. Ambiguous ("4,350":
    4.35 or 4350?), negative and absurd (≥ 10¹² €) amounts give None.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float, Decimal)):
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            return None
        return value if value.is_finite() and 0 <= value < MAX_AMOUNT else None
    if not isinstance(text, str) or len(text) > 200:
        return None
    s = _CURRENCY_RE.sub("", _spaces(text).casefold()).strip()
    if not re.fullmatch(r"[0-9](?:[0-9 .,'’]*[0-9])?", s):
        return None
    int_part, sep, dec = s, "", ""
    tail = _DECIMAL_TAIL_RE.match(s)
    if tail:
        int_part, sep, dec = tail.group("int"), tail.group("sep"), tail.group("dec")
    if re.fullmatch(r"[0-9]+", int_part):
        digits = int_part
    else:
        grouped = _GROUPED_RE.match(int_part)
        if not grouped or grouped.group("sep") == sep:
            return None
        if grouped.group("sep") == "," and sep != ".":
            return None  # "4,350": French decimal comma or English thousands?
        digits = re.sub(r"[^0-9]", "", int_part)
    value = Decimal(f"{digits}.{dec}" if dec else digits)
    return value if value < MAX_AMOUNT else None


def format_amount_fr(amount: Decimal | None) -> str:
    """Format an amount as a caseworker reads it: "4 350,00 €" ("?" when unknown)."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return "?"
    whole, cents = f"{amount.quantize(Decimal('0.01')):,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} €"
