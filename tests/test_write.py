"""kg.build.write: graph.ttl from the store's default graph, graph.nq and graph.trig on request."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from kg.build.run import prefixes
from kg.build.write import FORMATS, write_graph_files
from kg.graph.store import union_as_default_graph
from kg.graph.vocab import ID, XC

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ORG = f"<{ID}org/shared>"


def notice_lines(notice: str) -> str:
    graph = f"<{ID}notice/{notice}>"
    return "".join(
        f"{line} {graph} .\n"
        for line in (
            f'{ORG} {LABEL} "青川市卫生健康委员会"@zh',
            f"<{ID}sentence/{notice}> <{XC.inNotice}> {graph}",
            f"<{ID}fact/{notice}> <{XC.readIn}> <{ID}sentence/{notice}>",
            f'{graph} {LABEL} "通报 {notice}：\\"引号\\"\\n换行"@zh',
        )
    )


def store_of(names: list[str], folder: Path) -> ox.Store:
    """A store in `folder` filled with the notices `names`, loaded in that order, as a build
    leaves it (on disk: an in-memory store orders statements by when it first saw each term)."""
    store = ox.Store(str(folder))
    for name in names:
        store.load(notice_lines(name).encode(), ox.RdfFormat.N_QUADS)
    union_as_default_graph(store)
    return store


def write(names: list[str], out: Path, formats=FORMATS) -> list[Path]:
    out.mkdir()
    return write_graph_files(store_of(names, out.with_name(f"{out.name}-store")), out, prefixes(), formats)


def test_the_three_files_hold_the_same_statements(tmp_path: Path):
    out = tmp_path / "out"
    write(["b", "a"], out)
    nq = Dataset().parse(out / "graph.nq", format="nquads")
    trig = Dataset().parse(out / "graph.trig", format="trig")
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert {q for q in nq.quads() if q[3] is not None} == {q for q in trig.quads() if q[3] is not None}
    union = {(s, p, o) for s, p, o, _ in nq.quads()}
    assert set(ttl) == union and len(ttl) == 7
    assert (URIRef(f"{ID}notice/a"), URIRef(LABEL[1:-1]), Literal('通报 a："引号"\n换行', lang="zh")) in ttl


def test_only_graph_ttl_unless_asked(tmp_path: Path):
    out = tmp_path / "out"
    assert write(["a"], out, formats=()) == [out / "graph.ttl"]
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


def test_a_statement_of_two_notices_is_in_graph_ttl_once(tmp_path: Path):
    out = tmp_path / "out"
    write(["a", "b"], out)
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert text.count("青川市卫生健康委员会") == 1
    assert (out / "graph.nq").read_text(encoding="utf-8").count("青川市卫生健康委员会") == 2


def test_bytes_follow_the_statements_not_the_order_they_were_loaded_in(tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(["a", "b", "c"], one)
    write(["c", "a", "b"], two)
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
