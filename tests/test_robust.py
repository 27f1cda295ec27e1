"""The build under hostile input and faults: every probe of issue 14 kept as a test."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.build.publish import LOCK_NAME, PAUSE_ENV, locked
from kg.build.run import build
from kg.build.write import FORMATS
from kg.errors import BuildFailed, InputError
from kg.explore.site import SITE
from kg.extract.nlp import MAX_NOTICE_CHARS
from kg.graph.assemble import notice_iri
from kg.graph.vocab import XC
from kg.ingest.html import MAX_HTML_DEPTH
from kg.ingest.read import MAX_INPUT_BYTES, read_document, source_keys

NOTICE = """{unit}党委关于巡察整改进展情况的通报
根据市委统一部署，2024年3月4日至5月10日，市委第三巡察组对{unit}党委进行了巡察。6月12日，巡察组向{unit}党委反馈了巡察意见。
一、整改工作组织情况
针对反馈的2个方面6个问题，制定整改措施{measures}{odd}条。
中共青川市{unit}委员会
2024年9月20日
"""


def notice(unit: str = "市二院", measures: int = 30, odd: str = "") -> str:
    return NOTICE.format(unit=unit, measures=measures, odd=odd)


LINE_BREAKERS = ["\u2028", "\u2029", "\v", "\f", "\x85", "\x1c", "\x1d", "\x1e"]


def test_line_breaking_characters_in_a_sentence_do_not_abort_the_build(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = "".join(LINE_BREAKERS)
    (folder / "a.txt").write_text(notice(odd=odd), encoding="utf-8")
    page = f"<html><body><p>{notice(unit='市中医院').replace(chr(10), '</p><p>')}</p></body></html>"
    (folder / "b.html").write_text(
        page.replace("巡察意见", "巡察&#x2028;意见&#x2029;&#x85;"), encoding="utf-8"
    )
    report = build([folder], tmp_path / "out", workers=1, formats=FORMATS)
    assert not report.failed, report.failed
    assert report.notices == 2
    nq = Dataset().parse(tmp_path / "out" / "graph.nq", format="nquads")
    ttl = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert any(odd in str(o) for o in ttl.objects())
    assert len(ttl) == len({(s, p, o) for s, p, o, _ in nq.quads()})


def _notice_graphs(out: Path) -> dict[str, set[str]]:
    """Each notice's IRI and the file names its graph says it came from."""
    nq = Dataset().parse(out / "graph.nq", format="nquads")
    return {
        str(g.identifier): {str(o) for o in g.objects(predicate=XC.sourceFile)} for g in nq.graphs() if len(g)
    }


