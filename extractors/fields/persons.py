"""Finding the applicant on a document: the holder's name phrase, the last name, the given names.

The form gives the applicant's names; each place they are printed is scored
by what introduces it: a holder label before it or above it (``Titulaire :``,
``Nom``), the sentence of a certificate (``Madame DUPONT Élodie est
inscrite``), the page it is on. A name right after someone else's label (the
adviser, the signatory, the landlord) is not the holder's, and the lines of an
MRZ are left to the MRZ reader. Names are reported as printed, in the order
printed (``NOM Prénom`` or ``Prénom NOM``), without the label before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extractors.fields.claims import Found, Piece, to_extracted
from extractors.fields.claims_names import (
    CIVILITIES,
    adjacent,
    contains_name,
    extend_name,
    find_name_sequence,
    line_tokens,
    name_parts,
)
from extractors.fields.labels import Label, not_the_holder_labels
from extractors.fields.names import PARTICLES
from extractors.fields.text import Line
from models.claims import Claims
from models.document import Extracted
from models.vocabulary import vocabulary

_MRZ_LINE = re.compile(r"[A-Z0-9<]{3,}<<|<{4,}")
_SENTENCE = re.compile(r"^\s*(?:est|a\s+ete|etait|sont)\s+(?:bien\s+)?(?:inscrit|enregistr)")
# What a holder label before, above or under a name (or a certificate's sentence) adds to its score.
INTRODUCED = 1.5
# How far (characters) a label may be before the name it introduces.
_LABEL_REACH = 40


def is_mrz_line(line: Line) -> bool:
    """True for a line of a machine-readable zone (``P<FRADUPONT<<ELODIE``)."""
    return bool(_MRZ_LINE.search(line.text.replace(" ", "")))


def _label_before(line: Line, start: int, labs: Sequence[Label]) -> bool:
    prefix = line.folded[max(0, start - _LABEL_REACH) : start]
    return any(lab.regex.search(prefix) for lab in labs)


_CIVILITY_TAIL = re.compile(r"[\s:,\-]*(?:(?:m|mr|mme|mlle|madame|monsieur|mademoiselle)\b\.?[\s:,\-]*)*$")


def _introduced_by(line: Line, start: int, labs: Sequence[Label]) -> bool:
    """A label right before the name (a civility and a colon aside): ``Votre conseiller : M. DUPONT``."""
    prefix = line.folded[max(0, start - _LABEL_REACH) : start]
    prefix = prefix[: _CIVILITY_TAIL.search(prefix).start()]  # type: ignore[union-attr]
    return any(m.end() == len(prefix) for lab in labs for m in lab.regex.finditer(prefix))


def _label_beside(
    lines: Sequence[Line], index: int, start: int, labs: Sequence[Label], step: int = -1
) -> bool:
    """A label on the line above (``step`` -1) or below (+1), in the name's column."""
    other = index + step
    if not 0 <= other < len(lines) or lines[other].page != lines[index].page:
        return False
    above, line = lines[other], lines[index]
    word = line.words_in(start, start + 1)
    if not word:
        return False
    x0 = line.words[word[0]].bbox[0]
    for first, last in above.segments():
        s0, s1 = above.x_range(first, last)
        if s0 - 0.05 <= x0 <= s1 + 0.02:
            a, b = above.word_span(first)[0], above.word_span(last)[1]
            return any(lab.regex.search(above.folded[a:b]) for lab in labs)
    return False


@dataclass(frozen=True)
class _Scored:
    found: Found
    score: float


def _score(lines: Sequence[Line], found: Found, labs: Sequence[Label]) -> float | None:
    """How surely this printed name is the holder's (None: it is someone else's, or an MRZ)."""
    line = lines[found.line]
    if is_mrz_line(line):
        return None
    if _introduced_by(line, found.start, not_the_holder_labels()):
        return None
    score = found.quality
    if _label_before(line, found.start, labs):
        score += INTRODUCED + 1.5
    elif _label_beside(lines, found.line, found.start, labs, -1):
        score += INTRODUCED + 0.5
    elif _label_beside(lines, found.line, found.start, labs, +1):
        score += INTRODUCED  # a caption under the name
    end = found.pieces[-1].end
    if _SENTENCE.match(line.folded[end:]) or _SENTENCE.match(line.folded[end:].lstrip(" ,")):
        score += INTRODUCED + 0.5
    if line.page == lines[0].page:
        score += 0.25
    return score


