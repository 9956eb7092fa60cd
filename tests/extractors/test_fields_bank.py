"""Bank details (RIB): holder, IBAN with bounded checksum-guided repair, BIC."""

from __future__ import annotations

import pytest
from stdnum import iban as stdnum_iban

from extractors.fields import extract_fields
from extractors.fields.bank import extract_bank, parse_bic, parse_iban, repair_iban, rib_key_ok
from models.doctypes import DocType
from tests.extractors.wordlayout import make_document

IBAN = "FR7630006000011234567890189"
GROUPED = "FR76 3000 6000 0112 3456 7890 189"
IBAN_WITH_LETTER = "FR1420041010050500013M02606"  # a French account number may hold letters


def rib(
    holder: str = "Titulaire du compte :",
    iban_line: str = f"IBAN : {GROUPED}",
    bic_line: str = "BIC : AGRIFRPP",
    *extra: str,
):  # type: ignore[no-untyped-def]
    return make_document(
        [
            "Crédit Agricole Alpes Provence",
            "RELEVÉ D'IDENTITÉ BANCAIRE",
            f"{holder} M. DUPONT-MARTIN ELODIE",
            "Domiciliation : AGENCE MARSEILLE REPUBLIQUE",
            "Code banque   Code guichet   N° de compte   Clé RIB",
            "30006   00001   12345678901   89",
            iban_line,
            bic_line,
            *extra,
        ]
    )


@pytest.mark.parametrize("holder", ["Titulaire du compte :", "Titulaire :", "Intitulé du compte :"])
@pytest.mark.parametrize("bic_line", ["BIC : AGRIFRPP", "Code BIC (SWIFT) : AGRIFRPP"])
def test_label_variants(holder: str, bic_line: str) -> None:
    fields = extract_fields(rib(holder, bic_line=bic_line), DocType.BANK_DETAILS)
    assert {k: v.value for k, v in fields.items()} == {
        "holder_name": "M. DUPONT-MARTIN ELODIE",
        "iban": IBAN,
        "bic": "AGRIFRPP",
    }
    assert fields["iban"].raw == GROUPED
    assert fields["iban"].extractor == "label:iban"


@pytest.mark.parametrize(
    "iban_line",
    [
        f"IBAN : {GROUPED}",
        f"IBAN: {IBAN}",
        f"IBAN {GROUPED}   BIC : AGRIFRPP",
        f"lBAN : {GROUPED}",
        "IBAN : FR76  3000  6000  0112  3456  7890  189",
        f"IBAN : {GROUPED.lower()}",
    ],
)
def test_iban_layouts(iban_line: str) -> None:
    assert extract_bank(rib(iban_line=iban_line))["iban"].value == IBAN


def test_iban_below_its_label() -> None:
    document = make_document(["RIB", "IBAN", GROUPED, "BIC", "AGRIFRPP"])
    fields = extract_bank(document)
    assert fields["iban"].value == IBAN
    assert fields["bic"].value == "AGRIFRPP"


def test_iban_without_label_is_found_by_scanning() -> None:
    document = make_document(["RIB", "M. DUPONT-MARTIN ELODIE", GROUPED])
    found = extract_bank(document)["iban"]
    assert found.value == IBAN and found.extractor == "scan:iban"


def test_iban_with_letters_in_the_account_number() -> None:
    grouped = " ".join(IBAN_WITH_LETTER[i : i + 4] for i in range(0, 27, 4))
    assert extract_bank(rib(iban_line=f"IBAN : {grouped}"))["iban"].value == IBAN_WITH_LETTER


def test_foreign_iban() -> None:
    assert (
        extract_bank(rib(iban_line="IBAN : DE89 3704 0044 0532 0130 00"))["iban"].value
        == "DE89370400440532013000"
    )


# --------------------------------------------------------------------------- repair policy


@pytest.mark.parametrize(
    ("read", "subs"),
    [
        ("FR763OOO6000011234567890189", None),  # three look-alikes: beyond the bound, not repaired
        ("FR7630O06000011234567890189", 1),  # O in the bank code (digits only): forced
        ("FR76300060000112345678901B9", 1),  # B in the RIB key (digits only): forced
        ("FR7630006000011234567B90189", 1),  # B in the account (letter or digit): search, unique
        ("FR7630006000011234567890I89", 1),
        ("FR763O0O6000011234567890189", 2),
        ("FR7630006000011234S67B90189", 2),  # two flips in the account: unique solution
    ],
)
def test_iban_repair(read: str, subs: int | None) -> None:
    value, count, valid = repair_iban(read)
    if subs is None:
        assert (value, count, valid) == (read, 0, False)
    else:
        assert (value, count, valid) == (IBAN, subs, True)


def test_iban_read_valid_is_never_changed() -> None:
    assert repair_iban(IBAN) == (IBAN, 0, True)
    assert repair_iban(IBAN_WITH_LETTER) == (IBAN_WITH_LETTER, 0, True)


def test_digit_for_digit_error_is_not_repaired() -> None:
    read = IBAN[:-1] + "8"
    value, count, valid = repair_iban(read)
    assert (value, count, valid) == (read, 0, False)


def test_repair_never_exceeds_two_substitutions() -> None:
    # a valid IBAN whose account holds many look-alike letters after OCR: a
    # repair would need 3 flips, which is refused even if one would validate
    read = "FR7630006000011234S6ZB90189"
    value, count, valid = repair_iban(read)
    assert not valid and count == 0


def test_unrepairable_iban_is_returned_compact_as_read() -> None:
    fields = extract_bank(rib(iban_line="IBAN : FR76 3OOO 6000 0112 3456 7890 189"))
    found = fields["iban"]
    assert found.value == "FR763OOO6000011234567890189"
    assert not stdnum_iban.is_valid(str(found.value))
    assert found.raw == "FR76 3OOO 6000 0112 3456 7890 189"
    assert found.confidence < 0.7


def test_repaired_iban_keeps_raw_and_costs_confidence() -> None:
    fields = extract_bank(rib(iban_line="IBAN : FR76 3000 6000 0112 3456 7B90 189"))
    found = fields["iban"]
    assert found.value == IBAN
    assert found.raw == "FR76 3000 6000 0112 3456 7B90 189"
    assert found.confidence < 0.95


def test_rib_key() -> None:
    assert rib_key_ok(IBAN) and rib_key_ok(IBAN_WITH_LETTER)
    assert not rib_key_ok("FR7630006000011234567890188")
    assert rib_key_ok("DE89370400440532013000")  # no national key checked


def test_parse_iban_stops_at_the_expected_length() -> None:
    parsed = parse_iban(f"{GROUPED} BIC AGRIFRPP")
    assert parsed is not None and parsed.value == IBAN


def test_parse_iban_ignores_words() -> None:
    assert parse_iban("FROIDURE EXTREME DANS LE NORD", anywhere=True) is None
    assert parse_iban("IBAN") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("AGRIFRPP", "AGRIFRPP"),
        ("AGR1FRPP", "AGRIFRPP"),
        ("BNPAFRPPXXX", "BNPAFRPPXXX"),
        ("BNPA FR PP XXX", "BNPAFRPPXXX"),
        ("CEPAFRPP131", "CEPAFRPP131"),
    ],
)
def test_bic(text: str, value: str) -> None:
    parsed = parse_bic(text)
    assert parsed is not None and parsed.value == value


def test_no_bic_in_junk() -> None:
    assert parse_bic("12345678") is None
    assert parse_bic("") is None
