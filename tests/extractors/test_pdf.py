from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.pdf import (
    PdfFile,
    group_lines,
    judge_text_layer,
    parse_pdf_date,
    read_pdf_metadata,
    read_text_layer,
    render_page,
)
from models.document import Word
from models.errors import CorruptFile, EncryptedPdf, FileTooLarge
from models.reasons import ReasonCode
from models.settings import Settings
from tests.extractors.docfactory import (
    ATTESTATION,
    RIB,
    cer,
    incremental_update,
    make_pdf,
    overlap,
    render,
    sample,
    with_dates,
)

# --------------------------------------------------------------------------- text layer


@pytest.mark.parametrize("name", ["rib", "bill", "attestation", "quote"])
def test_text_layer_reproduces_the_printed_lines(name: str) -> None:
    document = sample(name)
    (page,) = read_text_layer(document.pdf)
    assert page.real, page.reason
    assert cer(document.text, page.text) == 0.0
    assert page.width == pytest.approx(A4[0], abs=0.01)
    assert page.height == pytest.approx(A4[1], abs=0.01)
    for word in page.words:
        x0, y0, x1, y1 = word.bbox
        assert 0.0 <= x0 <= x1 <= 1.0 and 0.0 <= y0 <= y1 <= 1.0
        assert word.conf == 1.0


def test_iban_box_is_where_it_was_drawn() -> None:
    document = sample("rib")
    (page,) = read_text_layer(document.pdf)
    iban = next(w for w in page.words if w.text == "IBAN")
    assert overlap(iban.bbox, document.boxes["IBAN"]) > 0.7
    # And on the rendering, the box holds ink.
    gray = render(document.pdf, 100)
    h, w = gray.shape
    x0, y0, x1, y1 = iban.bbox
    crop = gray[int(y0 * h) : int(y1 * h) + 1, int(x0 * w) : int(x1 * w) + 1]
    assert (crop < 128).mean() > 0.1


def test_label_and_value_on_the_same_row_share_a_line() -> None:
    (page,) = read_text_layer(sample("bill").pdf)
    lines = [" ".join(w.text for w in line) for line in _lines(page.words)]
    assert "Montant total TTC 117,83 €" in lines
    assert lines[0] == "EDF"


