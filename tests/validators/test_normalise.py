from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from validators.normalise import compact
from validators.normalise_amounts import format_amount_fr, parse_amount_fr
from validators.normalise_dates import add_months, format_date_fr, parse_date_fr
from validators.normalise_names import (
    first_name_matches,
    fold_name,
    fold_name_variants,
    holder_matches,
    last_name_matches,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("DUPONT-MARTIN", "dupont martin"),
        ("Dupont - Martin", "dupont martin"),
        ("Élodie  Marie", "elodie marie"),
        ("D'ARTAGNAN", "d artagnan"),
        ("D’Artagnan", "d artagnan"),
        ("N'DIAYE", "n diaye"),
        ("M. DUPONT", "dupont"),
        ("Mme DUPONT", "dupont"),
        ("MADAME dupont élodie", "dupont elodie"),
        ("Monsieur Jean DUPONT", "jean dupont"),
        ("Mlle Zoé", "zoe"),
        ("M. OU MME DUPONT-MARTIN ELODIE", "dupont martin elodie"),
        ("M ET MME DURAND", "durand"),
        ("Œdipe Lætitia", "oedipe laetitia"),
        ("Straße Ørsted Łukasz", "strasse orsted lukasz"),
        ("DUPONT<MARTIN", "dupont martin"),
        ("  \u00a0Müller\u202fGarcía ", "muller garcia"),
        ("M.", "m"),  # a civility alone is not stripped to nothing
        ("", ""),
    ],
)
def test_fold_name(raw: str, folded: str) -> None:
    assert fold_name(raw) == folded


def test_fold_name_variants_add_icao_transliteration() -> None:
    assert fold_name_variants("Müller") == {"muller", "mueller"}
    assert fold_name_variants("N'Diaye") == {"n diaye", "ndiaye"}
    assert fold_name_variants(None) == set()


@pytest.mark.parametrize(
    ("form", "document", "expected"),
    [
        ("DUPONT-MARTIN", "DUPONT-MARTIN", True),
        ("Dupont-Martin", "DUPONT MARTIN", True),
        ("DUPONT-MARTIN", "DUPONT", True),  # birth name on the document
        ("DUPONT-MARTIN", "MARTIN", True),  # married name on the document
        ("DUPONT", "DUPONT-MARTIN", True),  # the other way round
        ("Lefèvre", "LEFEVRE", True),
        ("N'Diaye", "NDIAYE", False),  # an apostrophe is a space, not nothing
        ("DUPONT", "DUPONTEL", False),  # not a whole word
        ("DUPONT", "DUPOND", False),  # strict: one letter is another person
        ("DE LA FONTAINE", "LA FONTAINE", True),
        ("DE LA FONTAINE", "DE", False),  # a particle alone is not a part
        ("LE GALL", "LE", False),
        ("LE", "LE", True),  # but equality is equality
        ("DUPONT", "", False),
        ("", "", False),
    ],
)
def test_last_name_matches(form: str, document: str, expected: bool) -> None:
    assert last_name_matches(form, document) is expected


@pytest.mark.parametrize(
    ("form", "document", "expected"),
    [
        (["Élodie", "Marie"], "ELODIE MARIE", True),
        (["Élodie", "Marie"], "Marie Élodie", True),  # among, not necessarily first
        (["Marie"], "ELODIE, MARIE", True),
        (["Jean-Pierre"], "JEAN-PIERRE PAUL", True),
        (["Jean-Pierre"], "JEAN PIERRE PAUL", True),  # hyphen not read
        (["Jean Pierre"], "JEAN-PIERRE", True),
        (["Pierre"], "JEAN-PIERRE PAUL", False),  # part of a compound name
        (["Élodie"], "ELODY MARIE", False),
        (["Marie"], "MARIE-CLAIRE", False),
        ([], "ELODIE", False),
        (["Élodie"], "", False),
    ],
)
def test_first_name_matches(form: list[str], document: str, expected: bool) -> None:
    assert first_name_matches(form, document) is expected


@pytest.mark.parametrize(
    ("form", "holder", "expected"),
    [
        ("DUPONT-MARTIN", "M. OU MME DUPONT-MARTIN ELODIE", True),
        ("Dupont-Martin", "MME DUPONT MARTIN ÉLODIE", True),
        ("DUPONT", "M DUPONT JEAN ET MME DURAND ANNE", True),
        ("DUPONT", "DUPONTEL JEAN", False),
        ("DUPONT-MARTIN", "MME DUPONT ELODIE", False),  # the form's whole last name must be there
        ("DUPONT", "", False),
    ],
)
def test_holder_matches(form: str, holder: str, expected: bool) -> None:
    assert holder_matches(form, holder) is expected


