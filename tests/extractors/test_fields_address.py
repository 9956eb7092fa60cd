"""Proof of address: bills, rent receipts, home insurance certificates."""

from __future__ import annotations

import itertools

import pytest

from extractors.fields import extract_fields
from extractors.fields.address import extract_address
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document

ISSUERS = [
    "EDF",
    "ENGIE",
    "TotalEnergies",
    "Orange",
    "SFR",
    "Free",
    "Eau de Marseille Métropole",
    "SOCIÉTÉ DES EAUX DE PROVENCE",
]
TITLES = ["Facture", "Quittance de loyer", "Attestation d'assurance habitation"]
HOLDERS = ["Titulaire du contrat :", "Client :", "Locataire :", "Assuré :"]
ADDRESSES = ["Adresse de consommation :", "Adresse du logement :", "Lieu de consommation :"]
DATES = [
    ("Date de facture :", "02/05/2026"),
    ("Facture du", "02.05.2026"),
    ("Date d'émission :", "2 mai 2026"),
    ("Fait le", "02/05/2026"),
]


def bill(
    issuer: str = "EDF",
    title: str = "Facture",
    holder: str = "Titulaire du contrat :",
    address: str = "Adresse de consommation :",
    date_label: str = "Date de facture :",
    date_value: str = "02/05/2026",
    *,
    below: bool = False,
):  # type: ignore[no-untyped-def]
    address_lines = (
        [address, "12 rue de la République", "13001 MARSEILLE"]
        if below
        else [f"{address} 12 rue de la République", "13001 MARSEILLE"]
    )
    return make_document(
        [
            issuer,
            "Service client - TSA 20021 - 75901 PARIS CEDEX 15",
            title,
            f"{date_label} {date_value}",
            "N° client : 1234567890",
            f"{holder} M. DUPONT-MARTIN ELODIE",
            *address_lines,
            "Montant TTC : 78,40 €",
        ]
    )


EXPECTED = {
    "holder_name": "M. DUPONT-MARTIN ELODIE",
    "address_line": "12 rue de la République",
    "postal_code": "13001",
    "city": "MARSEILLE",
    "issue_date": "2026-05-02",
}


@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("address", ADDRESSES)
def test_holder_and_address_label_variants(holder: str, address: str) -> None:
    fields = extract_fields(bill(holder=holder, address=address), DocType.PROOF_OF_ADDRESS)
    got = {k: v.value for k, v in fields.items()}
    assert got == {**EXPECTED, "issuer": "EDF"}


@pytest.mark.parametrize(("date_label", "date_value"), DATES)
def test_issue_date_label_variants(date_label: str, date_value: str) -> None:
    fields = extract_address(bill(date_label=date_label, date_value=date_value))
    assert fields["issue_date"].value == "2026-05-02"


@pytest.mark.parametrize(("issuer", "title"), list(itertools.product(ISSUERS, TITLES))[::3])
def test_issuer_read_at_the_top(issuer: str, title: str) -> None:
    fields = extract_address(bill(issuer=issuer, title=title))
    assert fields["issuer"].value == issuer
    assert fields["issuer"].page == 1


def test_address_on_the_lines_below_its_label() -> None:
    fields = extract_address(bill(below=True))
    assert {k: fields[k].value for k in EXPECTED} == EXPECTED


def test_address_and_postcode_on_one_line() -> None:
    document = make_document(
        [
            "ENGIE",
            "Facture du 02/05/2026",
            "Client : Mme DURAND Sophie",
            "Adresse de consommation : 5 avenue du Prado, 13008 Marseille",
        ]
    )
    fields = extract_address(document)
    assert fields["address_line"].value == "5 avenue du Prado"
    assert fields["postal_code"].value == "13008"
    assert fields["city"].value == "Marseille"


def test_ocr_noise() -> None:
    document = make_document(
        [
            "E D F",
            "Factur e",
            "Date de facure : O2/05/2026",
            "Titu1aire du contrat : M. DUP0NT-MARTIN ELODIE",
            "Adresse de consornmation : 12 rue de la Republique",
            "13O01 MARSEILLE",
        ]
    )
    fields = {k: v.value for k, v in extract_address(document).items()}
    assert fields["holder_name"] == "M. DUPONT-MARTIN ELODIE"
    assert fields["address_line"] == "12 rue de la Republique"
    assert fields["postal_code"] == "13001"
    assert fields["issue_date"] == "2026-05-02"


