from __future__ import annotations

from datetime import date

import pytest

from models.doctypes import DocType
from models.reasons import ReasonCode, Severity
from tests.validators.factories import (
    codes,
    doc,
    fr_id,
    identity_doc,
    run,
    td1,
    td3,
)


def test_all_identity_rules_pass_on_a_good_card() -> None:
    for rule_id in ("identity.expired", "identity.name", "identity.birth_date", "identity.mrz"):
        assert run(rule_id) == [], rule_id


# ---------------------------------------------------------------- identity.expired


def test_expired_passes_on_the_submission_day() -> None:
    assert run("identity.expired", docs=[identity_doc(expiry_date="2026-11-20")]) == []


def test_expired_fails_the_day_before() -> None:
    [finding] = run("identity.expired", docs=[identity_doc(expiry_date="2026-11-19")])
    assert finding.code == ReasonCode.IDENTITY_EXPIRED
    assert finding.severity == Severity.FAIL
    assert (finding.document, finding.field) == ("cni.jpg", "expiry_date")
    assert "19/11/2026" in finding.message_fr and "20/11/2026" in finding.message_fr
    assert finding.evidence == {"expiry_date": "2026-11-19", "submitted_at": "2026-11-20"}


def test_expired_old_french_card_gets_a_hint_but_still_fails() -> None:
    # Printed expiry 01/03/2023: issued 01/03/2013, extended to 01/03/2028 by law.
    card = identity_doc(expiry_date="2023-03-01", document_number="880692310285", mrz=None)
    [finding] = run("identity.expired", docs=[card])
    assert finding.code == ReasonCode.IDENTITY_EXPIRED
    assert "prolongée de 5 ans" in finding.message_fr


def test_expired_field_missing() -> None:
    [finding] = run("identity.expired", docs=[identity_doc(expiry_date=None)])
    assert (finding.code, finding.field, finding.severity) == (
        ReasonCode.FIELD_NOT_FOUND,
        "expiry_date",
        Severity.DOUBT,
    )


def test_expired_unparseable_date_is_field_not_found_quoting_the_value() -> None:
    [finding] = run("identity.expired", docs=[identity_doc(expiry_date="3I/O5/2O31")])
    assert finding.code == ReasonCode.FIELD_NOT_FOUND
    assert "3I/O5/2O31" in finding.message_fr


def test_passport_and_residence_permit_are_identity_documents() -> None:
    passport = doc("pass.jpg", DocType.PASSPORT, {"expiry_date": "2020-01-01"})
    permit = doc("ts.jpg", DocType.RESIDENCE_PERMIT, {"expiry_date": "2020-01-01"})
    assert codes(run("identity.expired", docs=[passport, permit])) == ["IDENTITY_EXPIRED"] * 2


def test_uncertain_identity_document_is_not_checked() -> None:
    unsure = identity_doc(expiry_date="2020-01-01").model_copy(update={"confidence": 0.5})
    assert run("identity.expired", docs=[unsure]) == []


# ---------------------------------------------------------------- identity.name


def test_name_married_name_on_card_passes() -> None:
    assert run("identity.name", docs=[identity_doc(last_name="DUPONT")]) == []


def test_name_last_name_mismatch() -> None:
    [finding] = run("identity.name", docs=[identity_doc(last_name="DURAND")])
    assert (finding.code, finding.field) == (ReasonCode.NAME_MISMATCH, "last_name")
    assert "DURAND" in finding.message_fr and "DUPONT-MARTIN" in finding.message_fr


def test_name_first_name_mismatch() -> None:
    [finding] = run("identity.name", docs=[identity_doc(first_names="ANNE SOPHIE")])
    assert (finding.code, finding.field) == (ReasonCode.NAME_MISMATCH, "first_names")


def test_name_fields_missing() -> None:
    findings = run("identity.name", docs=[identity_doc(last_name=None, first_names=None)])
    assert [(f.code, f.field) for f in findings] == [
        (ReasonCode.FIELD_NOT_FOUND, "last_name"),
        (ReasonCode.FIELD_NOT_FOUND, "first_names"),
    ]


# ---------------------------------------------------------------- identity.birth_date


def test_birth_date_other_format_passes() -> None:
    assert run("identity.birth_date", docs=[identity_doc(birth_date="12 04 1991")]) == []


def test_birth_date_mismatch() -> None:
    [finding] = run("identity.birth_date", docs=[identity_doc(birth_date="1991-12-04")])
    assert (finding.code, finding.field) == (ReasonCode.BIRTH_DATE_MISMATCH, "birth_date")
    assert "04/12/1991" in finding.message_fr and "12/04/1991" in finding.message_fr


def test_birth_date_missing() -> None:
    [finding] = run("identity.birth_date", docs=[identity_doc(birth_date=None)])
    assert (finding.code, finding.field) == (ReasonCode.FIELD_NOT_FOUND, "birth_date")


