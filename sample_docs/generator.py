"""Deterministic generator of sample batches with their ground truth.

One folder per application (CONTRACT.md §2) with ``application.json`` and the
uploaded documents, plus ``truth.json`` saying what each dossier must produce.

    python -m sample_docs.generator --out sample_docs/batches/demo --count 8 --seed 20261120

The same (count, seed, submitted_at, split, wave) always gives byte-identical files: every
random draw comes from ``random.Random`` seeded per application, PDFs are
written in reportlab's invariant mode and JPEG quality is fixed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from models.contract import Application
from sample_docs.bad_files import make_text_as_jpg, make_zero_byte, truncate_pdf
from sample_docs.builders import (
    bind_bank_family,
    make_address_proof_facts,
    make_bank_facts,
    make_cv_facts,
    make_identity_facts,
    make_jobseeker_facts,
    make_other_facts,
    make_quote_facts,
    make_tax_facts,
)
from sample_docs.degrade import (
    SCANNER_SOFTWARE,
    binary_pdf_streams,
    blank_page_like,
    choose_photo_params,
    choose_scan_params,
    encode_jpeg,
    encode_photo_jpeg,
    encode_png,
    rasterise_pdf_page,
    scan_pdf_pages,
    simulate_photo,
    wrap_images_in_pdf,
)
from sample_docs.families import (
    SEEN,
    SPLIT_CHOICES,
    WAVES,
    choose_family,
    family,
    normalise_split,
    normalise_wave,
    split_of_layout,
    wave_of_layout,
)
from sample_docs.faults import CAP_CENTS, FAULT_CYCLE, FAULTS, Draft, FormData, plan_fault_schedule
from sample_docs.people import make_person, make_training
from sample_docs.plans import IDENTITY_DOC_TYPES, REQUIRED_PIECES, DocPlan, IdentityFacts
from sample_docs.render import Rendered
from sample_docs.tamper import append_editor_update

GENERATOR_ID = "dossiercheck-samples/1"
PROGRAM = "aide-individuelle-formation"
DEFAULT_SUBMITTED_AT = date(2026, 11, 20)
DEFAULT_SEED = 20261120
EARLIEST_SUBMISSION = date(2022, 1, 1)
SCAN_DPIS = (200, 200, 225, 250)

PIECE_DOC_TYPES = {
    "proof_of_address": "proof_of_address",
    "bank_details": "bank_details",
    "jobseeker_certificate": "jobseeker_certificate",
    "training_quote": "training_quote",
    "tax_notice": "tax_notice",
    "cv": "cv",
    "other": "other",
}
DESCRIPTIVE_STEMS = {
    "cni_2021": ("cni", "carte_identite", "CNI recto verso"),
    "cni_1988": ("cni", "carte_identite", "CNI"),
    "passport": ("passeport", "Passeport"),
    "residence_permit": ("titre_sejour", "titre de sejour"),
    "proof_of_address": ("justificatif_domicile", "facture", "justif_domicile", "facture_edf"),
    "bank_details": ("rib", "RIB", "releve_identite_bancaire"),
    "jobseeker_certificate": ("attestation_france_travail", "attestation_pole_emploi", "attestation"),
    "training_quote": ("devis", "devis_formation", "Devis"),
    "tax_notice": ("avis_imposition", "avis_impot_2026"),
    "cv": ("CV", "cv", "curriculum_vitae"),
    "other": ("lettre", "courrier", "document_complementaire"),
}


@dataclass
class FileOut:
    """One uploaded file: its name, bytes and truth entry."""

    name: str
    data: bytes
    truth: dict[str, Any]
    bad: bool = False


# --------------------------------------------------------------------------- plans


def make_form(draft: Draft) -> FormData:
    """Derive what the applicant typed from who they are and the training."""
    person, training, rng = draft.person, draft.training, draft.rng
    cost = training.cost_cents
    if draft.requested_cents is not None:
        requested = draft.requested_cents
    elif cost <= CAP_CENTS:
        requested = cost if rng.random() < 0.75 else cost - rng.randrange(5000, min(cost // 2, 60000), 500)
    else:
        requested = CAP_CENTS if rng.random() < 0.6 else rng.randrange(300_000, CAP_CENTS, 500)
    iban = person.account.iban
    if rng.random() < 0.4:
        iban = person.account.iban_grouped
    last = person.name.upper() if rng.random() < 0.7 else person.name.title()
    return FormData(
        last_name=last,
        first_names=list(person.given_names),
        birth_date=person.birth_date,
        address=person.address,
        france_travail_id=person.france_travail_id,
        iban=iban,
        provider_name=training.provider.name,
        provider_siret=training.provider.siret,
        title=training.title,
        start_date=training.start_date,
        end_date=training.end_date,
        hours=training.hours,
        cost_cents=cost,
        requested_cents=requested,
    )


def choose_extras(index: int, rng: random.Random) -> list[str]:
    """Choose optional pieces, spread by position so that small batches show each kind."""
    extras = []
    if index % 3 == 2 or rng.random() < 0.08:
        extras.append("tax_notice")
    if index % 4 == 3 or rng.random() < 0.08:
        extras.append("cv")
    if index % 5 == 4 or rng.random() < 0.05:
        extras.append("other")
    return extras


def make_plan(piece: str, draft: Draft) -> DocPlan:
    """Plan one clean document of ``piece`` for the draft's applicant (layout from its split)."""
    person, rng, when, fold = draft.person, draft.rng, draft.submitted_at, draft.fold_names
    split, layout, wave = draft.split, draft.layouts.get(piece), draft.wave
    if piece == "identity":
        identity = make_identity_facts(person, when, rng, layout or draft.identity_layout)
        identity.fold_names = fold
        return DocPlan(piece, IDENTITY_DOC_TYPES[identity.layout], identity)
    facts: Any
    if piece == "proof_of_address":
        facts = make_address_proof_facts(person, when, rng, fold=fold, split=split, layout=layout, wave=wave)
    elif piece == "bank_details":
        facts = make_bank_facts(person, when, rng, fold=fold, split=split, layout=layout, wave=wave)
    elif piece == "jobseeker_certificate":
        facts = make_jobseeker_facts(person, when, rng, fold=fold, split=split, layout=layout, wave=wave)
    elif piece == "training_quote":
        facts = make_quote_facts(person, draft.training, rng, split=split, layout=layout, wave=wave)
    elif piece == "tax_notice":
        facts = make_tax_facts(person, when, rng, split=split, layout=layout, wave=wave)
    elif piece == "cv":
        facts = make_cv_facts(person, draft.training, when, rng)
    elif piece == "other":
        facts = make_other_facts(person, when, rng, split=split, layout=layout)
    else:
        raise ValueError(f"unknown piece {piece!r}; valid: identity, {', '.join(PIECE_DOC_TYPES)}")
    return DocPlan(piece, PIECE_DOC_TYPES[piece], facts)


