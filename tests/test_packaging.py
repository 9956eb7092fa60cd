"""Packaging guards: our top-level packages are ours, and prefect.yaml points at flows."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = {"flows", "extractors", "validators", "models", "review", "sample_docs"}


def test_no_installed_distribution_shadows_our_packages() -> None:
    """`validators` and `models` also exist on PyPI: no dependency may bring them in."""
    clashes = {}
    for dist in importlib.metadata.distributions():
        if (dist.metadata["Name"] or "").lower() == "dossiercheck":
            continue
        top_level = (dist.read_text("top_level.txt") or "").split()
        names = set(top_level) | {
            str(f).split("/")[0] for f in (dist.files or []) if str(f).endswith("__init__.py")
        }
        if names & OUR_PACKAGES:
            clashes[dist.metadata["Name"]] = sorted(names & OUR_PACKAGES)
    assert not clashes, clashes


def test_prefect_yaml_entrypoints_are_flows() -> None:
    from prefect import Flow
    from prefect.flows import load_flow_from_entrypoint

    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    entrypoints = [d["entrypoint"] for d in config["deployments"]]
    assert entrypoints
    for entrypoint in entrypoints:
        path, _, name = entrypoint.partition(":")
        flow = load_flow_from_entrypoint(f"{ROOT / path}:{name}")
        assert isinstance(flow, Flow), entrypoint
