"""Realistic dossiers stored through models.store, as the batch flow stores them."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from models.contract import Application
from models.doctypes import DocType
from models.document import Extracted, TextSource
from models.facts import DocumentFacts
from models.settings import DEFAULT_RULES_DIR
from models.store import save_documents, save_result, utcnow
from models.tables import User
from validators.decision import decide
from validators.engine import check_application
from validators.rulebook import load_rulebook

PASSWORD = "correct-horse-battery"
# The app verifies with the parameters stored in the hash: cheap ones keep the tests fast
# (the production hasher takes about half a second on these machines, as it should).
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
FORM: dict[str, Any] = {
    "application_id": "SUD-2026-000008",
    "program": "aide-individuelle-formation",
    "submitted_at": "2026-11-20",
    "applicant": {
        "last_name": "LAUGIER",
        "first_names": ["Émilie", "Marie-Claire"],
        "birth_date": "2005-03-27",
        "address": {"line1": "53 avenue Frédéric Mistral", "postal_code": "13127", "city": "Vitrolles"},
        "france_travail_id": "2423287D",
        "iban": "FR7611315207350775674020806",
    },
    "training": {
        "provider_name": "Provence Formation Pro",
        "provider_siret": "85093144500090",
        "title": "Titre professionnel Développeur web et web mobile",
        "start_date": "2027-02-22",
        "end_date": "2027-08-13",
        "hours": 798,
        "cost_eur": 4105.00,
    },
    "requested_amount_eur": 4105.00,
}
WRONG_IBAN = "FR7630006000011234567890189"


def _field(value: Any, y: float, page: int = 1) -> Extracted:
    return Extracted(
        value=value,
        raw=str(value),
        page=page,
        bbox=(0.1, y, 0.6, y + 0.03),
        confidence=0.93,
        extractor="test",
    )


def _doc(file: str, doc_type: DocType, fields: dict[str, Any], type_evidence: str = "") -> DocumentFacts:
    return DocumentFacts(
        type_evidence=type_evidence,
        file=file,
        sha256=hashlib.sha256(f"{file}-{sorted(fields.items())}".encode()).hexdigest(),
        doc_type=doc_type,
        confidence=0.95,
        pages=1,
        text_source=TextSource.TEXT_LAYER,
        fields={name: _field(value, 0.1 + 0.05 * i) for i, (name, value) in enumerate(fields.items())},
    )


def documents(iban: str = WRONG_IBAN) -> list[DocumentFacts]:
    """The five pieces of the dossier; the RIB carries another IBAN (IBAN_MISMATCH)."""
    return [
        _doc(
            "cni.pdf",
            DocType.ID_CARD,
            {
                "last_name": "LAUGIER",
                "first_names": "Émilie Marie-Claire",
                "birth_date": "2005-03-27",
                "document_number": "X4RTBPFW4",
                "expiry_date": "2031-05-04",
            },
            type_evidence="mrz_valid: TD1 ID, check digits valid",
        ),
        _doc(
            "facture.pdf",
            DocType.PROOF_OF_ADDRESS,
            {
                "holder_name": "Mme LAUGIER Émilie",
                "address_line": "53 AVENUE FREDERIC MISTRAL",
                "postal_code": "13127",
                "city": "VITROLLES",
                "issue_date": "2026-10-15",
                "issuer": "EDF",
            },
        ),
        _doc(
            "rib.pdf",
            DocType.BANK_DETAILS,
            {"holder_name": "MME LAUGIER EMILIE", "iban": iban, "bic": "CEPAFRPP131"},
        ),
        _doc(
            "attestation.pdf",
            DocType.JOBSEEKER_CERTIFICATE,
            {
                "last_name": "LAUGIER",
                "first_names": "Émilie Marie-Claire",
                "france_travail_id": "2423287D",
                "registration_date": "2025-02-03",
                "issue_date": "2026-11-02",
            },
        ),
        _doc(
            "devis.pdf",
            DocType.TRAINING_QUOTE,
            {
                "provider_name": "Provence Formation Pro",
                "provider_siret": "85093144500090",
                "training_title": "Titre professionnel Développeur web et web mobile",
                "start_date": "2027-02-22",
                "end_date": "2027-08-13",
                "hours": 798,
                "cost_eur": 4105.0,
                "issue_date": "2026-11-05",
            },
        ),
    ]


def seed_dossier(
    session: Session,
    application_id: str,
    *,
    start: str = "2027-02-22",
    docs: list[DocumentFacts] | None = None,
) -> str:
    """Store one dossier the way the batch flow does: documents, checks, decision."""
    form = copy.deepcopy(FORM)
    form["application_id"] = application_id
    form["training"]["start_date"] = start
    application = Application.model_validate(form)
    facts = docs if docs is not None else documents()
    save_documents(
        session, application_id=application_id, batch_name="tests", documents=facts, pipeline_version="test"
    )
    rulebook = load_rulebook(application.program, DEFAULT_RULES_DIR)
    findings = check_application(application, facts, rulebook)
    save_result(
        session,
        application_id=application_id,
        batch_name="tests",
        form=form,
        program=application.program,
        submitted_at=application.submitted_at,
        training_start=application.training.start_date,
        decision=decide(findings),
        documents=facts,
        findings=findings,
        versions={"pipeline": "test", "rulebook": rulebook.version, "classifier": None},
    )
    return application_id


def add_user(session: Session, login: str, role: str = "caseworker") -> User:
    user = User(
        login=login,
        display_name=login.title(),
        role=role,
        password_hash=PASSWORD_HASH,
        active=True,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user
