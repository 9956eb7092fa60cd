from __future__ import annotations

import hashlib
import io
import json
import shutil
from datetime import date

import cv2
import numpy as np
import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extractors.ocr import ScriptedOcrEngine, TesseractEngine
from extractors.page_geometry import rotate_quadrant
from extractors.page_hash import hash_distance
from extractors.read import read_document
from models.document import Document, FileKind, TextSource, Word
from models.errors import (
    CorruptFile,
    DossierCheckError,
    EmptyFile,
    EncryptedPdf,
    ExtensionMismatch,
    FileTooLarge,
    FileUnreadable,
)
from models.reasons import ReasonCode
from models.settings import Settings
from tests.extractors.docfactory import (
    ATTESTATION,
    RIB,
    SCAN,
    FailingEngine,
    cer,
    degrade,
    encode,
    image_pdf,
    make_pdf,
    overlap,
    photograph,
    render,
    sample,
    warp_box,
)

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract binary not installed"
)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def tesseract() -> TesseractEngine:
    return TesseractEngine()


@pytest.fixture(scope="module")
def rib_scan() -> np.ndarray:
    return degrade(render(sample("rib").pdf, 300), **SCAN)


def assert_boxes_valid(document: Document) -> None:
    for page in document.pages:
        for word in page.words:
            x0, y0, x1, y1 = word.bbox
            assert 0.0 <= x0 <= x1 <= 1.0 and 0.0 <= y0 <= y1 <= 1.0, word
            assert 0.0 <= word.conf <= 1.0


# --------------------------------------------------------------------------- digital PDFs


@pytest.mark.parametrize("name", ["rib", "bill", "attestation", "quote"])
def test_digital_pdf_is_never_ocrd(name: str, settings: Settings) -> None:
    document_pdf = sample(name)
    document = read_document(document_pdf.pdf, f"{name}.pdf", engine=FailingEngine(), settings=settings)
    assert document.kind == FileKind.PDF
    assert document.text_source == TextSource.TEXT_LAYER
    assert [p.source for p in document.pages] == [TextSource.TEXT_LAYER]
    assert cer(document_pdf.text, document.text) == 0.0
    assert document.sha256 == hashlib.sha256(document_pdf.pdf).hexdigest()
    assert document.file == f"{name}.pdf"
    page = document.pages[0]
    assert page.width == pytest.approx(A4[0], abs=0.01)
    assert page.quality.mean_grey is not None and page.quality.mean_grey > 240
    assert not page.quality.blank
    assert len(document.metadata["page_hashes"]) == 1
    assert len(document.metadata["page_hashes"][0]) == 64
    assert document.metadata["producer"].startswith("ReportLab")
    assert "ocr_engine" not in document.metadata
    assert_boxes_valid(document)
    assert json.loads(document.model_dump_json())["metadata"]["page_count"] == 1


def test_multi_page_digital_pdf(settings: Settings) -> None:
    data = make_pdf(RIB, pages=3).pdf
    document = read_document(data, "rib.pdf", engine=FailingEngine(), settings=settings)
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert document.text.count("FR76") == 3
    hashes = document.metadata["page_hashes"]
    assert len(hashes) == 3 and hashes[0] == hashes[1] == hashes[2]


# --------------------------------------------------------------------------- scans (real Tesseract)


@needs_tesseract
def test_scanned_pdf_is_ocrd(rib_scan: np.ndarray, tesseract: TesseractEngine, settings: Settings) -> None:
    reference = sample("rib")
    data = image_pdf(rib_scan, 300, producer="Epson Scan 2")
    document = read_document(data, "Scan_0001.pdf", engine=tesseract, settings=settings)
    assert document.text_source == TextSource.OCR
    page = document.pages[0]
    assert page.source == TextSource.OCR
    assert page.width == pytest.approx(A4[0], abs=1) and page.height == pytest.approx(A4[1], abs=1)
    assert cer(reference.text, document.text) < 0.05
    assert "FR76" in document.text
    quality = page.quality
    assert quality.sharpness is not None and quality.sharpness > 250
    assert quality.ocr_mean_conf is not None and quality.ocr_mean_conf > 80
    assert quality.dpi == pytest.approx(300, abs=1)
    assert quality.contrast is not None and quality.mean_grey is not None and not quality.blank
    assert document.metadata["page_skew"][0] == pytest.approx(SCAN["angle"], abs=0.2)
    assert document.metadata["page_rotations"] == [0]
    iban = next(w for w in page.words if w.text == "IBAN")
    assert overlap(iban.bbox, reference.boxes["IBAN"]) > 0.5
    assert_boxes_valid(document)
    # The scan's page hash is close to the digital original's.
    digital = read_document(reference.pdf, "rib.pdf", engine=FailingEngine(), settings=settings)
    assert hash_distance(document.metadata["page_hashes"][0], digital.metadata["page_hashes"][0]) < 40


