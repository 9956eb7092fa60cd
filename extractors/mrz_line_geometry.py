"""The geometry of MRZ lines on a straightened crop: centre line, cap height, pitch and cell centres.

On a crop cut along the zone's axes at a cap height of ``CAP_PX`` pixels,
``measure_lines`` finds each line near the rows' centre lines (and a line the
first pass missed, one spacing above or below): the pitch and phase that line
its glyphs up, a fit that follows a pitch shrinking along the line (a card in
perspective), and the longest run of inked cells (``LineGeometry``). Step 4
of ``extractors.mrz_zone``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extractors.mrz_glyph_rows import MAX_CELLS, MIN_CELLS, MIN_GLYPHS, adaptive_binary

CAP_PX = 30.0  # cap height of the straightened crop


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


def _strip_binary(crop: np.ndarray) -> np.ndarray:
    return adaptive_binary(crop, int(CAP_PX * 1.6))


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
