"""Settings of the review app: ``DOSSIERCHECK_*`` environment variables, checked at start.

The secret key signs the session cookies: it is required, and an empty,
short or well-known value stops the app at once (fail fast, as the FastAPI
template does for its default secrets).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.settings import DEFAULT_RULES_DIR, PROJECT_ROOT

ROLES = ("caseworker", "supervisor", "admin")
ROLE_LABELS_FR = {"caseworker": "Instructeur", "supervisor": "Superviseur", "admin": "Administrateur"}
_WEAK_SECRETS = {"changethis", "change-me", "changeme", "secret", "dev", "development", "default"}


class ReviewSettings(BaseSettings):
    """Deployment settings of ``dossiercheck review serve``."""

    model_config = SettingsConfigDict(env_prefix="DOSSIERCHECK_", extra="ignore")

    secret_key: str = Field("", description="Signs the session cookie; at least 32 characters.")
    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{(Path.cwd() / 'var' / 'dossiercheck.db').as_posix()}"
    )
    rules_dir: Path = Field(default=DEFAULT_RULES_DIR)
    # Where batch folders live, to find a document's file when documents.path is empty:
    # ROOT/<batch_name>/<application_id>/<file_name>.
    batch_roots: list[Path] = Field(default_factory=lambda: [PROJECT_ROOT / "sample_docs" / "batches"])
    lock_minutes: int = Field(15, ge=1, le=240, description="How long « Dossier suivant » locks a dossier.")
    assign_hours: int = Field(8, ge=1, le=72, description="How long a supervisor's assignment holds.")
    refuse_roles: list[str] = Field(default_factory=lambda: ["supervisor", "admin"])
    login_max_failures: int = Field(5, ge=1)
    login_window_minutes: int = Field(15, ge=1)
    session_hours: int = Field(10, ge=1, le=24)
    cookie_secure: bool = Field(False, description="Set on HTTPS deployments (cookie sent over TLS only).")
    page_render_scale: float = Field(1.6, gt=0.2, le=4.0, description="PDF pages: pixels per point.")

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: str) -> str:
        if not value or value.strip().lower() in _WEAK_SECRETS or len(value) < 32:
            raise ValueError(
                "DOSSIERCHECK_SECRET_KEY must be set to a random value of at least 32 characters "
                '(e.g. python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        return value

    @field_validator("refuse_roles")
    @classmethod
    def _known_roles(cls, value: list[str]) -> list[str]:
        unknown = [r for r in value if r not in ROLES]
        if unknown:
            raise ValueError(f"unknown roles {unknown}; valid: {', '.join(ROLES)}")
        return value