def test_files_of_one_name_in_two_folders_are_two_notices(tmp_path: Path):
    for folder, unit in (("a", "市二院"), ("b", "市中医院")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notice.txt").write_text(notice(unit), encoding="utf-8")
    (tmp_path / "a" / "own.txt").write_text(notice("市三院"), encoding="utf-8")
    report = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", workers=1, formats=FORMATS)
    graphs = _notice_graphs(tmp_path / "out")
    assert report.notices == len(graphs) == 3
    assert sorted(map(sorted, graphs.values())) == [["notice.txt"], ["notice.txt"], ["own.txt"]]
    assert str(notice_iri("own.txt", 0)) in graphs  # a name of its own keeps the IRI it had
    # The same inputs give the same IRIs, and so does a rebuild that adds the second notice.txt.
    build([tmp_path / "a"], tmp_path / "inc", workers=1, formats=FORMATS)
    build([tmp_path / "a", tmp_path / "b"], tmp_path / "inc", workers=1, formats=FORMATS)
    assert _notice_graphs(tmp_path / "inc") == graphs
    assert (tmp_path / "inc" / "graph.nq").read_bytes() == (tmp_path / "out" / "graph.nq").read_bytes()


def test_source_keys_are_the_shortest_tails_that_tell_paths_apart(tmp_path: Path):
    paths = [tmp_path / "x/a/n.txt", tmp_path / "y/a/n.txt", tmp_path / "b/n.txt", tmp_path / "m.txt"]
    assert source_keys(paths) == {
        paths[0]: "x/a/n.txt",
        paths[1]: "y/a/n.txt",
        paths[2]: "b/n.txt",
        paths[3]: None,
    }


def _page(body: str, depth: int) -> str:
    return "<html><body>" + "<div>" * depth + body.replace("\n", "<br>") + "</div>" * depth + "</body></html>"


def test_one_hostile_file_fails_alone_with_a_line_that_names_it(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(notice(), encoding="utf-8")
    (folder / "deep.html").write_text(_page(notice("市中医院"), 1_500), encoding="utf-8")
    (folder / "deeper.html").write_text(_page(notice("市三院"), MAX_HTML_DEPTH + 1), encoding="utf-8")
    filler = "条。\n" + "整改工作取得阶段性成效，群众满意度持续提升。\n" * (MAX_NOTICE_CHARS // 22 + 1) + "共"
    (folder / "long.txt").write_text(notice("市四院", odd=filler), encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    report = build(
        [folder, tmp_path / "loop.txt"], tmp_path / "out", workers=1, validate=False, formats=FORMATS
    )
    assert report.notices == 2  # good.txt, and deep.html read whole
    errors = {f.path.name: f.error or "" for f in report.failed}
    assert set(errors) == {"deeper.html", "long.txt", "loop.txt"}
    assert f"more than {MAX_HTML_DEPTH:,} levels deep" in errors["deeper.html"]
    assert f"more than the {MAX_NOTICE_CHARS:,} one notice may have" in errors["long.txt"]
    assert "symbolic link" in errors["loop.txt"]


def _docx_bomb(path: Path, unpacked: int) -> None:
    """A DOCX whose document.xml unpacks to `unpacked` bytes (whitespace) from a few kilobytes."""
    import zipfile

    import docx

    docx.Document().save(str(path.with_suffix(".tmp")))
    with (
        zipfile.ZipFile(path.with_suffix(".tmp")) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for member in src.infolist():
            if member.filename != "word/document.xml":
                dst.writestr(member, src.read(member))
                continue
            xml = src.read(member)
            with dst.open(member.filename, "w", force_zip64=True) as out:
                out.write(xml[: xml.index(b"<w:body>")])
                for _ in range(unpacked // (1 << 20)):
                    out.write(b" " * (1 << 20))
                out.write(xml[xml.index(b"<w:body>") :])
    path.with_suffix(".tmp").unlink()


def test_an_oversize_file_and_a_docx_bomb_are_refused_unread(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(notice(), encoding="utf-8")
    with (folder / "huge.txt").open("wb") as huge:  # sparse: no disk space taken
        huge.truncate(MAX_INPUT_BYTES + 1)
    _docx_bomb(folder / "bomb.docx", 2 * MAX_INPUT_BYTES)
    assert (folder / "bomb.docx").stat().st_size < 1_000_000
    report = build([folder], tmp_path / "out", workers=1, validate=False, formats=FORMATS)
    errors = {f.path.name: f.error or "" for f in report.failed}
    assert set(errors) == {"huge.txt", "bomb.docx"}
    assert "above the limit of 50.0 MB" in errors["huge.txt"]
    assert "unpacks to 100.4 MB, above the limit of 50.0 MB" in errors["bomb.docx"]
    with pytest.raises(InputError, match=r"above the limit of 0\.0 MB"):
        read_document(folder / "good.txt", max_bytes=100)


# --- faults while building: kill -9 at each phase, two builds at once, a full disk ---------------

REPO = Path(__file__).resolve().parents[1]
_BUILD = (
    "import sys; from pathlib import Path; from kg.build.run import build; "
    "from kg.build.write import FORMATS; from kg.explore.site import SITE; "
    "build([Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), workers=int(sys.argv[2]), "
    "validate=False, formats=FORMATS, sinks=[SITE])"
)


def _state(pid: int) -> str:
    """The process's state letter in /proc (T: stopped, Z: zombie), "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return ""


def _paused_build(inputs: list[Path], out: Path, phase: str, workers: int = 1) -> subprocess.Popen[bytes]:
    """A build in a subprocess, stopped (SIGSTOP) where it reaches `phase`."""
    env = {**os.environ, PAUSE_ENV: phase, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", _BUILD, str(out), str(workers), *map(str, inputs)]
    proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while _state(proc.pid) != "T":
        assert proc.poll() is None, (
            f"the build ended before {phase}: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    proc.wait()
    if proc.stderr:
        proc.stderr.close()


def _snapshot(out: Path) -> dict[str, object]:
    """What a reader of `out` sees: the graph files and manifest, the names, the store's size."""
    import pyoxigraph as ox

    names = sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME)
    files = {n: (out / n).read_bytes() for n in ("graph.nq", "graph.ttl", "graph.trig", "manifest.json")}
    return {"names": names, **files, "store": len(ox.Store.read_only(str(out / "store")))}


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    folder = tmp_path_factory.mktemp("corpus")
    for name, unit in (("a.txt", "市二院"), ("b.txt", "市中医院"), ("c.txt", "市三院")):
        (folder / name).write_text(notice(unit), encoding="utf-8")
    return [folder / "a.txt"], [folder / "a.txt", folder / "b.txt", folder / "c.txt"]


PHASES = [
    "extract",
    "staged",
    "journal",
    "backup:graph.nq",
    "move:graph.ttl",
    "move:store",
    "move:manifest.json",
    "committed",
]


def test_kill_9_at_any_phase_leaves_the_old_output_or_the_new(
    two_corpora: tuple[list[Path], list[Path]], tmp_path: Path
):
    old_inputs, new_inputs = two_corpora
    build(old_inputs, tmp_path / "old", workers=1, validate=False, formats=FORMATS, sinks=[SITE])
    build(new_inputs, tmp_path / "new", workers=1, validate=False, formats=FORMATS, sinks=[SITE])
    old, new = _snapshot(tmp_path / "old"), _snapshot(tmp_path / "new")
    outcomes = {}
    for phase in PHASES:
        out = tmp_path / phase.replace(":", "-")
        shutil.copytree(tmp_path / "old", out)
        _kill(_paused_build(new_inputs, out, phase))
        with locked(out):  # what the next build does first
            pass
        seen = _snapshot(out)
        assert seen in (old, new), phase
        outcomes[phase] = "new" if seen == new else "old"
        assert not [p for p in out.iterdir() if p.name.startswith((".staging-", ".backup-", ".publish"))]
        assert build(new_inputs, out, workers=1, validate=False, formats=FORMATS, sinks=[SITE]).notices == 3
        assert _snapshot(out) == new
    assert outcomes == {p: "new" if p == "committed" else "old" for p in PHASES}


def test_a_second_build_into_the_same_folder_stops_at_once(
    two_corpora: tuple[list[Path], list[Path]], tmp_path: Path
):
    old_inputs, new_inputs = two_corpora
    out = tmp_path / "out"
    first = _paused_build(new_inputs, out, "extract")
    try:
        started = time.monotonic()
        with pytest.raises(BuildFailed, match=f"another build \\(process {first.pid}\\) is writing into"):
            build(old_inputs, out, workers=1, validate=False, formats=FORMATS)
        assert time.monotonic() - started < 5
        assert any(p.name.startswith(".staging-") for p in out.iterdir())
    finally:
        _kill(first)
    # The lock died with its holder; the dead build's staging folder goes at the next build.
    assert build(old_inputs, out, workers=1, validate=False, formats=FORMATS).notices == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]


def _children(pid: int) -> set[int]:
    return {
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    }


def test_workers_die_with_a_killed_build(two_corpora: tuple[list[Path], list[Path]], tmp_path: Path):
    _, inputs = two_corpora
    build_proc = _paused_build(inputs, tmp_path / "out", "extract", workers=2)
    workers = _children(build_proc.pid)
    assert len(workers) >= 2
    _kill(build_proc)
    deadline = time.monotonic() + 20
    while any(_state(w) not in ("", "Z") for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_state(w) in ("", "Z") for w in workers)


@pytest.mark.parametrize("damage", ["truncate graph.ttl", "garble manifest"])
def test_a_damaged_last_build_is_built_again(
    two_corpora: tuple[list[Path], list[Path]], tmp_path: Path, damage: str
):
    old_inputs, new_inputs = two_corpora
    out = tmp_path / "out"
    build(old_inputs, out, workers=1, validate=False, formats=FORMATS)
    if damage == "truncate graph.ttl":  # the store is whole: the graph file is written again
        with (out / "graph.ttl").open("r+b") as ttl:
            ttl.truncate(ttl.seek(0, 2) // 2)
        build(old_inputs, out, workers=1, validate=False, formats=FORMATS)
    else:  # no manifest to trust: everything is read again
        (out / "manifest.json").write_text('{"format": 4, "files": {', encoding="utf-8")
        assert build(new_inputs, out, workers=1, validate=False, formats=FORMATS).extracted == 3
        old_inputs = new_inputs
    build(old_inputs, tmp_path / "fresh", workers=1, validate=False, formats=FORMATS)
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 2 MB tmpfs where this process may mount one, else a folder whose writes fail with ENOSPC
    once they pass 2 MB (the graph files are written through write_graph_files)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)]
    if shutil.which("mount") and subprocess.run(mount, capture_output=True, check=False).returncode == 0:
        yield disk
        subprocess.run(["umount", str(disk)], check=True)
        return
    import kg.build.run as run

    real = run.write_graph_files

    def write_until_full(blocks: object, folder: Path, prefixes: object) -> object:
        result = real(blocks, folder, prefixes)  # type: ignore[arg-type]
        if sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) > 2_000_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "graph.ttl"))
        return result

    monkeypatch.setattr(run, "write_graph_files", write_until_full)
    yield disk


def test_a_full_disk_gives_a_message_and_keeps_the_old_output(small_disk: Path):
    folder = small_disk.parent / "many"
    folder.mkdir()
    for k in range(40):
        (folder / f"n{k:02}.txt").write_text(notice(f"市第{k}医院", measures=k + 1), encoding="utf-8")
    out = small_disk / "out"
    build([folder / "n00.txt"], out, workers=1, validate=False, formats=FORMATS)
    before = _snapshot(out)
    with pytest.raises(BuildFailed, match=r"could not write the build into .*No space left on device"):
        build([folder], out, workers=1, validate=False, formats=FORMATS)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME) == before["names"]


