"""Fuzzing what an applicant uploads: mutated real files and arbitrary forms.

A file either reads or raises one of the taxonomy's errors (a clear reason on
the dossier); a form either loads or gives ``APPLICATION_INVALID``. Nothing
else escapes.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.read import read_document
from extractors.sniff import sniff_file
from flows.discover import FORM_FILE, load_form
from models.errors import DossierCheckError
from models.settings import Settings
from tests.conftest import DEMO_BATCH

SAMPLES = {
    "pdf": (DEMO_BATCH / "SUD-2026-000002" / "document.pdf").read_bytes(),
    "png": (DEMO_BATCH / "SUD-2026-000002" / "Scan_20261106.png").read_bytes(),
    "jpg": (DEMO_BATCH / "SUD-2026-000001" / "IMG_1482.jpg").read_bytes(),
}
# Small limits keep each example short: a mutated file that still decodes is read for real,
# at a low resolution (what is tested is that nothing escapes, not what is read).
LIMITS = Settings(max_pages=2, max_image_pixels=2_000_000, ocr_dpi=100, ocr_timeout_s=30)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[kind])
    for _ in range(draw(st.integers(1, 6))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "zero"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif how == "truncate":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif data:
            data[at : at + draw(st.integers(1, 4096))] = b"\0" * min(4096, len(data) - at)
    name = draw(st.sampled_from([f"piece.{kind}", "piece.pdf", "piece.jpg", "piece"]))
    return name, bytes(data)


@settings(max_examples=8)
@given(mutated())
def test_a_mutated_real_file_reads_or_gives_a_clear_error(sample: tuple[str, bytes]) -> None:
    name, data = sample
    try:
        sniff_file(data, name, settings=LIMITS)
        document = read_document(data, name, settings=LIMITS)
    except DossierCheckError as error:
        assert error.message_fr  # the French reason the dossier will show
        return
    assert document.pages is not None


@settings(max_examples=200)
@given(st.binary(max_size=256), st.sampled_from(["x.pdf", "x.jpg", "x.png", "x.tif", "x"]))
def test_sniffing_random_bytes_never_escapes_the_taxonomy(data: bytes, name: str) -> None:
    try:
        sniff_file(data, name, settings=LIMITS)
    except DossierCheckError:
        pass


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=30,
)
REAL_FORM = json.loads((DEMO_BATCH / "SUD-2026-000001" / FORM_FILE).read_text(encoding="utf-8"))


@st.composite
def forms(draw: st.DrawFn) -> bytes:
    choice = draw(st.sampled_from(["json", "mutated", "bytes"]))
    if choice == "json":
        return json.dumps(draw(JSON)).encode()
    if choice == "bytes":
        return draw(st.binary(max_size=512))
    form = json.loads(json.dumps(REAL_FORM))
    section = draw(st.sampled_from(["applicant", "training", None]))
    target = form[section] if section else form
    key = draw(st.sampled_from(sorted(target)))
    target[key] = draw(JSON)
    return json.dumps(form).encode()


@settings(max_examples=200)
@given(forms())
def test_any_form_loads_or_is_application_invalid(tmp_path_factory, data: bytes) -> None:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("f") / "SUD-2026-000001"
    folder.mkdir()
    (folder / FORM_FILE).write_bytes(data)
    application, _form, error = load_form(folder, Settings())
    assert (application is None) != (error is None)
    if error is not None:
        assert error.message_fr and len(error.message_fr) < 600
