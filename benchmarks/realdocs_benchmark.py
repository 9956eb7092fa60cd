r"""Benchmark on the real public documents of ``shared/realdocs``: type, MRZ and identity fields.

Not a test: it runs every file listed in the folder's ``truth.json`` through
the pipeline's own ``extractors.analyse.analyse_document`` (the classifier and
settings ``dossiercheck inspect`` builds) and prints, per file and in total:

* doc type right, its confidence, wrong-and-confident (confidence >= 0.90);
* MRZ exact (the truth's ``fields.mrz`` lines joined by ``\n`` against the
  report's ``mrz`` field) and MRZ validity (every check digit of the MRZ read)
  against the truth's ``mrz_check_digits_valid``;
* field accuracy on the identity fields the truth and the contract share
  (``last_name`` <- ``surname``, ``first_names`` <- ``given_names``,
  ``birth_date``, ``document_number``, ``expiry_date``); names are compared
  without case, accents or punctuation;
* seconds per document (reading, classifying and extracting, one process).

Everything comes from ``truth.json``: no file is treated specially.

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/realdocs_benchmark.py --out var/realdocs.json

``--dir`` points at another folder with the same ``truth.json`` layout;
``--types id_card passport`` reads only the files of those truth types.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: a "before" checkout wins

CONFIDENT = 0.90
# contract field <- truth field
FIELD_MAP = {
    "last_name": "surname",
    "first_names": "given_names",
    "birth_date": "birth_date",
    "document_number": "document_number",
    "expiry_date": "expiry_date",
}
NAME_FIELDS = ("last_name", "first_names")


def _fold(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    return " ".join(re.findall(r"[A-Z0-9]+", text))


def field_matches(name: str, expected: Any, got: Any) -> bool:
    """Whether a reported field equals the truth (names: no case, accents or punctuation)."""
    if got is None:
        return False
    if name in NAME_FIELDS:
        return _fold(expected) == _fold(got)
    if name == "document_number":
        return _fold(expected).replace(" ", "") == _fold(got).replace(" ", "")
    return str(expected) == str(got)


def score_file(entry: dict[str, Any], facts: Any, seconds: float) -> dict[str, Any]:
    """One file's row: type, confidence, MRZ exact and validity, identity fields."""
    from models.mrz import parse_mrz

    truth_fields = entry.get("fields", {})
    fields = {name: e.value for name, e in facts.fields.items()}
    row: dict[str, Any] = {
        "file": entry["file"],
        "doc_type_truth": entry["doc_type"],
        "doc_type": facts.doc_type.value,
        "type_right": facts.doc_type.value == entry["doc_type"],
        "confidence": facts.confidence,
        "seconds": round(seconds, 2),
    }
    row["wrong_and_confident"] = not row["type_right"] and facts.confidence >= CONFIDENT
    if facts.read_findings:
        row["read_findings"] = [f.code.value for f in facts.read_findings]
    expected_mrz = truth_fields.get("mrz")
    if expected_mrz:
        read = fields.get("mrz")
        row["mrz_expected"] = "\n".join(expected_mrz)
        row["mrz_read"] = read
        row["mrz_exact"] = read == row["mrz_expected"]
        parsed = parse_mrz(read) if isinstance(read, str) else None
        row["mrz_valid_read"] = bool(parsed is not None and parsed.valid)
        row["mrz_valid_truth"] = bool(entry.get("mrz_check_digits_valid"))
        row["mrz_validity_right"] = read is not None and row["mrz_valid_read"] == row["mrz_valid_truth"]
    compared = {}
    for name, truth_name in FIELD_MAP.items():
        if truth_name in truth_fields and entry["doc_type"] in ("id_card", "passport", "residence_permit"):
            compared[name] = {
                "expected": truth_fields[truth_name],
                "got": fields.get(name),
                "right": field_matches(name, truth_fields[truth_name], fields.get(name)),
            }
    row["fields"] = compared
    return row


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals over the rows."""
    mrz = [r for r in rows if "mrz_exact" in r]
    mrz_valid_truth = [r for r in mrz if r["mrz_valid_truth"]]
    fields = [f for r in rows for f in r["fields"].values()]
    per_field: dict[str, list[bool]] = {}
    for r in rows:
        for name, f in r["fields"].items():
            per_field.setdefault(name, []).append(f["right"])
    identity = [r for r in rows if r["doc_type_truth"] in ("id_card", "passport", "residence_permit")]
    seconds = [r["seconds"] for r in rows]
    id_seconds = [r["seconds"] for r in identity]
    return {
        "files": len(rows),
        "type_right": f"{sum(r['type_right'] for r in rows)}/{len(rows)}",
        "identity_type_right": f"{sum(r['type_right'] for r in identity)}/{len(identity)}",
        "wrong_and_confident": sum(r["wrong_and_confident"] for r in rows),
        "mrz_exact": f"{sum(r['mrz_exact'] for r in mrz)}/{len(mrz)}",
        "mrz_exact_of_valid": f"{sum(r['mrz_exact'] for r in mrz_valid_truth)}/{len(mrz_valid_truth)}",
        "mrz_validity_right": f"{sum(r['mrz_validity_right'] for r in mrz)}/{len(mrz)}",
        "mrz_read_valid_but_wrong": sum(r["mrz_valid_read"] and not r["mrz_exact"] for r in mrz),
        "fields_right": f"{sum(f['right'] for f in fields)}/{len(fields)}",
        "per_field": {name: f"{sum(v)}/{len(v)}" for name, v in sorted(per_field.items())},
        "seconds_per_document": round(sum(seconds) / len(seconds), 2) if seconds else None,
        "seconds_per_identity_document": round(sum(id_seconds) / len(id_seconds), 2) if id_seconds else None,
    }


def _print_row(row: dict[str, Any]) -> None:
    mark = "ok " if row["type_right"] else ("XX!" if row["wrong_and_confident"] else "xx ")
    line = f"{mark} {row['doc_type']:<18} {row['confidence']:.2f} {row['seconds']:5.2f}s  {row['file']}"
    if "mrz_exact" in row:
        line += f"\n      mrz exact={row['mrz_exact']} valid read={row['mrz_valid_read']}"
        line += f" truth={row['mrz_valid_truth']}"
        if not row["mrz_exact"]:
            line += f"\n      expected {row['mrz_expected']!r}\n      read     {row['mrz_read']!r}"
    for name, f in row["fields"].items():
        if not f["right"]:
            line += f"\n      {name}: expected {f['expected']!r}, got {f['got']!r}"
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Read every file of the truth, print per file and in total, write JSON when asked."""
    default_dir = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(default_dir), help="folder holding truth.json")
    parser.add_argument("--types", nargs="*", help="read only files of these truth doc types")
    parser.add_argument("--out", help="write rows and totals to this JSON file")
    args = parser.parse_args(argv)

    from extractors.analyse import analyse_document
    from extractors.classifiers import default_classifier
    from models.settings import get_settings

    folder = Path(args.dir)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    settings = get_settings()
    started = time.perf_counter()
    classifier = default_classifier(settings)
    load_s = time.perf_counter() - started
    rows = []
    for entry in truth:
        if args.types and entry["doc_type"] not in args.types:
            continue
        path = folder / entry["file"]
        t0 = time.perf_counter()
        facts = analyse_document(path.read_bytes(), path.name, classifier=classifier, settings=settings)
        row = score_file(entry, facts, time.perf_counter() - t0)
        rows.append(row)
        _print_row(row)
    summary = summarise(rows)
    summary["classifier_load_s"] = round(load_s, 2)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps({"summary": summary, "files": rows}, indent=2, ensure_ascii=False) + "\n"
        )
        print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
