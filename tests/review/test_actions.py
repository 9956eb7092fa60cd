"""Every action on a dossier: its effect, the re-run of the checks, and its audit entry."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from models.db import make_engine, session_factory
from models.tables import ApplicationRow, AuditEvent, FindingRow, ReviewItem
from tests.review.factories import FORM, WRONG_IBAN

APP = "SUD-2026-000101"


class Db:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.session = session_factory(self.engine)()
        return self.session

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.session.close()
        self.engine.dispose()


def _actions(url: str, application_id: str = APP) -> list[str]:
    with Db(url) as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.application_id == application_id)
                .order_by(AuditEvent.id)
            )
        )


def _codes(url: str, application_id: str = APP) -> set[str]:
    with Db(url) as session:
        return set(
            session.scalars(
                select(FindingRow.code)
                .join(ApplicationRow)
                .where(ApplicationRow.application_id == application_id)
            )
        )


def _item(url: str, application_id: str = APP) -> ReviewItem:
    with Db(url) as session:
        return session.scalars(
            select(ReviewItem).join(ApplicationRow).where(ApplicationRow.application_id == application_id)
        ).one()


def _document_id(url: str, file_name: str) -> int:
    from models.tables import DocumentRow

    with Db(url) as session:
        return session.scalars(
            select(DocumentRow.id)
            .join(ApplicationRow)
            .where(ApplicationRow.application_id == APP, DocumentRow.file_name == file_name)
        ).one()


def test_queue_lists_flagged_dossiers_sorted_by_training_start(login) -> None:
    page = login("alice").get("/queue").text
    assert page.index("SUD-2026-000101") < page.index("SUD-2026-000103") < page.index("SUD-2026-000102")
    assert "IBAN_MISMATCH" in page
    waiting = login("bob").get("/queue?sort=waiting&code=IBAN_MISMATCH&doc_type=bank_details&age=0").text
    assert "SUD-2026-000102" in waiting
    assert "SUD-2026-000101" not in login("bob").get("/queue?code=AMOUNT_OVER_CAP").text


def test_dossier_page_shows_fields_boxes_rules_and_history(login) -> None:
    page = login("alice").get(f"/dossiers/{APP}").text
    assert "LAUGIER" in page and "Vérifications" in page
    assert 'class="box"' in page and 'data-box="' in page and "field-btn" in page
    assert "IBAN conforme au formulaire" in page  # the failed rule, in French
    assert "vérification(s) réussie(s)" in page  # passed rules
    assert "Décision du traitement automatique" in page  # history
    assert "Confiance".lower() in page.lower()
    # What decided each type: the identity card's MRZ, in French, the stored code in the title.
    assert "décidé par" in page and "bande MRZ lue, chiffres de contrôle valides (TD1 ID)" in page
    assert 'title="mrz_valid: TD1 ID, check digits valid"' in page


def test_correcting_a_field_reruns_the_checks_and_is_audited(login, review_url) -> None:
    assert "IBAN_MISMATCH" in _codes(review_url)
    client = login("alice")
    response = client.post(
        f"/dossiers/{APP}/fields",
        data={
            "csrf_token": client.csrf,
            "document_id": _document_id(review_url, "rib.pdf"),
            "name": "iban",
            "value": "FR76 1131 5207 3507 7567 4020 806",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "IBAN_MISMATCH" not in _codes(review_url)
    actions = _actions(review_url)
    assert actions[-2:] == ["correct_field", "recheck"]
    with Db(review_url) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "correct_field")).one()
        assert event.actor == "alice"
        assert event.before["value"] == WRONG_IBAN
        assert event.after["value"] == FORM["applicant"]["iban"]
    page = client.get(f"/dossiers/{APP}").text
    assert "corrigé" in page and "Correction d&#39;un champ" in page


def test_invalid_correction_is_refused_without_change(login, review_url) -> None:
    client = login("alice")
    doc = _document_id(review_url, "facture.pdf")
    response = client.post(
        f"/dossiers/{APP}/fields",
        data={"csrf_token": client.csrf, "document_id": doc, "name": "issue_date", "value": "31/02/2026"},
    )
    assert response.status_code == 400 and "Date invalide" in response.text
    assert "correct_field" not in _actions(review_url)


def test_correcting_a_document_type_is_audited(login, review_url) -> None:
    client = login("alice")
    response = client.post(
        f"/dossiers/{APP}/doc-type",
        data={
            "csrf_token": client.csrf,
            "document_id": _document_id(review_url, "devis.pdf"),
            "doc_type": "other",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "MISSING_DOCUMENT" in _codes(review_url)  # no quote any more
    assert _actions(review_url)[-2:] == ["correct_doc_type", "recheck"]


def test_validate_is_audited(login, review_url) -> None:
    client = login("alice")
    client.post(f"/dossiers/{APP}/validate", data={"csrf_token": client.csrf, "comment": "IBAN vérifié."})
    item = _item(review_url)
    assert item.status == "validated" and item.decided_by == "alice"
    assert "bank.iban_match" in item.pipeline_rules
    assert _actions(review_url)[-1] == "validate"


def test_request_correction_generates_the_message_and_waits(login, review_url) -> None:
    client = login("alice")
    response = client.post(
        f"/dossiers/{APP}/request-correction",
        data={
            "csrf_token": client.csrf,
            "reasons": ["RIB_AUTRE"],
            "free_text": "Le RIB joint est celui d'un tiers.",
        },
    )
    assert response.status_code == 200
    assert "relevé d&#39;identité bancaire" in response.text
    item = _item(review_url)
    assert item.status == "waiting"
    assert item.decision_reason.startswith("Bonjour Émilie Marie-Claire LAUGIER,")
    assert "Le RIB joint est celui d'un tiers." in item.decision_reason
    with Db(review_url) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "request_correction")).one()
        assert event.after["reasons"] == ["RIB_AUTRE"] and event.before["status"] in ("open", "in_review")
    # Nothing chosen: impossible.
    response = client.post("/dossiers/SUD-2026-000102/request-correction", data={"csrf_token": client.csrf})
    assert response.status_code == 400


def test_note_is_audited(login, review_url) -> None:
    client = login("bob")
    client.post(f"/dossiers/{APP}/notes", data={"csrf_token": client.csrf, "body": "Appeler le centre."})
    assert _actions(review_url)[-1] == "note"
    assert "Appeler le centre." in client.get(f"/dossiers/{APP}").text


def test_decided_dossier_cannot_be_changed_until_reopened(login, review_url) -> None:
    client = login("alice")
    client.post(f"/dossiers/{APP}/validate", data={"csrf_token": client.csrf})
    response = client.post(f"/dossiers/{APP}/validate", data={"csrf_token": client.csrf})
    assert response.status_code == 409
    supervisor = login("sophie")
    assert supervisor.post(f"/dossiers/{APP}/reopen", data={"csrf_token": supervisor.csrf}).status_code == 400
    supervisor.post(f"/dossiers/{APP}/reopen", data={"csrf_token": supervisor.csrf, "reason": "Erreur."})
    assert _item(review_url).status == "in_review"
    assert _actions(review_url)[-1] == "reopen"


def test_bulk_assign_and_validate_by_a_supervisor(login, review_url) -> None:
    supervisor = login("sophie")
    supervisor.post(
        "/queue/bulk",
        data={
            "csrf_token": supervisor.csrf,
            "action": "assign",
            "assignee": "bob",
            "application_ids": [APP, "SUD-2026-000102"],
        },
    )
    assert _item(review_url).assigned_to == "bob"
    # Bob's "next" gives him what was assigned to him.
    bob = login("bob")
    response = bob.post("/queue/next", data={"csrf_token": bob.csrf}, follow_redirects=False)
    assert response.headers["location"] in (f"/dossiers/{APP}", "/dossiers/SUD-2026-000102")
    # Validating several: the dossiers Bob holds are skipped, the free one is validated.
    response = supervisor.post(
        "/queue/bulk",
        data={
            "csrf_token": supervisor.csrf,
            "action": "validate",
            "comment": "Lot vérifié.",
            "application_ids": [APP, "SUD-2026-000103"],
        },
    )
    assert "1 dossier(s) validé(s)" in response.text and "1 ignoré(s)" in response.text
    assert _item(review_url, "SUD-2026-000103").status == "validated"
    assert _actions(review_url, "SUD-2026-000103")[-1] == "validate"


def test_dashboard_and_csv_export_without_identity_data(login, review_url) -> None:
    alice = login("alice")
    alice.post(f"/dossiers/{APP}/validate", data={"csrf_token": alice.csrf})
    supervisor = login("sophie")
    page = supervisor.get("/dashboard").text
    assert "IBAN_MISMATCH" in page and "IBAN conforme au formulaire" in page and "100 %" in page
    response = supervisor.get("/exports/decisions.csv")
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["application_id"] for r in rows} >= {APP}
    assert next(r for r in rows if r["application_id"] == APP)["status"] == "validated"
    for secret in ("LAUGIER", "FR76", "X4RTBPFW4", "2423287D", "Émilie"):
        assert secret not in text


def test_catalogue_is_edited_by_supervisors_and_audited(login, review_url) -> None:
    supervisor = login("sophie")
    supervisor.post(
        "/catalogue",
        data={
            "csrf_token": supervisor.csrf,
            "code": "ATTESTATION_HEBERGEMENT",
            "label": "Attestation d'hébergement",
            "message_fr": "une attestation d'hébergement signée",
            "active": "1",
        },
    )
    assert "ATTESTATION_HEBERGEMENT" in login("alice").get(f"/dossiers/{APP}").text
    with Db(review_url) as session:
        assert (
            session.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue_edit")).one().actor
            == "sophie"
        )


def test_page_image_of_a_missing_file_is_404_not_500(login, review_url) -> None:
    client = login("alice")
    response = client.get(f"/documents/{_document_id(review_url, 'rib.pdf')}/pages/1.png")
    assert response.status_code == 404
