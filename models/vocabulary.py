"""The label vocabulary (``models/vocabulary.yaml``): what documents write before each value.

Data shared by the extractors (which turn each entry into an OCR-tolerant
pattern) and the rules (which quote the labels searched when a field is not
found). Loaded once and checked: an unknown section or a malformed entry
fails loudly, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from models.doctypes import DocType

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")

# The vocabulary section of each document type that has fields.
FAMILY_OF: dict[DocType, str] = {
    DocType.ID_CARD: "identity",
    DocType.PASSPORT: "identity",
    DocType.RESIDENCE_PERMIT: "identity",
    DocType.PROOF_OF_ADDRESS: "proof_of_address",
    DocType.BANK_DETAILS: "bank_details",
    DocType.JOBSEEKER_CERTIFICATE: "jobseeker_certificate",
    DocType.TRAINING_QUOTE: "training_quote",
    DocType.TAX_NOTICE: "tax_notice",
}
_SECTION_KEYS = {"labels", "date_roles"}
_ENTRY_KEYS = {"phrase", "regex", "strict", "fuzzy", "weak"}


@dataclass(frozen=True)
class LabelEntry:
    """One label as written in the vocabulary."""

    phrase: str
    regex: str | None = None
    strict: bool = False
    fuzzy: bool = True
    weak: bool = False  # a generic word: counts only when no specific label does


def _entry(raw: Any, where: str) -> LabelEntry:
    if isinstance(raw, str) and raw.strip():
        return LabelEntry(raw)
    if isinstance(raw, dict) and isinstance(raw.get("phrase"), str) and not set(raw) - _ENTRY_KEYS:
        return LabelEntry(
            raw["phrase"],
            raw.get("regex"),
            bool(raw.get("strict", False)),
            bool(raw.get("fuzzy", True)),
            bool(raw.get("weak", False)),
        )
    raise ValueError(f"vocabulary: malformed label at {where}: {raw!r} (a phrase, or {sorted(_ENTRY_KEYS)})")


def _entries(raw: Any, where: str) -> tuple[LabelEntry, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"vocabulary: {where} must be a non-empty list of labels")
    return tuple(_entry(item, f"{where}[{i}]") for i, item in enumerate(raw))


@dataclass(frozen=True)
class Vocabulary:
    """Labels per family and field, date roles per family, words that introduce someone else."""

    labels: dict[str, dict[str, tuple[LabelEntry, ...]]]
    date_roles: dict[str, dict[str, tuple[LabelEntry, ...]]]
    not_the_holder: tuple[LabelEntry, ...]

    def field_labels(self, family: str, field: str) -> tuple[LabelEntry, ...]:
        """The labels of ``field`` in ``family`` (empty when the vocabulary has none)."""
        return self.labels.get(family, {}).get(field, ())

    def roles(self, family: str) -> dict[str, tuple[LabelEntry, ...]]:
        """The date roles of ``family`` and their labels."""
        return self.date_roles.get(family, {})


def parse_vocabulary(data: Any) -> Vocabulary:
    """Check and convert the YAML document; ValueError naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("vocabulary: the document must be a mapping of sections")
    families = set(FAMILY_OF.values())
    labels: dict[str, dict[str, tuple[LabelEntry, ...]]] = {}
    roles: dict[str, dict[str, tuple[LabelEntry, ...]]] = {}
    not_the_holder: tuple[LabelEntry, ...] = ()
    for name, section in data.items():
        if name == "not_the_holder":
            not_the_holder = _entries(section, name)
            continue
        if name not in families:
            raise ValueError(
                f"vocabulary: unknown section {name!r}; valid: {', '.join(sorted(families))}, not_the_holder"
            )
        if not isinstance(section, dict) or set(section) - _SECTION_KEYS:
            raise ValueError(f"vocabulary: section {name!r} may hold only {sorted(_SECTION_KEYS)}")
        labels[name] = {
            str(field): _entries(items, f"{name}.labels.{field}")
            for field, items in (section.get("labels") or {}).items()
        }
        roles[name] = {
            str(role): _entries(items, f"{name}.date_roles.{role}")
            for role, items in (section.get("date_roles") or {}).items()
        }
    return Vocabulary(labels, roles, not_the_holder)


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded and checked once."""
    return parse_vocabulary(yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8")))


def family_of(doc_type: DocType | str) -> str | None:
    """The vocabulary section of a document type, None for types without fields."""
    try:
        return FAMILY_OF.get(DocType(doc_type))
    except ValueError:
        return None
