"""models.mrz: ICAO 9303 check digits and parsing of TD1, TD3 and the old French card."""

from __future__ import annotations

from datetime import date

import pytest

from models.mrz import Mrz, is_valid, parse_mrz
from models.mrz_checks import check_digit

# ICAO 9303 part 4 (TD3) and part 5 (TD1) specimens.
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
# The public specimen of the old French identity card (2 x 36).
FR_ID = "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n8806923102858CORINNE<<<<<<<6512068F6"
REF = date(2026, 11, 20)


def td1(
    number: str,
    birth: str,
    sex: str,
    expiry: str,
    names: str,
    code: str = "ID",
    state: str = "FRA",
    optional1: str = "",
    optional2: str = "",
) -> str:
    """TD1 lines with correct check digits."""
    line1 = (code + state + number.ljust(9, "<") + check_digit(number.ljust(9, "<")) + optional1).ljust(
        30, "<"
    )
    line2 = (birth + check_digit(birth) + sex + expiry + check_digit(expiry) + "FRA" + optional2).ljust(
        29, "<"
    )
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return "\n".join([line1, line2, names.ljust(30, "<")])


def replace(text: str, line: int, col: int, char: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line][:col] + char + lines[line][col + 1 :]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890", "7"),
        ("<<<<<<<<<<<<<<", "0"),
        ("880692310285", "8"),
        ("", "0"),
    ],
)
def test_check_digit_icao_examples(data: str, digit: str) -> None:
    assert check_digit(data) == digit


def test_check_digit_letters_and_filler_values() -> None:
    # A=10, B=11 ... Z=35, '<' = 0: "A" -> 10*7 = 70 -> 0; "B" -> 77 -> 7; "<1" -> 0*7+1*3 = 3
    assert check_digit("A") == "0"
    assert check_digit("B") == "7"
    assert check_digit("<1") == "3"
    with pytest.raises(ValueError):
        check_digit("a")


def test_parse_td3_specimen() -> None:
    mrz = parse_mrz(TD3, REF)
    assert mrz is not None and mrz.format == "TD3" and mrz.valid
    assert mrz.document_code == "P"
    assert mrz.issuing_state == "UTO" and mrz.nationality == "UTO"
    assert mrz.document_number == "L898902C3"
    assert mrz.surname == "ERIKSSON" and mrz.given_names == ["ANNA", "MARIA"]
    assert mrz.birth_date == date(1974, 8, 12)
    assert mrz.expiry_date == date(2012, 4, 15)
    assert mrz.sex == "F"
    assert set(mrz.checks) == {
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
        "format",
    }
    assert mrz.lines == TD3.split("\n")


def test_parse_td1_specimen() -> None:
    mrz = parse_mrz(TD1, REF)
    assert mrz is not None and mrz.format == "TD1" and mrz.valid
    assert mrz.document_code == "I" and mrz.issuing_state == "UTO"
    assert mrz.document_number == "D23145890"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", ["ANNA", "MARIA"])
    assert (mrz.birth_date, mrz.expiry_date, mrz.sex) == (date(1974, 8, 12), date(2012, 4, 15), "F")
    assert set(mrz.checks) == {"document_number", "birth_date", "expiry_date", "composite", "format"}


def test_parse_old_french_card_specimen() -> None:
    mrz = parse_mrz(FR_ID, REF)
    assert mrz is not None and mrz.format == "FR_ID" and mrz.valid
    assert mrz.document_code == "ID" and mrz.issuing_state == "FRA" and mrz.nationality == "FRA"
    assert mrz.document_number == "880692310285"
    assert mrz.surname == "BERTHIER" and mrz.given_names == ["CORINNE"]
    assert mrz.birth_date == date(1965, 12, 6)
    assert mrz.expiry_date is None  # the old card has no expiry in its MRZ
    assert mrz.sex == "F"
    assert set(mrz.checks) == {"document_number", "birth_date", "composite", "format"}


