"""Decide what a file really is from its bytes, never from its name.

``sniff_file`` is the first stage of reading: it recognises the four formats
the pipeline reads (PDF, JPEG, PNG, TIFF) by their magic bytes and raises an
error of the taxonomy for everything else.

Extension policy (file names are what the applicant chose):

* bytes of a supported kind are read whatever the extension says — a ``.jpg``
  holding a PNG, or a PDF named ``scan.jpeg`` or ``document`` is harmless, and
  refusing it would only cost the applicant a new upload;
* bytes of an unsupported kind raise ``ExtensionMismatch`` when the extension
  claims a supported kind (a text file renamed ``.jpg``) and
  ``UnsupportedFormat`` otherwise (a ``.docx``, a ``.zip``, a ``.heic``).

Both are ``FILE_UNREADABLE``; the distinction only changes the caseworker's
message.
"""

from __future__ import annotations

from pathlib import PurePath

from models.document import FileKind
from models.errors import EmptyFile, ExtensionMismatch, FileTooLarge, UnsupportedFormat
from models.settings import Settings, get_settings

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # the PDF spec lets a header appear after some junk
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TIFF_MAGICS = (b"II*\x00", b"MM\x00*")  # little- and big-endian

EXTENSION_KINDS: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".jpe": FileKind.JPEG,
    ".png": FileKind.PNG,
    ".tif": FileKind.TIFF,
    ".tiff": FileKind.TIFF,
}

# Formats worth naming in an error's detail (for the person debugging a batch).
_KNOWN_OTHERS: tuple[tuple[bytes, int, str], ...] = (
    (b"PK\x03\x04", 0, "ZIP (docx, odt, xlsx or zip archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "OLE2 (doc, xls)"),
    (b"GIF87a", 0, "GIF"),
    (b"GIF89a", 0, "GIF"),
    (b"BM", 0, "BMP"),
    (b"II+\x00", 0, "BigTIFF"),
    (b"{\\rtf", 0, "RTF"),
    (b"Rar!", 0, "RAR"),
    (b"7z\xbc\xaf", 0, "7-Zip"),
    (b"\x1f\x8b", 0, "gzip"),
    (b"%!PS", 0, "PostScript"),
)


def extension_kind(file_name: str) -> FileKind | None:
    """Return the kind the file's extension claims, or None for any other extension."""
    return EXTENSION_KINDS.get(PurePath(file_name).suffix.lower())


def detect_kind(data: bytes) -> FileKind | None:
    """Return the supported kind of ``data`` from its magic bytes, or None."""
    if data.startswith(JPEG_MAGIC):
        return FileKind.JPEG
    if data.startswith(PNG_MAGIC):
        return FileKind.PNG
    if data[:4] in TIFF_MAGICS:
        return FileKind.TIFF
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return FileKind.PDF
    return None


def describe_unsupported(data: bytes) -> str:
    """Name the format of bytes of an unsupported kind (for error details)."""
    for magic, offset, name in _KNOWN_OTHERS:
        if data[offset : offset + len(magic)] == magic:
            return name
    if data[4:8] == b"ftyp":
        brand = data[8:12].decode("ascii", "replace")
        return f"ISO media ({brand}: HEIC/AVIF photo or video)"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the window's end is still text.
        if error.start < len(head) - 4:
            return "binary data"
    if head.lstrip().startswith((b"<html", b"<!DOCTYPE", b"<?xml")):
        return "HTML/XML text"
    return "text"


def sniff_file(data: bytes, file_name: str, *, settings: Settings | None = None) -> FileKind:
    """Return the real kind of a file from its bytes; raise for files that cannot be read.

    Raises ``EmptyFile`` (no bytes, or only NULs and whitespace), ``FileTooLarge``
    (above ``settings.max_file_bytes``), ``ExtensionMismatch`` (the extension
    claims a supported kind that the bytes are not, and the bytes are of no
    supported kind) or ``UnsupportedFormat``. A supported kind under the wrong
    extension is returned, not refused (see the module docstring).
    """
    settings = settings or get_settings()
    if not data or not data.strip(b"\x00 \t\r\n"):
        raise EmptyFile(f"{file_name}: {len(data)} bytes, no content")
    if len(data) > settings.max_file_bytes:
        raise FileTooLarge(
            f"{file_name}: {len(data)} bytes > max_file_bytes={settings.max_file_bytes}",
            message_fr=(
                f"Le fichier est trop volumineux ({len(data) / 1_048_576:.1f} Mo ; "
                f"maximum {settings.max_file_bytes / 1_048_576:.0f} Mo)."
            ),
        )
    kind = detect_kind(data)
    if kind is not None:
        return kind
    claimed = extension_kind(file_name)
    what = describe_unsupported(data)
    if claimed is not None:
        raise ExtensionMismatch(f"{file_name}: extension says {claimed.value}, bytes are {what}")
    raise UnsupportedFormat(f"{file_name}: bytes are {what}")
