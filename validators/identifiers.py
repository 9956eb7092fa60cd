"""Identifier validators: thin adapters over python-stdnum, and our own in its image.

Each identifier is an ``Identifier`` with python-stdnum's contract:

- ``compact(number) -> str``: the minimal representation (no spaces…);
- ``validate(number) -> str``: the compact form, or raises a
  ``stdnum.exceptions.ValidationError`` (``InvalidFormat``, ``InvalidLength``,
  ``InvalidChecksum``, ``InvalidComponent``);
- ``is_valid(number) -> bool``: never raises, whatever it is given;
- ``format(number) -> str``: the usual printed form.

``IBAN``: ISO 13616 mod-97 and the BBAN structure (stdnum), plus the French
RIB key (clé RIB) for France, Monaco and the French overseas territories,
which python-stdnum 2.2 does not check. ``SIRET``: Luhn on SIREN and SIRET,
La Poste establishments (SIREN 356000000) valid when their digit sum is a
multiple of 5 (stdnum 2.2 implements that exception; a test pins it).
``SIREN``: Luhn. ``FRANCE_TRAVAIL_ID``: 7 digits and a letter, or 8 letters
and digits with at least one digit (a word of 8 letters is not an id).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stdnum import iban as _iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

__all__ = [
    "FRANCE_TRAVAIL_ID",
    "IBAN",
    "IDENTIFIERS",
    "SIREN",
    "SIRET",
    "Identifier",
    "InvalidChecksum",
    "InvalidFormat",
    "InvalidLength",
    "ValidationError",
    "rib_key",
]

# IBAN country codes whose BBAN is a French RIB (bank 5, branch 5, account 11, key 2).
RIB_COUNTRIES = frozenset(
    {"FR", "MC", "GF", "GP", "MQ", "RE", "YT", "NC", "PF", "PM", "TF", "WF", "BL", "MF"}
)
# Letters in a RIB account number stand for digits (A,J→1; B,K,S→2; … I,R,Z→9).
_RIB_LETTERS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "12345678912345678923456789",
)
_MAX_LENGTH = 200  # no identifier is longer; bounds the work on junk


@dataclass(frozen=True)
class Identifier:
    """One identifier's four functions, as a python-stdnum module has them."""

    name: str
    compact: Callable[[Any], str]
    validate: Callable[[Any], str]
    is_valid: Callable[[Any], bool]
    format: Callable[[Any], str]


def _as_text(number: Any) -> str:
    """Return ``number`` if it is a reasonably short string; else raise InvalidFormat."""
    if not isinstance(number, str) or len(number) > _MAX_LENGTH:
        raise InvalidFormat()
    return number


def _never_raises(validate: Callable[[Any], str]) -> Callable[[Any], bool]:
    """Return an ``is_valid`` for ``validate``: True when it returns, False on any error."""

    def is_valid(number: Any) -> bool:
        try:
            return bool(validate(number))
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            return False

    is_valid.__doc__ = f"True when ``validate`` accepts the number ({validate.__module__})."
    return is_valid


# ---------------------------------------------------------------- IBAN


def rib_key(bank: str, branch: str, account: str) -> str:
    """Return the two-digit French RIB key of a bank, branch and account code (letters allowed)."""
    b, g, c = (part.upper().translate(_RIB_LETTERS) for part in (bank, branch, account))
    if not (b.isascii() and g.isascii() and c.isascii() and (b + g + c).isdigit()):
        raise InvalidFormat()
    return f"{97 - (89 * int(b) + 15 * int(g) + 3 * int(c)) % 97:02d}"


def iban_compact(number: Any) -> str:
    """Return the IBAN in upper case without spaces or separators."""
    return str(_iban.compact(_as_text(number)))


def iban_validate(number: Any) -> str:
    """Check mod-97, the country's BBAN structure and, for French RIBs, the RIB key."""
    valid = str(_iban.validate(_as_text(number)))
    if valid[:2] in RIB_COUNTRIES and len(valid) == 27:
        bban = valid[4:]
        if rib_key(bban[:5], bban[5:10], bban[10:21]) != bban[21:23]:
            raise InvalidChecksum()
    return valid


def iban_format(number: Any) -> str:
    """Return the IBAN grouped by four characters."""
    return _iban.format(_as_text(number))


IBAN = Identifier("IBAN", iban_compact, iban_validate, _never_raises(iban_validate), iban_format)


# ---------------------------------------------------------------- SIREN / SIRET


def siren_compact(number: Any) -> str:
    """Return the SIREN without spaces or dots."""
    return _siren.compact(_as_text(number))


def siren_validate(number: Any) -> str:
    """Check the SIREN's length, digits and Luhn key."""
    return _siren.validate(_as_text(number))


def siren_format(number: Any) -> str:
    """Return the SIREN as ``732 829 320``."""
    return _siren.format(_as_text(number))


SIREN = Identifier("SIREN", siren_compact, siren_validate, _never_raises(siren_validate), siren_format)


def siret_compact(number: Any) -> str:
    """Return the SIRET without spaces or dots."""
    return _siret.compact(_as_text(number))


def siret_validate(number: Any) -> str:
    """Check the SIRET: Luhn on SIREN and SIRET, La Poste's digit-sum exception."""
    return _siret.validate(_as_text(number))


def siret_format(number: Any) -> str:
    """Return the SIRET as ``732 829 320 00074``."""
    return _siret.format(_as_text(number))


SIRET = Identifier("SIRET", siret_compact, siret_validate, _never_raises(siret_validate), siret_format)


# ---------------------------------------------------------------- France Travail id

_FT_RE = re.compile(r"[0-9A-Z]{8}", re.ASCII)


def france_travail_id_compact(number: Any) -> str:
    """Upper case, without spaces, dots or hyphens."""
    return re.sub(r"[\s.\-]+", "", _as_text(number)).upper()


def france_travail_id_validate(number: Any) -> str:
    """Check the form: 8 ASCII letters or digits, at least one a digit (e.g. ``4821937K``)."""
    compact = france_travail_id_compact(number)
    if len(compact) != 8:
        raise InvalidLength()
    if not _FT_RE.fullmatch(compact) or not any(c.isdigit() for c in compact):
        raise InvalidFormat()
    return compact


def france_travail_id_format(number: Any) -> str:
    """Return the compact form (France Travail prints ids without separators)."""
    return france_travail_id_compact(number)


FRANCE_TRAVAIL_ID = Identifier(
    "France Travail id",
    france_travail_id_compact,
    france_travail_id_validate,
    _never_raises(france_travail_id_validate),
    france_travail_id_format,
)

IDENTIFIERS: dict[str, Identifier] = {
    "iban": IBAN,
    "siren": SIREN,
    "siret": SIRET,
    "france_travail_id": FRANCE_TRAVAIL_ID,
}
