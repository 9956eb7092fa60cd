"""Hard evidence of a type (MRZ, 2D-Doc, IBAN + BIC, SIRET + training, registration); ``decide``."""

from __future__ import annotations

import numpy as np

from extractors.classifier_decision import MIXED_CONFIDENCE_CAP, OPEN_SET_CONFIDENCE_CAP, decide
from extractors.type_evidence import (
    CARD_TITLE,
    IBAN_BIC,
    MRZ_READ,
    MRZ_SHAPE,
    MRZ_VALID,
    REGISTRATION,
    SIRET_TRAINING,
    TWO_D_DOC,
    TypeEvidence,
    hard_evidence,
    mrz_code_type,
    two_d_doc_type,
)
from models.doctypes import DocType
from tests.extractors.mrzlines import fr_id, set_char, td1, td3
from tests.extractors.wordlayout import make_document

PASSPORT_LINES = td3("18AB12345", "910412", "F", "310301", "DUPONT<<ELODIE")
CARD_LINES = td1("X4RTBPFW4", "910412", "F", "310902", "DUPONT<<ELODIE<MARIE")
PERMIT_LINES = td1("AB1234567", "880101", "M", "290101", "NGUYEN<<VAN", code="IR", state="VNM")


def test_mrz_document_codes() -> None:
    assert mrz_code_type("P<") == mrz_code_type("PC") == DocType.PASSPORT
    assert mrz_code_type("ID") == mrz_code_type("I<") == mrz_code_type("A<") == mrz_code_type("C<")
    assert mrz_code_type("I<") == DocType.ID_CARD
    assert mrz_code_type("IR") == mrz_code_type("AR") == DocType.RESIDENCE_PERMIT
    assert mrz_code_type("V<") is None and mrz_code_type("") is None


def test_a_valid_mrz_decides_the_type_whatever_the_words() -> None:
    for lines, expected, fmt in (
        (PASSPORT_LINES, DocType.PASSPORT, "TD3"),
        (CARD_LINES, DocType.ID_CARD, "TD1"),
        (PERMIT_LINES, DocType.RESIDENCE_PERMIT, "TD1"),
        (fr_id("DUPONT", "132025", "880692310285", "ELODIE", "910412", "F"), DocType.ID_CARD, "FR"),
    ):
        found = hard_evidence(make_document(["Some words nobody taught the model", *lines]))
        assert found is not None and found.doc_type == expected, (lines, found)
        assert found.kind == MRZ_VALID and found.strength >= 0.99
        assert found.description.startswith("mrz_valid: " + fmt)


def test_an_mrz_with_a_wrong_check_digit_still_says_what_the_document_is() -> None:
    broken = set_char(PASSPORT_LINES, 1, 9, "0" if PASSPORT_LINES[1][9] != "0" else "1")
    found = hard_evidence(make_document(["PASSPORT", *broken]))
    assert found is not None and found.doc_type == DocType.PASSPORT
    assert found.kind in (MRZ_READ, MRZ_VALID)  # the reader may repair one digit


def test_mrz_shaped_lines_that_do_not_parse() -> None:
    lines = [
        "IDAUT000009<<<<<<<<<<<<<<<<<<<<",
        "7109094F1112<<<<<<<<<<<<<<<<6",
        "MUSTER<<ERIKA<<<<<<<<<<<<<<<<<",
    ]
    found = hard_evidence(make_document(["Identity card", *lines]))
    assert found is not None and found.doc_type == DocType.ID_CARD
    assert found.kind in (MRZ_SHAPE, MRZ_READ)


def test_two_d_doc_header_names_the_type() -> None:
    # DC + version 03 + CA FR00 + certificate 0001 + issue and signature dates + type + perimeter.
    assert two_d_doc_type("DC03FR000001123F163601011000MME/SPECIMEN") == (DocType.PROOF_OF_ADDRESS, "01")
    assert two_d_doc_type("DC02FR000001125E125B03FR70300020") == (DocType.BANK_DETAILS, "03")
    assert two_d_doc_type("DC04FR0000011251125106" + "01FR") == (DocType.OTHER, "06")  # a payslip
    assert two_d_doc_type("no barcode here") is None
    document = make_document(["Facture"])
    document.metadata["2d_doc"] = ["DC04FR000001FFFF1FB60401FR4302,75"]
    found = hard_evidence(document)
    assert found is not None and found.kind == TWO_D_DOC and found.doc_type == DocType.TAX_NOTICE


