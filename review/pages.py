"""Page images of the stored documents: PDF pages rendered by pypdfium2, images as PNG.

A document's file is found through ``documents.path`` (filled by the flow) or,
failing that, ``ROOT/<batch_name>/<application_id>/<file_name>`` for each
configured batch root. The file's SHA-256 must equal the stored one: a
generated batch that reuses application ids never shows another person's
document. Renderings are cached in memory (a few dozen pages).
"""

from __future__ import annotations

import hashlib
import io
import threading
from functools import lru_cache
from pathlib import Path

from models.tables import ApplicationRow, DocumentRow

MAX_PAGE_PIXELS = 40_000_000
# PDFium is not thread-safe, and the server renders in a thread pool: one rendering at a time.
_PDFIUM_LOCK = threading.Lock()


class PageUnavailable(Exception):
    """The file is not found, does not match the stored hash, or the page does not exist."""


@lru_cache(maxsize=256)
def _sha256_of(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve_file(doc: DocumentRow, application: ApplicationRow, batch_roots: list[Path]) -> Path:
    """The original file of ``doc``, checked against its stored SHA-256."""
    candidates: list[Path] = []
    if doc.path:
        candidates.append(Path(doc.path))
    for root in batch_roots:
        candidate = Path(root) / application.batch_name / application.application_id / doc.file_name
        if _within(candidate, Path(root)):
            candidates.append(candidate)
    for candidate in candidates:
        if candidate.is_file():
            stat = candidate.stat()
            if _sha256_of(str(candidate.resolve()), stat.st_mtime_ns, stat.st_size) == doc.sha256:
                return candidate
    raise PageUnavailable("file not found or changed since it was checked")


def page_count(path: Path) -> int:
    """Pages of a PDF, frames of an image."""
    head = path.read_bytes()[:8]
    if head.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        with _PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(str(path))
            try:
                return len(pdf)
            finally:
                pdf.close()
    from PIL import Image

    with Image.open(path) as image:
        return int(getattr(image, "n_frames", 1) or 1)


@lru_cache(maxsize=48)
def _render(path: str, mtime_ns: int, page: int, scale: float, rotation: int) -> bytes:
    from PIL import Image, ImageOps

    data = Path(path).read_bytes()
    if data[:5].startswith(b"%PDF"):
        import pypdfium2 as pdfium

        with _PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                if not 1 <= page <= len(pdf):
                    raise PageUnavailable(f"no page {page}")
                pdf_page = pdf[page - 1]
                image = pdf_page.render(scale=scale).to_pil()
                pdf_page.close()
            finally:
                pdf.close()
    else:
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS
        try:
            with Image.open(io.BytesIO(data)) as source:
                frames = int(getattr(source, "n_frames", 1) or 1)
                if not 1 <= page <= frames:
                    raise PageUnavailable(f"no page {page}")
                source.seek(page - 1)
                image = ImageOps.exif_transpose(source.copy())
        finally:
            Image.MAX_IMAGE_PIXELS = previous
        longest = max(image.size)
        if longest > 2000:  # phone photos: a lighter image is enough to read
            image.thumbnail((2000, 2000))
    if rotation % 360:
        image = image.rotate(-(rotation % 360), expand=True)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def render_page(path: Path, page: int, *, scale: float, rotation: int = 0) -> bytes:
    """PNG bytes of one page (1-based), upright as the boxes expect."""
    stat = path.stat()
    try:
        return _render(str(path.resolve()), stat.st_mtime_ns, page, scale, rotation)
    except PageUnavailable:
        raise
    except Exception as error:  # a damaged file: the page is simply not shown
        raise PageUnavailable(f"cannot render: {type(error).__name__}") from error
