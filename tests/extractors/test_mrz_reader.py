"""The structural MRZ reader: zone finding, glyph classification and format-aware decoding.

Real files: identity documents rendered by ``sample_docs`` (scans and
photos), turned and tilted with OpenCV; the shipped glyph model. The
decoder's repair policy is also tested on hand-made probability tables,
where the ambiguity that must stop a repair can be set up exactly.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.image_loading import load_image
from extractors.mrz_alphabets import format_masks
from extractors.mrz_glyphs import ALPHABET, default_classifier
from extractors.mrz_reader import _read_lines, read_zone_mrz
from extractors.mrz_zone import find_zones
from extractors.read import mrz_upright_turn
from models.mrz import parse_mrz
from sample_docs.generator import render_sample_document

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


def _probs(lines: list[str], sure: float = 0.97) -> list[np.ndarray]:
    """A classifier's output that read ``lines`` with probability ``sure`` per character."""
    out = []
    for line in lines:
        p = np.full((len(line), len(ALPHABET)), (1 - sure) / (len(ALPHABET) - 1), dtype=np.float32)
        for i, c in enumerate(line):
            p[i, ALPHABET.index(c)] = sure
        out.append(p)
    return out


def _set(probs: list[np.ndarray], line: int, col: int, weights: dict[str, float]) -> None:
    row = np.full(len(ALPHABET), 0.001, dtype=np.float32)
    for c, w in weights.items():
        row[ALPHABET.index(c)] = w
    probs[line][col] = row / row.sum()


def test_masks_allow_only_each_positions_class() -> None:
    mask = format_masks("TD3")
    assert mask.shape == (88, len(ALPHABET))
    birth = 44 + 13  # line 2, birth date
    assert not mask[birth, ALPHABET.index("O")] and mask[birth, ALPHABET.index("0")]
    assert not mask[5, ALPHABET.index("0")] and mask[5, ALPHABET.index("O")]  # name position


def test_a_clean_reading_decodes_as_is() -> None:
    result = _read_lines(_probs(TD3), "TD3", None)
    assert result is not None
    text, mrz, confidence, changes, ambiguous = result
    assert text == "".join(TD3) and mrz is not None and mrz.valid and changes == 0 and not ambiguous


def test_position_classes_fix_a_letter_read_in_a_date() -> None:
    probs = _probs(TD3)
    _set(probs, 1, 15, {"O": 0.7, "0": 0.25})  # the "0" of the birth date 740812 read as O
    result = _read_lines(probs, "TD3", None)
    assert result is not None and result[0] == "".join(TD3) and result[1] is not None and result[1].valid


def test_a_unique_check_guided_repair_is_made() -> None:
    probs = _probs(TD3)
    # document number "L898902C3": the "C" read as "G" (a letter for a letter: classes cannot help)
    _set(probs, 1, 7, {"G": 0.7, "C": 0.2})
    result = _read_lines(probs, "TD3", None)
    assert result is not None
    text, mrz, _, changes, ambiguous = result
    assert text == "".join(TD3) and mrz is not None and mrz.valid and changes == 1 and not ambiguous


def _two_way_ambiguity() -> tuple[str, int, str, int, str]:
    """A misread TD1 line 1 that one change at ``c`` *or* another at ``c2`` makes valid.

    Returns (wrong line, c, true char at c, c2, the other valid char at c2).
    """
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    true = TD1[0]
    for c in range(5, 14):
        for wrong_char in chars:
            if wrong_char == true[c]:
                continue
            wrong = true[:c] + wrong_char + true[c + 1 :]
            for c2 in range(5, 14):
                if c2 == c:
                    continue
                for alt in chars:
                    if alt == wrong[c2]:
                        continue
                    other = wrong[:c2] + alt + wrong[c2 + 1 :]
                    mrz = parse_mrz("\n".join([other, TD1[1], TD1[2]]))
                    if mrz is not None and mrz.valid:
                        return wrong, c, true[c], c2, alt
    raise AssertionError("no ambiguity found")


def test_no_repair_when_two_readings_would_be_valid() -> None:
    wrong, c, true_char, c2, alt = _two_way_ambiguity()
    probs = _probs([wrong, TD1[1], TD1[2]])
    _set(probs, 0, c, {wrong[c]: 0.6, true_char: 0.35})  # the truth close behind
    _set(probs, 0, c2, {wrong[c2]: 0.6, alt: 0.35})  # and another change as plausible
    result = _read_lines(probs, "TD1", None)
    assert result is not None
    text, mrz, _, changes, ambiguous = result
    assert ambiguous and changes == 0 and text.startswith(wrong)
    assert mrz is not None and not mrz.valid  # reported as read, invalid: a person looks


def test_the_same_misreading_is_repaired_when_only_the_truth_is_plausible() -> None:
    wrong, c, true_char, _, _ = _two_way_ambiguity()
    probs = _probs([wrong, TD1[1], TD1[2]], sure=0.999)
    _set(probs, 0, c, {wrong[c]: 0.6, true_char: 0.35})
    result = _read_lines(probs, "TD1", None)
    assert result is not None
    text, mrz, _, changes, ambiguous = result
    # other single changes may still reach validity through the usual confusions: then none is chosen
    if ambiguous:
        assert mrz is not None and not mrz.valid
    else:
        assert text == "".join(TD1) and changes == 1


def test_an_invalid_mrz_stays_invalid_when_nothing_explains_it() -> None:
    lines = list(TD3)
    lines[1] = lines[1][:-1] + "7"  # a wrong composite, printed so
    result = _read_lines(_probs(lines, sure=0.999), "TD3", None)
    assert result is not None
    text, mrz, _, changes, _ = result
    assert text == "".join(lines) and mrz is not None and not mrz.valid and changes == 0


