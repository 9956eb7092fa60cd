"""Reading files: sniffing, PDF text layers, image stages, OCR, classification, fields.

The reading API, importable from here (loaded lazily, so that importing
``extractors.fields`` or ``extractors.classify`` does not pull OpenCV, PDFium
or Tesseract in):

* ``sniff_file(data, file_name) -> FileKind``
* ``read_document(data, file_name, *, engine=None, settings=None) -> Document``
* ``detect_tampering(document) -> list[str]``
* ``OcrEngine`` (protocol), ``TesseractEngine``, ``ScriptedOcrEngine`` (unit tests only)
* ``read_text_layer(pdf_bytes)``, ``render_page(pdf_bytes, index, dpi)``, ``read_pdf_metadata(pdf_bytes)``
* ``measure_quality(gray, dpi) -> PageQuality``, ``perceptual_hash(gray) -> str``
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "sniff_file": "extractors.sniff",
    "read_document": "extractors.read",
    "detect_tampering": "extractors.tampering",
    "OcrEngine": "extractors.ocr",
    "TesseractEngine": "extractors.ocr",
    "ScriptedOcrEngine": "extractors.ocr",
    "read_text_layer": "extractors.pdf",
    "render_page": "extractors.pdf",
    "read_pdf_metadata": "extractors.pdf",
    "measure_quality": "extractors.page_quality",
    "perceptual_hash": "extractors.page_hash",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the reading API on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    return getattr(import_module(module), name)