def make_plans(draft: Draft, index: int) -> list[DocPlan]:
    """One plan per uploaded file of a clean dossier."""
    pieces = list(REQUIRED_PIECES) + choose_extras(index, draft.rng)
    return [make_plan(piece, draft) for piece in pieces]


def choose_source(plan: DocPlan, rng: random.Random) -> None:
    """Digital PDF, flatbed scan (image or image-only PDF) or phone photo.

    About half of the everyday documents are digital PDFs; identity documents
    are always images. Of the images, about a third are phone photos.
    """
    if plan.source == "bad_file":
        return
    if plan.notes.get("tamper"):
        plan.source = "digital_pdf"
        return
    if plan.notes.get("unreadable"):
        plan.source, plan.image_format = "photo", "jpg"
        return
    roll = rng.random()
    digital_share = {"identity": 0.0, "tax_notice": 0.85, "cv": 0.9, "other": 0.5}.get(plan.piece, 0.55)
    if roll < digital_share:
        plan.source = "digital_pdf"
    elif plan.piece == "identity":
        plan.source = "scan_image" if roll < 0.45 else "photo" if roll < 0.8 else "scan_pdf"
    else:
        second = rng.random()
        plan.source = "scan_image" if second < 0.4 else "photo" if second < 0.72 else "scan_pdf"
    plan.image_format = (
        "png" if plan.source == "scan_image" and plan.piece != "identity" and rng.random() < 0.25 else "jpg"
    )
    if plan.source in ("scan_image", "photo") and not family(plan.facts.layout).single_image:
        plan.source = "scan_pdf"  # its fields are not all on page 1: every page is scanned


