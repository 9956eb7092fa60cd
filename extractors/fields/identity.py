r"""Identity documents: id_card, passport, residence_permit (CONTRACT.md §6).

Printed fields are read under (or after) their bilingual labels; the MRZ is
located and repaired by ``extractors.mrz``.

* Document number and dates: when the MRZ is valid (every check digit
  holds) its values are preferred — they are protected by check digits, the
  printed ones are not. When it is invalid, printed values win and only MRZ
  values whose own check digit holds fill the gaps.
* Names: printed names are preferred *as read* (accents, hyphens,
  apostrophes, and never truncated, which the MRZ transliteration loses or
  may do), so that the MRZ rule can compare the two; MRZ names fill the gap
  when no printed name was read (with a lower confidence when the MRZ is
  invalid or its name field looks truncated).

``mrz`` is the repaired lines joined by ``\n``, the OCR text in ``raw``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_dates_amounts import find_date
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.dates import parse_date
from extractors.fields.labels import Label, vocabulary_labels
from extractors.fields.names import parse_name
from extractors.fields.pairing import labelled_value, put
from extractors.fields.parsed import Parser, parse_code
from extractors.fields.persons import agree_first_names, agree_last_name, is_mrz_line, person_names
from extractors.fields.text import Line, document_lines, fold_words
from extractors.mrz import MrzReading, read_mrz
from models.claims import Claims
from models.document import Document, Extracted
from models.mrz import Mrz

FAMILY = "identity"
LAST_NAME = vocabulary_labels(FAMILY, "last_name")
FIRST_NAMES = vocabulary_labels(FAMILY, "first_names")
BIRTH_DATE = vocabulary_labels(FAMILY, "birth_date")
DOCUMENT_NUMBER = vocabulary_labels(FAMILY, "document_number")
EXPIRY_DATE = vocabulary_labels(FAMILY, "expiry_date")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
ALL_LABELS: tuple[Label, ...] = (
    LAST_NAME + FIRST_NAMES + BIRTH_DATE + DOCUMENT_NUMBER + EXPIRY_DATE + OTHER_LABELS
)


ENGLISH_LABELS = (
    "surname",
    "given names",
    "given name",
    "date of birth",
    "document no",
    "expiry date",
    "date of expiry",
    "passport no",
    "valid until",
    "nationality",
    "sex",
    "place of birth",
    "date of issue",
    "authority",
    "alternate name",
    "type",
    "country code",
    "no",
)


def english_label(text: str) -> bool:
    """True when ``text`` is (an OCR'd form of) the English half of a bilingual label.

    ``Prenoms Gisen names``: the French label matched, ``Gisen names`` is
    not the value (which sits on the line below).
    """
    folded = fold_words(text).strip(" /;:|_-.,$")
    folded = folded.replace("$", "s")
    if not folded:
        return True
    for english in ENGLISH_LABELS:
        if folded == english:
            return True
        if len(english) >= 5 and fuzz.ratio(folded, english) >= 70:
            return True
    return False


def _from_mrz(reading: MrzReading, value: str, raw: str, name: str, factor: float = 1.0) -> Extracted:
    return Extracted(
        value=value,
        raw=raw,
        page=reading.page,
        bbox=reading.bbox,
        confidence=round(reading.confidence * factor, 4),
        extractor=f"mrz:{name}",
    )


def _name_lines(mrz: Mrz) -> tuple[str, str]:
    """The MRZ lines holding the surname and the given names."""
    if mrz.format == "TD1":
        return mrz.lines[2], mrz.lines[2]
    if mrz.format in ("TD3", "TD2", "MRV_A", "MRV_B"):  # names on line 1
        return mrz.lines[0], mrz.lines[0]
    return mrz.lines[0], mrz.lines[1]


def _names_truncated(mrz: Mrz) -> bool:
    """True when the MRZ name field is full to the last character (names may be cut)."""
    if mrz.format == "TD1":
        return not mrz.lines[2].endswith("<")
    if mrz.format in ("TD3", "TD2", "MRV_A", "MRV_B"):  # names on line 1
        return not mrz.lines[0].endswith("<")
    return not mrz.lines[1][13:27].endswith("<") or not mrz.lines[0][5:30].endswith("<")


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    """The declared names and birth date where the card prints them (MRZ lines left to the MRZ)."""
    fields: dict[str, Extracted] = {}
    last, first = person_names(lines, claims, LAST_NAME)
    put(fields, "last_name", last)
    put(fields, "first_names", first)
    if claims.birth_date is not None:
        places = [f for f in find_date(lines, claims.birth_date) if not is_mrz_line(lines[f.line])]
        if places:
            fields["birth_date"] = claim_extracted(lines, places[0], "birth_date")
    return fields


def _same_date(labelled: Extracted, found: Extracted) -> bool:
    return str(labelled.value) == str(found.value)


AGREE: dict[str, Agreement] = {
    "last_name": agree_last_name,
    "first_names": agree_first_names,
    "birth_date": _same_date,
}


def extract_identity(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of an identity card, passport or residence permit.

    With the form's claims, the declared names and birth date are looked for
    on the card first; a value printed next to its label that contradicts
    them is kept (the rules then see the difference).
    """
    lines = document_lines(document)

    def printed_value(labs: tuple[Label, ...], parse: Parser, name: str) -> Extracted | None:
        return labelled_value(lines, labs, parse, name=name, stop=ALL_LABELS, noise=english_label)

    printed: dict[str, Extracted | None] = {
        "last_name": printed_value(LAST_NAME, parse_name, "last_name"),
        "first_names": printed_value(FIRST_NAMES, parse_name, "first_names"),
        "birth_date": printed_value(BIRTH_DATE, parse_date, "birth_date"),
        "document_number": printed_value(
            DOCUMENT_NUMBER, lambda t: parse_code(t, min_len=6, max_len=14), "document_number"
        ),
        "expiry_date": printed_value(EXPIRY_DATE, parse_date, "expiry_date"),
    }
    if claims is not None:
        known = {name: value for name, value in printed.items() if value is not None}
        merged = reconcile(known, _claimed(lines, claims), AGREE)
        printed = {name: merged.get(name) for name in printed}
    fields: dict[str, Extracted] = {}
    reading = read_mrz(document)
    mrz = reading.mrz if reading is not None else None
    if reading is not None:
        fields["mrz"] = Extracted(
            value=reading.text,
            raw=reading.raw,
            page=reading.page,
            bbox=reading.bbox,
            confidence=reading.confidence,
            extractor="mrz",
        )
    from_mrz: dict[str, Extracted] = {}
    if reading is not None and mrz is not None:
        factor = 1.0 if mrz.valid else 0.6
        number_ok = mrz.valid or mrz.checks.get("document_number", False)
        if number_ok and mrz.document_number:
            from_mrz["document_number"] = _from_mrz(
                reading, mrz.document_number, mrz.document_number, "document_number", factor
            )
        if mrz.birth_date is not None and (mrz.valid or mrz.checks.get("birth_date", False)):
            from_mrz["birth_date"] = _from_mrz(
                reading, mrz.birth_date.isoformat(), mrz.birth_date.strftime("%y%m%d"), "birth_date", factor
            )
        if mrz.expiry_date is not None and (mrz.valid or mrz.checks.get("expiry_date", False)):
            from_mrz["expiry_date"] = _from_mrz(
                reading,
                mrz.expiry_date.isoformat(),
                mrz.expiry_date.strftime("%y%m%d"),
                "expiry_date",
                factor,
            )
        truncated = _names_truncated(mrz)
        names_factor = factor * (0.8 if truncated else 1.0)
        surname_line, given_line = _name_lines(mrz)
        if mrz.surname:
            from_mrz["last_name"] = _from_mrz(reading, mrz.surname, surname_line, "last_name", names_factor)
        if mrz.given_names:
            from_mrz["first_names"] = _from_mrz(
                reading, " ".join(mrz.given_names), given_line, "first_names", names_factor
            )
    for name, value in printed.items():
        mrz_value = from_mrz.get(name)
        checked = name not in ("last_name", "first_names")
        if checked and mrz_value is not None and mrz is not None and mrz.valid:
            put(fields, name, mrz_value)
        elif value is not None:
            put(fields, name, value)
        elif mrz_value is not None:
            put(fields, name, mrz_value)
    return fields
