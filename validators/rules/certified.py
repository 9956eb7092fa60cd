"""2D-Doc rules: the signature holds, and what it certifies agrees with the print and the form.

A document's ``certified`` object (``extractors.twoddoc.certified``) carries
the decoded 2D-Doc and its verdict. Two rules, both sending the dossier to a
caseworker and never refusing anything:

* ``certified.signature`` (TWO_D_DOC_INVALID): the signature does not verify
  with the issuer's certificate (the code's content was changed after
  signing), or the code is signed by the ANTS *test* authority (FR00, whose
  key is public: never a genuine document). An ``unverifiable`` code (no
  certificate in the trust store) raises nothing: it is simply not evidence.
* ``certified.match`` (TWO_D_DOC_MISMATCH): for a code whose signature holds,
  the certified holder, address, postal code, city, issue date, IBAN or last
  name differ from the same field printed on the document, or the certified
  holder and postal code differ from the form. A genuine code on an edited
  document is the typical case.
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from models.contract import Application
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.normalise import fold_name, holder_matches, parse_date_fr
from validators.rules import rule
from validators.rules._common import doc_label, fail, field_label, get_text

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

ADDRESS_MIN_SIMILARITY = 80  # rapidfuzz token-set ratio of the folded address lines
CITY_MIN_SIMILARITY = 85
ISSUE_DATE_TOLERANCE_DAYS = 3  # printed and certified issue dates may differ by a weekend
ADDRESS_TYPES = frozenset({"00", "01", "02"})


def _certified(doc: DocumentFacts) -> dict[str, Any] | None:
    value = doc.certified
    return value if isinstance(value, dict) and value.get("header") else None


def _code_label(certified: dict[str, Any]) -> str:
    return f"code 2D-Doc {certified.get('certificate_id', '?')}"


def signature_findings(doc: DocumentFacts) -> list[Finding]:
    """TWO_D_DOC_INVALID when the document's 2D-Doc signature fails or is the ANTS test authority's."""
    certified = _certified(doc)
    if certified is None:
        return []
    status = certified.get("signature")
    evidence = {
        "signature": status,
        "certificate_id": certified.get("certificate_id"),
        "reason": certified.get("reason"),
    }
    if status == "invalid":
        message = (
            f"Le {_code_label(certified)} du document {doc.file} ({doc_label(doc)}) ne correspond pas à "
            "sa signature : son contenu a été modifié après signature. "
            "Comparer avec l'original de l'émetteur."
        )
    elif status == "valid" and certified.get("test_authority"):
        message = (
            f"Le code 2D-Doc du document {doc.file} est signé par l'autorité de test de l'ANTS (FR00) : "
            "ce n'est pas un document authentique."
        )
    else:
        return []
    return [fail("certified.signature", ReasonCode.TWO_D_DOC_INVALID, message, document=doc.file, **evidence)]


def _fold(text: str) -> str:
    return " ".join(fold_name(text).split())


def _last_name(certified: dict[str, Any]) -> str | None:
    """The certified holder's last name: the middle part of ``QUALITÉ/NOM/PRÉNOMS`` (field 10, 14 or 30)."""
    fields = certified.get("fields") or {}
    for ident in ("10", "14", "30"):
        value = str(fields.get(ident) or "")
        parts = value.split("/")
        if len(parts) >= 3 and parts[1].strip():
            return parts[1].strip()
    mapped = certified.get("mapped") or {}
    return mapped.get("last_name")


def _differs(name: str, certified_value: str, printed: str, certified: dict[str, Any]) -> bool:
    """Whether a printed field disagrees with its certified value (tolerant of OCR and layout)."""
    if name == "postal_code":
        return re.sub(r"\D", "", printed) != re.sub(r"\D", "", certified_value)
    if name == "iban":
        return re.sub(r"\s", "", printed).upper() != re.sub(r"\s", "", certified_value).upper()
    if name == "issue_date":
        seen, signed = parse_date_fr(printed), parse_date_fr(certified_value)
        if seen is None or signed is None:
            return False
        return abs((seen - signed).days) > ISSUE_DATE_TOLERANCE_DAYS
    if name == "holder_name":
        last = _last_name(certified)
        return bool(last) and not holder_matches(last, printed, max_edits=1, min_length=6)
    if name == "last_name":
        return not holder_matches(certified_value, printed, max_edits=1, min_length=6)
    if name == "address_line":
        return fuzz.token_set_ratio(_fold(printed), _fold(certified_value)) < ADDRESS_MIN_SIMILARITY
    if name == "city":
        return fuzz.ratio(_fold(printed), _fold(certified_value)) < CITY_MIN_SIMILARITY
    return False


