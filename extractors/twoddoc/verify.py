"""Offline ECDSA verification of a 2D-Doc against the local trust store.

The signature is base32 of r‖s; the signed data are the message's bytes as
read up to the ``<US>``. The curve is the certificate's (P-256 with SHA-256,
P-384 with SHA-384, P-521 with SHA-512). The certificate used is the one of
the header's CA and certificate id that was valid on the signature date (on
the issue date when the header has none); when none was valid then, every
certificate of that id is tried and the verdict says so.

Verdicts: ``valid`` (the signature holds), ``invalid`` (it does not, or it
is malformed: the content was changed after signing), ``unverifiable`` (no
signature, no certificate of that id in the store, a key that is not EC, a
certificate whose authority is in the store but did not issue it). Never an
exception. ``test_authority`` is True for the ANTS test authority ``FR00``,
whose private key is public: what it signs is test material, never genuine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from extractors.twoddoc.message import TwoDDoc
from extractors.twoddoc.trust import TrustStore, common_name, fingerprint, organisation, valid_dates, valid_on

VALID, INVALID, UNVERIFIABLE = "valid", "invalid", "unverifiable"
TEST_AUTHORITIES = frozenset({"FR00"})  # ANTS's test CA: its private key is published
_HASHES = {256: hashes.SHA256, 384: hashes.SHA384, 521: hashes.SHA512}


@dataclass
class Verdict:
    """The outcome of verifying one 2D-Doc."""

    status: str
    reason: str
    test_authority: bool = False
    certificate: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def describe(cert: x509.Certificate) -> dict[str, Any]:
    """What the report says of a certificate (no key material)."""
    start, end = valid_dates(cert)
    key = cert.public_key()
    curve = key.curve.name if isinstance(key, ec.EllipticCurvePublicKey) else type(key).__name__
    return {
        "ca_id": common_name(cert.issuer),
        "cert_id": common_name(cert.subject),
        "organisation": organisation(cert.subject),
        "not_before": start.isoformat(),
        "not_after": end.isoformat(),
        "key": curve,
        "sha256": fingerprint(cert),
    }


def _check(cert: x509.Certificate, data: bytes, signature: bytes) -> str | None:
    """None when the signature holds; else why not ('invalid: …' or 'unverifiable: …')."""
    key = cert.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return f"unverifiable: certificate key is {type(key).__name__}, not EC"
    size = key.curve.key_size
    width = (size + 7) // 8
    if len(signature) != 2 * width:
        return f"invalid: signature of {len(signature)} bytes, {2 * width} expected for {key.curve.name}"
    r = int.from_bytes(signature[:width], "big")
    s = int.from_bytes(signature[width:], "big")
    algorithm = _HASHES.get(size, hashes.SHA256)()
    try:
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(algorithm))
    except InvalidSignature:
        return "invalid: ECDSA signature does not verify"
    return None


def _chain_problem(cert: x509.Certificate, store: TrustStore, ca_id: str) -> str | None:
    """Why the issuer certificate is not from its authority, when the store holds that authority."""
    authorities = store.authority(ca_id)
    if not authorities:
        return None
    for authority in authorities:
        try:
            cert.verify_directly_issued_by(authority)
            return None
        except (ValueError, TypeError, InvalidSignature):
            continue
    return f"certificate {ca_id}/{common_name(cert.subject)} not issued by the stored authority {ca_id}"


def verify(doc: TwoDDoc, store: TrustStore) -> Verdict:
    """Verify a parsed 2D-Doc's signature with the store's certificates; never raises."""
    header = doc.header
    test = header.ca_id.upper() in TEST_AUTHORITIES
    if not doc.signature_b32:
        return Verdict(UNVERIFIABLE, "no signature in the symbol", test)
    signature = doc.signature
    if signature is None:
        return Verdict(INVALID, "signature is not base32", test)
    candidates = store.candidates(header.ca_id, header.cert_id)
    if not candidates:
        return Verdict(
            UNVERIFIABLE, f"no certificate {header.ca_id}/{header.cert_id} in the trust store", test
        )
    day = header.signature_date or header.issue_date
    notes: list[str] = []
    in_time = [c for c in candidates if valid_on(c, day)]
    if not in_time:
        notes.append(f"no certificate {header.ca_id}/{header.cert_id} was valid on the signature date {day}")
        in_time = candidates
    problems: list[str] = []
    for cert in in_time:
        problem = _check(cert, doc.signed_bytes, signature)
        if problem is None:
            chain = _chain_problem(cert, store, header.ca_id)
            if chain is not None:
                return Verdict(UNVERIFIABLE, chain, test, describe(cert), notes)
            reason = "ECDSA signature verifies" + (" (ANTS test authority)" if test else "")
            return Verdict(VALID, reason, test, describe(cert), notes)
        problems.append(problem)
    invalid = [p for p in problems if p.startswith("invalid")]
    status, reason = (INVALID, invalid[0]) if invalid else (UNVERIFIABLE, problems[0])
    return Verdict(status, reason.split(": ", 1)[1], test, describe(in_time[0]), notes)
