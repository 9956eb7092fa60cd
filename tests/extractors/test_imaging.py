from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from extractors.image_loading import load_image, to_grayscale
from extractors.ink import ink_mask
from extractors.page_cleanup import binarise, flatten_background, prepare_for_ocr
from extractors.page_geometry import deskew, estimate_skew, rotate, rotate_box, rotate_quadrant
from extractors.page_hash import hash_distance, perceptual_hash
from extractors.page_quality import measure_quality, measure_quality_detail
from extractors.page_resolution import estimate_dpi, estimate_text_height, normalise_dpi
from models.errors import CorruptFile, FileTooLarge
from tests.extractors.docfactory import SCAN, degrade, make_pdf, photograph, render, sample


@pytest.fixture(scope="module")
def page300() -> np.ndarray:
    return render(sample("attestation").pdf, 300)


@pytest.fixture(scope="module")
def bill300() -> np.ndarray:
    return render(sample("bill").pdf, 300)


def png_bytes(image: Image.Image, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **params)
    return buffer.getvalue()


# --------------------------------------------------------------------------- grayscale and loading


def test_to_grayscale_handles_colour_alpha_and_depths() -> None:
    bgr = np.zeros((4, 4, 3), np.uint8)
    bgr[..., 2] = 255  # red
    assert to_grayscale(bgr).shape == (4, 4)
    transparent = np.zeros((4, 4, 4), np.uint8)  # black but fully transparent
    assert (to_grayscale(transparent) == 255).all()
    deep = np.full((4, 4), 65535, np.uint16)
    assert (to_grayscale(deep) == 255).all()
    unit = np.full((4, 4), 0.5, np.float32)
    assert to_grayscale(unit)[0, 0] == 128
    with pytest.raises(ValueError):
        to_grayscale(np.zeros((2, 2, 2, 2)))


def test_png_with_alpha_is_composited_on_white() -> None:
    rgba = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    rgba.paste((0, 0, 0, 255), (10, 10, 20, 20))
    (frame,) = load_image(png_bytes(rgba), max_pages=5).frames
    assert frame.gray[0, 0] == 255 and frame.gray[15, 15] == 0


def test_palette_16bit_and_bilevel_images() -> None:
    palette = Image.new("P", (30, 30), 0)
    palette.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    palette.paste(1, (5, 5, 10, 10))
    gray = load_image(png_bytes(palette), max_pages=1).frames[0].gray
    assert gray[0, 0] == 255 and gray[7, 7] == 0
    deep = Image.fromarray(np.full((20, 20), 60000, np.uint16))
    gray = load_image(png_bytes(deep), max_pages=1).frames[0].gray
    assert gray.dtype == np.uint8 and 200 < gray[0, 0] <= 255
    bilevel = Image.new("1", (20, 20), 1)
    assert load_image(png_bytes(bilevel), max_pages=1).frames[0].gray[0, 0] == 255


def test_cmyk_jpeg_is_read() -> None:
    cmyk = Image.new("CMYK", (40, 30), (0, 0, 0, 0))  # white paper
    cmyk.paste((0, 0, 0, 255), (0, 0, 10, 10))  # black ink
    buffer = io.BytesIO()
    cmyk.save(buffer, format="JPEG", quality=95)
    gray = load_image(buffer.getvalue(), max_pages=1).frames[0].gray
    assert gray[25, 35] > 200 and gray[5, 5] < 60


def test_exif_orientation_is_applied_and_reported() -> None:
    image = Image.new("L", (60, 20), 255)  # landscape as stored
    image.paste(0, (0, 0, 10, 20))  # a black band on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[305] = "Camera firmware 1.0"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    loaded = load_image(buffer.getvalue(), max_pages=1)
    gray = loaded.frames[0].gray
    assert gray.shape == (60, 20)  # portrait as displayed
    assert gray[2, 10] < 60  # the band is now at the top
    assert loaded.metadata["exif_orientation"] == 6
    assert loaded.metadata["exif_software"] == "Camera firmware 1.0"


def test_multipage_tiff_gives_one_frame_per_page() -> None:
    pages = [Image.new("L", (30, 40), 255 - 60 * i) for i in range(3)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200))
    loaded = load_image(buffer.getvalue(), max_pages=5)
    assert [int(f.gray[0, 0]) for f in loaded.frames] == [255, 195, 135]
    assert loaded.frames[0].declared_dpi == pytest.approx(200)
    with pytest.raises(FileTooLarge):
        load_image(buffer.getvalue(), max_pages=2)


