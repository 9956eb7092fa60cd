"""Benchmark reading on a generated batch with its truth.json (not a test).

Run: ``OMP_THREAD_LIMIT=1 python -m tests.extractors.bench_corpus [BATCH_DIR] --psms 4,6 --bins none,otsu``.
For every file whose truth carries its ``text``, reads it with ``read_document``
and prints, per configuration and per source kind (digital, scan_pdf,
scan_image…), the mean CER, word recall and seconds per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

import extractors.read as read_module
from extractors.ocr import TesseractEngine
from extractors.read import read_document
from models.errors import DossierCheckError
from tests.extractors.docfactory import cer, word_recall

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
DEMO = Path(__file__).resolve().parents[2] / "sample_docs" / "batches" / "demo"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("batch", nargs="?", default=str(DEMO))
    parser.add_argument("--psms", default="4")
    parser.add_argument("--bins", default="none")
    parser.add_argument(
        "--only", default="", help="comma-separated sources to keep (e.g. scan_pdf,scan_image)"
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    batch = Path(args.batch)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    only = {s for s in args.only.split(",") if s}
    files = []
    for app_id, app in truth["applications"].items():
        for name, info in app["files"].items():
            if "text" in info and (not only or info.get("source") in only):
                files.append((batch / app_id / name, info))
    print(f"{len(files)} files with a ground-truth text")
    for psm in (int(p) for p in args.psms.split(",")):
        for binarisation in args.bins.split(","):
            read_module.OCR_BINARISATION = binarisation  # type: ignore[assignment]
            engine = TesseractEngine(psm=psm)
            rows: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
            for path, info in files:
                start = time.perf_counter()
                try:
                    document = read_document(path.read_bytes(), path.name, engine=engine)
                except DossierCheckError as error:
                    print(f"  {path.name}: {type(error).__name__}")
                    continue
                seconds = (time.perf_counter() - start) / max(len(document.pages), 1)
                hypothesis = "\n".join(p.text for p in document.pages)
                row = (cer(info["text"], hypothesis), word_recall(info["text"], hypothesis), seconds)
                rows[info.get("source", "?")].append(row)
                rows["ALL"].append(row)
                if args.verbose:
                    print(
                        f"  {path.parent.name}/{path.name} {info.get('source')} {document.text_source} "
                        f"CER={row[0]:.3f} recall={row[1]:.3f} {seconds:.2f}s/page "
                        f"rot={document.metadata.get('page_rotations')}"
                    )
            for source, values in sorted(rows.items()):
                print(
                    f"psm={psm:<2} bin={binarisation:5} {source:12} n={len(values):3} "
                    f"CER={statistics.mean(v[0] for v in values):.3f} "
                    f"recall={statistics.mean(v[1] for v in values):.3f} "
                    f"s/page={statistics.mean(v[2] for v in values):.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
