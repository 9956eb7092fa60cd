"""Rows of MRZ-like glyphs on a page image, found by structure alone (no OCR), grouped into blocks.

The image is brought to a working size and binarised (adaptive threshold),
and its connected components are kept when they are glyph-sized
(``find_glyphs``); each glyph is linked to its two nearest neighbours of a
similar height and the linked groups are cut into straight rows along their
own direction; a row is *MRZ-like* when it holds 20 to 50 cells of a regular
pitch close to its cap height (``mrz_rows``); parallel MRZ-like rows at line
spacing make a block (``row_blocks``). Steps 1 to 3 of ``extractors.mrz_zone``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.spatial import cKDTree

WORK_MIN, WORK_MAX = 1100, 1800  # long side of the working image
MIN_CELLS, MAX_CELLS = 20, 50
MIN_GLYPHS = 10


@dataclass
class Glyphs:
    """Glyph-sized connected components: centres, widths and heights (working-image pixels)."""

    cx: np.ndarray
    cy: np.ndarray
    w: np.ndarray
    h: np.ndarray


def working_image(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The image brought to the working size (long side within ``WORK_MIN``..``WORK_MAX``), and the scale."""
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


def adaptive_binary(gray: np.ndarray, block: int) -> np.ndarray:
    """Ink as 255 on 0, by an adaptive mean threshold over ``block`` pixels (made odd)."""
    block = block | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def find_glyphs(binary: np.ndarray, min_h: float, max_h: float) -> Glyphs:
    """The connected components of glyph size (height between ``min_h`` and ``max_h``)."""
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h, area = stats[1:, 2].astype(float), stats[1:, 3].astype(float), stats[1:, 4].astype(float)
    x0, y0 = stats[1:, 0].astype(float), stats[1:, 1].astype(float)
    # Height is the size: glyphs merged side by side (touching serifs, blur) keep it.
    keep = (h >= min_h) & (h <= max_h) & (w <= 8 * h) & (area >= 8)
    keep &= area <= 0.85 * w * h + 4
    return Glyphs(x0[keep] + w[keep] / 2, y0[keep] + h[keep] / 2, w[keep], h[keep])


def _rows(g: Glyphs, horizontal: bool = False) -> list[tuple[np.ndarray, float]]:
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
class MrzRow:
    """An MRZ-like row: its direction and normal, extent along it, offset, cap height and pitch."""

    u: np.ndarray
    n: np.ndarray
    start: float  # along u
    end: float
    offset: float  # along n
    cap: float
    pitch: float

    @property
    def cells(self) -> float:
        """Number of character cells the row spans."""
        return (self.end - self.start) / self.pitch + 1


def mrz_rows(g: Glyphs) -> list[MrzRow]:
    """The rows of ``g`` that are MRZ-like: a regular pitch close to the cap height, 20 to 50 cells."""
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
        r = MrzRow(
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


def row_blocks(rows: list[MrzRow]) -> list[list[MrzRow]]:
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
