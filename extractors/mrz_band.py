"""Re-reading the MRZ band of an identity document with the MRZ alphabet only.

Tesseract's French model reads the OCR-B band of a passport or an identity
card poorly (``<<`` as ``ererer``, inserted characters). Cropping the band
and reading it again with a whitelist of ``A–Z 0–9 <`` fixed 4 of the 4 MRZs
the general pass got wrong on the demo batch, for about 0.2 s per document
that has an MRZ. The remaining slips (a dropped trailing ``<``, ``0`` for
``O`` in a name) are what ``extractors.mrz`` repairs.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from extractors.mrz import read_mrz
from extractors.ocr import OcrEngine, TesseractEngine, mean_confidence
from extractors.page_cleanup import binarise
from extractors.type_evidence import fold
from models.document import Document, FileKind, Page, TextSource, Word

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
MIN_MRZ_LINE = 25  # the shortest MRZ line (TD1) has 30 characters
MIN_BAND_LINE = 12  # a line of the band read short (trailing fillers dropped) still counts


def _line_texts(words: list[Word]) -> dict[int, str]:
    texts: dict[int, list[Word]] = {}
    for word in words:
        texts.setdefault(word.line, []).append(word)
    return {line: "".join(w.text for w in sorted(ws, key=lambda w: w.bbox[0])) for line, ws in texts.items()}


def looks_like_mrz(text: str) -> bool:
    """A long line mostly of MRZ characters with a filler run."""
    compact = text.replace(" ", "").upper()  # OCR reads fillers as "ererer" too
    if len(compact) < MIN_MRZ_LINE - 5 or "<<" not in compact:
        return False
    return sum(c in MRZ_ALPHABET for c in compact) / len(compact) >= 0.8


# Words an identity document of any country shows beside its MRZ (folded: lower case, no
# accents), and the MRZ's filler. See ``may_hold_mrz``. Words that other pieces print too
# are left out: « identifiant » (a France Travail certificate), « relevé d'identité bancaire »
# (a RIB), « date de naissance » (a certificate, a tax notice). Measured: before, 9 of the 17
# pages searched on a generated batch of 8 dossiers were bills, RIBs and certificates.
# « résidence » alone is an address word (« Résidence Les Pins », on 3 of 9 bills, RIBs and
# certificates searched on a generated batch): only a residence permit's or card's title counts.
# A lone « < » stays a sign: on shared/realdocs, OCR reads real MRZs' fillers one at a time among
# other characters, and asking for « << » lost 2 of 8 MRZs there (none on generated documents).
IDENTITY_SIGNS = re.compile(
    r"identit[eya]|identidad|passe?port|pasaporte|passaporto|reisepass|titre de sejour"
    r"|residen\w* (?:permit|card)|(?:carte|titre|tarjeta|permiso|autorizacion) de residen"
    r"|permesso di soggiorno|aufenthalt|ausweis|nationalit|staatsangeh|surname|given name"
    r"|date of birth|<"
)
# Phrases of other pieces that the identity signs would match: removed before the search.
NOT_IDENTITY = re.compile(r"identite bancaire|identites? bancaires?|bank identity|ident\w* du compte")
# A page OCR read this many words of, with no identity sign, is not searched for an MRZ.
MIN_WORDS_WITHOUT_SIGN = 60


def may_hold_mrz(words: list[Word]) -> bool:
    """Whether a page's OCR leaves room for an MRZ: the structural reader is then run on it.

    The structural reader (``extractors.mrz_reader``) costs about 0.6 s of CPU
    a page; most OCR'd pages are bills, statements and quotes. A page is
    skipped only when OCR read it well (``MIN_WORDS_WITHOUT_SIGN`` words or
    more) and it shows no MRZ line (``_mrz_line``) and none of the
    ``IDENTITY_SIGNS`` (the MRZ's filler « < » is one). A page OCR could barely read (a blurred photo of a
    card) is always searched: its MRZ may be all the evidence there is.
    """
    if len(words) < MIN_WORDS_WITHOUT_SIGN:
        return True
    return any(_mrz_line(text) for text in _line_texts(words).values()) or shows_identity_signs(words)


def _mrz_line(text: str) -> bool:
    """An OCR line that reads as an MRZ line: 25+ characters, 95 % of the MRZ alphabet.

    Upper case as printed: running text is not an MRZ line. No filler is
    asked for: OCR often reads them as other letters. (Headings in capitals
    and IBANs pass too; asking for a « < » lost 2 of 8 real MRZs.)
    """
    compact = text.replace(" ", "")
    if len(compact) < MIN_MRZ_LINE:
        return False
    return sum(c in MRZ_ALPHABET for c in compact) / len(compact) >= 0.95


def shows_identity_signs(words: list[Word]) -> bool:
    """Whether a page shows a word of an identity document (``IDENTITY_SIGNS``) or an MRZ filler."""
    text = NOT_IDENTITY.sub(" ", fold(" ".join(w.text for w in words)))
    return IDENTITY_SIGNS.search(text) is not None


def mrz_engine_for(engine: OcrEngine) -> TesseractEngine | None:
    """A whitelisted engine when the page engine is Tesseract; None for scripted engines."""
    if not isinstance(engine, TesseractEngine):
        return None
    return TesseractEngine(
        lang="eng",
        psm=6,
        timeout_s=engine.timeout_s,
        extra_config=f"-c tessedit_char_whitelist={MRZ_ALPHABET}",
    )


def _reading_key(words: list[Word]) -> tuple[int, int, float] | None:
    """How good the MRZ in ``words`` is: (valid, -repairs, confidence); None if there is none.

    Repairs count substitutions, and twice each line whose length had to be fixed.
    """
    page = Page(number=1, width=1.0, height=1.0, source=TextSource.OCR, words=words)
    reading = read_mrz(Document(file="", sha256="", kind=FileKind.PNG, pages=[page]))
    if reading is None or reading.mrz is None:
        return None
    # A line read at its full length beats one padded with fillers (a dropped "0" padded as "<").
    resized = sum(
        len(raw) != len(text)
        for raw, text in zip(reading.raw.split("\n"), reading.text.split("\n"), strict=False)
    )
    return (int(reading.mrz.valid), -(reading.substitutions + 2 * resized), reading.confidence)


def _attempt_images(crop: np.ndarray) -> list[np.ndarray]:
    """The band as given, then binarised (Otsu), then enlarged 1.5×: each a fresh chance."""
    enlarged = cv2.resize(crop, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    return [crop, binarise(crop, "otsu"), enlarged]


def _band_lines(reread: list[Word], top: float, span: float, first_line: int) -> list[Word]:
    """Whitelisted words of the band → one word per long line, boxes in page fractions."""
    lines: dict[int, list[Word]] = {}
    for word in reread:
        lines.setdefault(word.line, []).append(word)
    out: list[Word] = []
    long_lines = [
        sorted(ws, key=lambda w: w.bbox[0])
        for _, ws in sorted(lines.items())
        if len("".join(w.text for w in ws)) >= MIN_BAND_LINE
    ]
    if not any(len("".join(w.text for w in ws)) >= MIN_MRZ_LINE for ws in long_lines):
        return []
    for offset, line_words in enumerate(long_lines):
        out.append(
            Word(
                text="".join(w.text for w in line_words),
                bbox=(
                    min(w.bbox[0] for w in line_words),
                    top + min(w.bbox[1] for w in line_words) * span,
                    max(w.bbox[2] for w in line_words),
                    top + max(w.bbox[3] for w in line_words) * span,
                ),
                conf=mean_confidence(line_words),
                line=first_line + offset,
            )
        )
    return out


def reread_mrz_band(image: np.ndarray, words: list[Word], engine: OcrEngine, dpi: int) -> list[Word]:
    """Replace the words of the MRZ band by the best whitelisted reading of it.

    ``words`` have boxes in fractions of ``image``; the result too. The band
    (the MRZ-looking lines, a line and a half of margin above, two below) is
    read with the MRZ alphabet, as it is, then binarised, then enlarged,
    until a reading gives an MRZ whose every check digit holds without
    repair. The page's own reading competes too: the reading kept is the
    one whose MRZ is valid, then needs the fewest repairs
    (``extractors.mrz.read_mrz`` judges). Pages without an MRZ-looking line
    are returned unchanged.
    """
    mrz_engine = mrz_engine_for(engine)
    candidates = {line for line, text in _line_texts(words).items() if looks_like_mrz(text)}
    if mrz_engine is None or not candidates:
        return words
    band = [w for w in words if w.line in candidates]
    y0, y1 = min(w.bbox[1] for w in band), max(w.bbox[3] for w in band)
    # Margins: a first or last MRZ line the first pass could not recognise as
    # such (no filler read) still falls in the band.
    line_height = float(np.median([w.bbox[3] - w.bbox[1] for w in band]))
    top, bottom = max(0.0, y0 - 1.5 * line_height), min(1.0, y1 + 2 * line_height)
    height = image.shape[0]
    crop = image[int(top * height) : int(np.ceil(bottom * height)), :]
    if crop.size == 0:
        return words
    span = bottom - top
    kept = [w for w in words if not (top <= (w.bbox[1] + w.bbox[3]) / 2 <= bottom)]
    next_line = max((w.line for w in words), default=-1) + 1
    best_words, best_key = words, _reading_key(words)
    for attempt in _attempt_images(crop):
        if best_key is not None and best_key[:2] == (1, 0):
            break  # valid as read: nothing left to gain
        lines = _band_lines(mrz_engine.ocr_page(attempt, dpi), top, span, next_line)
        if len(lines) < 2:
            continue
        candidate = kept + lines
        key = _reading_key(candidate)
        if key is not None and (best_key is None or key > best_key):
            best_words, best_key = candidate, key
    return best_words
