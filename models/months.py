"""Month names as they are written on documents (accents folded, lower case): one table for all.

``FRENCH_MONTHS`` holds the full names and the usual abbreviations
("janv", "sept"); ``ENGLISH_MONTHS`` the full English names that passports and
some bank statements print, ``ENGLISH_SHORT_MONTHS`` their short forms and
``GERMAN_MONTHS`` the German ones (invoices from German-language issuers).
The extractors and the validators each take the tables they accept (see
``extractors.fields.dates.MONTHS`` and ``validators.normalise``).
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
    "aou": 8,
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

# Short English forms (passports print "06 MAR 2026"; invoices "Mar 6, 2026").
ENGLISH_SHORT_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# German names (accents folded: "März" is "marz"), as German-language invoices print them.
GERMAN_MONTHS: dict[str, int] = {
    "januar": 1,
    "janner": 1,
    "februar": 2,
    "marz": 3,
    "maerz": 3,
    "mrz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "dezember": 12,
    "dez": 12,
}
