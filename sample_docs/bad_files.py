"""Files that cannot be read: empty files, truncated PDFs, text named .jpg.

Each must make the pipeline report ``FILE_UNREADABLE``.
"""

from __future__ import annotations

import random

import pypdfium2 as pdfium

BAD_KINDS = ("zero_byte", "truncated_pdf", "text_as_jpg")
TEXT_NOTES = (
    "Bonjour,\nVoici ma pièce justificative comme demandé.\nCordialement,\n{name}\n",
    "Envoyé de mon iPhone\n\n-------- Message d'origine --------\nObjet : justificatif\nDe : {name}\n",
    "<html><head><title>Redirection</title></head>"
    "<body>Session expirée, veuillez vous reconnecter.</body></html>\n",
)


def make_zero_byte() -> bytes:
    """Return an empty file."""
    return b""


def pdf_opens(data: bytes) -> bool:
    """Tell whether pdfium opens ``data`` and finds at least one page."""
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - any failure means "does not open"
        return False
    try:
        return len(document) > 0
    finally:
        document.close()


def truncate_pdf(pdf: bytes, rng: random.Random) -> bytes:
    """Cut a PDF short (an interrupted upload) so that pdfium cannot open it."""
    for fraction in (rng.uniform(0.45, 0.7), 0.35, 0.2, 0.1):
        cut = pdf[: max(16, int(len(pdf) * fraction))]
        if not pdf_opens(cut):
            return cut
    raise AssertionError("could not produce an unreadable truncated PDF")


def make_text_as_jpg(rng: random.Random, name: str) -> bytes:
    """Write a short text (an e-mail, an HTML error page) the applicant saved as .jpg."""
    return rng.choice(TEXT_NOTES).format(name=name).encode("utf-8")
