"""The dossier page shows a document's 2D-Doc: its verdict, the certified values beside the printed ones."""

from __future__ import annotations

from models.db import make_engine, session_factory, session_scope
from review.views import certified_summary
from tests.review.factories import documents, seed_dossier

APP = "SUD-2026-000777"
CERTIFIED = {
    "raw": "DC04XX01DCK1255E255E0101FR10MME/LAUGIER/EMILIE\x1d2413127\x1fAAAA",
    "header": {"version": 4, "ca_id": "XX01", "cert_id": "DCK1", "doc_type": "01", "doc_type_label": "Fact."},
    "fields": {"10": "MME/LAUGIER/EMILIE", "24": "13127", "25": "MARSEILLE"},
    "mapped": {"holder_name": "MME LAUGIER EMILIE", "postal_code": "13127", "city": "MARSEILLE"},
    "printed": {
        "postal_code": {"certified": "13127", "printed": "13127", "found": True},
        "city": {"certified": "MARSEILLE", "printed": "VITROLLES", "found": False},
    },
    "signature": "valid",
    "certificate_id": "XX01/DCK1",
    "test_authority": False,
}


def test_certified_values_beside_the_printed_ones(review_url: str, login) -> None:
    docs = documents()
    docs = [d.model_copy(update={"certified": CERTIFIED}) if d.file == "facture.pdf" else d for d in docs]
    engine = make_engine(review_url)
    with session_scope(session_factory(engine)) as session:
        seed_dossier(session, APP, docs=docs)
    engine.dispose()
    page = login("alice").get(f"/dossiers/{APP}").text
    assert "Certifié (2D-Doc)" in page
    assert "Code 2D-Doc XX01/DCK1 (Fact.) : signature valide" in page
    assert "MARSEILLE" in page and "(absent du document imprimé)" in page
    assert "SUSPECTED_TAMPERING" in page  # the certified.match rule, run on the stored certified object


def test_a_value_read_in_the_code_says_so() -> None:
    from review.views import how_found

    assert how_found("2d_doc") == "lu dans le code 2D-Doc (signature valide)"


def test_summary_of_a_test_authority_and_of_nothing() -> None:
    summary = certified_summary(dict(CERTIFIED, test_authority=True))
    assert summary is not None and "autorité de TEST" in summary["label"]
    assert certified_summary(None) is None
