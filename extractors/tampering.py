"""Signs that a document was edited after it was issued, from its file metadata.

Conservative on purpose: a signal sends the dossier to a caseworker, so a
generated PDF (billing software, a bank's RIB generator), a scanner's PDF or
a phone photo must give none. A signal needs a known *editing* tool (an image
or PDF editor, not a generator or a scanner) **and** evidence of editing:

* the PDF's ModDate is later than its CreationDate (beyond a minute), or
* the PDF was saved incrementally (more ``%%EOF`` markers than one save
  explains, the linearization marker discounted);
* for images: the EXIF ``Software`` tag names an image editor and the file
  was written after the photo was taken (``DateTime`` > ``DateTimeOriginal``).

The editor is looked for in the Producer, the Creator and the XMP
CreatorTool. Signals are short French sentences for the caseworker. The XMP
edit history (``xmp_software_agents``) is kept in the metadata for the
caseworker but not used: a conversion chain looks like an edit there.

Out of scope for now: comparing a PDF's text layer with its rendering
(white-out boxes over text, text added over a scan), better evidence than
metadata, which is easy to strip. 2D-Doc signatures, the best evidence of
all when a document carries one, are verified in ``extractors.twoddoc``
(rules ``certified.signature`` and ``certified.match``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from models.document import Document, FileKind

# (pattern, display name). Patterns match producer, creator or XMP creator tool.
PDF_EDITORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"photoshop", "Adobe Photoshop"),
        (r"\bgimp\b", "GIMP"),
        (r"adobe acrobat (?:pro|standard|\d)(?!.*paper capture)", "Adobe Acrobat"),
        (r"acrobat (?:pro|standard)(?!.*paper capture)", "Adobe Acrobat"),
        (r"ilovepdf", "iLovePDF"),
        (r"smallpdf", "Smallpdf"),
        (r"pdfescape", "PDFescape"),
        (r"\bsejda\b", "Sejda"),
        (r"foxit (?:phantompdf|pdf editor|editor)", "Foxit PDF Editor"),
        (r"pdf-xchange (?:editor|viewer)", "PDF-XChange Editor"),
        (r"\bcanva\b", "Canva"),
        (r"inkscape", "Inkscape"),
        (r"pdfelement", "PDFelement"),
        (r"nitro pro", "Nitro Pro"),
        (r"soda pdf", "Soda PDF"),
        (r"pdffiller", "pdfFiller"),
        (r"\bdochub\b", "DocHub"),
        (r"pdf candy", "PDF Candy"),
        (r"affinity (?:photo|publisher|designer)", "Affinity"),
        (r"paint\.net", "Paint.NET"),
        (r"pixelmator", "Pixelmator"),
    )
)
IMAGE_EDITORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name)
    for pattern, name in (
        (r"photoshop", "Adobe Photoshop"),
        (r"\bgimp\b", "GIMP"),
        (r"paint\.net", "Paint.NET"),
        (r"pixelmator", "Pixelmator"),
        (r"affinity photo", "Affinity Photo"),
        (r"\bcanva\b", "Canva"),
        (r"lightroom", "Adobe Lightroom"),
        (r"\bpixlr\b", "Pixlr"),
        (r"\bphotopea\b", "Photopea"),
    )
)
DATE_TOLERANCE = timedelta(minutes=1)


def editor_name(
    software: str | None, editors: tuple[tuple[re.Pattern[str], str], ...] = PDF_EDITORS
) -> str | None:
    """Return the editor's display name if ``software`` names a known editing tool, else None."""
    if not software:
        return None
    for pattern, name in editors:
        if pattern.search(software):
            return name
    return None


def _libreoffice_draw(meta: dict[str, Any]) -> bool:
    creator = (meta.get("creator") or "").strip().lower()
    producer = (meta.get("producer") or "").lower()
    return creator == "draw" and ("libreoffice" in producer or "openoffice" in producer)


def _as_utc(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _format_fr(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y")


def pdf_signals(meta: dict[str, Any]) -> list[str]:
    """Editing signals from a PDF's metadata (``extractors.pdf.PdfFile.metadata`` keys)."""
    tools = [meta.get("producer"), meta.get("creator"), meta.get("xmp_creator_tool")]
    editor = next((name for name in (editor_name(t) for t in tools) if name), None)
    if editor is None and _libreoffice_draw(meta):
        editor = "LibreOffice Draw"
    signals: list[str] = []
    if editor:
        created, modified = _as_utc(meta.get("creation_date")), _as_utc(meta.get("mod_date"))
        if created and modified and modified - created > DATE_TOLERANCE:
            signals.append(
                f"PDF modifié avec '{editor}' après sa création "
                f"(créé le {_format_fr(created)}, modifié le {_format_fr(modified)})."
            )
        updates = int(meta.get("incremental_updates") or 0)
        if updates >= 1:
            plural = "s" if updates > 1 else ""
            signals.append(
                f"PDF enregistré {updates + 1} fois ({updates} mise{plural} à jour incrémentale{plural}), "
                f"logiciel : '{editor}'."
            )
    return signals


def image_signals(meta: dict[str, Any]) -> list[str]:
    """Editing signals from an image's EXIF (``extractors.image_loading.load_image`` keys)."""
    editor = editor_name(meta.get("exif_software"), IMAGE_EDITORS)
    if not editor:
        return []
    written = _exif_date(meta.get("exif_datetime"))
    taken = _exif_date(meta.get("exif_datetime_original"))
    if written and taken and written - taken > DATE_TOLERANCE:
        return [
            f"Image retouchée avec '{editor}' après la prise de vue "
            f"(prise le {_format_fr(taken)}, modifiée le {_format_fr(written)})."
        ]
    return []


def _exif_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def detect_tampering(document: Document) -> list[str]:
    """Short French sentences, one per sign of editing after issue; empty when none."""
    if document.kind == FileKind.PDF:
        return pdf_signals(document.metadata)
    return image_signals(document.metadata)
