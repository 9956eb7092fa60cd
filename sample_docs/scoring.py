"""Scoring a report against the generator's truth: the numbers a buyer asks for.

Pure functions over two JSON documents (a CONTRACT §4 report and a truth.json);
the ``dossiercheck evaluate`` command prints and writes what they return.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from typing import Any

# Fields whose case and accents are not judged (CONTRACT.md §4: "as read").
TEXT_FIELDS = frozenset(
    {
        "last_name",
        "first_names",
        "holder_name",
        "address_line",
        "city",
        "issuer",
        "provider_name",
        "training_title",
    }
)


def fold(text: str) -> str:
    """Case, accents and spacing folded, for fields read "as read"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("-", " ").replace("'", " ").upper().split())


def field_equal(name: str, expected: Any, got: Any) -> bool:
    """Whether an extracted value matches the truth, by the field's own metric."""
    if got is None:
        return False
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(got) - float(expected)) < 0.005
        except (TypeError, ValueError):
            return False
    if name in TEXT_FIELDS:
        return fold(str(got)) == fold(str(expected))
    return str(got) == str(expected)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def score(report: dict, truth: dict) -> dict[str, Any]:
    """Decision, reason, doc-type and field metrics, plus a per-dossier diff of what went wrong."""
    got = {a["application_id"]: a for a in report.get("applications", [])}
    expected = truth["applications"]
    decisions_ok = false_accepts = clean = clean_accepted = 0
    codes_expected = codes_found = 0
    types = Counter[tuple[str, str]]()
    fields_by_source: dict[str, Counter[str]] = defaultdict(Counter)
    per_field: dict[str, Counter[str]] = defaultdict(Counter)
    diffs: dict[str, Any] = {}

    for app_id, want in sorted(expected.items()):
        have = got.get(app_id)
        diff: dict[str, Any] = {}
        if have is None:
            diffs[app_id] = {"missing_from_report": True}
            continue
        want_codes = set(want["reason_codes"])
        have_codes = {r["code"] for r in have["reasons"]}
        decisions_ok += have["decision"] == want["decision"]
        if have["decision"] == "accepted" and want["decision"] != "accepted":
            false_accepts += 1
            diff["false_accept"] = True
        if want["decision"] == "accepted":
            clean += 1
            clean_accepted += have["decision"] == "accepted"
        codes_expected += len(want_codes)
        codes_found += len(want_codes & have_codes)
        if have["decision"] != want["decision"] or want_codes != have_codes:
            diff["decision"] = {"expected": want["decision"], "got": have["decision"]}
            diff["codes"] = {
                "missing": sorted(want_codes - have_codes),
                "extra": sorted(have_codes - want_codes),
            }
            diff["reasons"] = [r for r in have["reasons"] if r["code"] not in want_codes]
        docs = {d["file"]: d for d in have["documents"]}
        for file_name, want_doc in sorted(want["files"].items()):
            have_doc = docs.get(file_name, {})
            have_type = have_doc.get("doc_type", "missing")
            types[(want_doc["doc_type"], have_type)] += 1
            if have_type != want_doc["doc_type"]:
                diff.setdefault("doc_types", {})[file_name] = {
                    "expected": want_doc["doc_type"],
                    "got": have_type,
                }
            if have_type != want_doc["doc_type"]:
                continue
            source = want_doc.get("source", "unknown")
            for name, value in sorted(want_doc.get("fields", {}).items()):
                ok = field_equal(name, value, have_doc.get("fields", {}).get(name))
                fields_by_source[source]["total"] += 1
                fields_by_source[source]["correct"] += ok
                per_field[name]["total"] += 1
                per_field[name]["correct"] += ok
                if not ok:
                    diff.setdefault("fields", {}).setdefault(file_name, {})[name] = {
                        "expected": value,
                        "got": have_doc.get("fields", {}).get(name),
                    }
        if diff:
            diffs[app_id] = diff

    n = len(expected)
    n_docs = sum(types.values())
    labels = sorted({t for pair in types for t in pair})
    return {
        "applications": n,
        "false_accepts": false_accepts,
        "stp_rate": _ratio(clean_accepted, clean),
        "decision_accuracy": _ratio(decisions_ok, n),
        "reason_code_recall": _ratio(codes_found, codes_expected),
        "documents": n_docs,
        "doc_type_accuracy": _ratio(sum(v for (a, b), v in types.items() if a == b), n_docs),
        "confusion": {
            a: {b: types[(a, b)] for b in labels if types[(a, b)]}
            for a in labels
            if any(types[(a, b)] for b in labels)
        },
        "field_accuracy_by_source": {
            s: _ratio(c["correct"], c["total"]) for s, c in sorted(fields_by_source.items())
        },
        "field_accuracy": {f: _ratio(c["correct"], c["total"]) for f, c in sorted(per_field.items())},
        "diffs": diffs,
    }
