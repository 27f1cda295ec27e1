"""The build end to end on small notices written here: batches, errors, determinism."""

from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.build.run import build
from kg.build.write import FORMATS
from kg.cli import app
from kg.errors import BuildFailed
from kg.explore.site import SITE

NOTICE = """{unit}党委关于巡察整改进展情况的通报
根据市委统一部署，2024年3月4日至5月10日，市委第三巡察组对{unit}党委进行了巡察。6月12日，巡察组向{unit}党委反馈了巡察意见。
一、整改工作组织情况
针对反馈的2个方面6个问题，制定整改措施{measures}条。
中共青川市{full}委员会
2024年9月20日
"""


def _write(folder: Path, name: str, unit: str, full: str, measures: int, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(NOTICE.format(unit=unit, full=full, measures=measures), encoding=encoding)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", "市二院", "第二人民医院", 30)
    _write(folder, "b.txt", "市中医院", "中医院", 24, encoding="gb18030")
    return folder


def test_two_builds_in_any_order_are_byte_identical(corpus: Path, tmp_path: Path):
    build([corpus / "a.txt", corpus / "b.txt"], tmp_path / "one", formats=FORMATS)
    build([corpus / "b.txt", corpus / "a.txt"], tmp_path / "two", formats=FORMATS)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_build_writes_what_users_read_and_the_named_graphs_on_request(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build([corpus], out, sinks=[SITE])
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "graph.html",
        "graph.ttl",
        "groups",
        "manifest.json",
        "notices.html",
        "store",
        "units",
    ]
    again = build([corpus], out, formats=["nquads"], sinks=[SITE])
    assert again.extracted == 0, "a new format needs no extraction"
    assert (out / "graph.nq").is_file() and not (out / "graph.trig").exists()
    build([corpus], out)
    assert not (out / "graph.nq").exists(), "what a build was not asked for is not left behind"
    assert not (out / "graph.html").exists() and not (out / "units").exists(), "nor what no sink wrote"
    with pytest.raises(BuildFailed, match="nquads"):
        build([corpus], out, formats=["nt"])


def test_iris_are_stable_and_hold_no_raw_text(corpus: Path, tmp_path: Path):
    build([corpus], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    ids = {str(x) for t in g for x in t if str(x).startswith("https://w3id.org/xuncha-kg/id/")}
    assert ids
    assert all(x.isascii() and " " not in x for x in ids)


def test_a_bad_file_is_reported_and_the_rest_builds(corpus: Path, tmp_path: Path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "news.txt").write_text("一篇与巡察无关的新闻。", encoding="utf-8")
    report = build([corpus], tmp_path / "out")
    assert report.notices == 2
    assert {f.path.name for f in report.failed} == {"empty.txt", "news.txt"}
    assert all(f.error for f in report.failed)


def test_a_failed_build_leaves_the_previous_output(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    build([corpus], out)
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "news.txt").write_text("一篇与巡察无关的新闻。", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build([bad], out)
    with pytest.raises(BuildFailed):
        build([corpus, bad], out, strict=True)
    assert (out / "graph.ttl").read_bytes() == before
    assert not list(out.glob(".staging-*"))


@pytest.mark.cli
def test_cli_exit_status(corpus: Path, tmp_path: Path):
    runner = CliRunner()
    ok = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert ok.exit_code == 0, ok.output
    assert "a.txt: 1 notice(s)" in ok.output
    (corpus / "news.txt").write_text("一篇与巡察无关的新闻。", encoding="utf-8")
    partial = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert partial.exit_code == 0
    assert "news.txt: skipped" in partial.output
    strict = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1
    missing = runner.invoke(app, ["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert missing.exit_code == 1
    assert "nowhere" in missing.output


@pytest.mark.cli
def test_the_cli_writes_the_formats_asked_for(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--formats", "trig, nquads"])
    assert done.exit_code == 0, done.output
    assert (out / "graph.trig").is_file() and (out / "graph.nq").is_file()
    wrong = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--formats", "rdfxml"])
    assert wrong.exit_code != 0 and "rdfxml" in wrong.output
