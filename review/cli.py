"""Command-line entry points of the review app: ``dossiercheck review …`` and ``dossiercheck users …``.

Registered by ``flows.cli``; heavy imports stay inside the handlers.
"""

from __future__ import annotations

import argparse
import getpass
import sys

ROLES = ("caseworker", "supervisor", "admin")


def _cmd_serve(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from review.settings import ReviewSettings

    try:
        settings = ReviewSettings(**({"database_url": args.db} if args.db else {}))
    except ValidationError as error:
        for problem in error.errors():
            print(f"error: {problem['msg']}", file=sys.stderr)
        return 2
    import uvicorn

    from models.db import migrate
    from review.app import create_app

    migrate(settings.database_url)
    print(f"review app on http://{args.host}:{args.port}/login", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info", proxy_headers=False)
    return 0


def _cmd_users_add(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from models.db import make_engine, migrate, session_factory, session_scope
    from models.settings import get_settings
    from models.store import add_audit_event, utcnow
    from models.tables import User
    from review.security import MIN_PASSWORD_LENGTH, hash_password

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmation : ") != password:
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"error: password too short (at least {MIN_PASSWORD_LENGTH} characters)", file=sys.stderr)
        return 2
    url = args.db or get_settings().database_url
    migrate(url)
    engine = make_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            user = session.scalars(select(User).where(User.login == args.login)).one_or_none()
            action = "user_update" if user else "user_add"
            if user is None:
                user = User(login=args.login, created_at=utcnow(), display_name="", role="", password_hash="")
                session.add(user)
            elif not args.update:
                print(f"error: user {args.login!r} exists (use --update to change it)", file=sys.stderr)
                return 2
            user.display_name = args.name or user.display_name or args.login
            user.role = args.role
            user.password_hash = hash_password(password)
            user.active = True
            add_audit_event(
                session,
                application_id=None,
                actor="cli",
                action=action,
                after={"login": args.login, "role": args.role},
            )
    finally:
        engine.dispose()
    print(f"user {args.login} ({args.role}) saved")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``review`` and ``users`` sub-commands to the main parser."""
    review = sub.add_parser("review", help="the caseworkers' review web app")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    serve = review_sub.add_parser(
        "serve",
        help="serve the review app (needs DOSSIERCHECK_SECRET_KEY; database: DOSSIERCHECK_DATABASE_URL)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--db", help="SQLAlchemy URL (default: DOSSIERCHECK_DATABASE_URL or ./var/dossiercheck.db)"
    )
    serve.set_defaults(func=_cmd_serve)

    users = sub.add_parser("users", help="accounts of the review app")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="create (or with --update, change) an account")
    add.add_argument("login")
    add.add_argument("--role", choices=ROLES, default="caseworker")
    add.add_argument("--name", help="display name (default: the login)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--update", action="store_true", help="change an existing account")
    add.add_argument(
        "--db", help="SQLAlchemy URL (default: DOSSIERCHECK_DATABASE_URL or ./var/dossiercheck.db)"
    )
    add.set_defaults(func=_cmd_users_add)
