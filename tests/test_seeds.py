"""End to end on the shared seed notices, scored against their gold annotations.

The figures asserted here are the project's promises; a regression turns CI red.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.run import build
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
    score_py = str(SHARED / "eval" / "score.py")
    printed = subprocess.run(
        [sys.executable, score_py, "--graph", str(out / "graph.ttl"), "--json", str(figures)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    scores = json.loads(figures.read_text(encoding="utf-8"))
    # accuracies the scorer prints but does not write to its JSON
    for key, line in (
        ("problem_parent", "problem parent (matched)"),
        ("person_post", "person post (matched)"),
    ):
        found = re.search(re.escape(line) + r"\s+([0-9.]+)", printed)
        assert found, printed
        scores["headline"][key] = float(found.group(1))
    return scores


def test_every_notice_is_found(scores):
    assert scores["headline"]["notices"] == 1.0


def test_header_fields(scores):
    fields = scores["fields"]
    assert all(fields[f] >= 0.90 for f in HEADER_FIELDS), fields
    assert sum(fields[f] for f in HEADER_FIELDS) / len(HEADER_FIELDS) >= 0.95


def test_groups_resolve_to_one_node_each(scores):
    assert scores["headline"]["group_resolution"] == 1.0


@pytest.mark.parametrize(
    ("figure", "at_least"),
    [
        ("problems_f1", 0.90),
        ("problem_status", 0.90),
        ("problem_parent", 0.90),
        ("regulations_f1", 0.90),
        ("doc_numbers_f1", 0.95),
        ("persons_f1", 0.85),
        ("person_post", 0.80),
        ("organizations_f1", 0.80),
        ("places_f1", 0.80),
    ],
)
def test_body_extraction(scores, figure, at_least):
    assert scores["headline"][figure] >= at_least


def test_overall(scores):
    assert scores["overall"] >= 0.90
