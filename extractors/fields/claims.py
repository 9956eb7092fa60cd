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

This module holds what a finder returns (``Found``, ``Piece``) and its
``Extracted`` form; the finders are modules of their own, one per kind of
value: identifiers (``claims_codes``), dates, amounts and durations
(``claims_dates_amounts``), names (``claims_names``), free text
(``claims_phrases``); ``claims_reconcile`` merges their findings with the
fields read next to their labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.fields.pairing import union_box
from extractors.fields.text import Line
from models.document import Extracted


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
