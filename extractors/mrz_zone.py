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
from scipy.spatial import cKDTree

CAP_PX = 30.0  # cap height of the straightened crop
WORK_MIN, WORK_MAX = 1100, 1800  # long side of the working image
MIN_CELLS, MAX_CELLS = 20, 50
MIN_GLYPHS = 10
MAX_RUN = 72  # cells of ink in a row kept for the reader, which picks the MRZ line among them


@dataclass(frozen=True)
class LineGeometry:
    """One MRZ line on a straightened crop: cell centres (x), centre line (y), cap height, pitch."""

    centres: np.ndarray
    cy: float
    cap: float
    pitch: float
    ys: np.ndarray | None = None  # the centre line at each cell, when it is not level

    @property
    def cells(self) -> int:
        """Number of character cells."""
        return len(self.centres)


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


@dataclass
class _Glyphs:
    cx: np.ndarray
    cy: np.ndarray
    w: np.ndarray
    h: np.ndarray


def _working(gray: np.ndarray) -> tuple[np.ndarray, float]:
    long_side = max(gray.shape[:2])
    scale = 1.0
    if long_side > WORK_MAX:
        scale = WORK_MAX / long_side
    elif long_side < WORK_MIN:
        scale = WORK_MIN / long_side
    if scale == 1.0:
        return gray, 1.0
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp), scale


def _binary(gray: np.ndarray, block: int) -> np.ndarray:
    block = block | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def _glyphs(binary: np.ndarray, min_h: float, max_h: float) -> _Glyphs:
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h, area = stats[1:, 2].astype(float), stats[1:, 3].astype(float), stats[1:, 4].astype(float)
    x0, y0 = stats[1:, 0].astype(float), stats[1:, 1].astype(float)
    # Height is the size: glyphs merged side by side (touching serifs, blur) keep it.
    keep = (h >= min_h) & (h <= max_h) & (w <= 8 * h) & (area >= 8)
    keep &= area <= 0.85 * w * h + 4
    return _Glyphs(x0[keep] + w[keep] / 2, y0[keep] + h[keep] / 2, w[keep], h[keep])


def _rows(g: _Glyphs, horizontal: bool = False) -> list[tuple[np.ndarray, float]]:
    """Straight rows of similar glyphs: (indices, direction angle in radians).

    ``horizontal``: only neighbours within 25° of the x axis are linked (a straightened crop).
    """
    n = len(g.cx)
    if n < MIN_GLYPHS:
        return []
    pts = np.stack([g.cx, g.cy], 1)
    size = g.h
    tree = cKDTree(pts)
    k = min(10, n)
    dist, idx = tree.query(pts, k=k)
    parent = np.arange(n)

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    edges = []
    for i in range(n):
        linked = 0
        for d, j in zip(dist[i, 1:], idx[i, 1:], strict=True):
            if linked >= 2 or j >= n:
                break
            big, small = max(size[i], size[j]), min(size[i], size[j])
            if horizontal and abs(g.cy[j] - g.cy[i]) > 0.47 * abs(g.cx[j] - g.cx[i]):
                continue
            reach = 2.3 * big + 0.5 * (max(g.w[i], g.w[j]) - big if max(g.w[i], g.w[j]) > big else 0)
            if d <= reach and big <= 2.6 * small:
                edges.append((i, j))
                linked += 1
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
    roots = np.array([find(i) for i in range(n)])
    out = []
    edge_arr = np.array(edges) if edges else np.zeros((0, 2), int)
    for root in np.unique(roots):
        members = np.flatnonzero(roots == root)
        if len(members) < MIN_GLYPHS:
            continue
        mask = np.isin(edge_arr[:, 0], members)
        e = edge_arr[mask]
        dx, dy = g.cx[e[:, 1]] - g.cx[e[:, 0]], g.cy[e[:, 1]] - g.cy[e[:, 0]]
        doubled = np.arctan2(dy, dx) * 2
        angle = float(np.arctan2(np.sin(doubled).sum(), np.cos(doubled).sum()) / 2)
        u = np.array([np.cos(angle), np.sin(angle)])
        nrm = np.array([-u[1], u[0]])
        proj_n = pts[members] @ nrm
        order = np.argsort(proj_n)
        heights = float(np.median(size[members]))
        start = 0
        for cut in range(1, len(order) + 1):
            if cut == len(order) or proj_n[order[cut]] - proj_n[order[cut - 1]] > 0.45 * heights:
                row = members[order[start:cut]]
                start = cut
                if len(row) >= MIN_GLYPHS:
                    out.extend((piece, angle) for piece in _split_along(row, pts, u, size))
    return out


