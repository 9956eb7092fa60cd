"""Proofs of address carrying a 2D-Doc, signed by the project's own test authority.

Opt-in: nothing here changes the default demo batch or any seed's output.
``render_twoddoc_document(seed, case, source)`` draws a proof of address
with the usual generator (``render_sample_document``), builds the 2D-Doc its
issuer would print (type 01, V04: holder ``10``, address ``22``, postal code
``24``, city ``25``, country ``26``, issue and signature dates in the
header), signs it and pastes the DataMatrix on page 1 where the page is
blank. ``source`` is ``digital_pdf`` (text layer kept), ``scan_pdf``,
``scan_image`` or ``photo``. The cases:

* ``valid``: signed by ``XX01``/``DCK1`` (``SyntheticAuthority``), content = print.
* ``tampered``: the same message with its postal code edited after signing.
* ``unknown_cert``: signed by certificate ``DCK9``, never in a trust store.
* ``mismatch``: validly signed, but the signed holder and postal code are not
  the printed ones (a genuine code pasted on an edited document).

The authority's keys are derived from a fixed seed: the certificate
(``SyntheticAuthority.issuer_pem``) is what tests import into a temporary trust
store. ``XX01`` is no ANTS authority: nothing it signs is genuine.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID
from PIL import Image

from sample_docs.degrade import (
    choose_photo_params,
    choose_scan_params,
    encode_jpeg,
    encode_photo_jpeg,
    photo_pdf_page,
    scan_pdf_pages,
    wrap_images_in_pdf,
)
from sample_docs.generator import DEFAULT_SUBMITTED_AT, render_sample_document

GS, US = "\x1d", "\x1f"
CA_ID, CERT_ID, UNKNOWN_CERT_ID = "XX01", "DCK1", "DCK9"
CASES = ("valid", "tampered", "unknown_cert", "mismatch")
SOURCES = ("digital_pdf", "scan_pdf", "scan_image", "photo")
SYMBOL_MM = 22.0  # printed size of the DataMatrix
EPOCH = date(2000, 1, 1)
_CURVE_ORDER_P256 = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)


def _key(label: str) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha256(f"dossiercheck-2ddoc-test:{label}".encode()).digest(), "big")
    return ec.derive_private_key(scalar % (_CURVE_ORDER_P256 - 1) + 1, ec.SECP256R1())


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DOSSIERCHECK AUTORITE DE TEST"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey, ca: bool
) -> x509.Certificate:
    serial = int.from_bytes(hashlib.sha256(f"{issuer}/{subject}".encode()).digest()[:8], "big")
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(datetime(2020, 1, 1))
        .not_valid_after(datetime(2040, 1, 1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


@dataclass(frozen=True)
class SyntheticAuthority:
    """The project's test authority: a CA and two issuer certificates (one never trusted)."""

    ca_pem: bytes
    issuer_pem: bytes
    keys: dict[str, ec.EllipticCurvePrivateKey]

    def sign(self, data: str, cert_id: str = CERT_ID) -> str:
        """Base32 of the ECDSA P-256 r‖s over the data's bytes (the message up to ``<US>``)."""
        algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)  # RFC 6979: same seed, same bytes
        der = self.keys[cert_id].sign(data.encode("latin-1"), algorithm)
        r, s = decode_dss_signature(der)
        return base64.b32encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode().rstrip("=")


@lru_cache(maxsize=1)
def synthetic_authority() -> SyntheticAuthority:
    """The fixed test authority (same keys and certificates every run)."""
    ca_key, issuer_key, unknown_key = _key("ca"), _key(CERT_ID), _key(UNKNOWN_CERT_ID)
    ca_cert = _certificate(CA_ID, ca_key, CA_ID, ca_key, ca=True)
    issuer_cert = _certificate(CERT_ID, issuer_key, CA_ID, ca_key, ca=False)
    return SyntheticAuthority(
        ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        issuer_pem=issuer_cert.public_bytes(serialization.Encoding.PEM),
        keys={CERT_ID: issuer_key, UNKNOWN_CERT_ID: unknown_key},
    )


