"""What the application form claims each document shows: the extractors' search terms.

Most rules compare a document with the form (name, birth date, address, IBAN,
France Travail id, SIRET, training dates, cost). Searching a document for the
form's value, in any format, is far more reliable on a layout never seen than
extracting a field blind and comparing strings afterwards
(docs/design_notes.md, "Why search the document for the form's values?").

``Claims`` is built from a validated ``Application``. Reading workers load it
from the dossier's folder (``claims_beside``) rather than receiving it as a
Prefect task parameter: Prefect stores task parameters in its API, and no
personal data may go there.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from models.contract import Application

APPLICATION_FILE = "application.json"
# A form larger than this is not read for claims (CONTRACT: the form is a small JSON document).
MAX_FORM_BYTES = 256 * 1024


class Claims(BaseModel):
    """The form's values that documents are searched for (all optional)."""

    model_config = ConfigDict(frozen=True)

    last_name: str | None = None
    first_names: tuple[str, ...] = ()
    birth_date: date | None = None
    address_line: str | None = None
    postal_code: str | None = None
    city: str | None = None
    france_travail_id: str | None = None
    iban: str | None = None
    provider_name: str | None = None
    provider_siret: str | None = None
    training_title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    hours: float | None = None
    cost_eur: Decimal | None = None

    @classmethod
    def from_application(cls, application: Application) -> Claims:
        """The claims of a validated form."""
        applicant, training = application.applicant, application.training
        return cls(
            last_name=applicant.last_name,
            first_names=tuple(applicant.first_names),
            birth_date=applicant.birth_date,
            address_line=applicant.address.line1,
            postal_code=applicant.address.postal_code,
            city=applicant.address.city,
            france_travail_id=applicant.france_travail_id,
            iban=applicant.iban,
            provider_name=training.provider_name,
            provider_siret=training.provider_siret,
            training_title=training.title,
            start_date=training.start_date,
            end_date=training.end_date,
            hours=training.hours,
            cost_eur=training.cost_eur,
        )


def load_claims(data: bytes) -> Claims | None:
    """Claims of an application.json's bytes; None when it is too large or not a valid form."""
    if len(data) > MAX_FORM_BYTES:
        return None
    try:
        return Claims.from_application(Application.model_validate(json.loads(data)))
    except (ValueError, ValidationError):
        return None


def claims_beside(document_path: Path) -> tuple[Claims | None, bytes]:
    """The claims of the form in the document's folder, and the form's bytes (for cache keys).

    ``(None, b"")`` when there is no readable form there (``inspect`` on a lone file).
    """
    form = document_path.parent / APPLICATION_FILE
    try:
        if not form.is_file() or form.stat().st_size > MAX_FORM_BYTES:
            return None, b""
        data = form.read_bytes()
    except OSError:
        return None, b""
    return load_claims(data), data