# ------------------------------------------------------------------ real generated images


def _gray(data: bytes) -> np.ndarray:
    return load_image(data, max_pages=2).frames[0].gray


@pytest.fixture(scope="module")
def identity_scan() -> tuple[np.ndarray, str]:
    data, truth = render_sample_document("identity", 11, source="scan_image")
    return _gray(data), truth["fields"]["mrz"]


def test_zone_is_found_on_a_scan_with_its_lines(identity_scan: tuple[np.ndarray, str]) -> None:
    gray, mrz = identity_scan
    zones = find_zones(gray)
    assert zones
    lengths = {len(line) for line in mrz.split("\n")}
    assert any(len(z.lines) >= len(mrz.split("\n")) for z in zones)
    assert any(abs(line.cells - max(lengths)) <= 3 for z in zones for line in z.lines)


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_generated_scans_read_exactly(seed: int) -> None:
    data, truth = render_sample_document("identity", seed, source="scan_image")
    reading = read_zone_mrz(_gray(data), classifier=default_classifier())
    assert reading is not None and reading.valid
    assert reading.text == truth["fields"]["mrz"]


@pytest.mark.parametrize(
    ("turn", "back"),
    [(cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_180, 180), (cv2.ROTATE_90_COUNTERCLOCKWISE, 90)],
)
def test_quarter_turns_read_exactly(identity_scan: tuple[np.ndarray, str], turn: int, back: int) -> None:
    gray, mrz = identity_scan
    reading = read_zone_mrz(cv2.rotate(gray, turn))
    assert reading is not None and reading.text == mrz
    # the zone's corners tell the clockwise turn that puts the page upright again (no OSD needed)
    assert mrz_upright_turn(reading.quad) == back


def test_an_upright_mrz_needs_no_turn(identity_scan: tuple[np.ndarray, str]) -> None:
    reading = read_zone_mrz(identity_scan[0])
    assert reading is not None and mrz_upright_turn(reading.quad) == 0


@pytest.mark.parametrize("angle", [-27.0, 14.0, 38.0])
def test_tilted_scans_read_exactly(identity_scan: tuple[np.ndarray, str], angle: float) -> None:
    gray, mrz = identity_scan
    h, w = gray.shape
    side = int(np.hypot(h, w))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += ((side - w) / 2, (side - h) / 2)
    tilted = cv2.warpAffine(gray, matrix, (side, side), borderValue=200)
    reading = read_zone_mrz(tilted)
    assert reading is not None and reading.text == mrz
    x0, y0, x1, y1 = reading.bbox
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_a_page_without_mrz_gives_nothing() -> None:
    data, _ = render_sample_document("bank_details", 3, source="scan_image")
    reading = read_zone_mrz(_gray(data))
    assert reading is None or (not reading.valid and reading.confidence < 0.85)


# ------------------------------------------------------------------ the pipeline's hooks


@pytest.mark.slow
def test_reading_an_identity_scan_stores_the_zone_reading() -> None:
    from extractors.read import read_document

    data, truth = render_sample_document("identity", 21, source="scan_image")
    document = read_document(data, "id.jpg")
    zone = document.metadata["mrz_zone"]
    assert zone["valid"] and "\n".join(zone["lines"]) == truth["fields"]["mrz"]
    assert zone["format"] in ("TD1", "TD3", "FR_ID") and all(zone["checks"].values())
    x0, y0, x1, y1 = zone["bbox"]
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_a_settled_zone_reading_spares_the_band_reread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid zone reading whose names the page prints: Tesseract does not read the band again."""
    from extractors import read as read_module
    from extractors.mrz import read_mrz, zone_settles_mrz

    rereads: list[int] = []
    real = read_module.reread_mrz_band

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        rereads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(read_module, "reread_mrz_band", counted)
    data, truth = render_sample_document("identity", 21, source="scan_image")
    document = read_module.read_document(data, "id.jpg")
    zone, words = document.metadata["mrz_zone"], document.pages[0].words
    assert zone_settles_mrz(zone, words)
    assert rereads == []
    reading = read_mrz(document)
    assert reading is not None and reading.text == truth["fields"]["mrz"]

    # A name the page does not print, an ambiguous or an invalid reading: the band is re-read.
    surname = parse_mrz("\n".join(zone["lines"])).surname.split()[0]
    renamed = [line.replace(surname, "Q" * len(surname), 1) for line in zone["lines"]]
    assert parse_mrz("\n".join(renamed)).valid  # names have no check digit
    assert not zone_settles_mrz({**zone, "lines": renamed}, words)
    assert not zone_settles_mrz({**zone, "ambiguous": True}, words)
    assert not zone_settles_mrz({**zone, "valid": False}, words)
    assert not zone_settles_mrz(None, words)


@pytest.mark.slow
def test_a_sideways_identity_scan_is_typed_and_read_by_its_mrz() -> None:
    from extractors.analyse import analyse_document
    from extractors.classifiers import default_classifier
    from flows.inspection import mrz_report

    data, truth = render_sample_document("identity", 22, source="scan_image", image_format="png")
    gray = _gray(data)
    ok, encoded = cv2.imencode(".png", cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE))
    assert ok
    facts = analyse_document(encoded.tobytes(), "scan.png", classifier=default_classifier())
    assert facts.doc_type.value == truth["doc_type"]
    assert facts.value("mrz") == truth["fields"]["mrz"]
    report = mrz_report(facts)
    assert report is not None and report["valid"] and report["lines"] == truth["fields"]["mrz"].split("\n")
    assert report["format"] and all(report["checks"].values()) and report["box"] is not None
