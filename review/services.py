"""What caseworkers do, as keyword-only functions over a Session.

Every action writes one append-only audit event (actor, action, before,
after). The routers call these and commit; nothing here renders HTML.

The lock: « Dossier suivant » takes one review item with a conditional
``UPDATE … WHERE locked_until IS NULL OR locked_until < now`` and checks that
exactly one row changed, so two caseworkers never get the same dossier. On
PostgreSQL the candidate is first selected with ``FOR UPDATE SKIP LOCKED`` so
concurrent requests do not even wait on each other; on SQLite writers are
serialised by the database and the conditional update decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from models.contract import Application, Decision
from models.doctypes import DATE_FIELDS, DOC_TYPES, NUMBER_FIELDS, DocType
from models.document import Extracted, PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.store import add_audit_event, find_duplicates, latest_corrections, replace_findings, utcnow
from models.tables import (
    DOC_TYPE_KEY,
    ApplicationRow,
    CorrectionReason,
    DocumentRow,
    FieldCorrection,
    FindingRow,
    Note,
    ReviewItem,
    User,
)

QUEUE_STATUSES = ("open", "in_review", "waiting")
TAKEABLE_STATUSES = ("open", "in_review")
DECIDED_STATUSES = ("validated", "refused")
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


class ActionError(Exception):
    """An action that cannot be done; carries the HTTP status and a French message."""

    def __init__(self, message_fr: str, status_code: int = 400) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr
        self.status_code = status_code


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes (stored in UTC): make every datetime aware."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- Loading ----------------------------------------------------------------------------------------


def load_dossier(session: Session, application_id: str) -> ApplicationRow:
    """An application with its documents, fields, findings and review item; 404 when absent."""
    row = session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id == application_id)
        .options(
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.fields),
            selectinload(ApplicationRow.documents).selectinload(DocumentRow.page_hashes),
            selectinload(ApplicationRow.findings),
            selectinload(ApplicationRow.review_item),
        )
    ).one_or_none()
    if row is None:
        raise ActionError("Dossier introuvable.", 404)
    return row


def effective_doc_type(doc: DocumentRow, corrections: dict[tuple[str, str], Any]) -> tuple[str, bool]:
    """The document's type after people's corrections, and whether it was corrected."""
    corrected = corrections.get((doc.file_name, DOC_TYPE_KEY))
    return (str(corrected), True) if corrected is not None else (doc.doc_type, False)


# --- Re-checking after a correction ----------------------------------------------------------------


def rebuild_facts(
    session: Session, row: ApplicationRow, corrections: dict[tuple[str, str], Any], actor: str = ""
) -> list[DocumentFacts]:
    """The rules' input rebuilt from the stored rows, with people's corrections applied."""
    facts: list[DocumentFacts] = []
    for doc in row.documents:
        doc_type, type_corrected = effective_doc_type(doc, corrections)
        fields = {
            f.name: Extracted(
                value=f.value,
                raw=f.raw,
                page=f.page,
                bbox=tuple(f.bbox) if f.bbox else None,  # type: ignore[arg-type]
                confidence=f.confidence,
                extractor=f.extractor,
            )
            for f in doc.fields
            if isinstance(f.value, (str, int, float))
        }
        for (file_name, name), value in corrections.items():
            if file_name != doc.file_name or name == DOC_TYPE_KEY:
                continue
            previous = fields.get(name)
            fields[name] = Extracted(
                value=value,
                raw=str(value),
                page=previous.page if previous else None,
                bbox=previous.bbox if previous else None,
                confidence=1.0,
                extractor="correction",
            )
        read_findings = [
            Finding(
                rule_id=f.rule_id,
                code=ReasonCode(f.code),
                severity=Severity(f.severity),
                document=f.document,
                field=f.field,
                message_fr=f.message_fr,
                evidence=f.evidence or {},
            )
            for f in row.findings
            if doc.read_error and f.document == doc.file_name and f.code == doc.read_error
        ]
        if doc.read_error and not read_findings:
            read_findings = [
                Finding(
                    rule_id="read",
                    code=ReasonCode(doc.read_error),
                    severity=Severity.DOUBT,
                    document=doc.file_name,
                    message_fr="Le fichier n'a pas pu être lu.",
                )
            ]
        hashes = {h.page: h.phash for h in doc.page_hashes}
        page_hashes = [hashes.get(i, "") for i in range(1, max(hashes, default=0) + 1)]
        document = DocumentFacts(
            file=doc.file_name,
            sha256=doc.sha256,
            doc_type=DocType.parse(doc_type),
            confidence=1.0 if type_corrected else doc.confidence,
            type_evidence=doc.type_evidence or "",
            pages=doc.pages,
            text_source=TextSource(doc.text_source),
            fields=fields,
            page_quality=[PageQuality.model_validate(q) for q in doc.page_quality or []],
            read_findings=read_findings,
            tampering_signals=list(doc.tampering_signals or []),
            page_hashes=page_hashes,
            certified=doc.certified,
        )
        if document.readable:
            document.duplicate_of = find_duplicates(
                session, application_id=row.application_id, sha256=doc.sha256, page_hashes=page_hashes
            )
        facts.append(document)
    return facts


def recheck(session: Session, row: ApplicationRow, *, actor: str, rules_dir: Path) -> None:
    """Re-run the checks on the stored facts (with corrections) and store findings and decision."""
    from validators.decision import decide
    from validators.engine import check_application
    from validators.rulebook import RulebookError, load_rulebook

    try:
        application = Application.model_validate(row.form or {})
    except ValueError:
        raise ActionError(
            "Le formulaire de ce dossier n'est pas valide : les vérifications ne peuvent pas être relancées.",
            409,
        ) from None
    try:
        rulebook = load_rulebook(application.program, rules_dir)
    except RulebookError:
        raise ActionError(f"Aucun règlement pour le programme « {application.program} ».", 409) from None
    corrections = latest_corrections(session, application_id=row.application_id)
    documents = rebuild_facts(session, row, corrections)
    findings = check_application(application, documents, rulebook)
    decision: Decision = decide(findings)
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
    session.flush()


# --- Normalising a corrected value ------------------------------------------------------------------


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


# --- The lock ----------------------------------------------------------------------------------------


def _lock_free(now: datetime) -> Any:
    return or_(ReviewItem.locked_until.is_(None), ReviewItem.locked_until < now)


def try_lock(session: Session, *, item_id: int, login: str, minutes: int) -> bool:
    """Take (or extend) the lock of one review item if it is free or already ours; True on success."""
    now = utcnow()
    result = session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.id == item_id,
            or_(_lock_free(now), ReviewItem.assigned_to == login),
        )
        .values(assigned_to=login, locked_until=now + timedelta(minutes=minutes), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def claim_next(
    session: Session, *, login: str, minutes: int, filters: QueueFilters | None = None
) -> str | None:
    """Assign the next dossier to ``login`` under a lock; its application id, or None when none is free.

    A dossier the caseworker already holds comes first (resume); then the
    free ones, the training starting soonest first, then the oldest waiting.
    """
    now = utcnow()
    mine = session.scalars(
        select(ApplicationRow.application_id)
        .join(ReviewItem, ReviewItem.application_pk == ApplicationRow.id)
        .where(
            ReviewItem.assigned_to == login,
            ReviewItem.locked_until >= now,
            ReviewItem.status.in_(TAKEABLE_STATUSES),
        )
        .order_by(ApplicationRow.training_start.is_(None), ApplicationRow.training_start)
        .limit(1)
    ).first()
    if mine:
        return mine
    is_postgres = session.get_bind().dialect.name == "postgresql"
    query = (
        select(ReviewItem.id, ApplicationRow.application_id)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .where(ReviewItem.status.in_(TAKEABLE_STATUSES), _lock_free(now))
        .order_by(
            ApplicationRow.training_start.is_(None),
            ApplicationRow.training_start,
            ReviewItem.created_at,
            ReviewItem.id,
        )
    )
    if filters is not None:
        query = filters.apply(query, now)
    if is_postgres:
        query = query.limit(1).with_for_update(skip_locked=True, of=ReviewItem)
    else:
        query = query.limit(25)
    for item_id, application_id in session.execute(query).all():
        if try_lock(session, item_id=item_id, login=login, minutes=minutes):
            session.execute(
                update(ReviewItem)
                .where(ReviewItem.id == item_id, ReviewItem.status == "open")
                .values(status="in_review")
                .execution_options(synchronize_session=False)
            )
            add_audit_event(
                session,
                application_id=application_id,
                actor=login,
                action="assign",
                after={"assigned_to": login, "locked_minutes": minutes, "via": "next"},
            )
            session.flush()
            return str(application_id)
    return None


def ensure_can_act(session: Session, row: ApplicationRow, *, user: User, minutes: int) -> ReviewItem:
    """The review item, locked for ``user``; 409 when another person holds it, or nothing to review."""
    item = row.review_item
    if item is None:
        raise ActionError("Ce dossier n'est pas dans la file de revue (accepté automatiquement).", 409)
    if not try_lock(session, item_id=item.id, login=user.login, minutes=minutes):
        session.refresh(item)
        until = as_utc(item.locked_until)
        when = until.astimezone().strftime("%H:%M") if until else "?"
        raise ActionError(
            f"Dossier en cours de traitement par {item.assigned_to} (verrou jusqu'à {when}).", 409
        )
    session.refresh(item)
    return item


def _lock_undecided(session: Session, row: ApplicationRow, *, user: User, minutes: int) -> ReviewItem:
    """``ensure_can_act``, and 409 when the dossier is already decided (a supervisor reopens it)."""
    item = ensure_can_act(session, row, user=user, minutes=minutes)
    if item.status in DECIDED_STATUSES:
        raise ActionError("Ce dossier est déjà décidé ; un superviseur peut le rouvrir.", 409)
    return item


def _document(row: ApplicationRow, document_id: int) -> DocumentRow:
    """One of the dossier's documents, or 404."""
    doc = next((d for d in row.documents if d.id == document_id), None)
    if doc is None:
        raise ActionError("Document introuvable dans ce dossier.", 404)
    return doc


