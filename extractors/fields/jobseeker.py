"""France Travail (formerly Pôle emploi) registration certificate (CONTRACT.md §6).

``france_travail_id`` after ``Identifiant`` / ``N° d'identifiant`` /
``Identifiant France Travail`` (7 digits and a letter or digit, spaces
removed, upper case); names after ``Nom`` / ``Prénom(s)`` or from the sentence
``Madame DUPONT Élodie Marie est inscrite …`` (upper-case words are the last
name, the others the given names); ``registration_date`` after
``Date d'inscription`` or ``inscrit(e) … depuis le``; ``issue_date`` after
``Fait à …, le`` / ``Date d'édition`` / ``Délivrée le``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.fields.dates import parse_date
from extractors.fields.labels import NOM, label, labels
from extractors.fields.names import name_parts, parse_name
from extractors.fields.pairing import Span, labelled_value, put, to_extracted
from extractors.fields.parsed import Parsed, digitise, penalty
from extractors.fields.text import Line, document_lines
from models.document import Document, Extracted

IDENTIFIER = labels(
    "identifiant france travail",
    "identifiant pôle emploi",
    "n° d'identifiant",
    "numéro d'identifiant",
    "n° identifiant",
    "identifiant",
    "n° de demandeur d'emploi",
)
LAST_NAME = labels("nom de naissance", NOM)
FIRST_NAMES = labels("prénom(s)", "prénoms", "prénom")
REGISTRATION = labels(
    "date d'inscription",
    label("inscrit(e) depuis le", regex=r"(?<![a-z])inscrit(?:\(?e\)?)?[^.]{0,120}?depuis\s*le(?![a-z])"),
    label("depuis le", regex=r"(?<![a-z])depuis\s*le(?![a-z])"),
)
ISSUE_DATE = labels(
    label("fait à … le", regex=r"(?<![a-z0-9])fait\s*(?:a|à)\s+[^,]{1,40}?,?\s+le(?![a-z])"),
    "date d'édition",
    "délivrée le",
    "délivré le",
    "édité le",
    "éditée le",
    "fait le",
    "date de délivrance",
    "date d'émission",
)
OTHER_LABELS = labels("adresse", "catégorie", "date de naissance", "né(e) le", "agence", "conseiller")
ALL_LABELS = IDENTIFIER + LAST_NAME + FIRST_NAMES + REGISTRATION + ISSUE_DATE + OTHER_LABELS

_ID = re.compile(r"(?<![A-Za-z0-9])([0-9OoIlSB|]{7})\s?([0-9A-Za-z])(?![A-Za-z0-9])")
_ID_LOOSE = re.compile(r"(?<![A-Za-z0-9])([0-9A-Za-z](?:\s?[0-9A-Za-z]){5,10})(?![A-Za-z0-9])")

_SENTENCE = re.compile(
    r"(?<![a-z])(madame|monsieur|mademoiselle|mme|mlle|m\.)\s+(.+?)\s+(?:est|a\s+ete|etait)\s+"
    r"(?:bien\s+)?inscrit"
)


# Identifiers end in a letter (``4821937K``); OCR reads a final Z, S or B as 2, 5 or 8
# (measured on sample scans). Other final digits are kept: too ambiguous to guess.
_ID_LETTER_FOR_DIGIT = {"2": "Z", "5": "S", "8": "B"}


def parse_ft_id(text: str) -> Parsed | None:
    """A France Travail identifier: 7 digits + 1 letter (look-alikes repaired), else a loose code."""
    match = _ID.search(text)
    if match:
        digits, n = digitise(match.group(1))
        if digits.isdigit() and n <= 2 and sum(c.isdigit() for c in match.group(1)) >= 5:
            last = match.group(2).upper()
            if last in _ID_LETTER_FOR_DIGIT:
                last, n = _ID_LETTER_FOR_DIGIT[last], n + 1
            value = digits + last
            return Parsed(value, match.start(), match.end(), penalty(n))
    for loose in _ID_LOOSE.finditer(text):
        token = re.sub(r"\s", "", loose.group(1))
        if sum(c.isdigit() for c in token) >= 5:
            return Parsed(token.upper(), loose.start(), loose.end(), 0.8)
    return None


def _sentence_names(lines: Sequence[Line]) -> tuple[Extracted, Extracted | None] | None:
    """(last_name, first_names) from ``Madame DUPONT Élodie Marie est inscrite …``."""
    for i, line in enumerate(lines):
        match = _SENTENCE.search(line.folded)
        if not match:
            continue
        start, end = match.start(2), match.end(2)
        span = Span(i, start, end, line.text[start:end], "same")
        parts = name_parts(span.text)
        if parts is None:
            continue
        last, first = parts
        last_value = to_extracted(lines, span, last, score=0.95, extractor="sentence:last_name")
        first_value = None
        if first is not None:
            first_value = to_extracted(lines, span, first, score=0.95, extractor="sentence:first_names")
        return last_value, first_value
    return None


def extract_jobseeker(document: Document) -> dict[str, Extracted]:
    """Fields of a job-seeker registration certificate."""
    lines = document_lines(document)
    fields: dict[str, Extracted] = {}
    put(
        fields,
        "france_travail_id",
        labelled_value(lines, IDENTIFIER, parse_ft_id, name="france_travail_id", stop=ALL_LABELS),
    )
    put(fields, "last_name", labelled_value(lines, LAST_NAME, parse_name, name="last_name", stop=ALL_LABELS))
    put(
        fields,
        "first_names",
        labelled_value(lines, FIRST_NAMES, parse_name, name="first_names", stop=ALL_LABELS),
    )
    if "last_name" not in fields or "first_names" not in fields:
        sentence = _sentence_names(lines)
        if sentence is not None:
            last, first = sentence
            if "last_name" not in fields:
                put(fields, "last_name", last)
            if "first_names" not in fields:
                put(fields, "first_names", first)
    put(
        fields,
        "registration_date",
        labelled_value(lines, REGISTRATION, parse_date, name="registration_date", stop=()),
    )
    put(fields, "issue_date", labelled_value(lines, ISSUE_DATE, parse_date, name="issue_date", stop=()))
    return fields
