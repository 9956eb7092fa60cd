"""Tax notice (avis d'impôt): last_name, fiscal_number, tax_reference, reference_income, tax_year.

``fiscal_number`` is 13 digits after ``Numéro fiscal``; ``tax_reference`` the
13 characters after ``Référence de l'avis``; ``reference_income`` the amount
after ``Revenu fiscal de référence``; ``tax_year`` is the *income* year, read
from ``… SUR LES REVENUS DE L'ANNÉE 2025`` / ``revenus 2025`` (or the notice
year minus one, ``AVIS D'IMPÔT 2026``, with a lower confidence).
"""

from __future__ import annotations

import re

from extractors.fields.amounts import parse_amount
from extractors.fields.claims_reconcile import reconcile
from extractors.fields.labels import vocabulary_labels
from extractors.fields.names import name_parts, parse_name
from extractors.fields.pairing import Span, labelled_value, put, to_extracted
from extractors.fields.parsed import Parsed, digitise, parse_digits, penalty
from extractors.fields.persons import agree_last_name, person_names
from extractors.fields.text import document_lines
from models.claims import Claims
from models.document import Document, Extracted

FAMILY = "tax_notice"
LAST_NAME = vocabulary_labels(FAMILY, "last_name")
DECLARANT = vocabulary_labels(FAMILY, "declarant")
FISCAL_NUMBER = vocabulary_labels(FAMILY, "fiscal_number")
TAX_REFERENCE = vocabulary_labels(FAMILY, "tax_reference")
INCOME = vocabulary_labels(FAMILY, "reference_income")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
ALL_LABELS = LAST_NAME + DECLARANT + FISCAL_NUMBER + TAX_REFERENCE + INCOME + OTHER_LABELS

_INCOME_YEAR = re.compile(
    r"revenus?\s+(?:de\s+l'annee\s+|de\s+|perçus\s+en\s+|percus\s+en\s+)?([0-9oil]{4})(?![0-9])"
)
_NOTICE_YEAR = re.compile(r"avis\s+d'impo[st]\w*\s+(?:sur\s+le\s+revenu\s+)?([0-9oil]{4})(?![0-9])")


def parse_reference(text: str) -> Parsed | None:
    """A 13-character notice reference (letters and digits, grouped or not)."""
    for match in re.finditer(r"(?<![A-Za-z0-9])[A-Za-z0-9](?:\s?[A-Za-z0-9]){12}(?![A-Za-z0-9])", text):
        value = re.sub(r"\s", "", match.group(0)).upper()
        if sum(c.isdigit() for c in value) >= 8:
            return Parsed(value, match.start(), match.end())
    return None


def _year(token: str) -> tuple[int, int] | None:
    digits, n = digitise(token)
    if not digits.isdigit():
        return None
    year = int(digits)
    return (year, n) if 1990 <= year <= 2100 else None


def _tax_year(lines: list) -> Extracted | None:  # type: ignore[type-arg]
    for regex, offset, score in ((_INCOME_YEAR, 0, 1.0), (_NOTICE_YEAR, -1, 0.8)):
        for i, line in enumerate(lines):
            match = regex.search(line.folded)
            if not match:
                continue
            found = _year(match.group(1))
            if found is None:
                continue
            year, n = found
            span = Span(i, 0, len(line.text), line.text, "same")
            parsed = Parsed(year + offset, match.start(1), match.end(1), penalty(n))
            return to_extracted(lines, span, parsed, score=score, extractor="title:tax_year")
    return None


def _declarant_last_name(text: str) -> Parsed | None:
    parts = name_parts(text)
    return parts[0] if parts is not None else None


def extract_tax(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a tax notice; with the form's claims, the declared last name found first."""
    lines = document_lines(document)
    fields: dict[str, Extracted] = {}
    last_name = labelled_value(lines, LAST_NAME, parse_name, name="last_name", stop=ALL_LABELS)
    if last_name is None:
        # "Déclarant 1 : DUPONT-MARTIN Élodie": the leading upper-case words
        last_name = labelled_value(lines, DECLARANT, _declarant_last_name, name="last_name", stop=ALL_LABELS)
    put(fields, "last_name", last_name)
    put(
        fields,
        "fiscal_number",
        labelled_value(
            lines, FISCAL_NUMBER, lambda t: parse_digits(t, 13), name="fiscal_number", stop=ALL_LABELS
        ),
    )
    put(
        fields,
        "tax_reference",
        labelled_value(lines, TAX_REFERENCE, parse_reference, name="tax_reference", stop=ALL_LABELS),
    )
    put(
        fields,
        "reference_income",
        labelled_value(lines, INCOME, parse_amount, name="reference_income", stop=()),
    )
    put(fields, "tax_year", _tax_year(lines))
    if claims is None:
        return fields
    claimed, _ = person_names(lines, claims, LAST_NAME + DECLARANT)
    return reconcile(fields, {"last_name": claimed} if claimed else {}, {"last_name": agree_last_name})
