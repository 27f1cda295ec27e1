"""Shared fixtures: where the shared seed notices and the gold scorer live."""

from __future__ import annotations

from pathlib import Path

import pytest

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
