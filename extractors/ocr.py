"""OCR: the ``OcrEngine`` protocol, Tesseract behind it, and orientation recovery.

An engine turns one grayscale page image into words with boxes in fractions
of *that* image, confidences in [0, 1] and line indices in reading order.
``ocr_upright`` wraps any engine: when a first pass looks bad it asks for the
page's orientation (Tesseract OSD), turns the page upright and reads it again.

Why ``OMP_THREAD_LIMIT=1``: Tesseract parallelises with OpenMP, whose threads
busy-wait. On our two-core machines a 300 dpi page took 5.2-5.8 s without the
limit and about 1 s with it (docs: /work/shared/STACK_NOTES.md). The pipeline
gets its parallelism from processes, one Tesseract per process, so each
Tesseract is told to use a single thread. ``os.environ.setdefault`` leaves an
operator's explicit choice alone; the variable is inherited by the tesseract
subprocess that pytesseract starts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np
import pytesseract  # type: ignore[import-untyped]

from extractors.page_geometry import looks_sideways, rotate_quadrant
from extractors.wordcheck import is_plausible_token
from models.document import Word
from models.errors import EngineInterrupted, UnreadableDocument

# Page segmentation mode, chosen by measurement (flattened grayscale input, Tesseract 5.3 fra):
#   sample_docs demo batch, 24 scanned files:   psm 4 CER 0.021 recall 0.977 1.19 s/page
#                                               psm 6 CER 0.018 recall 0.980 0.90 s/page
#                                               psm 11 CER 0.019 recall 0.980 0.98 s/page
#   4 test documents x 3 degradations x 300/200/150 dpi (36 pages):
#                                               psm 4 CER 0.022 recall 0.969 0.73 s/page
#                                               psm 6 CER 0.020 recall 0.961 0.60 s/page
#                                               psm 11 CER 0.022 recall 0.967 0.72 s/page
#   psm 3 (automatic layout) reads columns as separate blocks: CER 0.085 on the same scans.
# psm 6 (one uniform block) is as accurate and the fastest; like psm 4 it keeps a label and
# its value on one line, which the field extractors rely on (psm 11 splits them).
DEFAULT_PSM = 6
DEFAULT_OEM = 1  # LSTM only
# A first pass "looks bad" (try another orientation) under any of these.
MIN_WORDS = 5
MIN_MEAN_CONF = 0.55
MIN_PLAUSIBLE = 0.5
OSD_MIN_CONFIDENCE = 1.0  # Tesseract's orientation confidence; below, keep the page as is


def ensure_thread_limit() -> None:
    """Make Tesseract single-threaded unless the operator said otherwise (see module doc)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@runtime_checkable
class OcrEngine(Protocol):
    """Anything that reads words off a grayscale page image."""

    def ocr_page(self, gray: np.ndarray, dpi: int) -> list[Word]:
        """Words of the page, boxes in fractions of ``gray``, conf in [0, 1], line index set."""
        ...


@dataclass(frozen=True)
class Orientation:
    """What OSD says: rotate the image by ``rotate`` degrees clockwise to make it upright."""

    rotate: int
    confidence: float


@contextmanager
def _image_file(gray: np.ndarray) -> Iterator[str]:
    """Write the image as an uncompressed PGM in a private temporary folder (faster than PNG)."""
    folder = tempfile.mkdtemp(prefix="dossiercheck-ocr-")
    try:
        path = str(Path(folder) / "page.pgm")
        if not cv2.imwrite(path, gray):
            raise OSError(f"cannot write {path}")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def words_from_tesseract(data: dict[str, list], width: int, height: int) -> list[Word]:
    """Convert ``image_to_data`` output (Output.DICT) to ``Word`` objects.

    Empty words and entries with confidence -1 (blocks, paragraphs, lines)
    are dropped; the line index numbers (block, paragraph, line) triples in
    the order Tesseract reports them, which is its reading order.
    """
    words: list[Word] = []
    lines: dict[tuple[int, int, int], int] = {}
    width, height = max(width, 1), max(height, 1)
    for i, text in enumerate(data.get("text", [])):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            continue
        if not text or conf < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        line = lines.setdefault(key, len(lines))
        left, top = int(data["left"][i]), int(data["top"][i])
        right, bottom = left + int(data["width"][i]), top + int(data["height"][i])
        bbox = (
            min(max(left / width, 0.0), 1.0),
            min(max(top / height, 0.0), 1.0),
            min(max(right / width, 0.0), 1.0),
            min(max(bottom / height, 0.0), 1.0),
        )
        words.append(Word(text=text, bbox=bbox, conf=round(min(max(conf / 100.0, 0.0), 1.0), 4), line=line))
    return words


