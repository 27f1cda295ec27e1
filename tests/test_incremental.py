"""Incremental builds: only changed files are read again, and the result equals a fresh build."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.cache import MANIFEST
from kg.build.parallel import page_name
from kg.build.run import build
from kg.build.write import FORMATS
from kg.errors import BuildFailed
from kg.explore.annotate import render_notice
from tests.synth import synth_file


def _corpus(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        f = synth_file(n, seed=11)
        (folder / f.name).write_bytes(f.data)
    return sorted(folder.iterdir())


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.nq")}


def _graphs(out: Path) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(out / "store")).named_graphs()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    _corpus(tmp_path / "in", range(4))
    return tmp_path / "in"


def test_an_unchanged_corpus_is_not_rebuilt(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = build([corpus], out, workers=1, validate=False, formats=FORMATS)
    before = _outputs(out)
    again = build([corpus], out, workers=1, validate=False, formats=FORMATS)
    assert again.up_to_date and again.extracted == 0 and not again.written
    assert again.notices == first.notices
    assert all(f.cached for f in again.files)
    assert _outputs(out) == before


def test_changed_and_removed_files_equal_a_fresh_build(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = build([corpus], out, workers=1, validate=False, formats=FORMATS)
    files = sorted(corpus.iterdir())
    removed = next(f for f in first.files if f.path == files[0])
    files[0].unlink()
    changed = synth_file(99, seed=11)
    files[1].write_bytes(changed.data)
    again = build([corpus], out, workers=1, validate=False, formats=FORMATS)
    assert again.extracted == 1
    assert not set(removed.notices) & _graphs(out)
    fresh = tmp_path / "fresh"
    build([corpus], fresh, workers=1, validate=False, formats=FORMATS)
    assert _outputs(out) == _outputs(fresh)
    assert _graphs(out) == _graphs(fresh)


def test_other_settings_rebuild_everything(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build([corpus], out, workers=1, validate=False, formats=FORMATS)
    assert build([corpus], out, workers=1, validate=True, formats=FORMATS).extracted == 4


def test_a_failed_build_keeps_the_cache(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build([corpus], out, workers=1, validate=False, formats=FORMATS)
    manifest = (out / MANIFEST).read_bytes()
    before = _outputs(out)
    sorted(corpus.iterdir())[0].write_bytes(synth_file(98, seed=11).data)
    (corpus / "news.txt").write_text("一篇与巡察无关的新闻。", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build([corpus], out, workers=1, validate=False, formats=FORMATS, strict=True)
    assert (out / MANIFEST).read_bytes() == manifest
    assert _outputs(out) == before
    assert not list(out.glob(".staging-*"))
    report = build([corpus], out, workers=1, validate=False, formats=FORMATS)
    assert report.extracted == 2
    assert {f.path.name for f in report.failed} == {"news.txt"}


def test_notice_pages_follow_their_notices(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = build([corpus], out, workers=1, validate=False, formats=FORMATS, notice_page=render_notice)
    pages = {p.name for p in (out / "notices").iterdir()}
    assert pages == {page_name(n) for f in first.files for n in f.notices}
    assert "<html" in (out / "notices" / sorted(pages)[0]).read_text(encoding="utf-8").lower()
    removed = sorted(corpus.iterdir())[0]
    gone = next(f.notices for f in first.files if f.path == removed)
    removed.unlink()
    build([corpus], out, workers=1, validate=False, formats=FORMATS, notice_page=render_notice)
    assert {p.name for p in (out / "notices").iterdir()} == pages - {page_name(n) for n in gone}
    build([corpus], out, workers=1, validate=False, formats=FORMATS)
    assert not (out / "notices").exists()