def _split_along(row: np.ndarray, pts: np.ndarray, u: np.ndarray, size: np.ndarray) -> list[np.ndarray]:
    proj = pts[row] @ u
    order = np.argsort(proj)
    ref = float(np.median(size[row]))
    pieces, start = [], 0
    for cut in range(1, len(order) + 1):
        if cut == len(order) or proj[order[cut]] - proj[order[cut - 1]] > 4.0 * ref:
            piece = row[order[start:cut]]
            if len(piece) >= MIN_GLYPHS:
                pieces.append(piece)
            start = cut
    return pieces


def _pitch(positions: np.ndarray, cap: float) -> float | None:
    """The regular pitch of sorted cell positions, or None when they are not regular."""
    gaps = np.diff(np.sort(positions))
    single = gaps[(gaps > 0.6 * cap) & (gaps < 1.6 * cap)]
    if len(single) < max(5, 0.4 * len(gaps)):
        return None
    pitch = float(np.median(single))
    multiples = gaps / pitch
    near = np.abs(multiples - np.round(multiples)) < 0.22
    if near.mean() < 0.75:
        return None
    return pitch


@dataclass
class _Row:
    u: np.ndarray
    n: np.ndarray
    start: float  # along u
    end: float
    offset: float  # along n
    cap: float
    pitch: float

    @property
    def cells(self) -> float:
        return (self.end - self.start) / self.pitch + 1


def _mrz_rows(g: _Glyphs) -> list[_Row]:
    pts = np.stack([g.cx, g.cy], 1)
    out = []
    for row, angle in _rows(g):
        u = np.array([np.cos(angle), np.sin(angle)])
        nrm = np.array([-u[1], u[0]])
        cap = float(np.percentile(g.h[row], 80))
        along = pts[row] @ u
        single = g.w[row] <= 1.25 * cap
        if single.sum() < MIN_GLYPHS:
            continue
        pitch = _pitch(along[single], cap)
        if pitch is None or not 0.7 * cap <= pitch <= 1.45 * cap:
            continue
        half = g.w[row] / 2  # the row's ends: glyph edges, merged glyphs included
        r = _Row(
            u,
            nrm,
            float((along - half).min() + pitch / 2),
            float((along + half).max() - pitch / 2),
            float(np.median(pts[row] @ nrm)),
            cap,
            pitch,
        )
        if MIN_CELLS - 4 <= r.cells <= MAX_CELLS + 4:
            out.append(r)
    return out


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    """Parallel MRZ-like rows at line spacing, grouped (each block sorted along the normal)."""
    used: set[int] = set()
    blocks = []
    order = sorted(range(len(rows)), key=lambda i: -rows[i].cells)
    for i in order:
        if i in used:
            continue
        block = [i]
        used.add(i)
        for j in order:
            if j in used:
                continue
            a, b = rows[i], rows[j]
            if abs(float(a.u @ b.n)) > 0.07:
                continue  # not parallel
            sign = 1.0 if a.u @ b.u > 0 else -1.0
            b_start, b_end = sorted((sign * b.start, sign * b.end))
            overlap = min(a.end, b_end) - max(a.start, b_start)
            if overlap < 0.4 * min(a.end - a.start, b_end - b_start):
                continue
            offsets = [rows[k].offset * (1.0 if rows[k].u @ a.u > 0 else -1.0) for k in block]
            b_off = b.offset * sign
            gap = min(abs(b_off - o) for o in offsets)
            if 1.2 * a.cap <= gap <= 3.2 * a.cap and len(block) < 3 and abs(a.cap - b.cap) < 0.35 * a.cap:
                block.append(j)
                used.add(j)
        blocks.append([rows[k] for k in block])
    return blocks


