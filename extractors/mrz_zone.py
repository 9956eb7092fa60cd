"""Finding the machine-readable zone on a photo or scan by its structure, before reading it.

An MRZ is two or three long lines of characters of one height printed at a
fixed pitch (OCR-B, about one cap height per character), the lines parallel
and one and a half to two and a half cap heights apart. That structure is
found without OCR and whatever the rotation (quarter turns and any tilt),
the perspective of a card on a table, or the zone's size in the photo:

1. the image is brought to a working size and binarised (adaptive
   threshold), and its connected components are kept when they are
   glyph-sized;
2. each glyph is linked to its two nearest neighbours of a similar height
   (the neighbours in a line are nearer than those of the next line); the
   linked groups are cut into straight rows along their own direction;
3. a row is *MRZ-like* when it holds 20 to 50 cells of a regular pitch
   close to its cap height; parallel MRZ-like rows at line spacing make a
   block;
4. each block is cut out of the full-resolution image along its own axes
   (tilt undone) at a cap height of ``CAP_PX`` pixels, with margins for a
   line the first pass missed, and its lines are measured again on the
   straightened crop: centre line, cap height, pitch and the centre of
   every character cell (``LineGeometry``).

Upside down is not decided here: ``straightened`` also returns the crop
turned by 180°, and the reader keeps whichever decodes. A zone's box on the
page is ``MrzZone.quad`` (four corners in the source image's pixels).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.mrz_glyph_rows import (
    MAX_CELLS,
    MIN_GLYPHS,
    Glyphs,
    MrzRow,
    adaptive_binary,
    find_glyphs,
    mrz_rows,
    row_blocks,
    working_image,
)
from extractors.mrz_line_geometry import CAP_PX, LineGeometry, measure_lines


@dataclass(frozen=True)
class MrzZone:
    """A candidate MRZ block: the straightened crop, its lines, and where it sits on the source."""

    crop: np.ndarray
    lines: list[LineGeometry]
    quad: np.ndarray  # 4×2 corners of the crop on the source image (pixels)
    angle: float  # degrees of the text direction on the source image
    score: float
    row_cys: list[float]  # the rows found on the page, on the crop
    pitch: float


def _crop(
    gray: np.ndarray, block: list[MrzRow], scale: float
) -> tuple[np.ndarray, np.ndarray, float, list[float], float]:
    """Cut the block along its axes at ``CAP_PX``.

    Returns the crop, its corners on ``gray``, the text angle (degrees), the
    rows' centre lines and the pitch, in crop pixels.
    """
    ref = block[0]
    u, nrm = ref.u, ref.n
    starts, ends, offsets = [], [], []
    for r in block:
        sign = 1.0 if r.u @ u > 0 else -1.0
        s, e = sorted((sign * r.start, sign * r.end))
        starts.append(s)
        ends.append(e)
        offsets.append(sign * r.offset)
    cap = float(np.median([r.cap for r in block]))
    pitch = float(np.median([r.pitch for r in block]))
    lines_missing = 3 - len(block)
    margin_n = (1.6 + 2.3 * lines_missing) * cap
    # Glyphs merged by blur or touching serifs may leave a row shorter than its
    # line: the crop reaches as far as the longest line could on either side.
    found_cells = (max(ends) - min(starts)) / pitch + 1
    reach = max(4.0 * pitch, (MAX_CELLS - 4 - found_cells) * pitch)
    u0, u1 = min(starts) - reach, max(ends) + reach
    n0, n1 = min(offsets) - margin_n, max(offsets) + margin_n
    factor = CAP_PX / cap  # working pixels -> crop pixels
    width, height = int((u1 - u0) * factor), int((n1 - n0) * factor)
    corners_work = np.array(
        [u0 * u + n0 * nrm, u1 * u + n0 * nrm, u1 * u + n1 * nrm, u0 * u + n1 * nrm], dtype=np.float64
    )
    corners = corners_work / scale
    dst = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    shrink = factor * scale  # crop pixels per source pixel
    source, points = gray, corners
    if shrink < 0.5:
        # Sample a pre-shrunk image so thin strokes are averaged, not skipped.
        source = cv2.resize(gray, None, fx=shrink * 1.5, fy=shrink * 1.5, interpolation=cv2.INTER_AREA)
        points = corners * shrink * 1.5
    matrix = cv2.getAffineTransform(points[:3].astype(np.float32), dst[:3])
    paper = float(np.percentile(gray[:: max(1, gray.shape[0] // 200), :: max(1, gray.shape[1] // 200)], 90))
    crop = cv2.warpAffine(
        source,
        matrix,
        (max(width, 1), max(height, 1)),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=paper,  # outside the image: plain paper, not streaks of its edge
    )
    angle = float(np.degrees(np.arctan2(u[1], u[0])))
    cys = sorted((o - n0) * factor for o in offsets)
    return crop, corners, angle, cys, pitch * factor


def find_zones(gray: np.ndarray, limit: int = 3) -> list[MrzZone]:
    """Candidate MRZ blocks of a grayscale image, most line-rich first (at most ``limit``)."""
    work, scale = working_image(gray)
    long_side = max(work.shape)
    rows: list[MrzRow] = []
    height = work.shape[0]
    binaries = [adaptive_binary(work, max(15, block)) for block in (long_side // 40, long_side // 15)]
    # Glyph heights are measured across the rows of the image and across its columns
    # (a quarter turn): one of the two is within 45° of any text direction.
    for binary, turn in itertools.product(binaries, (False, True)):
        if turn:
            g = find_glyphs(cv2.rotate(binary, cv2.ROTATE_90_CLOCKWISE), 6, long_side / 12)
            g = Glyphs(g.cy.copy(), height - 1 - g.cx, g.w, g.h)  # centres back on ``work``
        else:
            g = find_glyphs(binary, 6, long_side / 12)
        size = g.h
        # Size bands (a filler is about 0.6 of a letter): small print around a
        # large MRZ must not crowd the letters' nearest neighbours.
        low = 6.0
        while low < long_side / 12:
            keep = (size >= low) & (size <= low * 2.8)
            if keep.sum() >= MIN_GLYPHS:
                rows.extend(mrz_rows(Glyphs(g.cx[keep], g.cy[keep], g.w[keep], g.h[keep])))
            low *= 1.7
    blocks = row_blocks(rows)
    blocks.sort(key=lambda b: (-len(b), -max(r.cells for r in b)))
    zones: list[MrzZone] = []
    seen: list[np.ndarray] = []
    for block in blocks:
        centre = np.mean([(r.start + r.end) / 2 * r.u + r.offset * r.n for r in block], axis=0)
        if any(np.linalg.norm(centre - s) < 0.2 * (block[0].end - block[0].start) for s in seen):
            continue
        seen.append(centre)
        crop, corners, angle, cys, pitch = _crop(gray, block, scale)
        if crop.size == 0:
            continue
        lines = measure_lines(crop, cys, pitch)
        zones.append(MrzZone(crop, lines, corners, angle, float(len(block)), cys, pitch))
        if len(zones) >= limit:
            break
    return zones


def turned(zone: MrzZone) -> MrzZone:
    """The same zone turned by 180° (its lines measured again)."""
    crop = cv2.rotate(zone.crop, cv2.ROTATE_180)
    quad = np.roll(zone.quad, 2, axis=0)
    cys = sorted(crop.shape[0] - 1 - cy for cy in zone.row_cys)
    lines = measure_lines(crop, cys, zone.pitch)
    return MrzZone(crop, lines, quad, (zone.angle + 180) % 360, zone.score, cys, zone.pitch)
