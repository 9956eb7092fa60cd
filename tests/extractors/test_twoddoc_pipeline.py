"""2D-Docs on generated proofs of address, end to end: PDF, scan and photo → certified → findings.

The documents come from ``sample_docs.twoddoc`` (real rendered PDFs, scans
and photos); their signing authority's certificates are imported into a
temporary trust store with the product's import. No mocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.analyse import analyse_document
from extractors.classifiers import default_classifier
from extractors.classify import Classifier
from flows.report import document_out
from models.facts import DocumentFacts
from models.settings import Settings
from sample_docs.twoddoc import render_twoddoc_document, synthetic_authority
from tests.validators.factories import application, rulebook
from validators.engine import check_document
from validators.rules import REGISTRY

SEED = 11


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from extractors.twoddoc.trust import import_certificates

    folder = tmp_path_factory.mktemp("twoddoc")
    pem = folder / "authority.pem"
    pem.write_bytes(synthetic_authority().ca_pem + synthetic_authority().issuer_pem)
    import_certificates(pem, folder / "trust")
    return Settings(trust_dir=folder / "trust")


@pytest.fixture(scope="module")
def classifier(settings: Settings) -> Classifier:
    """The shipped classifier: a 2D-Doc's document type is hard evidence for it."""
    return default_classifier(settings)


@pytest.fixture
def analyse(settings: Settings, classifier: Classifier):
    def run(case: str, source: str) -> tuple[DocumentFacts, dict]:
        data, truth = render_twoddoc_document(SEED, case, source)
        name = "facture.pdf" if source.endswith("pdf") else "facture.jpg"
        return analyse_document(data, name, classifier=classifier, settings=settings), truth

    return run


def _codes(facts: DocumentFacts) -> list[str]:
    """The certified rules' findings, as ``rule_id:CODE`` (both raise the contract's SUSPECTED_TAMPERING)."""
    return [
        f"{f.rule_id}:{f.code.value}"
        for f in check_document(facts, rulebook())
        if f.rule_id.startswith("certified.")
    ]


@pytest.mark.parametrize("case", ["valid", "tampered", "unknown_cert", "mismatch"])
def test_digital_pdf_cases(case: str, analyse) -> None:
    facts, truth = analyse(case, "digital_pdf")
    certified = facts.certified
    assert certified is not None
    assert certified["raw"] == truth["twoddoc"]["raw"]
    assert certified["signature"] == truth["twoddoc"]["signature"]
    assert certified["page"] == 1
    assert facts.doc_type.value == "proof_of_address"
    assert facts.type_evidence == "2d_doc: document type 01"
    codes = _codes(facts)
    expected = {
        "valid": set(),
        "unknown_cert": set(),
        "tampered": {"certified.signature:SUSPECTED_TAMPERING"},
        "mismatch": {"certified.match:SUSPECTED_TAMPERING"},
    }[case]
    assert set(codes) == expected
    if case == "mismatch":
        flagged = {f.field for f in check_document(facts, rulebook()) if f.rule_id == "certified.match"}
        assert {"postal_code", "holder_name", "city"} <= flagged


@pytest.mark.slow
@pytest.mark.parametrize("source", ["scan_pdf", "scan_image", "photo"])
def test_scans_and_photos_decode_and_verify(source: str, analyse) -> None:
    facts, truth = analyse("valid", source)
    assert facts.certified is not None
    assert facts.certified["raw"] == truth["twoddoc"]["raw"]
    assert facts.certified["signature"] == "valid"
    assert not _codes(facts)


@pytest.mark.slow
def test_tampered_photo_is_flagged(analyse) -> None:
    facts, _ = analyse("tampered", "photo")
    assert facts.certified is not None and facts.certified["signature"] == "invalid"
    assert "certified.signature:SUSPECTED_TAMPERING" in _codes(facts)


def test_certified_against_the_form(analyse) -> None:
    facts, truth = analyse("valid", "digital_pdf")
    printed = truth["fields"]
    last_name = facts.certified["fields"]["10"].split("/")[1]
    same = application(applicant={"last_name": last_name, "address": {"postal_code": printed["postal_code"]}})
    rule = REGISTRY["certified.match"].func
    assert rule(same, [facts], rulebook()) == []
    other = application()  # another applicant at another address
    # The document's fields hold the certified values: the piece's own rules compare them with the form.
    assert rule(other, [facts], rulebook()) == []
    own = {
        f.code.value
        for name in ("address.holder", "address.postal_code")
        for f in REGISTRY[name].func(other, [facts], rulebook())
    }
    assert own == {"NAME_MISMATCH", "ADDRESS_MISMATCH"}
    # Fields not carrying them (a caseworker's correction, say): the certified values meet the form here.
    bare = facts.model_copy(update={"fields": {}})
    findings = rule(other, [bare], rulebook())
    assert {f.field for f in findings} == {"holder_name", "postal_code"}
    assert all("formulaire" in f.message_fr for f in findings)


def test_report_carries_certified_only_when_there_is_one(analyse) -> None:
    facts, _ = analyse("valid", "digital_pdf")
    dumped = document_out(facts).model_dump(mode="json")
    assert dumped["certified"]["signature"] == "valid"
    assert "\x1d" in dumped["certified"]["raw"] and "\x1f" in dumped["certified"]["raw"]
    plain = document_out(facts.model_copy(update={"certified": None})).model_dump(mode="json")
    assert "certified" not in plain


def test_trust_import_command(tmp_path: Path) -> None:
    from flows.cli import main

    pem = tmp_path / "a.pem"
    pem.write_bytes(synthetic_authority().issuer_pem)
    assert main(["trust", "import", str(pem), "--store", str(tmp_path / "store")]) == 0
    assert list((tmp_path / "store" / "XX01").glob("DCK1-*.der"))
    assert main(["trust", "import", str(tmp_path / "missing.pem"), "--store", str(tmp_path / "store")]) == 3


def test_samples_twoddoc_command_writes_a_set(tmp_path: Path) -> None:
    import json

    from flows.cli import main

    assert main(["samples", "twoddoc", "--out", str(tmp_path), "--count", "1"]) == 0
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    expected = ["mismatch-01.pdf", "tampered-01.pdf", "unknown_cert-01.pdf", "valid-01.pdf"]
    assert sorted(truth["files"]) == expected
    assert (tmp_path / "authority.pem").read_bytes().count(b"BEGIN CERTIFICATE") == 2


def test_cache_key_changes_with_the_trust_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing certificates must re-verify cached readings: the store's content is in the key."""
    from extractors.twoddoc.trust import import_certificates
    from flows.batch import document_cache_key
    from models.settings import get_settings

    store = tmp_path / "trust"
    monkeypatch.setenv("DOSSIERCHECK_TRUST_DIR", str(store))
    get_settings.cache_clear()
    try:
        doc = tmp_path / "a.pdf"
        doc.write_bytes(b"%PDF-1.4 one")
        before = document_cache_key(str(doc), "a.pdf", "k")
        pem = tmp_path / "a.pem"
        pem.write_bytes(synthetic_authority().issuer_pem)
        import_certificates(pem, store)
        after = document_cache_key(str(doc), "a.pdf", "k")
        assert before and after and before != after
        assert document_cache_key(str(doc), "a.pdf", "k") == after
    finally:
        get_settings.cache_clear()
