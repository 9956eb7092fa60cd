"""The rulebook: one YAML file per program, validated strictly at load time.

``load_rulebook(program, rules_dir)`` reads ``rules_dir/<program>.yaml`` and
returns a frozen ``Rulebook``. Unknown keys, unknown doc types, reason codes
or rule ids, and inconsistent values are rejected with a ``RulebookError``
that says where and lists what is valid. ``Rulebook.version`` is the SHA-256
of the file's bytes, stored with every result so a decision can be replayed
with the exact rules that made it.

The YAML schema (see ``rules/aide-individuelle-formation.yaml``)::

    program: str                      # must equal the file name's stem
    title: str
    region: {name: str, departements: [str, ...]}   # "04", "2A", "971"…
    required_pieces: {piece: [doc_type, ...], ...}
    optional_doc_types: [doc_type, ...]
    type_confidence_threshold: float  # 0..1
    quality: {blur_sharpness_below, blank_mean_grey_above,
              unreadable_ocr_confidence_at_most, too_small_dpi_below}
    freshness_months: {proof_of_address: int, jobseeker_certificate: int}
    cap_eur: decimal
    names: {max_ocr_edits: 0|1, min_word_length: int}
    rules: {rule_id: {enabled: bool, code: REASON_CODE, params: {...}}, ...}

A rule absent from ``rules`` is enabled with its default parameters.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from models.doctypes import DocType
from models.reasons import ReasonCode
from validators.rules import REGISTRY

P = TypeVar("P", bound=BaseModel)

_PROGRAM_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_DEPARTEMENT_RE = re.compile(r"[0-9]{2}|2[AB]|97[0-9]")


class RulebookError(ValueError):
    """A rulebook file is missing, not YAML, or not valid against the schema."""


class _Strict(BaseModel):
    """Frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(_Strict):
    """The départements whose residents the program funds."""

    name: str = Field(min_length=1)
    departements: tuple[str, ...] = Field(min_length=1)

    @field_validator("departements", mode="before")
    @classmethod
    def _quoted(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            for item in value:
                if not isinstance(item, str):
                    raise ValueError(
                        f'département {item!r} must be written in quotes, e.g. "04" '
                        "(YAML reads 04 as the number 4)"
                    )
                if not _DEPARTEMENT_RE.fullmatch(item):
                    raise ValueError(f'département {item!r} is not a code like "04", "2A" or "971"')
        return value

    def contains(self, postal_code: str) -> bool:
        """Return True when the 5-digit ``postal_code`` is in one of the départements (Corsica: 20…)."""
        if not isinstance(postal_code, str) or not re.fullmatch(r"[0-9]{5}", postal_code):
            return False
        return any(postal_code.startswith("20" if d in ("2A", "2B") else d) for d in self.departements)

    def listing(self) -> str:
        """Return the départements for a message: "04, 05, 06, 13, 83, 84"."""
        return ", ".join(self.departements)


class QualityThresholds(_Strict):
    """When a document counts as unreadable (RULEBOOK "Confidence and quality")."""

    blur_sharpness_below: float = Field(default=200, ge=0)
    blank_mean_grey_above: float = Field(default=245, ge=0, le=255)
    unreadable_ocr_confidence_at_most: float = Field(default=50, ge=0, le=100)
    too_small_dpi_below: float = Field(default=150, ge=0)


class Freshness(_Strict):
    """How many calendar months before submission a document may be dated."""

    proof_of_address: int = Field(ge=1, le=36)
    jobseeker_certificate: int = Field(ge=1, le=36)


class NameMatching(_Strict):
    """Tolerance of OCR errors in names (0: strict, RULEBOOK "Names" as written)."""

    max_ocr_edits: int = Field(default=0, ge=0, le=1)
    min_word_length: int = Field(default=8, ge=5)


class RuleConfig(_Strict):
    """One rule's switch, its reason code (as a reminder, checked) and its parameters."""

    enabled: bool = True
    code: ReasonCode | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class Rulebook(_Strict):
    """A program's rules, as data (see the module docstring for the YAML schema)."""

    program: str = Field(pattern=_PROGRAM_RE.pattern)
    title: str = Field(min_length=1)
    region: Region
    required_pieces: dict[str, tuple[DocType, ...]] = Field(min_length=1)
    optional_doc_types: tuple[DocType, ...] = ()
    type_confidence_threshold: float = Field(ge=0, le=1)
    quality: QualityThresholds = QualityThresholds()
    freshness_months: Freshness
    cap_eur: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    names: NameMatching = NameMatching()
    rules: dict[str, RuleConfig] = Field(default_factory=dict)
    version: str = ""  # SHA-256 of the file, set by load_rulebook

    @field_validator("required_pieces")
    @classmethod
    def _pieces(cls, value: dict[str, tuple[DocType, ...]]) -> dict[str, tuple[DocType, ...]]:
        seen: dict[DocType, str] = {}
        for piece, doc_types in value.items():
            if not re.fullmatch(r"[a-z][a-z_]*", piece):
                raise ValueError(f"piece name {piece!r}: use lower-case letters and _")
            if not doc_types:
                raise ValueError(f"piece {piece!r} accepts no doc type")
            for doc_type in doc_types:
                if doc_type == DocType.OTHER:
                    raise ValueError(f"piece {piece!r}: 'other' cannot be a required piece")
                if doc_type in seen:
                    raise ValueError(
                        f"doc type {doc_type.value!r} is in two pieces: {seen[doc_type]!r} and {piece!r}"
                    )
                seen[doc_type] = piece
        return value

    @field_validator("rules")
    @classmethod
    def _rules(cls, value: dict[str, RuleConfig]) -> dict[str, RuleConfig]:
        valid = ", ".join(sorted(REGISTRY))
        for rule_id, config in value.items():
            spec = REGISTRY.get(rule_id)
            if spec is None:
                raise ValueError(f"unknown rule id {rule_id!r}; valid: {valid}")
            if config.code is not None and config.code != spec.code:
                raise ValueError(f"rule {rule_id!r} raises {spec.code.value}, not {config.code.value}")
            if spec.mandatory and not config.enabled:
                raise ValueError(f"rule {rule_id!r} cannot be disabled (a safety rule)")
            try:
                spec.params_model.model_validate(config.params)
            except ValidationError as exc:
                details = "; ".join(_describe(e, spec.params_model) for e in exc.errors())
                raise ValueError(f"rule {rule_id!r} params: {details}") from None
        return value

    @model_validator(mode="after")
    def _optional_apart(self) -> Rulebook:
        required = {t for types in self.required_pieces.values() for t in types}
        both = sorted(t.value for t in required & set(self.optional_doc_types))
        if both:
            raise ValueError(f"doc types both required and optional: {', '.join(both)}")
        return self

    def is_enabled(self, rule_id: str) -> bool:
        """Return True unless the rulebook disables the rule."""
        config = self.rules.get(rule_id)
        return config is None or config.enabled

    def params_for(self, rule_id: str, model: type[P]) -> P:
        """Return the rule's parameters, validated, with defaults for what the file leaves out."""
        config = self.rules.get(rule_id)
        return model.model_validate(config.params if config else {})


def load_rulebook(program: str, rules_dir: Path) -> Rulebook:
    """Read and validate ``rules_dir/<program>.yaml``; raise RulebookError with a clear message."""
    if not isinstance(program, str) or not _PROGRAM_RE.fullmatch(program):
        raise RulebookError(f"invalid program id {program!r} (lower-case letters, digits, -)")
    path = Path(rules_dir) / f"{program}.yaml"
    try:
        raw = path.read_bytes()
    except OSError:
        available = sorted(p.stem for p in Path(rules_dir).glob("*.yaml")) if Path(rules_dir).is_dir() else []
        raise RulebookError(
            f"no rulebook for program {program!r} at {path}; available: {', '.join(available) or 'none'}"
        ) from None
    return parse_rulebook(raw, expected_program=program, source=str(path))


def parse_rulebook(
    raw: bytes, *, expected_program: str | None = None, source: str = "<rulebook>"
) -> Rulebook:
    """Validate a rulebook from the YAML bytes (``load_rulebook`` without the file)."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise RulebookError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RulebookError(f"{source}: expected a mapping of keys at the top level")
    if "version" in data:
        raise RulebookError(f"{source}: 'version' is computed (SHA-256 of the file), do not set it")
    if expected_program is not None and data.get("program") != expected_program:
        raise RulebookError(
            f"{source}: program is {data.get('program')!r} but the file is for {expected_program!r}"
        )
    try:
        return Rulebook.model_validate({**data, "version": hashlib.sha256(raw).hexdigest()})
    except ValidationError as exc:
        lines = [_describe(error, Rulebook) for error in exc.errors()]
        raise RulebookError(f"{source}: invalid rulebook:\n  - " + "\n  - ".join(lines)) from None


def _describe(error: Any, root: type[BaseModel]) -> str:
    """One validation error as "where: what", listing the allowed keys for an unknown one."""
    loc = tuple(error.get("loc", ()))
    where = ".".join(str(part) for part in loc) or "(top level)"
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = ", ".join(f for f in model.model_fields if f != "version") if model else "?"
        return f"{where}: unknown key {loc[-1]!r}; allowed here: {allowed}"
    given = error.get("input")
    if isinstance(given, (str, int, float)) and not isinstance(given, bool) and len(str(given)) <= 60:
        return f"{where}: {message} (got {given!r})"
    return f"{where}: {message}"


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Return the pydantic model that validates the mapping at ``loc`` (None if not a model)."""
    current: Any = root
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        elif get_origin(current) in (list, tuple):
            current = get_args(current)[0]
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
