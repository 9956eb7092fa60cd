"""The layout families of the sample documents, each in a split.

A *family* is one issuer's way of printing one kind of document: its piece,
its name (the truth's ``layout``), its split and its renderer. The split says
whether the pipeline may be tuned on it:

- ``seen``: the layouts the project develops against (every original layout);
- ``held_out``: layouts kept out of development, to measure how the pipeline
  generalises to issuers, wordings, positions, fonts and formats it has never
  seen. Their wordings are not to be copied into the extractors.

``generate_batch(..., split=...)`` draws from ``seen`` (the default),
``held_out`` (every piece that has held-out families draws only from them;
the others from ``seen``) or ``all``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sample_docs.layouts import (
    address,
    address_more,
    bank,
    bank_more,
    identity,
    jobseeker,
    jobseeker_more,
    optional,
    other_more,
    quote,
    quote_more,
    tax_more,
)
from sample_docs.people import Bank
from sample_docs.plans import IDENTITY_DOC_TYPES
from sample_docs.render import Rendered

SEEN = "seen"
HELD_OUT = "held_out"
ALL = "all"
SPLITS = (SEEN, HELD_OUT)
SPLIT_CHOICES = (SEEN, HELD_OUT, ALL)
FRANCE_TRAVAIL_SINCE = date(2024, 1, 1)  # Pôle emploi became France Travail

# Holder name styles of the original layouts (builders.format_holder draws one of them).
CLASSIC_HOLDER_STYLES = ("civ_last_given", "civility_given_last", "civ_upper_folded", "last_given")


@dataclass(frozen=True)
class Family:
    """One layout family."""

    piece: str  # identity, proof_of_address, bank_details, jobseeker_certificate, training_quote, ...
    name: str  # the truth ``layout``
    split: str  # seen | held_out
    render: Callable[..., Rendered]  # (facts, rng) -> Rendered; identity: (facts, rng, frame)
    doc_type: str
    axes: str = ""  # what varies (README table)
    weight: float = 1.0
    departments: tuple[str, ...] = ()  # proof of address: only there (water); empty = everywhere
    era: str = ""  # jobseeker: pole_emploi (issued before 2024) | france_travail; empty = any
    bank: Bank | None = None  # bank details: the family prints its own bank (the account is there)
    holder_styles: tuple[str, ...] = CLASSIC_HOLDER_STYLES  # how the holder name is written
    single_image: bool = True  # False: truth fields beyond page 1 (never captured as one image)


def _identity(name: str) -> Family:
    return Family(
        "identity", name, SEEN, identity.render_identity, IDENTITY_DOC_TYPES[name], "original layout"
    )


def _address_original(issuer: address.Issuer) -> Family:
    return Family(
        "proof_of_address",
        issuer.layout,
        SEEN,
        address.render_address_proof,
        "proof_of_address",
        "original layout",
        weight=0.6 if issuer.kind in ("rent", "insurance") else 1.0,
        departments=issuer.departments,
    )


def _simple(piece: str, name: str, render: Callable[..., Rendered], **extra: object) -> Family:
    doc_type = {"tax_notice": "tax_notice", "cv": "cv", "other": "other"}.get(piece, piece)
    return Family(piece, name, SEEN, render, doc_type, "original layout", **extra)  # type: ignore[arg-type]


ORIGINAL_FAMILIES: tuple[Family, ...] = (
    *(_identity(name) for name in ("cni_2021", "cni_1988", "passport", "residence_permit")),
    *(_address_original(issuer) for issuer in address.ISSUERS),
    *(_simple("bank_details", name, bank.render_bank_details) for name in bank.BANK_LAYOUTS),
    _simple("jobseeker_certificate", "ft_attestation", jobseeker.render_jobseeker, era="france_travail"),
    _simple("jobseeker_certificate", "ft_sentence", jobseeker.render_jobseeker, era="france_travail"),
    _simple("jobseeker_certificate", "pe_attestation", jobseeker.render_jobseeker, era="pole_emploi"),
    *(_simple("training_quote", name, quote.render_quote) for name in quote.QUOTE_LAYOUTS),
    _simple("tax_notice", "avis_impot", optional.render_tax_notice),
    _simple("cv", "cv", optional.render_cv),
    *(_simple("other", name, optional.render_other) for name in optional.OTHER_LAYOUTS),
)


def _address(name: str, split: str, axes: str, styles: tuple[str, ...], **extra: object) -> Family:
    return Family(
        "proof_of_address",
        name,
        split,
        address_more.render_address_more,
        "proof_of_address",
        axes,
        holder_styles=styles,
        **extra,  # type: ignore[arg-type]
    )


def _bank(name: str, split: str, axes: str, styles: tuple[str, ...]) -> Family:
    return Family(
        "bank_details",
        name,
        split,
        bank_more.render_bank_more,
        "bank_details",
        axes,
        bank=bank_more.BANKS[name],
        holder_styles=styles,
    )


def _jobseeker(name: str, split: str, axes: str, era: str, **extra: object) -> Family:
    return Family(
        "jobseeker_certificate",
        name,
        split,
        jobseeker_more.render_jobseeker_more,
        "jobseeker_certificate",
        axes,
        era=era,
        **extra,  # type: ignore[arg-type]
    )


def _quote(name: str, split: str, axes: str, **extra: object) -> Family:
    return Family(
        "training_quote",
        name,
        split,
        quote_more.render_quote_more,
        "training_quote",
        axes,
        **extra,  # type: ignore[arg-type]
    )


# The added families. ``axes``: what each realises among the axes of variety
# (labels, value position, date and amount formats, names, competing
# candidates, page, typeface, visual noise), for the README table.
ADDED_FAMILIES: tuple[Family, ...] = (
    # ---- proofs of address
    _address(
        "octopus_facture",
        SEEN,
        "dual energy; labels FR+EN; values below labels in boxes (shuffled); ISO dates; EUR 1234.50; "
        "HT/TVA/TTC, PDL/PCE numbers, issuer address, web, phone; Vera; QR, band",
        ("given_last", "last_given"),
    ),
    _address(
        "mint_facture",
        SEEN,
        "electricity; prose letter (fields in sentences); long dates with 1er; 1 234,50 €; period, due and "
        "next-reading dates; 2 pages (detail on p.2); Times; wave",
        ("civility_given_last", "civ_given_last", "given_last"),
    ),
    _address(
        "veolia_facture",
        SEEN,
        "water (06, 13, 83, 84); abbreviated labels; values above captions; dd.mm.yy; 1.234,50 EUR; meter "
        "dates, due date; issue date on p.2 only; Helvetica + Courier; dotted watermark, bar code",
        ("civ_last_given", "civ_upper_folded", "couple"),
        departments=("06", "13", "83", "84"),
        single_image=False,
    ),
    _address(
        "bouygues_facture",
        SEEN,
        "box + mobile; holder, address, date in table columns; dd/mm/yyyy or dd.mm.yy; "
        "1 234,50 € HT/TVA/TTC; phone numbers, account number; Helvetica; diagonal watermark",
        ("civ_given_last", "last_given", "couple_short"),
    ),
    _address(
        "quittance_particulier",
        SEEN,
        "rent receipt from a private landlord (letter, issuer = a person); fields in a sentence; "
        "le d/m/yyyy; 1234,50 euros; two addresses, payment and period dates; Times; signature",
        ("civility_given_last", "couple", "civility_last_given"),
        weight=0.6,
    ),
    _address(
        "maif_attestation",
        SEEN,
        "home insurance; label synonyms; values in a column right of labels; long or d/m/yyyy dates; "
        "member and contract numbers, validity period; Helvetica; stamp",
        ("civ_last_given", "civility_last_given", "civ_given_last"),
        weight=0.6,
    ),
    _address(
        "alpiq_facture",
        HELD_OUT,
        "electricity; labels FR+DE; values in a column (rows shuffled); ISO dates; EUR 1234.50 HT/TVA/TTC; "
        "customer and invoice numbers; Vera; QR",
        ("last_given", "civ_last_given"),
    ),
    _address(
        "plenitude_facture",
        HELD_OUT,
        "gas; values above captions in tiles; le d/m/yyyy; 1.234,50 EUR; meter dates, PCE number; "
        "Helvetica + Courier",
        ("civ_upper_folded", "given_last", "couple"),
    ),
    _address(
        "saur_facture",
        HELD_OUT,
        "water (04, 05, 06, 83, 84); prose letter (fields in sentences); long dates; 1234,50 euros; "
        "reading, due, next-reading dates; Times",
        ("civility_given_last", "civ_last_given", "couple_short"),
        departments=("04", "05", "06", "83", "84"),
    ),
    _address(
        "hlm_quittance",
        HELD_OUT,
        "social housing notice + receipt; references and date in a table; values below labels; dd.mm.yy; "
        "1.234,50 EUR with a negative aid line; Helvetica + Courier; stamp with another date, watermark",
        ("last_given", "couple", "civ_upper_folded"),
        weight=0.6,
    ),
    _address(
        "leocare_attestation",
        HELD_OUT,
        "home insurance; labels FR+EN; values below labels (right column shuffled); ISO dates; "
        "EUR amounts; effective and renewal dates; Vera; QR",
        ("given_last", "civ_given_last"),
        weight=0.6,
    ),
    _address(
        "lapostemobile_facture",
        HELD_OUT,
        "mobile; summary on p.1, address and issue date on p.2 only; dd/mm/yyyy; 1 234,50 €; period and "
        "debit dates; Helvetica; colour band, bar chart",
        ("given_last", "civility_given_last", "last_given"),
        single_image=False,
    ),
    # ---- bank details
    _bank(
        "rib_cic",
        SEEN,
        "holder block without label; IBAN in groups of 4 under a table header; BIC label variant; "
        "agency address and phone; Times; watermark",
        ("civ_last_given", "couple", "last_given"),
    ),
    _bank(
        "rib_boursobank",
        SEEN,
        "account-name label; IBAN on one line without spaces; BIC/SWIFT label; joint accounts; "
        "generation date; Vera; QR, band",
        ("civ_given_last", "given_last", "civ_upper_folded"),
    ),
    _bank(
        "rib_credit_coop",
        SEEN,
        "holder(s) label; IBAN split over two lines; BIC label variant; RIB codes above values; "
        "Helvetica + Courier; frame",
        ("couple_or", "couple", "civility_last_given"),
    ),
    _bank(
        "rib_qonto",
        HELD_OUT,
        "labels FR+EN, values below labels; IBAN in groups of 4; account name beside the holder; bank and "
        "holder addresses; ISO date; Vera; QR",
        ("given_last", "last_given"),
    ),
    _bank(
        "rib_fortuneo",
        HELD_OUT,
        "holder block without label; IBAN without spaces under a table header; BIC label variant; long "
        "date; Helvetica; diagonal watermark",
        ("civ_upper_folded", "couple_or", "civility_given_last"),
    ),
    _bank(
        "rib_nickel",
        HELD_OUT,
        "holder label variant; IBAN split over two lines (3 + 4 groups); SWIFT label; RIB codes on one "
        "line; dd.mm.yy; Helvetica + Courier; card frame, bar code",
        ("last_given", "civ_last_given", "given_last"),
    ),
    # ---- job-seeker certificates
    _jobseeker(
        "ft_avis_situation",
        SEEN,
        "avis de situation; identifier label variant; registration in a table column; ISO dates; "
        "update dates, agency code; Helvetica; QR",
        "france_travail",
    ),
    _jobseeker(
        "ft_attestation_2p",
        SEEN,
        "two pages: cover letter (identifier, issue date in words) then the attestation; registration "
        "date on p.2 only; Prénom NOM with civility; Vera",
        "france_travail",
        single_image=False,
    ),
    _jobseeker(
        "pe_attestation_prose",
        HELD_OUT,
        "older Pôle emploi (issued before 2024); every field in one sentence; NOM Prénom with civility; "
        "long and d/m/yyyy dates; last-update date; Times; stamp",
        "pole_emploi",
    ),
    _jobseeker(
        "ft_attestation_prose",
        HELD_OUT,
        "identifier in a box, value below its label; Prénom NOM without civility in a sentence; "
        "dd.mm.yy dates; update dates; Helvetica + Courier; band",
        "france_travail",
    ),
    _jobseeker(
        "ft_releve_periodes",
        HELD_OUT,
        "statement of registration periods; names and identifier in table columns; registration date "
        "as the start of the open period among older periods; dd/mm/yyyy; Vera",
        "france_travail",
    ),
    # ---- training quotes
    _quote(
        "devis_lettre",
        SEEN,
        "quote as a letter; title, hours (798 heures), period (du … au …) and price (1234,50 euros) in "
        "sentences; weekly hours and fees as competing figures; long issue date; Times",
    ),
    _quote(
        "devis_3_pages",
        SEEN,
        "three pages: cover (provider, SIRET grouped, ISO issue date), schedule table with module dates "
        "and hours + price HT/TVA/TTC (1 234,50 €) on p.2, terms on p.3; Helvetica; band",
        single_image=False,
    ),
    _quote(
        "devis_grille",
        HELD_OUT,
        "dense grid of cells, value below label; SIRET as SIREN + NIC; VAT number; hours as days (h); "
        "dd.mm.yy; 1.234,50 EUR with or without VAT; validity date; Helvetica + Courier",
    ),
    _quote(
        "proposition_bilingue",
        HELD_OUT,
        "two pages, labels FR+EN; duration, period in words and price (EUR 1234.50) on p.2 with terms; "
        "sequence table and hours per week; le d/m/yyyy issue date; Vera",
        single_image=False,
    ),
    # ---- tax notice
    Family(
        "tax_notice",
        "avis_situation_declarative",
        HELD_OUT,
        tax_more.render_asdir,
        "tax_notice",
        "names and tax number in table columns; reference below its label; reference income among other "
        "income figures; year in a sentence; ISO date; Helvetica + Times; QR",
    ),
    # ---- other: documents a caseworker files as none of the pieces (the classifier's open set)
    *(
        Family("other", name, SEEN, other_more.render_other_more, "other", axes)
        for name, axes in (
            (
                "facture_achat",
                "invoice for goods (shop); FR, EN or DE; items table, HT/TVA/TTC; often the "
                "seller's IBAN and BIC; Helvetica, Times or Vera; logo, QR, PAID stamp",
            ),
            (
                "facture_prestation",
                "invoice for services (plumber, garage, hosting, removals, vet); FR, EN or DE; "
                "same axes as facture_achat",
            ),
            (
                "courrier_entreprise",
                "business letter (reminder, offer, order confirmation, terms change, "
                "termination confirmed); addressee window; SIRET footer",
            ),
            (
                "contrat",
                "contract (car rental, services, subscription, fixed-term employment); parties, "
                "articles, two signatures",
            ),
            (
                "bulletin_paie",
                "payslip; employer, SIRET, NAF; contributions table; net pay; Helvetica, Courier or Vera",
            ),
            (
                "releve_compte",
                "bank account statement; IBAN and BIC; operations table; balances; band, bar code",
            ),
            (
                "formulaire_administratif",
                "administrative form (numbered sections, boxes, check boxes), blank or filled",
            ),
            (
                "devis_travaux",
                "quote for building works (tiling, electricity, windows, painting); SIRET; HT/TVA 10 %/TTC",
            ),
        )
    ),
)

FAMILIES: tuple[Family, ...] = (*ORIGINAL_FAMILIES, *ADDED_FAMILIES)
FAMILY_BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}
assert len(FAMILY_BY_NAME) == len(FAMILIES), "family names must be unique"


# --------------------------------------------------------------------------- look-ups


def normalise_split(split: str) -> str:
    """``seen``, ``held_out`` or ``all`` (``held-out`` accepted)."""
    value = split.replace("-", "_")
    if value not in SPLIT_CHOICES:
        raise ValueError(f"unknown split {split!r}; valid: seen, held-out, all")
    return value


def family(name: str) -> Family:
    """The family named ``name``."""
    try:
        return FAMILY_BY_NAME[name]
    except KeyError:
        raise KeyError(f"no layout family {name!r}") from None


def split_of_layout(layout: str | None) -> str | None:
    """The split of a truth ``layout`` (None for bad files and the unreadable photo)."""
    found = FAMILY_BY_NAME.get(layout or "")
    return found.split if found else None


def families_of(piece: str, split: str | None = None) -> list[Family]:
    """Families of ``piece`` (of one split when given), in registry order."""
    return [f for f in FAMILIES if f.piece == piece and (split is None or f.split == split)]


def split_pool(piece: str, split: str) -> list[Family]:
    """The families a piece draws from in ``split``.

    ``all``: every family; ``held_out``: the held-out ones when the piece has
    any, else the seen ones; ``seen``: the seen ones.
    """
    split = normalise_split(split)
    if split == ALL:
        return families_of(piece)
    return families_of(piece, split) or families_of(piece, SEEN)


def era_of(issued: date) -> str:
    """``pole_emploi`` before 2024, ``france_travail`` since."""
    return "pole_emploi" if issued < FRANCE_TRAVAIL_SINCE else "france_travail"


def _fits(
    f: Family,
    *,
    department: str | None,
    era: str | None,
    bank: Bank | None,
    single_image: bool,
) -> bool:
    if department is not None and f.departments and department not in f.departments:
        return False
    if era is not None and f.era and f.era != era:
        return False
    if bank is not None and f.bank is not None and f.bank != bank:
        return False
    return not (single_image and not f.single_image)


def choose_family(
    piece: str,
    split: str,
    rng: random.Random,
    *,
    department: str | None = None,
    era: str | None = None,
    bank: Bank | None = None,
    single_image: bool = False,
) -> Family:
    """Draw a family of ``piece`` for ``split`` that fits the constraints.

    ``department``: the address's (water issuers serve a few); ``era``: the
    certificate's brand (see ``era_of``); ``bank``: only families printing that
    bank or any bank; ``single_image``: only families whose fields are all on
    page 1. When no family of the split fits, the seen ones are tried, then all.
    """
    split = normalise_split(split)
    constraints = {"department": department, "era": era, "bank": bank, "single_image": single_image}
    for pool in (split_pool(piece, split), families_of(piece, SEEN), families_of(piece)):
        candidates = [f for f in pool if _fits(f, **constraints)]  # type: ignore[arg-type]
        if candidates:
            return rng.choices(candidates, weights=[f.weight for f in candidates], k=1)[0]
    raise ValueError(f"no {piece} family fits {constraints}")


def equivalent_family(current: str, split: str, rng: random.Random, *, era: str | None = None) -> str:
    """A family of ``split`` equivalent to the one a fault forces (``current``).

    Used when a fault needs a particular kind of layout (an old Pôle emploi
    certificate): a family of the batch's split of that kind when one exists,
    else ``current`` itself.
    """
    forced = family(current)
    split = normalise_split(split)
    pool = families_of(forced.piece) if split == ALL else families_of(forced.piece, split)
    candidates = [f for f in pool if era is None or f.era == era]
    if not candidates:
        return current
    return rng.choices(candidates, weights=[f.weight for f in candidates], k=1)[0].name
