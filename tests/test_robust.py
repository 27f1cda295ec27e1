"""The build under hostile input and faults: every probe of issue 14 kept as a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.build.run import build
from kg.errors import InputError
from kg.extract.nlp import MAX_NOTICE_CHARS
from kg.graph.assemble import notice_iri, nt
from kg.graph.vocab import XC
from kg.ingest.read import MAX_HTML_DEPTH, MAX_INPUT_BYTES, read_document, source_keys

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


@pytest.mark.parametrize("char", LINE_BREAKERS, ids=[f"U+{ord(c):04X}" for c in LINE_BREAKERS])
def test_a_line_breaking_character_in_a_literal_stays_on_one_line(char: str):
    line = nt(Literal(f"整改{char}措施", lang="zh"))
    assert line.splitlines() == [line]
    parsed = Graph().parse(data=f"<urn:a> <urn:b> {line} .", format="nt")
    assert parsed.value(URIRef("urn:a"), URIRef("urn:b")) == Literal(f"整改{char}措施", lang="zh")


def test_line_breaking_characters_in_a_sentence_do_not_abort_the_build(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = "".join(LINE_BREAKERS)
    (folder / "a.txt").write_text(notice(odd=odd), encoding="utf-8")
    page = f"<html><body><p>{notice(unit='市中医院').replace(chr(10), '</p><p>')}</p></body></html>"
    (folder / "b.html").write_text(
        page.replace("巡察意见", "巡察&#x2028;意见&#x2029;&#x85;"), encoding="utf-8"
    )
    report = build([folder], tmp_path / "out", workers=1)
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
    report = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", workers=1)
    graphs = _notice_graphs(tmp_path / "out")
    assert report.notices == len(graphs) == 3
    assert sorted(map(sorted, graphs.values())) == [["notice.txt"], ["notice.txt"], ["own.txt"]]
    assert str(notice_iri("own.txt", 0)) in graphs  # a name of its own keeps the IRI it had
    # The same inputs give the same IRIs, and so does a rebuild that adds the second notice.txt.
    build([tmp_path / "a"], tmp_path / "inc", workers=1)
    build([tmp_path / "a", tmp_path / "b"], tmp_path / "inc", workers=1)
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
    report = build([folder, tmp_path / "loop.txt"], tmp_path / "out", workers=1, validate=False)
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
    report = build([folder], tmp_path / "out", workers=1, validate=False)
    errors = {f.path.name: f.error or "" for f in report.failed}
    assert set(errors) == {"huge.txt", "bomb.docx"}
    assert "above the limit of 50.0 MB" in errors["huge.txt"]
    assert "unpacks to 100.4 MB, above the limit of 50.0 MB" in errors["bomb.docx"]
    with pytest.raises(InputError, match=r"above the limit of 0\.0 MB"):
        read_document(folder / "good.txt", max_bytes=100)
