"""Field extraction per document type (CONTRACT.md §6): ``extract_fields(document, doc_type)``.

One module per type family, each with ``extract_<type>(document, claims) ->
dict[str, Extracted]``; ``EXTRACTORS`` maps every DocType to its extractor
(types without fields map to an extractor returning ``{}``). A field not found
is absent from the result.

``claims`` (``models.claims.Claims``, from the application form) makes each
extractor look for the form's values first, in any format
(``extractors.fields.claims``); without it (``inspect`` on a lone file) the
fields are read from their labels only.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.fields.address import extract_address
from extractors.fields.bank import extract_bank
from extractors.fields.identity import extract_identity
from extractors.fields.jobseeker import extract_jobseeker
from extractors.fields.quote import extract_quote
from extractors.fields.tax import extract_tax
from models.claims import Claims
from models.doctypes import DOC_TYPES, DocType
from models.document import Document, Extracted

FieldExtractor = Callable[[Document, Claims | None], dict[str, Extracted]]


def extract_nothing(document: Document, claims: Claims | None = None) -> dict[str, Extracted]:
    """Types without fields (cv, other)."""
    return {}


EXTRACTORS: dict[DocType, FieldExtractor] = {
    DocType.ID_CARD: extract_identity,
    DocType.PASSPORT: extract_identity,
    DocType.RESIDENCE_PERMIT: extract_identity,
    DocType.PROOF_OF_ADDRESS: extract_address,
    DocType.BANK_DETAILS: extract_bank,
    DocType.JOBSEEKER_CERTIFICATE: extract_jobseeker,
    DocType.TRAINING_QUOTE: extract_quote,
    DocType.TAX_NOTICE: extract_tax,
    DocType.CV: extract_nothing,
    DocType.OTHER: extract_nothing,
}


def extract_fields(
    document: Document, doc_type: DocType | str, claims: Claims | None = None
) -> dict[str, Extracted]:
    """The fields of ``document`` read as a ``doc_type``; only the type's own fields, only found ones.

    Raises ValueError (listing valid labels) for an unknown type.
    """
    kind = DocType.parse(doc_type) if not isinstance(doc_type, DocType) else doc_type
    found = EXTRACTORS[kind](document, claims)
    allowed = DOC_TYPES[kind].fields
    return {name: found[name] for name in allowed if name in found}


__all__ = ["EXTRACTORS", "FieldExtractor", "extract_fields"]
