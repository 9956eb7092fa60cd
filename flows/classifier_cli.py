"""``dossiercheck classifier train|evaluate``: train the doc-type classifier and measure it.

Registered from ``flows/cli.py``. Heavy imports (torch, transformers,
scikit-learn, the reader) happen inside the commands, so ``--help`` stays fast.
See docs/classifier.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BATCH_MISSING = 3
EXIT_DATABASE = 4


def _layouts(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _rulebook_threshold(args: argparse.Namespace) -> float:
    """``--threshold``, else the rulebook's ``type_confidence_threshold``."""
    if args.threshold is not None:
        return float(args.threshold)
    from sample_docs.scoring import rulebook_type_threshold

    return rulebook_type_threshold()


def _load_examples(batches: list[str], truths: list[str] | None) -> list[Any] | None:
    """The corpus examples of every ``--batch`` (None, after saying why, if one is missing)."""
    from flows.environment import configure_environment

    configure_environment()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from extractors.classifier_examples import corpus_examples

    examples = []
    for i, batch in enumerate(batches):
        batch_dir = Path(batch)
        truth_path = Path(truths[i]) if truths and i < len(truths) else batch_dir / "truth.json"
        if not batch_dir.is_dir() or not truth_path.is_file():
            print(f"error: batch directory or truth not found: {batch_dir} / {truth_path}", file=sys.stderr)
            return None
        examples += corpus_examples(batch_dir, json.loads(truth_path.read_text(encoding="utf-8")))
    return examples


def _print_metrics(title: str, metrics: dict[str, Any]) -> None:
    keys = ("documents", "accuracy", "macro_f1", "ece", "wrong_and_confident", "below_threshold", "threshold")
    print(title)
    for key in keys:
        if key in metrics:
            print(f"  {key:<22} {metrics[key]}")
    if "ece_before_temperature" in metrics:
        print(f"  {'ece_before_temperature':<22} {metrics['ece_before_temperature']}")
    wrong = {t: {p: n for p, n in row.items() if p != t} for t, row in metrics.get("confusion", {}).items()}
    wrong = {t: row for t, row in wrong.items() if row}
    if wrong:
        print(f"  {'confusions':<22} {json.dumps(wrong)}")


def _cmd_train(args: argparse.Namespace) -> int:
    examples = _load_examples(args.batch, args.truth)
    if examples is None:
        return EXIT_BATCH_MISSING
    from extractors.classifier_artifact import encoder_description
    from extractors.classifier_cache import read_examples
    from extractors.classifier_examples import correction_examples, merge_examples
    from extractors.classifier_training import train_classifier
    from extractors.embedding import load_encoder

    started = time.perf_counter()
    corrections = []
    if args.db:
        try:
            corrections = correction_examples(args.db)
        except Exception as error:  # any driver error
            print(f"error: database unreachable: {type(error).__name__}: {error}", file=sys.stderr)
            return EXIT_DATABASE
    examples = merge_examples(examples, corrections)
    cache = Path(args.cache)
    readable = read_examples(examples, cache, workers=args.workers)
    read_s = time.perf_counter() - started
    print(
        f"{len(examples)} files ({len(corrections)} caseworker corrections), {len(readable)} readable; "
        f"read in {read_s:.1f} s (cache: {cache})"
    )
    encoder = load_encoder(
        args.encoder,
        max_tokens=args.max_tokens,
        max_chunks=args.max_chunks,
        threads=args.threads,
        precision=args.precision,
    )
    config = encoder_description(args.encoder, args.max_tokens, args.max_chunks, encoder.dim, args.precision)
    threshold = _rulebook_threshold(args)
    result = train_classifier(
        readable,
        encoder,
        config,
        c=args.C,
        folds=args.folds,
        seed=args.seed,
        hold_out_layouts=_layouts(args.hold_out_layouts),
        threshold=threshold,
        cache_dir=cache,
        seeds={"batches": [_batch_seed(b) for b in args.batch]},
    )
    result.artifact.training["training_seconds"] = round(time.perf_counter() - started, 1)
    result.artifact.training["reading_seconds"] = round(read_s, 1)
    out = result.artifact.save(Path(args.out))
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    _print_metrics(
        "held-out predictions (calibrated; leave-one-family-out + k-fold):", result.metrics["out_of_fold"]
    )
    print(f"  temperature            {result.artifact.temperature}")
    curve = result.metrics["out_of_fold"]["threshold_curve"]
    print(
        "  threshold curve (t: wrong-and-confident / correct sent to review): "
        + ", ".join(f"{p['threshold']}: {p['wrong_and_confident']}/{p['correct_to_review']}" for p in curve)
    )
    for error in result.metrics["out_of_fold"]["errors"][:20]:
        print(f"  error: {error}")
    if "held_out_layouts" in result.metrics:
        _print_metrics(
            f"held-out layouts {_layouts(args.hold_out_layouts)}:", result.metrics["held_out_layouts"]
        )
    print(
        f"artifact {out} ({size / 1024:.0f} KiB), version {config['short']}-{result.artifact.identity}, "
        f"trained in {time.perf_counter() - started:.1f} s"
    )
    return EXIT_OK


