"""The label vocabulary is data: it loads, every label compiles, and a malformed file fails loudly."""

from __future__ import annotations

import pytest

from extractors.fields.labels import role_labels, vocabulary_labels
from models.doctypes import DOC_TYPES
from models.vocabulary import FAMILY_OF, parse_vocabulary, vocabulary


def test_every_field_of_every_type_with_fields_has_labels_or_a_date_role() -> None:
    vocab = vocabulary()
    roles = {"issue_date": "issue", "registration_date": "registration"}
    unlabelled = {"mrz", "issuer", "city", "postal_code", "tax_year"}  # read from structure, not labels
    for doc_type, family in FAMILY_OF.items():
        for field in DOC_TYPES[doc_type].fields:
            if field in unlabelled:
                continue
            has = vocab.field_labels(family, field) or vocab.roles(family).get(roles.get(field, ""), ())
            assert has, f"{family}.{field} has no label"


def test_every_label_compiles() -> None:
    for family in set(FAMILY_OF.values()):
        for field in vocabulary().labels.get(family, {}):
            assert vocabulary_labels(family, field)
        assert all(role_labels(family).values())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"proof_of_adress": {}}, "unknown section 'proof_of_adress'"),
        ({"bank_details": {"labels": {"iban": []}}}, "must be a non-empty list"),
        ({"bank_details": {"labels": {"iban": [{"phrase": "iban", "regexp": "x"}]}}}, "malformed label"),
        ({"bank_details": {"lables": {}}}, "may hold only"),
    ],
)
def test_a_malformed_vocabulary_names_its_mistake(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_vocabulary(data)
