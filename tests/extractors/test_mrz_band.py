"""The MRZ band re-read: real Tesseract on generated identity scans."""

from __future__ import annotations

import pytest

from extractors.analyse import analyse_document
from extractors.classifiers import default_classifier
from extractors.mrz_band import looks_like_mrz
from sample_docs.generator import render_sample_document


@pytest.mark.parametrize(
    "text", ["P<FRAGIRAUD<<MARTE<ZOE<<<<<<<<<<<<ererererr<", "IDFRAX4RTBPFW46<<<<<<<<<<<<<<<"]
)
def test_mrz_lines_are_recognised_even_with_fillers_misread(text: str) -> None:
    assert looks_like_mrz(text)


@pytest.mark.parametrize(
    "text", ["Date de naissance / Date of birth", "FR76 3000 6000 0112 3456 7890 189", ""]
)
def test_ordinary_lines_are_not_mrz(text: str) -> None:
    assert not looks_like_mrz(text)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_identity_scans_yield_their_exact_mrz(seed: int) -> None:
    data, truth = render_sample_document("identity", seed, source="scan_image")
    facts = analyse_document(data, f"id{seed}.jpg", classifier=default_classifier())
    assert facts.doc_type.value == truth["doc_type"]
    assert facts.value("mrz") == truth["fields"]["mrz"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("piece", "source", "searched"),
    [
        ("identity", "scan_image", True),
        ("identity", "photo", True),
        ("proof_of_address", "scan_image", False),
        ("training_quote", "scan_pdf", False),
    ],
)
def test_the_mrz_zone_is_searched_on_identity_pages_only(piece: str, source: str, searched: bool) -> None:
    """An identity document's page is searched for its MRZ; a bill or a quote OCR read well is not."""
    from extractors.mrz_band import may_hold_mrz
    from extractors.read import read_document

    data, truth = render_sample_document(piece, 7, source=source)
    suffix = "pdf" if source.endswith("pdf") else "jpg"
    document = read_document(data, f"piece.{suffix}")
    if searched:
        assert all(may_hold_mrz(page.words) for page in document.pages)
        assert document.metadata["mrz_zone"]["lines"] == truth["fields"]["mrz"].splitlines()
    else:  # its first page, full of text (a last page of terms may be short: it is searched)
        assert not may_hold_mrz(document.pages[0].words)


def test_an_address_residence_is_not_an_identity_sign() -> None:
    from extractors.mrz_band import shows_identity_signs
    from tests.extractors.wordlayout import make_document

    bill = make_document(["Monsieur Paul Martin", "Résidence Les Pins, 81 rue Victor Hugo", "Total 3 €"])
    assert not shows_identity_signs(bill.pages[0].words)
    permit = make_document(["TITRE DE RÉSIDENCE", "RESIDENCE PERMIT"])
    assert shows_identity_signs(permit.pages[0].words)
    spanish = make_document(["TARJETA DE RESIDENCIA"])
    assert shows_identity_signs(spanish.pages[0].words)
