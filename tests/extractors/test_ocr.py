from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from extractors.ocr import (
    OcrEngine,
    Orientation,
    ScriptedOcrEngine,
    TesseractEngine,
    ensure_thread_limit,
    looks_bad,
    mean_confidence,
    ocr_upright,
    words_from_tesseract,
)
from extractors.page_cleanup import prepare_for_ocr
from extractors.page_geometry import rotate_quadrant
from models.document import Word
from models.errors import UnreadableDocument
from models.reasons import ReasonCode
from tests.extractors.docfactory import SCAN, cer, degrade, overlap, render, sample

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract binary not installed"
)


def text_of(words: list[Word]) -> str:
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))


def w(text: str, conf: float = 0.9, line: int = 0) -> Word:
    return Word(text=text, bbox=(0.1, 0.1, 0.2, 0.12), conf=conf, line=line)


# --------------------------------------------------------------------------- pure units


def test_words_from_tesseract_drops_structure_rows_and_numbers_lines() -> None:
    data = {
        "level": [1, 2, 3, 4, 5, 5, 5, 4, 5, 5],
        "block_num": [0, 1, 1, 1, 1, 1, 1, 1, 1, 2],
        "par_num": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
        "line_num": [0, 0, 0, 1, 1, 1, 1, 2, 2, 1],
        "left": [0, 0, 0, 0, 100, 300, 500, 0, 100, 700],
        "top": [0, 0, 0, 0, 200, 200, 200, 0, 260, 200],
        "width": [0, 0, 0, 0, 150, 120, 80, 0, 200, 100],
        "height": [0, 0, 0, 0, 40, 40, 40, 0, 40, 40],
        "conf": ["-1", "-1", "-1", "-1", "96.5", "91", "12", "-1", "88", "70"],
        "text": ["", "", "", "", "IBAN", ":", " ", "", "FR76", "BIC"],
    }
    words = words_from_tesseract(data, width=1000, height=2000)
    assert [(x.text, x.line) for x in words] == [("IBAN", 0), (":", 0), ("FR76", 1), ("BIC", 2)]
    assert words[0].bbox == (0.1, 0.1, 0.25, 0.12)
    assert words[0].conf == pytest.approx(0.965)
    assert all(0 <= v <= 1 for x in words for v in x.bbox)


def test_ensure_thread_limit_respects_an_explicit_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    ensure_thread_limit()
    assert os.environ["OMP_THREAD_LIMIT"] == "1"
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    ensure_thread_limit()
    assert os.environ["OMP_THREAD_LIMIT"] == "2"


def test_scripted_engine_is_an_ocr_engine() -> None:
    engine = ScriptedOcrEngine([[w("Bonjour")], [w("Monde")]])
    assert isinstance(engine, OcrEngine)
    image = np.zeros((10, 20), np.uint8)
    assert engine.ocr_page(image, 300)[0].text == "Bonjour"
    assert engine.ocr_page(image, 300)[0].text == "Monde"
    assert engine.ocr_page(image, 300)[0].text == "Monde"  # repeats the last page
    assert engine.calls == [((10, 20), 300)] * 3


def test_looks_bad() -> None:
    good = [w(t) for t in "Titulaire du compte Madame Élodie DUPONT IBAN FR76 3000".split()]
    assert not looks_bad(good)
    assert looks_bad(good[:3])  # too few words
    assert looks_bad([w(t, conf=0.3) for t in "Titulaire du compte Madame Élodie DUPONT".split()])
    assert looks_bad([w(t) for t in "Wkrt ppqz Xzvb ';- Nnrt Qwz Hjkl".split()])
    assert mean_confidence([]) == 0.0


def test_ocr_upright_retries_in_the_orientation_osd_gives() -> None:
    garbage = [w("xq", 0.2)] * 6
    upright = [w(t) for t in "Titulaire du compte Madame Élodie DUPONT IBAN".split()]
    engine = ScriptedOcrEngine([garbage, upright])
    image = np.zeros((30, 10), np.uint8)
    outcome = ocr_upright(engine, image, 300, detector=lambda g, d: Orientation(rotate=90, confidence=9.0))
    assert outcome.rotation == 90
    assert outcome.words == upright
    assert outcome.image is not None and outcome.image.shape == (10, 30)
    assert engine.calls[1][0] == (10, 30)


def test_ocr_upright_keeps_a_good_first_pass_without_asking() -> None:
    good = [w(t) for t in "Titulaire du compte Madame Élodie DUPONT IBAN".split()]

    def detector(gray: np.ndarray, dpi: int) -> Orientation:
        raise AssertionError("OSD must not run on a good page")

    outcome = ocr_upright(ScriptedOcrEngine([good]), np.zeros((5, 5), np.uint8), 300, detector=detector)
    assert outcome.rotation == 0 and not outcome.osd_checked