@needs_tesseract
def test_mixed_pdf_reads_page_by_page(
    rib_scan: np.ndarray, tesseract: TesseractEngine, settings: Settings
) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    text = pdf.beginText(60, A4[1] - 80)
    text.setFont("Helvetica", 11)
    for _, _, _, line, _ in ATTESTATION:
        text.textLine(line)
    pdf.drawText(text)
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.fromarray(rib_scan)), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()
    document = read_document(buffer.getvalue(), "dossier.pdf", engine=tesseract, settings=settings)
    assert [p.source for p in document.pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert document.text_source == TextSource.MIXED
    assert "4821937K" in document.pages[0].text
    assert "FR76" in document.pages[1].text
    assert document.pages[0].quality.ocr_mean_conf is None
    assert document.pages[1].quality.ocr_mean_conf is not None


@needs_tesseract
def test_picture_pasted_in_a_text_pdf_is_ocrd_too(tesseract: TesseractEngine, settings: Settings) -> None:
    card = render(sample("rib").pdf, 300)[250:1300, 150:2100]  # the top of a RIB, "photographed"
    pasted = make_pdf(
        [(60, 60, 14, "Pièces justificatives - Relevé d'identité bancaire joint ci-dessous", True)],
        image=degrade(card, noise=4, paper=240, ink=30),
        image_box=(60, 120, 460, 460 * card.shape[0] / card.shape[1]),
    )
    document = read_document(pasted.pdf, "pieces.pdf", engine=tesseract, settings=settings)
    page = document.pages[0]
    assert page.source == TextSource.MIXED
    assert "justificatives" in page.text and "FR76" in page.text
    iban = next(w for w in page.words if w.text == "IBAN")
    assert 120 / A4[1] < iban.bbox[1] < 0.6 and iban.conf < 1.0
    assert_boxes_valid(document)


def test_background_picture_under_a_text_page_is_not_ocrd(settings: Settings) -> None:
    background = np.full((700, 500), 235, dtype=np.uint8)
    background[:120, :] = 180  # a coloured header band
    document_pdf = make_pdf(ATTESTATION, image=background, image_box=(0, 0, A4[0], A4[1]))
    document = read_document(document_pdf.pdf, "attestation.pdf", engine=FailingEngine(), settings=settings)
    assert document.pages[0].source == TextSource.TEXT_LAYER
    assert cer(document_pdf.text, document.text) == 0.0


@needs_tesseract
def test_scan_with_typed_words_over_it_is_read_whole(
    rib_scan: np.ndarray, tesseract: TesseractEngine, settings: Settings
) -> None:
    typed = [(60, 800, 11, "Annexe 1 : relevé d'identité bancaire de Madame DUPONT-MARTIN", False)]
    document_pdf = make_pdf(typed, image=rib_scan, image_box=(0, 0, A4[0], A4[1]))
    document = read_document(document_pdf.pdf, "rib_annote.pdf", engine=tesseract, settings=settings)
    page = document.pages[0]
    assert page.source == TextSource.MIXED
    assert "FR76" in page.text and "AGRIFRPP" in page.text
    assert page.text.count("Annexe") == 1  # typed words are not read twice
    assert_boxes_valid(document)


@needs_tesseract
def test_invisible_ocr_layer_is_replaced_by_our_ocr(tesseract: TesseractEngine, settings: Settings) -> None:
    scan = degrade(render(sample("attestation").pdf, 300), **SCAN)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(Image.fromarray(scan)), 0, 0, width=A4[0], height=A4[1])
    hidden = pdf.beginText(60, 700)
    hidden.setTextRenderMode(3)
    hidden.setFont("Helvetica", 11)
    hidden.textLine("IBAN FR76 9999 9999 9999 9999 9999 999 texte invisible ajouté par-dessus")
    pdf.drawText(hidden)
    pdf.showPage()
    pdf.save()
    document = read_document(buffer.getvalue(), "scan.pdf", engine=tesseract, settings=settings)
    assert document.pages[0].source == TextSource.OCR
    assert "9999" not in document.text and "4821937K" in document.text
    assert any("invisible" in r for r in document.metadata["text_layer_rejected"])