# --- Actions -------------------------------------------------------------------------------------------


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
    _lock_undecided(session, row, user=user, minutes=minutes)
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
    _lock_undecided(session, row, user=user, minutes=minutes)
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


def _decide(
    session: Session,
    row: ApplicationRow,
    item: ReviewItem,
    *,
    user: User,
    status: str,
    action: str,
    reason: str | None,
    extra: dict[str, Any] | None = None,
) -> None:
    now = utcnow()
    if item.pipeline_rules is None:
        item.pipeline_rules = sorted({f.rule_id for f in row.findings})
    before = {"status": item.status, "decision_reason": item.decision_reason}
    item.status = status
    item.decided_by = user.login
    item.decided_at = now
    item.decision_reason = reason
    item.locked_until = None
    item.updated_at = now
    after = {
        "status": status,
        "decision_reason": reason,
        "pipeline_decision": row.decision,
        "open_codes": sorted({f.code for f in row.findings}),
        "pipeline_rules": item.pipeline_rules,
        **(extra or {}),
    }
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action=action,
        before=before,
        after=after,
        at=now,
    )
    session.flush()


def validate(session: Session, row: ApplicationRow, *, user: User, minutes: int, comment: str = "") -> None:
    """The caseworker validates the dossier (its remaining findings are judged harmless)."""
    item = _lock_undecided(session, row, user=user, minutes=minutes)
    _decide(
        session, row, item, user=user, status="validated", action="validate", reason=comment.strip() or None
    )


