"""The document-type registry (CONTRACT.md §5 and §6).

One ``DocTypeSpec`` per ``DocType``: its French label, the fields its extractor
returns, and whether it can stand for a required piece. Unknown labels fail
loudly, listing the valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocType(StrEnum):
    """Document types of CONTRACT.md §5."""

    ID_CARD = "id_card"
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"
    PROOF_OF_ADDRESS = "proof_of_address"
    BANK_DETAILS = "bank_details"
    JOBSEEKER_CERTIFICATE = "jobseeker_certificate"
    TRAINING_QUOTE = "training_quote"
    TAX_NOTICE = "tax_notice"
    CV = "cv"
    OTHER = "other"

    @classmethod
    def parse(cls, label: str) -> DocType:
        """Return the DocType for ``label``; raise ValueError listing valid labels."""
        try:
            return cls(label)
        except ValueError:
            valid = ", ".join(t.value for t in cls)
            raise ValueError(f"unknown doc_type {label!r}; valid: {valid}") from None


IDENTITY_TYPES: frozenset[DocType] = frozenset({DocType.ID_CARD, DocType.PASSPORT, DocType.RESIDENCE_PERMIT})

IDENTITY_FIELDS = ("last_name", "first_names", "birth_date", "document_number", "expiry_date", "mrz")


@dataclass(frozen=True)
class DocTypeSpec:
    """What the pipeline knows about one document type."""

    doc_type: DocType
    label_fr: str
    fields: tuple[str, ...]


DOC_TYPES: dict[DocType, DocTypeSpec] = {
    spec.doc_type: spec
    for spec in (
        DocTypeSpec(DocType.ID_CARD, "Carte d'identité", IDENTITY_FIELDS),
        DocTypeSpec(DocType.PASSPORT, "Passeport", IDENTITY_FIELDS),
        DocTypeSpec(DocType.RESIDENCE_PERMIT, "Titre de séjour", IDENTITY_FIELDS),
        DocTypeSpec(
            DocType.PROOF_OF_ADDRESS,
            "Justificatif de domicile",
            ("holder_name", "address_line", "postal_code", "city", "issue_date", "issuer"),
        ),
        DocTypeSpec(DocType.BANK_DETAILS, "RIB", ("holder_name", "iban", "bic")),
        DocTypeSpec(
            DocType.JOBSEEKER_CERTIFICATE,
            "Attestation France Travail",
            ("last_name", "first_names", "france_travail_id", "registration_date", "issue_date"),
        ),
        DocTypeSpec(
            DocType.TRAINING_QUOTE,
            "Devis de formation",
            (
                "provider_name",
                "provider_siret",
                "training_title",
                "start_date",
                "end_date",
                "hours",
                "cost_eur",
                "issue_date",
            ),
        ),
        DocTypeSpec(
            DocType.TAX_NOTICE,
            "Avis d'imposition",
            ("last_name", "fiscal_number", "tax_reference", "reference_income", "tax_year"),
        ),
        DocTypeSpec(DocType.CV, "CV", ()),
        DocTypeSpec(DocType.OTHER, "Autre document", ()),
    )
}

# Field value kinds, for normalisation and storage.
DATE_FIELDS = frozenset(
    {"birth_date", "expiry_date", "issue_date", "registration_date", "start_date", "end_date"}
)
NUMBER_FIELDS = frozenset({"hours", "cost_eur", "reference_income", "tax_year"})
