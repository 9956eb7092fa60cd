"""Tax notices."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.tax import extract_tax
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document


def notice(
    name: str = "Déclarant 1 : DUPONT-MARTIN ÉLODIE",
    number: str = "Numéro fiscal : 1234567890123",
    title: str = "AVIS D'IMPÔT 2026 SUR LES REVENUS DE L'ANNÉE 2025",
):  # type: ignore[no-untyped-def]
    return make_document(
        [
            "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES",
            title,
            name,
            number,
            "Référence de l'avis : 2613A12345678",
            "Nombre de parts : 1,00",
            "Revenu fiscal de référence : 23 456 €",
        ]
    )


def test_notice() -> None:
    fields = extract_fields(notice(), DocType.TAX_NOTICE)
    assert {k: v.value for k, v in fields.items()} == {
        "last_name": "DUPONT-MARTIN",
        "fiscal_number": "1234567890123",
        "tax_reference": "2613A12345678",
        "reference_income": 23456.0,
        "tax_year": 2025,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Nom : DUPONT-MARTIN", "DUPONT-MARTIN"),
        ("Nom : DE LA FONTAINE", "DE LA FONTAINE"),  # as read
        ("Déclarant 1 : DUPONT-MARTIN Élodie Marie", "DUPONT-MARTIN"),  # the upper-case words
        ("Déclarant 1 : DUPONT-MARTIN ÉLODIE", "DUPONT-MARTIN"),  # all upper case: first word
        ("Déclarant 1 : DE LA FONTAINE JEAN", "DE LA FONTAINE"),  # ... with its particles
    ],
)
def test_name_labels(name: str, value: str) -> None:
    assert extract_tax(notice(name=name))["last_name"].value == value


def test_all_upper_case_declarant_split_costs_confidence() -> None:
    mixed = extract_tax(notice(name="Déclarant 1 : DUPONT-MARTIN Élodie"))["last_name"]
    upper = extract_tax(notice(name="Déclarant 1 : DUPONT-MARTIN ÉLODIE"))["last_name"]
    assert upper.confidence < mixed.confidence


@pytest.mark.parametrize(
    "number",
    [
        "Numéro fiscal : 12 34 567 890 123",
        "N° fiscal : 1234567890123",
        "Numero fiscal : 12345678901 23",
        "Numéro fiscal : 123456789O123",
    ],
)
def test_fiscal_number_variants(number: str) -> None:
    assert extract_tax(notice(number=number))["fiscal_number"].value == "1234567890123"


@pytest.mark.parametrize(
    ("title", "year", "extractor_conf"),
    [
        ("AVIS D'IMPÔT 2026 SUR LES REVENUS DE L'ANNÉE 2025", 2025, 0.95),
        ("Avis d'impot 2026 sur les revenus de l'annee 2025", 2025, 0.95),
        ("IMPÔT SUR LE REVENU - revenus 2025", 2025, 0.95),
        ("AVIS D'IMPÔT 2026", 2025, 0.76),  # only the notice year: income year is the year before
    ],
)
def test_tax_year(title: str, year: int, extractor_conf: float) -> None:
    found = extract_tax(notice(title=title))["tax_year"]
    assert found.value == year
    assert found.confidence == pytest.approx(extractor_conf)


def test_missing_fields_are_absent() -> None:
    assert extract_tax(make_document(["DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES"])) == {}
