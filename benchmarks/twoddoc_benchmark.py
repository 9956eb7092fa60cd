r"""Benchmark: the barcode stage per page (DataMatrix detection and decoding), not a test.

Times ``extractors.twoddoc.scan.find_symbols`` on page images as the reader
gives them, one process, one thread, wall time of the call:

* ``realdocs``: the 2D-Doc specimens of ``shared/realdocs/2ddoc`` (crops);
* ``pdf_200``: generated proofs of address with a 2D-Doc (22 mm), text-layer
  PDF page rendered at 200 dpi (``read.SYMBOL_DPI``), and ``pdf_100`` at
  100 dpi (the reader's preview, for comparison); ``small_200`` and
  ``small_100`` the same with a 12 mm symbol;
* ``scan_300``: the same documents scanned (300 dpi image-only PDF page);
* ``photo``: phone photos of them (about 2000 × 2800 px);
* ``none_200`` / ``none_300``: the same proofs without a 2D-Doc, at 200 and
  300 dpi: the cost paid on every page that has no code (most pages).

``--engine libdmtx`` times pylibdmtx (the Debian libdmtx) on the same
images instead, for the comparison in docs/reading.md (pylibdmtx is not a
dependency: install it by hand to run that engine).

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/twoddoc_benchmark.py --docs 12 --out var/twoddoc.json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"


def _gray_pdf_page(data: bytes, dpi: int):  # type: ignore[no-untyped-def]
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return np.asarray(pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    finally:
        pdf.close()


def _gray_image(data: bytes):  # type: ignore[no-untyped-def]
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("L"))


def pages(docs: int) -> list[tuple[str, object, str | None]]:
    """(group, grey image, expected message or None) for every page measured."""
    import numpy as np
    from PIL import Image

    from sample_docs.generator import render_sample_document
    from sample_docs.twoddoc import add_datamatrix, render_twoddoc_document

    out: list[tuple[str, object, str | None]] = []
    truth = json.loads((REALDOCS / "2ddoc" / "truth.json").read_text(encoding="utf-8"))
    for item in truth:
        if item.get("raw") and item.get("file"):
            gray = np.asarray(Image.open(REALDOCS / item["file"]).convert("L"))
            out.append(("realdocs", gray, item["raw"]))
    for seed in range(docs):
        data, t = render_twoddoc_document(seed, "valid", "digital_pdf")
        raw = t["twoddoc"]["raw"]
        out.append(("pdf_200", _gray_pdf_page(data, 200), raw))
        out.append(("pdf_100", _gray_pdf_page(data, 100), raw))
        plain, _ = render_sample_document("proof_of_address", seed, source="digital_pdf")
        small = add_datamatrix(plain, raw, size_mm=12)
        out.append(("small_200", _gray_pdf_page(small, 200), raw))
        out.append(("small_100", _gray_pdf_page(small, 100), raw))
        data, _ = render_twoddoc_document(seed, "valid", "scan_pdf")
        out.append(("scan_300", _gray_pdf_page(data, 300), raw))
        data, _ = render_twoddoc_document(seed, "valid", "photo")
        out.append(("photo", _gray_image(data), raw))
        out.append(("none_200", _gray_pdf_page(plain, 200), None))
        out.append(("none_300", _gray_pdf_page(plain, 300), None))
    return out


def zxing_engine() -> Callable[[object], list[str]]:
    """The product's stage: every decoded message of the page."""
    from extractors.twoddoc.scan import find_symbols

    return lambda gray: [s.raw for s in find_symbols(gray) if s.raw is not None]  # type: ignore[arg-type]


def libdmtx_engine() -> Callable[[object], list[str]]:
    """The Debian libdmtx (through pylibdmtx) on the same page, 10 s at most per page."""
    from pylibdmtx import pylibdmtx  # type: ignore[import-not-found]

    def run(gray: object) -> list[str]:
        found = pylibdmtx.decode(gray, timeout=10000)
        return [r.data.decode("latin-1") for r in found]

    return run


def main(argv: list[str] | None = None) -> int:
    """Time every page; print detection rate and milliseconds per group."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12, help="generated documents per group")
    parser.add_argument("--engine", choices=("zxing", "libdmtx"), default="zxing")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    engine = zxing_engine() if args.engine == "zxing" else libdmtx_engine()
    groups: dict[str, dict[str, list]] = {}
    for group, gray, expected in pages(args.docs):
        start = time.perf_counter()
        found = engine(gray)
        seconds = time.perf_counter() - start
        entry = groups.setdefault(group, {"ms": [], "ok": [], "shape": []})
        entry["ms"].append(seconds * 1000)
        entry["ok"].append(expected in found if expected is not None else not found)
        entry["shape"].append(list(getattr(gray, "shape", ())))
    result = {"engine": args.engine, "groups": {}}
    print(f"engine: {args.engine}")
    print(f"{'group':<12} {'pages':>5} {'right':>7} {'mean ms':>8} {'median':>7} {'max':>7}  size")
    for group, entry in groups.items():
        ms = entry["ms"]
        summary = {
            "pages": len(ms),
            "right": sum(entry["ok"]),
            "mean_ms": round(statistics.mean(ms), 1),
            "median_ms": round(statistics.median(ms), 1),
            "max_ms": round(max(ms), 1),
            "size": entry["shape"][0],
        }
        result["groups"][group] = summary
        print(
            f"{group:<12} {summary['pages']:>5} {summary['right']:>3}/{summary['pages']:<3} "
            f"{summary['mean_ms']:>8} {summary['median_ms']:>7} {summary['max_ms']:>7}  {summary['size']}"
        )
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
