"""The ``certified`` object of a document: its 2D-Doc, parsed and verified.

``certify(messages, symbols, store)`` takes what the reader decoded
(``metadata["2d_doc"]`` and ``metadata["2d_doc_symbols"]``) and returns the
object the facts, ``inspect`` and the report carry, or None when the
document has no 2D-Doc. A DataMatrix that is not a 2D-Doc (no ``DC``
marker: a postage or a logistics code) is ignored; one that starts like a
2D-Doc but does not parse is reported with its ``error`` and the verdict
``unverifiable``. With several 2D-Docs, the one whose signature holds wins,
then the first.

``fields`` are the identifiers' decoded values (``"24": "13001"``);
``mapped`` says the same in the contract's field names (``holder_name``,
``address_line``, ``postal_code``, ``city``, ``issue_date``, ``iban``…) for
comparison with the printed fields and the form (``validators.rules.certified``).
``certified_fields`` lets a genuine code complete the fields the extractor
missed or misread (a proof of address, a RIB).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.twoddoc.message import MalformedTwoDDoc, TwoDDoc, parse_message
from extractors.twoddoc.printed import value_found
from extractors.twoddoc.trust import TrustStore
from extractors.twoddoc.verify import UNVERIFIABLE, VALID, verify
from models.document import Extracted

ADDRESS_TYPES = frozenset({"00", "01", "02"})
TAX_TYPES = frozenset({"04", "18", "24", "27", "28"})


def _store_stamp(path: Path) -> float:
    """Latest modification time in the store (an import invalidates the cache)."""
    if not path.is_dir():
        return 0.0
    stamps = [path.stat().st_mtime]
    with os.scandir(path) as entries:
        stamps.extend(e.stat().st_mtime for e in entries if e.is_dir())
    return max(stamps)


@lru_cache(maxsize=4)
def _load_store(path: str, stamp: float) -> TrustStore:
    return TrustStore(Path(path))


def trust_store(path: Path | None) -> TrustStore:
    """The store at ``path``, loaded once per process and again after an import."""
    if path is None:
        return TrustStore(None)
    return _load_store(str(path), _store_stamp(path))


def _holder(value: str) -> str:
    """``MME/BOYER/GENEVIEVE`` → ``MME BOYER GENEVIEVE``."""
    return " ".join(value.replace("/", " ").split())


def mapped_fields(doc: TwoDDoc) -> dict[str, str]:
    """What the 2D-Doc certifies, in the contract's field names (only what it carries)."""
    get, kind = doc.get, doc.header.doc_type
    out: dict[str, str] = {}

    def put(name: str, *idents: str, transform: Any = None) -> None:
        for ident in idents:
            value = get(ident)
            if value:
                out[name] = transform(value) if transform else value
                return

    if kind in ADDRESS_TYPES:
        put("holder_name", "10", "14", transform=_holder)
        lines = [get(i) for i in ("20", "21", "22", "23")]
        street = get("22") or next((line for line in lines if line), None)
        if street:
            out["address_line"] = street
        put("postal_code", "24", "2B")
        put("city", "25", "2C")
    elif kind in ("03", "11"):
        put("holder_name", "30", transform=_holder)
        put("iban", "31")
        put("bic", "32")
    elif kind in TAX_TYPES:
        put("last_name", "46", "10", transform=_holder)
        put("fiscal_number", "47", "40")
        put("tax_reference", "44")
        put("reference_income", "41")
        put("tax_year", "45")
    elif kind in ("07", "13"):
        put("last_name", "62", "6G")
        put("first_names", "60", "61", transform=_holder)
        put("document_number", "66")
    elif kind == "08":
        put("mrz", "6F")
    issue = doc.header.issue_date
    if issue is not None:
        out["issue_date"] = issue.isoformat()
    return out


def _one(raw: str, store: TrustStore, symbol: dict[str, Any] | None) -> dict[str, Any]:
    where = {"page": symbol.get("page"), "bbox": symbol.get("bbox")} if symbol else {}
    try:
        doc = parse_message(raw)
    except MalformedTwoDDoc as error:
        return {"raw": raw, **where, "error": str(error), "signature": UNVERIFIABLE, "reason": str(error)}
    verdict = verify(doc, store)
    header = doc.header
    out: dict[str, Any] = {
        "raw": raw,
        **where,
        "header": header.as_dict(),
        "fields": doc.field_dict(),
        "mapped": mapped_fields(doc),
        "signature": verdict.status,
        "reason": verdict.reason,
        "certificate_id": f"{header.ca_id}/{header.cert_id}",
        "test_authority": verdict.test_authority,
    }
    if verdict.certificate is not None:
        out["certificate"] = verdict.certificate
    if verdict.notes:
        out["notes"] = verdict.notes
    if doc.problems:
        out["problems"] = doc.problems
    if doc.annex:
        out["annex"] = doc.annex
    return out


def certify(messages: list[str], symbols: list[dict[str, Any]], store: TrustStore) -> dict[str, Any] | None:
    """The document's ``certified`` object (see the module's docstring), or None without a 2D-Doc."""
    candidates = [m for m in dict.fromkeys(messages) if m.startswith(("DC", "\xdc"))]
    if not candidates:
        return None
    where = {s.get("raw"): s for s in symbols if s.get("raw")}
    results = [_one(raw, store, where.get(raw)) for raw in candidates]
    best = next((r for r in results if r["signature"] == VALID), results[0])
    if len(results) > 1:
        best = dict(best, others=len(results) - 1)
    return best


# The fields a validly signed 2D-Doc may give a document of that type (when a rule needs them).
CERTIFIABLE: dict[str, tuple[str, ...]] = {
    "proof_of_address": ("holder_name", "address_line", "postal_code", "city", "issue_date"),
    "bank_details": ("holder_name", "iban", "bic"),
}
TYPES_OF_PIECE = {"proof_of_address": ADDRESS_TYPES, "bank_details": frozenset({"03"})}


def certified_fields(
    doc_type: str, certified: dict[str, Any] | None, fields: dict[str, Extracted]
) -> dict[str, Extracted]:
    """The document's fields, completed or corrected by a genuine 2D-Doc of the same type.

    Only a code whose signature holds and that is not the ANTS test
    authority's counts. A field the extractor did not find takes the
    certified value; one it read differently takes it too when the document's
    text shows the certified value (the extractor took the wrong line); one
    that agrees keeps the extractor's spelling. A value the print shows
    otherwise is left as read: that is a mismatch for the rules.
    Provenance: extractor ``2d_doc``, the symbol's page and box.
    """
    if not certified or certified.get("signature") != VALID or certified.get("test_authority"):
        return fields
    kind = (certified.get("header") or {}).get("doc_type")
    if kind not in TYPES_OF_PIECE.get(doc_type, frozenset()):
        return fields
    mapped = certified.get("mapped") or {}
    printed = certified.get("printed") or {}
    out = dict(fields)
    bbox = certified.get("bbox")
    for name in CERTIFIABLE[doc_type]:
        value = mapped.get(name)
        if not value:
            continue
        current = out.get(name)
        if current is not None:
            if value_found(name, value, str(current.value), current.value):
                continue  # the extractor read the same thing (its spelling is kept)
            if not (printed.get(name) or {}).get("found"):
                continue  # the print shows something else: a mismatch for the rules
        out[name] = Extracted(
            value=value,
            raw=value,
            page=certified.get("page"),
            bbox=tuple(bbox) if isinstance(bbox, list) and len(bbox) == 4 else None,  # type: ignore[arg-type]
            confidence=1.0,
            extractor="2d_doc",
        )
    return out
