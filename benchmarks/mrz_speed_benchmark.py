r"""Benchmark: CPU seconds to read one identity document, MRZ reader alone and whole reading.

Not a test. For the identity documents with an MRZ of ``shared/realdocs``
and of a generated batch (scans and photos), one process, one thread:

* ``zone``: ``extractors.mrz_reader.read_zone_mrz`` on the image (zone
  finding, glyph classification both ways up, decoding), CPU time of this
  process;
* ``whole``: ``extractors.read.read_document`` (page OCR with Tesseract,
  the OCR pass's MRZ band, the structural MRZ reader), CPU time of this
  process plus its Tesseract children, so that a machine shared with other
  jobs does not inflate it.

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/mrz_speed_benchmark.py \
        --realdocs ../shared/realdocs --batch /tmp/mrzgen --limit 40
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))

IDENTITY = ("id_card", "passport", "residence_permit")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Time every document; print mean and max per group."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdocs")
    parser.add_argument("--batch")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    import numpy as np

    from extractors.image_loading import load_image
    from extractors.mrz_reader import read_zone_mrz
    from extractors.read import read_document

    paths: list[tuple[str, Path]] = []
    if args.realdocs:
        folder = Path(args.realdocs)
        for entry in json.loads((folder / "truth.json").read_text(encoding="utf-8")):
            if entry["fields"].get("mrz"):
                paths.append(("realdocs", folder / entry["file"]))
    if args.batch:
        folder = Path(args.batch)
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for app_id, app in sorted(truth["applications"].items()):
            for name, meta in sorted(app["files"].items()):
                if meta["doc_type"] in IDENTITY and meta["source"] in ("scan_image", "photo"):
                    paths.append((f"generator-{meta['source']}", folder / app_id / name))
    paths = paths[: args.limit]
    if not paths:
        return 1
    read_zone_mrz(load_image(paths[0][1].read_bytes(), max_pages=1).frames[0].gray)  # warm-up
    groups: dict[str, list[tuple[float, float]]] = {}
    for group, path in paths:
        data = path.read_bytes()
        gray = load_image(data, max_pages=1).frames[0].gray
        started = time.process_time()
        read_zone_mrz(gray)
        zone = time.process_time() - started
        started, children = time.process_time(), _children_cpu()
        read_document(data, path.name)
        whole = time.process_time() - started + _children_cpu() - children
        groups.setdefault(group, []).append((zone, whole))
    table = {}
    for group, values in groups.items():
        array = np.array(values)
        table[group] = {
            "documents": len(values),
            "zone_reader_cpu_s": {
                "mean": round(float(array[:, 0].mean()), 2),
                "max": round(float(array[:, 0].max()), 2),
            },
            "whole_reading_cpu_s": {
                "mean": round(float(array[:, 1].mean()), 2),
                "median": round(float(np.median(array[:, 1])), 2),
                "max": round(float(array[:, 1].max()), 2),
            },
        }
    print(json.dumps(table, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(table, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
