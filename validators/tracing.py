"""What a rule read: the form values, document fields and rulebook settings it used.

``traced_inputs`` hands a rule recording views of its three arguments. The
views behave like the originals for every read a rule does (attribute access
on the form and the rulebook, ``doc.fields.get`` / ``doc.value`` on the
documents) and note each read, so that an explanation can say, for this
person, which data each rule used and with which parameters (CRPA
R311-3-1-2). The rule's findings are not changed by being watched: a test
compares traced and untraced results on the demo batch.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from models.contract import Application
from models.facts import DocumentFacts


def json_value(value: Any) -> Any:
    """A JSON-friendly copy of a value read by a rule (dates ISO, amounts as text, models dumped)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class Trace:
    """The reads of one rule: ``inputs`` (form and documents) and ``settings`` (rulebook)."""

    def __init__(self) -> None:
        self.inputs: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.settings: dict[str, Any] = {}

    def form(self, path: str, value: Any) -> None:
        """Note a read of the form at ``path`` (``applicant.last_name``)."""
        self.inputs.setdefault(
            ("form", "", path), {"source": "form", "field": path, "value": json_value(value)}
        )

    def document(self, doc: DocumentFacts, name: str, extracted: Any) -> None:
        """Note a lookup of field ``name`` on ``doc`` (``extracted`` None: not found)."""
        if extracted is None:
            entry: dict[str, Any] = {"value": None, "page": None, "extractor": None}
        else:
            entry = {
                "value": json_value(extracted.value),
                "page": extracted.page,
                "extractor": extracted.extractor,
            }
        self.inputs.setdefault(
            ("document", doc.file, name),
            {
                "source": "document",
                "document": doc.file,
                "doc_type": str(doc.doc_type),
                "field": name,
                **entry,
            },
        )

    def input_list(self) -> list[dict[str, Any]]:
        """The reads in a stable order: the form first, then documents by file and field."""
        return [self.inputs[key] for key in sorted(self.inputs)]


class _FormView:
    """Attribute reads of the form (and its nested models), recorded with their dotted path."""

    __slots__ = ("_path", "_target", "_trace")

    def __init__(self, target: BaseModel, trace: Trace, path: str = "") -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_trace", trace)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        path = f"{self._path}.{name}" if self._path else name
        if isinstance(value, BaseModel):
            return _FormView(value, self._trace, path)
        if not callable(value):
            self._trace.form(path, value)
        return value


class _RulebookView:
    """Attribute reads of the rulebook (its settings: cap, names, region…), recorded by name."""

    __slots__ = ("_target", "_trace")

    def __init__(self, target: Any, trace: Trace) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_trace", trace)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value) or isinstance(value, BaseModel):
            self._trace.settings.setdefault(name, json_value(value))
        return value


class _FieldsView(dict):  # type: ignore[type-arg]
    """A document's fields; each lookup by name is recorded (found or not)."""

    def __init__(self, doc: DocumentFacts, trace: Trace) -> None:
        super().__init__(doc.fields)
        self._doc = doc
        self._trace = trace

    def get(self, name: Any, default: Any = None) -> Any:
        value = super().get(name, default)
        self._trace.document(self._doc, str(name), super().get(name))
        return value

    def __getitem__(self, name: Any) -> Any:
        value = super().__getitem__(name)
        self._trace.document(self._doc, str(name), value)
        return value


def traced_inputs(
    application: Application, documents: list[DocumentFacts], rulebook: Any, trace: Trace
) -> tuple[Any, list[DocumentFacts], Any]:
    """Recording views of a rule's arguments (pass them to the rule instead of the originals)."""
    docs = [d.model_copy(update={"fields": _FieldsView(d, trace)}) for d in documents]
    return _FormView(application, trace), docs, _RulebookView(rulebook, trace)
