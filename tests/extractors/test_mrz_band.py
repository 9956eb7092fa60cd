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
