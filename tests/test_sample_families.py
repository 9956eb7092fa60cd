"""Tests of the layout families and the seen / held-out split (``sample_docs.families``).

Every registered family is rendered (digital PDF, or the vector page of an
identity document) and its text layer must hold its truth fields; a small
held-out batch is generated through the CLI, checked against the rulebook and
regenerated for determinism; the per-family scoring is checked on a synthetic
report. The second wave of held-out families is checked the same way (every
family rendered and read back, a wave-2 batch through the CLI checked against
the rulebook) plus each family as a scan or photo and rendered twice.
"""

from __future__ import annotations

import io
import json
import random
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from sample_docs.builders import make_identity_facts
from sample_docs.families import (
    ADDED_FAMILIES,
    FAMILIES,
    FAMILY_BY_NAME,
    HELD_OUT,
    ORIGINAL_FAMILIES,
    SEEN,
    WAVE2_FAMILIES,
    WAVES,
    choose_family,
    families_of,
    family,
    normalise_split,
    normalise_wave,
    split_pool,
    wave_of_layout,
)
from sample_docs.generator import build_draft, choose_source, generate_batch, main, render_sample_document
from sample_docs.people import BANKS, make_person
from sample_docs.plans import AddressProofFacts, DocPlan
from sample_docs.scoring import format_table, score
from sample_docs.truth_check import check_batch
from tests.test_sample_docs import field_candidates

WHEN = date(2026, 11, 20)
HELD_COUNT, HELD_SEED = 6, 29
# Added families per piece: (at least, of which held out at least).
MINIMUM_ADDED = {
    "proof_of_address": (12, 6),
    "bank_details": (6, 3),
    "jobseeker_certificate": (4, 2),
    "training_quote": (4, 2),
    "tax_notice": (1, 1),
}
PIECES_WITH_HELD_OUT = set(MINIMUM_ADDED)
# Second wave per piece: at least this many families, all held out.
MINIMUM_WAVE2 = {
    "proof_of_address": 8,
    "bank_details": 4,
    "jobseeker_certificate": 3,
    "training_quote": 4,
    "tax_notice": 1,
}
WAVE2_COUNT, WAVE2_SEED = 8, 31


def fold(text: str) -> str:
    """Lower case, no accents, no whitespace."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace()).lower()


def pdf_pages_text(data: bytes) -> list[str]:
    """The text layer of each page, as pdfplumber reads it."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def printed(name: str, value: Any, text: str) -> bool:
    """Whether a truth value is printed in ``text`` (in one of the layouts' formats)."""
    flat = fold(text)
    if name == "mrz":
        return all(fold(line) in flat for line in value.split("\n"))
    if name == "first_names":  # identity cards separate given names with commas
        return all(fold(given) in flat for given in value.split())
    return any(fold(c) in flat for c in field_candidates(name, value))


# --------------------------------------------------------------------------- registry


def test_the_registry_has_the_required_families() -> None:
    assert len(FAMILY_BY_NAME) == len(FAMILIES)
    assert all(f.split == SEEN for f in ORIGINAL_FAMILIES)
    added = list(ADDED_FAMILIES)  # the first wave: studied since wave 2 was written, so all seen now
    held_out = [f for f in FAMILIES if f.split == HELD_OUT]
    for piece, (at_least, held_at_least) in MINIMUM_ADDED.items():
        mine = [f for f in added if f.piece == piece]
        held = [f for f in held_out if f.piece == piece]
        original = [f for f in ORIGINAL_FAMILIES if f.piece == piece]
        assert len(mine) >= at_least and len(held) >= held_at_least, piece
        assert len(mine) >= len(original), piece  # at least double the variety
    assert all(f.split == SEEN for f in added)
    for f in FAMILIES:
        assert f.split in (SEEN, HELD_OUT) and f.axes, f.name
        assert f.piece in PIECES_WITH_HELD_OUT | {"identity", "cv", "other"}, f.name
    # Pieces without held-out families draw from the seen ones.
    assert split_pool("identity", "held-out") == families_of("identity", SEEN)
    assert {f.split for f in split_pool("proof_of_address", "held_out")} == {HELD_OUT}
    assert normalise_split("held-out") == HELD_OUT
    with pytest.raises(ValueError):
        normalise_split("unseen")


