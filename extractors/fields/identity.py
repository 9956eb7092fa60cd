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

from rapidfuzz import fuzz

from extractors.fields._common import (
    NOM,
    Label,
    Parser,
    document_lines,
    fold_words,
    label,
    labelled_value,
    labels,
    parse_code,
    parse_date,
    parse_name,
    put,
)
from extractors.mrz import MrzReading, read_mrz
from models.document import Document, Extracted
from models.mrz import Mrz

LAST_NAME = labels(
    "nom / surname",
    "nom de naissance",
    "nom de famille",
    NOM,
    "surname",
)
FIRST_NAMES = labels(
    "prénoms / given names",
    "prénom(s) / given name(s)",
    "prénom(s)",
    "prénoms",
    "prénom",
    "given names",
)
BIRTH_DATE = labels(
    "date de naiss. / date of birth",
    "date de naissance / date of birth",
    "date de naissance",
    "date de naiss.",
    label("né(e) le", regex=r"(?<![a-z])ne[^\sa-z]?[a-z]?\(?e?\)?\s*le(?![a-z])"),
    "née le",
    "né le",
    "date of birth",
)
DOCUMENT_NUMBER = labels(
    "n° du document / document no",
    "n° du document",
    "passeport n° / passport no",
    "passeport n°",
    "passport no",
    "carte nationale d'identité n°",
    "numéro du document",
    "document no",
    label("n° / no", regex=r"(?<![a-z0-9])n\s?[°o0*9]?\s*[/;:|_]?\s*n\s?[o0°](?![a-z])"),
    "n° de la carte",
    "card no",
)
EXPIRY_DATE = labels(
    "date d'expir. / expiry date",
    "date d'expiration / date of expiry",
    "date d'expiration",
    "date d'expir.",
    "carte valable jusqu'au",
    "valable jusqu'au / valid until",
    "valable jusqu'au",
    "expiry date",
    "date of expiry",
    "valid until",
)
OTHER_LABELS = labels(
    "sexe",
    "sex",
    "nationalité",
    "nationality",
    "lieu de naissance",
    "place of birth",
    "taille",
    "height",
    "type",
    "code",
    "autorité",
    "authority",
    "date de délivrance",
    "date of issue",
    "signature",
    "nom d'usage",
    "adresse",
)
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


def extract_identity(document: Document) -> dict[str, Extracted]:
    """Fields of an identity card, passport or residence permit."""
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