def test_old_french_card_composite_covers_both_lines() -> None:
    # changing the surname (line 1) breaks only the composite check
    mrz = parse_mrz(replace(FR_ID, 0, 5, "C"), REF)
    assert mrz is not None and not mrz.valid
    assert mrz.checks == {"document_number": True, "birth_date": True, "composite": False, "format": True}


def test_old_french_card_given_names_separated_by_double_filler() -> None:
    line1 = "IDFRA" + "DUPONT<MARTIN".ljust(25, "<") + "131042"
    number = "880613100123"
    given = "ELODIE<<MARIE".ljust(14, "<")
    line2 = number + check_digit(number) + given + "910412" + check_digit("910412") + "F"
    line2 += check_digit(line1 + line2)
    mrz = parse_mrz(f"{line1}\n{line2}", REF)
    assert mrz is not None and mrz.valid
    assert mrz.surname == "DUPONT MARTIN"
    assert mrz.given_names == ["ELODIE", "MARIE"]


def test_french_2021_card_and_residence_permit() -> None:
    card = parse_mrz(td1("X4RTBPFW4", "910412", "F", "310301", "DUPONT<MARTIN<<ELODIE<MARIE"), REF)
    assert card is not None and card.valid and card.document_code == "ID" and card.issuing_state == "FRA"
    assert card.surname == "DUPONT MARTIN" and card.given_names == ["ELODIE", "MARIE"]
    permit = parse_mrz(td1("AB1234567", "850101", "M", "290630", "NGUYEN<<VAN<AN", code="IR"), REF)
    assert permit is not None and permit.valid and permit.document_code == "IR"


@pytest.mark.parametrize(
    ("line", "col", "char", "failing"),
    [
        (1, 19, "3", {"birth_date", "composite"}),  # birth check digit 2 -> 3
        (1, 6, "3", {"document_number", "composite"}),  # a document number character
        (1, 9, "3", {"document_number", "composite"}),  # document number check digit
        (1, 43, "1", {"composite"}),
        (1, 21, "2", {"expiry_date", "composite"}),  # expiry 120415 -> 220415
    ],
)
def test_invalid_check_digits_are_reported(line: int, col: int, char: str, failing: set[str]) -> None:
    mrz = parse_mrz(replace(TD3, line, col, char), REF)
    assert mrz is not None and not mrz.valid
    assert {k for k, ok in mrz.checks.items() if not ok} == failing


def test_characters_of_the_wrong_class_fail_the_format_check() -> None:
    # check digits computed over a letter in the expiry date and an R for the sex:
    # every check digit holds, but no real MRZ looks like this
    text = td1("X4RTBPFW4", "910412", "R", "F29100", "DUPONT<<ELODIE")
    mrz = parse_mrz(text, REF)
    assert mrz is not None
    assert all(ok for name, ok in mrz.checks.items() if name != "format")
    assert mrz.checks["format"] is False and not mrz.valid
    assert mrz.expiry_date is None


def test_td1_long_document_number_continues_in_optional_data() -> None:
    # ICAO 9303-5: a number longer than 9 characters puts '<' at position 15 and
    # continues in the optional data, followed by its check digit.
    number = "D23145890123"
    line1 = ("I<UTO" + number[:9] + "<" + number[9:] + check_digit(number)).ljust(30, "<")
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = parse_mrz(f"{line1}\n{line2}\nERIKSSON<<ANNA<<<<<<<<<<<<<<<<", REF)
    assert mrz is not None and mrz.valid
    assert mrz.document_number == number


