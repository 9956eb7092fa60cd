"""The form's limits: size and text length capped before validation, never echoed back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flows.discover import FORM_FILE, load_form
from models.settings import Settings
from tests.conftest import DEMO_BATCH

DEMO_FOLDER = sorted(p for p in DEMO_BATCH.iterdir() if p.is_dir())[0]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / DEMO_FOLDER.name
    folder.mkdir()
    shutil.copy(DEMO_FOLDER / FORM_FILE, folder / FORM_FILE)
    return folder


def test_a_real_form_within_the_limits_loads(tmp_path: Path) -> None:
    application, form, error = load_form(_copy(tmp_path), Settings())
    assert error is None and application is not None and form is not None


def test_a_form_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    size = (folder / FORM_FILE).stat().st_size
    application, form, error = load_form(folder, Settings(max_form_bytes=size - 1))
    assert application is None and form is None and error is not None
    assert "taille maximale" in error.message_fr


def test_a_huge_text_in_a_field_is_refused_and_never_kept(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    data = json.loads((folder / FORM_FILE).read_text(encoding="utf-8"))
    data["applicant"]["address"]["line1"] = "A" * 5000
    (folder / FORM_FILE).write_text(json.dumps(data), encoding="utf-8")
    application, form, error = load_form(folder, Settings(max_form_bytes=1 << 20))
    assert application is None and form is None and error is not None
    assert "1000 caractères" in error.message_fr
    assert "AAAA" not in error.message_fr and "AAAA" not in str(error)