# Two mentions at one offset ("市" of "省、市卫生健康委", and the whole name) once came out in set
# order, which PYTHONHASHSEED changes.
SAME_START = (
    "条。\n严格按照市卫生健康委和市纪委的要求落实整改。根据省、市卫生健康委机构编制的调整，修订了制度。"
    "落实省、市卫生健康委工作要求，甲镇、乙镇中心卫生院通过评审。\n共"
)


def test_output_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path):
    folder = tmp_path / "in"
    shutil.copytree(REPO / "examples", folder)
    (folder / "same_start.txt").write_text(notice("区卫生健康委", odd=SAME_START), encoding="utf-8")
    graphs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        args = [sys.executable, "-c", _BUILD, str(out), "1", str(folder)]
        subprocess.run(args, env=env, check=True, capture_output=True)
        graphs.append([(out / name).read_bytes() for name in ("graph.ttl", "graph.nq", "graph.html")])
    assert graphs[0] == graphs[1]


# --- Word 97-2003 input, library warnings, no empty folder on failure ------------------------------


def _stand_in_converter(folder: Path, name: str, text: str) -> None:
    """An executable `name` in `folder` that prints `text` whatever file it is given."""
    folder.mkdir(exist_ok=True)
    (folder / "text.txt").write_text(text, encoding="utf-8")
    script = folder / name
    script.write_text(f"#!/bin/sh\nexec /bin/cat '{folder / 'text.txt'}'\n", encoding="utf-8")
    script.chmod(0o755)


