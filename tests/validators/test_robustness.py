"""Junk in, no exception out: every validator, parser and rule (STYLE.md §5).

In the spirit of python-stdnum's ``test_robustness.doctest``.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from models.doctypes import DOC_TYPES, DocType
from models.document import Extracted, PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding
from tests.validators.factories import application, good_documents, rulebook, unreadable
from validators import normalise, normalise_amounts, normalise_dates, normalise_names
from validators.engine import check_application, check_document
from validators.identifiers import IDENTIFIERS
from validators.rules import REGISTRY

HUGE = "A1 <é-'" * 150_000  # ~1 MB
JUNK: list[object] = [
    None,
    "",
    " ",
    "\u00a0\u202f\t\n",
    "💥🇫🇷👩‍👩‍👧",
    b"FR76 3000",
    bytearray(b"\x00\xff"),
    HUGE,
    "9" * 1_000_000,
    "<" * 1_000_000,
    "12/03/2026 " * 50_000,
    "\x00\x1b[31m",
    "٣٤٥٦",  # Arabic-Indic digits
    "ⅫⅣ①",
    0,
    -1,
    10**30,
    3.14,
    float("nan"),
    float("inf"),
    True,
    [],
    ["Élodie"],
    {},
    object(),
    date(2026, 1, 1),
]


@pytest.mark.parametrize("name", sorted(IDENTIFIERS))
def test_identifiers_is_valid_never_raises(name: str) -> None:
    identifier = IDENTIFIERS[name]
    for junk in JUNK:
        assert identifier.is_valid(junk) is False, repr(junk)[:50]


@pytest.mark.parametrize("parse", [normalise_dates.parse_date_fr, normalise_amounts.parse_amount_fr])
def test_parsers_never_raise(parse) -> None:
    for junk in JUNK:
        result = parse(junk)
        if not isinstance(junk, (date, int, float)):
            assert result is None, repr(junk)[:50]


def test_name_functions_never_raise() -> None:
    for a, b in itertools.product(JUNK, repeat=2):
        normalise_names.fold_name(a)
        normalise_names.fold_name_variants(a)
        normalise.compact(a)
        assert isinstance(normalise_names.last_name_matches(a, b), bool)
        assert isinstance(normalise_names.first_name_matches(a, b), bool)
        assert isinstance(normalise_names.holder_matches(a, b), bool)
        normalise_names.last_name_matches(a, b, max_edits=1, min_length=5)


def _junk_values() -> list[str | int | float]:
    return [v for v in JUNK if isinstance(v, (str, int, float)) and not isinstance(v, bool)]


def _junk_documents() -> list[DocumentFacts]:
    docs: list[DocumentFacts] = []
    values = _junk_values()
    qualities = [
        PageQuality(),
        PageQuality(sharpness=float("nan"), mean_grey=float("inf"), dpi=-1, ocr_mean_conf=float("nan")),
        PageQuality(sharpness=-5, mean_grey=-5, dpi=0, ocr_mean_conf=1e300, blank=True),
    ]
    for i, (doc_type, value) in enumerate(itertools.product(DocType, values)):
        spec = DOC_TYPES[doc_type]
        names = spec.fields or ("last_name", "holder_name")
        docs.append(
            DocumentFacts(
                file=f"junk-{i:04d}-💥.pdf",
                sha256=["", "same", str(value)[:64]][i % 3],
                doc_type=doc_type,
                confidence=[0.99, float("nan"), -1.0, 2.0, float("inf")][i % 5],
                pages=[0, 1, 3][i % 3],
                text_source=list(TextSource)[i % 4],
                fields={n: Extracted(value=value, raw=str(value)[:1000]) for n in names},
                page_quality=qualities[: i % 4],
                tampering_signals=["", "💥", HUGE[:5000]][: i % 3],
                page_hashes=["", "h", "h"][: i % 4],
                duplicate_of=["", "SUD-1", "💥"][: i % 3],
            )
        )
    docs.append(unreadable("junk-unreadable.pdf"))
    return docs


JUNK_DOCS = _junk_documents()


@pytest.mark.parametrize("rule_id", sorted(REGISTRY))
def test_every_rule_survives_junk_documents(rule_id: str) -> None:
    spec = REGISTRY[rule_id]
    for chunk in (JUNK_DOCS[i : i + 40] for i in range(0, len(JUNK_DOCS), 40)):
        findings = spec.func(application(), chunk, rulebook())
        assert isinstance(findings, list) and all(isinstance(f, Finding) for f in findings)


def test_engine_on_junk_has_no_internal_errors() -> None:
    findings = check_application(application(), JUNK_DOCS + good_documents(), rulebook())
    assert findings
    assert not [f for f in findings if "erreur interne" in f.message_fr]
    for doc in JUNK_DOCS[:60]:
        assert not [f for f in check_document(doc, rulebook()) if "erreur interne" in f.message_fr]
