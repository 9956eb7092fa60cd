"""Small factories for validator tests: an application, documents, the shipped rulebook, MRZs.

``application()`` is the CONTRACT.md §2 example; ``good_documents()`` a complete
dossier that passes every rule against it. Tests change one thing and look at
what the rules say. All people and numbers are invented.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import cache
from typing import Any

from models.contract import Application
from models.doctypes import DocType
from models.document import Extracted, PageQuality, TextSource
from models.facts import DocumentFacts
from models.reasons import Finding, ReasonCode, Severity
from models.settings import DEFAULT_RULES_DIR
from validators.rulebook import Rulebook, load_rulebook

RULES_DIR = DEFAULT_RULES_DIR
PROGRAM = "aide-individuelle-formation"

SUBMITTED = date(2026, 11, 20)
IBAN_OK = "FR7630006000011234567890189"
SIRET_OK = "73282932000074"
FT_ID = "4821937K"

APPLICATION: dict[str, Any] = {
    "application_id": "SUD-2026-000123",
    "program": PROGRAM,
    "submitted_at": "2026-11-20",
    "applicant": {
        "last_name": "DUPONT-MARTIN",
        "first_names": ["Élodie", "Marie"],
        "birth_date": "1991-04-12",
        "address": {"line1": "12 rue de la République", "postal_code": "13001", "city": "Marseille"},
        "france_travail_id": FT_ID,
        "iban": "FR76 3000 6000 0112 3456 7890 189",
    },
    "training": {
        "provider_name": "Formasud Conseil",
        "provider_siret": SIRET_OK,
        "title": "Titre professionnel Développeur web et web mobile",
        "start_date": "2027-01-11",
        "end_date": "2027-06-25",
        "hours": 798,
        "cost_eur": "4350.00",
    },
    "requested_amount_eur": "4350.00",
}


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def application(**changes: Any) -> Application:
    """The CONTRACT example, with nested changes: application(applicant={"last_name": "X"})."""
    return Application.model_validate(_merge(APPLICATION, changes))


@cache
def rulebook() -> Rulebook:
    """The shipped rulebook."""
    return load_rulebook(PROGRAM, RULES_DIR)


def rulebook_with(**changes: Any) -> Rulebook:
    """The shipped rulebook with top-level fields replaced (validated again)."""
    data = rulebook().model_dump()
    data.update(changes)
    return Rulebook.model_validate(data)


def fx(value: Any, raw: str | None = None) -> Extracted:
    """An extracted field."""
    return Extracted(value=value, raw=str(value) if raw is None else raw, page=1, extractor="test")


def doc(
    file: str,
    doc_type: DocType,
    fields: dict[str, Any] | None = None,
    *,
    confidence: float = 0.97,
    text_source: TextSource = TextSource.OCR,
    pages: int = 1,
    quality: list[PageQuality] | None = None,
    sha256: str | None = None,
    **extra: Any,
) -> DocumentFacts:
    """A DocumentFacts; ``fields`` values are wrapped in Extracted (None values left out)."""
    return DocumentFacts(
        file=file,
        sha256=sha256 or f"sha-{file}",
        doc_type=doc_type,
        confidence=confidence,
        pages=pages,
        text_source=text_source,
        fields={
            k: v if isinstance(v, Extracted) else fx(v) for k, v in (fields or {}).items() if v is not None
        },
        page_quality=quality
        if quality is not None
        else [PageQuality(sharpness=900, mean_grey=200, dpi=300, ocr_mean_conf=90) for _ in range(pages)],
        **extra,
    )


# ---------------------------------------------------------------- MRZ builders (ICAO 9303)


def check_digit(data: str) -> str:
    """ICAO 9303 check digit, written independently of models.mrz to cross-check it."""
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(data)) % 10)


def _pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


def _yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def td1(
    surname: str = "DUPONT<MARTIN",
    given: str = "ELODIE<MARIE",
    number: str = "X4RTBPFW4",
    birth: date = date(1991, 4, 12),
    expiry: date = date(2031, 5, 1),
    code: str = "ID",
) -> str:
    """A TD1 MRZ (3 × 30) with correct check digits."""
    l1 = _pad(f"{code}FRA{number}{check_digit(number)}", 30)
    b, e = _yymmdd(birth), _yymmdd(expiry)
    l2 = f"{b}{check_digit(b)}F{e}{check_digit(e)}FRA" + "<" * 11
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + check_digit(composite)
    l3 = _pad(f"{surname}<<{given}", 30)
    return "\n".join((l1, l2, l3))


def td3(
    surname: str = "DUPONT<MARTIN",
    given: str = "ELODIE<MARIE",
    number: str = "20AB12345",
    birth: date = date(1991, 4, 12),
    expiry: date = date(2031, 5, 1),
) -> str:
    """A TD3 passport MRZ (2 × 44) with correct check digits."""
    l1 = _pad(f"P<FRA{surname}<<{given}", 44)
    b, e = _yymmdd(birth), _yymmdd(expiry)
    personal = "<" * 14
    l2 = f"{number}{check_digit(number)}FRA{b}{check_digit(b)}F{e}{check_digit(e)}{personal}<"
    composite = l2[0:10] + l2[13:20] + l2[21:43]
    return "\n".join((l1, l2 + check_digit(composite)))


def fr_id(
    surname: str = "DUPONT<MARTIN",
    given: str = "ELODIE<<MARIE",
    number: str = "880692310285",
    birth: date = date(1991, 4, 12),
) -> str:
    """An old French identity card MRZ (2 × 36) with correct check digits."""
    l1 = _pad(f"IDFRA{surname}", 30) + "013001"
    b = _yymmdd(birth)
    l2 = f"{number}{check_digit(number)}{_pad(given, 14)}{b}{check_digit(b)}F"
    return "\n".join((l1, l2 + check_digit(l1 + l2)))


# ---------------------------------------------------------------- a complete, valid dossier


def identity_doc(**fields: Any) -> DocumentFacts:
    base = {
        "last_name": "DUPONT-MARTIN",
        "first_names": "ÉLODIE MARIE",
        "birth_date": "1991-04-12",
        "document_number": "X4RTBPFW4",
        "expiry_date": "2031-05-01",
        "mrz": td1(),
    }
    base.update(fields)
    return doc("cni.jpg", DocType.ID_CARD, base)


def proof_doc(file: str = "facture_edf.pdf", **fields: Any) -> DocumentFacts:
    base = {
        "holder_name": "M. OU MME DUPONT-MARTIN ELODIE",
        "address_line": "12 RUE DE LA REPUBLIQUE",
        "postal_code": "13001",
        "city": "MARSEILLE",
        "issue_date": "2026-10-02",
        "issuer": "EDF",
    }
    base.update(fields)
    return doc(file, DocType.PROOF_OF_ADDRESS, base, text_source=TextSource.TEXT_LAYER)


def rib_doc(file: str = "rib.pdf", **fields: Any) -> DocumentFacts:
    base = {"holder_name": "MME DUPONT-MARTIN ELODIE", "iban": IBAN_OK, "bic": "BNPAFRPPXXX"}
    base.update(fields)
    return doc(file, DocType.BANK_DETAILS, base, text_source=TextSource.TEXT_LAYER)


def jobseeker_doc(file: str = "attestation_ft.pdf", **fields: Any) -> DocumentFacts:
    base = {
        "last_name": "DUPONT-MARTIN",
        "first_names": "Élodie Marie",
        "france_travail_id": FT_ID,
        "registration_date": "2026-02-03",
        "issue_date": "2026-11-02",
    }
    base.update(fields)
    return doc(file, DocType.JOBSEEKER_CERTIFICATE, base, text_source=TextSource.TEXT_LAYER)


def quote_doc(file: str = "devis.pdf", **fields: Any) -> DocumentFacts:
    base = {
        "provider_name": "Formasud Conseil",
        "provider_siret": SIRET_OK,
        "training_title": "Titre professionnel Développeur web et web mobile",
        "start_date": "2027-01-11",
        "end_date": "2027-06-25",
        "hours": 798,
        "cost_eur": 4350.0,
        "issue_date": "2026-10-15",
    }
    base.update(fields)
    return doc(file, DocType.TRAINING_QUOTE, base, text_source=TextSource.TEXT_LAYER)


def good_documents() -> list[DocumentFacts]:
    return [identity_doc(), proof_doc(), rib_doc(), jobseeker_doc(), quote_doc()]


def unreadable(file: str = "scan.pdf") -> DocumentFacts:
    """A file that could not be opened, as the reader hands it over."""
    finding = Finding(
        rule_id="read",
        code=ReasonCode.FILE_UNREADABLE,
        severity=Severity.DOUBT,
        message_fr="Le fichier est endommagé ou incomplet et ne peut pas être lu.",
        evidence={"error": "CorruptFile"},
    )
    return DocumentFacts(file=file, sha256=f"sha-{file}", read_findings=[finding])


def codes(findings: list[Finding]) -> list[str]:
    return [f.code.value for f in findings]


def run(
    rule_id: str,
    app: Application | None = None,
    docs: list[DocumentFacts] | None = None,
    rb: Rulebook | None = None,
) -> list[Finding]:
    """Run one registered rule directly (no engine, no several-documents policy)."""
    from validators.rules import REGISTRY

    return REGISTRY[rule_id].func(
        app or application(), good_documents() if docs is None else docs, rb or rulebook()
    )
