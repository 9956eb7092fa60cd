"""Scan simulation: turn a vector PDF into the image a scanner would produce.

Pages are rasterised with pypdfium2, then the paper is tinted, the page rotated
slightly (≤ 2°), blurred, given sensor noise and compressed as JPEG, PNG or an
image-only PDF (no text layer).

Every random draw comes from the seed the caller passes, so the same input
gives the same bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from sample_docs.render import pdf_date_stamp

JPEG_QUALITY = 85
SCANNER_SOFTWARE = ("Epson Scan 2", "HP Scan", "Canon MF Scan Utility", "Brother iPrint&Scan", "NAPS2")


@dataclass(frozen=True)
class ScanParams:
    """How one document is scanned."""

    dpi: int
    angle: float  # degrees, |angle| ≤ 2
    shift: tuple[int, int]  # pixels
    blur_sigma: float
    noise_sigma: float
    paper: tuple[int, int, int]  # RGB of the paper
    ink: int  # grey level of full black
    grey: bool  # greyscale scanner mode
    shading: float  # brightness fall-off across the page, 0..0.05
    seed: int


def choose_scan_params(rng: random.Random, dpi: int, *, grey: bool | None = None) -> ScanParams:
    """Random but moderate scan settings (always readable by OCR)."""
    paper_level = rng.randint(238, 252)
    tint = rng.choice(((0, 0, 0), (2, 1, -3), (-1, 0, 2), (3, 2, -2)))
    return ScanParams(
        dpi=dpi,
        angle=round(rng.uniform(-1.8, 1.8), 3),
        shift=(rng.randint(-12, 12), rng.randint(-12, 12)),
        blur_sigma=round(rng.uniform(0.45, 0.9), 3),
        noise_sigma=round(rng.uniform(3.0, 6.0), 3),
        paper=tuple(max(0, min(255, paper_level + t)) for t in tint),  # type: ignore[arg-type]
        ink=rng.randint(18, 45),
        grey=rng.random() < 0.35 if grey is None else grey,
        shading=round(rng.uniform(0.0, 0.05), 4),
        seed=rng.getrandbits(32),
    )


def rasterise_pdf(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Render every page of a PDF to an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72.0)
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def simulate_scan(image: Image.Image, params: ScanParams, page_index: int = 0) -> Image.Image:
    """Turn a clean rendering into something that looks scanned.

    Sensor noise is stronger on ink than on blank paper (scanners calibrate the
    white point), and the paper gets a faint low-frequency texture: this keeps
    JPEG files small while looking scanned.
    """
    rng = np.random.default_rng([params.seed, page_index])
    if params.grey:
        clean = np.asarray(image.convert("L"), dtype=np.float32)[:, :, None]
        paper = np.array([float(np.mean(params.paper))], dtype=np.float32)
    else:
        clean = np.asarray(image.convert("RGB"), dtype=np.float32)
        paper = np.array(params.paper, dtype=np.float32)
    arr = params.ink + clean * ((paper - params.ink) / 255.0)
    height, width = arr.shape[:2]
    if params.shading:
        ramp = 1.0 - params.shading * np.linspace(0.0, 1.0, width, dtype=np.float32)
        arr *= ramp[None, :, None]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), params.angle, 1.0)
    matrix[:, 2] += params.shift
    border = tuple(float(v) for v in paper) + (0.0,) * (4 - len(paper))
    arr = cv2.warpAffine(
        arr,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
    arr = cv2.GaussianBlur(arr, (0, 0), params.blur_sigma)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    grey = arr[:, :, 0] if arr.shape[2] == 1 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    darkness = np.clip((float(paper.mean()) - grey) * (1.0 / (float(paper.mean()) - params.ink)), 0.0, 1.0)
    texture = rng.standard_normal(size=(height // 16 + 2, width // 16 + 2), dtype=np.float32)
    texture = cv2.resize(texture, (width, height), interpolation=cv2.INTER_CUBIC) * 1.5
    noise = rng.standard_normal(size=(height, width), dtype=np.float32)
    delta = texture + noise * (params.noise_sigma * (0.12 + 0.88 * darkness))
    arr += delta[:, :, None]
    out = np.clip(arr + 0.5, 0, 255).astype(np.uint8)
    if out.shape[2] == 1:
        return Image.fromarray(out[:, :, 0], "L")
    return Image.fromarray(out, "RGB")


def encode_jpeg(image: Image.Image, dpi: int, quality: int = JPEG_QUALITY) -> bytes:
    """JPEG bytes with a fixed quality and no timestamp."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(dpi, dpi), optimize=False, subsampling=2)
    return buffer.getvalue()


