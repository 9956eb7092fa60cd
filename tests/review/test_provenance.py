"""The dossier page says how a value was found: by the form's value, against it, or in the MRZ."""

from __future__ import annotations

import pytest

from review.views import how_found


@pytest.mark.parametrize(
    ("extractor", "said"),
    [
        ("form:iban", "trouvé en cherchant la valeur déclarée"),
        ("form+label:cost_eur", "valeur déclarée trouvée à côté de son libellé"),
        ("label:iban!form", "contredit la valeur déclarée (lue à côté de son libellé)"),
        ("mrz:birth_date", "lu dans la bande MRZ"),
        ("label:holder_name", None),
        ("", None),
        (None, None),
    ],
)
def test_how_a_value_was_found_in_french(extractor: str | None, said: str | None) -> None:
    assert how_found(extractor) == said


@pytest.mark.parametrize(
    ("evidence", "said"),
    [
        ("mrz_valid: TD1 ID, check digits valid", "bande MRZ lue, chiffres de contrôle valides (TD1 ID)"),
        ("iban_bic: IBAN (mod 97 holds), BIC and bank-details header", "IBAN valide, BIC et en-tête de RIB"),
        (
            "iban_bic: IBAN, BIC and header; contradicted by the text model (other 0.97)",
            "IBAN valide, BIC et en-tête de RIB, contredit par le texte",
        ),
        ("2d_doc: document type 01", "code 2D-Doc (document type 01)"),
        (
            "registration: France Travail registration statement and identifier",
            "déclaration d'inscription France Travail et identifiant",
        ),
        (
            "card_title: identity card title at the top of a card; contradicted by the text model"
            " (passport 0.90)",
            "titre de carte d'identité en haut d'une carte, contredit par le texte",
        ),
        (
            "open_set: unlike every bank_details seen (distance 12.2 > 11.6)",
            "ne ressemble à aucun document connu de ce type",
        ),
        (
            "mixed_pages: bank_details, id_card; model: text embedding and cues",
            "le fichier semble contenir plusieurs documents ; modèle statistique (texte et indices)",
        ),
        ("", ""),
        (None, ""),
    ],
)
def test_what_decided_the_type_in_french(evidence: str | None, said: str) -> None:
    from review.labels import type_evidence_label

    assert type_evidence_label(evidence) == said
