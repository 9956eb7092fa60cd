"""Command-line entry points for operations on Prefect: ``dossiercheck ops …``.

Registered by ``flows.cli``; heavy imports stay inside the handlers.
"""

from __future__ import annotations

import argparse
import sys


def _cmd_up(args: argparse.Namespace) -> int:
    from flows.ops import OpsError, up

    try:
        result = up(host=args.host, port=args.port, ocr_slots=args.ocr_slots)
    except OpsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"Prefect server ready in {result['server_ready_s']} s at {result['ui_url']}; "
        f"work pool, OCR limit and deployments in {result['pool_and_deploy_s']} s; worker started.\n"
        f"export PREFECT_API_URL={result['api_url']}   # logs and PIDs: var/prefect/"
    )
    return 0


def _cmd_down(args: argparse.Namespace) -> int:
    from flows.ops import down

    stopped = down()
    print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from flows.ops import status

    for name, state in status().items():
        print(f"{name:8} {state}")
    return 0


def _cmd_purge_cache(args: argparse.Namespace) -> int:
    from flows.ops import purge_cache

    removed = purge_cache(args.older_than_days)
    print(f"{removed} cached reading results removed")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``ops`` sub-commands to the main parser."""
    ops = sub.add_parser("ops", help="local Prefect server, work pool, deployments and worker")
    ops_sub = ops.add_subparsers(dest="ops_command", required=True)

    up = ops_sub.add_parser("up", help="start a Prefect server on loopback, deploy, start a worker")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=4200)
    up.add_argument(
        "--ocr-slots", type=int, default=2, help="documents read at once across all runs (tag limit 'ocr')"
    )
    up.set_defaults(func=_cmd_up)

    down = ops_sub.add_parser("down", help="stop the worker and the server started by 'ops up'")
    down.set_defaults(func=_cmd_down)

    status = ops_sub.add_parser("status", help="are the server and the worker running?")
    status.set_defaults(func=_cmd_status)

    purge = ops_sub.add_parser("purge-cache", help="delete cached reading results (personal data)")
    purge.add_argument("--older-than-days", type=float, default=7.0)
    purge.set_defaults(func=_cmd_purge_cache)
