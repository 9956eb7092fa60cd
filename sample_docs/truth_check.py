"""An independent re-derivation of each dossier's reason codes.

It reads the truth fields and application.json and follows RULEBOOK.md
literally.

It exists to test the generator (the fault catalogue says which codes a fault
*should* raise; this module checks that the documents actually printed imply
exactly those). It is deliberately simple and is not the pipeline's rule
engine: it reads the ground truth, never OCR.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from stdnum import iban as stdnum_iban
from stdnum.fr import siret as stdnum_siret

from sample_docs.builders import subtract_months
from sample_docs.identifiers import compute_mrz_check_digit, compute_rib_key, fold_mrz_name

REGION_PREFIXES = ("04", "05", "06", "13", "83", "84")
CAP = 5000.0
REQUIRED = {
    "identity": {"id_card", "passport", "residence_permit"},
    "proof_of_address": {"proof_of_address"},
    "bank_details": {"bank_details"},
    "jobseeker_certificate": {"jobseeker_certificate"},
    "training_quote": {"training_quote"},
}


# --------------------------------------------------------------------------- names


def fold_name(text: str) -> list[str]:
    """Words of a name, case and accents folded, hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[-'’,.\s]+", " ", plain).split()


def contains_words(haystack: list[str], needle: list[str]) -> bool:
    """Tell whether ``needle`` occurs as consecutive whole words of ``haystack``."""
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def last_names_match(form: str, document: str) -> bool:
    """Equal, or one a whole-word part of the other."""
    a, b = fold_name(form), fold_name(document)
    return a == b or contains_words(a, b) or contains_words(b, a)


def first_name_matches(form_first: str, document_given: str) -> bool:
    """Tell whether the form's first given name is among the document's given names."""
    return contains_words(fold_name(document_given), fold_name(form_first))


def holder_matches(form_last: str, holder: str) -> bool:
    """Tell whether the holder name contains the form's last name as whole words."""
    return contains_words(fold_name(holder), fold_name(form_last))


# --------------------------------------------------------------------------- MRZ


def mrz_is_valid(mrz: str, fields: dict[str, Any]) -> bool:
    """Check digits hold and the MRZ agrees with the printed fields."""
    lines = mrz.split("\n")
    check = compute_mrz_check_digit
    birth = date.fromisoformat(fields["birth_date"]).strftime("%y%m%d")
    expiry = date.fromisoformat(fields["expiry_date"]).strftime("%y%m%d")
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        l1, l2, l3 = lines
        ok = (
            check(l1[5:14]) == l1[14]
            and check(l2[0:6]) == l2[6]
            and check(l2[8:14]) == l2[14]
            and check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
        )
        names, mrz_birth, mrz_expiry = l3, l2[0:6], l2[8:14]
    elif len(lines) == 2 and all(len(line) == 44 for line in lines):
        l1, l2 = lines
        ok = (
            check(l2[0:9]) == l2[9]
            and check(l2[13:19]) == l2[19]
            and check(l2[21:27]) == l2[27]
            and check(l2[28:42]) == l2[42]
            and check(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43]
        )
        names, mrz_birth, mrz_expiry = l1[5:], l2[13:19], l2[21:27]
    elif len(lines) == 2 and all(len(line) == 36 for line in lines):
        l1, l2 = lines
        ok = check(l2[0:12]) == l2[12] and check(l2[27:33]) == l2[33] and check(l1 + l2[:35]) == l2[35]
        names = l1[5:30].rstrip("<") + "<<" + l2[13:27].replace("<<", "<")
        mrz_birth, mrz_expiry = l2[27:33], expiry
    else:
        return False
    surname, _, given = names.partition("<<")
    printed_given = [fold_mrz_name(g) for g in fields["first_names"].split()]
    mrz_given = [g for g in given.split("<") if g]
    names_ok = surname.rstrip("<") == fold_mrz_name(fields["last_name"])
    given_ok = all(
        printed.replace("<", "").startswith(m) or m.startswith(printed.replace("<", ""))
        for printed, m in zip("<".join(printed_given).split("<"), mrz_given, strict=False)
    )
    return ok and names_ok and given_ok and mrz_birth == birth and mrz_expiry == expiry


# --------------------------------------------------------------------------- files


def file_is_readable(path: Path) -> bool:
    """PDF that pdfium opens with pages, or a JPEG/PNG by magic number."""
    data = path.read_bytes()
    if not data:
        return False
    if data.startswith(b"%PDF"):
        try:
            document = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001
            return False
        try:
            return len(document) > 0
        finally:
            document.close()
    return data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")


def pdf_was_edited(path: Path) -> bool:
    """Tell whether a PDF names an online editor and was modified after creation."""
    if not path.read_bytes().startswith(b"%PDF"):
        return False
    document = pdfium.PdfDocument(path)
    try:
        meta = document.get_metadata_dict()
    finally:
        document.close()
    tools = f"{meta.get('Producer', '')} {meta.get('Creator', '')}".lower()
    edited_by_editor = any(
        name in tools for name in ("ilovepdf", "smallpdf", "pdfescape", "sejda", "photoshop")
    )
    return edited_by_editor and meta.get("ModDate", "")[2:16] > meta.get("CreationDate", "")[2:16]


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97, plus the French RIB key."""
    if not stdnum_iban.is_valid(iban):
        return False
    if iban.startswith("FR"):
        bban = iban[4:]
        return compute_rib_key(bban[0:5], bban[5:10], bban[10:21]) == bban[21:23]
    return True


# --------------------------------------------------------------------------- dossier


def expected_codes(folder: Path, files: dict[str, dict[str, Any]], duplicated: set[str]) -> set[str]:
    """Derive the reason codes RULEBOOK.md implies for one dossier."""
    form = load_form(folder / "application.json")
    if form is None:  # the dossier is reported, no rule runs: only file-level problems remain
        return {"APPLICATION_INVALID"} | {
            "FILE_UNREADABLE" for name in files if not file_is_readable(folder / name)
        }
    submitted = date.fromisoformat(form["submitted_at"])
    oldest = subtract_months(submitted, 3)
    applicant, training = form["applicant"], form["training"]
    codes: set[str] = set()
    readable: dict[str, dict[str, Any]] = {}
    for name, entry in files.items():
        if file_is_readable(folder / name):
            if entry.get("layout") == "unreadable_photo":
                codes.add("UNREADABLE_DOCUMENT")
                continue
            readable[name] = entry
            if pdf_was_edited(folder / name):
                codes.add("SUSPECTED_TAMPERING")
        else:
            codes.add("FILE_UNREADABLE")
    if any(name in duplicated for name in readable):
        codes.add("DUPLICATE_DOCUMENT")
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in readable.values():
        by_type.setdefault(entry["doc_type"], []).append(entry["fields"])
    for accepted in REQUIRED.values():
        if not any(t in by_type for t in accepted):
            codes.add("MISSING_DOCUMENT")
    last, first = applicant["last_name"], applicant["first_names"][0]
    if not applicant["address"]["postal_code"].startswith(REGION_PREFIXES):
        codes.add("ADDRESS_OUTSIDE_REGION")
    for doc_type in ("id_card", "passport", "residence_permit"):
        for f in by_type.get(doc_type, []):
            if date.fromisoformat(f["expiry_date"]) < submitted:
                codes.add("IDENTITY_EXPIRED")
            if not (last_names_match(last, f["last_name"]) and first_name_matches(first, f["first_names"])):
                codes.add("NAME_MISMATCH")
            if f["birth_date"] != applicant["birth_date"]:
                codes.add("BIRTH_DATE_MISMATCH")
            if "mrz" in f and not mrz_is_valid(f["mrz"], f):
                codes.add("MRZ_INVALID")
    for f in by_type.get("proof_of_address", []):
        if not oldest <= date.fromisoformat(f["issue_date"]) <= submitted:
            codes.add("ADDRESS_PROOF_TOO_OLD")
        if not holder_matches(last, f["holder_name"]):
            codes.add("NAME_MISMATCH")
        if f["postal_code"] != applicant["address"]["postal_code"]:
            codes.add("ADDRESS_MISMATCH")
        if not f["postal_code"].startswith(REGION_PREFIXES):
            codes.add("ADDRESS_OUTSIDE_REGION")
    for f in by_type.get("bank_details", []):
        if not iban_is_valid(f["iban"]):
            codes.add("IBAN_INVALID")
        if f["iban"] != re.sub(r"\s+", "", applicant["iban"]).upper():
            codes.add("IBAN_MISMATCH")
        if not holder_matches(last, f["holder_name"]):
            codes.add("NAME_MISMATCH")
    for f in by_type.get("jobseeker_certificate", []):
        if f["france_travail_id"] != re.sub(r"\s+", "", applicant["france_travail_id"]).upper():
            codes.add("JOBSEEKER_ID_MISMATCH")
        if not oldest <= date.fromisoformat(f["issue_date"]) <= submitted:
            codes.add("JOBSEEKER_CERTIFICATE_TOO_OLD")
        if not (last_names_match(last, f["last_name"]) and first_name_matches(first, f["first_names"])):
            codes.add("NAME_MISMATCH")
    for f in by_type.get("training_quote", []):
        if "provider_siret" not in f:
            codes.add("FIELD_NOT_FOUND")
        elif not stdnum_siret.is_valid(f["provider_siret"]):
            codes.add("SIRET_INVALID")
        if "provider_siret" in f and f["provider_siret"] != training["provider_siret"]:
            codes.add("SIRET_MISMATCH")
        start, end = date.fromisoformat(f["start_date"]), date.fromisoformat(f["end_date"])
        if (
            start < submitted
            or end <= start
            or f["start_date"] != training["start_date"]
            or f["end_date"] != training["end_date"]
        ):
            codes.add("TRAINING_DATES_INVALID")
        if round(float(f["cost_eur"]), 2) != round(float(training["cost_eur"]), 2):
            codes.add("AMOUNT_MISMATCH")
    if float(form["requested_amount_eur"]) > min(CAP, float(training["cost_eur"])) + 1e-9:
        codes.add("AMOUNT_OVER_CAP")
    return codes


def load_form(path: Path) -> dict[str, Any] | None:
    """application.json as a dict, or None when it is not valid against the contract."""
    from pydantic import ValidationError

    from models.contract import Application

    try:
        text = path.read_text(encoding="utf-8")
        Application.model_validate_json(text)
    except (OSError, ValueError, ValidationError):
        return None
    return json.loads(text)


def duplicated_files(batch: Path, truth: dict[str, Any]) -> set[str]:
    """``app_id/name`` of every readable file whose bytes are duplicated.

    Duplicated means present in another application or twice in the same one.
    """
    holders: dict[str, list[tuple[str, str]]] = {}
    for app_id, app in truth["applications"].items():
        for name in app["files"]:
            path = batch / app_id / name
            if not file_is_readable(path):
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            holders.setdefault(digest, []).append((app_id, name))
    flagged: set[str] = set()
    for owners in holders.values():
        if len(owners) > 1:
            flagged.update(f"{app_id}/{name}" for app_id, name in owners)
    return flagged


def check_batch(batch: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Applications whose truth codes differ from the re-derived ones.

    Returns ``{app_id: (truth codes, derived codes)}``, empty when all agree.
    """
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    duplicated = duplicated_files(batch, truth)
    problems = {}
    for app_id, app in truth["applications"].items():
        mine = {name for name in app["files"] if f"{app_id}/{name}" in duplicated}
        derived = sorted(expected_codes(batch / app_id, app["files"], mine))
        if derived != app["reason_codes"]:
            problems[app_id] = (app["reason_codes"], derived)
    return problems
