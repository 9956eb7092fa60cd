"""The field-reading toolkit: folding, OCR-tolerant labels, value parsers, layout-aware pairing."""

from __future__ import annotations

import re

import pytest

from extractors.fields.amounts import parse_amount, parse_hours
from extractors.fields.dates import date_hits, find_dates, parse_date
from extractors.fields.labels import label, labels, ocr_pattern
from extractors.fields.names import parse_name, split_full_name
from extractors.fields.pairing import labelled_value
from extractors.fields.parsed import parse_digits
from extractors.fields.text import document_lines, fold
from tests.extractors.wordlayout import make_document


def test_fold_keeps_length_and_removes_case_and_accents() -> None:
    text = "RELEVÉ D’IDENTITÉ  Bancaire – Né(e) à Orléans\u00a0: Œuvre"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "releve d'identite  bancaire - ne(e) a orleans : ouvre"


@pytest.mark.parametrize(
    "line",
    [
        "Titulaire du compte : X",
        "TITULAIRE DU COMPTE: X",
        "Titu1aire du c0mpte X",  # 1 for l, 0 for o
        "Titulaire du cornpte : X",  # rn for m
        "Titu laire du compte : X",  # a word split in two
        "Titulairedu compte X",  # a lost space
    ],
)
def test_ocr_pattern_tolerates_usual_noise(line: str) -> None:
    assert re.search(ocr_pattern("titulaire du compte"), fold(line))


def test_ocr_pattern_respects_word_boundaries() -> None:
    nom = re.compile(ocr_pattern("nom"))
    assert nom.search("nom : dupont")
    assert not nom.search("prenoms : elodie")
    assert not nom.search("nombre de parts")


def test_fuzzy_label_match_for_long_labels() -> None:
    lines = document_lines(make_document(["Titulaie du cmpte : M. DUPONT"]))
    hit = labelled_value(lines, labels("titulaire du compte"), parse_name, name="holder_name")
    assert hit is not None and hit.value == "M. DUPONT"
    assert hit.confidence < 0.9  # a fuzzy label costs confidence


def test_long_label_does_not_fuzzily_swallow_a_shorter_one() -> None:
    lines = document_lines(make_document(["Identifiant : 4821937K"]))
    labs = labels("identifiant france travail", "identifiant")
    found = labelled_value(lines, labs, lambda t: parse_digits(t, 7), name="id")
    assert found is not None and found.confidence == pytest.approx(0.95)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12/03/2026", "2026-03-12"),
        ("12.03.2026", "2026-03-12"),
        ("12-03-2026", "2026-03-12"),
        ("12 03 2026", "2026-03-12"),
        ("le 2/3/2026", "2026-03-02"),
        ("12 mars 2026", "2026-03-12"),
        ("12 MARS 2026", "2026-03-12"),
        ("1er février 2026", "2026-02-01"),
        ("1 fevrier 2026", "2026-02-01"),
        ("15 août 2026", "2026-08-15"),
        ("15 aout 2026", "2026-08-15"),
        ("3 déc. 2026", "2026-12-03"),
        ("25 décembre 2026", "2026-12-25"),
        ("2026-03-12", "2026-03-12"),
        ("12/O3/2026", "2026-03-12"),  # O for 0
        ("l2/03/2O26", "2026-03-12"),  # l for 1
        ("12 / 03 / 2026", "2026-03-12"),  # extra spaces
        ("12 fevrler 2026", "2026-02-12"),  # OCR'd month name
        ("Fait à Marseille, le 10 novembre 2026.", "2026-11-10"),
        ("0711/2026", "2026-11-07"),  # a separator lost by the OCR
        ("07/112026", "2026-11-07"),
    ],
)
def test_dates_in_every_french_format(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == iso


@pytest.mark.parametrize(
    "text",
    ["31/02/2026", "12/13/2026", "31.02.26", "04.91.23.45.67", "rue du 8 mai 1945", "2026", "12 truc 2026"],
)
def test_not_dates(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or text == "rue du 8 mai 1945" and parsed.value == "1945-05-08"


@pytest.mark.parametrize(
    ("text", "iso", "short"),
    [
        ("Facture du 06.03.26", "2026-03-06", True),
        ("né le 12/04/65", "1965-04-12", True),
        ("Invoice date: March 6, 2026", "2026-03-06", False),
        ("Rechnungsdatum 6. März 2026", "2026-03-06", False),
        ("12 MARS/MAR 2026", "2026-03-12", False),
        ("émis le 2026/03/06", "2026-03-06", False),
        ("le 6/3/2026", "2026-03-06", False),
    ],
)
def test_dates_in_other_formats(text: str, iso: str, short: bool) -> None:
    hits = date_hits(text)
    assert [(h.value.isoformat(), h.short_year) for h in hits] == [(iso, short)]


def test_repaired_dates_cost_confidence() -> None:
    clean, noisy = parse_date("12/03/2026"), parse_date("12/O3/2026")
    assert clean is not None and noisy is not None
    assert clean.penalty == 1.0 and noisy.penalty < 1.0


def test_find_dates_in_a_range() -> None:
    assert [d.value for d in find_dates("Du 11/01/2027 au 25 juin 2027")] == ["2027-01-11", "2027-06-25"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4 350,00 €", 4350.0),
        ("4350.00 EUR", 4350.0),
        ("4 350 €", 4350.0),
        ("4.350,00 €", 4350.0),
        ("4\u202f350,00\u00a0€", 4350.0),
        ("78,4 €", 78.4),
        ("1 234 567,89 euros", 1234567.89),
        ("4 35O,OO €", 4350.0),  # O for 0
        ("(3 sessions) 4 350,00 €", 4350.0),  # an amount with a currency wins
        ("23 456", 23456.0),
    ],
)
def test_amounts(text: str, value: float) -> None:
    parsed = parse_amount(text)
    assert parsed is not None and parsed.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("798 heures", 798),
        ("798 h", 798),
        ("798h", 798),
        ("798 H", 798),
        ("35,5 heures", 35.5),
        ("1 200 heures", 1200),
        ("79B heures", 798),
    ],
)
def test_hours(text: str, value: float) -> None:
    parsed = parse_hours(text)
    assert parsed is not None and parsed.value == value


