"""extract_fields: the registry, and robustness of every extractor against junk documents."""

from __future__ import annotations

import random

import pytest

from extractors.fields import EXTRACTORS, extract_fields
from models.doctypes import DOC_TYPES, DocType
from models.document import Document, FileKind, Page, TextSource, Word
from tests.extractors.test_classify import SAMPLES
from tests.extractors.wordlayout import make_document


def test_every_type_has_an_extractor() -> None:
    assert set(EXTRACTORS) == set(DocType)


@pytest.mark.parametrize("doc_type", [DocType.CV, DocType.OTHER])
def test_types_without_fields(doc_type: DocType) -> None:
    assert extract_fields(make_document(SAMPLES["rib"][1]), doc_type) == {}


def _junk_documents() -> list[Document]:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<:/.,'-€°|«» éèàçÉ"
    noise = [
        " ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(8))
        for _ in range(40)
    ]
    degenerate = Page(
        number=1,
        width=0,
        height=0,
        source=TextSource.OCR,
        words=[
            Word(text="IBAN", bbox=(0.5, 0.5, 0.5, 0.5), conf=0.0, line=0),
            Word(text=":", bbox=(0.5, 0.5, 0.5, 0.5), conf=0.0, line=0),
            Word(text="FR76", bbox=(0.5, 0.5, 0.5, 0.5), conf=0.0, line=1),
            Word(text="   ", bbox=(0.0, 0.0, 1.0, 1.0), conf=0.5, line=2),
        ],
    )
    return [
        make_document(),
        make_document([]),
        make_document(noise),
        make_document(["😀 🎉 ☃"] * 5, ["\u200b\u200b", "Nom :", "Date :", "IBAN :", "SIRET :"]),
        make_document(["x" * 5000, "1" * 3000, "<" * 44, "<" * 44]),
        make_document(["Nom : " + "A" * 200, "Prénom(s) : " + "é" * 100, "Né(e) le : 99/99/9999"]),
        Document(file="d.pdf", sha256="0" * 64, kind=FileKind.PDF, pages=[degenerate]),
    ]


@pytest.mark.parametrize("doc_type", list(DocType))
def test_extractors_never_raise_on_junk(doc_type: DocType) -> None:
    for document in _junk_documents():
        fields = extract_fields(document, doc_type)
        assert set(fields) <= set(DOC_TYPES[doc_type].fields)
        for name, extracted in fields.items():
            assert extracted.value != "", name
            assert 0.0 <= extracted.confidence <= 1.0


@pytest.mark.parametrize("name", [n for n in SAMPLES if n not in ("blank", "garbage")])
def test_provenance_on_every_sample(name: str) -> None:
    doc_type, lines = SAMPLES[name]
    document = make_document(lines)
    for field, extracted in extract_fields(document, doc_type).items():
        assert extracted.page == 1, field
        assert extracted.bbox is not None
        x0, y0, x1, y1 = extracted.bbox
        assert 0 <= x0 <= x1 <= 1 and 0 <= y0 <= y1 <= 1
        assert extracted.raw.strip()
        assert 0 < extracted.confidence <= 1
        assert extracted.extractor
