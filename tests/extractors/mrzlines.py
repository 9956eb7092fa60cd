"""Build MRZ lines with correct check digits for tests (independent of the sample generator)."""

from __future__ import annotations

from models.mrz_checks import check_digit


def td1(
    number: str, birth: str, sex: str, expiry: str, names: str, *, code: str = "ID", state: str = "FRA"
) -> list[str]:
    """Three 30-character lines (French 2021 identity card, residence permit ``IR``)."""
    number = number.ljust(9, "<")
    line1 = (code + state + number + check_digit(number)).ljust(30, "<")
    line2 = (birth + check_digit(birth) + sex + expiry + check_digit(expiry) + state).ljust(29, "<")
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return [line1, line2, names.ljust(30, "<")]


def td3(number: str, birth: str, sex: str, expiry: str, names: str, *, state: str = "FRA") -> list[str]:
    """Two 44-character passport lines."""
    number = number.ljust(9, "<")
    line1 = ("P<" + state + names).ljust(44, "<")
    personal = "<" * 14
    line2 = (
        number
        + check_digit(number)
        + state
        + birth
        + check_digit(birth)
        + sex
        + expiry
        + check_digit(expiry)
        + personal
        + check_digit(personal)
    )
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return [line1, line2]


def fr_id(surname: str, office: str, number: str, given: str, birth: str, sex: str) -> list[str]:
    """The old French card: two 36-character lines."""
    line1 = "IDFRA" + surname.ljust(25, "<") + office.ljust(6, "<")
    line2 = number + check_digit(number) + given.ljust(14, "<") + birth + check_digit(birth) + sex
    line2 += check_digit(line1 + line2)
    return [line1, line2]


def set_char(lines: list[str], line: int, col: int, char: str) -> list[str]:
    """A copy of ``lines`` with one character replaced."""
    out = list(lines)
    out[line] = out[line][:col] + char + out[line][col + 1 :]
    return out
