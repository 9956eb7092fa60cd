from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from models.doctypes import DocType
from tests.validators.factories import PROGRAM, RULES_DIR
from validators.rulebook import RulebookError, load_rulebook, parse_rulebook
from validators.rules import REGISTRY

SHIPPED = RULES_DIR / f"{PROGRAM}.yaml"


def _data() -> dict:
    return yaml.safe_load(SHIPPED.read_bytes())


def _load(data: dict) -> None:
    parse_rulebook(yaml.safe_dump(data, allow_unicode=True).encode(), expected_program=PROGRAM)


def test_shipped_rulebook_loads_with_the_rulebook_values() -> None:
    rb = load_rulebook(PROGRAM, RULES_DIR)
    assert rb.program == PROGRAM
    assert rb.region.departements == ("04", "05", "06", "13", "83", "84")
    assert rb.required_pieces["identity"] == (DocType.ID_CARD, DocType.PASSPORT, DocType.RESIDENCE_PERMIT)
    assert set(rb.required_pieces) == {
        "identity",
        "proof_of_address",
        "bank_details",
        "jobseeker_certificate",
        "training_quote",
    }
    assert rb.optional_doc_types == (DocType.TAX_NOTICE, DocType.CV)
    assert rb.type_confidence_threshold == 0.90
    assert (rb.quality.blur_sharpness_below, rb.quality.blank_mean_grey_above) == (200, 245)
    assert (rb.quality.unreadable_ocr_confidence_at_most, rb.quality.too_small_dpi_below) == (50, 150)
    assert (rb.freshness_months.proof_of_address, rb.freshness_months.jobseeker_certificate) == (3, 3)
    assert rb.cap_eur == Decimal("5000.00")
    assert rb.names.max_ocr_edits == 0
    assert rb.version == hashlib.sha256(SHIPPED.read_bytes()).hexdigest()


def test_shipped_rulebook_lists_every_rule_enabled_with_its_code() -> None:
    rb = load_rulebook(PROGRAM, RULES_DIR)
    assert set(rb.rules) == set(REGISTRY)
    for rule_id, config in rb.rules.items():
        assert config.enabled, rule_id
        assert config.code == REGISTRY[rule_id].code


def test_every_reason_code_of_the_contract_is_raised_by_some_rule() -> None:
    from models.reasons import ReasonCode

    raised = {spec.code for spec in REGISTRY.values()} | {ReasonCode.FIELD_NOT_FOUND}
    assert set(ReasonCode) - raised == {ReasonCode.APPLICATION_INVALID}  # raised by the flow


def test_every_rule_has_a_name_and_a_rulebook_reference() -> None:
    for rule_id, spec in REGISTRY.items():
        doc = spec.func.__doc__ or ""
        assert spec.name and len(doc.strip().splitlines()) > 2, rule_id
        assert "RULEBOOK" in doc or "CONTRACT" in doc, rule_id


def test_region_contains() -> None:
    rb = load_rulebook(PROGRAM, RULES_DIR)
    assert rb.region.contains("13001")
    assert not rb.region.contains("75011")
    assert not rb.region.contains("1300")  # not a postal code
    assert not rb.region.contains(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blue"}, "unknown key 'colour'"),
        ({"quality": {"blur_sharpness_below": 250, "blurr": 3}}, "allowed here: blur_sharpness_below"),
        ({"required_pieces": {"identity": ["id_card", "pasport"]}}, "'passport'"),
        ({"optional_doc_types": ["tax_notice", "cv", "id_card"]}, "both required and optional"),
        ({"rules": {"identity.expire": {"enabled": True}}}, "valid: address.fresh"),
        ({"rules": {"identity.expired": {"code": "IDENTITY_EXPIRD"}}}, "IDENTITY_EXPIRED"),
        ({"rules": {"identity.expired": {"code": "NAME_MISMATCH"}}}, "raises IDENTITY_EXPIRED"),
        ({"rules": {"documents.missing": {"enabled": False}}}, "cannot be disabled"),
        ({"rules": {"training.cost": {"params": {"tolerence_eur": 1}}}}, "tolerence_eur"),
        ({"rules": {"training.cost": {"params": {"tolerance_eur": -1}}}}, "tolerance_eur"),
        ({"region": {"name": "PACA", "departements": [4, "13"]}}, "in quotes"),
        ({"type_confidence_threshold": 1.5}, "type_confidence_threshold"),
        ({"cap_eur": "lots"}, "cap_eur"),
        ({"names": {"max_ocr_edits": 2}}, "max_ocr_edits"),
        ({"version": "abc"}, "computed"),
        ({"program": "autre-programme"}, "is for 'aide-individuelle-formation'"),
    ],
)
def test_bad_rulebooks_are_rejected_with_a_clear_message(change: dict, message: str) -> None:
    data = _data()
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict) and key == "rules":
            data[key] = {**data[key], **{k: {**data[key].get(k, {}), **v} for k, v in value.items()}}
        else:
            data[key] = value
    with pytest.raises(RulebookError) as excinfo:
        _load(data)
    assert message in str(excinfo.value)


def test_missing_required_key_is_rejected() -> None:
    data = _data()
    del data["cap_eur"]
    with pytest.raises(RulebookError, match="cap_eur"):
        _load(data)


def test_unlisted_rule_is_enabled_by_default() -> None:
    data = _data()
    del data["rules"]["bank.holder"]
    rb = parse_rulebook(yaml.safe_dump(data, allow_unicode=True).encode())
    assert rb.is_enabled("bank.holder")


def test_missing_file_lists_available_programs(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="available: aide-individuelle-formation"):
        load_rulebook("inconnu", RULES_DIR)
    with pytest.raises(RulebookError, match="invalid program id"):
        load_rulebook("../etc/passwd", RULES_DIR)


def test_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("program: [unclosed", encoding="utf-8")
    with pytest.raises(RulebookError, match="not valid YAML"):
        load_rulebook("x", tmp_path)


def test_rulebook_is_frozen() -> None:
    rb = load_rulebook(PROGRAM, RULES_DIR)
    with pytest.raises(ValidationError):
        rb.cap_eur = Decimal("1")  # type: ignore[misc]
