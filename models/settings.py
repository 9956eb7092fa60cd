"""Deployment settings: one BaseSettings, env prefix ``DOSSIERCHECK_``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The default rulebooks ship inside the package (validators/rulebooks/*.yaml, package data),
# so an installed wheel has them; DOSSIERCHECK_RULES_DIR points elsewhere.
DEFAULT_RULES_DIR = PROJECT_ROOT / "validators" / "rulebooks"


class Settings(BaseSettings):
    """Settings read from the environment (``DOSSIERCHECK_*``) and nothing else."""

    model_config = SettingsConfigDict(env_prefix="DOSSIERCHECK_", extra="ignore")

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{(Path.cwd() / 'var' / 'dossiercheck.db').as_posix()}",
        description="SQLAlchemy URL of the results database.",
    )
    rules_dir: Path = Field(
        default=DEFAULT_RULES_DIR, description="Folder of rulebooks (the package's own by default)."
    )
    default_program: str = "aide-individuelle-formation"
    ocr_lang: str = "fra"
    ocr_dpi: int = 300
    ocr_timeout_s: int = 120
    # Limits on what an applicant uploads, each enforced before the whole input is held in
    # memory, each giving a reason with a French message when crossed (README "Limits").
    max_file_bytes: int = Field(default=25 * 1024 * 1024, description="Largest uploaded file, bytes.")
    max_pages: int = Field(default=30, description="Most pages (or image frames) read in one file.")
    max_image_pixels: int = Field(
        default=60_000_000, description="Most pixels of one page image (decompression bombs)."
    )
    max_form_bytes: int = Field(default=64 * 1024, description="Largest application.json, bytes.")
    max_documents: int = Field(
        default=30, description="Most documents read per dossier (the others are reported, not read)."
    )
    max_form_string: int = Field(default=1000, description="Longest text of any application.json field.")
    workers: int = Field(default=2, description="Processes for per-document work.")
    # How long a closed dossier keeps its personal data (docs/operations.md, « Personal data »):
    # the daily purge deletes them this many days after closure; cached readings live no longer.
    retention_days: int = Field(
        default=90, ge=1, description="Days a closed dossier keeps its personal data before the purge."
    )
    # Document classification (docs/classifier.md). No silent fallback: if the
    # transformers classifier cannot load, the run fails and says why.
    classifier: Literal["transformers", "keyword"] = Field(
        default="transformers", description="transformers (trained, calibrated) or keyword (the baseline)."
    )
    classifier_path: Path | None = Field(
        default=None, description="Folder of the trained classifier artifact (default: the one shipped)."
    )
    classifier_encoder: str | None = Field(
        default=None,
        description="The artifact's encoder when it is not where the artifact says: a local Hugging "
        "Face model folder, or a hub id already in the local Hugging Face cache (never downloaded).",
    )
    trust_dir: Path = Field(
        default_factory=lambda: Path.cwd() / "var" / "trust",
        description="Folder of the 2D-Doc issuers' certificates (dossiercheck trust import).",
    )
    classifier_threads: int = Field(
        default=1, description="Torch threads per process (processes give the parallelism)."
    )

    def reading_fingerprint(self) -> str:
        """The settings that change what reading a file yields: part of every cached reading's key."""
        return (
            f"{self.ocr_lang}|{self.ocr_dpi}|{self.max_file_bytes}|{self.max_pages}|{self.max_image_pixels}"
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
