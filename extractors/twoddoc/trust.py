"""The local trust store of 2D-Doc issuers' certificates, and its import.

Ops import the certificates they trust (``dossiercheck trust import FILE``):
a DER or PEM certificate, a folder of them, or an ANTS trust list (TSL XML,
whose ``X509Certificate`` elements are the certification authorities). The
store is a plain folder (``Settings.trust_dir``)::

    TRUST_DIR/ca/FR03-<sha256 16>.der            an authority's certificate
    TRUST_DIR/FR03/EDFD-<sha256 16>.der          an issuer's signing certificate

An issuer certificate is filed under its issuer's common name (the CA id of
the 2D-Doc header, ``FR03``) and its subject's common name (the certificate
id, ``EDFD``); an authority certificate (CA basic constraint, subject common
name) under its own common name. Nothing is fetched from
the network: a certificate the store lacks makes a 2D-Doc ``unverifiable``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

CA_DIR = "ca"
_TSL_CERT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?X509Certificate>\s*([A-Za-z0-9+/=\s]+?)\s*</", re.S)
CERT_SUFFIXES = (".der", ".cer", ".crt", ".pem", ".xml")


def common_name(name: x509.Name) -> str:
    """The first common name of a subject or issuer ("" when there is none)."""
    found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value).strip() if found else ""


def organisation(name: x509.Name) -> str:
    """The first organisation name ("" when there is none)."""
    found = name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(found[0].value).strip() if found else ""


def is_authority(cert: x509.Certificate) -> bool:
    """A certification authority's certificate (basic constraint CA; self-signed when absent)."""
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_ca = constraints.ca
    except x509.ExtensionNotFound:
        is_ca = common_name(cert.subject) == common_name(cert.issuer)
    return bool(is_ca)


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, hex."""
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def valid_dates(cert: x509.Certificate) -> tuple[date, date]:
    """The certificate's validity as UTC dates."""
    return cert.not_valid_before_utc.date(), cert.not_valid_after_utc.date()


def certificates_in(data: bytes) -> list[x509.Certificate]:
    """Every certificate of a DER file, a PEM file (one or more) or a TSL XML."""
    stripped = data.lstrip()
    if stripped.startswith(b"-----BEGIN"):
        return list(x509.load_pem_x509_certificates(data))
    if stripped.startswith(b"<"):
        found = []
        for match in _TSL_CERT.finditer(data):
            der = base64.b64decode(re.sub(rb"\s+", b"", match.group(1)))
            found.append(x509.load_der_x509_certificate(der))
        return found
    return [x509.load_der_x509_certificate(data)]


@dataclass
class ImportResult:
    """What one import did: certificates added, already present, files that were no certificate."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in CERT_SUFFIXES)
    return [source]


def store_path(store_dir: Path, cert: x509.Certificate) -> Path:
    """Where a certificate is filed in the store."""
    short = fingerprint(cert)[:16]
    if is_authority(cert):
        return store_dir / CA_DIR / f"{common_name(cert.subject)}-{short}.der"
    ca_id = re.sub(r"[^A-Z0-9]", "_", common_name(cert.issuer).upper()) or "UNKNOWN"
    cert_id = re.sub(r"[^A-Z0-9]", "_", common_name(cert.subject).upper()) or "UNKNOWN"
    return store_dir / ca_id / f"{cert_id}-{short}.der"


def import_certificates(source: Path, store_dir: Path) -> ImportResult:
    """Copy every certificate found in ``source`` (file or folder) into the store."""
    result = ImportResult()
    if not source.exists():
        raise FileNotFoundError(source)
    for path in _files(source):
        try:
            certs = certificates_in(path.read_bytes())
        except (ValueError, TypeError) as error:
            result.rejected.append(f"{path.name}: {type(error).__name__}")
            continue
        if not certs:
            result.rejected.append(f"{path.name}: no certificate")
        for cert in certs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                target = store_path(store_dir, cert)
            label = f"{target.parent.name}/{target.stem}"
            if target.exists():
                result.present.append(label)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(cert.public_bytes(Encoding.DER))
            result.added.append(label)
    return result


class TrustStore:
    """The certificates of a store folder, indexed by (CA id, certificate id)."""

    def __init__(self, store_dir: Path | None) -> None:
        self.path = store_dir
        self.issuers: dict[tuple[str, str], list[x509.Certificate]] = {}
        self.authorities: dict[str, list[x509.Certificate]] = {}
        if store_dir is None or not store_dir.is_dir():
            return
        for path in sorted(store_dir.rglob("*.der")):
            try:
                cert = x509.load_der_x509_certificate(path.read_bytes())
                with warnings.catch_warnings():  # long attribute values of some real certificates
                    warnings.simplefilter("ignore", UserWarning)
                    authority = is_authority(cert)
            except ValueError:
                continue
            if authority:
                self.authorities.setdefault(common_name(cert.subject), []).append(cert)
            else:
                key = (common_name(cert.issuer).upper(), common_name(cert.subject).upper())
                self.issuers.setdefault(key, []).append(cert)

    def __len__(self) -> int:
        return sum(len(v) for v in self.issuers.values()) + sum(len(v) for v in self.authorities.values())

    def candidates(self, ca_id: str, cert_id: str) -> list[x509.Certificate]:
        """The issuer certificates filed under this CA and certificate id (any validity)."""
        return list(self.issuers.get((ca_id.upper(), cert_id.upper()), []))

    def authority(self, ca_id: str) -> list[x509.Certificate]:
        """The authority certificates of this CA id."""
        return list(self.authorities.get(ca_id.upper(), []))


def store_fingerprint(store_dir: Path | None) -> str:
    """A short digest of the store's content (its file names carry each certificate's SHA-256)."""
    if store_dir is None or not store_dir.is_dir():
        return "no-store"
    names = sorted(p.relative_to(store_dir).as_posix() for p in store_dir.rglob("*.der"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def valid_on(cert: x509.Certificate, day: date | None) -> bool:
    """Whether the certificate was valid on that day (True when the day is unknown)."""
    if day is None:
        return True
    start, end = valid_dates(cert)
    return start <= day <= end


def today_utc() -> date:
    """Today's UTC date (for reports only: verdicts use the signature date)."""
    return datetime.now(UTC).date()