# --------------------------------------------------------------------------- file names


def choose_filename(plan: DocPlan, rng: random.Random, when: date, taken: set[str]) -> str:
    """Choose a file name as applicants do: vague, descriptive or misleading."""
    if plan.bad_kind == "text_as_jpg":
        ext = ".jpg"
    elif plan.source == "photo":
        ext = rng.choice((".jpg", ".jpeg", ".JPG"))
    elif plan.bad_kind == "truncated_pdf" or plan.source in ("digital_pdf", "scan_pdf"):
        ext = ".pdf"
    elif plan.bad_kind == "zero_byte":
        ext = rng.choice((".pdf", ".jpg"))
    else:
        ext = ".png" if plan.image_format == "png" else rng.choice((".jpg", ".jpg", ".jpeg", ".JPG"))
    roll = rng.random()
    key = plan.facts.layout if plan.piece == "identity" else plan.piece  # type: ignore[union-attr]
    if plan.source == "photo":
        roll -= 0.3  # phones name their files IMG_1234.jpg
    if roll < 0.45:
        stem = vague_stem(ext, rng, when)
    elif roll < 0.85:
        stem = rng.choice(DESCRIPTIVE_STEMS[key])
    else:
        others = [
            k
            for k in ("bank_details", "proof_of_address", "training_quote", "jobseeker_certificate")
            if k != plan.piece
        ]
        stem = rng.choice(DESCRIPTIVE_STEMS[rng.choice(others)])
    if ext == ".JPG" and not stem.startswith("IMG_"):
        ext = ".jpg"
    name = stem + ext
    counter = 2
    while name.lower() in taken:
        name = f"{stem}({counter}){ext}"
        counter += 1
    taken.add(name.lower())
    return name


def vague_stem(ext: str, rng: random.Random, when: date) -> str:
    """``scan1``, ``IMG_2231``, ``document``, ``piece3``..."""
    day = when.replace(day=rng.randint(1, min(28, when.day)))
    if ext in (".jpg", ".jpeg", ".JPG"):
        return rng.choice(
            (
                f"scan{rng.randint(1, 6)}",
                f"IMG_{rng.randint(1000, 9999)}",
                f"IMG_{day:%Y%m%d}_{rng.randint(80000, 215959):06d}",
                f"WhatsApp Image {day:%Y-%m-%d} at "
                f"{rng.randint(8, 22)}.{rng.randint(10, 59)}.{rng.randint(10, 59)}",
                f"photo{rng.randint(1, 9)}",
            )
        )
    if ext == ".png":
        return rng.choice((f"scan{rng.randint(1, 6)}", f"image{rng.randint(1, 9)}", f"Scan_{day:%Y%m%d}"))
    return rng.choice(
        (
            "document",
            f"document({rng.randint(1, 4)})",
            f"piece{rng.randint(1, 6)}",
            f"doc{rng.randint(1, 9)}",
            f"Scan_{day:%Y%m%d}_{rng.randint(1, 30):04d}",
            f"scan{rng.randint(1, 6)}",
            f"fichier{rng.randint(1, 5)}",
        )
    )


# --------------------------------------------------------------------------- rendering


def render_plan(plan: DocPlan, rng: random.Random, frame: str = "card") -> Rendered:
    """Draw the document described by ``plan`` with its family's renderer."""
    facts = plan.facts
    renderer = family(facts.layout).render
    if isinstance(facts, IdentityFacts):
        return renderer(facts, rng, frame)
    return renderer(facts, rng)


