"""The labels of a proof of address (utility bill, rent receipt, home insurance certificate).

The vocabulary's labels of the ``proof_of_address`` family, by field, and all
of them together (``ALL_LABELS``, where a labelled value stops).
"""

from __future__ import annotations

from extractors.fields.labels import role_labels, vocabulary_labels

FAMILY = "proof_of_address"
HOLDER = vocabulary_labels(FAMILY, "holder_name")
ADDRESS = vocabulary_labels(FAMILY, "address_line")
ISSUER_LABELS = vocabulary_labels(FAMILY, "issuer")
OTHER_LABELS = vocabulary_labels(FAMILY, "other")
DATE_ROLES = role_labels(FAMILY)
ALL_LABELS = HOLDER + ADDRESS + DATE_ROLES["issue"] + ISSUER_LABELS + OTHER_LABELS
