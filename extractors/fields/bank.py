"""Bank details (RIB): holder_name, iban, bic (CONTRACT.md §6).

IBAN repair policy (checksum-guided, like Démarches Simplifiées, but bounded):

* An IBAN that passes ISO 13616 mod-97 as read is returned as read.
* Otherwise, characters impossible at their position (a letter where the
  country's BBAN structure wants a digit, a digit in the country code) are
  mapped to their look-alike (``O→0``, ``I/L→1``, ``S→5``, ``B→8``…).
* If it still fails, confusable characters at positions that may be a letter
  or a digit (the French account number) are flipped, trying every
  combination of 1, then 2; a candidate must pass mod-97 *and* the French
  RIB key. The repair is kept only when exactly one candidate of the
  smallest size passes.
* Never more than 2 substitutions in all; beyond, or when ambiguous, the
  value is the compact reading (still invalid) and the IBAN rule sends the
  dossier to review. ``raw`` always keeps what was read.

Why this cannot manufacture validity: mod-97 detects every single-character
substitution, so one repaired position has at most one valid reading; with
two, the RIB key (a second, independent mod-97) must also hold and the
solution must be unique.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import numdb

from extractors.fields.claims import to_extracted as claim_extracted
from extractors.fields.claims_codes import compact, find_code
from extractors.fields.claims_reconcile import Agreement, reconcile
from extractors.fields.labels import vocabulary_labels
from extractors.fields.names import parse_name
from extractors.fields.pairing import Span, labelled_value, put, to_extracted
from extractors.fields.parsed import Parsed, penalty
from extractors.fields.persons import addressee_name, agree_holder, holder_name
from extractors.fields.text import Line, document_lines
from models.claims import Claims
from models.document import Document, Extracted

FAMILY = "bank_details"
HOLDER = vocabulary_labels(FAMILY, "holder_name")
IBAN_LABELS = vocabulary_labels(FAMILY, "iban")
BIC_LABELS = vocabulary_labels(FAMILY, "bic")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
ALL_LABELS = HOLDER + IBAN_LABELS + BIC_LABELS + OTHER_LABELS

MAX_IBAN_REPAIRS = 2

_IBAN_DB = numdb.get("iban")
_STRUCT = re.compile(r"(\d+)!([nac])")
_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "|": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
    "T": "7",
}
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
_CONFUSABLE = {
    "O": "0",
    "0": "O",
    "I": "1",
    "1": "I",
    "S": "5",
    "5": "S",
    "B": "8",
    "8": "B",
    "Z": "2",
    "2": "Z",
    "G": "6",
    "6": "G",
}
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def _upper_same_length(text: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def iban_structure(compact: str) -> str | None:
    """Position kinds (``a``/``n``/``c``) of an IBAN of ``compact``'s country, or None."""
    if len(compact) < 2:
        return None
    info = _IBAN_DB.info(compact[:2].upper() + "00")
    bban = info[0][1].get("bban") if info and info[0][1] else None
    if not bban:
        return None
    return "aann" + "".join(kind * int(n) for n, kind in _STRUCT.findall(bban))


def rib_key_ok(compact: str) -> bool:
    """The French RIB key check on an FR (or MC) IBAN; True for other countries."""
    if compact[:2] not in ("FR", "MC") or len(compact) != 27:
        return True
    bank, branch, account, key = compact[4:9], compact[9:14], compact[14:25], compact[25:27]
    if not (bank.isdigit() and branch.isdigit() and key.isdigit() and account.isalnum()):
        return False
    digits = account.translate(_RIB_LETTERS)
    return (89 * int(bank) + 15 * int(branch) + 3 * int(digits) + int(key)) % 97 == 0


def _mod97_ok(compact: str) -> bool:
    return stdnum_iban.is_valid(compact, check_country=False)


def repair_iban(compact: str) -> tuple[str, int, bool]:
    """Repair an OCR'd IBAN: (value, substitutions, valid). See the module policy."""
    compact = compact.upper()
    if _mod97_ok(compact):
        return compact, 0, True
    kinds = iban_structure(compact)
    if kinds is None or len(kinds) != len(compact):
        return compact, 0, False
    forced = list(compact)
    n = 0
    for i, (char, kind) in enumerate(zip(compact, kinds, strict=True)):
        if kind == "n" and char in _TO_DIGIT:
            forced[i] = _TO_DIGIT[char]
            n += 1
        elif kind == "a" and char in _TO_LETTER:
            forced[i] = _TO_LETTER[char]
            n += 1
    if n > MAX_IBAN_REPAIRS:
        return compact, 0, False
    fixed = "".join(forced)
    if _mod97_ok(fixed) and rib_key_ok(fixed):
        return fixed, n, True
    positions = [i for i, kind in enumerate(kinds) if kind == "c" and fixed[i] in _CONFUSABLE]
    for size in range(1, MAX_IBAN_REPAIRS - n + 1):
        solutions = []
        for combo in itertools.combinations(positions, size):
            cand = list(fixed)
            for i in combo:
                cand[i] = _CONFUSABLE[cand[i]]
            text = "".join(cand)
            if _mod97_ok(text) and rib_key_ok(text):
                solutions.append(text)
        if len(solutions) == 1:
            return solutions[0], n + size, True
        if solutions:
            break  # ambiguous: keep the reading
    return fixed, n, False


_IBAN_RE = re.compile(r"(?<![A-Z0-9])([A-Z8][A-Z8])\s?([0-9OILSBZ|]{2})((?:[ \-.]?[0-9A-Z|]){8,32})")


