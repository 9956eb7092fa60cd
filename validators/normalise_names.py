"""Folding and matching person names, as RULEBOOK.md "Names" says.

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

import re
from typing import Any

from rapidfuzz.distance import Levenshtein

from validators.normalise import plain_text

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
    plain = plain_text(s[:MAX_NAME_LENGTH])
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
