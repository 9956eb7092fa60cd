"""Identifiers with their check digits.

MRZ (ICAO 9303), IBAN and French RIB, SIRET, France Travail id, French tax
numbers.

Everything here is pure and deterministic: random choices come from the
``random.Random`` the caller passes in.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.fr import nif as stdnum_nif
from stdnum.fr import siret as stdnum_siret

MRZ_WEIGHTS = (7, 3, 1)
DIGITS = "0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q: they read like digits


# --------------------------------------------------------------------------- MRZ


def mrz_char_value(char: str) -> int:
    """Return the ICAO 9303 value of one MRZ character ('<' counts 0)."""
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"not an MRZ character: {char!r}")


def compute_mrz_check_digit(field: str) -> str:
    """Compute the ICAO 9303 check digit (weights 7, 3, 1 modulo 10) of ``field``."""
    total = sum(mrz_char_value(c) * MRZ_WEIGHTS[i % 3] for i, c in enumerate(field))
    return str(total % 10)


def fold_mrz_name(name: str) -> str:
    """Transliterate a printed name for the MRZ (ICAO 9303 part 3).

    Upper case, no accents, apostrophes dropped, hyphens and spaces as '<'.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.replace("Œ", "OE").replace("œ", "oe").replace("Æ", "AE").replace("æ", "ae")
    ascii_only = ascii_only.upper().replace("'", "").replace("’", "")
    out = []
    for char in ascii_only:
        out.append(char if ("A" <= char <= "Z") else "<")
    return "".join(out).strip("<")


def pad_mrz(text: str, width: int) -> str:
    """Pad with '<' (or truncate) to ``width`` characters."""
    return (text + "<" * width)[:width]


def format_mrz_date(value: date) -> str:
    """YYMMDD."""
    return value.strftime("%y%m%d")


def format_mrz_names(last_name: str, given_names: list[str], width: int, given_sep: str = "<") -> str:
    """``SURNAME<<GIVEN<NAMES`` padded/truncated to ``width``."""
    given = given_sep.join(fold_mrz_name(g) for g in given_names)
    return pad_mrz(f"{fold_mrz_name(last_name)}<<{given}", width)


@dataclass(frozen=True)
class MrzData:
    """What an MRZ encodes."""

    doc_code: str  # "ID", "IR", "P<"
    issuing_state: str  # "FRA"
    document_number: str
    last_name: str
    given_names: list[str]
    birth_date: date
    sex: str  # "M" / "F"
    expiry_date: date | None
    nationality: str = "FRA"


def build_td1(data: MrzData) -> list[str]:
    """Three 30-character lines (2021 French identity card, residence permit)."""
    number = pad_mrz(data.document_number, 9)
    line1 = f"{data.doc_code}{data.issuing_state}{number}{compute_mrz_check_digit(number)}"
    line1 = pad_mrz(line1, 30)
    birth = format_mrz_date(data.birth_date)
    assert data.expiry_date is not None
    expiry = format_mrz_date(data.expiry_date)
    line2 = (
        f"{birth}{compute_mrz_check_digit(birth)}{data.sex}{expiry}{compute_mrz_check_digit(expiry)}"
        f"{data.nationality}"
    )
    line2 = pad_mrz(line2, 29)
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += compute_mrz_check_digit(composite)
    line3 = format_mrz_names(data.last_name, data.given_names, 30)
    return [line1, line2, line3]