def test_iban_bic_and_a_bank_header_make_bank_details_but_an_invoice_with_an_iban_does_not() -> None:
    rib = make_document(
        ["Relevé d'identité bancaire", "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP"]
    )
    found = hard_evidence(rib)
    assert found is not None and found.kind == IBAN_BIC and found.doc_type == DocType.BANK_DETAILS
    invoice = make_document(
        [
            "FACTURE n° F2026-001",
            "Total TTC 120,00 €",
            "Coordonnées bancaires : IBAN FR76 3000 6000 0112 3456 7890 189 BIC AGRIFRPP",
        ]
    )
    assert hard_evidence(invoice) is None
    statement = make_document(
        ["RELEVÉ DE COMPTE", "RIB", "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC AGRIFRPP", "Solde"]
    )
    assert hard_evidence(statement) is None
    wrong_iban = make_document(["RIB", "IBAN FR76 3000 6000 0112 3456 7890 188", "BIC AGRIFRPP"])
    assert hard_evidence(wrong_iban) is None


def test_siret_and_training_words_make_a_training_quote_but_a_works_quote_does_not() -> None:
    quote = make_document(
        [
            "DEVIS",
            "Organisme de formation Formasud - SIRET 732 829 320 00074",
            "Stagiaire : Élodie DUPONT",
            "Durée : 798 heures de formation",
        ]
    )
    found = hard_evidence(quote)
    assert found is not None and found.kind == SIRET_TRAINING and found.doc_type == DocType.TRAINING_QUOTE
    works = make_document(
        ["DEVIS DE TRAVAUX", "SIRET 732 829 320 00074", "Pose carrelage 45x45", "Total TTC"]
    )
    assert hard_evidence(works) is None


def test_registration_and_an_identifier_make_a_jobseeker_certificate_a_summons_does_not() -> None:
    from sample_docs.generator import render_sample_document

    _, entry = render_sample_document(
        "jobseeker_certificate", 3, source="digital_pdf", layout="pe_attestation_prose", split="all"
    )
    found = hard_evidence(make_document(entry["text"].splitlines()))
    assert found is not None and found.kind == REGISTRATION
    assert found.doc_type == DocType.JOBSEEKER_CERTIFICATE and found.contestable
    summons = make_document(
        [
            "France Travail - Agence de Nîmes",
            "Identifiant : 4821937K",
            "Madame, vous êtes inscrite sur la liste des demandeurs d'emploi.",
            "Vous êtes convoquée à un entretien le 12/11/2026 à 9 h 30.",
        ]
    )
    assert hard_evidence(summons) is None
    unlabelled = make_document(["Pôle emploi", "Vous êtes inscrit comme demandeur d'emploi.", "4821937K"])
    assert hard_evidence(unlabelled) is None


LABELS = ["bank_details", "id_card", "other", "proof_of_address"]


def test_decide_hard_evidence_wins_and_says_so() -> None:
    probs = np.array([0.05, 0.1, 0.05, 0.8])
    mrz = TypeEvidence(DocType.ID_CARD, MRZ_VALID, "TD1 ID, check digits valid")
    decision = decide(LABELS, probs, None, None, mrz)
    assert decision.doc_type == "id_card" and decision.confidence >= 0.99
    assert decision.evidence.startswith("mrz_valid")


def test_decide_contested_evidence_goes_to_a_person() -> None:
    probs = np.array([0.01, 0.01, 0.97, 0.01])  # the text model is sure it is "other"
    iban = TypeEvidence(DocType.BANK_DETAILS, IBAN_BIC, "IBAN, BIC and bank header")
    decision = decide(LABELS, probs, None, None, iban)
    assert decision.doc_type == "bank_details" and decision.confidence == OPEN_SET_CONFIDENCE_CAP
    assert "contradicted" in decision.evidence
    agreeing = decide(LABELS, np.array([0.6, 0.1, 0.2, 0.1]), None, None, iban)
    assert agreeing.doc_type == "bank_details" and agreeing.confidence >= 0.95


