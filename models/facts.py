"""What the rules see of one document: the pure input of ``validators``.

The flow builds one ``DocumentFacts`` per uploaded file from what reading,
classification and extraction produced, plus what only the database knows
(the other applications holding the same content).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from models.doctypes import DocType
from models.document import Extracted, PageQuality, TextSource
from models.reasons import Finding


class DocumentFacts(BaseModel):
    """One uploaded file, read, classified and extracted."""

    file: str
    sha256: str
    doc_type: DocType = DocType.OTHER
    confidence: float = 0.0
    # The types of its pages when the file seems to hold several documents (classifier).
    mixed_types: list[str] = Field(default_factory=list)
    # What decided the type (classifier): ``mrz: TD1 ID, check digits valid``, ``iban_bic: …``,
    # ``model: …`` (statistics), ``open_set: …`` (unlike every piece seen); "" when unknown.
    type_evidence: str = ""
    pages: int = 0
    text_source: TextSource = TextSource.NONE
    fields: dict[str, Extracted] = Field(default_factory=dict)
    page_quality: list[PageQuality] = Field(default_factory=list)
    # Findings raised while reading (FILE_UNREADABLE…): the document is not usable.
    read_findings: list[Finding] = Field(default_factory=list)
    # Human-readable signs of editing after issue (PDF producer, incremental saves…).
    tampering_signals: list[str] = Field(default_factory=list)
    # The clockwise quarter-turn (0, 90, 180, 270) that made each page upright:
    # field boxes are fractions of the upright page.
    page_rotations: list[int] = Field(default_factory=list)
    # Hashes of each page image after normalisation (see extractors), for duplicates.
    page_hashes: list[str] = Field(default_factory=list)
    # Other application ids in the database holding the same content (filled by the flow).
    duplicate_of: list[str] = Field(default_factory=list)
    # The document's 2D-Doc, parsed and verified (``extractors.twoddoc.certified``): raw message,
    # header, fields, ``signature`` (valid | invalid | unverifiable), certificate id; None without one.
    certified: dict[str, Any] | None = None
    # Seconds spent on this document per stage: ``read``, ``classify``, ``extract``, ``certify``.
    timings: dict[str, float] = Field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """False when the file could not be opened at all."""
        return not self.read_findings

    def value(self, name: str) -> str | int | float | None:
        """The normalised value of a field, or None when it was not found."""
        extracted = self.fields.get(name)
        return None if extracted is None else extracted.value
