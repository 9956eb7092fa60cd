"""Simulated tampering: a PDF re-saved by an online PDF editor after issue.

The original file is kept byte for byte and an *incremental update* is
appended, as editing tools do: a new document information dictionary naming
the editor as Producer, with a ModDate later than the CreationDate, a new
cross-reference section and a trailer pointing back to the previous one.
"""

from __future__ import annotations

import re
from datetime import date

from sample_docs.render import pdf_date_stamp

EDITORS = ("iLovePDF", "Smallpdf", "PDFescape Online", "Sejda PDF Editor")


def pdf_string(text: str) -> str:
    """Write a PDF literal string (ASCII only, parentheses escaped)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


def append_editor_update(pdf: bytes, *, editor: str, created: date, modified: date) -> bytes:
    """Append an incremental update that re-saves ``pdf`` with ``editor``."""
    tail = pdf[-2048:].decode("latin-1")
    start_xref = int(re.findall(r"startxref\s+(\d+)", tail)[-1])
    trailer = tail[tail.rindex("trailer") :]
    size = int(re.search(r"/Size\s+(\d+)", trailer).group(1))  # type: ignore[union-attr]
    root = re.search(r"/Root\s+(\d+\s+\d+\s+R)", trailer).group(1)  # type: ignore[union-attr]
    ids = re.search(r"/ID\s*(\[[^\]]*\])", trailer)
    body = bytearray(pdf)
    if not body.endswith(b"\n"):
        body += b"\n"
    info_offset = len(body)
    info = (
        f"{size} 0 obj\n<< /Producer {pdf_string(editor)} /Creator {pdf_string(editor)} "
        f"/CreationDate {pdf_string(pdf_date_stamp(created))} "
        f"/ModDate {pdf_string(pdf_date_stamp(modified, hour=21, minute=47))} >>\nendobj\n"
    )
    body += info.encode("latin-1")
    xref_offset = len(body)
    id_part = f" /ID {ids.group(1)}" if ids else ""
    body += (
        f"xref\n{size} 1\n{info_offset:010d} 00000 n \n"
        f"trailer\n<< /Size {size + 1} /Root {root} /Info {size} 0 R /Prev {start_xref}{id_part} >>\n"
        f"startxref\n{xref_offset}\n%%EOF\n"
    ).encode("latin-1")
    return bytes(body)