@needs_tesseract
def test_jpeg_photo_without_dpi_and_wrong_extension(tesseract: TesseractEngine, settings: Settings) -> None:
    reference = sample("bill")
    photo = degrade(render(reference.pdf, 200), angle=-1.0, blur=0.7, noise=5, paper=240, ink=30)
    data = encode(photo, ".png")  # a PNG…
    document = read_document(data, "facture.jpg", engine=tesseract, settings=settings)  # …named .jpg
    assert document.kind == FileKind.PNG
    assert document.metadata["extension_mismatch"] == "jpeg extension, png content"
    assert cer(reference.text, document.text) < 0.08
    assert "117,83" in document.text
    page = document.pages[0]
    assert page.width == photo.shape[1] and page.height == photo.shape[0]
    assert page.quality.dpi is not None and 150 <= page.quality.dpi <= 400  # guessed from the text size


@needs_tesseract
def test_sideways_jpeg_comes_out_upright(tesseract: TesseractEngine, settings: Settings) -> None:
    reference = sample("attestation")
    scan = degrade(render(reference.pdf, 200), angle=0.6, noise=4, paper=242, ink=30)
    sideways = rotate_quadrant(scan, 90)
    document = read_document(
        encode(sideways, ".jpg", quality=90), "IMG_0001.JPG", engine=tesseract, settings=settings
    )
    assert document.metadata["page_rotations"] == [270]
    page = document.pages[0]
    assert page.height > page.width  # upright A4 portrait
    assert "4821937K" in document.text
    assert cer(reference.text, document.text) < 0.08


