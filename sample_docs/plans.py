"""What each sample document will print, before it is drawn.

The generator builds one ``DocPlan`` per uploaded file from the applicant's
``Person`` and ``TrainingOffer``; a fault then edits the facts (a wrong IBAN, an
old issue date...) and the layouts draw exactly what the facts say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sample_docs.identifiers import BankAccount
from sample_docs.people import Address, Bank, Person, TrainingOffer

REQUIRED_PIECES = ("identity", "proof_of_address", "bank_details", "jobseeker_certificate", "training_quote")
IDENTITY_LAYOUTS = ("cni_2021", "cni_1988", "passport", "residence_permit")
IDENTITY_DOC_TYPES = {
    "cni_2021": "id_card",
    "cni_1988": "id_card",
    "passport": "passport",
    "residence_permit": "residence_permit",
}


@dataclass
class IdentityFacts:
    """An identity document."""

    layout: str
    last_name: str
    given_names: list[str]
    sex: str
    birth_date: date
    birth_place: str
    nationality: str
    document_number: str
    issue_date: date
    expiry_date: date
    authority: str
    address: Address
    office_code: str = ""
    fold_names: bool = False  # print names without accents
    mrz_fault: bool = False


@dataclass
class AddressProofFacts:
    """A utility bill, rent receipt or home insurance certificate."""

    layout: str
    holder_name: str
    address_line: str
    postal_code: str
    city: str
    issue_date: date


@dataclass
class BankFacts:
    """A RIB."""

    layout: str
    holder_name: str
    holder_address: Address
    bank: Bank
    account: BankAccount
    edited_on: date


@dataclass
class JobseekerFacts:
    """A France Travail registration certificate."""

    layout: str
    civility: str
    last_name: str
    given_names: list[str]
    france_travail_id: str
    registration_date: date
    issue_date: date
    address: Address
    agency_city: str


@dataclass
class QuoteFacts:
    """A training quote or enrolment certificate."""

    layout: str
    training: TrainingOffer
    learner: str
    cost_cents: int  # as printed (a fault may differ from the form)
    siret: str  # as printed


@dataclass
class TaxFacts:
    """An income tax notice."""

    layout: str
    last_name: str
    given_names: list[str]
    address: Address
    fiscal_number: str
    tax_reference: str
    reference_income: int
    tax_year: int
    issue_date: date


@dataclass
class CvFacts:
    """A curriculum vitae."""

    layout: str
    person: Person
    training_title: str
    edited_on: date


@dataclass
class OtherFacts:
    """An unrelated letter."""

    layout: str
    person: Person
    issue_date: date


Facts = (
    IdentityFacts
    | AddressProofFacts
    | BankFacts
    | JobseekerFacts
    | QuoteFacts
    | TaxFacts
    | CvFacts
    | OtherFacts
)


@dataclass
class DocPlan:
    """One uploaded file: what it shows, how it is produced, and its name."""

    piece: str  # a REQUIRED_PIECES entry, or tax_notice / cv / other
    doc_type: str
    facts: Facts
    source: str = "digital_pdf"  # digital_pdf | scan_image | scan_pdf | bad_file
    image_format: str = "jpg"  # jpg | png (scan_image only)
    bad_kind: str | None = None  # zero_byte | truncated_pdf | text_as_jpg
    filename: str = ""
    copy_bytes_from: bytes | None = None  # reuse another file's bytes (duplicates)
    notes: dict[str, str] = field(default_factory=dict)