def produce_bad_file(plan: DocPlan, rng: random.Random, person_name: str) -> tuple[bytes, dict[str, Any]]:
    """Bytes of a bad file and its truth entry (doc_type ``other``, no fields)."""
    if plan.bad_kind == "zero_byte":
        data = make_zero_byte()
    elif plan.bad_kind == "truncated_pdf":
        data = truncate_pdf(render_plan(plan, rng).pdf, rng)
    else:
        data = make_text_as_jpg(rng, person_name)
    truth: dict[str, Any] = {
        "doc_type": "other",
        "source": "bad_file",
        "layout": plan.bad_kind,
        "split": None,
        "wave": None,
        "pages": 0,
        "fields": {},
        "text": "",
    }
    return data, truth


BLANK_BACK_SHARE = 0.12  # image-only PDFs with the blank back of a sheet scanned too
BLANK_FIRST_SHARE = 0.06  # ... scanned first, so the fields are on page 2


def produce_document(plan: DocPlan, rng: random.Random, when: date) -> tuple[bytes, dict[str, Any]]:
    """Render, and scan or photograph when the plan says so; return bytes and truth entry."""
    frame = "card"
    if plan.piece == "identity" and (plan.source == "scan_pdf" or rng.random() < 0.2):
        frame = "a4"
    rendered = render_plan(plan, rng, frame)
    texts = rendered.pages_text
    fields, doc_type, layout = rendered.fields, plan.doc_type, rendered.layout
    if plan.source == "digital_pdf":
        data = rendered.pdf
        if plan.notes.get("tamper"):
            issued: date = (
                getattr(plan.facts, "issue_date", None) or getattr(plan.facts, "edited_on", None) or when
            )
            edited = when - timedelta(days=rng.randint(1, 6))
            data = append_editor_update(data, editor=plan.notes["tamper"], created=issued, modified=edited)
    elif plan.source == "photo":
        unreadable = bool(plan.notes.get("unreadable"))
        params = choose_photo_params(rng, unreadable=unreadable)
        if plan.piece == "identity" and frame == "card":
            params = replace(params, page_px=rng.choice((1300, 1450, 1600)))
        page_dpi = rendered.raster_dpi if plan.piece == "identity" else 200
        image = simulate_photo(rasterise_pdf_page(rendered.pdf, page_dpi), params)
        data = encode_photo_jpeg(image, params.quality)
        texts = texts[:1]  # a photo of page 1
        if unreadable:  # nothing can be read from it: a document of no type, no fields
            fields, doc_type, layout, texts = {}, "other", "unreadable_photo", [""]
    else:
        dpi = rendered.raster_dpi if plan.piece == "identity" else rng.choice(SCAN_DPIS)
        params = choose_scan_params(rng, dpi)
        if plan.source == "scan_image":
            images = scan_pdf_pages(rendered.pdf, params, max_pages=1)  # a photo of page 1
            texts = texts[:1]
            if plan.image_format == "png":
                data = encode_png(images[0], dpi, bilevel=True)
            else:
                data = encode_jpeg(images[0], dpi)
        else:
            images = scan_pdf_pages(rendered.pdf, params)
            if plan.piece != "identity":
                roll = rng.random()
                if roll < BLANK_FIRST_SHARE:
                    images.insert(0, blank_page_like(images[0], params, len(images)))
                    texts = ["", *texts]
                elif roll < BLANK_BACK_SHARE:
                    images.append(blank_page_like(images[0], params, len(images)))
                    texts = [*texts, ""]
            data = wrap_images_in_pdf(images, dpi, stamp=when, creator=rng.choice(SCANNER_SOFTWARE))
    truth = {
        "doc_type": doc_type,
        "source": plan.source,
        "layout": layout,
        "split": split_of_layout(layout),
        "wave": wave_of_layout(layout),
        "pages": len(texts),
        "fields": fields,
        "text": "\f".join(texts),
    }
    return data, truth


# --------------------------------------------------------------------------- dossiers


