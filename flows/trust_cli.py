"""``dossiercheck trust …``: the local trust store of 2D-Doc issuers' certificates.

``dossiercheck trust import FILE [FILE …] [--store DIR]`` copies the
certificates of a DER or PEM file, a folder of them or an ANTS trust list
(TSL XML) into the store (``DOSSIERCHECK_TRUST_DIR``, default
``./var/trust``); ``dossiercheck trust list`` shows what the store holds.
Nothing is downloaded: ops fetch the ANTS list and the issuers'
certificates themselves (docs/operations.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_NOT_FOUND = 3


def _store(args: argparse.Namespace) -> Path:
    if args.store:
        return Path(args.store)
    from models.settings import get_settings

    return get_settings().trust_dir


def _cmd_import(args: argparse.Namespace) -> int:
    from extractors.twoddoc.trust import import_certificates

    store = _store(args)
    status = EXIT_OK
    for name in args.files:
        source = Path(name)
        if not source.exists():
            print(f"error: not found: {source}", file=sys.stderr)
            status = EXIT_NOT_FOUND
            continue
        result = import_certificates(source, store)
        print(
            f"{source}: {len(result.added)} certificate(s) added, {len(result.present)} already present, "
            f"{len(result.rejected)} file(s) rejected"
        )
        for rejected in result.rejected:
            print(f"  rejected {rejected}", file=sys.stderr)
    print(f"trust store: {store}")
    return status


def _cmd_list(args: argparse.Namespace) -> int:
    from extractors.twoddoc.certified import trust_store
    from extractors.twoddoc.verify import describe

    store = trust_store(_store(args))
    for (ca_id, cert_id), certs in sorted(store.issuers.items()):
        for cert in certs:
            info = describe(cert)
            print(
                f"{ca_id}/{cert_id}\t{info['not_before']}..{info['not_after']}\t{info['key']}\t{info['organisation']}"
            )
    for ca_id, certs in sorted(store.authorities.items()):
        print(f"{ca_id}\tauthority\t{len(certs)} certificate(s)")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``trust import`` and ``trust list`` to the ``dossiercheck`` parser."""
    trust = sub.add_parser("trust", help="the trust store of 2D-Doc issuers' certificates")
    trust_sub = trust.add_subparsers(dest="trust_command", required=True)
    imp = trust_sub.add_parser("import", help="import certificates (DER, PEM, a folder, an ANTS TSL XML)")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--store", help="the store folder (default: DOSSIERCHECK_TRUST_DIR or ./var/trust)")
    imp.set_defaults(func=_cmd_import)
    listing = trust_sub.add_parser("list", help="list the store's certificates")
    listing.add_argument("--store")
    listing.set_defaults(func=_cmd_list)
