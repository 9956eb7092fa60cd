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

from extractors.fields.candidates import date_candidates, pick_date
from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_codes import compact, find_code, same_code
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.labels import role_labels, vocabulary_labels
from extractors.fields.names import name_parts, parse_name
from extractors.fields.pairing import Span, labelled_value, put, to_extracted
from extractors.fields.parsed import Parsed, digitise, penalty
from extractors.fields.persons import agree_first_names, agree_last_name, person_names
from extractors.fields.text import Line, document_lines
from models.claims import Claims
from models.document import Document, Extracted

FAMILY = "jobseeker_certificate"
IDENTIFIER = vocabulary_labels(FAMILY, "france_travail_id")
LAST_NAME = vocabulary_labels(FAMILY, "last_name")
FIRST_NAMES = vocabulary_labels(FAMILY, "first_names")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
DATE_ROLES = role_labels(FAMILY)
ALL_LABELS = (
    IDENTIFIER + LAST_NAME + FIRST_NAMES + DATE_ROLES["registration"] + DATE_ROLES["issue"] + OTHER_LABELS
)

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


def _blind(lines: Sequence[Line]) -> dict[str, Extracted]:
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
    candidates = date_candidates(lines, DATE_ROLES)
    put(
        fields,
        "registration_date",
        pick_date(lines, candidates, "registration", name="registration_date", latest_on_tie=True),
    )
    put(fields, "issue_date", pick_date(lines, candidates, "issue", name="issue_date", lone_unlabelled=True))
    return fields


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    if claims.france_travail_id:
        places = find_code(lines, claims.france_travail_id, max_substitutions=1)
        if places:
            found = places[0]
            prefix = lines[found.line].folded[: found.start]
            supported = any(lab.regex.search(prefix) for lab in IDENTIFIER)
            fields["france_travail_id"] = claim_extracted(
                lines, found, "france_travail_id", supported=supported
            )
    last, first = person_names(lines, claims, LAST_NAME)
    put(fields, "last_name", last)
    put(fields, "first_names", first)
    return fields


def _same_id(labelled: Extracted, found: Extracted) -> bool | None:
    got = compact(labelled.value)
    if same_code(got, found.value):
        return True  # the same identifier, misread where it sits next to its label
    return False if re.fullmatch(r"[0-9]{7}[0-9A-Z]", got) else None


AGREE: dict[str, Agreement] = {
    "france_travail_id": _same_id,
    "last_name": agree_last_name,
    "first_names": agree_first_names,
}


def extract_jobseeker(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a job-seeker registration certificate; with the form's claims, id and names found first."""
    lines = document_lines(document)
    blind = _blind(lines)
    if claims is None:
        return blind
    return reconcile(blind, _claimed(lines, claims), AGREE)