def test_ocr_tolerance_is_off_by_default_and_bounded_when_on() -> None:
    assert not last_name_matches("BERTHELOT", "BERTHEL0T")
    assert last_name_matches("BERTHELOT", "BERTHELAT", max_edits=1, min_length=8)
    # digits are never "almost letters"
    assert not last_name_matches("BERTHELOT", "BERTHEL0T", max_edits=1, min_length=8)
    # short words stay strict
    assert not last_name_matches("DUPONT", "DUPOND", max_edits=1, min_length=8)
    # one edit for the whole name, not one per word
    assert not holder_matches("BERTHELOT LAMBERTIN", "BERTHELAT LAMBERTON", max_edits=1, min_length=8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/2026", date(2026, 3, 12)),
        ("12.03.2026", date(2026, 3, 12)),
        ("12-03-2026", date(2026, 3, 12)),
        ("12 mars 2026", date(2026, 3, 12)),
        ("1er mars 2026", date(2026, 3, 1)),
        ("1ER AOÛT 2026", date(2026, 8, 1)),
        ("3 févr. 2026", date(2026, 2, 3)),
        ("03 FEVRIER 2026", date(2026, 2, 3)),
        ("12 sept. 2026", date(2026, 9, 12)),
        ("25 décembre 2026", date(2026, 12, 25)),
        ("12 03 2026", date(2026, 3, 12)),
        ("2026-03-12", date(2026, 3, 12)),
        ("2/3/2026", date(2026, 3, 2)),
        ("Fait à Marseille, le 12/03/2026", date(2026, 3, 12)),
        ("le\u00a012\u202fmars\u00a02026.", date(2026, 3, 12)),
        ("Du 11/01/2027 au 25/06/2027", None),  # two dates: no guess
        ("31/02/2026", None),
        ("12/13/2026", None),
        ("12/03-2026", None),  # mixed separators
        ("12/03/26", None),  # two-digit years are not guessed
        ("12 mars 1850", None),
        ("12 marseille 2026", None),
        ("", None),
        ("hello", None),
    ],
)
def test_parse_date_fr(text: str, expected: date | None) -> None:
    assert parse_date_fr(text) == expected


def test_parse_date_fr_passes_dates_through() -> None:
    assert parse_date_fr(date(2026, 1, 2)) == date(2026, 1, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 350,00 €", Decimal("4350.00")),
        ("4350.00 EUR", Decimal("4350.00")),
        ("4 350 €", Decimal("4350")),
        ("4.350,00", Decimal("4350.00")),
        ("4\u202f350,00\u00a0€", Decimal("4350.00")),
        ("4\u00a0350,00 euros", Decimal("4350.00")),
        ("4 350,00 € TTC", Decimal("4350.00")),
        ("€ 4350", Decimal("4350")),
        ("4,350.00", Decimal("4350.00")),
        ("1 234 567,89 €", Decimal("1234567.89")),
        ("4350", Decimal("4350")),
        ("12,5", Decimal("12.5")),
        ("4.350", Decimal("4350")),  # French thousands dot
        ("4,350", None),  # ambiguous
        ("4 35 0", None),  # groups of three only
        ("4.350.00", None),
        ("-12", None),
        ("abc", None),
        ("", None),
        ("€", None),
    ],
)
def test_parse_amount_fr(text: str, expected: Decimal | None) -> None:
    assert parse_amount_fr(text) == expected


def test_parse_amount_fr_numbers() -> None:
    assert parse_amount_fr(4350.0) == Decimal("4350.00")
    assert parse_amount_fr(798) == Decimal("798")
    assert parse_amount_fr(float("nan")) is None
    assert parse_amount_fr(True) is None


def test_compact() -> None:
    assert compact(" fr76 3000\u00a06000-0112.3456 ") == "FR763000600001123456"
    assert compact(None) == ""


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 20), -3, date(2026, 8, 20)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2028, 5, 31), -3, date(2028, 2, 29)),
        (date(2026, 1, 31), -3, date(2025, 10, 31)),
        (date(2026, 2, 15), -14, date(2024, 12, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_formatters() -> None:
    assert format_date_fr(date(2026, 5, 2)) == "02/05/2026"
    assert format_date_fr(None) == "?"
    assert format_amount_fr(Decimal("4350")) == "4 350,00 €"
    assert format_amount_fr(Decimal("1234567.5")) == "1 234 567,50 €"
    assert format_amount_fr(None) == "?"
