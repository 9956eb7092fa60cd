"""Calibration of the quality gate: how reading degrades as phone photos get blurrier.

Not a test. Generated documents (one of each required piece, several seeds)
are photographed by the sample generator's phone simulation at increasing
blur; each photo is read by ``extractors.read.read_document`` and the page's
sharpness and mean OCR confidence are set against the character error rate
and word recall of the reading. The rulebook's thresholds
(``quality.blur_sharpness_below``, ``quality.unreadable_ocr_confidence_at_most``)
are chosen from this table: below them, reading is no longer reliable.

    .venv/bin/python benchmarks/quality_calibration.py --out var/quality-calibration.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))

PIECES = ("proof_of_address", "bank_details", "jobseeker_certificate", "training_quote")
BLUR_SIGMAS = (0.5, 1.5, 2.5, 3.0, 3.5, 4.0, 5.0, 6.5)  # identity cards are always scans: not in the sweep


def _one(job: tuple[str, int, float]) -> dict[str, Any]:
    """Photograph one document at one blur, read it, measure (runs in a worker)."""
    from extractors.read import read_document
    from sample_docs.degrade import choose_photo_params, encode_photo_jpeg, rasterise_pdf_page, simulate_photo
    from sample_docs.generator import render_sample_document
    from sample_docs.text_metrics import cer, word_recall

    piece, seed, sigma = job
    pdf, truth = render_sample_document(piece, seed, source="digital_pdf")
    params = replace(choose_photo_params(random.Random(seed)), blur_sigma=sigma)
    photo = simulate_photo(rasterise_pdf_page(pdf, 200), params)
    document = read_document(encode_photo_jpeg(photo, params.quality), "photo.jpg")
    quality = document.pages[0].quality
    reference = truth["text"].split("\f")[0]
    return {
        "piece": piece,
        "seed": seed,
        "blur_sigma": sigma,
        "sharpness": quality.sharpness,
        "ocr_mean_conf": quality.ocr_mean_conf,
        "blank": quality.blank,
        "cer": round(cer(reference, document.pages[0].text), 4),
        "word_recall": round(word_recall(reference, document.pages[0].text), 4),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the blur sweep and print one row per blur level."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="documents per piece")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="var/quality-calibration.json")
    args = parser.parse_args(argv)
    jobs = [(piece, 900 + s, sigma) for piece in PIECES for s in range(args.seeds) for sigma in BLUR_SIGMAS]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(_one, jobs, chunksize=1))
    print(f"{'blur σ':>7} {'sharpness (median, min-max)':>30} {'OCR conf':>9} {'CER':>6} {'recall':>7}")
    for sigma in BLUR_SIGMAS:
        level = [r for r in rows if r["blur_sigma"] == sigma]
        sharp = sorted(r["sharpness"] or 0.0 for r in level)
        print(
            f"{sigma:>7} {statistics.median(sharp):>12.0f} ({sharp[0]:.0f}-{sharp[-1]:.0f}){'':>6}"
            f" {statistics.median(r['ocr_mean_conf'] or 0.0 for r in level):>9.1f}"
            f" {statistics.median(r['cer'] for r in level):>6.3f}"
            f" {statistics.median(r['word_recall'] for r in level):>7.3f}"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
