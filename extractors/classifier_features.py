"""The features the transformers doc-type classifier sees: a text embedding and cheap cues.

``FeatureBuilder`` puts side by side the encoder's chunked, mean-pooled,
L2-normalised embedding of a document's text (``extractors.embedding``) and
cheap cues the text model sees badly (``CUE_NAMES``, ``cue_features``): an MRZ
located and parsed by ``extractors.mrz.read_mrz`` and which kind of document
its code names, an IBAN-shaped string and whether its check digits hold, a
SIRET-shaped number and whether its Luhn key holds, the first page's aspect
ratio and orientation, the number of pages, the amount of text and whether
there is almost none, and the keyword baseline's evidence per type.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from stdnum import iban as stdnum_iban
from stdnum.fr import siret as stdnum_siret

from extractors.embedding import Encoder
from models.doctypes import DocType
from models.document import Document

CUE_NAMES = (
    "mrz_present",
    "mrz_passport",
    "mrz_id_card",
    "mrz_residence_permit",
    "iban_like",
    "iban_valid",
    "siret_like",
    "siret_valid",
    "page_aspect",
    "landscape",
    "log_pages",
    "log_chars",
    "almost_no_text",
    # French-aware cues: the keyword baseline's evidence per type (log of its raw score),
    # vocabulary an English encoder reads badly (« attestation d'inscription », « kWh »).
    *(f"kw_{t.value}" for t in DocType),
)


_IBAN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Z0-9])")
_SIRET = re.compile(r"(?<!\d)(\d{3} ?\d{3} ?\d{3} ?\d{5})(?!\d)")


def _iban_ok(candidate: str) -> bool:
    """ISO 13616 mod-97 of an IBAN-shaped string (python-stdnum; any country)."""
    return stdnum_iban.is_valid(candidate.replace(" ", ""), check_country=False)


def _siret_ok(candidate: str) -> bool:
    """Luhn key of a SIRET-shaped number, La Poste's establishments included (python-stdnum)."""
    return stdnum_siret.is_valid(candidate.replace(" ", ""))


def cue_features(document: Document) -> np.ndarray:
    """The cheap cues of ``CUE_NAMES`` for one document, as floats."""
    from extractors.classify import mrz_type  # local: classify imports this module lazily too

    text = document.text
    upper = re.sub(r"[ \t]+", " ", text.upper())
    mrz_code: DocType | None = None
    mrz_present = 0.0
    if text.count("<") >= 4:
        from extractors.mrz import read_mrz

        reading = read_mrz(document)
        if reading is not None and reading.mrz is not None:
            mrz_present = 1.0
            mrz_code = mrz_type(reading.mrz.document_code)
    ibans = _IBAN.findall(upper)
    sirets = _SIRET.findall(upper)
    first = document.pages[0] if document.pages else None
    aspect = (first.width / first.height) if first is not None and first.height else 0.0
    chars = len(re.sub(r"\s+", "", text))
    values = {
        "mrz_present": mrz_present,
        "mrz_passport": float(mrz_code == DocType.PASSPORT),
        "mrz_id_card": float(mrz_code == DocType.ID_CARD),
        "mrz_residence_permit": float(mrz_code == DocType.RESIDENCE_PERMIT),
        "iban_like": float(bool(ibans)),
        "iban_valid": float(any(_iban_ok(c) for c in ibans)),
        "siret_like": float(bool(sirets)),
        "siret_valid": float(any(_siret_ok(c) for c in sirets)),
        "page_aspect": min(aspect, 3.0),
        "landscape": float(aspect > 1.05),
        "log_pages": math.log1p(len(document.pages)),
        "log_chars": math.log1p(chars) / 8.0,
        "almost_no_text": float(chars < 40),
    }
    from extractors.classify import KeywordClassifier

    scores = KeywordClassifier().evidence(document).scores
    for doc_type, score in scores.items():
        values[f"kw_{doc_type.value}"] = math.log1p(max(score, 0.0))
    return np.array([values[name] for name in CUE_NAMES], dtype=np.float32)


@dataclass
class FeatureBuilder:
    """Embedding and cues of documents, side by side (embedding first)."""

    encoder: Encoder

    def features(self, documents: list[Document]) -> np.ndarray:
        """One row per document: ``[embedding | cues]``."""
        if not documents:
            return np.zeros((0, self.encoder.dim + len(CUE_NAMES)), dtype=np.float32)
        embeddings = self.encoder.embed([d.text for d in documents])
        cues = np.stack([cue_features(d) for d in documents])
        return np.hstack([embeddings, cues]).astype(np.float32)
