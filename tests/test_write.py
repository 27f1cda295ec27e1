"""kg.build.write: graph.nq, graph.trig and graph.ttl from notice blocks, in IRI order, each statement once."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from kg.build.run import prefixes
from kg.build.write import Block, Spool, write_graph_files
from kg.graph.vocab import ID, XC

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ORG = f"<{ID}org/shared>"


def block(notice: str, *lines: str) -> str:
    return "".join(f"{line[:-2]} <{ID}notice/{notice}> .\n" for line in lines)


def notice_lines(notice: str) -> list[str]:
    return [
        f'{ORG} {LABEL} "青川市卫生健康委员会"@zh .',
        f"<{ID}evidence/{notice}> <{XC.inNotice}> <{ID}notice/{notice}> .",
        f'<{ID}notice/{notice}> {LABEL} "通报 {notice}：\\"引号\\"\\n换行"@zh .',
    ]


def spool_of(tmp_path: Path, names: list[str]) -> dict[str, Block]:
    with Spool(tmp_path / f"spool-{'-'.join(names)}.nq") as spool:
        for name in names:
            spool.add(f"{ID}notice/{name}", block(name, *notice_lines(name)))
    return spool.blocks


def test_the_three_files_hold_the_same_statements(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    write_graph_files(spool_of(tmp_path, ["b", "a"]), out, prefixes())
    nq = Dataset().parse(out / "graph.nq", format="nquads")
    trig = Dataset().parse(out / "graph.trig", format="trig")
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert {q for q in nq.quads() if q[3] is not None} == {q for q in trig.quads() if q[3] is not None}
    union = {(s, p, o) for s, p, o, _ in nq.quads()}
    assert set(ttl) == union and len(ttl) == 5
    assert (URIRef(f"{ID}notice/a"), URIRef(LABEL[1:-1]), Literal('通报 a："引号"\n换行', lang="zh")) in ttl


def test_a_statement_of_two_notices_is_in_graph_ttl_once(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    write_graph_files(spool_of(tmp_path, ["a", "b"]), out, prefixes())
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert text.count("青川市卫生健康委员会") == 1
    assert (out / "graph.nq").read_text(encoding="utf-8").count("青川市卫生健康委员会") == 2


def test_bytes_follow_the_iris_not_the_order_blocks_came_in(tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    write_graph_files(spool_of(tmp_path, ["a", "b", "c"]), one, prefixes())
    write_graph_files(spool_of(tmp_path, ["c", "a", "b"]), two, prefixes())
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_the_returned_blocks_find_each_notice_in_the_new_graph_nq(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    written = write_graph_files(spool_of(tmp_path, ["b", "a"]), out, prefixes())
    data = (out / "graph.nq").read_bytes()
    for name in ("a", "b"):
        at = written[f"{ID}notice/{name}"]
        assert at.path == out / "graph.nq"
        assert data[at.offset : at.offset + at.length].decode() == block(name, *notice_lines(name))