def build_draft(
    application_id: str,
    fault_name: str,
    index: int,
    seed: int,
    submitted_at: date,
    shared_person: Any | None,
    split: str = SEEN,
    wave: int | None = None,
) -> Draft:
    """Applicant, training, form and document plans of one dossier, fault applied.

    ``split``: the layout families the documents are drawn from (families.py);
    ``wave``: held-out families of that wave only (None: every wave).
    """
    rng = random.Random(f"{seed}:{index}")
    person = shared_person if shared_person is not None else make_person(rng, submitted_at)
    draft = Draft(application_id, submitted_at, person, make_training(rng, submitted_at), rng)
    draft.split = normalise_split(split)
    draft.wave = normalise_wave(wave, draft.split)
    # The RIB's family may move the account to its bank: decided before the form is filled
    # (with a random stream of its own, so that the other draws do not depend on it).
    bank_rng = random.Random(f"{seed}:{index}:bank")
    bank_layout, draft.person = bind_bank_family(
        person, draft.split, bank_rng, rebind=shared_person is None, wave=draft.wave
    )
    draft.layouts["bank_details"] = bank_layout
    fault = FAULTS[fault_name]
    fault.prepare(draft)
    draft.form = make_form(draft)
    draft.plans = make_plans(draft, index)
    fault.apply(draft)
    for plan in draft.plans:
        choose_source(plan, rng)
    return draft


def produce_files(draft: Draft, copied: FileOut | None) -> list[FileOut]:
    """Every uploaded file of the dossier (``copied`` replaces its bank details)."""
    rng, taken = draft.rng, set()
    files = []
    for plan in draft.plans:
        if copied is not None and plan.piece == "bank_details":
            name = copied.name if copied.name.lower() not in taken else f"copie_{copied.name}"
            taken.add(name.lower())
            files.append(FileOut(name, copied.data, dict(copied.truth)))
            continue
        name = choose_filename(plan, rng, draft.submitted_at, taken)
        if plan.source == "bad_file":
            data, truth = produce_bad_file(
                plan, rng, " ".join(draft.person.given_names[:1] + [draft.person.name])
            )
            files.append(FileOut(name, data, truth, bad=True))
        else:
            data, truth = produce_document(plan, rng, draft.submitted_at)
            files.append(FileOut(name, data, truth))
    return files


