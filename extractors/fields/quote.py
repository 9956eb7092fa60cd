"""Training provider's quote or enrolment certificate (CONTRACT.md §6).

``provider_siret`` after ``SIRET`` / ``N° SIRET`` (14 digits, grouped or
not; look-alikes repaired, at most 2); ``training_title`` after
``Intitulé de la formation`` / ``Formation :``; dates from ``Du … au …`` or
``Date de début`` / ``Date de fin``; ``hours`` after ``Durée`` /
``Volume horaire`` (``798 heures``, ``798 h``); ``cost_eur`` after
``Coût total`` / ``Total TTC`` / ``Montant total``; ``issue_date`` after
``Date du devis`` / ``Fait le``; ``provider_name`` after ``Organisme de
formation`` or, by default, the first heading line of the first page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from extractors.fields.amounts import parse_amount, parse_hours
from extractors.fields.candidates import date_candidates, pick_date
from extractors.fields.claims import Found
from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_codes import compact, find_code
from extractors.fields.claims_dates_amounts import find_amount, find_date, find_hours
from extractors.fields.claims_phrases import find_phrase
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.dates import find_dates, parse_date
from extractors.fields.labels import Label, role_labels, vocabulary_labels
from extractors.fields.pairing import Span, header_above, labelled_value, parse_text, put, scan, to_extracted
from extractors.fields.parsed import Parsed, parse_digits
from extractors.fields.text import Line, document_lines, fold
from models.claims import Claims
from models.document import Document, Extracted

FAMILY = "training_quote"
PROVIDER = vocabulary_labels(FAMILY, "provider_name")
SIRET = vocabulary_labels(FAMILY, "provider_siret")
TITLE = vocabulary_labels(FAMILY, "training_title")
START = vocabulary_labels(FAMILY, "start_date")
END = vocabulary_labels(FAMILY, "end_date")
HOURS = vocabulary_labels(FAMILY, "hours")
COST = vocabulary_labels(FAMILY, "cost_eur")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
DATE_ROLES = role_labels(FAMILY)
ALL_LABELS = PROVIDER + SIRET + TITLE + START + END + HOURS + COST + DATE_ROLES["issue"] + OTHER_LABELS

_TITLE_LINE = re.compile(
    r"^\s*(devis|attestation|facture|proposition|convention|page|date|siret|n°|tel|tél|mail|www|http)"
)


def _excl_tax_before(lines: Sequence[Line], found: Found) -> bool:
    """The amount's line says it is before tax (``Total HT``) between its label and it."""
    return bool(
        re.search(r"(?<![a-z])(?:h\.?t\.?|hors\s+taxes?)(?![a-z])", lines[found.line].folded[: found.start])
    )


def _excl_tax(text: str) -> bool:
    """True for a value introduced as before-tax (``Coût total HT : …``)."""
    return bool(re.match(r"[\s:]*h\.?t\b", fold(text)))


def parse_siret(text: str) -> Parsed | None:
    """14 digits (``732 829 320 00074`` or compact), at most 2 look-alikes repaired."""
    return parse_digits(text, 14, max_repairs=2)


def _date_range(lines: Sequence[Line]) -> tuple[Extracted, Extracted] | None:
    """``Du 11/01/2027 au 25/06/2027`` → (start, end)."""
    for i, line in enumerate(lines):
        if not re.search(r"(?<![a-z])du\b", line.folded):
            continue
        dates = find_dates(line.text)
        if len(dates) < 2:
            continue
        for first, second in zip(dates, dates[1:], strict=False):
            between = fold(line.text[first.end : second.start])
            before = fold(line.text[max(0, first.start - 12) : first.start])
            if re.fullmatch(r"\s*(au|jusqu'au|a|-)\s*", between) and re.search(r"du\s*$", before):
                span = Span(i, 0, len(line.text), line.text, "same")
                return (
                    to_extracted(lines, span, first, score=1.0, extractor="range:start_date"),
                    to_extracted(lines, span, second, score=1.0, extractor="range:end_date"),
                )
    return None


def _provider_heading(lines: Sequence[Line]) -> Extracted | None:
    """The first heading of page 1 that is not a title, label, date or address.

    Only the line's first column counts (a title like ``DEVIS`` may sit at the
    right of the provider's name on the same line).
    """
    if not lines:
        return None
    first_page = lines[0].page
    for i, line in enumerate(lines[:6]):
        if line.page != first_page:
            break
        first, last = line.segments()[0]
        end = line.word_span(last)[1]
        text = line.text[:end]
        folded = line.folded[:end]
        if _TITLE_LINE.search(folded) or ":" in text or find_dates(text):
            continue
        if any(lab.regex.search(folded) for lab in ALL_LABELS):  # a header row, not a name
            continue
        if sum(c.isdigit() for c in text) > 3 or re.search(r"\b\d{5}\b", text):
            continue
        parsed = parse_text(text)
        if parsed is not None and last - first < 8:
            span = Span(i, 0, end, text, "scan")
            return to_extracted(lines, span, parsed, score=0.8, extractor="heading:provider_name")
    return None