def test_a_word_97_file_is_read_through_the_converter_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    _stand_in_converter(tmp_path / "bin", "catdoc", notice("市三院"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    report = build([folder], tmp_path / "out", workers=1, validate=False)  # the folder's .doc is read
    assert report.notices == 1
    assert "市三院" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_without_a_converter_a_word_97_file_fails_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "old.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "old.doc")
    assert caught.value.path == tmp_path / "old.doc"
    assert "needs LibreOffice, antiword or catdoc, and none is installed" in caught.value.reason
    _stand_in_converter(tmp_path / "bin", "antiword", "")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(InputError, match="antiword could not read it as a Word file"):
        read_document(tmp_path / "old.doc")


def test_pypdf_warnings_are_reported_in_our_words_not_on_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(tmp_path / "whole.pdf"))
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(notice().splitlines()):
        page.drawString(20, 760 - 20 * i, line)
    page.save()
    data = (tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "in").mkdir()
    damaged = tmp_path / "in" / "damaged.pdf"
    damaged.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n9999", data))
    report = build([damaged], tmp_path / "out", workers=1, validate=False, formats=FORMATS)
    assert report.notices == 1
    assert [n for n in report.notes if str(damaged) in n] == [
        f"{damaged}: the PDF is damaged; its text was read around 2 fault(s) "
        "(first: incorrect startxref pointer(2)), so check that none is missing"
    ]
    assert capfd.readouterr().err == ""


def test_a_build_that_makes_nothing_leaves_no_output_folder(tmp_path: Path):
    (tmp_path / "news.txt").write_text("一篇与巡察无关的新闻。", encoding="utf-8")
    with pytest.raises(BuildFailed, match="no notice could be built"):
        build([tmp_path / "news.txt"], tmp_path / "out" / "deeper", workers=1, formats=FORMATS)
    assert not (tmp_path / "out" / "deeper").exists()
