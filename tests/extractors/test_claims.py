"""Finding the form's values on documents laid out in ways the generator never draws.

Word-level documents (no OCR): each test is one kind of real-world variety —
a label worded otherwise, the value below its label or in a table column,
« Prénom NOM », an IBAN over two lines, an amount in another format, several
candidate dates or names on one page, the field on page 2 — and checks that
the claimed value is found where it is printed, and that a contradiction is
reported as printed, never replaced by the form's value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.fields import extract_fields
from extractors.fields.claims_codes import find_code
from extractors.fields.claims_dates_amounts import find_amount, find_date
from extractors.fields.claims_names import find_name_sequence
from extractors.fields.claims_phrases import find_phrase
from extractors.fields.text import document_lines
from models.claims import Claims, load_claims
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document

CLAIMS = Claims(
    last_name="DUPONT-MARTIN",
    first_names=("Élodie", "Marie"),
    birth_date=date(1991, 4, 12),
    address_line="12 rue de la République",
    postal_code="13001",
    city="Marseille",
    france_travail_id="4821937K",
    iban="FR7630006000011234567890189",
    provider_name="Formasud Conseil",
    provider_siret="73282932000074",
    training_title="Titre professionnel Développeur web et web mobile",
    start_date=date(2027, 1, 11),
    end_date=date(2027, 6, 25),
    hours=798,
    cost_eur=Decimal("4350.00"),
)


def values(doc_type: DocType, lines: list, claims: Claims | None = CLAIMS, **kwargs: object) -> dict:
    document = make_document(lines, **kwargs)
    return {name: e.value for name, e in extract_fields(document, doc_type, claims).items()}


def extractors(doc_type: DocType, lines: list, claims: Claims | None = CLAIMS) -> dict:
    document = make_document(lines)
    return {name: e.extractor for name, e in extract_fields(document, doc_type, claims).items()}


# --------------------------------------------------------------------------- finders


def test_an_iban_in_groups_over_two_lines_is_found_with_its_two_pieces() -> None:
    lines = document_lines(make_document(["IBAN FR76 3000 6000 0112 3456", "7890 189    BIC AGRIFRPP"]))
    found = find_code(lines, CLAIMS.iban or "", across_lines=True)
    assert found and found[0].value == CLAIMS.iban and len(found[0].pieces) == 2


def test_look_alikes_are_tolerated_but_another_digit_is_not() -> None:
    lines = document_lines(make_document(["IBAN : FR76 3OO0 6000 0112 3456 7890 189"]))
    assert find_code(lines, CLAIMS.iban or "", max_substitutions=3)
    assert not find_code(lines, CLAIMS.iban or "", max_substitutions=1)
    other = document_lines(make_document(["IBAN : FR76 3000 6000 0112 3456 7890 188"]))
    assert not find_code(other, CLAIMS.iban or "", max_substitutions=3)

    # a J read as a bracket at the end of an identifier
    bracket = document_lines(make_document(["MEUNIER Sarah 0716531]"]))
    assert find_code(bracket, "0716531J", max_substitutions=1)


@pytest.mark.parametrize(
    "text",
    ["Né le 12/04/1991", "born 12.04.91", "Date de naissance 12 avril 1991", "1991-04-12", "April 12, 1991"],
)
def test_a_claimed_date_is_found_in_any_format(text: str) -> None:
    assert find_date(document_lines(make_document([text])), date(1991, 4, 12))


@pytest.mark.parametrize(
    "text", ["Total TTC : 4 350,00 €", "EUR 4350.00", "Montant 4.350,00 EUR", "4350,00 euros"]
)
def test_a_claimed_amount_is_found_in_any_format(text: str) -> None:
    assert find_amount(document_lines(make_document([text])), Decimal("4350.00"))


def test_hours_are_not_an_amount() -> None:
    assert not find_amount(document_lines(make_document(["Durée : 798 h"])), Decimal("798"))


def test_a_name_is_found_whatever_the_case_accents_and_hyphens() -> None:
    lines = document_lines(make_document(["Mme Elodie DUPONT MARTIN"]))
    assert find_name_sequence(lines, ["dupont", "martin"])


def test_a_surname_that_is_a_common_word_is_not_found_in_running_text() -> None:
    lines = document_lines(make_document(["un petit appartement au calme"]))
    assert not find_name_sequence(lines, ["petit"])


def test_a_title_wrapped_over_two_lines_is_found() -> None:
    lines = document_lines(
        make_document(["Titre professionnel Développeur", "web et web mobile (RNCP 37674)"])
    )
    found = find_phrase(lines, CLAIMS.training_title or "")
    assert found is not None and found.value == "Titre professionnel Développeur web et web mobile"


# --------------------------------------------------------------------------- extraction with claims


def test_bill_holder_in_prenom_nom_order_with_the_issuer_address_first() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "Énergies du Sud — 4 place Castellane — 13006 MARSEILLE — www.energies-du-sud.fr",
            "",
            (0.55, "Madame Élodie DUPONT-MARTIN"),
            (0.55, "12, rue de la République"),
            (0.55, "13001 MARSEILLE"),
            "",
            "Facture n° 2026-0042 émise le 6 mars 2026",
            "Période de consommation : du 01/01/2026 au 28/02/2026",
            "À payer avant le 20/03/2026",
        ],
    )
    assert fields["holder_name"] == "Madame Élodie DUPONT-MARTIN"
    assert fields["postal_code"] == "13001"
    assert fields["city"] == "MARSEILLE"
    assert fields["address_line"] == "12, rue de la République"
    assert fields["issue_date"] == "2026-03-06"


def test_issue_date_in_a_table_column_under_its_header() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "Mme DUPONT-MARTIN Élodie",
            "12 rue de la République 13001 Marseille",
            "N° client      Date d'émission      Échéance",
            "12345678       06.03.26             20.03.26",
        ],
    )
    assert fields["issue_date"] == "2026-03-06"


def test_two_equally_labelled_issue_dates_that_differ_are_a_doubt() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        ["Titulaire : DUPONT-MARTIN Élodie", "Date d'émission : 06/03/2026", "Date d'émission : 06/04/2026"],
    )
    assert "issue_date" not in fields


def test_a_holder_label_naming_someone_else_contradicts_the_name_found_elsewhere() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "Titulaire du contrat : M. Paul LEROY",
            "Adresse de consommation : 12 rue de la République 13001 Marseille",
            "Réf. dossier DUPONT-MARTIN",
            "Facture du 06/03/2026",
        ],
    )
    assert fields["holder_name"] == "M. Paul LEROY"


def test_an_adviser_with_the_applicants_name_is_not_the_holder() -> None:
    fields = values(
        DocType.JOBSEEKER_CERTIFICATE,
        [
            "France Travail — Attestation d'inscription",
            "Votre conseiller : M. DUPONT-MARTIN",
            "Nous certifions que Monsieur LEROY Paul est inscrit depuis le 03/02/2026.",
        ],
    )
    assert fields["last_name"] == "LEROY"


def test_rib_with_the_iban_over_two_lines_and_an_english_holder_label() -> None:
    fields = values(
        DocType.BANK_DETAILS,
        [
            "Banque Populaire Méditerranée",
            "Account holder",
            "ELODIE DUPONT-MARTIN",
            "IBAN",
            "FR76 3000 6000 0112 3456",
            "7890 189",
            "BIC CCBPFRPPMAR",
        ],
    )
    assert fields["iban"] == CLAIMS.iban
    assert fields["holder_name"] == "ELODIE DUPONT-MARTIN"


def test_rib_showing_another_valid_iban_reports_that_iban() -> None:
    fields = values(
        DocType.BANK_DETAILS,
        ["Titulaire : Mme DUPONT-MARTIN Élodie", "IBAN : FR14 2004 1010 0505 0001 3M02 606"],
    )
    assert fields["iban"] == "FR1420041010050500013M02606"


def test_certificate_in_prose_with_names_in_prenom_nom_order() -> None:
    fields = values(
        DocType.JOBSEEKER_CERTIFICATE,
        [
            "FRANCE TRAVAIL — Avis de situation",
            "Identifiant : 4821937 K",
            "Nous attestons que Élodie Marie DUPONT-MARTIN est inscrite depuis le 3 février 2026",
            "dans la catégorie 1.",
            "Marseille, le 2 novembre 2026",
        ],
    )
    assert fields["france_travail_id"] == "4821937K"
    assert fields["last_name"] == "DUPONT-MARTIN"
    assert fields["first_names"] == "Élodie Marie"
    assert fields["registration_date"] == "2026-02-03"
    assert fields["issue_date"] == "2026-11-02"


def test_quote_as_a_table_with_the_total_on_page_two() -> None:
    document = make_document(
        [
            "FORMASUD CONSEIL — SIRET 732 829 320 00074",
            "Devis n° D-2026-118 du 03/11/2026",
            "Action           Du            Au            Heures",
            "Titre professionnel Développeur web et web mobile   11/01/2027    25/06/2027    798 h",
        ],
        ["Récapitulatif", "Montant total TTC        EUR 4350.00", "TVA non applicable"],
    )
    fields = {n: e.value for n, e in extract_fields(document, DocType.TRAINING_QUOTE, CLAIMS).items()}
    assert fields["provider_siret"] == "73282932000074"
    assert fields["start_date"] == "2027-01-11"
    assert fields["end_date"] == "2027-06-25"
    assert fields["hours"] == 798
    assert fields["cost_eur"] == 4350.0
    assert fields["issue_date"] == "2026-11-03"
    assert fields["training_title"] == "Titre professionnel Développeur web et web mobile"


def test_a_quote_whose_labelled_total_differs_reports_the_labelled_total() -> None:
    fields = values(
        DocType.TRAINING_QUOTE,
        ["Total HT : 4 350,00 €", "TVA 20 % : 870,00 €", "Total TTC : 5 220,00 €"],
    )
    assert fields["cost_eur"] == 5220.0


def test_identity_card_names_found_under_bilingual_labels() -> None:
    fields = values(
        DocType.ID_CARD,
        [
            "RÉPUBLIQUE FRANÇAISE   CARTE NATIONALE D'IDENTITÉ",
            "Nom / Surname",
            "DUPONT-MARTIN",
            "Prénoms / Given names",
            "ÉLODIE, MARIE",
            "Date de naissance / Date of birth",
            "12 04 1991",
        ],
    )
    assert fields["last_name"] == "DUPONT-MARTIN"
    assert fields["first_names"] == "ÉLODIE MARIE"
    assert fields["birth_date"] == "1991-04-12"


def test_without_claims_the_labels_alone_are_read() -> None:
    fields = values(
        DocType.BANK_DETAILS, ["Titulaire : Mme DUPONT Élodie", "IBAN FR7630006000011234567890189"], None
    )
    assert fields == {"holder_name": "Mme DUPONT Élodie", "iban": "FR7630006000011234567890189"}


def test_a_found_claim_says_so_in_its_provenance() -> None:
    found = extractors(
        DocType.BANK_DETAILS, ["Mme DUPONT-MARTIN Élodie", "FR76 3000 6000 0112 3456 7890 189"]
    )
    assert found["iban"] == "form:iban" and found["holder_name"] == "form:holder_name"


def test_claims_load_only_from_a_valid_form() -> None:
    assert load_claims(b"{not json") is None
    assert load_claims(b"{}") is None
    assert load_claims(b"x" * 300_000) is None


def test_a_letter_dated_with_le_alone_and_a_lone_unlabelled_date() -> None:
    labelled = values(DocType.JOBSEEKER_CERTIFICATE, ["Le 02/11/2026", "Identifiant : 4821937K"])
    assert labelled["issue_date"] == "2026-11-02"
    bare = values(DocType.PROOF_OF_ADDRESS, ["ÉNERGIES DU SUD        06/03/2026", "Mme DUPONT-MARTIN Élodie"])
    assert bare["issue_date"] == "2026-03-06"
    two = values(DocType.PROOF_OF_ADDRESS, ["ÉNERGIES DU SUD   06/03/2026   20/03/2026", "Mme DUPONT-MARTIN"])
    assert "issue_date" not in two


def test_a_letter_quote_with_a_range_whose_first_date_borrows_the_year() -> None:
    fields = values(
        DocType.TRAINING_QUOTE,
        [
            "Vitrolles, le 22 octobre 2026",
            "D'une durée de 798 heures, elle se déroulera",
            "du 11 janvier au 25 juin 2027 dans nos locaux.",
            "Son coût total s'élève à 4350,00 euros net de taxes.",
        ],
    )
    assert (fields["start_date"], fields["end_date"]) == ("2027-01-11", "2027-06-25")
    assert fields["issue_date"] == "2026-10-22"
    assert fields["cost_eur"] == 4350.0 and fields["hours"] == 798


def test_without_the_form_the_rib_holder_is_the_name_over_the_address_and_the_bic_under_its_header() -> None:
    fields = values(
        DocType.BANK_DETAILS,
        [
            "CIC — Agence Digne — 6 boulevard Gassendi — 04000 DIGNE-LES-BAINS",
            "M. JOURDAN Jean-Marc",
            "64 RUE VICTOR HUGO",
            "04300 FORCALQUIER",
            "IBAN (International Bank Account Number)     BIC (Bank Identifier Code)",
            "FR76 3006 6289 5895 8521 5455 424            CMCIFRPP",
        ],
        None,
    )
    assert fields["holder_name"] == "M. JOURDAN Jean-Marc"
    assert fields["bic"] == "CMCIFRPP"


def test_values_above_their_bilingual_labels() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "ALPENSTROM ÉNERGIE — 3 Bahnhofstrasse — 67000 STRASBOURG",
            (0.05, "Mme Élodie DUPONT-MARTIN"),
            (0.05, "Titulaire / Kunde"),
            (0.05, "12 rue de la République, 13001 Marseille"),
            (0.05, "Adresse de fourniture / Lieferadresse"),
            [(0.05, "06/03/2026"), (0.5, "20/03/2026")],
            [(0.05, "Date d'émission / Rechnungsdatum"), (0.5, "Échéance / Fällig am")],
        ],
    )
    assert fields["holder_name"] == "Mme Élodie DUPONT-MARTIN"
    assert fields["postal_code"] == "13001"
    assert fields["issue_date"] == "2026-03-06"


def test_a_table_of_registration_periods_with_names_in_columns() -> None:
    fields = values(
        DocType.JOBSEEKER_CERTIFICATE,
        [
            "FRANCE TRAVAIL — Relevé des périodes d'inscription",
            [(0.05, "Nom"), (0.3, "Prénom"), (0.55, "Identifiant")],
            [(0.05, "DUPONT-MARTIN"), (0.3, "Élodie Marie"), (0.55, "4821937K"), (0.75, "Marseille")],
            [(0.05, "Début"), (0.3, "Fin"), (0.55, "Catégorie")],
            [(0.05, "03.02.26"), (0.3, "-"), (0.55, "1")],
            "Fait à Marseille, le 02.11.26",
        ],
    )
    assert fields["first_names"] == "Élodie Marie"
    assert fields["registration_date"] == "2026-02-03"
    assert fields["issue_date"] == "2026-11-02"


def test_names_with_lowercase_particles_and_a_landlords_sentence() -> None:
    claims = Claims(last_name="de La Fontaine", first_names=("Jeanne",))
    receipt = ["Locataire(s) : Mme Jeanne de La Fontaine", "Quittance du 01/11/2026"]
    assert values(DocType.PROOF_OF_ADDRESS, receipt, claims)["holder_name"] == "Mme Jeanne de La Fontaine"
    prose = ["Le bailleur déclare avoir reçu de DUPONT Jeanne la somme de 500 €"]
    dupont = Claims(last_name="DUPONT", first_names=("Jeanne",))
    assert values(DocType.PROOF_OF_ADDRESS, prose, dupont)["holder_name"] == "DUPONT Jeanne"
    adviser = ["Dossier suivi par Mme DUPONT", "Titulaire : Mme MARTIN Anne"]
    assert values(DocType.PROOF_OF_ADDRESS, adviser, dupont)["holder_name"] == "Mme MARTIN Anne"


def test_a_bill_for_a_range_is_not_issued_on_the_first_day_of_it() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        ["Facture du 01/10/2026 au 31/10/2026", "Mme DUPONT-MARTIN Élodie", "Émise le 04/11/2026"],
    )
    assert fields["issue_date"] == "2026-11-04"


def test_a_couple_holder_and_a_city_beside_another_column() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "M. OU MME DUPONT-MARTIN ELODIE",
            [(0.05, "12 RUE DE LA REPUBLIQUE"), (0.55, "N° de contrat / Policy number")],
            [(0.05, "13001 MARSEILLE"), (0.55, "Échéance / Renewal date")],
            "Émise le / Issued on : 2026-11-02",
        ],
    )
    assert fields["holder_name"] == "M. OU MME DUPONT-MARTIN ELODIE"
    assert fields["city"] == "MARSEILLE"
    assert fields["issue_date"] == "2026-11-02"


def test_a_payment_stamp_and_a_due_date_captioned_below_do_not_make_issue_dates() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "Mme DUPONT-MARTIN Élodie",
            [(0.05, "le 15/10/2026"), (0.55, "ACQUITTÉ LE 20/10/2026")],
            [(0.05, "Facture émise")],
            [(0.05, "le 30/10/2026")],
            [(0.05, "Prélèvement")],
        ],
    )
    assert fields["issue_date"] == "2026-10-15"


def test_a_total_read_in_the_next_cell_of_its_row_even_with_a_misread_label() -> None:
    fields = values(
        DocType.TRAINING_QUOTE,
        ["Total HT          2.595,83 EUR", "TVA 20 %          519,17 EUR", "Total TIC         3.115,00 EUR"],
    )
    assert fields["cost_eur"] == 3115.0  # not the pre-tax total, although the form's cost is printed nowhere


def test_the_declared_total_under_its_own_label_beats_a_deposit_elsewhere() -> None:
    fields = values(
        DocType.TRAINING_QUOTE,
        [
            "Coût total de la formation : 4 350,00 €",
            "Acompte versé à la commande",
            "Montant total : 1 000,00 €",
        ],
    )
    assert fields["cost_eur"] == 4350.0
    found = extractors(DocType.TRAINING_QUOTE, ["Total TTC : 4 350,00 €"])
    assert found["cost_eur"] == "form+label:cost_eur"


def test_the_issuer_is_the_heading_that_spells_the_documents_own_domain() -> None:
    top = ["| Alpiq      FACTURE", "Mme DUPONT-MARTIN Élodie", "Contact : service@alpiq.fr"]
    assert values(DocType.PROOF_OF_ADDRESS, top, None)["issuer"] == "Alpiq"
    spaced = ["Votre facture", "Octopus Energy   www.octopusenergy.fr", "Mme DUPONT-MARTIN"]
    assert values(DocType.PROOF_OF_ADDRESS, spaced, None)["issuer"] == "Octopus Energy"


def test_abbreviated_labels_hours_in_a_column_and_an_intermediary_bic() -> None:
    bill = values(
        DocType.PROOF_OF_ADDRESS, ["Mme DUPONT-MARTIN", "Date fact. - 03/11/26", "Lim. paiement - 25/11/26"]
    )
    assert bill["issue_date"] == "2026-11-03"
    quote = values(
        DocType.TRAINING_QUOTE,
        [
            [(0.05, "Action"), (0.5, "Début"), (0.62, "Fin"), (0.74, "Heures")],
            [(0.05, "Développeur web"), (0.5, "11-01-2027"), (0.62, "25-06-2027"), (0.74, "798")],
        ],
    )
    assert quote["hours"] == 798
    rib = values(
        DocType.BANK_DETAILS,
        [
            "IBAN FR76 3000 6000 0112 3456 7890 189",
            "BIC / SWIFT",
            "Clé RIB",
            "AGRIFRPP 89",
            "Intermediary BIC (BIC intermédiaire) : CHASDEFX",
        ],
        None,
    )
    assert rib["bic"] == "AGRIFRPP"


def test_side_by_side_address_blocks_the_holders_one_is_read_when_the_declared_one_is_absent() -> None:
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            [(0.05, "BAILLEUR"), (0.55, "LOCATAIRE")],
            [(0.05, "SCI LES AMANDIERS"), (0.55, "Mme DUPONT-MARTIN, Élodie")],
            [(0.05, "7 place aux Herbes"), (0.55, "8 RUE PARADIS")],
            [(0.05, "83000 TOULON"), (0.55, "13006 MARSEILLE")],
            "Date d'édition 01-10-2026",
        ],
    )
    assert (fields["address_line"], fields["postal_code"]) == ("8 RUE PARADIS", "13006")


def test_a_handwritten_receipt_the_landlords_address_under_an_address_label_is_not_the_holders() -> None:
    claims = Claims(
        last_name="OLIVIER",
        first_names=("Amélie",),
        address_line="137 boulevard Gambetta",
        postal_code="06500",
        city="Menton",
    )
    fields = values(
        DocType.PROOF_OF_ADDRESS,
        [
            "QUITTANCE DE LOYER N° 32",
            "Reçu de Amélie OLIVIER",
            "demeurant 137 BOULEVARD GAMBETTA",
            "Code postal et commune 06500 MENTON",
            "Le bailleur (nom et adresse) Danielle REYNAUD",
            (0.34, "19 avenue des Alpes, 05000 Gap"),
            "Fait à Gap le 20/8/26",
        ],
        claims,
    )
    assert fields["holder_name"] == "Amélie OLIVIER"
    assert fields["postal_code"] == "06500"
    assert fields["issue_date"] == "2026-08-20"
