"""Deployment settings: one BaseSettings, env prefix ``DOSSIERCHECK_``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings read from the environment (``DOSSIERCHECK_*``) and nothing else."""

    model_config = SettingsConfigDict(env_prefix="DOSSIERCHECK_", extra="ignore")

    database_url: str = Field(
        default_factory=lambda: f"sqlite:///{(Path.cwd() / 'var' / 'dossiercheck.db').as_posix()}",
        description="SQLAlchemy URL of the results database.",
    )
    rules_dir: Path = Field(default=PROJECT_ROOT / "rules", description="Folder of rulebooks.")
    default_program: str = "aide-individuelle-formation"
    ocr_lang: str = "fra"
    ocr_dpi: int = 300
    ocr_timeout_s: int = 120
    max_file_bytes: int = 25 * 1024 * 1024
    max_pages: int = 30
    workers: int = Field(default=2, description="Processes for per-document work.")
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
        return f"{self.ocr_lang}|{self.ocr_dpi}|{self.max_file_bytes}|{self.max_pages}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
