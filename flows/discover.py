"""Finding the dossiers of a batch directory and validating their forms (CONTRACT.md §2)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from models.contract import Application
from models.errors import ApplicationInvalid
from models.settings import Settings, get_settings

FORM_FILE = "application.json"


@dataclass
class Dossier:
    """One application folder: its form (when valid) and its uploaded files."""

    application_id: str
    folder: Path
    files: list[str] = field(default_factory=list)
    # Files past the settings' documents-per-dossier limit (name order): reported, never read.
    excess_files: list[str] = field(default_factory=list)
    application: Application | None = None
    form: dict | None = None
    error: ApplicationInvalid | None = None


def _form_error(detail: str, message_fr: str) -> ApplicationInvalid:
    return ApplicationInvalid(detail, message_fr=message_fr)


def _longest_string(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max([_longest_string(k) for k in value] + [_longest_string(v) for v in value.values()] + [0])
    if isinstance(value, list):
        return max([_longest_string(v) for v in value] + [0])
    return 0


def load_form(
    folder: Path, settings: Settings | None = None
) -> tuple[Application | None, dict | None, ApplicationInvalid | None]:
    """Parse and validate a folder's application.json (size and text lengths capped first)."""
    settings = settings or get_settings()
    path = folder / FORM_FILE
    if not path.is_file():
        return None, None, _form_error("missing", "Le formulaire application.json est absent du dossier.")
    size = path.stat().st_size
    if size > settings.max_form_bytes:
        return (
            None,
            None,
            _form_error(
                f"form of {size} bytes over the {settings.max_form_bytes}-byte limit",
                f"Le formulaire application.json dépasse la taille maximale "
                f"({settings.max_form_bytes // 1024} Kio) : il n'est pas lu.",
            ),
        )
    try:
        with path.open("rb") as handle:
            form = json.loads(handle.read(settings.max_form_bytes + 1).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return (
            None,
            None,
            _form_error(f"not JSON: {error}", "Le formulaire application.json n'est pas un JSON lisible."),
        )
    if _longest_string(form) > settings.max_form_string:
        # the form is not kept: a text this long is never copied into the report or the database
        return (
            None,
            None,
            _form_error(
                f"a text over {settings.max_form_string} characters",
                f"Le formulaire application.json contient un texte de plus de "
                f"{settings.max_form_string} caractères : il n'est pas lu.",
            ),
        )
    try:
        application = Application.model_validate(form)
    except ValidationError as error:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})
        return (
            None,
            form if isinstance(form, dict) else None,
            _form_error(
                f"invalid fields: {fields}",
                "Le formulaire application.json est invalide (champs en cause : "
                + ", ".join(fields[:8])
                + ").",
            ),
        )
    if application.application_id != folder.name:
        return (
            None,
            form,
            _form_error(
                "application_id differs from folder name",
                f"Le numéro de dossier du formulaire ({application.application_id}) "
                f"ne correspond pas au nom du dossier ({folder.name}).",
            ),
        )
    return application, form, None


def discover_dossiers(batch_dir: Path, settings: Settings | None = None) -> list[Dossier]:
    """Every application folder of a batch, in name order; plain files at the root are ignored."""
    limit = (settings or get_settings()).max_documents
    dossiers = []
    for folder in sorted(p for p in batch_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        application, form, error = load_form(folder)
        files = sorted(
            p.name
            for p in folder.iterdir()
            if p.is_file() and p.name != FORM_FILE and not p.name.startswith(".")
        )
        dossiers.append(
            Dossier(
                application_id=folder.name,
                folder=folder,
                files=files[:limit],
                excess_files=files[limit:],
                application=application,
                form=form,
                error=error,
            )
        )
    return dossiers