def parse_iban(text: str, *, anywhere: bool = False) -> Parsed | None:
    """The first IBAN in ``text``, compacted and repaired (value upper case, no spaces).

    ``anywhere`` (label-less scan) also requires mostly digits after the country code.
    """
    upper = _upper_same_length(text)
    for match in _IBAN_RE.finditer(upper):
        country = match.group(1).replace("8", "B")
        if iban_structure(country) is None:
            continue
        expected = len(iban_structure(country) or "")
        # walk the match, counting significant characters up to the expected length
        chars, end = [], match.start()
        for pos in range(match.start(), match.end()):
            c = upper[pos]
            if c in " -.":
                continue
            chars.append(c)
            end = pos + 1
            if len(chars) == expected:
                break
        compact = "".join(chars).replace("|", "I")
        compact = country + compact[2:]
        body = compact[4:]
        if anywhere and sum(c.isdigit() for c in body) < 0.6 * max(len(body), 1):
            continue
        if len(compact) < 15:
            continue
        value, subs, valid = repair_iban(compact)
        factor = penalty(subs, 0.9) * (1.0 if valid else 0.7)
        return Parsed(value, match.start(), end, factor)
    return None


_BIC_RE = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9]{4})\s?([A-Z0-9]{2})\s?([A-Z0-9]{2})((?:\s?[A-Z0-9]){3})?(?![A-Z0-9])"
)


def parse_bic(text: str) -> Parsed | None:
    """A BIC (8 or 11 characters); digits in the 6 letter positions read as letters."""
    upper = _upper_same_length(text)
    for match in _BIC_RE.finditer(upper):
        raw = re.sub(r"\s", "", match.group(0))
        letters = "".join(_TO_LETTER.get(c, c) for c in raw[:6])
        subs = sum(1 for a, b in zip(raw[:6], letters, strict=True) if a != b)
        value = letters + raw[6:]
        if subs <= 2 and stdnum_bic.is_valid(value):
            return Parsed(value, match.start(), match.end(), penalty(subs))
    return None


def _scan_iban(lines: Sequence[Line]) -> Extracted | None:
    """Label-less fallback: an IBAN-looking string anywhere, valid ones first."""
    found: list[tuple[bool, Extracted]] = []
    for i, line in enumerate(lines):
        parsed = parse_iban(line.text, anywhere=True)
        if parsed is not None:
            span = Span(i, 0, len(line.text), line.text, "scan")
            valid = stdnum_iban.is_valid(str(parsed.value), check_country=False)
            found.append((valid, to_extracted(lines, span, parsed, score=0.85, extractor="scan:iban")))
    if not found:
        return None
    found.sort(key=lambda item: not item[0])
    return found[0][1]


def _blind(lines: Sequence[Line]) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    holder = labelled_value(lines, HOLDER, parse_name, name="holder_name", stop=ALL_LABELS)
    put(fields, "holder_name", holder or addressee_name(lines))
    iban = labelled_value(lines, IBAN_LABELS, parse_iban, name="iban", stop=BIC_LABELS + HOLDER)
    put(fields, "iban", iban or _scan_iban(lines))
    bic = labelled_value(lines, BIC_LABELS, parse_bic, name="bic", stop=IBAN_LABELS + HOLDER)
    country = str(fields["iban"].value)[:2] if "iban" in fields else "FR"
    if bic is not None and str(bic.value)[4:6] != country:
        # an intermediary bank's BIC for international transfers, not the account's
        bic = _scan_bic(lines, country) or bic
    put(fields, "bic", bic or _scan_bic(lines, country))
    return fields


def _scan_bic(lines: Sequence[Line], country: str) -> Extracted | None:
    """Label-less fallback: the one valid BIC of the account's country printed anywhere (under a header)."""
    found = []
    for i, line in enumerate(lines):
        for match in re.finditer(
            r"(?<![A-Za-z0-9])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])", line.text
        ):
            value = match.group(0)
            if value[4:6] == country and stdnum_bic.is_valid(value):
                span = Span(i, 0, len(line.text), line.text, "scan")
                parsed = Parsed(value, match.start(), match.end())
                found.append(to_extracted(lines, span, parsed, score=0.85, extractor="scan:bic"))
    return found[0] if len({e.value for e in found}) == 1 else None


# Look-alike characters accepted while locating the declared IBAN (27 characters for France).
MAX_IBAN_LOOKALIKES = 3


def _claimed(lines: Sequence[Line], claims: Claims) -> dict[str, Extracted]:
    fields: dict[str, Extracted] = {}
    put(fields, "holder_name", holder_name(lines, claims, HOLDER, ALL_LABELS))
    if claims.iban:
        places = find_code(lines, claims.iban, max_substitutions=MAX_IBAN_LOOKALIKES, across_lines=True)
        if places:
            fields["iban"] = claim_extracted(lines, places[0], "iban")
    return fields


def _same_iban(labelled: Extracted, found: Extracted) -> bool | None:
    got = compact(labelled.value)
    if got == compact(found.value):
        return True
    # a different IBAN that passes its check is a contradiction; an unrepaired misreading is not
    return False if stdnum_iban.is_valid(got) else None


AGREE: dict[str, Agreement] = {"holder_name": agree_holder, "iban": _same_iban}


def extract_bank(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Fields of a RIB; with the form's claims, the declared IBAN and holder found first."""
    lines = document_lines(document)
    blind = _blind(lines)
    if claims is None:
        return blind
    return reconcile(blind, _claimed(lines, claims), AGREE)
