"""Build Documents from text lines: words laid out with plausible boxes (no OCR needed).

A line is a string: words are split on spaces; a run of 3 or more spaces is a
column gap (a wide blank, like between a label and its value in a table). A
line may also be a tuple ``(indent, text)`` with ``indent`` the left margin in
page fractions, to put a value under a label or a block on the right, or a
list of such tuples: columns at fixed positions (identity-card layouts where
values sit under their labels). ``""`` is an empty line (it advances the
vertical position but yields no words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.document import Document, FileKind, Page, TextSource, Word

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
FONT = 10.0
CHAR_W = 0.55 * FONT
SPACE_W = 0.3 * FONT
COLUMN_GAP = 4 * FONT
LINE_STEP = 1.6 * FONT
LEFT = 0.08

LineSpec = str | tuple[float, str] | list[tuple[float, str]]


def layout_page(
    lines: Sequence[LineSpec],
    number: int = 1,
    conf: float = 0.95,
    source: TextSource = TextSource.OCR,
    confs: dict[str, float] | None = None,
) -> Page:
    """One page with the given lines; ``confs`` overrides the confidence of given words."""
    words: list[Word] = []
    y = 0.06 * PAGE_H
    index = 0
    for spec in lines:
        columns = spec if isinstance(spec, list) else [spec if isinstance(spec, tuple) else (LEFT, spec)]
        if not any(text.strip() for _, text in columns):
            y += LINE_STEP
            continue
        for indent, text in columns:
            x = indent * PAGE_W
            leading = len(text) - len(text.lstrip(" "))
            x += leading * CHAR_W
            for match in re.finditer(r"(\S+)(\s*)", text.lstrip(" ")):
                token, gap = match.group(1), match.group(2)
                width = len(token) * CHAR_W
                word_conf = (confs or {}).get(token, conf)
                words.append(
                    Word(
                        text=token,
                        bbox=(x / PAGE_W, y / PAGE_H, min((x + width) / PAGE_W, 1.0), (y + FONT) / PAGE_H),
                        conf=word_conf,
                        line=index,
                    )
                )
                x += width + (COLUMN_GAP if len(gap) >= 3 else SPACE_W)
        index += 1
        y += LINE_STEP
    return Page(number=number, width=PAGE_W, height=PAGE_H, source=source, words=words)


def make_document(
    *pages: Sequence[LineSpec],
    conf: float = 0.95,
    file: str = "doc.pdf",
    source: TextSource = TextSource.OCR,
    confs: dict[str, float] | None = None,
) -> Document:
    """A Document with one page per argument (each a list of lines)."""
    return Document(
        file=file,
        sha256="0" * 64,
        kind=FileKind.PDF,
        pages=[layout_page(lines, i + 1, conf, source, confs) for i, lines in enumerate(pages)],
    )


def text_document(text: str, **kwargs: object) -> Document:
    """A one-page Document from a multi-line string (lines kept as written)."""
    return make_document(text.strip("\n").splitlines(), **kwargs)  # type: ignore[arg-type]