def test_no_hours_in_plain_numbers() -> None:
    assert parse_hours("798 euros") is None
    assert parse_hours("6 mois") is None


def test_digits_grouped_and_repaired_at_most_twice() -> None:
    assert parse_digits("732 829 320 00074", 14).value == "73282932000074"  # type: ignore[union-attr]
    assert parse_digits("7328293200OO74", 14).value == "73282932000074"  # type: ignore[union-attr]
    assert parse_digits("73B82932OOOO74", 14) is None  # 5 look-alikes: not a repair any more
    assert parse_digits("7328293200007", 14) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DUPONT-MARTIN", "DUPONT-MARTIN"),
        ("Élodie, Marie", "Élodie Marie"),
        ("DUP0NT", "DUPONT"),
        ("  M. DUPONT   ELODIE ", "M. DUPONT ELODIE"),
        ("D'ARTAGNAN", "D'ARTAGNAN"),
    ],
)
def test_names(text: str, value: str) -> None:
    parsed = parse_name(text)
    assert parsed is not None and parsed.value == value


@pytest.mark.parametrize("text", ["n° 123456", "12/03/2026", "-", "", "4821937K"])
def test_not_names(text: str) -> None:
    assert parse_name(text) is None


def test_value_below_label_in_its_column() -> None:
    document = make_document(
        [
            [
                (0.1, "Sexe / Sex"),
                (0.3, "Nationalité / Nationality"),
                (0.6, "Date de naiss. / Date of birth"),
            ],
            [(0.1, "F"), (0.3, "FRA"), (0.6, "12 04 1991")],
        ]
    )
    lines = document_lines(document)
    found = labelled_value(lines, labels("date de naiss. / date of birth"), parse_date, name="birth_date")
    assert found is not None and found.value == "1991-04-12"
    assert found.raw == "12 04 1991"
    assert found.bbox is not None and found.bbox[0] == pytest.approx(0.6)
    assert found.page == 1 and found.extractor == "label:birth_date"


def test_value_stops_at_the_next_label_on_the_same_line() -> None:
    lines = document_lines(make_document(["Nom : DUPONT Prénom : Élodie"]))
    nom = label("nom", regex=r"(?<![a-z])nom(?![a-z])")
    found = labelled_value(lines, (nom,), parse_name, name="last_name", stop=labels("prénom"))
    assert found is not None and found.value == "DUPONT"


def test_value_stops_at_a_column_gap() -> None:
    lines = document_lines(make_document(["Titulaire : M. DUPONT      Agence : MARSEILLE"]))
    found = labelled_value(lines, labels("titulaire"), parse_name, name="holder_name")
    assert found is not None and found.value == "M. DUPONT"


def test_confidence_is_mean_word_confidence_times_penalties() -> None:
    document = make_document(["Nom : DUPONT MARTIN"], confs={"DUPONT": 0.8, "MARTIN": 0.6})
    lines = document_lines(document)
    found = labelled_value(lines, labels("nom"), parse_name, name="last_name")
    assert found is not None and found.confidence == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("text", "last", "first", "factor"),
    [
        ("DUPONT-MARTIN Élodie Marie", "DUPONT-MARTIN", "Élodie Marie", 1.0),
        ("DE LA FONTAINE Jean-Pierre", "DE LA FONTAINE", "Jean-Pierre", 1.0),
        ("HAKOBYAN MATHEO", "HAKOBYAN", "MATHEO", 0.8),
        ("EL AMRANI FATIMA-ZAHRA", "EL AMRANI", "FATIMA-ZAHRA", 0.8),
        ("D'ARTAGNAN CHARLES", "D'ARTAGNAN", "CHARLES", 0.8),
        ("DUPONT", "DUPONT", None, 0.8),
        ("dupont élodie", "dupont élodie", None, 0.7),
    ],
)
def test_split_full_name(text: str, last: str, first: str | None, factor: float) -> None:
    assert split_full_name(text) == (last, first, factor)