def refuse(
    session: Session, row: ApplicationRow, *, user: User, reason: str, minutes: int, allowed_roles: list[str]
) -> None:
    """Refuse the dossier: only the allowed roles, and never without a reason."""
    if user.role not in allowed_roles:
        raise ActionError("Votre rôle ne permet pas de refuser un dossier : demandez à un superviseur.", 403)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ActionError("Le motif du refus est obligatoire (5 caractères au moins).")
    item = _lock_undecided(session, row, user=user, minutes=minutes)
    _decide(session, row, item, user=user, status="refused", action="refuse", reason=reason[:4000])


def correction_message(row: ApplicationRow, reasons: list[CorrectionReason], free_text: str) -> str:
    """The French message asking the applicant for corrections."""
    applicant = (row.form or {}).get("applicant") or {}
    first = " ".join(applicant.get("first_names") or [])
    name = f"{first} {applicant.get('last_name', '')}".strip()
    lines = [f"Bonjour {name}," if name else "Bonjour,", ""]
    lines.append(
        f"Votre demande d'aide n° {row.application_id} est en cours d'instruction. "
        "Pour la poursuivre, merci de nous transmettre :"
    )
    items = [r.message_fr.strip().rstrip(".") for r in reasons]
    for i, text in enumerate(items):
        lines.append(f"- {text}{' ;' if i < len(items) - 1 else '.'}")
    if free_text.strip():
        lines += ["", free_text.strip()]
    lines += [
        "",
        "Vous pouvez déposer ces pièces depuis votre espace de demande. "
        "Votre dossier reste en attente jusqu'à leur réception.",
        "",
        "Le service instructeur",
    ]
    return "\n".join(lines)