def test_century_of_birth_and_expiry() -> None:
    text = td1("X4RTBPFW4", "050412", "F", "310301", "DUPONT<<ELODIE")
    assert parse_mrz(text, date(2026, 1, 1)).birth_date == date(2005, 4, 12)  # type: ignore[union-attr]
    assert parse_mrz(text, date(2004, 1, 1)).birth_date == date(1905, 4, 12)  # type: ignore[union-attr]
    old = td1("X4RTBPFW4", "270412", "M", "310301", "DUPONT<<JEAN")
    assert parse_mrz(old, date(2026, 11, 20)).birth_date == date(1927, 4, 12)  # type: ignore[union-attr]
    assert parse_mrz(old, REF).expiry_date == date(2031, 3, 1)  # type: ignore[union-attr]


def test_unknown_birth_day_gives_no_date_but_checks_still_decide() -> None:
    text = td1("X4RTBPFW4", "9104<<", "F", "310301", "DUPONT<<ELODIE")
    mrz = parse_mrz(text, REF)
    assert mrz is not None and mrz.birth_date is None and mrz.valid


def test_surrounding_whitespace_and_blank_lines_are_ignored() -> None:
    mrz = parse_mrz("\n  " + TD3.replace("\n", "  \n\n  ") + "\n", REF)
    assert mrz is not None and mrz.valid


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "hello",
        TD3.lower(),
        TD3[:-1],
        TD3 + "<",
        TD3.replace("\n", ""),
        TD1.replace("I<UTO", "I UTO"),
        "P<UTO\nL898",
        "😀" * 44 + "\n" + "😀" * 44,
        "<" * 44 + "\n" + "<" * 44 + "\n" + "<" * 44,
        None,
        b"P<UTO",
        12345,
        "A" * 1_000_000,
    ],
)
def test_parse_mrz_returns_none_on_junk_and_never_raises(junk: object) -> None:
    assert parse_mrz(junk) is None  # type: ignore[arg-type]
    assert is_valid(junk) is False  # type: ignore[arg-type]


def test_two_by_36_lines_that_are_not_the_french_card_parse_as_td2_and_fail() -> None:
    mrz = parse_mrz(FR_ID.replace("IDFRA", "IDBEL"), REF)
    assert mrz is not None and mrz.format == "TD2" and not mrz.valid


# ICAO 9303-6 appendix specimen (TD2) and 9303-7 (MRV-A, MRV-B).
TD2 = "I<UTOERIKSSON<<ANNA<MARIA".ljust(36, "<") + "\nD231458907UTO7408122F1204159<<<<<<<6"
MRV_A = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRV_B = "V<UTOERIKSSON<<ANNA<MARIA".ljust(36, "<") + "\nL8988901C4XXX4009078F9612109<<<<<<<<"


@pytest.mark.parametrize(("text", "fmt"), [(TD2, "TD2"), (MRV_A, "MRV_A"), (MRV_B, "MRV_B")])
def test_td2_and_visa_specimens_parse_and_validate(text: str, fmt: str) -> None:
    mrz = parse_mrz(text, REF)
    assert mrz is not None and mrz.format == fmt and mrz.valid, mrz
    assert mrz.surname == "ERIKSSON" and mrz.given_names == ["ANNA", "MARIA"]
    assert mrz.birth_date is not None and mrz.birth_date.isoformat() == "1974-08-12" or fmt != "TD2"


def test_td2_composite_catches_a_changed_optional_field() -> None:
    broken = TD2.replace("<<<<<<<6", "<<<<<<A6".replace("A", "1"))
    mrz = parse_mrz(broken, REF)
    assert mrz is not None and not mrz.checks["composite"]


def test_all_filler_mrz_of_known_shape_parses_as_invalid() -> None:
    mrz = parse_mrz("<" * 44 + "\n" + "<" * 44, REF)
    # a TD3 shape needs no particular first character: it parses, its dates are None
    assert mrz is None or not mrz.valid or mrz.birth_date is None


def test_mrz_is_frozen_and_text_joins_lines() -> None:
    mrz = parse_mrz(TD1, REF)
    assert isinstance(mrz, Mrz)
    assert mrz.text == TD1
    with pytest.raises(AttributeError):
        mrz.surname = "X"  # type: ignore[misc]