def _killed(error: BaseException) -> bool:
    """Tesseract ended on a signal (negative status: SIGKILL by the OOM killer, an operator)."""
    if isinstance(error, pytesseract.TesseractError):
        status = error.status
    elif isinstance(error, subprocess.CalledProcessError):
        status = error.returncode
    else:
        return False
    return isinstance(status, int) and status < 0


@contextmanager
def _interruptions_are_transient(what: str) -> Iterator[None]:
    """A Tesseract run killed by a signal becomes ``EngineInterrupted`` (the task retries it)."""
    try:
        yield
    except (pytesseract.TesseractError, subprocess.CalledProcessError) as error:
        if _killed(error):
            raise EngineInterrupted(f"Tesseract ({what}) was killed by a signal") from error
        raise


class TesseractEngine:
    """Tesseract 5 through pytesseract: ``image_to_data`` for words, ``image_to_osd`` for orientation."""

    name = "tesseract"

    def __init__(
        self,
        lang: str = "fra",
        psm: int = DEFAULT_PSM,
        timeout_s: float = 120,
        *,
        oem: int = DEFAULT_OEM,
        extra_config: str = "",
    ) -> None:
        self.lang = lang
        self.psm = psm
        self.timeout_s = timeout_s
        self.oem = oem
        self.extra_config = extra_config

    def __repr__(self) -> str:
        return f"TesseractEngine(lang={self.lang!r}, psm={self.psm}, oem={self.oem})"

    @property
    def version(self) -> str:
        """Tesseract's version, for provenance."""
        with _interruptions_are_transient("version"):
            return str(pytesseract.get_tesseract_version())

    def _config(self, dpi: int, psm: int) -> str:
        return f"--oem {self.oem} --psm {psm} --dpi {max(int(dpi), 70)} {self.extra_config}".strip()

    def ocr_page(self, gray: np.ndarray, dpi: int) -> list[Word]:
        """Read one page; raise ``UnreadableDocument`` when Tesseract times out."""
        ensure_thread_limit()
        height, width = gray.shape[:2]
        if width < 8 or height < 8:
            return []
        with _image_file(gray) as path, _interruptions_are_transient("text"):
            try:
                data = pytesseract.image_to_data(
                    path,
                    lang=self.lang,
                    config=self._config(dpi, self.psm),
                    output_type=pytesseract.Output.DICT,
                    timeout=self.timeout_s,
                )
            except RuntimeError as error:
                if "timeout" in str(error).lower():
                    raise UnreadableDocument(
                        f"Tesseract timed out after {self.timeout_s} s",
                        message_fr="La lecture (OCR) d'une page a dépassé le délai autorisé.",
                    ) from error
                raise
        return words_from_tesseract(data, width, height)

    def detect_orientation(self, gray: np.ndarray, dpi: int) -> Orientation | None:
        """Tesseract OSD (about 0.7 s a page); None when it cannot tell (too little text)."""
        ensure_thread_limit()
        with _image_file(gray) as path:
            try:
                text = pytesseract.image_to_osd(
                    path, config=f"--psm 0 --dpi {max(int(dpi), 70)}", timeout=self.timeout_s
                )
            except pytesseract.TesseractError as error:
                if _killed(error):
                    raise EngineInterrupted("Tesseract (orientation) was killed by a signal") from error
                return None  # "Too few characters", or an image OSD cannot use
            except RuntimeError as error:
                if "timeout" in str(error).lower():
                    return None
                raise
        rotate = re.search(r"Rotate:\s*(\d+)", text)
        confidence = re.search(r"Orientation confidence:\s*([\d.]+)", text)
        if not rotate:
            return None
        return Orientation(
            rotate=int(rotate.group(1)) % 360, confidence=float(confidence.group(1)) if confidence else 0.0
        )


class ScriptedOcrEngine:
    """A fake engine for unit tests of the code around OCR: returns scripted pages in turn.

    Never a substitute for the real end-to-end tests. ``pages`` is a list of
    word lists (one per call); ``calls`` records the image shapes it was given.
    """

    name = "scripted"

    def __init__(self, pages: Sequence[list[Word]] | None = None, *, repeat_last: bool = True) -> None:
        self.pages = list(pages or [])
        self.repeat_last = repeat_last
        self.calls: list[tuple[tuple[int, ...], int]] = []

    def ocr_page(self, gray: np.ndarray, dpi: int) -> list[Word]:
        """Return the next scripted page (the last one again when exhausted, or nothing)."""
        index = len(self.calls)
        self.calls.append((tuple(gray.shape), int(dpi)))
        if index < len(self.pages):
            return list(self.pages[index])
        if self.repeat_last and self.pages:
            return list(self.pages[-1])
        return []