def test_ocr_upright_ignores_an_unsure_osd() -> None:
    garbage = [w("xq", 0.2)] * 6
    engine = ScriptedOcrEngine([garbage])
    outcome = ocr_upright(
        engine, np.zeros((5, 5), np.uint8), 300, detector=lambda g, d: Orientation(180, 0.3)
    )
    assert outcome.rotation == 0 and len(engine.calls) == 1


# --------------------------------------------------------------------------- real Tesseract


@pytest.fixture(scope="module")
def rib_scan() -> tuple[np.ndarray, object]:
    document = sample("rib")
    return degrade(render(document.pdf, 300), **SCAN), document


@needs_tesseract
def test_tesseract_reads_a_scanned_rib(rib_scan: tuple[np.ndarray, object]) -> None:
    scan, document = rib_scan
    prepared = prepare_for_ocr(scan, 300)
    engine = TesseractEngine()
    words = engine.ocr_page(prepared.image, round(prepared.dpi))
    text = text_of(words)
    assert cer(document.text, text) < 0.05  # type: ignore[attr-defined]
    assert "FR76" in text and "AGRIFRPP" in text
    assert mean_confidence(words) > 0.8
    for word in words:
        x0, y0, x1, y1 = word.bbox
        assert 0.0 <= x0 <= x1 <= 1.0 and 0.0 <= y0 <= y1 <= 1.0
        assert 0.0 <= word.conf <= 1.0
    iban = next(x for x in words if x.text == "IBAN")
    expected = document.boxes["IBAN"]  # type: ignore[attr-defined]
    assert overlap(iban.bbox, expected) > 0.5
    lines = {x.line for x in words}
    assert lines == set(range(len(lines)))  # contiguous line indices


@needs_tesseract
def test_upside_down_page_is_turned_upright(rib_scan: tuple[np.ndarray, object]) -> None:
    scan, document = rib_scan
    prepared = prepare_for_ocr(rotate_quadrant(scan, 180), 300)
    outcome = ocr_upright(TesseractEngine(), prepared.image, round(prepared.dpi))
    assert outcome.osd_checked and outcome.rotation == 180
    assert "FR76" in text_of(outcome.words)
    assert cer(document.text, text_of(outcome.words)) < 0.08  # type: ignore[attr-defined]


@needs_tesseract
def test_sideways_page_is_turned_upright(rib_scan: tuple[np.ndarray, object]) -> None:
    scan, document = rib_scan
    prepared = prepare_for_ocr(rotate_quadrant(scan, 90), 300)  # turned a quarter clockwise
    outcome = ocr_upright(TesseractEngine(), prepared.image, round(prepared.dpi))
    assert outcome.rotation == 270
    assert outcome.image is not None and outcome.image.shape[0] > outcome.image.shape[1]
    iban = next(x for x in outcome.words if x.text == "IBAN")
    assert overlap(iban.bbox, document.boxes["IBAN"]) > 0.3  # type: ignore[attr-defined]


@needs_tesseract
def test_orientation_of_a_blank_page_is_unknown() -> None:
    assert TesseractEngine().detect_orientation(np.full((800, 600), 255, np.uint8), 300) is None


@needs_tesseract
def test_timeout_becomes_unreadable_document(rib_scan: tuple[np.ndarray, object]) -> None:
    scan, _ = rib_scan
    with pytest.raises(UnreadableDocument) as caught:
        TesseractEngine(timeout_s=0.001).ocr_page(scan, 300)
    assert caught.value.code == ReasonCode.UNREADABLE_DOCUMENT


@needs_tesseract
def test_tiny_image_gives_no_words() -> None:
    assert TesseractEngine().ocr_page(np.full((5, 5), 255, np.uint8), 300) == []


def test_sideways_page_asks_orientation_before_the_first_pass() -> None:
    page = render(sample("attestation").pdf, 100)
    sideways = rotate_quadrant(page, 90)
    upright = [w(t) for t in "Madame DUPONT est inscrite sur la liste".split()]
    engine = ScriptedOcrEngine([upright])
    asked: list[tuple[int, ...]] = []

    def detector(gray: np.ndarray, dpi: int) -> Orientation:
        asked.append(gray.shape)
        return Orientation(rotate=270, confidence=12.0)

    outcome = ocr_upright(engine, sideways, 100, detector=detector)
    assert asked == [sideways.shape]
    assert outcome.rotation == 270 and outcome.osd_checked
    assert engine.calls == [(page.shape, 100)]  # one pass, on the page turned upright