def test_the_second_wave_is_held_out_and_the_waves_are_recorded() -> None:
    assert FAMILIES == (*ORIGINAL_FAMILIES, *ADDED_FAMILIES, *WAVE2_FAMILIES)
    assert {f.wave for f in ORIGINAL_FAMILIES} == {0}
    assert {f.wave for f in ADDED_FAMILIES} == {1}
    assert {f.wave for f in WAVE2_FAMILIES} == {2} and WAVES == (2,)  # the held-out waves
    assert {f.split for f in WAVE2_FAMILIES} == {HELD_OUT}
    for piece, at_least in MINIMUM_WAVE2.items():
        assert len(families_of(piece, HELD_OUT, 2)) >= at_least, piece
        assert split_pool(piece, "held_out", 2) == families_of(piece, HELD_OUT, 2)
        assert split_pool(piece, "held_out") == families_of(piece, HELD_OUT)
        assert split_pool(piece, "all", 2) == families_of(piece, SEEN) + families_of(piece, HELD_OUT, 2)
    assert split_pool("identity", "held_out", 2) == families_of("identity", SEEN)
    # Wave-2 RIBs print banks that no earlier family prints.
    earlier = set(BANKS) | {f.bank for f in FAMILIES if f.bank is not None and f.wave != 2}
    wave2_banks = [f.bank for f in WAVE2_FAMILIES if f.piece == "bank_details"]
    assert all(b is not None and b not in earlier for b in wave2_banks)
    assert len({b.code for b in wave2_banks if b}) == len(wave2_banks)
    # Wave-2 families describe their axes, and write holders in their own styles.
    assert all(f.axes and f.holder_styles for f in WAVE2_FAMILIES)
    assert {f.era for f in WAVE2_FAMILIES if f.piece == "jobseeker_certificate"} == {
        "france_travail",
        "pole_emploi",
    }
    assert wave_of_layout("rib_smc") == 2 and wave_of_layout("edf_facture") == 0
    assert wave_of_layout("zero_byte") is None
    assert normalise_wave(None) is None and normalise_wave("2") == 2
    for bad in ((3, "held_out"), (2, "seen")):
        with pytest.raises(ValueError):
            normalise_wave(*bad)


def test_water_issuers_stay_in_their_departements_and_single_images_keep_page_1() -> None:
    rng = random.Random(3)
    for split, wave in (("seen", None), ("held_out", None), ("all", None), ("held_out", 2)):
        for department in ("04", "05", "06", "13", "83", "84", "75"):
            for _ in range(30):
                chosen = choose_family(
                    "proof_of_address", split, rng, department=department, single_image=True, wave=wave
                )
                assert not chosen.departments or department in chosen.departments
                assert chosen.single_image
                if wave is not None:
                    assert chosen.wave == wave


# --------------------------------------------------------------------------- every family renders

RENDERABLE = [f.name for f in FAMILIES if f.piece != "identity"]


@pytest.mark.parametrize("name", RENDERABLE)
def test_every_family_renders_a_digital_pdf_holding_its_truth_fields(name: str) -> None:
    fam = family(name)
    for seed in (1, 2):
        data, entry = render_sample_document(fam.piece, seed, source="digital_pdf", layout=name, split="all")
        assert entry["layout"] == name and entry["split"] == fam.split
        assert entry["doc_type"] == fam.doc_type
        pages = pdf_pages_text(data)
        assert len(pages) == entry["pages"]
        text = "\n".join(pages)
        for field_name, value in entry["fields"].items():
            assert printed(field_name, value, text), (name, seed, field_name, value)
        # Every string drawn reads back as drawn (nothing overlaps another string).
        words = {fold(w) for w in text.split()}
        assert {fold(w) for w in entry["text"].split()} <= words, (name, seed)
        on_page_1 = [printed(k, v, pages[0]) for k, v in entry["fields"].items()]
        if fam.single_image:
            assert all(on_page_1), (name, seed)
        else:  # it says so because some field is printed beyond page 1 only
            assert not all(on_page_1), (name, seed)
    if fam.piece in ("proof_of_address", "bank_details"):
        # The family's holder styles are what it prints.
        assert fam.holder_styles


