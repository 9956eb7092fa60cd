"""Identity documents: printed fields under bilingual labels, and the MRZ."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.identity import extract_identity
from models.doctypes import DOC_TYPES, DocType
from tests.extractors.mrzlines import fr_id, set_char, td1, td3
from tests.extractors.wordlayout import make_document

CARD_MRZ = td1("X4RTBPFW4", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE")
PERMIT_MRZ = td1("AB12345678"[:9], "850101", "M", "290630", "NGUYEN<<VAN<AN", code="IR")
PASSPORT_MRZ = td3("18AB12345", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE")
OLD_MRZ = fr_id("BERTHIER", "92C001", "880692310285", "CORINNE", "651206", "F")

L, R = 0.35, 0.65  # label columns of a card


def card_2021(
    mrz: list[str] | None = CARD_MRZ,
    *,
    surname: str = "Nom / Surname",
    given: str = "Prénoms / Given names",
    birth: str = "Date de naiss. / Date of birth",
    number: str = "N° du document / Document No",
    expiry: str = "Date d'expir. / Expiry date",
    birth_value: str = "12 04 1991",
    names: tuple[str, str] = ("DUPONT-MARTIN", "ÉLODIE, MARIE"),
    number_value: str = "X4RTBPFW4",
    expiry_value: str = "01 03 2031",
):  # type: ignore[no-untyped-def]
    return make_document(
        [
            "RÉPUBLIQUE FRANÇAISE",
            "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD",
            (L, surname),
            (L, names[0]),
            (L, given),
            (L, names[1]),
            [(L, "Sexe / Sex"), (0.5, "Nationalité / Nationality"), (R, birth)],
            [(L, "F"), (0.5, "FRA"), (R, birth_value)],
            [(L, number), (R, expiry)],
            [(L, number_value), (R, expiry_value)],
            *(mrz or []),
        ]
    )


def values(fields: dict) -> dict:  # type: ignore[type-arg]
    return {k: v.value for k, v in fields.items()}


def test_2021_card_with_valid_mrz_prefers_mrz_number_and_dates_and_printed_names() -> None:
    fields = extract_fields(card_2021(), DocType.ID_CARD)
    assert values(fields) == {
        "last_name": "DUPONT-MARTIN",  # as printed: hyphen and accents kept
        "first_names": "ÉLODIE MARIE",
        "birth_date": "1991-04-12",
        "document_number": "X4RTBPFW4",
        "expiry_date": "2031-03-01",
        "mrz": "\n".join(CARD_MRZ),
    }
    assert fields["birth_date"].extractor == "mrz:birth_date"
    assert fields["document_number"].extractor == "mrz:document_number"
    assert fields["last_name"].extractor == "label:last_name"
    assert fields["mrz"].raw == "\n".join(CARD_MRZ)
    assert fields["mrz"].page == 1 and fields["mrz"].bbox is not None


def test_valid_mrz_wins_over_misread_printed_dates() -> None:
    fields = extract_fields(card_2021(birth_value="12 04 1997", number_value="X4RTBPFW9"), DocType.ID_CARD)
    assert fields["birth_date"].value == "1991-04-12"
    assert fields["document_number"].value == "X4RTBPFW4"


def test_mrz_names_fill_in_when_no_printed_name() -> None:
    document = card_2021(surname="", given="", names=("", ""))
    fields = extract_fields(document, DocType.ID_CARD)
    assert fields["last_name"].value == "DUPONT MARTIN"
    assert fields["first_names"].value == "ELODIE MARIE"
    assert fields["last_name"].extractor == "mrz:last_name"
    assert fields["last_name"].raw == CARD_MRZ[2]


def test_2021_card_without_mrz_reads_printed_fields_below_labels() -> None:
    fields = extract_fields(card_2021(None), DocType.ID_CARD)
    assert values(fields) == {
        "last_name": "DUPONT-MARTIN",
        "first_names": "ÉLODIE MARIE",
        "birth_date": "1991-04-12",
        "document_number": "X4RTBPFW4",
        "expiry_date": "2031-03-01",
    }
    assert "mrz" not in fields  # absent, never an empty string
    assert fields["birth_date"].raw == "12 04 1991"
    assert fields["birth_date"].extractor == "label:birth_date"
    x0, y0, x1, y1 = fields["birth_date"].bbox  # type: ignore[misc]
    assert x0 == pytest.approx(R) and y1 > y0


@pytest.mark.parametrize(
    "noise",
    [
        {
            "surname": "N0m / Surnarne",
            "given": "Prenoms / Given narnes",
            "birth": "Date de naiss / Date 0f birth",
        },
        {"birth_value": "l2 O4 1991", "expiry_value": "0l 03 2O31"},
        {"birth": "Date  de  naiss. /  Date of birth", "number": "N° du docurnent / Document N0"},
        {"names": ("DUP0NT-MARTIN", "ELODIE, MARIE")},
    ],
)
def test_2021_card_printed_fields_with_ocr_noise(noise: dict) -> None:  # type: ignore[type-arg]
    fields = values(extract_fields(card_2021(None, **noise), DocType.ID_CARD))
    assert fields["birth_date"] == "1991-04-12"
    assert fields["expiry_date"] == "2031-03-01"
    assert fields["document_number"] == "X4RTBPFW4"
    assert fields["last_name"] == "DUPONT-MARTIN"
    assert fields["first_names"].split()[0].upper() in ("ÉLODIE", "ELODIE")


def test_invalid_mrz_keeps_printed_values_and_the_mrz_as_read() -> None:
    bad = set_char(CARD_MRZ, 1, 3, "5" if CARD_MRZ[1][3] != "5" else "6")  # birth date digit: check fails
    fields = extract_identity(card_2021(bad))
    assert fields["mrz"].value == "\n".join(bad)
    assert fields["birth_date"].value == "1991-04-12"
    assert fields["birth_date"].extractor == "label:birth_date"
    assert fields["last_name"].value == "DUPONT-MARTIN"
    assert fields["mrz"].confidence < 0.6


def test_invalid_mrz_fills_only_gaps_with_values_whose_own_check_holds() -> None:
    bad = set_char(CARD_MRZ, 1, 3, "5" if CARD_MRZ[1][3] != "5" else "6")
    document = make_document(["CARTE NATIONALE D'IDENTITÉ", *bad])
    fields = extract_identity(document)
    assert "birth_date" not in fields  # its check failed: not taken from the MRZ
    assert fields["expiry_date"].value == "2031-03-01"  # its own check holds
    assert fields["document_number"].value == "X4RTBPFW4"
    assert fields["expiry_date"].confidence < 0.95


def test_mrz_only_document() -> None:
    fields = values(extract_identity(make_document(["IDENTITY CARD", *CARD_MRZ])))
    assert fields["last_name"] == "DUPONT MARTIN"
    assert fields["first_names"] == "ELODIE MARIE"
    assert fields["birth_date"] == "1991-04-12"


def test_truncated_mrz_names_give_way_to_printed_names() -> None:
    mrz = td1("X4RTBPFW4", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE<CHRISTI")
    document = card_2021(mrz, names=("DUPONT-MARTIN", "Élodie, Marie, Christine"))
    fields = values(extract_identity(document))
    assert fields["first_names"] == "Élodie Marie Christine"
    assert fields["birth_date"] == "1991-04-12"


def test_repaired_mrz_value_and_raw() -> None:
    noisy = set_char(CARD_MRZ, 1, 2, "O")  # 91O412
    fields = extract_identity(card_2021(noisy))
    assert fields["mrz"].value == "\n".join(CARD_MRZ)
    assert fields["mrz"].raw == "\n".join(noisy)
    assert fields["birth_date"].value == "1991-04-12"


def test_old_laminated_card() -> None:
    document = make_document(
        [
            "RÉPUBLIQUE FRANÇAISE",
            "CARTE NATIONALE D'IDENTITÉ N° : 880692310285",
            "Nom : BERTHIER",
            "Prénom(s) : CORINNE",
            "Né(e) le : 06.12.1965 à PARIS 15E (75)",
            "Taille : 1,65 m",
            "Carte valable jusqu'au : 01.01.2030",
            *OLD_MRZ,
        ]
    )
    fields = extract_fields(document, DocType.ID_CARD)
    assert values(fields) == {
        "last_name": "BERTHIER",
        "first_names": "CORINNE",
        "birth_date": "1965-12-06",
        "document_number": "880692310285",
        "expiry_date": "2030-01-01",  # printed: the old card's MRZ has no expiry
        "mrz": "\n".join(OLD_MRZ),
    }
    assert fields["expiry_date"].extractor == "label:expiry_date"


def test_old_card_printed_fields_only_with_noise() -> None:
    document = make_document(
        [
            "CARTE NATIONALE DIDENTITE N° : 88O692310285",
            "Norn : BERTHIER",
            "Prenom(s) : CORINNE",
            "Ne(e) le : 06.12.1965",
            "Carte valable jusquau : 01.01.2030",
        ]
    )
    fields = values(extract_identity(document))
    assert fields["last_name"] == "BERTHIER"
    assert fields["first_names"] == "CORINNE"
    assert fields["birth_date"] == "1965-12-06"
    assert fields["expiry_date"] == "2030-01-01"
    assert fields["document_number"] == "88O692310285"  # as read: a printed number is not repaired


def passport(mrz: list[str] | None = PASSPORT_MRZ):  # type: ignore[no-untyped-def]
    return make_document(
        [
            "RÉPUBLIQUE FRANÇAISE",
            "PASSEPORT / PASSPORT",
            [(L, "Type / Type"), (0.5, "Code / Code"), (R, "Passeport n° / Passport No")],
            [(L, "P"), (0.5, "FRA"), (R, "18AB12345")],
            (L, "Nom / Surname"),
            (L, "DUPONT-MARTIN"),
            (L, "Prénoms / Given names"),
            (L, "Élodie, Marie"),
            [(L, "Date de naissance / Date of birth"), (R, "Date d'expiration / Date of expiry")],
            [(L, "12 04 1991"), (R, "01 03 2031")],
            *(mrz or []),
        ]
    )


def test_passport_printed_fields() -> None:
    fields = values(extract_fields(passport(None), DocType.PASSPORT))
    assert fields == {
        "last_name": "DUPONT-MARTIN",
        "first_names": "Élodie Marie",
        "birth_date": "1991-04-12",
        "document_number": "18AB12345",
        "expiry_date": "2031-03-01",
    }


def test_passport_with_mrz() -> None:
    fields = values(extract_fields(passport(), DocType.PASSPORT))
    assert fields["mrz"] == "\n".join(PASSPORT_MRZ)
    assert fields["document_number"] == "18AB12345"
    assert fields["expiry_date"] == "2031-03-01"


def test_residence_permit() -> None:
    document = make_document(
        [
            "RÉPUBLIQUE FRANÇAISE",
            "TITRE DE SÉJOUR / RESIDENCE PERMIT",
            (L, "Nom / Surname"),
            (L, "NGUYEN"),
            (L, "Prénoms / Given names"),
            (L, "Van An"),
            [(L, "Date de naissance / Date of birth"), (R, "N° / No")],
            [(L, "01.01.1985"), (R, "AB1234567")],
            (L, "Valable jusqu'au / Valid until"),
            (L, "30.06.2029"),
        ]
    )
    fields = values(extract_fields(document, DocType.RESIDENCE_PERMIT))
    assert fields == {
        "last_name": "NGUYEN",
        "first_names": "Van An",
        "birth_date": "1985-01-01",
        "document_number": "AB1234567",
        "expiry_date": "2029-06-30",
    }
    with_mrz = make_document([*["TITRE DE SÉJOUR"], *PERMIT_MRZ])
    assert values(extract_fields(with_mrz, DocType.RESIDENCE_PERMIT))["expiry_date"] == "2029-06-30"


def test_blank_identity_document_has_no_fields() -> None:
    assert extract_identity(make_document([])) == {}
    assert extract_identity(make_document(["RÉPUBLIQUE FRANÇAISE"])) == {}


def test_only_the_types_fields_are_returned() -> None:
    fields = extract_fields(card_2021(), "id_card")
    assert set(fields) <= set(DOC_TYPES[DocType.ID_CARD].fields)
    with pytest.raises(ValueError, match="valid"):
        extract_fields(card_2021(), "identity")


def test_tesseract_style_labels_without_slashes_and_garbled_english() -> None:
    # what Tesseract really gives for the bilingual labels of a scanned card
    document = make_document(
        [
            "TITRE DE SÉJOUR / RESIDENCE PERMIT",
            (L, "Nom $urname"),
            (L, "HAKOBYAN"),
            (L, "Prenoms Gisen names"),
            (L, "MATHEO"),
            [(L, "Nationalte Natonahty"), (0.5, "Sexe Sex"), (R, "Date de naissance Date ot birth")],
            [(L, "ARM"), (0.5, "M"), (R, "30 11 1981")],
            [(L, "N No"), (R, "Valable jusqu au Vahd until")],
            [(L, "YA7159665"), (R, "02 09 2030")],
        ]
    )
    fields = values(extract_identity(document))
    assert fields == {
        "last_name": "HAKOBYAN",
        "first_names": "MATHEO",
        "birth_date": "1981-11-30",
        "document_number": "YA7159665",
        "expiry_date": "2030-09-02",
    }


def test_old_card_birth_label_garbled_by_ocr() -> None:
    document = make_document(
        ["CARTE NATIONALE D'IDENTITÉ N° : 200704750837", "Sexe : M Néf(e)le : 21.05.1988"]
    )
    assert extract_identity(document)["birth_date"].value == "1988-05-21"