def c40_text(value: str) -> str:
    """Upper case, no accents, only what 2D-Doc text fields carry (A-Z 0-9 space /)."""
    folded = unicodedata.normalize("NFKD", value)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).upper()
    kept = "".join(c if c.isalnum() or c in " /" else " " for c in folded)
    return " ".join(kept.split())


def holder_field(holder: str) -> str:
    """``Madame Geneviève BOYER`` → ``MME/BOYER/GENEVIEVE`` (civility/last name/first names)."""
    civilities = {"MADAME": "MME", "MME": "MME", "MONSIEUR": "M", "M": "M", "MLLE": "MLLE", "MR": "M"}
    words = c40_text(holder.replace("/", " ")).split()
    civility = civilities.get(words[0], "") if words else ""
    if civility:
        words = words[1:]
    # The printed holder is "First names LAST" (upper case last name in the original).
    original = [w for w in holder.split() if w.strip(".")]
    last = [t for w in original if w.isupper() for t in c40_text(w).split() if t not in civilities]
    first = [w for w in words if w not in last and w not in civilities and w != "ET"]
    return f"{civility}/{' '.join(last) or ' '.join(words)}/{' '.join(first)}"


def hex_day(day: date) -> str:
    """A date as the header writes it: hex days since 2000-01-01."""
    return f"{(day - EPOCH).days:04X}"


def address_message(fields: dict[str, str], issue: date, cert_id: str = CERT_ID) -> str:
    """The unsigned part of a type-01 V04 2D-Doc for a proof of address (ends before ``<US>``)."""
    header = f"DC04{CA_ID}{cert_id}{hex_day(issue)}{hex_day(issue)}0101FR"
    data = [
        f"10{holder_field(fields['holder_name'])}{GS}",
        f"22{c40_text(fields['address_line'])[:38]}{GS}",
        f"24{fields['postal_code']}",
        f"25{c40_text(fields['city'])[:32]}{GS}",
        "26FR",
    ]
    return header + "".join(data)


def signed_message(case: str, fields: dict[str, str], issue: date) -> str:
    """The whole message for a case (see the module's docstring)."""
    authority = synthetic_authority()
    if case == "mismatch":
        other = dict(fields, holder_name="Monsieur Paul LEFEBVRE-MARTIN", postal_code="59000", city="Lille")
        body = address_message(other, issue)
        return f"{body}{US}{authority.sign(body)}"
    cert_id = UNKNOWN_CERT_ID if case == "unknown_cert" else CERT_ID
    body = address_message(fields, issue, cert_id)
    message = f"{body}{US}{authority.sign(body, cert_id)}"
    if case == "tampered":
        code = fields["postal_code"]
        edited = code[:-1] + str((int(code[-1]) + 1) % 10)
        message = message.replace(f"24{code}", f"24{edited}", 1)
    return message


def datamatrix_image(message: str, module_px: int = 8) -> Image.Image:
    """The DataMatrix of a message, black on white, with its quiet zone."""
    barcode = zxingcpp.create_barcode(message, zxingcpp.BarcodeFormat.DataMatrix)
    array = np.asarray(barcode.to_image(scale=module_px))
    return Image.fromarray(array).convert("L")


def _blank_spot(page: pdfium.PdfPage, size: float) -> tuple[float, float]:
    """A blank square of ``size`` points on the page (PDF coordinates of its lower-left corner)."""
    width, height = page.get_size()
    scale = 50 / 72
    gray = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    margin = 28.0
    step = 14.0
    candidates = []
    y = height - margin - size
    while y >= margin:
        x = width - margin - size
        while x >= margin:
            candidates.append((x, y))
            x -= step
        y -= step
    # Right column first, then from the top: where issuers print their code.
    candidates.sort(key=lambda p: (-(p[0] > width / 2), -p[1], -p[0]))
    pad = 6.0
    for x, y in candidates:
        left, right = int((x - pad) * scale), int((x + size + pad) * scale) + 1
        top, bottom = int((height - y - size - pad) * scale), int((height - y + pad) * scale) + 1
        region = gray[max(0, top) : bottom, max(0, left) : right]
        if region.size and region.min() > 235:
            return x, y
    return width - margin - size, margin


