"""2D-Doc rules: the signature holds, and what it certifies agrees with the print and the form.

A document's ``certified`` object (``extractors.twoddoc.certified``) carries
the decoded 2D-Doc and its verdict. Two rules, both sending the dossier to a
caseworker and never refusing anything:

* ``certified.signature`` (SUSPECTED_TAMPERING): the signature does not verify
  with the issuer's certificate (the code's content was changed after
  signing). An ``unverifiable`` code (no certificate in the trust store) and a
  code of the ANTS *test* authority (FR00, whose key is public) raise
  nothing: they are simply not evidence (never used to fill or confirm a
  field; the review app says which).
* ``certified.match`` (SUSPECTED_TAMPERING): for a code whose signature holds,
  a certified holder, address, postal code, city, issue date, IBAN or last
  name that the document's text does not show (the reader's search,
  ``extractors.twoddoc.printed``), or a certified holder or postal code other
  than the form's that no other finding reports (the reader gives a genuine
  code's values to the fields it missed or misread, so the piece's own rules,
  NAME_MISMATCH and ADDRESS_MISMATCH, usually compare them with the form
  already). A genuine code on an edited document is the typical case.

Both raise the contract's ``SUSPECTED_TAMPERING`` (CONTRACT.md §7: « signs that
the document was edited after issue »), whose codes are stable: no new code.
"""

# ruff: noqa: D401 - a rule's docstring starts with the rule's name (STYLE.md §4)
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.contract import Application
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode
from validators.normalise_names import holder_matches
from validators.rules import rule
from validators.rules._common import doc_label, fail, field_label, get_text

if TYPE_CHECKING:
    from validators.rulebook import Rulebook

ADDRESS_TYPES = frozenset({"00", "01", "02"})


def _certified(doc: DocumentFacts) -> dict[str, Any] | None:
    value = doc.certified
    return value if isinstance(value, dict) and value.get("header") else None


def _code_label(certified: dict[str, Any]) -> str:
    return f"code 2D-Doc {certified.get('certificate_id', '?')}"


def signature_findings(doc: DocumentFacts) -> list[Finding]:
    """SUSPECTED_TAMPERING when the document's 2D-Doc signature fails."""
    certified = _certified(doc)
    if certified is None:
        return []
    status = certified.get("signature")
    evidence: dict[str, Any] = {
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
    else:
        return []
    return [
        fail("certified.signature", ReasonCode.SUSPECTED_TAMPERING, message, document=doc.file, **evidence)
    ]


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


def printed_mismatches(doc: DocumentFacts) -> list[tuple[str, str, str]]:
    """(field, certified value, printed value or "") for each certified field the print does not show.

    The reader searched the document's text for each certified value
    (``certified["printed"]``, ``extractors.twoddoc.printed``).
    """
    certified = _certified(doc)
    if certified is None:
        return []
    out = []
    for name, seen in (certified.get("printed") or {}).items():
        if isinstance(seen, dict) and seen.get("found") is False:
            out.append((name, str(seen.get("certified") or ""), str(seen.get("printed") or "")))
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


def _carried(doc: DocumentFacts, name: str, value: str, certified: dict[str, Any]) -> bool:
    """Whether the document's field holds the certified value (its own rule then checks it)."""
    current = get_text(doc, name)
    if current is None:
        return False
    if name == "postal_code":
        return "".join(c for c in current if c.isdigit()) == value
    last = _last_name(certified) or value
    return holder_matches(last, current, max_edits=1, min_length=6)


def _trusted(doc: DocumentFacts) -> dict[str, Any] | None:
    certified = _certified(doc)
    if certified is None or certified.get("signature") != "valid" or certified.get("test_authority"):
        return None
    return certified


def match_findings(doc: DocumentFacts, application: Application | None = None) -> list[Finding]:
    """SUSPECTED_TAMPERING for each field a valid 2D-Doc certifies otherwise than the print (and the form)."""
    certified = _trusted(doc)
    if certified is None:
        return []
    out: list[Finding] = []
    label = _code_label(certified)
    printed_mismatch = printed_mismatches(doc)
    for name, value, printed in printed_mismatch:
        seen = f"« {printed} » imprimé" if printed else "introuvable sur le document"
        out.append(
            fail(
                "certified.match",
                ReasonCode.SUSPECTED_TAMPERING,
                f"Document {doc.file}, {field_label(name)} : « {value} » certifié par le {label} "
                f"(signature valide), {seen}. Vérifier l'original.",
                document=doc.file,
                field=name,
                document_value=printed,
                certified_value=value,
            )
        )
    if application is not None:
        flagged = {name for name, _, _ in printed_mismatch}
        for name, value, declared in form_mismatches(application, doc):
            if name in flagged or _carried(doc, name, value, certified):
                continue  # said already, or the piece's own rule compares that value with the form
            out.append(
                fail(
                    "certified.match",
                    ReasonCode.SUSPECTED_TAMPERING,
                    f"Document {doc.file}, {field_label(name)} : « {value} » certifié par le {label}, "
                    f"« {declared} » déclaré dans le formulaire.",
                    document=doc.file,
                    field=name,
                    certified_value=value,
                    form_value=declared,
                )
            )
    return out


@rule("certified.signature", code=ReasonCode.SUSPECTED_TAMPERING)
def certified_signature(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """The 2D-Doc signature holds.

    CONTRACT §7: SUSPECTED_TAMPERING when a document's 2D-Doc does not verify with
    its issuer's certificate. A code whose certificate the trust store lacks, or
    of the ANTS test authority, raises nothing.
    """
    return [f for doc in documents for f in signature_findings(doc)]


@rule("certified.match", code=ReasonCode.SUSPECTED_TAMPERING)
def certified_match(
    application: Application, documents: list[DocumentFacts], params: Rulebook
) -> list[Finding]:
    """What the 2D-Doc certifies agrees with the print and the form.

    CONTRACT §7: SUSPECTED_TAMPERING when a validly signed 2D-Doc certifies a
    holder, address, postal code, city, issue date (± 3 days), IBAN or last
    name that the document does not print, or a holder or postal code other
    than the form's.
    """
    return [f for doc in documents for f in match_findings(doc, application)]
