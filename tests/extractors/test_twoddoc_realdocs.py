"""Every message and image of ``shared/realdocs/2ddoc`` parses, verifies and decodes as its truth says.

The folder is the project's development set of public 2D-Doc material (its
README says where each item comes from). Nothing here special-cases a file:
the test reads ``truth.json`` and the certificates are imported into a
temporary trust store with the product's own import. The folder lives
outside the repository (``../shared/realdocs`` beside the checkout, or
``DOSSIERCHECK_REALDOCS``): where it is found, every item must pass; a
checkout without it (a CI clone elsewhere) skips this module and says so.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from extractors.twoddoc.message import parse_message
from extractors.twoddoc.scan import find_symbols
from extractors.twoddoc.trust import TrustStore, import_certificates
from extractors.twoddoc.verify import verify
from tests.conftest import realdocs_dir

REALDOCS = realdocs_dir()
if REALDOCS is None:
    pytest.skip(
        "development set shared/realdocs not found beside the checkout nor at DOSSIERCHECK_REALDOCS",
        allow_module_level=True,
    )
FOLDER = REALDOCS / "2ddoc"
EXPECTED = {"valid": "valid", "invalid": "invalid", "unknown": "unverifiable"}


def _truth() -> list[dict]:
    path = FOLDER / "truth.json"
    assert path.is_file(), f"missing development set: {path} (shared/realdocs/2ddoc must be beside the repo)"
    return json.loads(path.read_text(encoding="utf-8"))


def _messages() -> list[dict]:
    return [item for item in _truth() if item.get("raw")]


def _label(item: dict) -> str:
    return (item.get("file") or item["raw"][:26]).replace("2ddoc/", "")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> TrustStore:
    folder = tmp_path_factory.mktemp("trust")
    for item in _truth():
        name = item.get("file") or ""
        if "raw" not in item and name and not name.endswith(".png"):
            import_certificates(REALDOCS / name, folder)
    store = TrustStore(folder)
    assert len(store) >= 200
    return store


def test_the_development_set_is_there() -> None:
    messages = _messages()
    assert len(messages) == 61
    assert sum(1 for m in messages if m.get("file")) == 5


@pytest.mark.parametrize("item", _messages(), ids=_label)
def test_header_parses_to_its_truth(item: dict) -> None:
    header = parse_message(item["raw"]).header
    truth = item["header"]
    assert header.length == truth["length"]
    got = header.as_dict()
    assert (got["version"], got["ca_id"], got["cert_id"], got["doc_type"]) == (
        truth["version"],
        truth["ca_id"],
        truth["cert_id"],
        truth["doc_type"],
    )
    assert header.issue_date_hex == truth["emit_date_hex"]
    assert header.signature_date_hex == truth["sign_date_hex"]
    assert got["issue_date"] == truth["emit_date"]
    assert got["signature_date"] == truth["sign_date"]
    assert got["perimeter"] == truth.get("perimeter")
    assert got["country"] == truth.get("country")


@pytest.mark.parametrize("item", [m for m in _messages() if m["fields"]], ids=_label)
def test_fields_parse_to_their_truth(item: dict) -> None:
    """Each stated field is found, equal to its raw text or its decoded value (sources state either)."""
    doc = parse_message(item["raw"])
    for ident, expected in item["fields"].items():
        found = [f for f in doc.fields if f.ident == ident]
        assert found, f"field {ident} not parsed; problems: {doc.problems}"
        assert any(expected in (f.raw, f.value) for f in found), (ident, expected, found)


@pytest.mark.parametrize("item", _messages(), ids=_label)
def test_signature_gets_its_expected_verdict(item: dict, store: TrustStore) -> None:
    verdict = verify(parse_message(item["raw"]), store)
    assert verdict.status == EXPECTED[item["signature_expected"]], verdict.reason
    assert verdict.test_authority == bool(item["test_ca"])


@pytest.mark.parametrize("item", [m for m in _messages() if m.get("file")], ids=_label)
def test_image_decodes_to_its_raw_message(item: dict) -> None:
    gray = np.asarray(Image.open(REALDOCS / item["file"]).convert("L"))
    decoded = [s.raw for s in find_symbols(gray) if s.raw is not None]
    assert decoded == [item["raw"]]


@pytest.mark.parametrize("item", [m for m in _messages() if m.get("file")], ids=_label)
@pytest.mark.parametrize("angle", [10, 90, 180, 270])
def test_image_decodes_turned(item: dict, angle: int) -> None:
    image = Image.open(REALDOCS / item["file"]).convert("L")
    turned = image.rotate(angle, expand=True, fillcolor=255)
    decoded = [s.raw for s in find_symbols(np.asarray(turned)) if s.raw is not None]
    assert decoded == [item["raw"]]
