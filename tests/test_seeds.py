"""End to end on the shared seed notices, scored against their gold annotations.

The figures asserted here are the project's promises; a regression turns CI red.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from tests.conftest import SHARED

HEADER_FIELDS = [
    "title",
    "publisher",
    "issued",
    "group",
    "target",
    "start",
    "end",
    "feedback",
    "round",
    "count_problems",
    "count_measures",
    "count_completed",
    "count_in_progress",
]


@pytest.fixture(scope="module")
def scores(seeds_dir: Path, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seeds")
    report = build([seeds_dir], out)
    assert not report.failed
    figures = out / "score.json"
    subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--graph",
            str(out / "graph.ttl"),
            "--json",
            str(figures),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(figures.read_text(encoding="utf-8"))


def test_every_notice_is_found(scores):
    assert scores["headline"]["notices"] == 1.0


def test_header_fields(scores):
    fields = scores["fields"]
    assert all(fields[f] >= 0.90 for f in HEADER_FIELDS), fields
    assert sum(fields[f] for f in HEADER_FIELDS) / len(HEADER_FIELDS) >= 0.95


def test_groups_resolve_to_one_node_each(scores):
    assert scores["headline"]["group_resolution"] == 1.0