def test_rent_receipt() -> None:
    document = make_document(
        [
            "QUITTANCE DE LOYER",
            "Bailleur : SCI Les Oliviers",
            "Locataire : Mme DUPONT-MARTIN Élodie",
            "Adresse du logement :",
            "Appartement 12, 45 boulevard National",
            "13003 Marseille",
            "Loyer du mois d'avril 2026 : 650,00 €",
            "Fait à Marseille, le 30 avril 2026",
        ]
    )
    fields = {k: v.value for k, v in extract_address(document).items()}
    assert fields == {
        "holder_name": "Mme DUPONT-MARTIN Élodie",
        "address_line": "Appartement 12, 45 boulevard National",
        "postal_code": "13003",
        "city": "Marseille",
        "issue_date": "2026-04-30",
        "issuer": "SCI Les Oliviers",
    }


def test_home_insurance_certificate() -> None:
    document = make_document(
        [
            "MAIF",
            "ATTESTATION D'ASSURANCE HABITATION",
            "Assuré : M. DUPONT-MARTIN ELODIE",
            "Adresse du logement : 12 rue de la République",
            "13001 MARSEILLE",
            "Fait le 15/04/2026",
        ]
    )
    fields = {k: v.value for k, v in extract_address(document).items()}
    assert fields["issuer"] == "MAIF"
    assert fields["holder_name"] == "M. DUPONT-MARTIN ELODIE"
    assert fields["issue_date"] == "2026-04-15"
    assert fields["postal_code"] == "13001"


def test_window_envelope_block_without_address_label() -> None:
    document = make_document(
        [
            "Orange",
            "Orange SA - 78 rue Olivier de Serres",
            "75015 PARIS",
            "Facture du 02/05/2026",
            (0.55, "Client : M. DUPONT-MARTIN ELODIE"),
            (0.55, "12 RUE DE LA REPUBLIQUE"),
            (0.55, "13001 MARSEILLE"),
            "Votre abonnement Livebox",
        ]
    )
    fields = {k: v.value for k, v in extract_address(document).items()}
    assert fields["address_line"] == "12 RUE DE LA REPUBLIQUE"
    assert fields["postal_code"] == "13001"
    assert fields["city"] == "MARSEILLE"
    assert fields["issuer"] == "Orange"


def test_client_number_is_not_a_holder() -> None:
    document = make_document(["EDF", "Client : n° 1234567890", "Facture du 02/05/2026"])
    assert "holder_name" not in extract_address(document)


def test_missing_fields_are_absent() -> None:
    fields = extract_address(make_document(["Facture", "Montant : 12,00 €"]))
    assert "holder_name" not in fields and "postal_code" not in fields and "issue_date" not in fields
    assert all(v.value != "" for v in fields.values())


def test_provenance() -> None:
    fields = extract_address(bill())
    postal = fields["postal_code"]
    assert postal.raw == "13001" and postal.page == 1 and postal.extractor == "label:postal_code"
    assert postal.bbox is not None and 0 < postal.confidence <= 1


def test_logo_initials_read_before_an_unknown_issuer_are_dropped() -> None:
    from extractors.fields.address_issuer import _without_logo_initials

    heading = "BH Mutuelle Provençale d'Assurances"
    assert _without_logo_initials(heading) == ("Mutuelle Provençale d'Assurances", 3)
    assert _without_logo_initials("Cabinet Azur Habitat") == ("Cabinet Azur Habitat", 0)
    assert _without_logo_initials("EDF Entreprises") == ("EDF Entreprises", 0)


def test_label_and_value_rows_that_alternate_in_a_column() -> None:
    # « Échéance » over a date, then « Émise le » under that date and over the next one:
    # the second label heads the next date, it is not the first one's caption
    fields = extract_address(
        make_document(
            [
                [(0.07, "Assuré(e) / Policyholder"), (0.57, "Échéance / Renewal date")],
                [(0.07, "M. Thomas BOUCHARD"), (0.57, "2027-06-13")],
                [(0.07, "Adresse du bien assuré / Insured property"), (0.57, "Émise le / Issued on")],
                [(0.07, "RÉSIDENCE BEL AIR, 160 CHEMIN DU MOULIN"), (0.57, "2026-09-09")],
                [(0.07, "06500 MENTON"), (0.57, "N° de contrat / Policy number")],
            ]
        )
    )
    assert fields["issue_date"].value == "2026-09-09"