def _blind(lines: Sequence[Line]) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    provider = labelled_value(lines, PROVIDER, parse_text, name="provider_name", stop=ALL_LABELS)
    put(fields, "provider_name", provider or _provider_heading(lines))
    put(fields, "provider_siret", labelled_value(lines, SIRET, parse_siret, name="provider_siret", stop=()))
    put(
        fields,
        "training_title",
        labelled_value(lines, TITLE, parse_text, name="training_title", stop=ALL_LABELS),
    )
    start = labelled_value(lines, START, parse_date, name="start_date", stop=())
    end = labelled_value(lines, END, parse_date, name="end_date", stop=())
    if start is None or end is None:
        found = _date_range(lines)
        if found is not None:
            start = start or found[0]
            end = end or found[1]
    put(fields, "start_date", start)
    put(fields, "end_date", end)
    hours = labelled_value(lines, HOURS, parse_hours, name="hours", stop=())
    if hours is None:
        hours = scan(
            lines,
            parse_hours,
            name="hours",
            score=0.8,
            line_filter=lambda line: bool(re.search(r"heures|volume|duree", line.folded)),
        )
    put(fields, "hours", hours)
    put(
        fields,
        "cost_eur",
        labelled_value(lines, COST, parse_amount, name="cost_eur", stop=(), reject=_excl_tax, below=3),
    )
    candidates = date_candidates(lines, DATE_ROLES)
    put(fields, "issue_date", pick_date(lines, candidates, "issue", name="issue_date", lone_unlabelled=True))
    return fields


def _training_date(
    lines: Sequence[Line], day: date, role: str, roles: dict[tuple[int, int], str | None]
) -> Found | None:
    """The declared date where it is printed as the training's ``role`` date (or with no role)."""
    places = [f for f in find_date(lines, day) if roles.get((f.line, f.start)) in (role, None)]
    places.sort(key=lambda f: roles.get((f.line, f.start)) != role)
    return places[0] if places else None


def _introduced(lines: Sequence[Line], found: Found, labs: Sequence[Label]) -> bool:
    """A specific label of the field on the value's line, before it (not a generic word)."""
    prefix = lines[found.line].folded[: found.start]
    return any(not lab.weak and lab.regex.search(prefix) for lab in labs)


def _column_total(lines: Sequence[Line], found: Found, labs: Sequence[Label]) -> bool:
    """The value on a table's total row, in the column a label of the field heads (« Heures »).

    Only the total row: a module's own hours in that column are not the training's.
    """
    if not re.match(r"\s*(?:sous[- ])?total", lines[found.line].folded):
        return False
    header = header_above(lines, found.line, found.start, found.pieces[0].end)
    return header is not None and any(not lab.weak and lab.regex.search(header) for lab in labs)


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    if claims.provider_siret:
        places = find_code(lines, claims.provider_siret, max_substitutions=2)
        if places:
            found = places[0]
            fields["provider_siret"] = claim_extracted(
                lines, found, "provider_siret", supported=_introduced(lines, found, SIRET)
            )
    roles = {(c.line, c.hit.start): c.role for c in date_candidates(lines, DATE_ROLES)}
    for name, day, role in (("start_date", claims.start_date, "start"), ("end_date", claims.end_date, "end")):
        found = _training_date(lines, day, role, roles) if day else None
        if found is not None:
            supported = roles.get((found.line, found.start)) == role
            fields[name] = claim_extracted(lines, found, name, supported=supported)
    if claims.cost_eur is not None:
        places = find_amount(lines, claims.cost_eur, context=COST)
        introduced = [f for f in places if _introduced(lines, f, COST) and not _excl_tax_before(lines, f)]
        if places:
            found = (introduced or places)[0]
            fields["cost_eur"] = claim_extracted(lines, found, "cost_eur", supported=bool(introduced))
    if claims.hours:
        places = find_hours(lines, claims.hours, context=HOURS)
        if places:
            found = places[0]
            fields["hours"] = claim_extracted(
                lines,
                found,
                "hours",
                supported=_introduced(lines, found, HOURS) or _column_total(lines, found, HOURS),
            )
    for name, text in (("training_title", claims.training_title), ("provider_name", claims.provider_name)):
        found = find_phrase(lines, text, min_score=90) if text else None
        if found is not None:
            fields[name] = claim_extracted(lines, found, name)
    return fields


def _same(labelled: Extracted, found: Extracted) -> bool:
    return compact(labelled.value) == compact(found.value)


def _same_amount(labelled: Extracted, found: Extracted) -> bool:
    try:
        return abs(float(labelled.value) - float(found.value)) < 0.005
    except (TypeError, ValueError):
        return False


AGREE: dict[str, Agreement] = {
    "provider_siret": _same,
    "start_date": _same,
    "end_date": _same,
    "cost_eur": _same_amount,
    "hours": _same_amount,
}


def extract_quote(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a training quote; with the form's claims, the declared training found first."""
    lines = document_lines(document)
    blind = _blind(lines)
    if claims is None:
        return blind
    return reconcile(blind, _claimed(lines, claims), AGREE)