def _batch_seed(batch: str) -> int | None:
    truth = Path(batch) / "truth.json"
    try:
        return int(json.loads(truth.read_text(encoding="utf-8")).get("seed"))
    except (OSError, ValueError, TypeError):
        return None


def _cmd_evaluate(args: argparse.Namespace) -> int:
    examples = _load_examples(args.batch, args.truth)
    if examples is None:
        return EXIT_BATCH_MISSING
    from extractors.calibration import classification_metrics
    from extractors.classifier_cache import read_examples

    layouts = set(_layouts(args.layouts))
    if layouts:
        examples = [e for e in examples if e.layout in layouts]
    readable = read_examples(examples, Path(args.cache), workers=args.workers)
    threshold = _rulebook_threshold(args)
    if args.classifier == "keyword":
        from extractors.classify import KeywordClassifier

        classifications = [KeywordClassifier().classify(e.document) for e in readable]
    else:
        from extractors.transformers_classifier import TransformersClassifier

        clf = TransformersClassifier(Path(args.artifact) if args.artifact else None, threads=args.threads)
        classifications = clf.classify_many([e.document for e in readable])
    metrics = classification_metrics(
        [e.label for e in readable],
        [c.doc_type for c in classifications],
        [c.confidence for c in classifications],
        threshold,
    )
    _print_metrics(
        f"{args.classifier} on {', '.join(args.batch)}"
        + (f" (layouts {sorted(layouts)})" if layouts else ""),
        metrics,
    )
    if args.out:
        Path(args.out).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``classifier train`` and ``classifier evaluate`` to the ``dossiercheck`` parser."""
    from extractors.embedding import DEFAULT_ENCODER, DEFAULT_MAX_CHUNKS, DEFAULT_MAX_TOKENS, PRECISIONS

    group = sub.add_parser("classifier", help="train and evaluate the document-type classifier")
    group_sub = group.add_subparsers(dest="classifier_command", required=True)

    train = group_sub.add_parser(
        "train", help="fit and calibrate the classifier on generated batches and caseworkers' corrections"
    )
    _common(train)
    train.add_argument("--out", required=True, help="artifact folder to write (manifest.json, weights.npz)")
    train.add_argument(
        "--db", help="SQLAlchemy URL: add caseworkers' doc-type corrections from this database"
    )
    train.add_argument(
        "--hold-out-layouts", help="comma-separated layouts left out of training, reported apart"
    )
    train.add_argument(
        "--encoder", default=DEFAULT_ENCODER, help="local transformers model folder, or package:MODULE/dir"
    )
    train.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS, help="tokens per window")
    train.add_argument("--max-chunks", type=int, default=DEFAULT_MAX_CHUNKS, help="windows per document")
    train.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="int8",
        help="the encoder's linear layers in int8 (default: 3 times faster) or fp32",
    )
    train.add_argument("--C", type=float, default=1.0, help="inverse L2 regularisation of the head")
    train.add_argument("--folds", type=int, default=5, help="folds for out-of-fold calibration")
    train.add_argument("--seed", type=int, default=20261122, help="seed of the folds")
    train.set_defaults(func=_cmd_train)

    evaluate = group_sub.add_parser("evaluate", help="accuracy, macro-F1, ECE and confusions on a batch")
    _common(evaluate)
    evaluate.add_argument("--classifier", choices=["transformers", "keyword"], default="transformers")
    evaluate.add_argument("--artifact", help="artifact folder (default: the shipped one)")
    evaluate.add_argument("--layouts", help="comma-separated layouts: evaluate on these only")
    evaluate.add_argument("--out", help="write the metrics JSON here")
    evaluate.set_defaults(func=_cmd_evaluate)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--batch", action="append", required=True, help="a generated batch directory (repeatable)"
    )
    parser.add_argument(
        "--truth", action="append", help="its truth.json (default: BATCH/truth.json; repeatable)"
    )
    parser.add_argument("--cache", default="var/classifier-cache", help="reading and embedding cache")
    parser.add_argument("--workers", type=int, default=2, help="reading processes")
    parser.add_argument("--threads", type=int, default=2, help="torch threads for the embeddings")
    parser.add_argument("--threshold", type=float, help="confidence threshold (default: the rulebook's)")
