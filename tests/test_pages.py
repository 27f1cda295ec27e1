"""Unit dossiers, group pages and the notices' index written beside graph.html."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.explore.pages import INDEX_NAME, SLUG_MAX, slug, write_pages
from kg.explore.render import OVERVIEW_THRESHOLD, page_data
from kg.explore.view import find_entity, to_networkx
from kg.graph.assemble import build_dataset, union
from kg.models import Counts, Header, Measure, Notice, NoticeText, Org, Person, Problem, Role
from tests.test_render import GROUP, HOSTILE_ORG, notice_a, notice_b, notice_hostile, span

BODY_A2 = (
    "2033年4月2日至5月20日，云岚市委第五巡察组对中共云岚市水务局党组开展了巡察“回头看”。组长郑明远。\n"
    "一、河道保洁责任不落实\n"
    "正在整改。建立河道保洁巡查制度。"
)
GROUP_5 = "云岚市委第五巡察组"


def notice_a2() -> Notice:
    """A second inspection of notice_a's unit, two years later, by another group."""
    b = BODY_A2
    party = Org("中共云岚市水务局党组", kind="party", evidence=(span(b, "中共云岚市水务局党组"),))
    header = Header(
        title="中共云岚市水务局党组关于巡察“回头看”整改情况的通报",
        publisher=party,
        issued=date(2033, 9, 9),
        place="云岚市",
        group=GROUP_5,
        target=party,
        start=date(2033, 4, 2),
        end=date(2033, 5, 20),
        kind="followup",
        counts=Counts(problems=1),
        evidence={"group": span(b, GROUP_5), "target": span(b, "中共云岚市水务局党组")},
    )
    return Notice(
        text=NoticeText(source="yunlan_a2.txt", index=0, title=header.title, body=b),
        header=header,
        problems=(
            Problem(
                "河道保洁责任不落实",
                1,
                status="in_progress",
                measures=(Measure("建立河道保洁巡查制度", span(b, "建立河道保洁巡查制度")),),
                evidence=span(b, "河道保洁责任不落实"),
            ),
        ),
        persons=(
            Person(
                "郑明远",
                post="组长",
                group=GROUP_5,
                roles=(Role("leader", span(b, "郑明远")),),
                evidence=(span(b, "郑明远"),),
            ),
        ),
        organizations=(party,),
    )


class _Text(HTMLParser):
    """A page's text and links, as a reader meets them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [unquote(v) for k, v in attrs if k == "href" and v]

    def handle_data(self, data):
        self.text.append(data)

    def all(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def graph():
    return union(build_dataset([notice_a(), notice_a2(), notice_b(), notice_hostile()]))


@pytest.fixture(scope="module")
def built(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    return folder, write_pages(graph, folder)


def page_of(built, graph, name: str) -> _Text:
    folder, pages = built
    node = find_entity(graph, name)
    return _Text((folder / pages.links[node]).read_text(encoding="utf-8"))


def test_dossier_of_a_unit_inspected_twice_lists_both_inspections_by_date(built, graph):
    page = page_of(built, graph, "中共云岚市水务局党组")
    text = page.all()
    assert "巡察（2 次）" in text
    first, second = text.index("2031-03-01"), text.index("2033-04-02")
    assert first < second
    assert text.index(GROUP) < text.index(GROUP_5)
    assert "郑明远" in text[second:]  # the group's leader for that inspection (xc:ledBy)
    assert "回头看（1）" in text[second:]
    assert "中共云岚市水务局党组关于巡察“回头看”整改情况的通报" in text[second:]
    # problems by status, each with its measures, in the inspection that raised them
    assert (
        text.index("问题 · 已完成（1）")
        < text.index("项目招投标监管不严")
        < text.index("牵头修订招投标管理细则")
    )
    assert text.index("问题 · 正在整改（1）", second) < text.index("建立河道保洁巡查制度")
    assert "（水利工程建设管理不规范）" in text  # the aspect the problem belongs to
    assert "云岚市水利工程招投标管理细则" in text  # a regulation the unit issued


def test_group_page_lists_the_units_it_inspected(built, graph):
    page = page_of(built, graph, GROUP)
    text = page.all()
    assert "巡察 3 次" in text
    assert {"中共云岚市水务局党组", "云岚市图书馆"} <= set(page.text)
    assert any(link.startswith("../units/") for link in page.links)


def test_index_lists_every_notice_newest_first_with_links(built):
    folder, _ = built
    page = _Text((folder / INDEX_NAME).read_text(encoding="utf-8"))
    text = page.all()
    assert text.index("2033-09-09") < text.index("2031-10-08") < text.index("2031-09-01")
    assert text.count("整改回头看") == 1  # the one notice whose xc:documentKind is a follow-up
    for link in page.links:
        if link.startswith(("units/", "groups/")):
            assert (folder / link).is_file()


def test_hostile_names_are_text_in_every_page(built):
    folder, _ = built
    for path in folder.rglob("*.html"):
        page = _Text(path.read_text(encoding="utf-8"))
        assert not {"script", "img", "svg", "b", "iframe"} & set(page.tags)
    assert any(HOSTILE_ORG in _Text(p.read_text(encoding="utf-8")).all() for p in folder.rglob("*.html"))


@given(st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=8))
def test_slugs_are_safe_bounded_and_unique(names):
    taken: set[str] = set()
    stems = [slug(name, taken) for name in names]
    assert len({s.casefold() for s in stems}) == len(stems)
    for stem in stems:
        assert stem and len(stem) <= SLUG_MAX
        assert not {"/", "\\", ".", "\0", ":"} & set(stem)


def test_explorer_links_units_and_groups_to_their_pages(built, graph):
    folder, pages = built
    data = page_data(to_networkx(graph), title="t", pages=pages.links, notices_page=pages.index)
    linked = {data["label"][int(i)] for i in data["pages"]}
    assert linked == {"中共云岚市水务局党组", "云岚市图书馆", HOSTILE_ORG, GROUP, GROUP_5}
    assert data["index"] == INDEX_NAME
    assert all((folder / unquote(href)).is_file() for href in data["pages"].values())


def test_labels_go_first_to_units_and_groups_the_busiest_first(graph):
    view = to_networkx(graph)
    data = page_data(view, title="t")
    first = [data["label"][i] for i in data["labelOrder"][:5]]
    assert set(first) == {"中共云岚市水务局党组", "云岚市图书馆", HOSTILE_ORG, GROUP, GROUP_5}
    assert first.index(GROUP) < first.index(GROUP_5)  # three inspections against one


def test_big_graph_positions_only_its_overview(graph, monkeypatch):
    from kg.explore import render

    monkeypatch.setattr(render, "OVERVIEW_THRESHOLD", 0)
    data = page_data(to_networkx(graph), title="t")
    assert data["overview"] is True and OVERVIEW_THRESHOLD > 0
    placed = {data["classes"][data["cls"][i]]["key"] for i, x in enumerate(data["x"]) if x is not None}
    assert placed == {"Inspection", "InspectionGroup", "Organization"}
    units = {data["label"][i] for i in data["units"]}
    orgs = {data["label"][i] for i, x in enumerate(data["x"]) if x is not None and data["cls"][i] == 3}
    assert orgs == units
