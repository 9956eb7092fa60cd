"""Benchmark of the reading stage on a generated batch: CER, MRZ and quality measures per source.

Not a test: it reads every scanned and photographed file of a batch with
``extractors.read.read_document`` (2 worker processes), compares the text
with the generator's ground truth and prints, per source (scan, photo):

* character error rate (order-sensitive, whitespace collapsed) and word
  recall (order-free), mean and median;
* exact MRZ reading of identity documents (``extractors.mrz.read_mrz``
  against the truth's ``mrz`` field);
* the quality measures the gate uses (sharpness, contrast, OCR confidence,
  dpi) for clean and for deliberately unreadable files, worst page of each,
  so that the rulebook's thresholds can be set between the two;
* seconds of OCR per file.

    .venv/bin/python benchmarks/reading_benchmark.py --count 60 --seed 51723 --out var/reading.json

``--batch DIR`` reads an existing batch instead of generating one. Run it
from another checkout with ``PYTHONPATH`` to measure a "before".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: a "before" checkout wins

from sample_docs.scoring import source_group  # noqa: E402
from sample_docs.text_metrics import cer, word_recall  # noqa: E402

IDENTITY = ("id_card", "passport", "residence_permit")
READ_SOURCES = ("scan_image", "scan_pdf", "photo")


def _read_one(job: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """Read one file; return its text metrics, MRZ and worst-page quality (runs in a worker)."""
    from extractors.mrz import read_mrz
    from extractors.read import read_document

    path, truth = job
    started = time.perf_counter()
    row: dict[str, Any] = {
        "file": Path(path).name,
        "source": source_group(truth["source"]),
        "layout": truth["layout"],
        "doc_type": truth["doc_type"],
        "unreadable": truth["layout"] == "unreadable_photo",
    }
    try:
        document = read_document(Path(path).read_bytes(), Path(path).name)
    except Exception as error:  # a benchmark reports, it does not stop
        row["error"] = f"{type(error).__name__}: {error}"
        return row
    row["seconds"] = round(time.perf_counter() - started, 2)
    text = " ".join(page.text for page in document.pages)
    reference = truth["text"].replace("\f", " ")
    row["cer"] = round(cer(reference, text), 4)
    row["word_recall"] = round(word_recall(reference, text), 4)
    pages = [p.quality for p in document.pages if not p.quality.blank]
    row["pages"] = len(document.pages)
    row["blank_pages"] = len(document.pages) - len(pages)
    if pages:
        row["sharpness"] = min(q.sharpness if q.sharpness is not None else 1e9 for q in pages)
        row["contrast"] = min(q.contrast if q.contrast is not None else 1e9 for q in pages)
        row["ocr_mean_conf"] = min(q.ocr_mean_conf if q.ocr_mean_conf is not None else 100 for q in pages)
        row["dpi"] = min(q.dpi if q.dpi is not None else 1e9 for q in pages)
    expected_mrz = truth.get("fields", {}).get("mrz")
    if truth["doc_type"] in IDENTITY and expected_mrz:
        reading = read_mrz(document)
        row["mrz_expected"] = expected_mrz
        row["mrz_read"] = reading.text if reading else None
        row["mrz_exact"] = bool(reading and reading.text == expected_mrz)
    return row


def _summary(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "mean": None, "median": None}
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 4),
        "median": round(statistics.median(values), 4),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-source CER, word recall, MRZ exactness and quality ranges of clean vs unreadable files."""
    out: dict[str, Any] = {"files": len(rows), "errors": [r["file"] for r in rows if "error" in r]}
    for source in ("scan", "photo"):
        clean = [r for r in rows if r["source"] == source and not r["unreadable"] and "cer" in r]
        mrz = [r for r in clean if "mrz_exact" in r]
        out[source] = {
            "cer": _summary([r["cer"] for r in clean]),
            "word_recall": _summary([r["word_recall"] for r in clean]),
            "mrz_exact": round(sum(r["mrz_exact"] for r in mrz) / len(mrz), 4) if mrz else None,
            "mrz_documents": len(mrz),
            "seconds_per_file": _summary([r["seconds"] for r in clean]),
        }
    for label, selected in (
        ("clean", [r for r in rows if not r["unreadable"] and "sharpness" in r]),
        ("unreadable", [r for r in rows if r["unreadable"] and "sharpness" in r]),
    ):
        out[f"quality_{label}"] = {
            measure: {
                "min": round(min(r[measure] for r in selected), 1) if selected else None,
                "p05": round(_quantile([r[measure] for r in selected], 0.05), 1) if selected else None,
                "p95": round(_quantile([r[measure] for r in selected], 0.95), 1) if selected else None,
                "max": round(max(r[measure] for r in selected), 1) if selected else None,
            }
            for measure in ("sharpness", "contrast", "ocr_mean_conf", "dpi")
        }
    out["unreadable_files"] = sum(r["unreadable"] for r in rows)
    return out


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) a batch, read its scans and photos, print and write the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", help="an existing batch (default: generate one)")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=51723)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="var/reading-benchmark.json")
    parser.add_argument(
        "--doc-types", nargs="*", help="read only files of these truth types (e.g. id_card passport)"
    )
    args = parser.parse_args(argv)

    if args.batch:
        batch = Path(args.batch)
    else:
        from sample_docs.generator import generate_batch

        batch = Path(tempfile.mkdtemp(prefix="dossiercheck-reading-")) / "batch"
        generate_batch(batch, count=args.count, seed=args.seed)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    jobs = [
        (str(batch / app_id / name), meta)
        for app_id, app in sorted(truth["applications"].items())
        for name, meta in sorted(app["files"].items())
        if meta["source"] in READ_SOURCES
        and (batch / app_id / name).exists()
        and (not args.doc_types or meta["doc_type"] in args.doc_types)
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(_read_one, jobs, chunksize=1))
    result = summarise(rows)
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    result["batch"] = str(batch)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"summary": result, "files": rows}, indent=2, ensure_ascii=False) + "\n"
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
