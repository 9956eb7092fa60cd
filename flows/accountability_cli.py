"""``dossiercheck explain | replay | purge``: accountability of the decisions (issue 21).

Registered from ``flows/cli.py``; heavy imports stay inside the handlers.
See docs/operations.md, « Accountability and personal data ».
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DATABASE = 4
EXIT_NOT_FOUND = 6


def _database_url(args: argparse.Namespace) -> str:
    from models.settings import get_settings

    return str(args.db or get_settings().database_url)


def _migrated(url: str) -> bool:
    from models.db import migrate

    try:
        migrate(url)
    except Exception as error:  # any driver error
        print(f"error: database unreachable or not migratable: {type(error).__name__}", file=sys.stderr)
        return False
    return True


def _cmd_explain(args: argparse.Namespace) -> int:
    from models.db import make_engine, session_factory
    from review.explanation import ExplanationNotFound, build_explanation
    from review.explanation_rendering import explanation_json, explanation_markdown

    url = _database_url(args)
    if not _migrated(url):
        return EXIT_DATABASE
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            try:
                explanation = build_explanation(session, args.application_id)
            except ExplanationNotFound:
                print(f"error: no dossier {args.application_id} in the database", file=sys.stderr)
                return EXIT_NOT_FOUND
    finally:
        engine.dispose()
    sys.stdout.write(
        explanation_json(explanation) if args.format == "json" else explanation_markdown(explanation)
    )
    return EXIT_OK


def _cmd_replay(args: argparse.Namespace) -> int:
    import json

    from flows.replay import load_rulebook_file, replay
    from validators.rulebook import RulebookError

    try:
        rulebook = load_rulebook_file(Path(args.rulebook))
    except (OSError, RulebookError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    url = _database_url(args)
    if not _migrated(url):
        return EXIT_DATABASE
    result = replay(url, rulebook, since=args.since)
    changed = result.changed
    if args.format == "json":
        payload = {
            "program": result.program,
            "rulebook_version": result.rulebook_version,
            "dossiers": len(result.dossiers),
            "decisions_changed": len(changed),
            "transitions": [
                {"from": a, "to": b, "count": n} for (a, b), n in sorted(result.transitions().items())
            ],
            "changed": [d.application_id for d in changed],
            "findings_changed": [d.application_id for d in result.dossiers if d.findings_changed],
            "skipped": dict(result.skipped),
        }
        print(json.dumps(payload, indent=2))
        return EXIT_OK
    print(
        f"rulebook {result.program} version {result.rulebook_version[:12]}: {len(result.dossiers)} dossiers "
        f"re-evaluated, {len(changed)} decisions would change"
        + (
            f" (skipped: {', '.join(f'{k} {v}' for k, v in sorted(result.skipped.items()))})"
            if result.skipped
            else ""
        )
    )
    for (before, after), count in sorted(result.transitions().items()):
        print(f"  {before} -> {after}: {count}")
    for dossier in changed:
        print(f"  {dossier.application_id}: {dossier.stored} -> {dossier.replayed}")
    findings_only = [
        d.application_id for d in result.dossiers if d.findings_changed and d.stored == d.replayed
    ]
    if findings_only:
        print(f"  same decision, other findings: {', '.join(findings_only)}")
    return EXIT_OK


def _cmd_purge(args: argparse.Namespace) -> int:
    from flows.retention import purge
    from models.settings import get_settings

    days = get_settings().retention_days if args.older_than is None else args.older_than
    if days < 0:
        print("error: --older-than must be 0 or more days", file=sys.stderr)
        return EXIT_USAGE
    url = _database_url(args)
    if not _migrated(url):
        return EXIT_DATABASE
    result = purge(url, days, reports_dir=Path(args.reports_dir) if args.reports_dir else None)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items())) or "nothing"
    print(
        f"purged {result.dossiers} closed dossiers older than {days:g} days ({counts}); "
        f"{result.cached_results} cached readings and {result.reports} reports removed"
    )
    if not result.vacuumed:
        print("warning: the database could not be vacuumed now (busy); the next purge will", file=sys.stderr)
    return EXIT_OK


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``explain``, ``replay`` and ``purge`` to the main parser."""
    db_help = "SQLAlchemy URL (default: DOSSIERCHECK_DATABASE_URL or ./var/dossiercheck.db)"

    explain = sub.add_parser(
        "explain", help="explain a dossier's decision in French (CRPA R311-3-1-2), from stored data"
    )
    explain.add_argument("application_id")
    explain.add_argument("--format", choices=("json", "md"), default="md")
    explain.add_argument("--db", help=db_help)
    explain.set_defaults(func=_cmd_explain)

    replay = sub.add_parser(
        "replay",
        help="what another rulebook would decide on the stored dossiers (reads no file, changes nothing)",
    )
    replay.add_argument("--rulebook", required=True, help="the rulebook YAML file to replay under")
    replay.add_argument(
        "--since", type=_date, help="only dossiers processed on or after this date (YYYY-MM-DD)"
    )
    replay.add_argument("--format", choices=("text", "json"), default="text")
    replay.add_argument("--db", help=db_help)
    replay.set_defaults(func=_cmd_replay)

    purge = sub.add_parser(
        "purge", help="delete the personal data of closed dossiers older than DAYS (and cached readings)"
    )
    purge.add_argument(
        "--older-than",
        type=float,
        metavar="DAYS",
        help="days since closure (default: DOSSIERCHECK_RETENTION_DAYS, 90)",
    )
    purge.add_argument(
        "--reports-dir", help="also delete batch reports (*.json) older than DAYS in this folder"
    )
    purge.add_argument("--db", help=db_help)
    purge.set_defaults(func=_cmd_purge)
