r"""Benchmark: which recogniser reads the MRZ best, on the same zones and with the same decoding.

Not a test. For every identity document with an MRZ (``shared/realdocs``
and/or a generated batch's scans and photos) the zone is found once by
structure (``extractors.mrz_zone``) and each engine reads its straightened
lines; the readings then go through the same format-aware decoder and
check-guided repair (``extractors.mrz_reader``). Engines:

* ``glyphs``: the project's OCR-B glyph classifier (numpy, shipped weights);
* ``tesseract``: Tesseract 5, ``eng`` model (the best available here for
  OCR-B), one line at a time (psm 7) with the MRZ alphabet whitelisted;
* ``ppocr``: PP-OCRv4 recognition (``rapidocr_onnxruntime``'s shipped ONNX
  model in ONNX Runtime, loaded offline), one line at a time. Only when
  ``onnxruntime`` and ``rapidocr_onnxruntime`` import (``--ppocr-path`` may
  point at a folder holding them; they are not project dependencies).

Prints exact-MRZ rates per set and engine and seconds per document (zone
finding included), and writes every reading with ``--out``.

    OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/mrz_engines_benchmark.py \
        --realdocs ../shared/realdocs --batch /tmp/mrzgen --out var/mrz-engines.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.append(str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from extractors.mrz_line_geometry import LineGeometry  # noqa: E402

IDENTITY = ("id_card", "passport", "residence_permit")
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


def _strip(crop: np.ndarray, line: LineGeometry, pad: float = 0.9) -> np.ndarray:
    top = int(max(0, line.cy - 0.85 * line.cap))
    bottom = int(min(crop.shape[0], line.cy + 0.85 * line.cap))
    left = int(max(0, line.centres[0] - pad * line.pitch))
    right = int(min(crop.shape[1], line.centres[-1] + pad * line.pitch))
    return crop[top:bottom, left:right]


def tesseract_reader() -> Any:
    """Tesseract ``eng``, psm 7, MRZ alphabet: one straightened line strip at a time."""
    import pytesseract

    from extractors.mrz_reader import text_probabilities

    config = f"--psm 7 -c tessedit_char_whitelist={WHITELIST}"

    def read(crop: np.ndarray, line: LineGeometry) -> np.ndarray:
        strip = cv2.copyMakeBorder(_strip(crop, line), 12, 12, 12, 12, cv2.BORDER_REPLICATE)
        text = pytesseract.image_to_string(strip, lang="eng", config=config)
        text = "".join(c for c in text.upper() if c in WHITELIST)
        return text_probabilities(text)

    return read


def ppocr_reader() -> Any:
    """PP-OCRv4 recognition in ONNX Runtime (one thread), greedy CTC: one line strip at a time."""
    import importlib.util

    import onnxruntime as ort

    from extractors.mrz_reader import text_probabilities

    spec = importlib.util.find_spec("rapidocr_onnxruntime")  # its model only: the package is not imported
    if spec is None or spec.origin is None:
        raise ImportError("rapidocr_onnxruntime")
    model = Path(spec.origin).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    characters = ["blank", *session.get_modelmeta().custom_metadata_map["character"].splitlines(), " "]
    fillers = {"<", "«", "‹", "く", "〈", "＜"}

    def read(crop: np.ndarray, line: LineGeometry) -> np.ndarray:
        strip = _strip(crop, line)
        height = 48
        width = max(16, int(strip.shape[1] * height / strip.shape[0]))
        image = cv2.resize(strip, (width, height), interpolation=cv2.INTER_AREA)
        rgb = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB).astype(np.float32) / 255.0
        tensor = ((rgb - 0.5) / 0.5).transpose(2, 0, 1)[None]
        output = session.run(None, {session.get_inputs()[0].name: tensor})[0][0]
        best = output.argmax(axis=1)
        text, previous = [], 0
        for index in best:
            if index != previous and index != 0:
                char = characters[index]
                text.append("<" if char in fillers else char.upper())
            previous = index
        read_text = "".join(c for c in "".join(text) if c in WHITELIST)
        return text_probabilities(read_text)

    return read


def _grays(path: Path) -> list[np.ndarray]:
    from extractors.image_loading import load_image

    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        return [
            np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")) for page in document
        ]
    return [frame.gray for frame in load_image(data, max_pages=5).frames]


def _items(realdocs: str | None, batch: str | None) -> list[tuple[str, Path, str, str]]:
    items = []
    if realdocs:
        folder = Path(realdocs)
        for entry in json.loads((folder / "truth.json").read_text(encoding="utf-8")):
            if entry["fields"].get("mrz"):
                valid = "valid" if entry.get("mrz_check_digits_valid") else "invalid"
                items.append(
                    (f"realdocs-{valid}", folder / entry["file"], "\n".join(entry["fields"]["mrz"]), "")
                )
    if batch:
        folder = Path(batch)
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for app_id, app in sorted(truth["applications"].items()):
            for name, meta in sorted(app["files"].items()):
                if (
                    meta["doc_type"] in IDENTITY
                    and meta["fields"].get("mrz")
                    and meta["source"] != "digital_pdf"
                ):
                    group = "generator-photo" if meta["source"] == "photo" else "generator-scan"
                    items.append((group, folder / app_id / name, meta["fields"]["mrz"], meta["layout"]))
    return items


def main(argv: list[str] | None = None) -> int:
    """Run every engine on every zone; print the table, write the readings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdocs")
    parser.add_argument("--batch")
    parser.add_argument("--engines", nargs="*", default=["glyphs", "tesseract", "ppocr"])
    parser.add_argument("--ppocr-path", help="a folder holding onnxruntime and rapidocr_onnxruntime")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.ppocr_path:
        sys.path.append(args.ppocr_path)

    from extractors.mrz_reader import glyph_line_reader, read_zone_mrz
    from extractors.mrz_zone import find_zones

    readers: dict[str, Any] = {}
    for engine in args.engines:
        try:
            readers[engine] = {
                "glyphs": glyph_line_reader,
                "tesseract": tesseract_reader,
                "ppocr": ppocr_reader,
            }[engine]()
        except ImportError as error:
            print(f"{engine}: not available ({error})")
    rows = []
    for group, path, expected, layout in _items(args.realdocs, args.batch):
        t0 = time.perf_counter()
        pages = [(gray, find_zones(gray)) for gray in _grays(path)]
        zone_s = time.perf_counter() - t0
        row: dict[str, Any] = {"group": group, "file": path.name, "layout": layout, "expected": expected}
        for engine, reader in readers.items():
            t1 = time.perf_counter()
            best = None
            for gray, zones in pages:
                reading = read_zone_mrz(gray, zones=zones, line_reader=reader)
                if reading is not None and (best is None or (reading.valid, reading.confidence) > best[0]):
                    best = ((reading.valid, reading.confidence), reading)
            got = best[1] if best else None
            row[engine] = {
                "text": got.text if got else None,
                "valid": bool(got and got.valid),
                "exact": bool(got and got.text == expected),
                "seconds": round(zone_s + time.perf_counter() - t1, 3),
            }
        rows.append(row)
        marks = " ".join(f"{e}={'ok' if row[e]['exact'] else '--'}" for e in readers)
        print(f"{group:<18} {marks}  {path.name}", flush=True)
    table: dict[str, Any] = {}
    for group in sorted({r["group"] for r in rows}):
        selected = [r for r in rows if r["group"] == group]
        table[group] = {
            engine: {
                "exact": f"{sum(r[engine]['exact'] for r in selected)}/{len(selected)}",
                "read_valid_but_wrong": sum(r[engine]["valid"] and not r[engine]["exact"] for r in selected),
                "seconds_per_document": round(float(np.mean([r[engine]["seconds"] for r in selected])), 3),
            }
            for engine in readers
        }
    print(json.dumps(table, indent=2))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({"table": table, "files": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