@pytest.mark.parametrize("name", [f.name for f in FAMILIES if f.piece == "identity"])
def test_every_identity_family_draws_its_fields(name: str) -> None:
    rng = random.Random(7)
    person = make_person(rng, WHEN, foreign=name == "residence_permit")
    facts = make_identity_facts(person, WHEN, rng, name)
    rendered = family(name).render(facts, rng, "card")
    assert rendered.layout == name
    text = "\n".join(pdf_pages_text(rendered.pdf))
    for field_name, value in rendered.fields.items():
        assert printed(field_name, value, text), (name, field_name, value)


def test_documents_with_fields_beyond_page_1_are_never_a_single_image() -> None:
    facts = AddressProofFacts("veolia_facture", "M. ROUX Luc", "3 rue Paradis", "13001", "MARSEILLE", WHEN)
    sources = Counter()
    for seed in range(60):
        plan = DocPlan("proof_of_address", "proof_of_address", facts)
        choose_source(plan, random.Random(seed))
        sources[plan.source] += 1
    assert set(sources) <= {"digital_pdf", "scan_pdf"} and sources["scan_pdf"]
    with pytest.raises(ValueError, match="beyond page 1"):
        render_sample_document("proof_of_address", 1, source="scan_image", layout="veolia_facture")


# --------------------------------------------------------------------------- faults in every split


def test_an_old_certificate_is_a_pole_emploi_family_of_the_split() -> None:
    seen_layouts, held_layouts, wave2_layouts = set(), set(), set()
    for seed in range(40):
        for split, wave, found in (
            ("seen", None, seen_layouts),
            ("held_out", None, held_layouts),
            ("held_out", 2, wave2_layouts),
        ):
            draft = build_draft(
                "SUD-2026-000001", "jobseeker_certificate_too_old", 1, seed, WHEN, None, split, wave
            )
            facts = draft.facts_of("jobseeker_certificate")
            if facts.issue_date < date(2024, 1, 1):
                assert family(facts.layout).era == "pole_emploi", facts.layout
                found.add(facts.layout)
            else:
                assert family(facts.layout).era == "france_travail", facts.layout
    assert seen_layouts <= {"pe_attestation", "pe_attestation_prose"} and "pe_attestation" in seen_layouts
    assert held_layouts and {family(n).split for n in held_layouts} == {HELD_OUT}
    assert wave2_layouts and {family(n).wave for n in wave2_layouts} == {2}
    # Before 2024 a clean certificate is a Pôle emploi one too.
    draft = build_draft("SUD-2023-000001", "clean", 1, 5, date(2023, 6, 1), None, "held_out")
    assert family(draft.facts_of("jobseeker_certificate").layout).era == "pole_emploi"


@pytest.mark.parametrize("wave", [None, 2])
def test_a_rib_family_of_its_own_bank_moves_the_account_there(wave: int | None) -> None:
    for seed in range(12):
        draft = build_draft("SUD-2026-000001", "clean", 1, seed, WHEN, None, "held_out", wave)
        assert draft.form is not None
        facts = draft.facts_of("bank_details")
        assert family(facts.layout).split == HELD_OUT
        assert wave is None or family(facts.layout).wave == wave
        assert facts.bank == family(facts.layout).bank
        assert facts.account.bank_code == facts.bank.code
        assert draft.form.iban.replace(" ", "") == facts.account.iban


# --------------------------------------------------------------------------- a held-out batch


