"""2D-Doc parsing, trust store and verification on messages the test builds and signs (real ECDSA)."""

from __future__ import annotations

import base64
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from extractors.twoddoc.certified import certify, mapped_fields
from extractors.twoddoc.message import GS, US, MalformedTwoDDoc, parse_message
from extractors.twoddoc.trust import TrustStore, import_certificates
from extractors.twoddoc.verify import INVALID, UNVERIFIABLE, VALID, verify
from sample_docs.twoddoc import address_message, synthetic_authority

FIELDS = {
    "holder_name": "Madame Élodie DUPONT-MARTIN",
    "address_line": "12 rue de la République",
    "postal_code": "13001",
    "city": "Marseille",
}


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: str, issuer: str, key: ec.EllipticCurvePrivateKey, signer, ca: bool = False):
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2021, 1, 1))
        .not_valid_after(datetime(2030, 1, 1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


def _sign(key: ec.EllipticCurvePrivateKey, body: str, algorithm) -> str:
    r, s = decode_dss_signature(key.sign(body.encode("latin-1"), ec.ECDSA(algorithm)))
    width = (key.curve.key_size + 7) // 8
    raw = r.to_bytes(width, "big") + s.to_bytes(width, "big")
    return base64.b32encode(raw).decode().rstrip("=")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    pem = tmp_path / "issuer.pem"
    pem.write_bytes(synthetic_authority().issuer_pem + synthetic_authority().ca_pem)
    result = import_certificates(pem, folder)
    assert len(result.added) == 2
    return folder


def test_header_versions_and_dates() -> None:
    body = address_message(FIELDS, date(2026, 10, 1))
    doc = parse_message(body + US + "AAAA")
    assert doc.header.version == 4 and doc.header.length == 26
    assert doc.header.issue_date == date(2026, 10, 1)
    assert doc.header.country == "FR" and doc.header.perimeter == "01"
    assert doc.get("24") == "13001" and doc.get("10") == "MME/DUPONT MARTIN/ELODIE"
    v1 = parse_message("DC01FR000001FFFF125E0330M/A/B" + GS + US + "AAAA")
    assert v1.header.version == 1 and v1.header.length == 22 and v1.header.issue_date is None
    assert v1.header.perimeter is None


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("", "empty"),
        ("HELLO WORLD", "no 2D-Doc marker"),
        ("\xdc\x04binary", "binary"),
        ("DC05FR000001FFFF125E03", "header malformed"),
        ("DC03FR000001FFFF125E03", "truncated"),
    ],
)
def test_malformed_symbols_say_why(message: str, reason: str) -> None:
    with pytest.raises(MalformedTwoDDoc, match=reason):
        parse_message(message)


def test_unknown_identifier_and_truncation_are_problems_not_crashes() -> None:
    doc = parse_message("DC04FR000001FFFF125E0101FR2413001ZZHELLO" + US + "AAAA")
    assert doc.get("24") == "13001"
    assert any("unknown data identifier 'ZZ'" in p for p in doc.problems)
    short = parse_message("DC04FR000001FFFF125E0101FR24130")
    assert any("truncated" in p for p in short.problems)
    assert any("no signature" in p for p in short.problems)


def test_variable_field_at_its_maximum_needs_no_separator() -> None:
    city = "A" * 32  # field 25 is at most 32 characters
    doc = parse_message(f"DC04FR000001FFFF125E0101FR25{city}26FR")
    assert doc.get("25") == city and doc.get("26") == "FR"


def test_valid_tampered_unknown_and_no_signature(store_dir: Path) -> None:
    store = TrustStore(store_dir)
    body = address_message(FIELDS, date(2026, 10, 1))
    message = body + US + synthetic_authority().sign(body)
    assert verify(parse_message(message), store).status == VALID
    tampered = message.replace("2413001", "2413002")
    assert verify(parse_message(tampered), store).status == INVALID
    unknown = address_message(FIELDS, date(2026, 10, 1), cert_id="DCK9")
    verdict = verify(parse_message(unknown + US + synthetic_authority().sign(unknown, "DCK9")), store)
    assert verdict.status == UNVERIFIABLE and "no certificate XX01/DCK9" in verdict.reason
    assert verify(parse_message(body), store).status == UNVERIFIABLE
    assert verify(parse_message(body + US + "!!not base32!!"), store).status == INVALID
    assert verify(parse_message(message), TrustStore(None)).status == UNVERIFIABLE