# ---------------------------------------------------------------- identity.mrz


def test_mrz_absent_is_not_checked() -> None:
    assert run("identity.mrz", docs=[identity_doc(mrz=None)]) == []


@pytest.mark.parametrize(
    ("doc_type", "mrz", "fields"),
    [
        (DocType.ID_CARD, td1(), {}),
        (DocType.PASSPORT, td3(), {}),
        (DocType.RESIDENCE_PERMIT, td1(code="IR"), {}),
        (DocType.ID_CARD, fr_id(), {"document_number": "880692310285", "expiry_date": "2030-01-01"}),
    ],
)
def test_mrz_formats_pass(doc_type: DocType, mrz: str, fields: dict) -> None:
    card = identity_doc(mrz=mrz, **fields).model_copy(update={"doc_type": doc_type})
    assert run("identity.mrz", docs=[card]) == []


def test_mrz_check_digit_failure() -> None:
    lines = td1().split("\n")
    lines[1] = lines[1][:6] + str((int(lines[1][6]) + 1) % 10) + lines[1][7:]  # birth-date check
    [finding] = run("identity.mrz", docs=[identity_doc(mrz="\n".join(lines))])
    assert (finding.code, finding.field, finding.severity) == (
        ReasonCode.MRZ_INVALID,
        "mrz",
        Severity.FAIL,
    )
    assert "birth_date" in finding.evidence["failed_checks"]
    assert "clé" in finding.message_fr


def test_mrz_contradicts_printed_fields() -> None:
    mrz = td1(surname="DURAND", birth=date(1990, 4, 12), expiry=date(2032, 5, 1))
    [finding] = run("identity.mrz", docs=[identity_doc(mrz=mrz)])
    assert finding.code == ReasonCode.MRZ_INVALID
    assert "failed_checks" not in finding.evidence  # check digits hold
    assert finding.evidence["mrz_surname"] == "DURAND"
    assert finding.evidence["mrz_birth_date"] == "1990-04-12"
    assert finding.evidence["mrz_expiry_date"] == "2032-05-01"


def test_mrz_given_names_contradict() -> None:
    [finding] = run("identity.mrz", docs=[identity_doc(mrz=td1(given="ANNE"))])
    assert finding.evidence["mrz_given_names"] == "ANNE"


def test_mrz_icao_transliteration_and_truncation_accepted() -> None:
    german = identity_doc(
        last_name="MÜLLER", first_names="JÜRGEN", mrz=td1(surname="MUELLER", given="JUERGEN")
    )
    assert run("identity.mrz", docs=[german]) == []
    apostrophe = identity_doc(last_name="N'DIAYE", mrz=td1(surname="NDIAYE"))
    assert run("identity.mrz", docs=[apostrophe]) == []
    long_name = "DE LA TOUR D'AUVERGNE-LAURAGAIS"
    mrz = td1(surname="DE<LA<TOUR<D<AUVERGNE<LAURAGAI", given="")  # 30 characters: field full
    card = identity_doc(last_name=long_name, first_names="ELODIE", mrz=mrz)
    [finding] = run("identity.mrz", docs=[card])
    assert "mrz_surname" not in finding.evidence  # truncated surname accepted
    assert "mrz_given_names" in finding.evidence  # no given names at all is not a truncation


def test_mrz_old_french_card_only_first_given_names_in_mrz() -> None:
    card = identity_doc(mrz=fr_id(given="ELODIE"), first_names="ÉLODIE MARIE", document_number="880692310285")
    assert run("identity.mrz", docs=[card]) == []


def test_mrz_unknown_format_is_a_doubt() -> None:
    [finding] = run("identity.mrz", docs=[identity_doc(mrz="IDFRA<<<\nGARBAGE")])
    assert (finding.code, finding.severity) == (ReasonCode.MRZ_INVALID, Severity.DOUBT)


def test_mrz_printed_fields_missing() -> None:
    findings = run("identity.mrz", docs=[identity_doc(last_name=None, birth_date=None)])
    assert sorted((f.code.value, f.field) for f in findings) == [
        ("FIELD_NOT_FOUND", "birth_date"),
        ("FIELD_NOT_FOUND", "last_name"),
    ]


def test_mrz_names_tolerate_ocr_noise_but_not_another_name() -> None:
    # "<<" misread as "EK" after the given name, one letter misread in the surname.
    noisy = identity_doc(first_names="KARIM", last_name="BENALI", mrz=td1(surname="BENALT", given="KARIMEK"))
    assert run("identity.mrz", docs=[noisy]) == []
    other = identity_doc(first_names="KARIM", last_name="BENALI", mrz=td1(surname="BENALI", given="PAUL"))
    [finding] = run("identity.mrz", docs=[other])
    assert finding.evidence["mrz_given_names"] == "PAUL"