def request_correction(
    session: Session,
    row: ApplicationRow,
    *,
    user: User,
    reason_codes: list[str],
    free_text: str,
    minutes: int,
) -> str:
    """Ask the applicant for corrections (catalogue + free text): the dossier waits; returns the message."""
    free_text = (free_text or "").strip()[:4000]
    reasons = list(
        session.scalars(
            select(CorrectionReason)
            .where(CorrectionReason.code.in_(reason_codes or []), CorrectionReason.active.is_(True))
            .order_by(CorrectionReason.id)
        )
    )
    if not reasons and not free_text:
        raise ActionError("Choisissez au moins un motif ou écrivez une demande.")
    item = _lock_undecided(session, row, user=user, minutes=minutes)
    message = correction_message(row, reasons, free_text)
    _decide(
        session,
        row,
        item,
        user=user,
        status="waiting",
        action="request_correction",
        reason=message,
        extra={"reasons": [r.code for r in reasons], "free_text": free_text, "message": message},
    )
    item.decided_at = None  # waiting is not a decision: the dossier stays in the queue
    item.decided_by = None
    item.assigned_to = None
    session.flush()
    return message


def add_note(session: Session, row: ApplicationRow, *, user: User, body: str) -> None:
    """An internal note (never sent to the applicant); no lock needed."""
    body = (body or "").strip()
    if not body:
        raise ActionError("La note est vide.")
    note = Note(application_id=row.application_id, author=user.login, at=utcnow(), body=body[:4000])
    session.add(note)
    session.flush()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="note",
        after={"note_id": note.id, "body": note.body},
    )
    session.flush()


def release(session: Session, row: ApplicationRow, *, user: User) -> None:
    """Give the dossier back to the queue."""
    item = row.review_item
    if item is None or item.assigned_to != user.login:
        raise ActionError("Vous ne détenez pas ce dossier.", 409)
    before = {"assigned_to": item.assigned_to, "status": item.status}
    item.assigned_to = None
    item.locked_until = None
    if item.status == "in_review":
        item.status = "open"
    item.updated_at = utcnow()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="release",
        before=before,
        after={"assigned_to": None, "status": item.status},
    )
    session.flush()


def reopen(session: Session, row: ApplicationRow, *, user: User, reason: str) -> None:
    """A supervisor reopens a decided dossier (a reason is required)."""
    item = row.review_item
    if item is None or item.status not in (*DECIDED_STATUSES, "waiting"):
        raise ActionError("Ce dossier n'est pas décidé.", 409)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("Le motif de réouverture est obligatoire.")
    before = {"status": item.status, "decided_by": item.decided_by, "decision_reason": item.decision_reason}
    item.status = "in_review"
    item.assigned_to = user.login
    item.locked_until = utcnow() + timedelta(minutes=15)
    item.decided_at = None
    item.decided_by = None
    item.updated_at = utcnow()
    add_audit_event(
        session,
        application_id=row.application_id,
        actor=user.login,
        action="reopen",
        before=before,
        after={"status": "in_review", "reason": reason},
    )
    session.flush()


