"""The ``dossiercheck`` command line.

Heavy imports (Prefect, OCR, models) happen inside the sub-commands, so that
``dossiercheck --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BATCH_MISSING = 3
EXIT_DATABASE = 4
EXIT_CLASSIFIER = 5


def _classifier_unavailable() -> str | None:
    """Why the configured classifier cannot load (artifact, encoder…), or None: checked before a batch."""
    from extractors.classifier_artifact import ClassifierUnavailable
    from extractors.classifiers import default_classifier

    try:
        default_classifier()
    except ClassifierUnavailable as error:
        return str(error)
    return None


def _cmd_run(args: argparse.Namespace) -> int:
    from flows.environment import configure_environment

    configure_environment()
    batch = Path(args.batch_dir)
    if not batch.is_dir():
        print(f"error: batch directory not found: {batch}", file=sys.stderr)
        return EXIT_BATCH_MISSING
    from models.settings import get_settings

    database_url = args.db or get_settings().database_url
    status, result = _run_batch_flow(batch, Path(args.report), database_url, args.workers)
    if status != EXIT_OK:
        return status
    summary = result["summary"]
    print(
        f"{summary['applications']} applications, {summary['documents']} documents: "
        + ", ".join(f"{k} {v}" for k, v in summary["decisions"].items())
        + f" in {summary['elapsed_s']} s; report: {args.report}"
    )
    return EXIT_OK


def _run_batch_flow(
    batch: Path, report_path: Path, database_url: str, workers: int | None
) -> tuple[int, dict]:
    """Migrate the database, check the classifier, run the batch flow; the exit status and its result.

    The reading processes start first (``flows.pool.prestart_pool``) and are
    given the batch's uncached files at once (``flows.batch.prefetch_batch``):
    loading the encoder and reading the first documents overlap the migration
    and the start of Prefect's temporary server.
    """
    from flows.pool import prestart_pool, stop_pool
    from models.db import migrate
    from models.settings import get_settings

    prestart_pool(workers or get_settings().workers)
    try:
        from flows.batch import prefetch_batch  # imports Prefect: after the workers' start

        prefetch_batch(batch)
        try:
            migrate(database_url)
        except Exception as error:  # any driver error: the batch cannot run
            print(
                f"error: database unreachable or not migratable: {type(error).__name__}: {error}",
                file=sys.stderr,
            )
            return EXIT_DATABASE, {}
        if problem := _classifier_unavailable():
            print(f"error: classifier unavailable: {problem}", file=sys.stderr)
            return EXIT_CLASSIFIER, {}
        from flows.batch import BatchOptions, process_batch

        options = BatchOptions(database_url=database_url, report_path=str(report_path), workers=workers)
        return EXIT_OK, process_batch(str(batch), options)
    finally:
        stop_pool()


def _cmd_inspect(args: argparse.Namespace) -> int:
    from flows.environment import configure_environment

    configure_environment()
    from flows.inspection import inspect_files

    results = inspect_files([Path(f) for f in args.files])
    json.dump([r.model_dump(mode="json") for r in results], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _cmd_samples_generate(args: argparse.Namespace) -> int:
    from sample_docs.families import normalise_wave
    from sample_docs.generator import generate_batch

    try:
        normalise_wave(args.wave, args.split)
    except ValueError as error:  # a wave that does not exist, or a wave with the seen split
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        truth = generate_batch(
            Path(args.out), args.count, args.seed, split=args.split, wave=args.wave, faults=args.faults
        )
    except ValueError as error:  # a fault name that sample_docs/faults.py does not know
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    count, truth_path = len(truth["applications"]), Path(args.out) / "truth.json"
    layouts = truth["split"] if truth.get("wave") is None else f"{truth['split']} wave {truth['wave']}"
    print(f"{count} applications ({layouts} layouts) written to {args.out} (truth: {truth_path})")
    return EXIT_OK


def _run_for_evaluation(batch: Path, report_path: Path, db: str, workers: int | None) -> tuple[int, dict]:
    """Run the batch flow as ``run`` does; return the exit status and the flow's summary."""
    from flows.environment import configure_environment

    configure_environment()
    report_path.parent.mkdir(parents=True, exist_ok=True)
    status, result = _run_batch_flow(batch, report_path, db, workers)
    return status, dict(result.get("summary") or {})


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Run (or read) a batch's report, score it against truth.json, print and write the numbers."""
    from sample_docs.scoring import format_table, score

    batch = Path(args.batch)
    if not batch.is_dir():
        print(f"error: batch directory not found: {batch}", file=sys.stderr)
        return EXIT_BATCH_MISSING
    truth_path = Path(args.truth) if args.truth else batch / "truth.json"
    report_path = Path(args.report) if args.report else Path("var") / f"{batch.name}-report.json"
    summary: dict = {}
    if not args.report or not report_path.exists():
        # An evaluation gets its own database unless told otherwise: generated
        # batches reuse application ids and must not overwrite real results.
        db = args.db or f"sqlite:///{(Path('var') / f'{batch.name}-evaluation.db').resolve()}"
        Path("var").mkdir(exist_ok=True)
        status, summary = _run_for_evaluation(batch, report_path, db, args.workers)
        if status != EXIT_OK:
            return status
    report = json.loads(report_path.read_text(encoding="utf-8"))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    result = score(report, truth)
    diffs = result.pop("diffs")
    # Per-stage time: summed from each document's timings by the flow's summary;
    # an existing report carries none, and then only what was measured is shown.
    result["stage_seconds"] = summary.get("stage_seconds") or {}
    result["elapsed_s"] = summary.get("elapsed_s")
    result["documents_per_minute"] = summary.get("documents_per_minute")
    out = Path(args.out) if args.out else report_path.with_name(report_path.stem + "-evaluation.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    diff_path = out.with_name(out.stem + "-diffs.json")
    diff_path.write_text(json.dumps(diffs, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(format_table(result))
    print(f"evaluation: {out}   per-dossier diffs ({len(diffs)} dossiers): {diff_path}")
    return EXIT_OK


def _cmd_samples_twoddoc(args: argparse.Namespace) -> int:
    from sample_docs.twoddoc import write_twoddoc_set

    truth = write_twoddoc_set(Path(args.out), count=args.count, seed=args.seed)
    print(f"{len(truth['files'])} documents, authority.pem and truth.json in {args.out}")
    return EXIT_OK


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from models.db import migrate
    from models.settings import get_settings

    migrate(args.db or get_settings().database_url)
    print("database at the latest schema")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="dossiercheck",
        description="Check the supporting documents of training-funding applications, on premises.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the batch flow on a batch directory and write the report")
    run.add_argument("batch_dir")
    run.add_argument("--report", required=True, type=Path, help="where to write the report JSON")
    run.add_argument(
        "--db", help="SQLAlchemy URL (default: DOSSIERCHECK_DATABASE_URL or ./var/dossiercheck.db)"
    )
    run.add_argument("--workers", type=int, help="reading processes (default: DOSSIERCHECK_WORKERS or 2)")
    run.set_defaults(func=_cmd_run)

    inspect = sub.add_parser("inspect", help="read, classify and extract single files (JSON on stdout)")
    inspect.add_argument("files", nargs="+")
    inspect.set_defaults(func=_cmd_inspect)

    samples = sub.add_parser("samples", help="synthetic sample documents")
    samples_sub = samples.add_subparsers(dest="samples_command", required=True)
    generate = samples_sub.add_parser("generate", help="generate a batch and its truth.json")
    generate.add_argument("--out", required=True)
    generate.add_argument("--count", type=int, default=30)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument(
        "--split",
        choices=("seen", "held-out", "all"),
        default="seen",
        help="layout families to draw from (sample_docs/families.py): seen (default), held-out or all",
    )
    generate.add_argument(
        "--wave",
        type=int,
        help="with --split held-out or all: only the held-out families of this wave (default: every wave)",
    )
    generate.add_argument(
        "--faults",
        type=lambda text: [f.strip() for f in text.split(",") if f.strip()],
        help="faults visited in this order, comma-separated, instead of the usual cycle",
    )
    generate.set_defaults(func=_cmd_samples_generate)
    twoddoc = samples_sub.add_parser(
        "twoddoc",
        help="proofs of address with a signed 2D-Doc: valid, tampered, unknown certificate, mismatch",
    )
    twoddoc.add_argument("--out", required=True)
    twoddoc.add_argument("--count", type=int, default=4, help="documents per case")
    twoddoc.add_argument("--seed", type=int, default=1)
    twoddoc.set_defaults(func=_cmd_samples_twoddoc)

    evaluate = sub.add_parser("evaluate", help="score a batch's report against its truth.json")
    evaluate.add_argument("--batch", required=True, help="the batch directory")
    evaluate.add_argument("--truth", help="truth.json (default: BATCH/truth.json)")
    evaluate.add_argument("--report", help="an existing report to score (otherwise the batch is run)")
    evaluate.add_argument("--out", help="where to write the evaluation JSON")
    evaluate.add_argument("--db", help="SQLAlchemy URL for the run (default: var/BATCH-evaluation.db)")
    evaluate.add_argument("--workers", type=int)
    evaluate.set_defaults(func=_cmd_evaluate)

    # Sub-commands owned by other modules register their own arguments.
    from flows.accountability_cli import register as register_accountability
    from flows.classifier_cli import register as register_classifier
    from flows.ops_cli import register as register_ops
    from flows.trust_cli import register as register_trust
    from review.cli import register as register_review

    register_review(sub)
    register_ops(sub)
    register_classifier(sub)
    register_accountability(sub)
    register_trust(sub)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply the schema migrations")
    upgrade.add_argument("--db")
    upgrade.set_defaults(func=_cmd_db_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dossiercheck`` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