@pytest.fixture(scope="module")
def held_out_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small held-out batch written by the CLI."""
    out = tmp_path_factory.mktemp("held_out")
    argv = ["--out", str(out), "--count", str(HELD_COUNT), "--seed", str(HELD_SEED), "--split", "held-out"]
    assert main(argv) == 0
    return out


def test_a_held_out_batch_records_its_split_and_follows_the_rulebook(held_out_batch: Path) -> None:
    truth = json.loads((held_out_batch / "truth.json").read_text(encoding="utf-8"))
    assert truth["split"] == "held_out"
    assert check_batch(held_out_batch) == {}
    layouts = Counter()
    for app in truth["applications"].values():
        for entry in app["files"].values():
            if entry["source"] == "bad_file" or entry["layout"] == "unreadable_photo":
                assert entry["split"] is None
                continue
            fam = family(entry["layout"])
            assert entry["split"] == fam.split and entry["doc_type"] == fam.doc_type
            expected = HELD_OUT if fam.piece in PIECES_WITH_HELD_OUT else SEEN
            assert entry["split"] == expected, entry["layout"]
            layouts[fam.piece] += 1
    assert PIECES_WITH_HELD_OUT - {"tax_notice"} <= set(layouts)


def test_a_held_out_batch_is_deterministic(held_out_batch: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_batch(again, HELD_COUNT, HELD_SEED, split="held_out")
    first = sorted(p.relative_to(held_out_batch) for p in held_out_batch.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (held_out_batch / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_held_out_digital_pdfs_hold_their_truth_fields(held_out_batch: Path) -> None:
    truth = json.loads((held_out_batch / "truth.json").read_text(encoding="utf-8"))
    checked = 0
    for app_id, app in truth["applications"].items():
        for name, entry in app["files"].items():
            if entry["source"] != "digital_pdf":
                continue
            text = "\n".join(pdf_pages_text((held_out_batch / app_id / name).read_bytes()))
            for field_name, value in entry["fields"].items():
                assert printed(field_name, value, text), (name, field_name, value)
            checked += 1
    assert checked


# --------------------------------------------------------------------------- the second wave


@pytest.fixture(scope="module")
def wave2_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small batch of the second held-out wave written by the CLI."""
    out = tmp_path_factory.mktemp("wave2")
    argv = ["--out", str(out), "--count", str(WAVE2_COUNT), "--seed", str(WAVE2_SEED)]
    assert main([*argv, "--split", "held-out", "--wave", "2"]) == 0
    return out


def test_a_wave_2_batch_draws_only_wave_2_held_out_families(wave2_batch: Path) -> None:
    truth = json.loads((wave2_batch / "truth.json").read_text(encoding="utf-8"))
    assert truth["split"] == "held_out" and truth["wave"] == 2
    assert check_batch(wave2_batch) == {}
    pieces = Counter()
    for app in truth["applications"].values():
        for entry in app["files"].values():
            if entry["source"] == "bad_file" or entry["layout"] == "unreadable_photo":
                assert entry["split"] is None and entry["wave"] is None
                continue
            fam = family(entry["layout"])
            assert (entry["split"], entry["wave"]) == (fam.split, fam.wave)
            if fam.piece in PIECES_WITH_HELD_OUT:
                assert (fam.split, fam.wave) == (HELD_OUT, 2), entry["layout"]
                pieces[fam.piece] += 1
            else:
                assert fam.split == SEEN
            if entry["source"] in ("scan_image", "photo"):
                assert fam.single_image, entry["layout"]
    assert PIECES_WITH_HELD_OUT - {"tax_notice"} <= set(pieces)


def test_wave_2_digital_pdfs_hold_their_truth_fields(wave2_batch: Path) -> None:
    truth = json.loads((wave2_batch / "truth.json").read_text(encoding="utf-8"))
    checked = 0
    for app_id, app in truth["applications"].items():
        for name, entry in app["files"].items():
            if entry["source"] != "digital_pdf":
                continue
            text = "\n".join(pdf_pages_text((wave2_batch / app_id / name).read_bytes()))
            for field_name, value in entry["fields"].items():
                assert printed(field_name, value, text), (name, field_name, value)
            checked += 1
    assert checked


