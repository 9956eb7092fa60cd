"""Benchmark: full-page OCR engines on the same prepared pages (seconds per page, CER, word recall).

Not a test: it measures and prints. Every scanned or photographed single-image
file of a generated batch (``--count`` dossiers of ``--seed``, or ``--batch``)
is loaded and prepared as the pipeline does (sheet cut out, resolution
normalised, background flattened, tilt undone: ``extractors.read`` and
``extractors.page_cleanup``), then read, one process, one thread, by:

* ``tesseract``: the pipeline's engine (``extractors.ocr.TesseractEngine``, French, psm 6);
* ``tesseract-auto``: the same with automatic layout (psm 3), as the floor's plain call;
* ``ppocr``: PP-OCRv4 detection + recognition in ONNX Runtime through
  ``rapidocr_onnxruntime`` (its shipped Chinese-English models), one thread.
  It is not a dependency of the project: ``--ppocr-path`` names a folder that holds
  ``rapidocr_onnxruntime`` and ``onnxruntime`` (``pip install --target DIR
  rapidocr-onnxruntime==1.4.4``); without it the engine is skipped.

The character error rate and the word recall compare each engine's text with
the generator's truth text (``sample_docs.text_metrics``). ``--realdocs DIR``
adds the images of ``shared/realdocs`` (no text truth: seconds only). Results
are in docs/reading.md, "Full-page OCR engines".

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/ocr_engines_benchmark.py --count 12 --seed 5151 \
        --ppocr-path /tmp/ppocr --realdocs ../shared/realdocs --out var/ocr_engines.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("OPENCV_FOR_THREADS_NUM", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))

from sample_docs.scoring import source_group  # noqa: E402
from sample_docs.text_metrics import cer, word_recall  # noqa: E402

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
Reader = Callable[[np.ndarray, int], str]


def prepared_page(data: bytes) -> tuple[np.ndarray, int]:
    """The first frame of an image file, prepared for OCR as the pipeline does; (image, dpi)."""
    from extractors.image_loading import load_image
    from extractors.page_cleanup import prepare_for_ocr
    from extractors.page_geometry import rectify_page
    from extractors.page_resolution import estimate_dpi
    from extractors.read import OCR_BINARISATION

    frame = load_image(data, max_pages=1, max_pixels=200_000_000).frames[0]
    gray = rectify_page(frame.gray).image
    prepared = prepare_for_ocr(gray, estimate_dpi(gray), binarisation=OCR_BINARISATION)
    return prepared.image, round(prepared.dpi)


def tesseract_reader(psm: int) -> Reader:
    """The pipeline's Tesseract (French) with page segmentation mode ``psm``; its words as lines."""
    from extractors.ocr import TesseractEngine

    engine = TesseractEngine(psm=psm)

    def read(image: np.ndarray, dpi: int) -> str:
        words = engine.ocr_page(image, dpi)
        lines: dict[int, list[str]] = {}
        for word in words:
            lines.setdefault(word.line, []).append(word.text)
        return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))

    return read


def ppocr_reader() -> Reader:
    """rapidocr_onnxruntime's whole pipeline (detection, direction, recognition), one thread."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)

    def read(image: np.ndarray, dpi: int) -> str:
        result, _ = engine(np.dstack([image] * 3) if image.ndim == 2 else image)
        return "\n".join(text for _, text, _ in (result or []))

    return read


def _summary(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "mean": None, "median": None}
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 4),
        "median": round(statistics.median(values), 4),
    }


def generated_files(args: argparse.Namespace, work: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The single-image scans and photos of the batch, with their truth entries."""
    from sample_docs.generator import generate_batch

    batch = Path(args.batch) if args.batch else work / "batch"
    if not args.batch:
        generate_batch(batch, args.count, args.seed)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))["applications"]
    out = []
    for app_id, app in sorted(truth.items()):
        for name, entry in sorted(app["files"].items()):
            if (
                Path(name).suffix.lower() in IMAGE_SUFFIXES
                and entry.get("source") in ("scan_image", "photo")
                and entry.get("text")
                and entry.get("layout") != "unreadable_photo"
            ):
                out.append((batch / app_id / name, entry))
    return out[: args.limit] if args.limit else out


def main(argv: list[str] | None = None) -> int:
    """Run every engine on every page; print a table, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", help="an existing batch (default: generate one)")
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--seed", type=int, default=5151)
    parser.add_argument("--limit", type=int, default=0, help="read at most this many generated files")
    parser.add_argument("--ppocr-path", help="a folder holding rapidocr_onnxruntime and onnxruntime")
    parser.add_argument("--realdocs", help="shared/realdocs: its images too (seconds only)")
    parser.add_argument("--out", default="var/ocr_engines.json")
    args = parser.parse_args(argv)
    if args.ppocr_path:
        sys.path.append(args.ppocr_path)  # after the project's own packages
    engines: dict[str, Reader] = {"tesseract": tesseract_reader(6), "tesseract-auto": tesseract_reader(3)}
    try:
        engines["ppocr"] = ppocr_reader()
    except ImportError as error:
        print(f"ppocr skipped: {error}", file=sys.stderr)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dossiercheck-engines-") as tmp:
        pages: list[tuple[str, str, np.ndarray, int, str | None]] = []
        for path, entry in generated_files(args, Path(tmp)):
            image, dpi = prepared_page(path.read_bytes())
            pages.append(
                (path.name, source_group(entry["source"]), image, dpi, entry["text"].replace("\f", " "))
            )
        if args.realdocs:
            root = Path(args.realdocs)
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in IMAGE_SUFFIXES:
                    image, dpi = prepared_page(path.read_bytes())
                    pages.append((str(path.relative_to(root)), "realdocs", image, dpi, None))
        for name, group, image, dpi, reference in pages:
            for engine, read in engines.items():
                started = time.process_time()
                wall = time.perf_counter()
                text = read(image, dpi)
                cpu = time.process_time() - started  # Tesseract runs in a child: its time is in the wall
                row: dict[str, Any] = {
                    "file": name,
                    "group": group,
                    "engine": engine,
                    "seconds": round(time.perf_counter() - wall, 3),
                    "cpu_in_process": round(cpu, 3),
                    "pixels": int(image.shape[0] * image.shape[1]),
                }
                if reference is not None:
                    row["cer"] = round(cer(reference, text), 4)
                    row["word_recall"] = round(word_recall(reference, text), 4)
                rows.append(row)
                print(f"{engine:<15} {group:<9} {row['seconds']:6.2f}s  {row.get('cer', '-')!s:<7} {name}")
    summary: dict[str, Any] = {}
    for engine in engines:
        for group in sorted({r["group"] for r in rows}):
            selected = [r for r in rows if r["engine"] == engine and r["group"] == group]
            summary[f"{engine}/{group}"] = {
                "seconds_per_page": _summary([r["seconds"] for r in selected]),
                "cer": _summary([r["cer"] for r in selected if "cer" in r]),
                "word_recall": _summary([r["word_recall"] for r in selected if "word_recall" in r]),
            }
    print(json.dumps(summary, indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"summary": summary, "rows": rows}, indent=1), encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
