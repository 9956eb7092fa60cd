"""Benchmark of the OCR choices (not a test): psm × preprocessing × dpi on generated scans.

Run: ``OMP_THREAD_LIMIT=1 python -m tests.extractors.bench_ocr [--quick]``. Prints one row
per configuration: mean CER (order-sensitive, whitespace collapsed), mean word
recall (order-free) and mean seconds per page (preprocessing + Tesseract).
The numbers behind the defaults in ``extractors/ocr.py`` and ``extractors/read.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from extractors.ocr import TesseractEngine
from extractors.page_cleanup import prepare_for_ocr
from tests.extractors.docfactory import SCAN, cer, degrade, render, sample, word_recall

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

Prep = Callable[[np.ndarray, float], tuple[np.ndarray, float]]


def prep_raw(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    return gray, dpi


def prep_gray(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    page = prepare_for_ocr(gray, dpi, binarisation="none")
    return page.image, page.dpi


def prep_otsu_noflat(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    page = prepare_for_ocr(gray, dpi, binarisation="otsu", flattened=gray)
    return page.image, page.dpi


def prep_flat_otsu(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    page = prepare_for_ocr(gray, dpi, binarisation="otsu")
    return page.image, page.dpi


def prep_flat_otsu_native(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    page = prepare_for_ocr(gray, dpi, binarisation="otsu", resample=False)
    return page.image, page.dpi


def prep_adaptive(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    page = prepare_for_ocr(gray, dpi, binarisation="adaptive")
    return page.image, page.dpi


PREPS: dict[str, Prep] = {
    "raw": prep_raw,
    "flat+gray": prep_gray,
    "otsu": prep_otsu_noflat,
    "flat+otsu": prep_flat_otsu,
    "flat+otsu-nores": prep_flat_otsu_native,
    "flat+adapt": prep_adaptive,
}

CONDITIONS = {
    "scan": SCAN,
    "hard": {"angle": -2.5, "blur": 1.4, "noise": 14.0, "paper": 215, "ink": 60, "jpeg_quality": 50},
    "shadow": {
        "angle": 0.8,
        "blur": 1.0,
        "noise": 6.0,
        "paper": 245,
        "ink": 40,
        "jpeg_quality": 75,
        "shade": 0.55,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="psm 6 and 3 only, gray and otsu only")
    parser.add_argument("--docs", default="rib,bill,attestation,quote")
    parser.add_argument("--dpis", default="300,200")
    parser.add_argument("--psms", default="3,4,6,11")
    parser.add_argument("--preps", default=",".join(PREPS))
    parser.add_argument("--conditions", default="scan,hard")
    args = parser.parse_args()
    docs = args.docs.split(",")
    psms = [int(p) for p in args.psms.split(",")]
    preps = args.preps.split(",")
    if args.quick:
        psms, preps = [6, 4], ["flat+gray", "flat+otsu"]
    print(f"{'cond':6} {'dpi':>4} {'psm':>3} {'prep':15} {'CER':>6} {'recall':>6} {'s/page':>6}")
    for condition in args.conditions.split(","):
        for dpi in (int(d) for d in args.dpis.split(",")):
            scans = []
            for seed, name in enumerate(docs):
                document = sample(name)
                scans.append(
                    (degrade(render(document.pdf, dpi), seed=seed, **CONDITIONS[condition]), document)
                )
            for psm in psms:
                engine = TesseractEngine(psm=psm)
                for prep_name in preps:
                    cers, recalls, seconds = [], [], []
                    for gray, document in scans:
                        start = time.perf_counter()
                        image, eff_dpi = PREPS[prep_name](gray, dpi)
                        words = engine.ocr_page(image, int(eff_dpi))
                        seconds.append(time.perf_counter() - start)
                        lines: dict[int, list[str]] = {}
                        for word in words:
                            lines.setdefault(word.line, []).append(word.text)
                        text = "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
                        cers.append(cer(document.text, text))
                        recalls.append(word_recall(document.text, text))
                    print(
                        f"{condition:6} {dpi:>4} {psm:>3} {prep_name:15} {statistics.mean(cers):6.3f} "
                        f"{statistics.mean(recalls):6.3f} {statistics.mean(seconds):6.2f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