@needs_tesseract
def test_multipage_tiff(tesseract: TesseractEngine, settings: Settings) -> None:
    frames = [
        Image.fromarray(degrade(render(sample(name).pdf, 200), noise=4, paper=240, ink=30))
        for name in ("rib", "quote")
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    document = read_document(buffer.getvalue(), "fax.tif", engine=tesseract, settings=settings)
    assert document.kind == FileKind.TIFF
    assert len(document.pages) == 2
    assert "FR76" in document.pages[0].text and "SIRET" in document.pages[1].text
    assert len(document.metadata["page_hashes"]) == 2
    json.dumps(document.metadata)  # storable as JSON (no numpy scalars)


# --------------------------------------------------------------------------- scripted engine (no Tesseract)


def test_blank_image_is_not_ocrd(settings: Settings) -> None:
    engine = ScriptedOcrEngine([[Word(text="fantôme", bbox=(0, 0, 0.1, 0.1))]])
    blank = degrade(np.full((3508, 2480), 255, np.uint8), noise=5, paper=240)
    document = read_document(encode(blank, ".png"), "vide.png", engine=engine, settings=settings)
    assert engine.calls == []
    assert document.pages[0].quality.blank
    assert document.pages[0].source == TextSource.NONE
    assert document.text_source == TextSource.NONE


def test_scripted_words_come_through_with_quality(settings: Settings) -> None:
    words = [
        Word(text=t, bbox=(0.1 + 0.1 * i, 0.1, 0.18 + 0.1 * i, 0.12), conf=0.9)
        for i, t in enumerate("IBAN : FR76 3000".split())
    ]
    engine = ScriptedOcrEngine([words])
    scan = degrade(render(sample("rib").pdf, 300), **SCAN)
    document = read_document(encode(scan, ".png"), "rib.png", engine=engine, settings=settings)
    assert len(engine.calls) == 1
    page_words = document.pages[0].words
    assert [w.text for w in page_words] == [w.text for w in words]
    for got, given in zip(page_words, words, strict=True):
        # The scan is tilted 1.5°: boxes come back through the deskew rotation, a little larger.
        assert got.bbox == pytest.approx(given.bbox, abs=0.015)
        assert got.conf == given.conf and got.line == given.line
    assert document.pages[0].quality.ocr_mean_conf == pytest.approx(90.0)
    assert document.metadata["ocr_engine"] == "scripted"


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("make", "name", "error"),
    [
        (lambda: b"", "vide.pdf", EmptyFile),
        (lambda: sample("rib").pdf[: len(sample("rib").pdf) // 2], "tronque.pdf", CorruptFile),
        (lambda: b"Ceci est un texte.\n", "photo.jpg", ExtensionMismatch),
        (
            lambda: make_pdf(RIB, encrypt=pdfencrypt.StandardEncryption("motdepasse")).pdf,
            "protege.pdf",
            EncryptedPdf,
        ),
        (
            lambda: np.random.default_rng(7).integers(0, 256, 5000, dtype=np.uint8).tobytes(),
            "image.png",
            FileUnreadable,
        ),
        (
            lambda: (
                b"\x89PNG\r\n\x1a\n"
                + np.random.default_rng(8).integers(0, 256, 5000, dtype=np.uint8).tobytes()
            ),
            "image.png",
            CorruptFile,
        ),
        (
            lambda: cv2.imencode(".jpg", render(sample("rib").pdf, 100))[1].tobytes()[:3000],
            "coupe.jpg",
            CorruptFile,
        ),
    ],
    ids=[
        "empty",
        "truncated-pdf",
        "text-as-jpg",
        "encrypted",
        "random-png",
        "png-header-junk",
        "truncated-jpeg",
    ],
)
def test_bad_files_raise_file_unreadable(
    make, name: str, error: type[DossierCheckError], settings: Settings
) -> None:  # noqa: ANN001
    with pytest.raises(error) as caught:
        read_document(make(), name, engine=FailingEngine(), settings=settings)
    assert caught.value.code == ReasonCode.FILE_UNREADABLE
    finding = caught.value.to_finding(name)
    assert finding.code == ReasonCode.FILE_UNREADABLE and finding.document == name
    assert finding.message_fr


def test_size_and_page_limits_come_from_settings() -> None:
    data = make_pdf(RIB, pages=3).pdf
    with pytest.raises(FileTooLarge):
        read_document(
            data, "gros.pdf", engine=FailingEngine(), settings=Settings(max_file_bytes=len(data) - 1)
        )
    with pytest.raises(FileTooLarge):
        read_document(data, "long.pdf", engine=FailingEngine(), settings=Settings(max_pages=2))
    assert (
        len(read_document(data, "ok.pdf", engine=FailingEngine(), settings=Settings(max_pages=3)).pages) == 3
    )


@needs_tesseract
@pytest.mark.parametrize("turn", [0, 90])
def test_boxes_of_a_phone_photo_land_on_the_photo_as_uploaded(
    turn: int, tesseract: TesseractEngine, settings: Settings
) -> None:
    """The sheet is cut out and straightened for OCR; its boxes go back through the warp (and turn)."""
    reference = sample("rib")
    page = render(reference.pdf, 200)
    photo, matrix = photograph(page, [(0.04, 0.03), (0.98, 0.0), (0.95, 0.99), (0.0, 0.96)], background=90)
    uploaded = rotate_quadrant(photo, turn)  # held sideways: the reader turns it back by 360 - turn
    document = read_document(encode(uploaded, ".jpg"), "IMG_0042.jpg", engine=tesseract, settings=settings)
    assert document.metadata["page_rectified"] == [True]
    rotation = document.metadata["page_rotations"][0]
    assert (turn + rotation) % 360 == 0
    page_read = document.pages[0]
    # Page size: the uploaded photo's, upright.
    assert (page_read.width, page_read.height) == (photo.shape[1], photo.shape[0])
    iban = next(w for w in page_read.words if w.text == "IBAN")
    expected = warp_box(reference.boxes["IBAN"], matrix, page.shape, photo.shape)
    assert overlap(iban.bbox, expected) > 0.5
    assert_boxes_valid(document)


@pytest.mark.slow
@pytest.mark.parametrize("source", ["scan_image", "scan_pdf"])
def test_white_text_on_a_dark_letterhead_band_is_read(source: str) -> None:
    """« Édité le … » printed white on the certificate's dark band: inverted, then read."""
    from extractors.fields.jobseeker import extract_jobseeker
    from extractors.fields.text import fold
    from sample_docs.generator import render_sample_document

    data, truth = render_sample_document(
        "jobseeker_certificate", 3, source=source, layout="ft_attestation_prose"
    )
    document = read_document(data, "attestation.pdf" if source == "scan_pdf" else "attestation.jpg")
    issued = date.fromisoformat(truth["fields"]["issue_date"]).strftime("%d.%m.%y")
    assert issued in fold(document.text.splitlines()[0]), document.text[:300]  # the band's text is read
    assert extract_jobseeker(document)["issue_date"].value == truth["fields"]["issue_date"]
