"""Fuzzing the text parsers (dates, amounts, names, IBAN, France Travail id, MRZ, date candidates).

Whatever the OCR yields, a parser answers a value or None: it never raises.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.fields.amounts import parse_amount
from extractors.fields.bank import parse_iban
from extractors.fields.candidates import date_candidates, pick_date
from extractors.fields.dates import parse_date
from extractors.fields.jobseeker import parse_ft_id
from extractors.fields.labels import role_labels
from extractors.fields.names import parse_name
from extractors.fields.text import document_lines
from models.mrz import parse_mrz
from tests.extractors.wordlayout import make_document
from validators.normalise_amounts import parse_amount_fr
from validators.normalise_dates import parse_date_fr

# What OCR output looks like: French letters, digits, punctuation, currency, MRZ filler.
OCR_ALPHABET = st.sampled_from(
    list("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéèêàçôûÉ<>/.,:;-'()€$%°\t")
)
OCR_TEXT = st.one_of(st.text(OCR_ALPHABET, max_size=120), st.text(max_size=80))
DATE_LIKE = st.builds(
    lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
    st.integers(-5, 40),
    st.one_of(st.integers(-1, 14).map(str), st.sampled_from(["janv.", "février", "aou", "déc", "Mai"])),
    st.integers(0, 3000),
    st.sampled_from(["/", ".", "-", " ", ""]),
)


@settings(max_examples=400)
@given(OCR_TEXT | DATE_LIKE)
def test_text_parsers_answer_a_value_or_none(text: str) -> None:
    for parser in (parse_date, parse_amount, parse_name, parse_iban, parse_ft_id):
        parsed = parser(text)
        assert parsed is None or 0 <= parsed.start <= parsed.end <= len(text)
    parse_date_fr(text)
    parse_amount_fr(text)


MRZ_LINE = st.text(st.sampled_from(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")), min_size=0, max_size=46)


@settings(max_examples=300)
@given(st.lists(MRZ_LINE, min_size=1, max_size=4), st.sampled_from([None, date(2026, 11, 20)]))
def test_the_mrz_parser_never_raises(lines: list[str], reference: date | None) -> None:
    mrz = parse_mrz("\n".join(lines), reference)
    assert mrz is None or isinstance(mrz.valid, bool)


@settings(max_examples=150)
@given(st.lists(OCR_TEXT | DATE_LIKE, min_size=1, max_size=8))
def test_date_candidates_on_any_page(lines: list[str]) -> None:
    page = document_lines(make_document([line or "." for line in lines]))
    for family in ("proof_of_address", "jobseeker_certificate"):
        candidates = date_candidates(page, role_labels(family))
        for role in ("issue", "registration", "period"):
            pick_date(page, candidates, role, name=role, lone_unlabelled=True, latest_on_tie=True)