def test_decide_open_set_turns_a_far_piece_into_other_under_any_threshold() -> None:
    probs = np.array([0.0, 0.0, 0.0001, 0.9999])
    limits = np.array([5.0, 5.0, 5.0, 5.0])
    near = decide(LABELS, probs, np.array([9.0, 9.0, 9.0, 4.0]), limits, None)
    assert near.doc_type == "proof_of_address" and near.confidence > 0.99
    assert near.evidence.startswith("model")
    far = decide(LABELS, probs, np.array([9.0, 9.0, 9.0, 7.5]), limits, None)
    assert far.doc_type == "other" and far.confidence <= OPEN_SET_CONFIDENCE_CAP
    assert far.evidence.startswith("open_set: unlike every proof_of_address")
    # "other" is never rejected by the open set: it is the open class.
    other = decide(LABELS, np.array([0.0, 0.0, 0.99, 0.01]), np.array([9.0, 9.0, 99.0, 9.0]), limits, None)
    assert other.doc_type == "other" and other.confidence == 0.99


def test_decide_a_file_of_several_documents_stays_uncertain_even_with_an_mrz() -> None:
    mrz = TypeEvidence(DocType.ID_CARD, MRZ_VALID, "TD1 ID, check digits valid")
    decision = decide(LABELS, np.array([0.5, 0.5, 0.0, 0.0]), None, None, mrz, ["bank_details", "id_card"])
    assert decision.doc_type == "id_card" and decision.confidence <= MIXED_CONFIDENCE_CAP
    assert decision.evidence.startswith("mixed_pages: bank_details, id_card; mrz_valid")


def test_a_zone_reading_whose_state_is_no_country_does_not_decide_the_type() -> None:
    # the document code is under no check digit: « AFRZL… » for « IRFRA… » is caught by its state
    document = make_document(["TITRE DE SÉJOUR", *PERMIT_LINES])
    document.metadata["mrz_zone"] = {
        "lines": ["AFRZL" + PERMIT_LINES[0][5:], *PERMIT_LINES[1:]],
        "format": "TD1",
        "valid": True,
        "page": 1,
        "bbox": [0.0, 0.75, 1.0, 0.94],
        "confidence": 0.86,
    }
    found = hard_evidence(document)
    assert found is not None and found.doc_type == DocType.RESIDENCE_PERMIT, found
    document.metadata["mrz_zone"]["lines"][0] = PERMIT_LINES[0]
    assert hard_evidence(document).doc_type == DocType.RESIDENCE_PERMIT


def _card(lines: list[str], width: float = 856.0, height: float = 540.0, title_at_top: bool = True):  # type: ignore[no-untyped-def]
    # the title (second line) moved to the foot of the page, under filler lines
    document = make_document(lines if title_at_top else [lines[0], *lines[2:], *["—"] * 14, lines[1]])
    page = document.pages[0].model_copy(update={"width": width, "height": height})
    return document.model_copy(update={"pages": [page]})


def test_an_identity_card_title_on_a_card_says_id_card_a_letter_naming_the_card_does_not() -> None:
    front = [
        "RÉPUBLIQUE FRANÇAISE",
        "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD",
        "NOM / Surname",
        "Prénoms / Given names",
        "SEXE / Sex NATIONALITÉ / Nationality DATE DE NAISS. / Date of birth",
        "N° DU DOCUMENT / Document No. DATE D'EXPIR. / Expiry date",
    ]
    found = hard_evidence(_card(front))
    assert found == TypeEvidence(DocType.ID_CARD, CARD_TITLE, "identity card title at the top of a card")
    assert found.contestable  # the model may contest it: a person then looks
    assert hard_evidence(_card(front, width=595.0, height=842.0)) is None  # an A4 page, not a card
    assert hard_evidence(_card(front, title_at_top=False)) is None  # the title is not the card's own
    letter = [front[1], *["Veuillez joindre à votre demande une copie de votre pièce d'identité."] * 8]
    assert hard_evidence(_card(letter)) is None  # more confident words than a card holds
