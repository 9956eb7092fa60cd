"""Machine-readable zones (ICAO 9303) of identity documents: check digits and parsing.

Pure and dependency-free, shared by ``extractors`` (which find and repair MRZ
lines in OCR output) and ``validators`` (which judge them).

The formats are ``models.mrz_formats``, the check digits and dates
``models.mrz_checks``; this module parses lines into an ``Mrz``.

``Mrz.checks`` maps each check to whether it holds: the check digits
``document_number``, ``birth_date``, ``expiry_date`` (TD1, TD3),
``personal_number`` (TD3) and ``composite``, and ``format`` (every character
of the class its position requires: digits in dates and check digits,
letters or fillers in names and codes, M/F/X/< for sex). Dates that are not
calendar dates (unknown day ``<<``, ``000000``…) parse to ``None`` without
failing a check. ``valid`` is all checks holding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.mrz_checks import check_holds, parse_yymmdd
from models.mrz_formats import MRZ_CHARS, detect_format, format_ok


def _names(field_text: str) -> tuple[str, list[str]]:
    """Split an ICAO name field into (surname, given names).

    Primary and secondary identifiers are separated by ``<<``; inside each,
    ``<`` separates words. Given names are listed one per ``<``-separated word.
    """
    text = field_text.rstrip("<")
    primary, _, secondary = text.partition("<<")
    surname = " ".join(part for part in primary.split("<") if part)
    given = [part for part in secondary.split("<") if part]
    return surname, given


@dataclass(frozen=True)
class Mrz:
    """A parsed machine-readable zone (values as encoded; ``<`` fillers removed)."""

    format: str  # "TD1" | "TD3" | "FR_ID" | "TD2" | "MRV_A" | "MRV_B"
    lines: list[str]
    document_code: str
    issuing_state: str
    document_number: str
    surname: str
    given_names: list[str]
    birth_date: date | None
    expiry_date: date | None
    sex: str
    nationality: str
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when every check digit holds."""
        return bool(self.checks) and all(self.checks.values())

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)


def _parse_td1(lines: list[str], pivot: int) -> Mrz:
    l1, l2, l3 = lines
    number_field, number_check, optional1 = l1[5:14], l1[14], l1[15:30]
    if number_check == "<" and optional1.rstrip("<"):
        # Long document number: it continues in the optional data, whose last
        # significant character is then the check digit (ICAO 9303-5 §4.2.4).
        extension = optional1.split("<", 1)[0]
        number = number_field + extension[:-1]
        number_ok = len(extension) >= 2 and check_holds(number, extension[-1])
    else:
        number = number_field
        number_ok = check_holds(number_field, number_check)
    composite_data = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks = {
        "document_number": number_ok,
        "birth_date": check_holds(l2[0:6], l2[6]),
        "expiry_date": check_holds(l2[8:14], l2[14]),
        "composite": check_holds(composite_data, l2[29]),
    }
    surname, given = _names(l3)
    return Mrz(
        format="TD1",
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=number.replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[0:6], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[8:14], future=True),
        sex=l2[7],
        nationality=l2[15:18].replace("<", ""),
        checks=checks,
    )


def _parse_td3(lines: list[str], pivot: int) -> Mrz:
    l1, l2 = lines
    composite_data = l2[0:10] + l2[13:20] + l2[21:43]
    checks = {
        "document_number": check_holds(l2[0:9], l2[9]),
        "birth_date": check_holds(l2[13:19], l2[19]),
        "expiry_date": check_holds(l2[21:27], l2[27]),
        "personal_number": check_holds(l2[28:42], l2[42], filler_ok=True),
        "composite": check_holds(composite_data, l2[43]),
    }
    surname, given = _names(l1[5:44])
    return Mrz(
        format="TD3",
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=l2[0:9].replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[13:19], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[21:27], future=True),
        sex=l2[20],
        nationality=l2[10:13].replace("<", ""),
        checks=checks,
    )


