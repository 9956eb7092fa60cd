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