def _crop(
    gray: np.ndarray, block: list[_Row], scale: float
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


def _strip_binary(crop: np.ndarray) -> np.ndarray:
    return _binary(crop, int(CAP_PX * 1.6))


def _refine_cy(binary: np.ndarray, cy: float) -> float:
    """The centre line near ``cy``: the middle of the ink band in a ±0.8 cap window."""
    top, bottom = int(max(0, cy - 0.8 * CAP_PX)), int(min(binary.shape[0], cy + 0.8 * CAP_PX))
    if bottom - top < 3:
        return cy
    profile = binary[top:bottom].mean(axis=1)
    smooth = np.convolve(profile, np.ones(int(CAP_PX * 0.9)) / int(CAP_PX * 0.9), mode="same")
    return float(top + int(np.argmax(smooth)))


def _line_at(binary: np.ndarray, cy: float, pitch: float) -> LineGeometry | None:
    """Cells of the line centred on ``cy``: pitch and phase from its glyphs' centres.

    The centres of the glyphs' boxes fall on the cell centres of a fixed-pitch
    line; the pitch that lines them up best (near the one measured on the
    page) and their common phase number the glyphs; a quadratic fit of their
    positions against their numbers then follows a pitch that shrinks along
    the line (a card in perspective), and a linear one the centre line. The
    line is the longest run of cells with ink (an MRZ has no empty cell; one
    or two faint cells are bridged), fillers merged by blur included.
    """
    top, bottom = int(max(0, cy - 0.75 * CAP_PX)), int(min(binary.shape[0], cy + 0.75 * CAP_PX))
    if bottom - top < 5:
        return None
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary[top:bottom], connectivity=8)
    x, y, w, h = (stats[1:, i].astype(float) for i in range(4))
    centre_y = top + y + h / 2
    keep = (h >= 0.35 * CAP_PX) & (h <= 1.35 * CAP_PX) & (w <= 1.3 * pitch)
    keep &= np.abs(centre_y - cy) < 0.4 * CAP_PX
    cx, gy, tall = x[keep] + w[keep] / 2, centre_y[keep], h[keep] >= 0.6 * CAP_PX
    if len(cx) < MIN_GLYPHS:
        return None
    best = (0.0, pitch, 0.0)
    for p in np.linspace(0.88 * pitch, 1.12 * pitch, 49):
        z = np.exp(2j * np.pi * cx / p).sum()
        if abs(z) > best[0]:
            best = (abs(z), float(p), float(np.angle(z)))
    concentration, p, phase = best
    if concentration < 0.5 * len(cx):
        return None  # the glyphs do not sit on one fixed pitch
    first = (p * phase / (2 * np.pi)) % p
    k = np.round((cx - first) / p)
    on_grid = np.abs(cx - first - k * p) < 0.3 * p
    x_fit = np.array([0.0, p, first])
    for _ in range(3):
        # number the glyphs again under the current fit (far glyphs drift under perspective)
        slope = np.polyval(np.polyder(x_fit), k)
        k = np.round(k + (cx - np.polyval(x_fit, k)) / np.where(np.abs(slope) > 1e-6, slope, p))
        residual = np.abs(np.polyval(x_fit, k) - cx)
        good = residual < 0.3 * p
        if good.sum() < MIN_GLYPHS or np.ptp(k[good]) < 10:
            break
        x_fit = np.polyfit(k[good], cx[good], 2)
    # Filler runs merged by blur anchor the fit where no single glyph is (the end of a line).
    runs = (w > 1.6 * p) & (w < 30 * p) & (h >= 0.3 * CAP_PX) & (h <= 0.95 * CAP_PX)
    runs &= np.abs(centre_y - cy) < 0.4 * CAP_PX
    if runs.any() and len(x_fit) == 3:
        run_left, run_right = x[runs], x[runs] + w[runs]
        k_left = np.array([_index_at(x_fit, v + 0.3 * p, p) for v in run_left])
        k_right = np.array([_index_at(x_fit, v - 0.3 * p, p) for v in run_right])
        # a run's ends sit about 0.3 pitch inside its first and last cells' edges
        anchors_k = np.concatenate([k[good], k_left, k_right])
        anchors_x = np.concatenate([cx[good], run_left + 0.3 * p, run_right - 0.3 * p])
        if len(anchors_k) >= MIN_GLYPHS and np.ptp(anchors_k) >= 10:
            x_fit = np.polyfit(anchors_k, anchors_x, 2)
    on_grid = np.abs(np.polyval(x_fit, k) - cx) < 0.3 * p
    use_y = on_grid & tall
    y_fit = np.polyfit(k[use_y], gy[use_y], 1) if use_y.sum() >= 5 else np.array([0.0, cy])
    width = binary.shape[1]

    def inked(index: float) -> bool:
        cx_k, cy_k = float(np.polyval(x_fit, index)), float(np.polyval(y_fit, index))
        local = float(np.polyval(np.polyder(x_fit), index)) if len(x_fit) == 3 else p
        x0, x1 = int(max(0, cx_k - 0.3 * local)), int(min(width, cx_k + 0.3 * local))
        y0, y1 = int(max(0, cy_k - 0.45 * CAP_PX)), int(cy_k + 0.45 * CAP_PX)
        return x1 > x0 and float(binary[y0:y1, x0:x1].mean()) / 255 > 0.06

    ks = np.arange(int(k.min()) - MAX_CELLS // 2, int(k.max()) + MAX_CELLS // 2 + 1)
    ks = ks[[0 <= np.polyval(x_fit, kk) < width for kk in ks]]
    if len(ks) == 0:
        return None
    flags = [inked(kk) for kk in ks]
    runs: list[tuple[int, int]] = []
    start, empty = None, 0
    for i, ink in enumerate([*flags, False, False, False]):
        if ink:
            if start is None:
                start = i
            empty = 0
            end = i
        elif start is not None:
            empty += 1
            if empty > 1:
                runs.append((start, end + 1))
                start, empty = None, 0
    if not runs:
        return None
    lo, hi = max(runs, key=lambda r: r[1] - r[0])
    chosen = ks[lo:hi]
    if not MIN_CELLS - 4 <= len(chosen) <= MAX_RUN:
        return None
    centres = np.polyval(x_fit, chosen)
    # Each cell snaps to the glyph centred in it, and cells without a single glyph (merged
    # fillers) follow their neighbours: a spacing that is not quite even is followed too.
    order = np.argsort(cx)
    offsets, at = [], []
    for index, centre in enumerate(centres):
        j = int(np.searchsorted(cx[order], centre))
        near = [order[i] for i in (j - 1, j) if 0 <= i < len(order)]
        best_glyph = min(near, key=lambda g: abs(cx[g] - centre), default=None)
        if best_glyph is not None and abs(cx[best_glyph] - centre) < 0.35 * p:
            offsets.append(cx[best_glyph] - centre)
            at.append(index)
    if len(at) >= 2:
        centres = centres + np.interp(np.arange(len(centres)), at, offsets)
    ys = np.polyval(y_fit, chosen)
    pitch_here = float(np.median(np.diff(centres))) if len(centres) > 1 else p
    return LineGeometry(centres=centres, cy=float(np.mean(ys)), cap=CAP_PX, pitch=pitch_here, ys=ys)


def _index_at(fit: np.ndarray, x: float, p: float) -> float:
    """The cell number whose centre, under ``fit``, is nearest to ``x``."""
    k = (x - float(np.polyval(fit, 0))) / p
    for _ in range(3):
        slope = float(np.polyval(np.polyder(fit), k)) or p
        k += (x - float(np.polyval(fit, k))) / slope
    return float(np.round(k))


def measure_lines(crop: np.ndarray, cys: list[float], pitch: float) -> list[LineGeometry]:
    """MRZ lines of a straightened crop near the centre lines ``cys`` (missing neighbours searched)."""
    binary = _strip_binary(crop)
    found = [_refine_cy(binary, cy) for cy in cys]
    spacing = float(np.median(np.diff(found))) if len(found) >= 2 else 2.0 * CAP_PX
    lines: dict[int, LineGeometry] = {}
    for cy in found:
        line = _line_at(binary, cy, pitch)
        if line is not None:
            lines[round(cy)] = line
    # a line the first pass missed, one spacing above or below (at most three lines)
    for _ in range(2):
        if len(lines) >= 3 or not lines:
            break
        ys = sorted(lines)
        for cy in (ys[0] - spacing, ys[-1] + spacing):
            if 0.5 * CAP_PX <= cy <= crop.shape[0] - 0.5 * CAP_PX and len(lines) < 3:
                cy = _refine_cy(binary, cy)
                if all(abs(cy - y) > 0.7 * CAP_PX for y in lines):
                    line = _line_at(binary, cy, pitch)
                    if line is not None:
                        lines[round(cy)] = line
    return [lines[y] for y in sorted(lines)]


def find_zones(gray: np.ndarray, limit: int = 3) -> list[MrzZone]:
    """Candidate MRZ blocks of a grayscale image, most line-rich first (at most ``limit``)."""
    work, scale = _working(gray)
    long_side = max(work.shape)
    rows: list[_Row] = []
    height = work.shape[0]
    binaries = [_binary(work, max(15, block)) for block in (long_side // 40, long_side // 15)]
    # Glyph heights are measured across the rows of the image and across its columns
    # (a quarter turn): one of the two is within 45° of any text direction.
    for binary, turn in itertools.product(binaries, (False, True)):
        if turn:
            g = _glyphs(cv2.rotate(binary, cv2.ROTATE_90_CLOCKWISE), 6, long_side / 12)
            g = _Glyphs(g.cy.copy(), height - 1 - g.cx, g.w, g.h)  # centres back on ``work``
        else:
            g = _glyphs(binary, 6, long_side / 12)
        size = g.h
        # Size bands (a filler is about 0.6 of a letter): small print around a
        # large MRZ must not crowd the letters' nearest neighbours.
        low = 6.0
        while low < long_side / 12:
            keep = (size >= low) & (size <= low * 2.8)
            if keep.sum() >= MIN_GLYPHS:
                rows.extend(_mrz_rows(_Glyphs(g.cx[keep], g.cy[keep], g.w[keep], g.h[keep])))
            low *= 1.7
    blocks = _blocks(rows)
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
