"""kg show on a build's Oxigraph store, reading only what it draws, and on its graph.ttl read into memory.

The fixture notices of the fictional city 青川市, plus one notice of our own whose units share
names (one of them only up to letter case), for the ambiguous and case-insensitive lookups.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EntityNotFound, KgError
from kg.explore import show
from kg.explore.render import page_data
from kg.explore.show import read_neighbourhood
from kg.graph.assemble import build_dataset, union
from kg.graph.store import write_store
from kg.graph.vocab import ID
from kg.models import Header, Notice, NoticeText, Org, Span
from tests.graph_fixtures import fixture_notices
from tests.test_render import data_of

BODY_3 = (
    "2024年3月1日，青川市东区中心医院、青川市西区中心医院与青川市ABC科技有限公司、青川市Abc咨询中心"
    "签订整改协议。"
)
SHARED_ALIAS = "中心医院"


def _org(name: str, alias: str) -> Org:
    start = BODY_3.index(name)
    return Org(name, aliases=(alias,), evidence=(Span(start, start + len(name), name),))


def notice_3() -> Notice:
    orgs = (
        _org("青川市东区中心医院", SHARED_ALIAS),
        _org("青川市西区中心医院", SHARED_ALIAS),
        _org("青川市ABC科技有限公司", "ABC公司"),
        _org("青川市Abc咨询中心", "abc公司"),
    )
    return Notice(
        text=NoticeText(source="qingchuan_c.txt", index=0, title="青川市中心医院整改协议通报", body=BODY_3),
        header=Header(title="青川市中心医院整改协议通报", issued=date(2024, 3, 2)),
        organizations=orgs,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The same build twice: with store/ (and graph.ttl), and with graph.ttl alone."""
    dataset = build_dataset([*fixture_notices(), notice_3()])
    with_store, ttl_only = tmp_path_factory.mktemp("store-build"), tmp_path_factory.mktemp("ttl-build")
    write_store(dataset, with_store / "store")
    for folder in (with_store, ttl_only):
        union(dataset).serialize(folder / "graph.ttl", format="turtle")
    return with_store, ttl_only


def edges(view) -> list[tuple[str, str, str]]:
    return sorted((str(s), str(o), str(p)) for s, o, p in view.edges(keys=True))


NOTICE_TITLE = "中共青川市卫生健康委员会党组关于巡察整改进展情况的通报"


@pytest.mark.parametrize(
    "entity",
    ["市卫健委党组", "王建国", "青川市公立医院廉洁从业规定", "青川市", "青川市abc科技有限公司", "notice"],
)
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_store_and_graph_ttl_draw_the_same_neighbourhood(builds, entity, depth):
    with_store, ttl_only = builds
    if entity == "notice":  # by IRI, in the id: form
        entity = "id:" + read_neighbourhood(ttl_only, NOTICE_TITLE, 0).focus[len(ID) :]
    from_store = read_neighbourhood(with_store, entity, depth)
    from_ttl = read_neighbourhood(ttl_only, entity, depth)
    assert from_store.focus == from_ttl.focus
    assert dict(from_store.view.nodes(data=True)) == dict(from_ttl.view.nodes(data=True))
    assert edges(from_store.view) == edges(from_ttl.view)
    assert not from_store.clipped
    page = page_data(from_store.view, title="t", focus=from_store.focus)
    assert page == page_data(from_ttl.view, title="t", focus=from_ttl.focus)


def test_store_alone_is_enough(builds, tmp_path):
    with_store, _ = builds
    (tmp_path / "store").symlink_to(with_store / "store")
    part = read_neighbourhood(tmp_path, "王建国", 1)
    assert part.view.nodes[part.focus]["label"] == "王建国"


