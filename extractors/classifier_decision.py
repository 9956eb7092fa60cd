"""How the doc-type classifier settles on a type: hard evidence, the calibrated head, its checks.

``decide`` takes the head's calibrated probabilities, the open-set distances,
the hard evidence of ``extractors.type_evidence``, the types a multi-page
file's pages are confidently of, and the OCR's legibility, and returns a
``Decision``: the type, its confidence and the evidence for it. The caps
(``MIXED_CONFIDENCE_CAP``, ``OPEN_SET_CONFIDENCE_CAP``) are how a doubt is
said in a confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from models.doctypes import DocType

if TYPE_CHECKING:
    from extractors.type_evidence import TypeEvidence

MAX_CONFIDENCE = 0.9999  # a model's probability is never certainty
# A file of several pages whose pages are, each on its own, confidently of different
# types (other than "other") holds several documents: "ID card + RIB" merged into one
# PDF. The whole-file head, trained on one document per file, is sure of one of them
# (143 of 150 merged pairs at >= 0.9); the file's confidence is capped at a coin flip.
MIXED_PAGE_CONFIDENCE = 0.90
MIXED_CONFIDENCE_CAP = 0.5


# Open set: a document whose embedding is further from the centroid of the type the
# head chose than ``OPEN_SET_MARGIN`` times the furthest a document of an unseen family
# of that type came (leave-one-family-out) is unlike that type.
OPEN_SET_CONFIDENCE_CAP = 0.5
# A page OCR'd with a mean word confidence under this was not read well enough for wording
# to tell its type (the generated training images read at 81 or more, 1st percentile; real
# phone photos of identity documents at 24-70): without hard evidence, the type is a guess.
LEGIBLE_OCR_CONFIDENCE = 60.0


@dataclass(frozen=True)
class Decision:
    """The type, confidence and evidence ``decide`` settles on."""

    doc_type: str
    confidence: float
    evidence: str


def decide(
    labels: list[str],
    probs: np.ndarray,
    distances: np.ndarray | None,
    limits: np.ndarray | None,
    evidence: TypeEvidence | None,
    mixed_types: list[str] | None = None,
    *,
    defined: Callable[[str], bool] | None = None,
    read_confidence: float | None = None,
) -> Decision:
    """Hard evidence first, then the calibrated head, checked by what defines a piece and the open set.

    1. A file whose pages are confidently of several types holds several
       documents: whatever else is said, its confidence is capped at
       ``MIXED_CONFIDENCE_CAP``.
    2. Hard evidence (``extractors.type_evidence``) decides the type, at the
       confidence it justifies or the head's if higher. Contestable evidence
       (an IBAN with a bank header, a SIRET with training words, MRZ-shaped
       lines) that the head contradicts at ``MIXED_PAGE_CONFIDENCE`` or more
       gives its type at ``OPEN_SET_CONFIDENCE_CAP``: a person looks.
    3. Otherwise the head's most probable label, checked three ways:
       * read too poorly (mean OCR confidence under ``LEGIBLE_OCR_CONFIDENCE``):
         the label stays, its confidence is capped at ``OPEN_SET_CONFIDENCE_CAP``;
       * a piece none of whose definition's words (``defined(label)``, see
         ``extractors.type_evidence.DEFINITIONS``) is in the text is not that
         piece: ``other``, capped;
       * a piece whose embedding is further from the piece's centroid than its
         limit is unlike every document of that piece seen: ``other``, capped.
    """
    best = int(np.argmax(probs))
    label, confidence = labels[best], min(float(probs[best]), MAX_CONFIDENCE)
    capped = min(OPEN_SET_CONFIDENCE_CAP, confidence)
    is_piece = label != DocType.OTHER.value
    if evidence is not None:
        wanted = evidence.doc_type.value
        own = float(probs[labels.index(wanted)]) if wanted in labels else 0.0
        if evidence.contestable and label != wanted and confidence >= MIXED_PAGE_CONFIDENCE:
            result = Decision(
                wanted,
                OPEN_SET_CONFIDENCE_CAP,
                f"{evidence.description}; contradicted by the text model ({label} {confidence:.2f})",
            )
        else:
            result = Decision(wanted, min(max(evidence.strength, own), MAX_CONFIDENCE), evidence.description)
    elif read_confidence is not None and read_confidence < LEGIBLE_OCR_CONFIDENCE:
        result = Decision(
            label,
            capped,
            f"illegible: OCR confidence {read_confidence:.0f} < {LEGIBLE_OCR_CONFIDENCE:.0f}, "
            "no hard evidence",
        )
    elif is_piece and defined is not None and not defined(label):
        result = Decision(DocType.OTHER.value, capped, f"definition: none of the words that define {label}")
    elif is_piece and distances is not None and limits is not None and distances[best] > limits[best]:
        result = Decision(
            DocType.OTHER.value,
            capped,
            f"open_set: unlike every {label} seen (distance {distances[best]:.1f} > {limits[best]:.1f})",
        )
    else:
        result = Decision(label, confidence, "model: text embedding and cues")
    if mixed_types:
        result = Decision(
            result.doc_type,
            min(result.confidence, MIXED_CONFIDENCE_CAP),
            f"mixed_pages: {', '.join(mixed_types)}; {result.evidence}",
        )
    return result