def encode_png(image: Image.Image, dpi: int, *, bilevel: bool) -> bytes:
    """PNG bytes; ``bilevel`` gives a black-and-white scanner output (small files)."""
    buffer = io.BytesIO()
    if bilevel:
        grey = image.convert("L")
        image = grey.point(lambda v: 255 if v > 180 else 0, mode="1")
    image.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False, compress_level=9)
    return buffer.getvalue()


@contextmanager
def binary_pdf_streams() -> Iterator[None]:
    """Have reportlab write binary (not ASCII85) streams: smaller and faster."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def wrap_images_in_pdf(images: list[Image.Image], dpi: int, *, stamp: date, creator: str) -> bytes:
    """Wrap images into an image-only PDF (one JPEG per page, no text layer)."""
    buffer = io.BytesIO()
    first = images[0]
    canvas = Canvas(buffer, pagesize=(first.width * 72 / dpi, first.height * 72 / dpi), invariant=1)
    canvas.setCreator(creator)
    canvas.setProducer(creator)
    stamp_text = pdf_date_stamp(stamp, hour=18, minute=12)
    canvas.setDateFormatter(lambda *_: stamp_text)
    for image in images:
        size = (image.width * 72 / dpi, image.height * 72 / dpi)
        canvas.setPageSize(size)
        reader = ImageReader(io.BytesIO(encode_jpeg(image, dpi)))
        canvas.drawImage(reader, 0, 0, width=size[0], height=size[1])
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scan_pdf_pages(pdf: bytes, params: ScanParams, *, max_pages: int | None = None) -> list[Image.Image]:
    """Rasterise and degrade the pages of ``pdf`` (the first ``max_pages`` only)."""
    pages = rasterise_pdf(pdf, params.dpi)
    if max_pages is not None:
        pages = pages[:max_pages]
    return [simulate_scan(page, params, i) for i, page in enumerate(pages)]


# --------------------------------------------------------------------------- phone photos

PHOTO_BACKGROUNDS = (
    (92, 64, 42),  # wooden table
    (128, 98, 70),  # light wood
    (58, 60, 66),  # dark desk
    (176, 170, 160),  # beige tablecloth
    (40, 44, 52),  # black sofa
)


@dataclass(frozen=True)
class PhotoParams:
    """How one sheet is photographed with a phone."""

    page_px: int  # width of the sheet in the photo, pixels
    margin: float  # background around the sheet, share of the sheet's width
    corners: tuple[float, ...]  # 8 offsets (x, y for 4 corners), share of the sheet's width
    background: tuple[int, int, int]
    shadow: float  # depth of the hand/phone shadow, 0..0.45
    light: float  # brightness fall-off from the lit corner, 0..0.3
    blur_sigma: float
    noise_sigma: float
    quality: int  # JPEG quality
    seed: int


def choose_photo_params(rng: random.Random, *, unreadable: bool = False) -> PhotoParams:
    """Random but readable phone-photo settings (``unreadable``: far too blurred and dark)."""
    spread = 0.05
    return PhotoParams(
        page_px=rng.choice((1500, 1600, 1700)),
        margin=round(rng.uniform(0.05, 0.14), 3),
        corners=tuple(round(rng.uniform(-spread, spread), 4) for _ in range(8)),
        background=rng.choice(PHOTO_BACKGROUNDS),
        shadow=round(rng.uniform(0.6, 0.75) if unreadable else rng.uniform(0.0, 0.3), 3),
        light=round(rng.uniform(0.0, 0.25), 3),
        blur_sigma=round(rng.uniform(6.0, 8.0) if unreadable else rng.uniform(0.5, 1.0), 3),
        noise_sigma=round(rng.uniform(1.5, 3.0), 3),
        quality=rng.choice((72, 78, 82)) if not unreadable else 60,
        seed=rng.getrandbits(32),
    )


def simulate_photo(image: Image.Image, params: PhotoParams) -> Image.Image:
    """Photograph a clean page: perspective, background around it, shadow, uneven light.

    The sheet is scaled to ``page_px`` wide, its corners moved by a few per
    cent (the phone is not held parallel to the page), laid on a coloured
    background, lit unevenly (a gradient from one corner and a soft shadow
    band), blurred and given sensor noise.
    """
    rng = np.random.default_rng(params.seed)
    src = np.asarray(image.convert("RGB"), dtype=np.float32)
    scale = params.page_px / src.shape[1]
    sheet_w = params.page_px
    sheet_h = int(round(src.shape[0] * scale))
    margin = int(params.margin * sheet_w)
    out_w, out_h = sheet_w + 2 * margin, sheet_h + 2 * margin
    c = [v * sheet_w for v in params.corners]
    dst = np.float32(
        [
            [margin + c[0], margin + c[1]],
            [margin + sheet_w + c[2], margin + c[3]],
            [margin + sheet_w + c[4], margin + sheet_h + c[5]],
            [margin + c[6], margin + sheet_h + c[7]],
        ]
    )
    src_pts = np.float32([[0, 0], [src.shape[1], 0], [src.shape[1], src.shape[0]], [0, src.shape[0]]])
    matrix = cv2.getPerspectiveTransform(src_pts, dst)
    paper = src * (np.float32([246, 244, 238]) / 255.0)
    background = np.empty((out_h, out_w, 3), dtype=np.float32)
    background[:] = np.float32(params.background)
    texture = rng.standard_normal(size=(out_h // 24 + 2, out_w // 24 + 2), dtype=np.float32)
    background += cv2.resize(texture, (out_w, out_h), interpolation=cv2.INTER_CUBIC)[:, :, None] * 8.0
    warped = cv2.warpPerspective(paper, matrix, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(
        np.ones(src.shape[:2], dtype=np.float32), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR
    )[:, :, None]
    arr = warped * mask + background * (1.0 - mask)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    corner = rng.integers(0, 4)
    fx = xx / out_w if corner in (0, 3) else 1.0 - xx / out_w
    fy = yy / out_h if corner in (0, 1) else 1.0 - yy / out_h
    light = 1.0 - params.light * np.sqrt((fx**2 + fy**2) / 2.0)
    if params.shadow:
        # A soft diagonal band: the phone and the hand between the lamp and the page.
        position = rng.uniform(0.2, 0.8)
        band = np.abs((xx / out_w + yy / out_h) / 2.0 - position)
        light *= 1.0 - params.shadow * np.exp(-((band / 0.12) ** 2))
    arr *= light[:, :, None]
    arr = cv2.GaussianBlur(arr, (0, 0), params.blur_sigma)
    arr += rng.standard_normal(size=arr.shape[:2], dtype=np.float32)[:, :, None] * params.noise_sigma
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")


def photo_pdf_page(pdf: bytes, params: PhotoParams) -> Image.Image:
    """A phone photo of the first page of ``pdf``."""
    page = rasterise_pdf_page(pdf, dpi=200)
    return simulate_photo(page, params)


def rasterise_pdf_page(pdf: bytes, dpi: int, index: int = 0) -> Image.Image:
    """Render one page of a PDF to an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        bitmap = page.render(scale=dpi / 72.0)
        image = bitmap.to_pil().convert("RGB")
        bitmap.close()
        page.close()
        return image
    finally:
        document.close()


def encode_photo_jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG as a phone writes it: 72 dpi declared (meaningless), no timestamp."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(72, 72), optimize=False, subsampling=2)
    return buffer.getvalue()


def blank_page_like(image: Image.Image, params: ScanParams, page_index: int) -> Image.Image:
    """The blank back of a sheet, scanned with the same settings as its front."""
    blank = Image.new("RGB", image.size, (255, 255, 255))
    return simulate_scan(blank, params, page_index)
