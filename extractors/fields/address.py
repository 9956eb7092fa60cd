"""Proof of address: utility bill, rent receipt, home insurance certificate (CONTRACT.md §6).

``holder_name`` after ``Titulaire du contrat`` / ``Client`` / ``Locataire`` /
``Assuré``; ``address_line`` after ``Adresse de consommation`` /
``Adresse du logement`` / ``Lieu de consommation`` (same line or below), then
``postal_code`` and ``city`` from the ``13001 MARSEILLE`` line that follows.
``issuer`` is first the top heading that spells the document's own web or
mail domain (``Octopus Energy`` for ``www.octopusenergy.fr``).
Without an address label, the ``street`` / ``postcode city`` pair nearest
below the holder's name is taken (the window-envelope block). ``issuer`` is a
known supplier, insurer or landlord name read near the top of the first page,
else the ``Bailleur`` / ``Assureur`` label, else the first heading line.

The labels, the postal address and the issuer are modules of their own
(``address_labels``, ``postal_address``, ``address_issuer``); this one puts
them together and finds the form's claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.fields.address_issuer import read_issuer
from extractors.fields.address_labels import ALL_LABELS, DATE_ROLES, HOLDER
from extractors.fields.candidates import date_candidates, pick_date
from extractors.fields.claims import Found, Piece
from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_codes import compact, find_code
from extractors.fields.claims_phrases import find_phrase
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.names import parse_name
from extractors.fields.pairing import (
    labelled_value,
    put,
)
from extractors.fields.persons import addressee_name, agree_holder, find_person, holder_name
from extractors.fields.postal_address import block_address, labelled_address
from extractors.fields.text import Line, document_lines
from models.claims import Claims
from models.document import Document, Extracted


def _blind(lines: Sequence[Line]) -> dict[str, Extracted]:
    """The fields read next to their labels, without the form."""
    fields: dict[str, Extracted] = {}
    holder = labelled_value(lines, HOLDER, parse_name, name="holder_name", stop=ALL_LABELS)
    holder = holder or addressee_name(lines)
    put(fields, "holder_name", holder)
    if not labelled_address(lines, fields):
        holder_line = None
        if holder is not None:
            holder_line = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if line.page == holder.page and holder.raw and holder.raw in line.text
                ),
                None,
            )
        block_address(lines, fields, holder_line, holder.bbox if holder is not None else None)
    put(
        fields,
        "issue_date",
        pick_date(
            lines, date_candidates(lines, DATE_ROLES), "issue", name="issue_date", lone_unlabelled=True
        ),
    )
    put(fields, "issuer", read_issuer(lines))
    return fields


def _claimed_address(lines: Sequence[Line], claims: Claims, fields: dict[str, Extracted]) -> None:
    """The declared postal code where the declared street (or the holder) is printed just above it.

    The postal code alone proves little (the issuer's office may share it);
    printed under the declared street, or in the block of the holder's name,
    it is the holder's address. The street and the city are reported as
    printed.
    """
    if not claims.postal_code:
        return
    holder = find_person(lines, claims.last_name, HOLDER) if claims.last_name else None
    best: tuple[float, Found, Found | None] | None = None
    for code in find_code(lines, claims.postal_code):
        i = code.line
        street = None
        if claims.address_line:
            street = find_phrase(
                lines,
                claims.address_line,
                min_score=85,
                across_lines=False,
                where=lambda j, i=i: i - 2 <= j <= i and lines[j].page == lines[i].page,
            )
        score = 2.0 if street is not None else 0.0
        if (
            holder is not None
            and lines[holder[0].line].page == lines[i].page
            and 0 <= i - holder[0].line <= 5
        ):
            score += 1.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, code, street)
    if best is None:
        return
    _, code, street = best
    # under the declared street, the declared postal code is the holder's: kept against any other reading
    fields["postal_code"] = claim_extracted(lines, code, "postal_code", supported=street is not None)
    line = lines[code.line]
    segment_end = line.segment_end(line.word_at(code.pieces[0].end))
    after = line.text[code.pieces[0].end : max(segment_end, code.pieces[0].end)]
    city = re.match(r"[\s,]*([A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\- ]{1,40}?)(?:\s+cedex\b.*)?\s*$", after)
    if city and sum(c.isalpha() for c in city.group(1)) >= 2:
        a = code.pieces[0].end + city.start(1)
        piece = Found(
            (Piece(code.line, a, a + len(city.group(1).rstrip(" ,-"))),), city.group(1).strip(" ,-")
        )
        fields["city"] = claim_extracted(lines, piece, "city")
    if street is not None:
        fields["address_line"] = claim_extracted(lines, street, "address_line")


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    holder = holder_name(lines, claims, HOLDER, ALL_LABELS)
    put(fields, "holder_name", holder)
    _claimed_address(lines, claims, fields)
    if "postal_code" not in fields and holder is not None and claims.last_name:
        # the declared address is printed nowhere: read the one in the holder's block, as printed
        found = find_person(lines, claims.last_name, HOLDER)
        if found is not None:
            block: dict[str, Extracted] = {}
            block_address(lines, block, found[0].line, holder.bbox)
            fields.update(block)
    return fields


def _same_code(labelled: Extracted, found: Extracted) -> bool | None:
    got = compact(labelled.value)
    if got == compact(found.value):
        return True
    return False if re.fullmatch(r"[0-9]{5}", got) else None


AGREE: dict[str, Agreement] = {"holder_name": agree_holder, "postal_code": _same_code}


def extract_address(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a proof of address; with the form's claims, the applicant's name and address found first."""
    lines = document_lines(document)
    blind = _blind(lines)
    if claims is None:
        return blind
    return reconcile(blind, _claimed(lines, claims), AGREE)