def test_p384_key_uses_its_curve_and_sha384(tmp_path: Path) -> None:
    ca_key = ec.generate_private_key(ec.SECP384R1())
    key = ec.generate_private_key(ec.SECP384R1())
    cert = _cert("K384", "ZZ01", key, ca_key)
    folder = tmp_path / "trust"
    (tmp_path / "k.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    import_certificates(tmp_path / "k.der", folder)
    body = "DC04ZZ01K384FFFF25000101FR2413001"
    good = parse_message(body + US + _sign(key, body, hashes.SHA384()))
    assert verify(good, TrustStore(folder)).status == VALID
    wrong_hash = parse_message(body + US + _sign(key, body, hashes.SHA256()))
    assert verify(wrong_hash, TrustStore(folder)).status == INVALID


def test_a_certificate_its_stored_authority_did_not_issue_is_unverifiable(tmp_path: Path) -> None:
    real_ca, other_ca, key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    folder = tmp_path / "trust"
    for name, cert in (
        ("ca.der", _cert("ZZ02", "ZZ02", real_ca, real_ca, ca=True)),
        ("leaf.der", _cert("FAKE", "ZZ02", key, other_ca)),
    ):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes(cert.public_bytes(serialization.Encoding.DER))
    result = import_certificates(tmp_path / "in", folder)
    assert len(result.added) == 2
    body = "DC04ZZ02FAKEFFFF25000101FR2413001"
    verdict = verify(parse_message(body + US + _sign(key, body, hashes.SHA256())), TrustStore(folder))
    assert verdict.status == UNVERIFIABLE and "not issued by the stored authority" in verdict.reason


def test_import_rejects_what_is_no_certificate_and_skips_duplicates(tmp_path: Path, store_dir: Path) -> None:
    junk = tmp_path / "junk.der"
    junk.write_bytes(b"not a certificate")
    result = import_certificates(junk, store_dir)
    assert result.rejected and not result.added
    pem = tmp_path / "again.pem"
    pem.write_bytes(synthetic_authority().issuer_pem)
    assert len(import_certificates(pem, store_dir).present) == 1
    with pytest.raises(FileNotFoundError):
        import_certificates(tmp_path / "missing.der", store_dir)


def test_certify_builds_the_certified_object(store_dir: Path) -> None:
    body = address_message(FIELDS, date(2026, 10, 1))
    message = body + US + synthetic_authority().sign(body)
    symbols = [{"page": 1, "bbox": [0.7, 0.05, 0.8, 0.12], "raw": message, "error": ""}]
    certified = certify([message, "LA POSTE 123"], symbols, TrustStore(store_dir))
    assert certified is not None
    assert certified["raw"] == message and certified["signature"] == "valid"
    assert certified["certificate_id"] == "XX01/DCK1" and certified["page"] == 1
    assert certified["mapped"]["postal_code"] == "13001"
    assert certified["mapped"]["issue_date"] == "2026-10-01"
    assert certified["test_authority"] is False
    assert certify(["LA POSTE 123"], [], TrustStore(store_dir)) is None
    broken = certify(["DC04 broken"], [], TrustStore(store_dir))
    assert broken is not None and broken["signature"] == "unverifiable" and "malformed" in broken["error"]


def test_mapped_fields_of_a_rib_and_a_tax_notice() -> None:
    rib = parse_message("DC03FR000001FFFF1636030130M EXEMPLE HENRY" + GS + "31FR7630006000011234567890189")
    assert mapped_fields(rib)["iban"] == "FR7630006000011234567890189"
    tax = parse_message("DC03FR00000112421636040110M/IMPOSABLE/FRANCOIS" + GS + "401234567890123411042876")
    assert mapped_fields(tax)["fiscal_number"] == "1234567890123"
    assert mapped_fields(tax)["reference_income"] == "1042876"


def _extracted(value: str):  # type: ignore[no-untyped-def]
    from models.document import Extracted

    return Extracted(value=value, raw=value, extractor="label:test")


def test_a_genuine_code_completes_and_corrects_the_fields() -> None:
    from extractors.twoddoc.certified import certified_fields

    certified = {
        "signature": "valid",
        "test_authority": False,
        "header": {"doc_type": "01"},
        "page": 1,
        "bbox": [0.7, 0.05, 0.8, 0.12],
        "mapped": {"holder_name": "MME DUPONT MARTIN ELODIE", "postal_code": "13001", "city": "MARSEILLE"},
        "printed": {
            "holder_name": {"found": True},
            "postal_code": {"found": True},
            "city": {"found": False},
        },
    }
    fields = {"holder_name": _extracted("Locataire"), "city": _extracted("AIX-EN-PROVENCE")}
    out = certified_fields("proof_of_address", certified, fields)
    assert out["holder_name"].value == "MME DUPONT MARTIN ELODIE"  # misread, the text shows the code's
    assert out["holder_name"].extractor == "2d_doc" and out["holder_name"].page == 1
    assert out["postal_code"].value == "13001"  # missing
    assert out["city"].value == "AIX-EN-PROVENCE"  # printed otherwise: left for the rules
    agreeing = {"holder_name": _extracted("Madame Élodie DUPONT-MARTIN")}
    assert certified_fields("proof_of_address", certified, agreeing)["holder_name"].value.startswith("Madame")
    for spoiled in ({"signature": "invalid"}, {"test_authority": True}):
        assert certified_fields("proof_of_address", dict(certified, **spoiled), fields) == fields
    assert certified_fields("bank_details", certified, fields) == fields


def test_the_ants_test_authority_is_never_evidence() -> None:
    from models.facts import DocumentFacts
    from validators.rules.certified import match_findings, signature_findings

    for verdict in ("valid", "unverifiable"):
        certified = {"header": {"doc_type": "01"}, "signature": verdict, "test_authority": True}
        facts = DocumentFacts(file="f.pdf", sha256="0" * 64, certified=certified)
        assert signature_findings(facts) == [] and match_findings(facts) == []  # neither proof nor accusation
    broken = {"header": {"doc_type": "01"}, "signature": "invalid", "test_authority": False}
    findings = signature_findings(DocumentFacts(file="f.pdf", sha256="0" * 64, certified=broken))
    assert [f.code.value for f in findings] == ["SUSPECTED_TAMPERING"]
    unknown = {"header": {"doc_type": "01"}, "signature": "unverifiable", "test_authority": False}
    genuine = DocumentFacts(file="f.pdf", sha256="0" * 64, certified=unknown)
    assert signature_findings(genuine) == []
