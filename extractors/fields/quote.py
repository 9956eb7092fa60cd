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

from extractors.fields.amounts import parse_amount, parse_hours
from extractors.fields.dates import find_dates, parse_date
from extractors.fields.labels import label, labels
from extractors.fields.pairing import Span, labelled_value, parse_text, put, scan, to_extracted
from extractors.fields.parsed import Parsed, parse_digits
from extractors.fields.text import Line, document_lines, fold
from models.document import Document, Extracted

PROVIDER = labels(
    *(
        label(phrase, strict=True)
        for phrase in ("organisme de formation", "raison sociale", "organisme", "prestataire")
    )
)
SIRET = labels("n° siret", "numéro siret", "siret")
TITLE = labels(
    "intitulé de la formation",
    "intitulé de l'action",
    "titre de la formation",
    "intitulé",
    label("formation :", regex=r"^\s*(?:action\s+de\s+)?formation\s*:"),
    "libellé de la formation",
    "action de formation",
)
START = labels("date de début", "début de la formation", "date de démarrage", "début :")
END = labels("date de fin", "fin de la formation", label("fin :", regex=r"(?<![a-z])fin\s*:"))
HOURS = labels("volume horaire", "durée totale", "durée de la formation", "nombre d'heures", "durée")
COST = labels(
    "coût total",
    "total ttc",
    "montant total",
    "net à payer",
    "coût de la formation",
    "montant ttc",
    "prix total",
    "coût pédagogique",
    "total net",
    label("total :", regex=r"(?<![a-z])total\s*:"),
)
ISSUE_DATE = labels(
    "date du devis",
    "devis du",
    "date d'émission",
    label("devis n° … du", regex=r"(?<![a-z])devis\s*n\s?[°o]?\s*:?\s*\S+\s+du(?![a-z])"),
    label("fait à … le", regex=r"(?<![a-z0-9])fait\s*(?:a|à)\s+[^,]{1,40}?,?\s+le(?![a-z])"),
    "fait le",
    "établi le",
    "émis le",
    label("date :", regex=r"(?<![a-z0-9])date\s*:"),
)
OTHER_LABELS = labels(
    "stagiaire",
    "bénéficiaire",
    "nom",
    "adresse",
    "n° de déclaration d'activité",
    "nda",
    "tva",
    "code ape",
    "lieu",
    "modalités",
    "financement",
    "total ht",
)
ALL_LABELS = PROVIDER + SIRET + TITLE + START + END + HOURS + COST + ISSUE_DATE + OTHER_LABELS

_TITLE_LINE = re.compile(
    r"^\s*(devis|attestation|facture|proposition|convention|page|date|siret|n°|tel|tél|mail|www|http)"
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
        if sum(c.isdigit() for c in text) > 3 or re.search(r"\b\d{5}\b", text):
            continue
        parsed = parse_text(text)
        if parsed is not None and last - first < 8:
            span = Span(i, 0, end, text, "scan")
            return to_extracted(lines, span, parsed, score=0.8, extractor="heading:provider_name")
    return None


def extract_quote(document: Document) -> dict[str, Extracted]:
    """Fields of a training quote or enrolment certificate."""
    lines = document_lines(document)
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
        labelled_value(lines, COST, parse_amount, name="cost_eur", stop=(), reject=_excl_tax),
    )
    put(fields, "issue_date", labelled_value(lines, ISSUE_DATE, parse_date, name="issue_date", stop=()))
    return fields