def build_td3(data: MrzData) -> list[str]:
    """Two 44-character lines (passport)."""
    line1 = pad_mrz(f"P<{data.issuing_state}" + format_mrz_names(data.last_name, data.given_names, 39), 44)
    number = pad_mrz(data.document_number, 9)
    birth = format_mrz_date(data.birth_date)
    assert data.expiry_date is not None
    expiry = format_mrz_date(data.expiry_date)
    personal = "<" * 14
    line2 = (
        f"{number}{compute_mrz_check_digit(number)}{data.nationality}"
        f"{birth}{compute_mrz_check_digit(birth)}{data.sex}"
        f"{expiry}{compute_mrz_check_digit(expiry)}{personal}{compute_mrz_check_digit(personal)}"
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 += compute_mrz_check_digit(composite)
    return [line1, line2]


def build_french_id_1988(data: MrzData, office_code: str) -> list[str]:
    """Two 36-character lines of the old laminated French identity card.

    Line 1: ``IDFRA`` + surname (25) + issuing office (6).
    Line 2: card number (12) + check + given names (14, separated by ``<<``)
    + birth date + check + sex + final check over line 1 and line 2[0:35].
    """
    line1 = "IDFRA" + pad_mrz(fold_mrz_name(data.last_name), 25) + pad_mrz(office_code, 6)
    number = data.document_number
    given = pad_mrz("<<".join(fold_mrz_name(g) for g in data.given_names), 14)
    birth = format_mrz_date(data.birth_date)
    line2 = (
        f"{number}{compute_mrz_check_digit(number)}{given}{birth}{compute_mrz_check_digit(birth)}{data.sex}"
    )
    line2 += compute_mrz_check_digit(line1 + line2)
    return [line1, line2]


def corrupt_mrz_check_digit(lines: list[str], rng: random.Random) -> list[str]:
    """Make exactly one check digit wrong.

    The document-number check digit is changed, and the composite (final)
    digit is recomputed so that only that one check fails.
    """
    out = list(lines)
    if len(out) == 3:  # TD1
        pos = 14
        out[0] = out[0][:pos] + _other_digit(out[0][pos], rng) + out[0][pos + 1 :]
        composite = out[0][5:30] + out[1][0:7] + out[1][8:15] + out[1][18:29]
        out[1] = out[1][:29] + compute_mrz_check_digit(composite)
    elif len(out[0]) == 44:  # TD3
        pos = 9
        out[1] = out[1][:pos] + _other_digit(out[1][pos], rng) + out[1][pos + 1 :]
        composite = out[1][0:10] + out[1][13:20] + out[1][21:43]
        out[1] = out[1][:43] + compute_mrz_check_digit(composite)
    else:  # French 2x36
        pos = 12
        out[1] = out[1][:pos] + _other_digit(out[1][pos], rng) + out[1][pos + 1 :]
        out[1] = out[1][:35] + compute_mrz_check_digit(out[0] + out[1][:35])
    return out


def _other_digit(digit: str, rng: random.Random) -> str:
    return rng.choice([d for d in DIGITS if d != digit])


# --------------------------------------------------------------------------- IBAN / RIB

_RIB_LETTERS = {
    **dict.fromkeys("AJ", "1"),
    **dict.fromkeys("BKS", "2"),
    **dict.fromkeys("CLT", "3"),
    **dict.fromkeys("DMU", "4"),
    **dict.fromkeys("ENV", "5"),
    **dict.fromkeys("FOW", "6"),
    **dict.fromkeys("GPX", "7"),
    **dict.fromkeys("HQY", "8"),
    **dict.fromkeys("IRZ", "9"),
}


def compute_rib_key(bank: str, branch: str, account: str) -> str:
    """Compute the French RIB key: 97 - ((89*bank + 15*branch + 3*account) mod 97)."""
    digits = "".join(_RIB_LETTERS.get(c, c) for c in account.upper())
    total = 89 * int(bank) + 15 * int(branch) + 3 * int(digits)
    return f"{97 - total % 97:02d}"


@dataclass(frozen=True)
class BankAccount:
    """A French bank account: the RIB parts and its IBAN."""

    bank_code: str
    branch_code: str
    account_number: str
    rib_key: str
    iban: str  # compact, upper case

    @property
    def iban_grouped(self) -> str:
        """The IBAN in groups of four."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


def make_iban(bban: str, country: str = "FR") -> str:
    """Build a compact IBAN with correct ISO 13616 check digits."""
    check = stdnum_iban.calc_check_digits(f"{country}00{bban}")
    return f"{country}{check}{bban}"


def make_bank_account(rng: random.Random, bank_code: str) -> BankAccount:
    """Make a valid French account at ``bank_code`` (valid RIB key and IBAN)."""
    branch = "".join(rng.choice(DIGITS) for _ in range(5))
    account = "".join(rng.choice(DIGITS) for _ in range(11))
    key = compute_rib_key(bank_code, branch, account)
    return BankAccount(bank_code, branch, account, key, make_iban(bank_code + branch + account + key))


def break_bank_account(account: BankAccount, rng: random.Random) -> BankAccount:
    """Mistype one digit of the account number.

    The IBAN then fails mod-97 (and the RIB key no longer matches).
    """
    pos = rng.randrange(len(account.account_number))
    digits = account.account_number
    wrong = digits[:pos] + _other_digit(digits[pos], rng) + digits[pos + 1 :]
    bban = account.bank_code + account.branch_code + wrong + account.rib_key
    iban = account.iban[:4] + bban
    if stdnum_iban.is_valid(
        iban
    ):  # pragma: no cover - a mistype that keeps mod-97 is impossible for one digit
        raise AssertionError("broken IBAN is still valid")
    return BankAccount(account.bank_code, account.branch_code, wrong, account.rib_key, iban)


# --------------------------------------------------------------------------- SIRET


def make_siret(rng: random.Random) -> str:
    """Make a 14-digit SIRET whose SIREN and SIRET both pass Luhn (never La Poste)."""
    while True:
        body = str(rng.randint(1, 9)) + "".join(rng.choice(DIGITS) for _ in range(7))
        siren = body + luhn.calc_check_digit(body)
        if siren == "356000000":
            continue
        nic_body = "000" + str(rng.randint(1, 9))
        siret = siren + nic_body + luhn.calc_check_digit(siren + nic_body)
        if stdnum_siret.is_valid(siret):
            return siret


def break_siret(siret: str, rng: random.Random) -> str:
    """Change the last digit of a SIRET so that its Luhn check fails."""
    while True:
        wrong = siret[:-1] + _other_digit(siret[-1], rng)
        if not stdnum_siret.is_valid(wrong):
            return wrong


def format_siret_grouped(siret: str) -> str:
    """``732 829 320 00074``."""
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


# --------------------------------------------------------------------------- misc ids


def make_france_travail_id(rng: random.Random) -> str:
    """7 digits and a letter, like ``4821937K``."""
    return "".join(rng.choice(DIGITS) for _ in range(7)) + rng.choice(LETTERS)


def make_fiscal_number(rng: random.Random) -> str:
    """Make a 13-digit French tax number (numéro fiscal) valid for stdnum.fr.nif."""
    body = str(rng.randint(0, 3)) + "".join(rng.choice(DIGITS) for _ in range(9))
    number = body + stdnum_nif.calc_check_digits(body)
    assert stdnum_nif.is_valid(number)
    return number


def make_tax_reference(rng: random.Random, year: int, department: str) -> str:
    """13 characters: year (2), département (2), 'A', 8 digits."""
    return f"{year % 100:02d}{department[:2]}A" + "".join(rng.choice(DIGITS) for _ in range(8))