def render_sample_document(
    piece: str,
    seed: int,
    *,
    source: str = "scan_image",
    image_format: str = "jpg",
    submitted_at: date | None = None,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """One clean document outside any batch, for tests.

    ``piece`` is ``identity``, a required piece, ``tax_notice``, ``cv`` or
    ``other``; ``source`` is ``digital_pdf``, ``scan_image``, ``scan_pdf`` or
    ``photo``. The layout is drawn from ``split`` (held-out families of
    ``wave`` only, when given; a single image only from the families whose
    fields are all on page 1), or forced with ``layout``.
    Returns the file's bytes and its truth entry (the ``files`` format of
    truth.json).
    """
    when = submitted_at or DEFAULT_SUBMITTED_AT
    rng = random.Random(f"sample:{seed}:{piece}")
    draft = Draft("SAMPLE", when, make_person(rng, when), make_training(rng, when), rng)
    draft.split = normalise_split(split)
    draft.wave = normalise_wave(wave, draft.split)
    if piece == "identity" and source == "digital_pdf":
        raise ValueError("identity documents are always scanned")
    single = source in ("scan_image", "photo")
    if layout is not None:
        if family(layout).piece != piece:
            raise ValueError(f"layout {layout!r} is not a {piece} family")
        if single and not family(layout).single_image:
            raise ValueError(f"{layout!r} prints fields beyond page 1: not a single image")
        draft.layouts[piece] = layout
    elif single and piece not in ("identity", "bank_details"):
        department = draft.person.address.department
        draft.layouts[piece] = choose_family(
            piece, draft.split, rng, department=department, single_image=True, wave=draft.wave
        ).name
    bank_layout, draft.person = bind_bank_family(
        draft.person,
        draft.split,
        random.Random(f"sample:{seed}:{piece}:bank"),
        layout=draft.layouts.get("bank_details"),
        wave=draft.wave,
    )
    draft.layouts["bank_details"] = bank_layout
    draft.form = make_form(draft)
    plan = make_plan(piece, draft)
    plan.source, plan.image_format = source, image_format
    with binary_pdf_streams():
        return produce_document(plan, rng, when)


def format_cents(cents: int) -> str:
    """``4350.00``."""
    return f"{cents // 100}.{cents % 100:02d}"


def application_json(draft: Draft) -> str:
    """application.json text (CONTRACT.md §2), amounts with two decimals."""
    assert draft.form is not None
    f = draft.form
    document = {
        "application_id": draft.application_id,
        "program": PROGRAM,
        "submitted_at": draft.submitted_at.isoformat(),
        "applicant": {
            "last_name": f.last_name,
            "first_names": f.first_names,
            "birth_date": f.birth_date.isoformat(),
            "address": {
                "line1": f.address.line1,
                "postal_code": f.address.postal_code,
                "city": f.address.city,
            },
            "france_travail_id": f.france_travail_id,
            "iban": f.iban,
        },
        "training": {
            "provider_name": f.provider_name,
            "provider_siret": f.provider_siret,
            "title": f.title,
            "start_date": f.start_date.isoformat(),
            "end_date": f.end_date.isoformat(),
            "hours": f.hours,
            "cost_eur": f"@@{format_cents(f.cost_cents)}@@",
        },
        "requested_amount_eur": f"@@{format_cents(f.requested_cents)}@@",
    }
    if draft.form_fault == "missing_amount":
        del document["requested_amount_eur"]
    elif draft.form_fault == "french_date":
        document["applicant"]["birth_date"] = f"{f.birth_date:%d/%m/%Y}"  # type: ignore[index]
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = re.sub(r'"@@([0-9.]+)@@"', r"\1", text) + "\n"
    if draft.form_fault == "truncated_json":
        return text[: len(text) * 2 // 3]  # an upload cut short
    if draft.form_fault is None:
        Application.model_validate_json(text)  # the contract's own schema
    return text


def decide(codes: set[str]) -> str:
    """CONTRACT.md §4: incomplete, needs_review or accepted."""
    if "MISSING_DOCUMENT" in codes:
        return "incomplete"
    return "needs_review" if codes else "accepted"


def find_duplicates(dossiers: dict[str, list[FileOut]]) -> set[str]:
    """Applications holding a readable file whose bytes are duplicated.

    Duplicated means present in another application or twice in the same one.
    """
    holders: dict[str, list[str]] = {}
    for app_id, files in dossiers.items():
        for f in files:
            if f.bad or not f.data:
                continue  # unreadable files are not compared
            holders.setdefault(hashlib.sha256(f.data).hexdigest(), []).append(app_id)
    flagged: set[str] = set()
    for apps in holders.values():
        if len(apps) > 1:
            flagged.update(apps)
    return flagged


def clear_previous(out_dir: Path) -> None:
    """Remove application folders a previous run of the generator wrote here."""
    truth_path = out_dir / "truth.json"
    if not truth_path.is_file():
        return
    try:
        previous = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if previous.get("generator") != GENERATOR_ID:
        return
    for app_id in previous.get("applications", {}):
        folder = out_dir / app_id
        if folder.is_dir() and (folder / "application.json").exists():
            shutil.rmtree(folder)


def generate_batch(
    out_dir: Path,
    count: int,
    seed: int,
    *,
    submitted_at: date | None = None,
    split: str = SEEN,
    wave: int | None = None,
    faults: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Write ``count`` application folders and ``truth.json`` into ``out_dir``.

    ``faults`` replaces the usual fault cycle (``faults.FAULT_CYCLE``) with
    these faults, in this order: a batch made to show given reasons.

    ``split`` (``seen``, ``held_out`` / ``held-out`` or ``all``) says which
    layout families the documents are drawn from (``sample_docs/families.py``);
    ``wave`` (with ``held_out`` or ``all``) keeps only the held-out families of
    that wave (None: every wave). Returns the truth dictionary (format in
    ``sample_docs/README.md``).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if submitted_at is not None and submitted_at < EARLIEST_SUBMISSION:
        raise ValueError(f"submitted_at must be on or after {EARLIEST_SUBMISSION} (2021 identity cards)")
    split = normalise_split(split)
    wave = normalise_wave(wave, split)
    schedule = plan_fault_schedule(count, tuple(faults) if faults else FAULT_CYCLE)
    with binary_pdf_streams():
        return write_batch(
            Path(out_dir), count, seed, submitted_at or DEFAULT_SUBMITTED_AT, split, wave, schedule
        )


def write_batch(
    out_dir: Path,
    count: int,
    seed: int,
    submitted_at: date,
    split: str = SEEN,
    wave: int | None = None,
    schedule: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Do the work of ``generate_batch``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clear_previous(out_dir)
    dossiers: dict[str, list[FileOut]] = {}
    faults: dict[str, str] = {}
    shared_person = None
    shared_rib: FileOut | None = None
    for index, (fault_name, role) in enumerate(schedule or plan_fault_schedule(count), start=1):
        application_id = f"SUD-{submitted_at.year}-{index:06d}"
        draft = build_draft(
            application_id,
            fault_name,
            index,
            seed,
            submitted_at,
            shared_person if role == "copy" else None,
            split,
            wave,
        )
        files = produce_files(draft, shared_rib if role == "copy" else None)
        if role == "source":
            shared_person = draft.person
            shared_rib = next(f for f in files if f.truth["doc_type"] == "bank_details")
        write_dossier(out_dir / application_id, application_json(draft), files)
        dossiers[application_id] = files
        faults[application_id] = fault_name
    duplicates = find_duplicates(dossiers)
    applications = {}
    for app_id, files in dossiers.items():
        codes = set(FAULTS[faults[app_id]].codes) - {"DUPLICATE_DOCUMENT"}
        if app_id in duplicates:
            codes.add("DUPLICATE_DOCUMENT")
        applications[app_id] = {
            "decision": decide(codes),
            "reason_codes": sorted(codes),
            "faults": [faults[app_id]],
            "files": {f.name: f.truth for f in sorted(files, key=lambda f: f.name)},
        }
    truth: dict[str, Any] = {
        "generator": GENERATOR_ID,
        "seed": seed,
        "count": count,
        "submitted_at": submitted_at.isoformat(),
        "split": split,
        "wave": wave,
        "applications": applications,
    }
    (out_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return truth


def write_dossier(folder: Path, form_json: str, files: list[FileOut]) -> None:
    """One application folder."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "application.json").write_text(form_json, encoding="utf-8")
    for f in files:
        (folder / f.name).write_bytes(f.data)


def main(argv: list[str] | None = None) -> int:
    """``python -m sample_docs.generator --out DIR --count N --seed S [--split ...] [--wave N]``."""
    parser = argparse.ArgumentParser(
        prog="sample_docs.generator", description="Generate a synthetic sample batch."
    )
    parser.add_argument("--out", type=Path, required=True, help="batch directory to write")
    parser.add_argument("--count", type=int, default=8, help="number of applications")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--submitted-at",
        type=date.fromisoformat,
        default=DEFAULT_SUBMITTED_AT,
        help="submission date of every application (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--split",
        choices=[s.replace("_", "-") for s in SPLIT_CHOICES],
        default="seen",
        help="layout families to draw from: seen (default), held-out, or all",
    )
    parser.add_argument(
        "--wave",
        type=int,
        choices=WAVES,
        help="with --split held-out or all: only the held-out families of this wave (default: every wave)",
    )
    parser.add_argument(
        "--faults",
        type=lambda text: [f.strip() for f in text.split(",") if f.strip()],
        help="comma-separated faults visited in this order instead of the usual cycle (names in faults.py)",
    )
    args = parser.parse_args(argv)
    if args.wave is not None and args.split == "seen":
        parser.error("--wave restricts the held-out draws: use it with --split held-out or all")
    truth = generate_batch(
        args.out,
        args.count,
        args.seed,
        submitted_at=args.submitted_at,
        split=args.split,
        wave=args.wave,
        faults=args.faults,
    )
    for app_id, app in truth["applications"].items():
        codes = ", ".join(app["reason_codes"]) or "-"
        print(f"{app_id}  {app['decision']:<13} {app['faults'][0]:<30} {codes}")
    print(f"truth: {args.out / 'truth.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
