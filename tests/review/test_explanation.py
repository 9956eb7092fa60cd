"""The explanation of a decision in the review app: login required, page and downloads."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from models.tables import ApplicationRow, EvaluationRow
from tests.review.factories import FORM, WRONG_IBAN
from tests.review.test_actions import APP, Db, _document_id


def test_explanation_needs_a_login(app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(app) as anonymous:
        for path in (f"/dossiers/{APP}/explication", f"/dossiers/{APP}/explication.json"):
            response = anonymous.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_explanation_page_and_downloads_after_a_correction(login, review_url) -> None:  # type: ignore[no-untyped-def]
    client = login("alice")
    assert f"/dossiers/{APP}/explication" in client.get(f"/dossiers/{APP}").text
    response = client.post(
        f"/dossiers/{APP}/fields",
        data={
            "csrf_token": client.csrf,
            "document_id": _document_id(review_url, "rib.pdf"),
            "name": "iban",
            "value": FORM["applicant"]["iban"],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with Db(review_url) as session:
        row = session.scalars(select(ApplicationRow).where(ApplicationRow.application_id == APP)).one()
        evaluation = session.scalars(
            select(EvaluationRow).where(EvaluationRow.application_pk == row.id)
        ).one()
        assert evaluation.trigger == "recheck" and evaluation.actor == "alice"
        version = evaluation.rulebook_version

    page = client.get(f"/dossiers/{APP}/explication")
    assert page.status_code == 200
    assert "Contribution du traitement algorithmique" in page.text and version in page.text
    assert "IBAN conforme au formulaire" in page.text

    download = client.get(f"/dossiers/{APP}/explication.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    explanation = json.loads(download.content.decode("utf-8"))
    assert explanation["reglement"]["version"] == version
    iban_rule = next(r for r in explanation["parametres"]["regles"] if r["regle"] == "bank.iban_match")
    assert iban_rule["resultat"] == "satisfaite"
    corrected = [i for i in iban_rule["donnees_lues"] if i["origine"] == "document"]
    assert corrected and corrected[0]["corrigee_par_un_agent"] and corrected[0]["document"] == "rib.pdf"
    human = explanation["operations"]["interventions_humaines"]
    correction = next(e for e in human if e["action"] == "correct_field")
    assert correction["qui"] == "alice" and correction["avant"] == WRONG_IBAN

    markdown = client.get(f"/dossiers/{APP}/explication.md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "## 4. Opérations effectuées" in markdown.text
    assert client.get(f"/dossiers/{APP}/explication.pdf").status_code == 404
    assert client.get("/dossiers/SUD-0000-404/explication").status_code == 404
