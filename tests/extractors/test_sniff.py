from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from extractors.sniff import detect_kind, extension_kind, sniff_file
from models.document import FileKind
from models.errors import EmptyFile, ExtensionMismatch, FileTooLarge, FileUnreadable, UnsupportedFormat
from models.reasons import ReasonCode
from models.settings import Settings
from tests.extractors.docfactory import encode, sample

GRAY = np.full((40, 60), 200, dtype=np.uint8)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {
        "pdf": sample("rib").pdf,
        "jpeg": encode(GRAY, ".jpg"),
        "png": encode(GRAY, ".png"),
        "tiff": encode(GRAY, ".tif"),
    }


@pytest.mark.parametrize(
    ("kind", "name"),
    [("pdf", "document.pdf"), ("jpeg", "IMG_2231.JPG"), ("png", "scan1.png"), ("tiff", "fax.tiff")],
)
def test_supported_kinds_are_recognised(files: dict[str, bytes], kind: str, name: str) -> None:
    assert sniff_file(files[kind], name) == FileKind(kind)


def test_tiff_both_endians() -> None:
    assert detect_kind(b"II*\x00" + b"\x00" * 20) == FileKind.TIFF
    assert detect_kind(b"MM\x00*" + b"\x00" * 20) == FileKind.TIFF


def test_pdf_header_after_junk_within_1024_bytes(files: dict[str, bytes]) -> None:
    assert sniff_file(b"\r\n" * 100 + files["pdf"], "x.pdf") == FileKind.PDF
    with pytest.raises(UnsupportedFormat):
        sniff_file(b" " * 2000 + b"junk" + files["pdf"], "x.bin")


def test_wrong_but_supported_extension_is_read_leniently(files: dict[str, bytes]) -> None:
    assert sniff_file(files["png"], "photo.jpg") == FileKind.PNG
    assert sniff_file(files["pdf"], "scan.jpeg") == FileKind.PDF
    assert sniff_file(files["jpeg"], "no_extension") == FileKind.JPEG


def test_text_renamed_jpg_is_an_extension_mismatch() -> None:
    with pytest.raises(ExtensionMismatch) as caught:
        sniff_file(b"Bonjour, voici mon justificatif.\n", "justificatif.jpg")
    assert caught.value.code == ReasonCode.FILE_UNREADABLE
    assert "text" in str(caught.value)


def test_random_bytes_png_is_unreadable() -> None:
    junk = np.random.default_rng(3).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    with pytest.raises(FileUnreadable) as caught:
        sniff_file(junk, "image.png")
    assert caught.value.code == ReasonCode.FILE_UNREADABLE


def test_docx_and_zip_are_unsupported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnsupportedFormat) as caught:
        sniff_file(buffer.getvalue(), "cv.docx")
    assert "ZIP" in str(caught.value)
    with pytest.raises(UnsupportedFormat):
        sniff_file(b"plain text", "notes.txt")


def test_heic_is_named_in_the_detail() -> None:
    heic = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64
    with pytest.raises(UnsupportedFormat, match="HEIC"):
        sniff_file(heic, "IMG_0001.HEIC")


@pytest.mark.parametrize("data", [b"", b"\x00" * 512, b"  \r\n\t "])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(EmptyFile) as caught:
        sniff_file(data, "vide.pdf")
    assert caught.value.code == ReasonCode.FILE_UNREADABLE


def test_too_large_against_settings(files: dict[str, bytes]) -> None:
    small = Settings(max_file_bytes=1000)
    with pytest.raises(FileTooLarge) as caught:
        sniff_file(files["pdf"], "big.pdf", settings=small)
    assert "Mo" in caught.value.message_fr
    assert (
        sniff_file(files["png"], "ok.png", settings=Settings(max_file_bytes=len(files["png"])))
        == FileKind.PNG
    )


def test_extension_kind() -> None:
    assert extension_kind("A.TIF") == FileKind.TIFF
    assert extension_kind("a.jpeg") == FileKind.JPEG
    assert extension_kind("a.docx") is None
    assert extension_kind("README") is None
