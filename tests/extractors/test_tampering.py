from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from extractors.image_loading import load_image
from extractors.pdf import read_pdf_metadata
from extractors.read import read_document
from extractors.tampering import detect_tampering, editor_name, image_signals, pdf_signals
from models.document import Document, FileKind
from tests.extractors.docfactory import (
    SCAN,
    FailingEngine,
    degrade,
    image_pdf,
    incremental_update,
    render,
    sample,
    with_dates,
)

CREATED = "D:20260102090000+01'00'"
MODIFIED = "D:20260315101500+01'00'"


def read(data: bytes, name: str = "doc.pdf") -> Document:
    return read_document(data, name, engine=FailingEngine())


def pdf_meta(**overrides: object) -> dict[str, object]:
    meta: dict[str, object] = {
        "producer": "Sogecap RIB 4.2",
        "creator": None,
        "creation_date": "2026-01-02T09:00:00+01:00",
        "mod_date": "2026-01-02T09:00:00+01:00",
        "incremental_updates": 0,
    }
    meta.update(overrides)
    return meta


@pytest.mark.parametrize(
    ("software", "expected"),
    [
        ("Adobe Photoshop 25.1 (Windows)", "Adobe Photoshop"),
        ("GIMP 2.10.36", "GIMP"),
        ("iLovePDF", "iLovePDF"),
        ("Smallpdf.com", "Smallpdf"),
        ("PDFescape Online", "PDFescape"),
        ("Sejda PDF Desktop (https://www.sejda.com)", "Sejda"),
        ("Foxit PhantomPDF Printer Version 10.1", "Foxit PDF Editor"),
        ("PDF-XChange Editor 10.2", "PDF-XChange Editor"),
        ("Canva", "Canva"),
        ("Inkscape 1.3 (https://inkscape.org)", "Inkscape"),
        ("Adobe Acrobat Pro (64-bit) 23.8.20470", "Adobe Acrobat"),
        ("Adobe Acrobat Pro DC 21.1 Paper Capture Plug-in", None),  # OCR of a scan, not an edit
        ("Adobe PDF Library 15.0", None),
        ("Acrobat Distiller 11.0 (Windows)", None),
        ("Microsoft® Word pour Microsoft 365", None),
        ("ReportLab PDF Library - www.reportlab.com", None),
        ("Canon iR-ADV C5535", None),
        ("", None),
        (None, None),
    ],
)
def test_editor_name(software: str | None, expected: str | None) -> None:
    assert editor_name(software) == expected


def test_generated_and_scanned_pdfs_give_no_signal() -> None:
    assert detect_tampering(read(sample("rib").pdf)) == []
    generated = with_dates(sample("bill", producer="EDF Facturation 3.1").pdf, CREATED, MODIFIED)
    assert detect_tampering(read(generated)) == []  # modified later, but by a generator
    scan = image_pdf(degrade(render(sample("rib").pdf, 100), **SCAN), 100, producer="Epson Scan 2")
    assert pdf_signals(read_pdf_metadata(scan)) == []  # (metadata only: no OCR needed)


def test_editor_that_modified_after_creation_is_a_signal() -> None:
    edited = with_dates(sample("rib", producer="iLovePDF").pdf, CREATED, MODIFIED)
    signals = detect_tampering(read(edited))
    assert len(signals) == 1
    assert "iLovePDF" in signals[0] and "après sa création" in signals[0]
    assert "02/01/2026" in signals[0] and "15/03/2026" in signals[0]


def test_editor_with_same_dates_is_not_a_signal() -> None:
    assert detect_tampering(read(sample("rib", producer="iLovePDF").pdf)) == []


def test_incremental_save_by_an_editor_is_a_signal() -> None:
    saved = incremental_update(sample("rib", producer="PDF-XChange Editor 10.2").pdf)
    signals = detect_tampering(read(saved))
    assert len(signals) == 1 and "mise à jour incrémentale" in signals[0] and "PDF-XChange" in signals[0]
    plain = incremental_update(sample("rib").pdf)  # a generator's incremental save (e.g. a signature)
    assert detect_tampering(read(plain)) == []


def test_libreoffice_draw_and_linearized_files() -> None:
    draw = pdf_meta(producer="LibreOffice 7.5", creator="Draw", mod_date="2026-03-15T10:15:00+01:00")
    assert "LibreOffice Draw" in pdf_signals(draw)[0]
    writer = pdf_meta(producer="LibreOffice 7.5", creator="Writer", mod_date="2026-03-15T10:15:00+01:00")
    assert pdf_signals(writer) == []
    assert pdf_signals(pdf_meta(producer="Canva", incremental_updates=0)) == []


def test_a_minute_of_difference_is_tolerated() -> None:
    meta = pdf_meta(producer="Adobe Photoshop 25.1", mod_date="2026-01-02T09:00:40+01:00")
    assert pdf_signals(meta) == []


def test_dates_with_and_without_zone_compare() -> None:
    meta = pdf_meta(
        producer="Smallpdf", creation_date="2026-01-02T09:00:00", mod_date="2026-02-02T09:00:00+01:00"
    )
    assert len(pdf_signals(meta)) == 1
    assert pdf_signals(pdf_meta(producer="Smallpdf", creation_date=None, mod_date="2026-02-02")) == []
    assert pdf_signals(pdf_meta(producer="Smallpdf", creation_date="lundi", mod_date="2026-02-02")) == []


def test_xmp_creator_tool_counts_as_the_editor() -> None:
    meta = pdf_meta(
        xmp_creator_tool="Adobe Photoshop CC 2019 (Windows)", mod_date="2026-02-02T10:00:00+01:00"
    )
    assert "Photoshop" in pdf_signals(meta)[0]


def test_image_edited_after_the_shot() -> None:
    meta = {
        "exif_software": "Adobe Photoshop 25.1 (Macintosh)",
        "exif_datetime": "2026:11:03 18:22:10",
        "exif_datetime_original": "2026:10:28 09:14:55",
    }
    (signal,) = image_signals(meta)
    assert "Photoshop" in signal and "28/10/2026" in signal
    assert image_signals({**meta, "exif_software": "iOS 17.1"}) == []
    assert image_signals({**meta, "exif_datetime_original": None}) == []


def test_phone_photo_gives_no_signal() -> None:
    image = Image.fromarray(np.full((40, 30), 250, np.uint8))
    exif = Image.Exif()
    exif[305] = "17.1.1"
    exif[306] = "2026:11:03 18:22:10"
    exif[0x8769] = {36867: "2026:11:03 18:22:09"}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    metadata = load_image(buffer.getvalue(), max_pages=1).metadata
    assert metadata["exif_software"] == "17.1.1"
    document = Document(file="IMG_0001.jpg", sha256="0" * 64, kind=FileKind.JPEG, metadata=metadata)
    assert detect_tampering(document) == []
