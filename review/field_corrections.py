"""Caseworkers' corrections of a document's fields and type, and the re-check that follows.

Every correction is stored in its own layer (``FieldCorrection``), writes one
append-only audit event, and re-runs the checks on the stored facts.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.doctypes import DATE_FIELDS, DOC_TYPES, NUMBER_FIELDS, DocType
from models.store import add_audit_event, latest_corrections, record_evaluation, replace_findings, utcnow
from models.stored_facts import effective_doc_type, stored_dossier
from models.tables import DOC_TYPE_KEY, ApplicationRow, DocumentRow, FieldCorrection, User
from review.action_error import ActionError
from review.locking import lock_undecided

_COMPACT_FIELDS = frozenset(
    {
        "iban",
        "bic",
        "france_travail_id",
        "provider_siret",
        "document_number",
        "fiscal_number",
        "tax_reference",
    }
)


def recheck(session: Session, row: ApplicationRow, *, actor: str, rules_dir: Path) -> None:
    """Re-run the checks on the stored facts (with corrections) and store findings and decision."""
    from validators.evaluation import evaluate_dossier
    from validators.rulebook import RulebookError, load_rulebook

    dossier = stored_dossier(session, row)
    application = dossier.application
    if application is None:
        raise ActionError(
            "Le formulaire de ce dossier n'est pas valide : les vérifications ne peuvent pas être relancées.",
            409,
        )
    try:
        rulebook = load_rulebook(application.program, rules_dir)
    except RulebookError:
        raise ActionError(f"Aucun règlement pour le programme « {application.program} ».", 409) from None
    evaluation = evaluate_dossier(application, dossier.documents, rulebook, versions=dossier.versions)
    findings, decision = evaluation.findings, evaluation.decision
    item = row.review_item
    if item is not None and item.pipeline_rules is None:
        item.pipeline_rules = sorted({f.rule_id for f in row.findings})
    before = {"decision": row.decision, "codes": [f.code for f in row.findings]}
    replace_findings(session, row=row, findings=findings)
    row.decision = decision.value
    after = {
        "decision": decision.value,
        "codes": [f.code.value for f in findings],
        "rulebook": rulebook.version,
    }
    add_audit_event(
        session, application_id=row.application_id, actor=actor, action="recheck", before=before, after=after
    )
    record_evaluation(
        session, row=row, evaluation=evaluation.model_dump(mode="json"), actor=actor, trigger="recheck"
    )
    session.flush()


def normalise_value(name: str, text: str) -> str | int | float:
    """A typed value as the pipeline stores it; ActionError with a French message when invalid."""
    text = (text or "").strip()
    if not text:
        raise ActionError("La valeur corrigée est vide.")
    if len(text) > 500:
        raise ActionError("La valeur corrigée est trop longue (500 caractères au plus).")
    if name in DATE_FIELDS:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day).isoformat()
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ActionError("Date invalide : écrire JJ/MM/AAAA (par exemple 02/05/2026).") from None
    if name in NUMBER_FIELDS:
        cleaned = text.replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
        try:
            number = float(cleaned)
        except ValueError:
            raise ActionError("Nombre invalide (par exemple 4350,00).") from None
        return int(number) if number.is_integer() and name in {"tax_year", "reference_income"} else number
    if name in _COMPACT_FIELDS:
        return re.sub(r"\s+", "", text).upper()
    if name == "postal_code":
        if not re.fullmatch(r"\d{5}", text):
            raise ActionError("Code postal invalide : cinq chiffres.")
    return text


def _document(row: ApplicationRow, document_id: int) -> DocumentRow:
    """One of the dossier's documents, or 404."""
    doc = next((d for d in row.documents if d.id == document_id), None)
    if doc is None:
        raise ActionError("Document introuvable dans ce dossier.", 404)
    return doc


def _record_correction(
    session: Session,
    row: ApplicationRow,
    doc: DocumentRow,
    *,
    user: User,
    name: str,
    value: Any,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    rules_dir: Path,
) -> None:
    """Store a person's correction in its own layer, audit it, and re-check the dossier."""
    session.add(
        FieldCorrection(
            application_id=row.application_id,
            file_name=doc.file_name,
            name=name,
            value=value,
            actor=user.login,
            at=utcnow(),
        )
    )
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action=action,
        before=before,
        after=after,
    )
    session.flush()
    recheck(session, row, actor=user.login, rules_dir=rules_dir)


def correct_field(
    session: Session,
    row: ApplicationRow,
    *,
    user: User,
    document_id: int,
    name: str,
    value: str,
    minutes: int,
    rules_dir: Path,
) -> None:
    """Correct one field's value (or add one the pipeline did not find), then re-check."""
    lock_undecided(session, row, user=user, minutes=minutes)
    doc = _document(row, document_id)
    corrections = latest_corrections(session, application_id=row.application_id)
    doc_type, _ = effective_doc_type(doc, corrections)
    allowed = set(DOC_TYPES[DocType.parse(doc_type)].fields) | {f.name for f in doc.fields}
    if name not in allowed:
        raise ActionError("Ce champ n'existe pas pour ce type de document.")
    new_value = normalise_value(name, value)
    stored = next((f.value for f in doc.fields if f.name == name), None)
    old_value = corrections.get((doc.file_name, name), stored)
    if new_value == old_value:
        raise ActionError("La valeur est inchangée.")
    _record_correction(
        session,
        row,
        doc,
        user=user,
        name=name,
        value=new_value,
        action="correct_field",
        before={"document": doc.file_name, "field": name, "value": old_value},
        after={"document": doc.file_name, "field": name, "value": new_value},
        rules_dir=rules_dir,
    )


def correct_doc_type(
    session: Session,
    row: ApplicationRow,
    *,
    user: User,
    document_id: int,
    doc_type: str,
    minutes: int,
    rules_dir: Path,
) -> None:
    """Correct a document's type, then re-check."""
    lock_undecided(session, row, user=user, minutes=minutes)
    doc = _document(row, document_id)
    try:
        new_type = DocType.parse(doc_type).value
    except ValueError:
        raise ActionError("Type de document inconnu.") from None
    corrections = latest_corrections(session, application_id=row.application_id)
    old_type, _ = effective_doc_type(doc, corrections)
    if new_type == old_type:
        raise ActionError("Le type est inchangé.")
    _record_correction(
        session,
        row,
        doc,
        user=user,
        name=DOC_TYPE_KEY,
        value=new_type,
        action="correct_doc_type",
        before={"document": doc.file_name, "doc_type": old_type, "confidence": doc.confidence},
        after={"document": doc.file_name, "doc_type": new_type},
        rules_dir=rules_dir,
    )
