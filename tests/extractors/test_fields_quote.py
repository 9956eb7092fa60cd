"""Training quotes and enrolment certificates."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.quote import extract_quote
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document

TITLE = "Titre professionnel Développeur web et web mobile"
EXPECTED = {
    "provider_name": "Formasud Conseil",
    "provider_siret": "73282932000074",
    "training_title": TITLE,
    "start_date": "2027-01-11",
    "end_date": "2027-06-25",
    "hours": 798,
    "cost_eur": 4350.0,
    "issue_date": "2026-10-15",
}


def quote(
    title: str = "DEVIS",
    siret: str = "SIRET : 732 829 320 00074",
    training: str = f"Intitulé de la formation : {TITLE}",
    dates: tuple[str, ...] = ("Du 11/01/2027 au 25/06/2027",),
    hours: str = "Durée : 798 heures",
    cost: str = "Coût total : 4 350,00 €",
    issue: str = "Date du devis : 15/10/2026",
):  # type: ignore[no-untyped-def]
    return make_document(
        [
            "Formasud Conseil",
            "12 boulevard Longchamp - 13001 Marseille",
            title,
            siret,
            "N° de déclaration d'activité : 93 13 12345 13",
            "Stagiaire : Mme DUPONT-MARTIN Élodie",
            training,
            *dates,
            hours,
            "Total HT : 4 350,00 €",
            cost,
            issue,
        ]
    )


@pytest.mark.parametrize("title", ["DEVIS", "Devis de formation", "Attestation d'inscription en formation"])
def test_titles(title: str) -> None:
    fields = extract_fields(quote(title), DocType.TRAINING_QUOTE)
    assert {k: v.value for k, v in fields.items()} == EXPECTED


@pytest.mark.parametrize(
    "siret",
    [
        "SIRET : 732 829 320 00074",
        "N° SIRET : 73282932000074",
        "SIRET: 732829320 00074",
        "N° SIRET : 732 829 32O 00074",
    ],
)
def test_siret_variants(siret: str) -> None:
    assert extract_quote(quote(siret=siret))["provider_siret"].value == "73282932000074"


@pytest.mark.parametrize("training", [f"Intitulé de la formation : {TITLE}", f"Formation : {TITLE}"])
def test_title_variants(training: str) -> None:
    assert extract_quote(quote(training=training))["training_title"].value == TITLE


@pytest.mark.parametrize(
    "dates",
    [
        ("Du 11/01/2027 au 25/06/2027",),
        ("Date de début : 11/01/2027", "Date de fin : 25/06/2027"),
        ("Dates : du 11 janvier 2027 au 25 juin 2027",),
        ("Session du 11.01.2027 au 25.06.2027",),
    ],
)
def test_date_variants(dates: tuple[str, ...]) -> None:
    fields = extract_quote(quote(dates=dates))
    assert (fields["start_date"].value, fields["end_date"].value) == ("2027-01-11", "2027-06-25")


@pytest.mark.parametrize(
    "hours",
    [
        "Durée : 798 heures",
        "Volume horaire : 798 h",
        "Durée : 798h",
        "Volume horaire : 798 heures en centre",
        "Duree : 79B heures",
    ],
)
def test_hours_variants(hours: str) -> None:
    assert extract_quote(quote(hours=hours))["hours"].value == 798


@pytest.mark.parametrize(
    "cost",
    [
        "Coût total : 4 350,00 €",
        "Total TTC : 4350.00 EUR",
        "Montant total : 4 350 €",
        "Cout total : 4 35O,00 €",
        "Coût total TTC : 4 350,00 €",
    ],
)
def test_cost_variants(cost: str) -> None:
    assert extract_quote(quote(cost=cost))["cost_eur"].value == 4350.0


def test_cost_prefers_tax_inclusive_total() -> None:
    document = quote(cost="Coût total HT : 3 625,00 €   Coût total TTC : 4 350,00 €")
    assert extract_quote(document)["cost_eur"].value == 4350.0


@pytest.mark.parametrize(
    "issue",
    [
        "Date du devis : 15/10/2026",
        "Fait le 15 octobre 2026",
        "Fait à Marseille, le 15.10.2026",
        "Devis n° 2026-145 du 15/10/2026",
    ],
)
def test_issue_date_variants(issue: str) -> None:
    assert extract_quote(quote(issue=issue))["issue_date"].value == "2026-10-15"


def test_provider_name_from_label() -> None:
    document = make_document(
        ["DEVIS", "Organisme de formation : AFPA Marseille", "SIRET : 732 829 320 00074"]
    )
    assert extract_quote(document)["provider_name"].value == "AFPA Marseille"


def test_invalid_siret_is_returned_as_read() -> None:
    fields = extract_quote(quote(siret="SIRET : 732 829 320 00075"))
    assert fields["provider_siret"].value == "73282932000075"  # the SIRET rule judges it


def test_too_noisy_siret_is_absent() -> None:
    assert "provider_siret" not in extract_quote(quote(siret="SIRET : 7S2 B29 32O OOO74"))


def test_missing_fields_are_absent() -> None:
    fields = extract_quote(make_document(["DEVIS"]))
    assert fields == {}


@pytest.mark.parametrize("seed", [1, 2])
def test_declared_hours_on_the_total_row_of_a_modules_table(seed: int) -> None:
    """Held-out ``devis_modules``: hours per module in a column headed « Heures », the total on its
    row, and a weekly duration in a sentence: the declared total is found on the total row (only
    there: a module's own hours in the column are not the training's)."""
    from extractors.fields import extract_fields
    from extractors.read import read_document
    from models.claims import Claims
    from sample_docs.generator import render_sample_document

    data, truth = render_sample_document(
        "training_quote", seed, source="digital_pdf", split="held_out", layout="devis_modules"
    )
    document = read_document(data, "devis.pdf")
    total = truth["fields"]["hours"]
    fields = extract_fields(document, DocType.TRAINING_QUOTE, claims=Claims(hours=total))
    assert fields["hours"].value == total