def add_datamatrix(pdf_bytes: bytes, message: str, size_mm: float = SYMBOL_MM) -> bytes:
    """Paste the message's DataMatrix on page 1 of a PDF, in a blank spot; the rest is untouched."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = pdf[0]
        image = datamatrix_image(message)
        size = size_mm * 72 / 25.4
        x, y = _blank_spot(page, size)
        obj = pdfium.PdfImage.new(pdf)
        obj.set_bitmap(pdfium.PdfBitmap.from_pil(image.convert("RGB")))
        ratio = image.height / image.width
        obj.set_matrix(pdfium.PdfMatrix().scale(size, size * ratio).translate(x, y))
        page.insert_obj(obj)
        page.gen_content()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


def render_twoddoc_document(
    seed: int, case: str = "valid", source: str = "digital_pdf", *, submitted_at: date | None = None
) -> tuple[bytes, dict[str, Any]]:
    """A proof of address with a 2D-Doc; returns the file's bytes and its truth.

    The truth is the generator's (``fields`` as printed) plus ``twoddoc``:
    the exact message, its case and the verdict a verifier trusting
    ``synthetic_authority()`` must give.
    """
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}: one of {CASES}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: one of {SOURCES}")
    when = submitted_at or DEFAULT_SUBMITTED_AT
    pdf, truth = render_sample_document(
        "proof_of_address", seed, source="digital_pdf", submitted_at=when, layout=None
    )
    fields = truth["fields"]
    issue = date.fromisoformat(fields["issue_date"])
    message = signed_message(case, fields, issue)
    pdf = add_datamatrix(pdf, message)
    rng = random.Random(f"twoddoc:{seed}:{case}:{source}")
    data = pdf
    if source in ("scan_pdf", "scan_image"):
        params = choose_scan_params(rng, 300)
        pages = scan_pdf_pages(pdf, params, max_pages=1 if source == "scan_image" else None)
        if source == "scan_image":
            data = encode_jpeg(pages[0], params.dpi)
        else:
            data = wrap_images_in_pdf(pages, params.dpi, stamp=when - timedelta(days=1), creator="Scanner")
    elif source == "photo":
        data = encode_photo_jpeg(photo_pdf_page(pdf, choose_photo_params(rng)), 90)
    expected = {"valid": "valid", "mismatch": "valid", "tampered": "invalid", "unknown_cert": "unverifiable"}
    truth = dict(truth, source=source)
    truth["twoddoc"] = {"raw": message, "case": case, "signature": expected[case]}
    return data, truth


def write_twoddoc_set(out_dir: Path, count: int = 4, seed: int = 1) -> dict[str, Any]:
    """Write ``count`` documents per case, sources in turn, the authority's PEM and a truth.json.

    ``dossiercheck trust import OUT/authority.pem --store S`` then
    ``DOSSIERCHECK_TRUST_DIR=S dossiercheck inspect OUT/*`` shows every verdict.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    authority = synthetic_authority()
    (out_dir / "authority.pem").write_bytes(authority.ca_pem + authority.issuer_pem)
    files: dict[str, Any] = {}
    for case in CASES:
        for index in range(count):
            source = SOURCES[index % len(SOURCES)]
            data, truth = render_twoddoc_document(seed * 1000 + index, case, source)
            name = f"{case}-{index + 1:02d}.{'pdf' if source.endswith('pdf') else 'jpg'}"
            (out_dir / name).write_bytes(data)
            files[name] = truth
    truth_all = {"generator": "sample_docs.twoddoc", "seed": seed, "files": files}
    (out_dir / "truth.json").write_text(json.dumps(truth_all, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return truth_all
