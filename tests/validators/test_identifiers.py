from __future__ import annotations

import pytest

from validators.identifiers import (
    FRANCE_TRAVAIL_ID,
    IBAN,
    IDENTIFIERS,
    SIREN,
    SIRET,
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    ValidationError,
    rib_key,
)


@pytest.mark.parametrize(
    "number",
    [
        "FR7630006000011234567890189",
        "FR76 3000 6000 0112 3456 7890 189",
        "fr76 3000 6000 0112 3456 7890 189",
        "FR14 2004 1010 0505 0001 3M02 606",  # La Banque Postale, letter in the account
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "MC58 1122 2000 0101 2345 6789 030",
    ],
)
def test_valid_ibans(number: str) -> None:
    assert IBAN.is_valid(number)
    assert IBAN.validate(number) == IBAN.compact(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("FR7630006000011234567890188", InvalidChecksum),  # mod-97 broken
        ("FR76 3000 6000 0112 3456 7890 18", ValidationError),  # a digit short
        ("XX7630006000011234567890189", ValidationError),
        ("FR76300060000112345678901", ValidationError),
        ("", ValidationError),
    ],
)
def test_invalid_ibans(number: str, error: type[Exception]) -> None:
    assert not IBAN.is_valid(number)
    with pytest.raises(error):
        IBAN.validate(number)


def test_french_rib_key_is_checked_beyond_mod_97() -> None:
    # Change the RIB key and repair mod-97: stdnum alone would accept it.
    from stdnum import iban as stdnum_iban

    bban = "30006000011234567890188"  # key 88 instead of 89
    forged = "FR" + stdnum_iban.calc_check_digits("FR00" + bban) + bban
    assert stdnum_iban.is_valid(forged)
    assert not IBAN.is_valid(forged)
    with pytest.raises(InvalidChecksum):
        IBAN.validate(forged)


def test_rib_key() -> None:
    assert rib_key("30006", "00001", "12345678901") == "89"
    assert rib_key("20041", "01005", "0500013M026") == "06"


def test_iban_format() -> None:
    assert IBAN.format("FR7630006000011234567890189") == "FR76 3000 6000 0112 3456 7890 189"


@pytest.mark.parametrize(
    "number",
    [
        "73282932000074",
        "732 829 320 00074",
        "732.829.320.00074",
        "35600000000048",  # La Poste head office (Luhn)
        "35600000049837",  # La Poste establishment: digit sum 50, not Luhn
    ],
)
def test_valid_sirets(number: str) -> None:
    assert SIRET.is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "73282932000079",  # Luhn broken
        "35600000049838",  # La Poste: digit sum 51
        "7328293200007",
        "7328293200007A",
        "",
    ],
)
def test_invalid_sirets(number: str) -> None:
    assert not SIRET.is_valid(number)


def test_la_poste_establishment_is_not_luhn_valid() -> None:
    from stdnum import luhn

    assert not luhn.is_valid("35600000049837")
    assert sum(map(int, "35600000049837")) % 5 == 0


def test_siren() -> None:
    assert SIREN.is_valid("732 829 320")
    assert SIREN.is_valid("356000000")
    assert not SIREN.is_valid("732829321")
    assert SIREN.format("732829320") == "732 829 320"


@pytest.mark.parametrize(
    ("number", "compact"),
    [
        ("4821937K", "4821937K"),
        ("4821937k", "4821937K"),
        ("482 1937 K", "4821937K"),
        ("48-21-937-K", "4821937K"),
        ("A1B2C3D4", "A1B2C3D4"),
        ("12345678", "12345678"),
    ],
)
def test_valid_france_travail_ids(number: str, compact: str) -> None:
    assert FRANCE_TRAVAIL_ID.is_valid(number)
    assert FRANCE_TRAVAIL_ID.validate(number) == compact


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("4821937", InvalidLength),
        ("4821937KK", InvalidLength),
        ("IDENTIFI", InvalidFormat),  # a word, not an id
        ("4821937É", InvalidFormat),
        ("4821937_", InvalidFormat),
    ],
)
def test_invalid_france_travail_ids(number: str, error: type[Exception]) -> None:
    assert not FRANCE_TRAVAIL_ID.is_valid(number)
    with pytest.raises(error):
        FRANCE_TRAVAIL_ID.validate(number)


@pytest.mark.parametrize("identifier", list(IDENTIFIERS.values()), ids=list(IDENTIFIERS))
def test_validate_raises_validation_error_on_non_strings(identifier) -> None:
    for junk in (None, 123, b"FR76", ["x"]):
        with pytest.raises(ValidationError):
            identifier.validate(junk)
