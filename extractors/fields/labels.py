"""Labels: phrases turned into OCR-tolerant patterns, and finding them on lines.

Each letter of a label accepts its usual look-alikes (``o``/``0``,
``i``/``l``/``1``, ``m``/``rn``…), a word may be split by one space, and
punctuation is optional. Long labels also get a fuzzy fallback (rapidfuzz).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz

from extractors.fields.text import Line, fold
from models.vocabulary import LabelEntry, vocabulary

_LETTER_CLASSES = {
    "o": "[o0°]",
    "i": "[il1|!]",
    "l": "[li1|]",
    "s": "[s5$]",
    "b": "[b8]",
    "z": "[z2]",
    "g": "[g6]",
    "m": "(?:m|rn|nn)",
    "u": "[uv]",
    "e": "[e]",
}


def ocr_pattern(phrase: str) -> str:
    """An OCR-tolerant regular expression for a folded label ``phrase``.

    Letters accept look-alikes, words may be split by one space, spaces may be
    lost, punctuation (``.``, ``'``, ``(``, ``)``, ``:``, ``°``) is optional.
    """
    phrase = fold(phrase)
    head = r"(?<![a-z0-9])" if phrase[:1].isalnum() else ""
    tail = r"(?![a-z])" if phrase[-1:].isalnum() else ""
    return head + _ocr_body(phrase) + tail


_SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "d'", "l'", "a", "au", "aux"})
MIN_ABBREVIATED = 3  # letters kept by an abbreviation ("fact." for "facture")


def abbreviated_pattern(phrase: str) -> str:
    """``ocr_pattern`` where each long word may be cut short with a dot and small words dropped.

    « Date de facture » also matches « Date fact. », « Réf. de l'avis » matches
    « Référence de l'avis », « Adr. desserte » « Adresse de desserte ».
    """
    words = fold(phrase).split()
    parts = []
    for word in words:
        if word in _SMALL_WORDS:
            parts.append(f"(?:{_ocr_body(word)}\\s*)?")
            continue
        elision = re.match(r"^([dl])'(.+)$", word)
        prefix = ""
        if elision:
            prefix, word = rf"(?:{elision.group(1)}['\s]?)?", elision.group(2)
        if len(word) >= MIN_ABBREVIATED + 2 and word.isalpha():
            cuts = [_ocr_body(word[:k]) + r"\." for k in range(MIN_ABBREVIATED, len(word))]
            parts.append(prefix + "(?:" + "|".join([_ocr_body(word), *cuts]) + ")")
        else:
            parts.append(prefix + _ocr_body(word))
    body = r"\s*".join(parts)
    head = r"(?<![a-z0-9])" if words and words[0][:1].isalnum() else ""
    return head + body + r"(?![a-z])"


def _ocr_body(phrase: str) -> str:
    parts: list[str] = []
    prev_alnum = False
    for char in phrase:
        if char.isalnum():
            if prev_alnum:
                parts.append(r"\s?")
            parts.append(_LETTER_CLASSES.get(char, re.escape(char)))
            prev_alnum = True
            continue
        prev_alnum = False
        if char == " ":
            parts.append(r"\s*")
        elif char == "'":
            parts.append(r"['\s]?")
        elif char == "°":
            parts.append(r"[°o0*9]?")
        elif char == "/":
            parts.append(r"\s*[/;:|_]?\s*")
        elif char == "-":
            parts.append(r"[-\s]?")
        elif char in ".():,":
            parts.append(re.escape(char) + "?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@dataclass(frozen=True)
class Label:
    """A label: an OCR-tolerant pattern and, for long phrases, a fuzzy fallback."""

    phrase: str
    regex: re.Pattern[str]
    fuzzy: str | None = None
    weak: bool = False  # a generic word ("le", "date") that counts only when nothing better does


@lru_cache(maxsize=1024)
def label(
    phrase: str, *, regex: str | None = None, fuzzy: bool = True, strict: bool = False, weak: bool = False
) -> Label:
    """Build a Label from a phrase (or an explicit regex over folded text).

    ``strict`` labels (short common words: ``Client``, ``Titulaire``) count
    only when followed by a colon or when they start the line; ``weak`` ones
    are generic words that lose to any specific label.
    """
    if regex is None and strict:
        body = ocr_pattern(phrase)
        regex = rf"(?:{body}(?=\s*[:;])|^\s*{body})"
    pattern = re.compile(regex if regex is not None else ocr_pattern(phrase))
    compact = fold(phrase).replace(" ", "")
    use_fuzzy = fuzzy and regex is None and len(compact) >= 12
    return Label(phrase, pattern, fold(phrase) if use_fuzzy else None, weak)


def labels(*phrases: str | Label) -> tuple[Label, ...]:
    """Labels from phrases (strings) or ready Labels."""
    return tuple(p if isinstance(p, Label) else label(p) for p in phrases)


@dataclass(frozen=True)
class Hit:
    """A label found on a line: its character span and match quality (0..1)."""

    line: int  # index in the document's line list
    start: int
    end: int
    score: float
    label: str


_FUZZY_CUTOFF = 90.0


def find_label(line: Line, lab: Label, index: int, *, fuzzy: bool = True) -> Hit | None:
    """The first occurrence of ``lab`` on ``line``: OCR-tolerant pattern, else (long labels) fuzzy."""
    match = lab.regex.search(line.folded)
    if match:
        matched = match.group(0).replace(" ", "")
        wanted = fold(lab.phrase).replace(" ", "")
        score = 1.0 if matched == wanted or not wanted else 0.95
        return Hit(index, match.start(), match.end(), score, lab.phrase)
    if fuzzy and lab.fuzzy and len(line.folded) >= len(lab.fuzzy) * 0.8:
        alignment = fuzz.partial_ratio_alignment(lab.fuzzy, line.folded, score_cutoff=_FUZZY_CUTOFF)
        if alignment is not None and alignment.dest_end - alignment.dest_start >= 0.85 * len(lab.fuzzy):
            start, end = alignment.dest_start, alignment.dest_end
            # extend to the end of the word the alignment stops in
            while end < len(line.folded) and line.folded[end].isalnum():
                end += 1
            return Hit(index, start, end, 0.9 * alignment.score / 100.0, lab.phrase)
    return None


def find_labels(lines: Sequence[Line], labs: Iterable[Label]) -> list[Hit]:
    """Hits of ``labs``: pattern hits in label priority then document order, then fuzzy hits.

    A fuzzy hit is only looked for on a line no pattern hit was found on, so a
    long label never "fuzzily" swallows a shorter one that is really there; a
    hit inside a higher-priority label's hit is not one.
    """
    labs = list(labs)
    hits: list[Hit] = []
    taken: set[int] = set()
    for lab in labs:
        for i, line in enumerate(lines):
            hit = find_label(line, lab, i, fuzzy=False)
            if hit is None:
                continue
            if any(h.line == i and h.start < hit.end and hit.start < h.end for h in hits):
                continue  # inside a label found first ("adresse" in "Adresse de fourniture")
            hits.append(hit)
            taken.add(i)
    for lab in labs:
        if lab.fuzzy is None:
            continue
        for i, line in enumerate(lines):
            if i in taken:
                continue
            hit = find_label(line, lab, i)
            if hit is not None:
                hits.append(hit)
    return hits


def is_label_text(text: str, labs: Sequence[Label]) -> bool:
    """True when ``text`` starts with one of ``labs`` (a label line, not a value)."""
    folded = fold(text).strip()
    for lab in labs:
        m = lab.regex.search(folded)
        if m and m.start() <= 2:
            return True
    return False


def _from_entry(entry: LabelEntry) -> Label:
    """A vocabulary label; a plain phrase of several words also matches its abbreviations."""
    regex = entry.regex
    if regex is None and not entry.strict and len(entry.phrase.split()) >= 2:
        regex = abbreviated_pattern(entry.phrase)
        return replace(label(entry.phrase, regex=regex, weak=entry.weak), fuzzy=_fuzzy_of(entry))
    return label(entry.phrase, regex=regex, fuzzy=entry.fuzzy, strict=entry.strict, weak=entry.weak)


def _fuzzy_of(entry: LabelEntry) -> str | None:
    """The fuzzy fallback a plain phrase would have (long phrases, misread by the OCR)."""
    return label(entry.phrase, fuzzy=entry.fuzzy).fuzzy


@cache
def vocabulary_labels(family: str, field: str) -> tuple[Label, ...]:
    """The labels of ``field`` in the vocabulary section ``family`` (``models/vocabulary.yaml``)."""
    return tuple(_from_entry(e) for e in vocabulary().field_labels(family, field))


@cache
def role_labels(family: str) -> dict[str, tuple[Label, ...]]:
    """Each date role of ``family`` and its labels."""
    roles = vocabulary().roles(family)
    return {role: tuple(_from_entry(e) for e in entries) for role, entries in roles.items()}


@cache
def not_the_holder_labels() -> tuple[Label, ...]:
    """Words that introduce someone other than the holder (an adviser, a signatory)."""
    return tuple(_from_entry(e) for e in vocabulary().not_the_holder)