def _parse_fr_id(lines: list[str], pivot: int) -> Mrz:
    l1, l2 = lines
    checks = {
        "document_number": check_holds(l2[0:12], l2[12]),
        "birth_date": check_holds(l2[27:33], l2[33]),
        "composite": check_holds(l1 + l2[:35], l2[35]),
    }
    surname = " ".join(part for part in l1[5:30].split("<") if part)
    # Given names are separated by "<<"; a single "<" joins the words of one name.
    given = [" ".join(p for p in name.split("<") if p) for name in l2[13:27].split("<<")]
    return Mrz(
        format="FR_ID",
        lines=list(lines),
        document_code=l1[0:2],
        issuing_state=l1[2:5],
        document_number=l2[0:12].replace("<", ""),
        surname=surname,
        given_names=[name for name in given if name],
        birth_date=parse_yymmdd(l2[27:33], pivot_year=pivot),
        expiry_date=None,
        sex=l2[34],
        nationality="FRA",
        checks=checks,
    )


def _parse_two_line(lines: list[str], pivot: int, fmt: str) -> Mrz:
    """TD2 (2×36) and the visas MRV-A (2×44) and MRV-B (2×36): one line-2 layout.

    TD2 ends with a composite check over the number, birth and expiry fields
    and the optional data; visas have no composite (ICAO 9303-6 and -7).
    """
    l1, l2 = lines
    checks = {
        "document_number": check_holds(l2[0:9], l2[9]),
        "birth_date": check_holds(l2[13:19], l2[19]),
        "expiry_date": check_holds(l2[21:27], l2[27]),
    }
    if fmt == "TD2":
        checks["composite"] = check_holds(l2[0:10] + l2[13:20] + l2[21:35], l2[35])
    surname, given = _names(l1[5:])
    return Mrz(
        format=fmt,
        lines=list(lines),
        document_code=l1[0:2].replace("<", ""),
        issuing_state=l1[2:5].replace("<", ""),
        document_number=l2[0:9].replace("<", ""),
        surname=surname,
        given_names=given,
        birth_date=parse_yymmdd(l2[13:19], pivot_year=pivot),
        expiry_date=parse_yymmdd(l2[21:27], future=True),
        sex=l2[20],
        nationality=l2[10:13].replace("<", ""),
        checks=checks,
    )


def _parse_td2(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "TD2")


def _parse_mrv_a(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "MRV_A")


def _parse_mrv_b(lines: list[str], pivot: int) -> Mrz:
    return _parse_two_line(lines, pivot, "MRV_B")


_PARSERS = {
    "TD1": _parse_td1,
    "TD3": _parse_td3,
    "FR_ID": _parse_fr_id,
    "TD2": _parse_td2,
    "MRV_A": _parse_mrv_a,
    "MRV_B": _parse_mrv_b,
}


def _with_format_check(mrz: Mrz) -> Mrz:
    checks = {**mrz.checks, "format": format_ok(mrz.lines, mrz.format)}
    return Mrz(**{**mrz.__dict__, "checks": checks})


def parse_mrz(text: str, reference: date | None = None) -> Mrz | None:
    """Parse MRZ lines joined by newlines; None when they are not a known MRZ format.

    Surrounding whitespace and blank lines are ignored; the lines themselves
    must be exact (right length, characters ``[A-Z0-9<]`` only): repairing OCR
    output is the extractor's job. ``reference`` (default: today) sets the
    century of two-digit birth years. Never raises.
    """
    if not isinstance(text, str):
        return None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or not all(MRZ_CHARS.match(line) for line in lines):
        return None
    fmt = detect_format(lines)
    if fmt is None:
        return None
    pivot = (reference or date.today()).year
    return _with_format_check(_PARSERS[fmt](lines, pivot))


def is_valid(text: str, reference: date | None = None) -> bool:
    """True when ``text`` is an MRZ of a known format whose check digits all hold; never raises."""
    mrz = parse_mrz(text, reference)
    return mrz is not None and mrz.valid
