"""``dossiercheck inspect`` says what decided each document's type; the report's documents do not."""

from __future__ import annotations

from pathlib import Path

from flows.inspection import inspect_files
from models.contract import DocumentOut
from sample_docs.generator import render_sample_document


def test_inspect_prints_the_evidence_that_decided_the_type(tmp_path: Path) -> None:
    data, _ = render_sample_document("bank_details", 3, source="digital_pdf", layout="rib_classic")
    path = tmp_path / "rib.pdf"
    path.write_bytes(data)
    [result] = inspect_files([path])
    assert result.doc_type == "bank_details" and result.confidence >= 0.95
    assert result.type_evidence.startswith("iban_bic: IBAN (mod 97 holds), BIC and bank-details header")
    assert "type_evidence" in result.model_dump(mode="json")
    # The report's document entries keep the keys CONTRACT §4 fixes.
    assert "type_evidence" not in DocumentOut.model_fields
