"""A batch of lone documents, the same number per layout family: training material for the classifier.

Dossier batches draw families at the rate applicants upload them, so a rare
piece (``other``: one dossier in four or five) has few examples per family.
``generate_pieces`` renders ``per_family`` clean documents of every family of
the chosen pieces and split, each in a source drawn at random (digital PDF,
flatbed scan as image or image-only PDF, phone photo), and writes them with a
``truth.json`` of the dossier-batch format (one folder per family, named
``PIECES-<family>``, no ``application.json``), so that ``dossiercheck
classifier train --batch`` reads it like any batch.

    python -m sample_docs.pieces --out var/clf/other-seen --pieces other --per-family 12 --seed 5
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from sample_docs.families import SEEN, families_of, normalise_split

SOURCES = (("digital_pdf", 0.45), ("scan_image", 0.25), ("scan_pdf", 0.15), ("photo", 0.15))


def generate_pieces(
    out_dir: Path, seed: int, *, pieces: tuple[str, ...] = ("other",), per_family: int = 10, split: str = SEEN
) -> dict[str, Any]:
    """Write ``per_family`` documents of every family of ``pieces`` in ``split``; returns the truth."""
    split = normalise_split(split)
    out_dir.mkdir(parents=True, exist_ok=True)
    applications: dict[str, Any] = {}
    for piece in pieces:
        for fam in families_of(piece, None if split == "all" else split):
            folder = f"PIECES-{fam.name}"
            (out_dir / folder).mkdir(exist_ok=True)
            rng = random.Random(f"pieces:{seed}:{fam.name}")
            files: dict[str, Any] = {}
            for index in range(per_family):
                source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
                if piece == "identity" and source == "digital_pdf":
                    source = "scan_image"
                if not fam.single_image and source in ("scan_image", "photo"):
                    source = "scan_pdf"
                from sample_docs.generator import render_sample_document

                data, entry = render_sample_document(
                    piece, rng.randint(0, 10**9), source=source, image_format="jpg", layout=fam.name
                )
                suffix = ".pdf" if source in ("digital_pdf", "scan_pdf") else ".jpg"
                name = f"{index:03d}{suffix}"
                (out_dir / folder / name).write_bytes(data)
                files[name] = entry
            applications[folder] = {"files": files}
    truth = {
        "generator": "dossiercheck-pieces/1",
        "seed": seed,
        "split": split,
        "per_family": per_family,
        "applications": applications,
    }
    (out_dir / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return truth


def main(argv: list[str] | None = None) -> int:
    """The CLI of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--pieces", default="other", help="comma-separated pieces (identity, other, cv, ...)")
    parser.add_argument("--per-family", type=int, default=10)
    parser.add_argument("--split", default=SEEN)
    args = parser.parse_args(argv)
    truth = generate_pieces(
        Path(args.out),
        args.seed,
        pieces=tuple(p for p in args.pieces.split(",") if p),
        per_family=args.per_family,
        split=args.split,
    )
    count = sum(len(a["files"]) for a in truth["applications"].values())
    print(f"{count} documents of {len(truth['applications'])} families written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