# --------------------------------------------------------------------------- orientation


def mean_confidence(words: Sequence[Word]) -> float:
    """Mean word confidence in [0, 1] (0 for no words)."""
    return sum(w.conf for w in words) / len(words) if words else 0.0


def looks_bad(words: Sequence[Word]) -> bool:
    """Tell whether an OCR pass is suspicious enough to check the page's orientation.

    Few words, a low mean confidence, or a low share of plausible words
    (upside-down text reads as consonant soup).
    """
    if len(words) < MIN_WORDS:
        return True
    if mean_confidence(words) < MIN_MEAN_CONF:
        return True
    tokens = [w.text for w in words if len(w.text) >= 2]
    if not tokens:
        return True
    plausible = sum(is_plausible_token(t) for t in tokens) / len(tokens)
    return plausible < MIN_PLAUSIBLE


def reading_score(words: Sequence[Word]) -> float:
    """Sum of the confidences of plausible words: how much readable text a pass found."""
    return sum(w.conf for w in words if is_plausible_token(w.text))


@dataclass
class OcrOutcome:
    """Words of an upright page, the quarter-turn applied, and the upright image itself."""

    words: list[Word]
    rotation: int = 0  # degrees clockwise applied to the image given
    image: np.ndarray | None = None
    osd_checked: bool = False
    attempts: list[tuple[int, float]] = field(default_factory=list)  # (rotation, reading score)


OrientationDetector = Callable[[np.ndarray, int], Orientation | None]
# Given a first pass's words, the clockwise quarter-turn the page needs, or None when it cannot tell.
OrientationHint = Callable[[list[Word]], int | None]


def ocr_upright(
    engine: OcrEngine,
    gray: np.ndarray,
    dpi: int,
    *,
    detector: OrientationDetector | None = None,
    orientation_hint: OrientationHint | None = None,
) -> OcrOutcome:
    """OCR a page upright: orientation is checked only when there is reason to.

    * If the text lines look vertical (``page_geometry.looks_sideways``, a few ms),
      orientation is detected first and the page turned before reading;
    * otherwise the page is read as is, and only if that pass looks bad
      (``looks_bad``: upside down, or not text) is orientation detected, the
      page turned and read again; the better pass (``reading_score``) wins.

    The detector defaults to the engine's ``detect_orientation`` when it has
    one (Tesseract OSD, about 0.7-0.9 s). ``orientation_hint`` is asked
    before it when a pass looks bad (the structural MRZ reader: a valid MRZ
    tells which way up an identity document is, and its sparse printed text
    often looks bad upright); when it answers, OSD is not run. Boxes are
    fractions of the returned, upright ``image``; ``rotation`` is the
    clockwise quarter-turn applied.
    """
    detect = detector or getattr(engine, "detect_orientation", None)
    rotation, checked = 0, False
    if detect is not None and looks_sideways(gray):
        checked = True
        orientation = detect(gray, dpi)
        if (
            orientation is not None
            and orientation.rotate in (90, 270)
            and orientation.confidence >= OSD_MIN_CONFIDENCE
        ):
            rotation = orientation.rotate
    image = rotate_quadrant(gray, rotation)
    words = engine.ocr_page(image, dpi)
    outcome = OcrOutcome(words=words, rotation=rotation, image=image, osd_checked=checked)
    outcome.attempts.append((rotation, reading_score(words)))
    if checked or detect is None or not looks_bad(words):
        return outcome
    hinted = orientation_hint(words) if orientation_hint is not None else None
    if hinted is not None:
        turn = hinted % 360
    else:
        outcome.osd_checked = True
        orientation = detect(gray, dpi)
        if orientation is None or orientation.confidence < OSD_MIN_CONFIDENCE:
            return outcome
        turn = orientation.rotate % 360
    if turn == 0:
        return outcome
    turned = rotate_quadrant(gray, turn)
    retry = engine.ocr_page(turned, dpi)
    score = reading_score(retry)
    outcome.attempts.append((turn, score))
    if score > outcome.attempts[0][1]:
        return OcrOutcome(
            words=retry,
            rotation=turn,
            image=turned,
            osd_checked=outcome.osd_checked,
            attempts=outcome.attempts,
        )
    return outcome
