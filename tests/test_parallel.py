"""Parallel extraction and the synthetic corpus: same bytes out whatever the workers and order."""

import re
from pathlib import Path

import pytest

from kg.build.parallel import Settings, Task, extract_files
from kg.build.run import build
from kg.build.write import FORMATS
from kg.explore.site import SITE
from kg.ingest.read import read_document
from tests.synth import synth_corpus, synth_file, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("synth"), 6, seed=3)


def test_the_corpus_is_reproducible_and_varied():
    assert synth_file(41, seed=5) == synth_file(41, seed=5)
    assert synth_file(41, seed=5).data != synth_file(41, seed=6).data
    files = list(synth_corpus(120))
    assert {f.name.rsplit(".", 1)[1] for f in files} == {"txt", "html"}
    assert any(f.data != f.text.encode("utf-8") for f in files), "some files are GB18030"
    assert any(len(max(f.text.splitlines(), key=len)) <= 30 for f in files), "some are hard-wrapped"
    assert any(re.search(r"20\d{2}\d{3,4}日至", f.text) for f in files), "some dates lost 年 and 月"


@pytest.mark.parametrize("number", [0, 1, 2, 7, 19])
def test_synthetic_files_read_back_to_their_text(tmp_path: Path, number: int):
    f = synth_file(number)
    path = tmp_path / f.name
    path.write_bytes(f.data)
    assert read_document(path).text.strip()
    if f.name.endswith(".txt"):
        assert read_document(path).text.replace("\r", "").strip() == f.text.strip()


def test_workers_return_files_in_input_order(corpus: list[Path]):
    tasks = [Task(p, "") for p in reversed(corpus)]
    outputs = list(extract_files(tasks, Settings(validate=False), workers=2))
    assert [o.path for o in outputs] == [t.path for t in tasks]
    assert all(
        o.ok and o.notices and all(n.encode() in b for n, b in zip(o.notices, o.blocks, strict=True))
        for o in outputs
    )


def test_one_or_two_workers_any_order_same_bytes(corpus: list[Path], tmp_path: Path):
    one = build(corpus, tmp_path / "one", workers=1, validate=False, formats=FORMATS)
    two = build(list(reversed(corpus)), tmp_path / "two", workers=2, validate=False, formats=FORMATS)
    assert one.notices == two.notices >= len(corpus)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert two.seconds["extract"] > 0 and two.seconds["store"] > 0


def test_every_build_validates_and_writes_the_page(corpus: list[Path], tmp_path: Path):
    report = build(corpus[:2], tmp_path / "out", workers=2, sinks=[SITE])
    assert report.seconds["validate"] > 0
    assert (tmp_path / "out" / "graph.html").is_file()
    assert all(isinstance(v, str) for v in report.violations)