@pytest.mark.cli
def test_kg_show_from_the_store_writes_the_page(builds, tmp_path):
    with_store, _ = builds
    out = tmp_path / "wang.html"
    result = CliRunner().invoke(
        app, ["show", "王建国", "-d", "1", "--dir", str(with_store), "--to", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["label"][data["focus"]] == "王建国"
    assert data["title"] == "王建国 · 1 层关联"
    assert "中共青川市卫生健康委员会党组" in data["label"]


def test_a_name_with_letters_is_found_whatever_its_case(builds):
    part = read_neighbourhood(builds[0], "青川市abc科技有限公司", 0)
    assert part.view.nodes[part.focus]["label"] == "青川市ABC科技有限公司"


@pytest.mark.parametrize("name", [SHARED_ALIAS, "ABC公司"])
def test_a_shared_name_lists_every_entity_on_the_store(builds, name):
    """ "ABC公司" is one unit's alias and, casefolded, another's: as ambiguous as a shared alias."""
    with_store, ttl_only = builds
    errors = []
    for folder in (with_store, ttl_only):
        with pytest.raises(EntityNotFound) as err:
            read_neighbourhood(folder, name, 1)
        errors.append(err.value)
    assert "pass one IRI" in str(errors[0])
    assert errors[0].candidates == errors[1].candidates
    assert len(errors[0].candidates) == 2


@pytest.mark.parametrize(
    ("name", "close"),
    [
        ("青川市卫生健康委", {"青川市卫生健康委员会", "中共青川市卫生健康委员会党组"}),
        ("完全无关的名字XYZ", set()),
        ("id:org/0000000000000000", set()),
    ],
)
def test_a_miss_on_the_store_suggests_close_names(builds, name, close):
    """Suggestions come from the names the graph states (not the view's made-up ones such as
    "group → unit" for an inspection), so the list can differ from graph.ttl's, never its kind."""
    with pytest.raises(EntityNotFound, match="close matches" if close else "none is close") as err:
        read_neighbourhood(builds[0], name, 1)
    labels = {label for label, _ in err.value.candidates}
    assert close <= labels and len(labels) <= 8
    assert bool(labels) == bool(close)


@pytest.mark.cli
def test_kg_show_miss_on_the_store_exits_2_with_close_matches(builds, tmp_path):
    with_store, _ = builds
    result = CliRunner().invoke(app, ["show", "青川市卫生健康委", "--out", str(with_store)])
    assert result.exit_code == 2
    assert "close matches" in result.output and "青川市卫生健康委员会" in result.output


@pytest.mark.cli
def test_hubs_are_clipped_and_the_page_says_so(builds, tmp_path, monkeypatch):
    with_store, _ = builds
    full = read_neighbourhood(with_store, "青川市", 1)
    monkeypatch.setattr(show, "HUB_LIMIT", 2)
    part = read_neighbourhood(with_store, "青川市", 1)
    assert part.clipped == {part.focus: len(full.view) - 1}
    assert len(part.view) == 3
    out = tmp_path / "hub.html"
    result = CliRunner().invoke(app, ["show", "青川市", "-d", "1", "-o", str(with_store), "--to", str(out)])
    assert result.exit_code == 0, result.output
    assert f"has {len(full.view) - 1} links; the page follows 2" in result.output
    assert "只画出 2 个" in data_of(out.read_text(encoding="utf-8"))["title"]


def page_graph(data: dict) -> tuple[set[str], set[tuple[str, str, str]]]:
    """A page's nodes and edges by IRI and relation name, whatever the page numbers them by."""
    iris = [d["iri"] for d in data["details"]]
    triples = zip(*[iter(data["edges"])] * 3, strict=True)
    return set(iris), {(iris[s], iris[o], data["relations"][p]) for s, o, p in triples}


@pytest.mark.cli
def test_notice_pages_from_the_store_draw_what_graph_ttl_draws(builds, tmp_path):
    pages = {}
    for folder in builds:
        out = tmp_path / folder.name
        result = CliRunner().invoke(app, ["notice-pages", "--out", str(folder), "--to", str(out)])
        assert result.exit_code == 0, result.output
        pages[folder] = {p.name: data_of(p.read_text(encoding="utf-8")) for p in out.glob("notice-*.html")}
    from_store, from_ttl = (pages[folder] for folder in builds)
    assert from_store.keys() == from_ttl.keys() and len(from_store) == 3
    for name, data in from_store.items():
        assert page_graph(data) == page_graph(from_ttl[name])
        notice = data["focus"]
        assert {ev[2] for d in data["details"] for ev in d["evidence"]} <= {notice}, "only its own evidence"


def test_a_folder_without_a_build_says_how_to_make_one(tmp_path):
    with pytest.raises(KgError, match=r"no store/ and no graph\.ttl: run"):
        read_neighbourhood(tmp_path, "王建国", 1)