def test_damaged_images_are_corrupt() -> None:
    good = cv2.imencode(".jpg", render(sample("rib").pdf, 100))[1].tobytes()
    with pytest.raises(CorruptFile):
        load_image(good[: len(good) // 2], max_pages=1)
    junk_png = (
        b"\x89PNG\r\n\x1a\n" + np.random.default_rng(1).integers(0, 256, 3000, dtype=np.uint8).tobytes()
    )
    with pytest.raises(CorruptFile):
        load_image(junk_png, max_pages=1)


def test_pixel_bomb_is_too_large() -> None:
    big = png_bytes(Image.new("L", (3000, 3000), 255))
    with pytest.raises(FileTooLarge):
        load_image(big, max_pages=1, max_pixels=1_000_000)


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize("angle", [-4.0, -1.5, 0.8, 2.5])
def test_estimate_skew_finds_the_tilt(page300: np.ndarray, angle: float) -> None:
    tilted = degrade(page300, angle=angle, noise=5, paper=240, ink=30)
    assert estimate_skew(tilted) == pytest.approx(angle, abs=0.15)
    straightened = deskew(tilted)
    assert abs(estimate_skew(straightened)) <= 0.2


def test_clean_pages_are_not_rotated(page300: np.ndarray) -> None:
    assert abs(estimate_skew(page300)) <= 0.3
    assert deskew(page300) is page300
    assert deskew(page300, 0.2) is page300
    blank = np.full((500, 400), 255, np.uint8)
    assert estimate_skew(blank) == 0.0


def test_rotate_quadrant_is_clockwise() -> None:
    image = np.zeros((2, 3), np.uint8)
    image[0, 0] = 255  # top-left
    assert rotate_quadrant(image, 90)[0, 1] == 255  # top-right after a clockwise quarter turn
    assert rotate_quadrant(image, 0) is image
    assert rotate_quadrant(image, 180)[1, 2] == 255


def test_binarise_methods(page300: np.ndarray) -> None:
    scan = degrade(page300, **SCAN)
    for method in ("otsu", "adaptive"):
        result = binarise(scan, method)  # type: ignore[arg-type]
        assert set(np.unique(result)) <= {0, 255}
        assert 0.002 < (result == 0).mean() < 0.2
    assert binarise(scan, "none") is scan
    with pytest.raises(ValueError, match="valid"):
        binarise(scan, "sauvola")  # type: ignore[arg-type]


def test_flatten_background_removes_a_shadow(bill300: np.ndarray) -> None:
    shaded = degrade(bill300, shade=0.6, noise=4, paper=245, ink=40)
    assert ink_mask(shaded).mean() > 0.1  # global Otsu takes the shadow for ink
    flat = flatten_background(shaded, dpi=300)
    assert ink_mask(flat).mean() < 0.03
    assert estimate_text_height(flat) == pytest.approx(estimate_text_height(bill300), abs=3)


def test_normalise_dpi_upscales_small_text_only() -> None:
    small = render(sample("attestation").pdf, 150)
    upscaled, dpi = normalise_dpi(small, 150)
    assert dpi > 250 and upscaled.shape[0] > small.shape[0] * 1.8
    assert estimate_text_height(upscaled) == pytest.approx(26, abs=4)
    normal = render(sample("attestation").pdf, 300)
    same, dpi = normalise_dpi(normal, 300)
    assert same is normal and dpi == 300


def test_estimate_dpi_from_text_size() -> None:
    assert estimate_dpi(render(sample("attestation").pdf, 200)) == pytest.approx(200, rel=0.2)
    assert estimate_dpi(np.full((300, 300), 255, np.uint8)) is None


def test_prepare_for_ocr_outputs_a_straight_flat_page(page300: np.ndarray) -> None:
    scan = degrade(page300, **SCAN)
    prepared = prepare_for_ocr(scan, 300)
    assert prepared.skew == pytest.approx(SCAN["angle"], abs=0.15)
    assert prepared.dpi == 300
    assert abs(estimate_skew(prepared.image)) <= 0.2
    paper = np.median(prepared.image)
    assert paper >= 250 > np.median(scan)  # the grey paper became white; still grayscale
    assert len(np.unique(prepared.image)) > 2
    binary = prepare_for_ocr(scan, 300, binarisation="otsu")
    assert set(np.unique(binary.image)) <= {0, 255}


# --------------------------------------------------------------------------- quality


def test_quality_clean_blurred_blank(page300: np.ndarray) -> None:
    clean = measure_quality(page300, 300)
    assert clean.sharpness is not None and clean.sharpness > 2000
    assert not clean.blank
    assert clean.mean_grey is not None and clean.mean_grey > 245  # digital pages are very white…
    assert clean.dpi == 300
    blurred = measure_quality(degrade(page300, blur=3.0), 300)
    assert blurred.sharpness is not None and blurred.sharpness < 250
    assert not blurred.blank
    blank = measure_quality(degrade(np.full_like(page300, 255), noise=6, paper=238), 300)
    assert blank.blank
    assert blank.contrast is not None and blank.contrast < 10


def test_a_sparse_page_is_not_blank() -> None:
    one_line = render(make_pdf([(60, 80, 11, "Fait à Marseille, le 14/11/2026", False)]).pdf, 300)
    detail = measure_quality_detail(one_line, 300)
    assert not detail.quality.blank, detail


def test_a_dark_page_is_not_blank_and_has_low_mean_grey(page300: np.ndarray) -> None:
    dark = measure_quality(degrade(page300, paper=110, ink=15, noise=4), 300)
    assert not dark.blank
    assert dark.mean_grey is not None and dark.mean_grey < 120


# --------------------------------------------------------------------------- hashing


def test_perceptual_hash_is_stable_across_resolution_and_noise() -> None:
    pdf = sample("rib").pdf
    reference = perceptual_hash(render(pdf, 72))
    assert len(reference) == 64 and int(reference, 16) >= 0
    assert hash_distance(reference, perceptual_hash(render(pdf, 150))) <= 12
    noisy = degrade(render(pdf, 150), noise=8, paper=235, ink=35, jpeg_quality=70)
    assert hash_distance(reference, perceptual_hash(noisy)) <= 16
    other = perceptual_hash(render(sample("bill").pdf, 72))
    assert hash_distance(reference, other) >= 50


def test_rotate_box_follows_the_pixels() -> None:
    image = np.full((400, 300), 255, np.uint8)
    image[60:80, 40:100] = 0  # a "word" near the top-left corner
    box = (40 / 300, 60 / 400, 100 / 300, 80 / 400)
    for angle in (-3.0, 1.5, 4.0):
        turned = rotate(image, angle)
        ys, xs = np.nonzero(turned < 128)
        actual = (xs.min() / 300, ys.min() / 400, (xs.max() + 1) / 300, (ys.max() + 1) / 400)
        predicted = rotate_box(box, angle, 300, 400)
        assert predicted == pytest.approx(actual, abs=0.01)
    assert rotate_box(box, 0.0, 300, 400) == box


# --------------------------------------------------------------------------- photos


def _photo_of(page: np.ndarray, corners: list[tuple[float, float]], background: int = 70) -> np.ndarray:
    return photograph(page, corners, background)[0]


def test_rectify_page_cuts_a_photographed_sheet_out_of_its_background(page300: np.ndarray) -> None:
    from extractors.page_geometry import find_page_quad, rectify_page

    photo = _photo_of(page300, [(0.03, 0.02), (1.0, 0.0), (0.97, 1.0), (0.0, 0.98)])
    quad = find_page_quad(photo)
    assert quad is not None
    rectified = rectify_page(photo)
    sheet = rectified.image
    assert rectified.changed
    assert abs(sheet.shape[1] / sheet.shape[0] - page300.shape[1] / page300.shape[0]) < 0.05
    assert float(sheet[:10, :10].mean()) > 200  # paper in the corner, no table left


def test_rectify_page_leaves_scans_and_flat_images_alone(page300: np.ndarray) -> None:
    from extractors.page_geometry import rectify_page, unwarp_box

    scanned = degrade(page300, **SCAN)
    for image in (page300, scanned, np.full((400, 300), 128, np.uint8)):
        out = rectify_page(image)
        assert not out.changed and out.image is image
        assert unwarp_box((0.1, 0.2, 0.3, 0.4), out) == (0.1, 0.2, 0.3, 0.4)


def test_unwarp_box_maps_a_box_on_the_straightened_sheet_back_onto_the_photo(page300: np.ndarray) -> None:
    from extractors.page_geometry import rectify_page, unwarp_box

    page = np.full_like(page300, 255)
    page[400:520, 300:1100] = 0  # a dark bar where a line of text would be
    corners = [(0.05, 0.03), (1.0, 0.0), (0.95, 1.0), (0.0, 0.97)]
    photo = _photo_of(page, corners, background=150)
    rectified = rectify_page(photo)
    assert rectified.changed
    sheet = rectified.image
    ys, xs = np.nonzero(sheet < 100)
    on_sheet = (
        xs.min() / sheet.shape[1],
        ys.min() / sheet.shape[0],
        (xs.max() + 1) / sheet.shape[1],
        (ys.max() + 1) / sheet.shape[0],
    )
    ys, xs = np.nonzero(photo < 100)
    on_photo = (
        xs.min() / photo.shape[1],
        ys.min() / photo.shape[0],
        (xs.max() + 1) / photo.shape[1],
        (ys.max() + 1) / photo.shape[0],
    )
    assert unwarp_box(on_sheet, rectified) == pytest.approx(on_photo, abs=0.01)


def test_turn_box_follows_a_quarter_turn_of_the_pixels() -> None:
    from extractors.page_geometry import rotate_quadrant, turn_box

    image = np.full((400, 300), 255, np.uint8)
    image[60:80, 40:100] = 0
    box = (40 / 300, 60 / 400, 100 / 300, 80 / 400)
    for degrees in (0, 90, 180, 270):
        turned = rotate_quadrant(image, degrees)
        height, width = turned.shape
        ys, xs = np.nonzero(turned < 128)
        actual = (xs.min() / width, ys.min() / height, (xs.max() + 1) / width, (ys.max() + 1) / height)
        assert turn_box(box, degrees) == pytest.approx(actual, abs=1e-6)
        assert turn_box(turn_box(box, degrees), -degrees) == pytest.approx(box)


def test_a_photo_blurred_beyond_reading_is_measured_as_blur_not_as_a_blank_page() -> None:
    """The generator's "unreadable photo": no ink left, but the smudged text is still there."""
    import random

    from sample_docs.degrade import choose_photo_params, encode_photo_jpeg, rasterise_pdf_page, simulate_photo
    from sample_docs.generator import render_sample_document

    pdf, _ = render_sample_document("bank_details", 7, source="digital_pdf")
    params = choose_photo_params(random.Random(7), unreadable=True)
    photo = simulate_photo(rasterise_pdf_page(pdf, 200), params)
    gray = load_image(encode_photo_jpeg(photo, params.quality), max_pages=1).frames[0].gray
    quality = measure_quality(gray, 180)
    assert not quality.blank
    assert quality.sharpness is not None and quality.sharpness < 50
    # A white sheet with scanner noise stays blank.
    assert measure_quality(degrade(np.full((900, 700), 255, np.uint8), noise=6, paper=238), 200).blank


def test_denoise_removes_speckle_and_keeps_the_strokes(page300: np.ndarray) -> None:
    from extractors.page_cleanup import denoise

    noisy = degrade(page300, noise=12, blur=0.0, angle=0.0)
    clean = denoise(noisy)
    paper = page300 > 200
    assert float(clean[paper].std()) < 0.5 * float(noisy[paper].std())  # the paper is flat again
    ink = page300 < 80
    assert float(clean[ink].mean()) < 120  # strokes stay dark


def test_a_dark_band_is_inverted_and_dark_text_on_paper_is_not() -> None:
    from extractors.page_cleanup import invert_dark_bands

    page = np.full((1200, 900), 240, np.uint8)
    page[60:220, :] = 50  # a letterhead band, half an inch high at 300 dpi
    cv2.putText(page, "Edite le 06.11.26", (500, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 250, 3)
    cv2.putText(page, "ATTESTATION DE SITUATION", (60, 500), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 8)
    out = invert_dark_bands(page, dpi=300)
    assert out[100, 100] > 180  # the band is paper now
    assert out[130:160, 500:800].min() < 60  # and its text is ink
    assert np.array_equal(out[400:1200], page[400:1200])  # a bold title on paper is left alone


def test_a_sheet_that_fills_the_frame_but_a_band_is_not_cut() -> None:
    from extractors.page_geometry import find_page_quad

    photo = np.full((1400, 1000), 225, np.uint8)
    photo[:150, :] = 45  # the letterhead band along the top edge of a sheet that fills the frame
    cv2.putText(photo, "France Travail", (60, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 250, 3)
    assert find_page_quad(photo) is None
    table = np.full((1400, 1000), 40, np.uint8)
    table[150:1300, 120:880] = 225  # a sheet on a table: still cut out
    assert find_page_quad(table) is not None