def assign(session: Session, *, application_ids: list[str], to_login: str, by: User, hours: int) -> int:
    """Supervisors: assign dossiers to a caseworker for ``hours``; the number assigned."""
    target = session.scalars(select(User).where(User.login == to_login, User.active.is_(True))).one_or_none()
    if target is None:
        raise ActionError("Utilisateur inconnu ou désactivé.")
    count = 0
    now = utcnow()
    for row in session.scalars(
        select(ApplicationRow)
        .where(ApplicationRow.application_id.in_(application_ids))
        .options(selectinload(ApplicationRow.review_item))
    ):
        item = row.review_item
        if item is None or item.status not in QUEUE_STATUSES:
            continue
        before = {"assigned_to": item.assigned_to}
        item.assigned_to = target.login
        item.locked_until = now + timedelta(hours=hours)
        if item.status == "open":
            item.status = "in_review"
        item.updated_at = now
        add_audit_event(
            session,
            application_id=row.application_id,
            actor=by.login,
            action="assign",
            before=before,
            after={"assigned_to": target.login, "via": "supervisor"},
            at=now,
        )
        count += 1
    session.flush()
    return count


def bulk_validate(session: Session, *, application_ids: list[str], by: User, comment: str) -> tuple[int, int]:
    """Supervisors: validate several dossiers; (validated, skipped because locked by someone else)."""
    done = skipped = 0
    for application_id in application_ids:
        row = load_dossier(session, application_id)
        try:
            validate(session, row, user=by, minutes=1, comment=comment)
            done += 1
        except ActionError:
            skipped += 1
    return done, skipped


# --- The queue -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page filters on."""

    code: str | None = None
    doc_type: str | None = None
    program: str | None = None
    min_age_days: int | None = None
    status: str | None = None
    mine: bool = False
    login: str | None = None

    def apply(self, query: Any, now: datetime) -> Any:
        """Add this filter's conditions to a query over ReviewItem joined with ApplicationRow."""
        if self.code:
            query = query.where(
                select(FindingRow.id)
                .where(FindingRow.application_pk == ApplicationRow.id, FindingRow.code == self.code)
                .exists()
            )
        if self.doc_type:
            query = query.where(
                select(DocumentRow.id)
                .where(DocumentRow.application_pk == ApplicationRow.id, DocumentRow.doc_type == self.doc_type)
                .exists()
            )
        if self.program:
            query = query.where(ApplicationRow.program == self.program)
        if self.min_age_days:
            query = query.where(ReviewItem.created_at <= now - timedelta(days=self.min_age_days))
        if self.status:
            query = query.where(ReviewItem.status == self.status)
        if self.mine and self.login:
            query = query.where(and_(ReviewItem.assigned_to == self.login, ReviewItem.locked_until >= now))
        return query


def queue_rows(session: Session, *, filters: QueueFilters, sort: str, limit: int = 300) -> list[Any]:
    """Review items in the queue with their application, filtered and sorted."""
    now = utcnow()
    query = (
        select(ReviewItem, ApplicationRow)
        .join(ApplicationRow, ReviewItem.application_pk == ApplicationRow.id)
        .where(ReviewItem.status.in_(QUEUE_STATUSES))
        .options(selectinload(ApplicationRow.findings), selectinload(ApplicationRow.documents))
    )
    query = filters.apply(query, now)
    if sort == "waiting":
        query = query.order_by(ReviewItem.created_at, ReviewItem.id)
    else:
        query = query.order_by(
            ApplicationRow.training_start.is_(None), ApplicationRow.training_start, ReviewItem.created_at
        )
    return list(session.execute(query.limit(limit)).all())