COMPARED = ("holder_name", "last_name", "address_line", "postal_code", "city", "issue_date", "iban")


def printed_mismatches(doc: DocumentFacts) -> list[tuple[str, str, str]]:
    """(field, certified value, printed value) for every compared field that disagrees."""
    certified = _certified(doc)
    if certified is None:
        return []
    mapped = certified.get("mapped") or {}
    out = []
    for name in COMPARED:
        value, printed = mapped.get(name), get_text(doc, name)
        if value and printed and _differs(name, str(value), printed, certified):
            out.append((name, str(value), printed))
    return out


def form_mismatches(application: Application, doc: DocumentFacts) -> list[tuple[str, str, str]]:
    """(field, certified value, declared value): the certified holder and postal code against the form."""
    certified = _certified(doc)
    if certified is None:
        return []
    mapped = certified.get("mapped") or {}
    applicant = application.applicant
    out = []
    last = _last_name(certified) or mapped.get("holder_name") or mapped.get("last_name")
    holder = mapped.get("holder_name") or mapped.get("last_name")
    if last and holder and not holder_matches(applicant.last_name, holder, max_edits=0, min_length=8):
        out.append(("holder_name", str(holder), applicant.last_name))
    kind = (certified.get("header") or {}).get("doc_type")
    postal = mapped.get("postal_code")
    if kind in ADDRESS_TYPES and postal and postal != applicant.address.postal_code:
        out.append(("postal_code", str(postal), applicant.address.postal_code))
    return out


def _trusted(doc: DocumentFacts) -> dict[str, Any] | None:
    certified = _certified(doc)
    if certified is None or certified.get("signature") != "valid" or certified.get("test_authority"):
        return None
    return certified


def match_findings(doc: DocumentFacts, application: Application | None = None) -> list[Finding]:
    """TWO_D_DOC_MISMATCH for each field a valid 2D-Doc certifies otherwise than the print (and the form)."""
    certified = _trusted(doc)
    if certified is None:
        return []
    out: list[Finding] = []
    label = _code_label(certified)
    for name, value, printed in printed_mismatches(doc):
        out.append(
            fail(
                "certified.match",
                ReasonCode.TWO_D_DOC_MISMATCH,
                f"Document {doc.file}, {field_label(name)} : « {printed} » imprimé, "
                f"« {value} » certifié par le {label} (signature valide). Vérifier l'original.",
                document=doc.file,
                field=name,
                document_value=printed,
                certified_value=value,
            )
        )
    if application is not None:
        for name, value, declared in form_mismatches(application, doc):
            out.append(
                fail(
                    "certified.match",
                    ReasonCode.TWO_D_DOC_MISMATCH,
                    f"Document {doc.file}, {field_label(name)} : « {value} » certifié par le {label}, "
                    f"« {declared} » déclaré dans le formulaire.",
                    document=doc.file,
                    field=name,
                    certified_value=value,
                    form_value=declared,
                )
            )
    return out


@rule("certified.signature", code=ReasonCode.TWO_D_DOC_INVALID)
def certified_signature(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """The 2D-Doc signature holds.

    Issue 20: TWO_D_DOC_INVALID when a document's 2D-Doc does not verify
    with its issuer's certificate, or is signed by the ANTS test authority.
    A code whose certificate the trust store lacks raises nothing.
    """
    return [f for doc in documents for f in signature_findings(doc)]


@rule("certified.match", code=ReasonCode.TWO_D_DOC_MISMATCH)
def certified_match(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """What the 2D-Doc certifies agrees with the print and the form.

    Issue 20: TWO_D_DOC_MISMATCH when a validly signed 2D-Doc certifies a
    holder, address, postal code, city, issue date (± 3 days), IBAN or last
    name other than the one printed, or a holder or postal code other than
    the form's.
    """
    return [f for doc in documents for f in match_findings(doc, application)]
