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


def _cmd_run(args: argparse.Namespace) -> int:
    from flows.environment import configure_environment

    configure_environment()
    batch = Path(args.batch_dir)
    if not batch.is_dir():
        print(f"error: batch directory not found: {batch}", file=sys.stderr)
        return EXIT_BATCH_MISSING
    from models.db import migrate
    from models.settings import get_settings

    database_url = args.db or get_settings().database_url
    try:
        migrate(database_url)
    except Exception as error:  # any driver error: the batch cannot run
        print(f"error: database unreachable or not migratable: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_DATABASE

    from flows.batch import BatchOptions, process_batch

    options = BatchOptions(database_url=database_url, report_path=str(args.report), workers=args.workers)
    result = process_batch(str(batch), options)
    summary = result["summary"]
    print(
        f"{summary['applications']} applications, {summary['documents']} documents: "
        + ", ".join(f"{k} {v}" for k, v in summary["decisions"].items())
        + f" in {summary['elapsed_s']} s; report: {args.report}"
    )
    return EXIT_OK


def _cmd_inspect(args: argparse.Namespace) -> int:
    from flows.environment import configure_environment

    configure_environment()
    from extractors.inspect import inspect_files

    results = inspect_files([Path(f) for f in args.files])
    json.dump([r.model_dump(mode="json") for r in results], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _cmd_samples_generate(args: argparse.Namespace) -> int:
    from sample_docs.generator import generate_batch

    truth = generate_batch(Path(args.out), args.count, args.seed)
    print(f"{len(truth['applications'])} applications written to {args.out} (truth: {Path(args.out) / 'truth.json'})")
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
    run.add_argument("--db", help="SQLAlchemy URL (default: DOSSIERCHECK_DATABASE_URL or ./var/dossiercheck.db)")
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
    generate.set_defaults(func=_cmd_samples_generate)

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
