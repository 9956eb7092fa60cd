r"""The doc-type classifier on real public documents (``shared/realdocs``): type right, confident errors.

Not a test, and not a training set: nothing here is ever fitted on these
files. Every file listed in the folder's ``truth.json`` is read once with the
real reader (cached in ``var/classifier-cache`` like training does) and
classified by a classifier (the shipped artifact by default, or
``--artifact``, or ``--classifier keyword``). Prints per file: truth, answer,
confidence, the evidence that decided (``type_evidence``), and in total:
type right, wrong at confidence >= 0.90, ECE, per class.

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/realdocs_classifier_benchmark.py \\
        [--dir ../shared/realdocs] [--artifact FOLDER] [--out var/realdocs-classifier.json]

The full reading benchmark (MRZ, identity fields) is ``benchmarks/realdocs_benchmark.py``
on the MRZ reader's branch.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONFIDENT = 0.90


def realdocs_examples(folder: Path) -> list[Any]:
    """One ``Example`` per file of the folder's ``truth.json`` (a list of {file, doc_type, ...})."""
    from extractors.classifier_examples import Example

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [
        Example(path=folder / e["file"], label=e["doc_type"], layout=None, source="real", group=e["file"])
        for e in truth
        if (folder / e["file"]).is_file()
    ]


def per_class(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per truth class: documents, right, wrong at >= 0.90."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        c = out.setdefault(r["truth"], {"documents": 0, "right": 0, "wrong_and_confident": 0})
        c["documents"] += 1
        c["right"] += int(r["right"])
        c["wrong_and_confident"] += int(not r["right"] and r["confidence"] >= CONFIDENT)
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    """Read, classify, print per file and in total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT.parent / "shared" / "realdocs"))
    parser.add_argument("--artifact", help="classifier artifact folder (default: the shipped one)")
    parser.add_argument("--classifier", choices=["transformers", "keyword"], default="transformers")
    parser.add_argument("--cache", default="var/classifier-cache")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    from flows.environment import configure_environment

    configure_environment()
    from extractors.calibration import expected_calibration_error
    from extractors.classifier_cache import read_examples

    examples = read_examples(realdocs_examples(Path(args.dir)), Path(args.cache), workers=args.workers)
    if args.classifier == "keyword":
        from extractors.classify import KeywordClassifier

        results = [KeywordClassifier().classify(e.document) for e in examples]
    else:
        from extractors.transformers_classifier import TransformersClassifier

        clf = TransformersClassifier(Path(args.artifact) if args.artifact else None, threads=2)
        results = clf.classify_many([e.document for e in examples])
    rows = []
    for example, result in zip(examples, results, strict=True):
        row = {
            "file": str(example.group),
            "truth": example.label,
            "doc_type": result.doc_type,
            "confidence": result.confidence,
            "right": result.doc_type == example.label,
            "type_evidence": getattr(result, "type_evidence", ""),
        }
        rows.append(row)
        mark = "ok " if row["right"] else ("XX!" if row["confidence"] >= CONFIDENT else "xx ")
        print(
            f"{mark} {row['truth']:<17} -> {row['doc_type']:<17} {row['confidence']:.4f}  "
            f"{row['type_evidence'] or '-':<45} {row['file']}",
            flush=True,
        )
    summary = {
        "files": len(rows),
        "type_right": sum(r["right"] for r in rows),
        "accuracy": round(sum(r["right"] for r in rows) / len(rows), 4) if rows else None,
        "wrong_and_confident": sum(1 for r in rows if not r["right"] and r["confidence"] >= CONFIDENT),
        "under_threshold": sum(1 for r in rows if r["confidence"] < CONFIDENT),
        "ece": expected_calibration_error([r["confidence"] for r in rows], [r["right"] for r in rows]),
        "per_class": per_class(rows),
        "answers": dict(Counter(r["doc_type"] for r in rows)),
        "classifier": results[0].classifier if results else None,
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({"summary": summary, "files": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
