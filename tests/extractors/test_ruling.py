"""Table rules and box borders are erased before OCR; letters, even large ones, are not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytesseract
import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont

from extractors.ruling import erase_rules, rule_mask

FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
DPI = 300


def page_with_a_grid() -> np.ndarray:
    """A white page: a title in large letters, then a 3×2 ruled table with text in each cell."""
    image = Image.new("L", (2400, 1400), 255)
    draw = ImageDraw.Draw(image)
    draw.text((100, 60), "IDEVIS", font=ImageFont.truetype(str(FONT), 150), fill=0)
    cells = [["Total HT", "879,17 EUR"], ["TVA 20 %", "175,83 EUR"], ["Total TTC", "1 055,00 EUR"]]
    font = ImageFont.truetype(str(FONT), 42)
    top, left, row, widths = 500, 100, 110, (700, 700)
    for r, (label, value) in enumerate(cells):
        y = top + r * row
        draw.rectangle((left, y, left + widths[0], y + row), outline=0, width=4)
        draw.rectangle((left + widths[0], y, left + sum(widths), y + row), outline=0, width=4)
        draw.text((left + 20, y + 30), label, font=font, fill=0)
        draw.text((left + widths[0] + 20, y + 30), value, font=font, fill=0)
    return np.array(image)


def test_the_grid_is_masked_and_the_large_title_is_not() -> None:
    page = page_with_a_grid()
    mask = rule_mask(page, DPI) > 0
    assert mask[500:504, 300:700].mean() > 0.9  # the table's top rule
    assert mask[520:600, 98:104].mean() > 0.9  # its left border
    assert mask[60:260, 100:700].mean() < 0.01  # the title's tall strokes are letters, not rules
    erased = erase_rules(page, DPI)
    assert erased[500:504, 300:700].min() == 255


@pytest.mark.slow
def test_tesseract_reads_every_cell_once_the_rules_are_gone() -> None:
    text = pytesseract.image_to_string(erase_rules(page_with_a_grid(), DPI), lang="fra", config="--psm 6")
    for expected in ("Total HT", "879,17", "TVA 20", "175,83", "Total TTC", "055,00"):
        assert expected in text


def test_a_page_without_rules_is_returned_as_is() -> None:
    blank = np.full((800, 600), 255, dtype=np.uint8)
    assert erase_rules(blank, DPI) is blank
