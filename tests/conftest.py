"""Shared fixtures: where the shared seed notices and the gold scorer live."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from kg.graph.store import write_store
from tests.graph_fixtures import fixture_dataset

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/seeds: real notices that are not ours to copy; tests skip cleanly without them."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir() or not any(seeds.glob("*.txt")):
        pytest.skip("../shared/seeds is not present")
    return seeds


@pytest.fixture(scope="module")
def built() -> Dataset:
    """The fictional two-notice fixture graph, assembled by kg.graph.assemble."""
    return fixture_dataset()


@pytest.fixture(scope="module")
def store(built: Dataset, tmp_path_factory) -> Path:
    """The fixture graph written into an Oxigraph store."""
    path = tmp_path_factory.mktemp("out") / "store"
    write_store(built, path)
    return path