def test_a_wave_needs_the_held_out_split(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--count", "1", "--split", "seen", "--wave", "2"])
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--count", "1", "--split", "held-out", "--wave", "7"])
    with pytest.raises(ValueError):
        generate_batch(tmp_path / "y", 1, 1, split="seen", wave=2)
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


SCAN_SOURCES = ("scan_image", "photo", "scan_pdf")


@pytest.mark.parametrize("index", range(len(WAVE2_FAMILIES)))
def test_every_wave_2_family_is_scanned_or_photographed_and_renders_the_same_twice(index: int) -> None:
    fam = WAVE2_FAMILIES[index]
    source = SCAN_SOURCES[index % 3] if fam.single_image else "scan_pdf"
    data, entry = render_sample_document(
        fam.piece, 4, source=source, layout=fam.name, wave=2, split="held_out"
    )
    assert (entry["layout"], entry["split"], entry["wave"]) == (fam.name, HELD_OUT, 2)
    assert entry["doc_type"] == fam.doc_type and entry["fields"]
    if source == "scan_pdf":
        pages = pdf_pages_text(data)
        assert len(pages) == entry["pages"] and not any(p.strip() for p in pages)  # images only
    else:
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and entry["pages"] == 1
    # Deterministic: the same document twice, byte for byte.
    again = render_sample_document(fam.piece, 4, source="digital_pdf", layout=fam.name, split="held_out")
    once = render_sample_document(fam.piece, 4, source="digital_pdf", layout=fam.name, split="held_out")
    assert again == once


# --------------------------------------------------------------------------- scoring per family


def test_scores_are_broken_down_by_layout_and_split() -> None:
    rib = {"holder_name": "Mme ROUX Léa", "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP813"}
    bill = {"holder_name": "ROUX Léa", "postal_code": "13001"}
    truth = {
        "applications": {
            "A1": {
                "decision": "accepted",
                "reason_codes": [],
                "files": {
                    "rib.pdf": {
                        "doc_type": "bank_details",
                        "source": "digital_pdf",
                        "layout": "rib_qonto",
                        "split": "held_out",
                        "fields": rib,
                    },
                    "bill.pdf": {
                        "doc_type": "proof_of_address",
                        "source": "photo",
                        "layout": "edf_facture",
                        "fields": bill,
                    },
                    "empty.pdf": {
                        "doc_type": "other",
                        "source": "bad_file",
                        "layout": "zero_byte",
                        "split": None,
                        "fields": {},
                    },
                },
            }
        }
    }
    report = {
        "applications": [
            {
                "application_id": "A1",
                "decision": "accepted",
                "reasons": [],
                "documents": [
                    {"file": "rib.pdf", "doc_type": "bank_details", "fields": {**rib, "bic": "AGRIFRPP"}},
                    {"file": "bill.pdf", "doc_type": "other", "fields": {}},
                    {"file": "empty.pdf", "doc_type": "other", "fields": {}},
                ],
            }
        ]
    }
    result = score(report, truth, type_threshold=0.8)
    assert result["by_layout"]["rib_qonto"] == {
        "documents": 1,
        "doc_type_accuracy": 1.0,
        "field_accuracy": round(2 / 3, 4),
        "fields": 3,
    }
    assert result["by_layout"]["edf_facture"]["doc_type_accuracy"] == 0.0
    assert result["by_layout"]["zero_byte"]["documents"] == 1
    # A truth without ``split`` (older batches) is read through the registry.
    assert result["by_split"] == {
        "held_out": {
            "documents": 1,
            "doc_type_accuracy": 1.0,
            "fields_correct": 2,
            "fields_total": 3,
            "field_accuracy": round(2 / 3, 4),
        },
        "seen": {
            "documents": 1,
            "doc_type_accuracy": 0.0,
            "fields_correct": 0,
            "fields_total": 0,
            "field_accuracy": None,
        },
    }
    # ``wave`` too: recorded or read through the registry (rib_qonto wave 1, edf_facture 0).
    assert result["by_wave"] == {
        "0": {
            "documents": 1,
            "doc_type_accuracy": 0.0,
            "fields_correct": 0,
            "fields_total": 0,
            "field_accuracy": None,
        },
        "1": {
            "documents": 1,
            "doc_type_accuracy": 1.0,
            "fields_correct": 2,
            "fields_total": 3,
            "field_accuracy": round(2 / 3, 4),
        },
    }
    table = format_table(result)
    assert "held_out" in table and "rib_qonto" in table
    assert "wave" in table.split("layout")[0]
    assert "doc-type confusion" in table and "proof_of_address" in table.splitlines()[-1]