def find_person(lines: Sequence[Line], last_name: str, labs: Sequence[Label]) -> tuple[Found, float] | None:
    """The best place the form's last name is printed as this document's holder, and its score.

    The whole name first (``DUPONT-MARTIN``); else its longest word of 4+
    letters (a married or birth name printed alone), at a lower quality.
    """
    parts = name_parts(last_name)
    places = find_name_sequence(lines, parts)
    if not places and len(parts) > 1:
        for part in sorted((p for p in parts if len(p) >= 4), key=len, reverse=True):
            places = [Found(f.pieces, f.value, f.quality * 0.8) for f in find_name_sequence(lines, [part])]
            if places:
                break
    scored = [_Scored(f, s) for f in places if (s := _score(lines, f, labs)) is not None]
    if not scored:
        return None
    best = max(scored, key=lambda s: (s.score, -s.found.line, -s.found.start))
    return best.found, best.score


def holder_name(
    lines: Sequence[Line], claims: Claims, labs: Sequence[Label], stop: Sequence[Label]
) -> Extracted | None:
    """The holder's name phrase (civility and names as printed) containing the form's last name."""
    if not claims.last_name:
        return None
    best = find_person(lines, claims.last_name, labs)
    if best is None:
        return None
    found, score = best
    known = frozenset(name_parts(" ".join((claims.last_name, *claims.first_names))))
    phrase = extend_name(lines, found, stop, known)
    return to_extracted(lines, phrase, "holder_name", supported=score - found.quality >= INTRODUCED)


def given_names(lines: Sequence[Line], claims: Claims, near: Found) -> Extracted | None:
    """The given names printed near the found last name, from the form's first given name on.

    Looked for on the last name's line, then the two lines below and the one
    above (identity cards print them under the surname). The run extends over
    the following name-like words (``Élodie, Marie``) and is reported with
    single spaces.
    """
    if not claims.first_names:
        return None
    first = name_parts(claims.first_names[0])
    if not first:
        return None
    last_parts = set(name_parts(claims.last_name or ""))
    page = lines[near.line].page
    for index in (near.line, near.line + 1, near.line + 2, near.line - 1):
        if not 0 <= index < len(lines) or lines[index].page != page or is_mrz_line(lines[index]):
            continue
        for found in find_name_sequence(lines[index : index + 1], first):
            line = lines[index]
            tokens = line_tokens(line)
            k = next(i for i, t in enumerate(tokens) if t.start >= found.pieces[0].start)
            k += len(first) - 1
            while k + 1 < len(tokens):
                nxt = tokens[k + 1]
                if not adjacent(line, tokens[k], nxt) or not nxt.printed[:1].isupper():
                    break
                if nxt.text in last_parts or nxt.text in CIVILITIES:
                    break
                k += 1
            start, end = found.pieces[0].start, tokens[k].end
            printed = re.sub(r"\s*,\s*", " ", line.text[start:end]).strip()
            piece = Found((Piece(index, start, end),), " ".join(printed.split()), found.quality)
            return to_extracted(lines, piece, "first_names")
    return None


def person_names(
    lines: Sequence[Line], claims: Claims, labs: Sequence[Label]
) -> tuple[Extracted | None, Extracted | None]:
    """(last name, given names) of the applicant as printed, found from the form's names."""
    if not claims.last_name:
        return None, None
    best = find_person(lines, claims.last_name, labs)
    if best is None:
        return None, None
    found, score = best
    supported = score - found.quality >= INTRODUCED
    return to_extracted(lines, found, "last_name", supported=supported), given_names(lines, claims, found)


# --------------------------------------------------------------------------- agreement


