"""Month names as they are written on documents (accents folded, lower case): one table for all.

``FRENCH_MONTHS`` holds the full names and the usual abbreviations
("janv", "sept"); ``ENGLISH_MONTHS`` the full English names that passports and
some bank statements print. The extractors and the validators each add the
short forms they accept on top (see ``extractors.fields._common.MONTHS`` and
``validators.normalise``).
"""

from __future__ import annotations

FRENCH_MONTHS: dict[str, int] = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}

ENGLISH_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
