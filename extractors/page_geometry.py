"""Page geometry: skew, rotations, quarter turns, the sheet in a photo, and boxes mapped through them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.ink import ink_mask
from extractors.page_resolution import resize
from models.document import BBox

MIN_SKEW_DEG = 0.3  # below this a page is left alone: rotating costs sharpness
MAX_SKEW_DEG = 10.0  # search range; larger tilts are photos, left to the OCR engine
SIDEWAYS_RATIO = 0.85  # projection_ratio below this: ask OSD before the first OCR pass


def estimate_skew(gray: np.ndarray, *, max_angle: float = MAX_SKEW_DEG) -> float:
    """Return the angle (degrees) by which text lines are tilted, counter-clockwise positive.

    Projection-profile search: ink pixels (of a copy at about 1000 px wide) are
    projected on the vertical axis of candidate rotations; the angle whose
    profile is sharpest (sum of squared bin counts) aligns the lines. Coarse
    0.5° steps over ±``max_angle``, then 0.05° steps around the best. Returns
    0.0 when the page has too little ink to tell.
    """
    scale = min(1.0, 1000.0 / max(gray.shape[1], 1))
    small = resize(gray, scale)
    ys, xs = np.nonzero(ink_mask(small))
    if ys.size < 500:
        return 0.0
    if ys.size > 80_000:
        pick = np.random.default_rng(0).choice(ys.size, 80_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64) - small.shape[0] / 2
    xs = xs.astype(np.float64) - small.shape[1] / 2

    def sharpness(angle: float) -> float:
        theta = math.radians(angle)
        projected = ys * math.cos(theta) + xs * math.sin(theta)
        bins = np.round(projected - projected.min()).astype(np.int64)
        counts = np.bincount(bins).astype(np.float64)
        return float((counts * counts).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=sharpness)
    if sharpness(best) < 1.02 * sharpness(0.0):
        return 0.0  # no clear improvement: leave the page alone
    return round(float(best), 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by ``angle`` degrees counter-clockwise about the centre, same size, white fill."""
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def rotate_box(
    box: tuple[float, float, float, float], angle: float, width: int, height: int
) -> tuple[float, float, float, float]:
    """Map a box (page fractions) through ``rotate(image, angle)``; returns the enclosing box.

    ``width`` and ``height`` are the image's pixel size (rotation is done in
    pixels, where it is a rotation; in fractions it would shear). Used to
    bring OCR boxes from a deskewed page back onto the page as scanned.
    """
    if not angle:
        return box
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    x0, y0, x1, y1 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    corners = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x0, y1, 1.0], [x1, y1, 1.0]])
    moved = corners @ matrix.T
    xs = np.clip(moved[:, 0] / width, 0.0, 1.0)
    ys = np.clip(moved[:, 1] / height, 0.0, 1.0)
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def deskew(gray: np.ndarray, angle: float | None = None, *, min_angle: float = MIN_SKEW_DEG) -> np.ndarray:
    """Straighten tilted text lines; pages tilted by less than ``min_angle`` are returned as is."""
    if angle is None:
        angle = estimate_skew(gray)
    if abs(angle) <= min_angle:
        return gray
    return rotate(gray, -angle)


def projection_ratio(gray: np.ndarray) -> float | None:
    """Contrast of the row profile over that of the column profile of the ink (None: no ink).

    Horizontal text lines make the row profile peaky (lines and gaps) and the
    column profile flat; on generated pages the ratio is 1.4-3.1 upright and
    0.3-0.7 turned a quarter. Measured inside the ink's bounding box, at
    about 1000 px, in a few milliseconds.
    """
    small = resize(gray, min(1.0, 1000.0 / max(gray.shape[:2])))
    mask = ink_mask(small)
    ys, xs = np.nonzero(mask)
    if ys.size < 500:
        return None
    mask = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    rows, cols = mask.sum(axis=1).astype(np.float64), mask.sum(axis=0).astype(np.float64)
    row_cv = rows.std() / max(rows.mean(), 1e-9)
    col_cv = cols.std() / max(cols.mean(), 1e-9)
    return float(row_cv / col_cv) if col_cv > 0 else None


def looks_sideways(gray: np.ndarray) -> bool:
    """Tell whether the text lines look vertical (the page is turned a quarter)."""
    ratio = projection_ratio(gray)
    return ratio is not None and ratio < SIDEWAYS_RATIO


def rotate_quadrant(gray: np.ndarray, degrees_clockwise: int) -> np.ndarray:
    """Rotate by a multiple of 90 degrees clockwise (what Tesseract's OSD asks for)."""
    turns = (degrees_clockwise // 90) % 4
    if turns == 0:
        return gray
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(gray, codes[turns])


# --------------------------------------------------------------------------- photos

PAGE_MIN_AREA = 0.30  # a sheet in a photo covers at least this share of the image
PAGE_MAX_AREA = 0.97  # above this the image is the page itself (a scan): leave it
PAGE_MIN_CONTRAST = 45.0  # grey levels between the sheet and what surrounds it
PAGE_DETECT_WIDTH = 600  # the outline is searched on a small copy


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    points = points.reshape(4, 2).astype(np.float32)
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.float32(
        [points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)], points[np.argmax(diff)]]
    )


def _is_near_rectangle(
    corners: np.ndarray, *, max_angle_off: float = 12.0, max_side_ratio: float = 1.15
) -> bool:
    """Corners of a sheet seen at a modest angle: near-right angles, opposite sides alike.

    A quadrilateral cut out by a shadow or a fold fails this, and is left alone.
    """
    for i in range(4):
        a, b, c = corners[i - 1], corners[i], corners[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(math.degrees(math.acos(max(-1.0, min(1.0, cosine)))) - 90.0) > max_angle_off:
            return False
    sides = [float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4)]
    for first, second in ((sides[0], sides[2]), (sides[1], sides[3])):
        if max(first, second) > max_side_ratio * max(min(first, second), 1e-6):
            return False
    return True