def _plausible_name(text: str) -> bool:
    """A person's name as documents print it: capitalised words (particles and civility aside).

    Not a web address, a number, or words of a sentence or a label
    (« Propriétaire occupant », « de l'abonnement »).
    """
    if re.search(r"[0-9@]|www|http|\.(?:fr|com)\b", text.lower()):
        return False
    if " ".join(name_parts(text)) in _label_phrases():
        return False  # a label word read as a value (« Qualité de l'occupant : Locataire »)
    words = re.findall(r"[^\W\d_]+", text)
    if not 1 <= len(words) <= 8:
        return False
    names = 0
    for word in words:
        folded = name_parts(word)
        key = folded[0] if folded else ""
        if key in CIVILITIES or key in PARTICLES or key in ("et", "ou"):
            continue
        if not word[0].isupper():
            return False
        names += len(word) >= 2
    return names >= 1


@cache
def _label_phrases() -> frozenset[str]:
    """Every label of the vocabulary, as folded words: a value equal to one is not a name."""
    vocab = vocabulary()
    phrases = [e.phrase for fields in vocab.labels.values() for entries in fields.values() for e in entries]
    phrases += [e.phrase for e in vocab.not_the_holder]
    return frozenset(" ".join(name_parts(p)) for p in phrases if name_parts(p))


def _significant(text: str) -> set[str]:
    return {p for p in name_parts(text) if len(p) >= 3 and p not in CIVILITIES}


def agree_holder(labelled: Extracted, found: Extracted) -> bool | None:
    """A holder read next to its label agrees with the found name phrase when they share a name."""
    if _significant(str(labelled.value)) & _significant(str(found.value)):
        return True
    return False if _plausible_name(str(labelled.value)) else None


def agree_last_name(labelled: Extracted, found: Extracted) -> bool | None:
    """Last names agree when one holds the other (married and birth names)."""
    if contains_name(labelled.value, str(found.value)) or contains_name(found.value, str(labelled.value)):
        return True
    return False if _plausible_name(str(labelled.value)) else None


def agree_first_names(labelled: Extracted, found: Extracted) -> bool | None:
    """Given names agree when the labelled ones start with the found first given name."""
    wanted = name_parts(str(found.value))[:1]
    got = name_parts(str(labelled.value))
    if wanted and wanted[0] in got:
        return True
    return False if _plausible_name(str(labelled.value)) else None


# --------------------------------------------------------------------------- without the form

_STREET_OR_NUMBER = re.compile(
    r"^\s*(?:\d+\s*(?:bis|ter|[a-z])?\b|[a-z].*\b(?:rue|avenue|bd|boulevard|chemin|allee|place|route"
    r"|impasse|quai|cours|residence|lotissement|bat)\b)"
)
_POSTCODE_LINE = re.compile(r"(?<![0-9])\d{5}\s+[a-z]")


def _person_line(text: str) -> bool:
    """A line that is a person's name: with a civility, or an upper-case name beside a capitalised one."""
    words = re.findall(r"[^\W\d_]+", text)
    if not _plausible_name(text) or not 2 <= len(words) <= 7:
        return False
    keys = [name_parts(w)[0] if name_parts(w) else "" for w in words]
    if any(k in CIVILITIES for k in keys):
        return True
    upper = any(len(w) >= 2 and w.isupper() for w in words)
    capitalised = any(len(w) >= 2 and w[0].isupper() and w[1:].islower() for w in words)
    return upper and capitalised


def addressee_name(lines: Sequence[Line]) -> Extracted | None:
    """The name heading a postal address block (name, street, postcode and town), when there is one.

    For documents that print the holder without a label (a RIB's account
    block, a bill's window envelope). Two such blocks with different names
    are a doubt: None.
    """
    found: list[Found] = []
    for i, line in enumerate(lines[:-1]):
        for first, last in line.segments():
            a, b = line.word_span(first)[0], line.word_span(last)[1]
            text = line.text[a:b]
            if not _person_line(text):
                continue
            below = [lines[j] for j in (i + 1, i + 2, i + 3) if j < len(lines) and lines[j].page == line.page]
            if not below or not _STREET_OR_NUMBER.search(below[0].folded):
                continue
            if not any(_POSTCODE_LINE.search(b_.folded) for b_ in below[:3]):
                continue
            found.append(Found((Piece(i, a, b),), text.strip(" ,")))
    names = {tuple(name_parts(str(f.value))) for f in found}
    if len(names) != 1:
        return None
    extracted = to_extracted(lines, found[0], "holder_name", score=0.85)
    return extracted.model_copy(update={"extractor": "block:holder_name"})