def _lines(words: list[Word]) -> list[list[Word]]:
    grouped: dict[int, list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    return [ws for _, ws in sorted(grouped.items())]


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_give_boxes_in_the_displayed_frame(rotation: int) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setPageRotation(rotation)  # reportlab swaps the media box for 90 / 270
    pdf.setFont("Helvetica", 14)
    pdf.drawString(60, 200, "IBAN FR76 3000 6000 0112 3456 7890 189")
    pdf.drawString(200, 400, "Titulaire Dupont")
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    (page,) = read_text_layer(data)
    gray = render_page(data, 0, 72)
    h, w = gray.shape
    assert (w < h) == (page.width < page.height)
    assert page.words
    for word in page.words:
        x0, y0, x1, y1 = word.bbox
        crop = gray[int(y0 * h) : int(np.ceil(y1 * h)) + 1, int(x0 * w) : int(np.ceil(x1 * w)) + 1]
        assert (crop < 160).any(), (rotation, word)


def test_invisible_text_layer_is_not_real() -> None:
    (page,) = read_text_layer(make_pdf(ATTESTATION, invisible=True).pdf)
    assert not page.real
    assert "invisible" in page.reason
    assert page.invisible_share == 1.0


def test_too_little_text_is_not_real() -> None:
    (page,) = read_text_layer(make_pdf([(60, 60, 10, "Page 1", False)]).pdf)
    assert not page.real
    assert "too little" in page.reason


def test_garbage_glyphs_are_not_real() -> None:
    def words(texts: list[str]) -> list[Word]:
        return [Word(text=t, bbox=(0.1, 0.1, 0.2, 0.2)) for t in texts]

    cid = words(["(cid:12)(cid:45)(cid:3)", "(cid:7)(cid:9)"] * 10)
    assert not judge_text_layer(cid, 0.0)[0]
    soup = words(["Xkzpqr", "Wmtvbn", "Qrstv", "Plkjh", "Zxcvbn", "Mnbvcx"] * 4)
    assert not judge_text_layer(soup, 0.0)[0]
    private = words(["\ue001\ue002\ue003\ue004"] * 10)
    assert not judge_text_layer(private, 0.0)[0]
    good = words("Titulaire du compte : Mme Élodie DUPONT-MARTIN IBAN FR76 3000 6000 0112".split())
    assert judge_text_layer(good, 0.0)[0]


def test_group_lines_orders_rows_then_columns() -> None:
    words = [
        Word(text="valeur", bbox=(0.6, 0.101, 0.7, 0.119)),
        Word(text="Libellé", bbox=(0.1, 0.1, 0.2, 0.12)),
        Word(text="suite", bbox=(0.1, 0.2, 0.2, 0.22)),
    ]
    grouped = group_lines(words)
    assert [(w.text, w.line) for w in grouped] == [("Libellé", 0), ("valeur", 0), ("suite", 1)]
    assert group_lines([]) == []


def test_off_page_text_is_dropped() -> None:
    spec = [*RIB, (60, 2000, 12, "IBAN : FR76 0000 0000 0000 0000 0000 000", False)]
    (page,) = read_text_layer(make_pdf(spec).pdf)
    assert "FR76 0000" not in page.text


def test_pictures_are_listed_as_regions_but_not_icons() -> None:
    photo = np.full((300, 480), 250, dtype=np.uint8)
    photo[100:140, 40:440] = 30
    pasted = make_pdf(ATTESTATION, image=photo, image_box=(60, 400, 240, 150))
    (page,) = read_text_layer(pasted.pdf)
    assert page.real and len(page.image_regions) == 1
    x0, y0, x1, y1 = page.image_regions[0]
    assert x0 == pytest.approx(60 / A4[0], abs=0.01)
    assert y0 == pytest.approx(400 / A4[1], abs=0.01)
    assert x1 == pytest.approx(300 / A4[0], abs=0.01)
    assert y1 == pytest.approx(550 / A4[1], abs=0.01)
    icon = make_pdf(ATTESTATION, image=photo, image_box=(60, 400, 40, 25))
    assert read_text_layer(icon.pdf)[0].image_regions == []


# --------------------------------------------------------------------------- bad files


def test_encrypted_pdf_is_refused() -> None:
    locked = make_pdf(RIB, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    with pytest.raises(EncryptedPdf) as caught:
        read_text_layer(locked.pdf)
    assert caught.value.code == ReasonCode.FILE_UNREADABLE
    assert "mot de passe" in caught.value.message_fr


def test_owner_password_only_pdf_is_read() -> None:
    restricted = make_pdf(RIB, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    (page,) = read_text_layer(restricted.pdf)
    assert page.real and "FR76" in page.text
    assert read_pdf_metadata(restricted.pdf)["encrypted"] is True


def test_truncated_pdf_is_corrupt() -> None:
    data = sample("rib").pdf
    with pytest.raises(CorruptFile) as caught:
        read_text_layer(data[: len(data) // 2])
    assert caught.value.code == ReasonCode.FILE_UNREADABLE


def test_garbage_behind_a_pdf_header_is_corrupt() -> None:
    junk = (
        b"%PDF-1.7\n"
        + np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes()
        + b"\n%%EOF\n"
    )
    with pytest.raises(CorruptFile):
        read_text_layer(junk)


def test_too_many_pages() -> None:
    data = make_pdf(RIB, pages=4).pdf
    with pytest.raises(FileTooLarge):
        read_text_layer(data, settings=Settings(max_pages=3))
    assert len(read_text_layer(data, settings=Settings(max_pages=4))) == 4


# --------------------------------------------------------------------------- rendering and metadata


def test_render_page_is_grayscale_at_the_asked_resolution() -> None:
    gray = render_page(sample("rib").pdf, 0, 100)
    assert gray.dtype == np.uint8 and gray.ndim == 2
    assert gray.shape == (pytest.approx(1169, abs=2), pytest.approx(827, abs=2))
    assert gray.max() == 255 and gray.min() < 50
    with pytest.raises(IndexError):
        render_page(sample("rib").pdf, 3, 100)


def test_metadata_of_a_generated_pdf() -> None:
    meta = read_pdf_metadata(sample("rib", producer="Sogecap RIB 4.2", creator="Espace client").pdf)
    assert meta["producer"] == "Sogecap RIB 4.2"
    assert meta["creator"] == "Espace client"
    assert meta["creation_date"] == "2000-01-01T00:00:00+00:00"
    assert meta["eof_markers"] == 1 and meta["incremental_updates"] == 0
    assert meta["page_count"] == 1 and meta["encrypted"] is False


def test_incremental_updates_are_counted() -> None:
    data = incremental_update(sample("rib").pdf)
    meta = read_pdf_metadata(data)
    assert meta["eof_markers"] == 2 and meta["incremental_updates"] == 1
    assert read_text_layer(data)[0].real


def test_dates_can_be_rewritten_for_tests() -> None:
    data = with_dates(sample("rib").pdf, "D:20260102090000+01'00'", "D:20260315101500+01'00'")
    meta = read_pdf_metadata(data)
    assert meta["creation_date"] == "2026-01-02T09:00:00+01:00"
    assert meta["mod_date"] == "2026-03-15T10:15:00+01:00"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20260315101500+01'00'", datetime(2026, 3, 15, 10, 15, tzinfo=timezone(timedelta(hours=1)))),
        ("D:20260315101500Z", datetime(2026, 3, 15, 10, 15, tzinfo=UTC)),
        (
            "D:20260315101500-05'30",
            datetime(2026, 3, 15, 10, 15, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("D:20260315", datetime(2026, 3, 15)),
        ("20260315101500", datetime(2026, 3, 15, 10, 15)),
        ("D:2026", datetime(2026, 1, 1)),
        ("D:20261399", None),
        ("lundi", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_pdf_date(raw: str | None, expected: datetime | None) -> None:
    assert parse_pdf_date(raw) == expected


def test_pdf_file_context_manager_closes() -> None:
    with PdfFile(sample("quote").pdf) as pdf:
        assert pdf.page_count == 1
        assert pdf.page_size(0) == (pytest.approx(A4[0], abs=0.01), pytest.approx(A4[1], abs=0.01))