def _borders_touched(corners: np.ndarray, shape: tuple[int, ...], margin: float = 0.01) -> int:
    """How many sides of the image the quad (top-left, top-right, bottom-right, bottom-left) lies on."""
    height, width = shape[:2]
    dx, dy = margin * width, margin * height
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    return sum(
        (
            y0 <= dy and y1 <= dy,  # top
            x1 >= width - 1 - dx and x2 >= width - 1 - dx,  # right
            y2 >= height - 1 - dy and y3 >= height - 1 - dy,  # bottom
            x0 <= dx and x3 <= dx,  # left
        )
    )


def find_page_quad(gray: np.ndarray) -> np.ndarray | None:
    """The four corners of a bright sheet photographed on a darker background, or None.

    None when no clear four-sided outline is found, when the outline covers
    (almost) the whole image (a scan), or when the sheet hardly differs from
    its surroundings.
    """
    height, width = gray.shape[:2]
    scale = PAGE_DETECT_WIDTH / width if width > PAGE_DETECT_WIDTH else 1.0
    small = resize(gray, scale) if scale != 1.0 else gray
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    # Close the text away: the sheet becomes a uniform bright blob.
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    threshold, mask = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    inside, outside = closed[mask > 0], closed[mask == 0]
    if inside.size == 0 or outside.size == 0:
        return None
    if float(inside.mean()) - float(outside.mean()) < PAGE_MIN_CONTRAST:
        return None
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour) / float(small.shape[0] * small.shape[1])
    if not PAGE_MIN_AREA <= area <= PAGE_MAX_AREA:
        return None
    hull = cv2.convexHull(contour)
    for epsilon in (0.02, 0.03, 0.045, 0.06):
        quad = cv2.approxPolyDP(hull, epsilon * cv2.arcLength(hull, True), True)
        if len(quad) == 4:
            # The four corners must hold most of the outline (not a cut-off triangle).
            corners = _order_corners(quad)
            if _borders_touched(corners, small.shape) >= 3:
                # the sheet fills the frame but for one strip: a dark band printed on the
                # sheet (a letterhead), not a table around it; cutting it would lose its text
                return None
            if cv2.contourArea(quad) >= 0.9 * cv2.contourArea(hull) and _is_near_rectangle(corners):
                return corners / scale
            return None
        if len(quad) < 4:
            return None
    return None


@dataclass(frozen=True)
class Rectified:
    """A page image after ``rectify_page``, with the transform that made it.

    ``matrix`` maps pixels of the original image onto pixels of ``image``
    (perspective and inset included); ``None`` when the image was left alone.
    """

    image: np.ndarray
    matrix: np.ndarray | None = None
    source_size: tuple[int, int] = (0, 0)  # (width, height) of the original image

    @property
    def changed(self) -> bool:
        """Whether the sheet was cut out and straightened."""
        return self.matrix is not None


def rectify_page(gray: np.ndarray) -> Rectified:
    """Crop a photographed sheet out of its background and undo the perspective.

    The output keeps the sheet's own pixel scale (its longer measured sides),
    so glyph heights and the estimated resolution stay those of the photo.
    ``Rectified.matrix`` lets boxes found on the result be mapped back onto
    the photo (``unwarp_box``).
    """
    source_size = (int(gray.shape[1]), int(gray.shape[0]))
    quad = find_page_quad(gray)
    if quad is None:
        return Rectified(gray, None, source_size)
    tl, tr, br, bl = quad
    out_w = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    out_h = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    if out_w < 100 or out_h < 100:
        return Rectified(gray, None, source_size)
    target = np.float32([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]])
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    warped = cv2.warpPerspective(
        gray, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    # A few pixels inside the outline: the sheet's edge and the table stay out.
    inset = max(2, int(0.006 * min(out_w, out_h)))
    shift = np.array([[1.0, 0.0, -inset], [0.0, 1.0, -inset], [0.0, 0.0, 1.0]])
    return Rectified(np.ascontiguousarray(warped[inset:-inset, inset:-inset]), shift @ matrix, source_size)


def unwarp_box(box: BBox, rectified: Rectified) -> BBox:
    """Map a box (fractions of ``rectified.image``) back onto the original image (fractions).

    The four corners go through the inverse perspective transform; the
    result is the upright box enclosing them. Identity when nothing was warped.
    """
    if rectified.matrix is None:
        return box
    height, width = rectified.image.shape[:2]
    x0, y0, x1, y1 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    corners = np.array([[[x0, y0]], [[x1, y0]], [[x1, y1]], [[x0, y1]]], dtype=np.float64)
    back = cv2.perspectiveTransform(corners, np.linalg.inv(rectified.matrix)).reshape(-1, 2)
    src_w, src_h = rectified.source_size
    xs = np.clip(back[:, 0] / src_w, 0.0, 1.0)
    ys = np.clip(back[:, 1] / src_h, 0.0, 1.0)
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def turn_box(box: BBox, degrees_clockwise: int) -> BBox:
    """Map a box (page fractions) onto the page turned by a quarter-turn multiple, clockwise."""
    x0, y0, x1, y1 = box
    turns = (degrees_clockwise // 90) % 4
    if turns == 1:
        return (1.0 - y1, x0, 1.0 - y0, x1)
    if turns == 2:
        return (1.0 - x1, 1.0 - y1, 1.0 - x0, 1.0 - y0)
    if turns == 3:
        return (y0, 1.0 - x1, y1, 1.0 - x0)
    return box
