"""kg.explore.render: the explorer page, on hand-made notices of the fictional city 云岚市.

Two ordinary notices and one hostile notice whose names and title carry markup meant to run
script if anything ever put notice text into the page as HTML.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from base64 import b64encode
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Graph, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EntityNotFound
from kg.explore import layout as layouts
from kg.explore import view as views
from kg.explore.layout import layout, notice_groups
from kg.explore.render import embed_json, page_data, render_html, render_notice_pages, vis_assets
from kg.explore.view import find_entity, to_networkx
from kg.graph.assemble import EVIDENCE_PREFIXES, build_dataset, sentence_of, union
from kg.graph.vocab import ID, XC
from kg.models import (
    Counts,
    Header,
    Measure,
    Notice,
    NoticeText,
    Org,
    Person,
    Place,
    Problem,
    Regulation,
    Span,
)

BODY_A = (
    "2031年3月1日至4月28日，云岚市委第二巡察组对中共云岚市水务局党组开展了常规巡察。\n"
    "一、水利工程建设管理不规范\n"
    "（一）项目招投标监管不严。已完成整改。党组书记、局长周立新牵头修订《云岚市水利工程招投标管理细则》。\n"
    "（二）工程资金拨付滞后。正在整改。市水务局会同云岚市财政局建立拨付台账。\n"
    "反馈的2个问题中，已完成整改1个。"
)
BODY_B = (
    "2031年5月6日至6月30日，云岚市委第二巡察组对云岚市图书馆开展了专项巡察。\n"
    "一、图书采购流程不透明\n"
    "已完成整改。馆长孙雅琴主持制定《云岚市图书馆采购管理办法》。\n"
    "东坪镇卫生院和西坪镇卫生院配合开展阅读推广。"
)
HOSTILE_TITLE = '关于<script>alert("title")</script>整改</script>情况的通报'
HOSTILE_ORG = '云岚市" onerror=alert(1) x="</script><script>alert(2)</script>服务中心'
HOSTILE_ALIAS = "<img src=x onerror=alert(3)>中心"
HOSTILE_PERSON = "<b onmouseover=alert(4)>钱某</b>"
HOSTILE_PROBLEM = "<svg onload=alert(5)>台账&amp;不全\u2028'"
BODY_C = (
    f"{HOSTILE_TITLE}\n云岚市委第二巡察组对{HOSTILE_ORG}开展了巡察。\n"
    f"一、{HOSTILE_PROBLEM}\n{HOSTILE_ALIAS}负责人{HOSTILE_PERSON}签收。"
)
HOSTILE = (HOSTILE_TITLE, HOSTILE_ORG, HOSTILE_ALIAS, HOSTILE_PERSON, HOSTILE_PROBLEM)
GROUP = "云岚市委第二巡察组"


def span(body: str, text: str) -> Span:
    start = body.index(text)
    return Span(start, start + len(text), text)


def notice_a() -> Notice:
    b = BODY_A
    party = Org("中共云岚市水务局党组", kind="party", evidence=(span(b, "中共云岚市水务局党组"),))
    bureau = Org("云岚市水务局", aliases=("市水务局",), kind="government", evidence=(span(b, "市水务局"),))
    header = Header(
        title="中共云岚市水务局党组关于巡察整改进展情况的通报",
        publisher=party,
        issued=date(2031, 9, 1),
        place="云岚市",
        group_as_written="市委第二巡察组",
        group=GROUP,
        target=party,
        start=date(2031, 3, 1),
        end=date(2031, 4, 28),
        counts=Counts(problems=2, completed=1),
        evidence={"group": span(b, "云岚市委第二巡察组"), "target": span(b, "中共云岚市水务局党组")},
    )
    return Notice(
        text=NoticeText(source="yunlan_a.txt", index=0, title=header.title, body=b),
        header=header,
        problems=(
            Problem("水利工程建设管理不规范", 1, evidence=span(b, "水利工程建设管理不规范")),
            Problem(
                "项目招投标监管不严",
                2,
                parent=1,
                status="completed",
                measures=(Measure("牵头修订招投标管理细则", span(b, "牵头修订")),),
                evidence=span(b, "项目招投标监管不严"),
            ),
            Problem(
                "工程资金拨付滞后", 3, parent=1, status="in_progress", evidence=span(b, "工程资金拨付滞后")
            ),
        ),
        regulations=(
            Regulation(
                "云岚市水利工程招投标管理细则",
                relation="issued",
                evidence=(span(b, "《云岚市水利工程招投标管理细则》"),),
            ),
        ),
        persons=(Person("周立新", post="党组书记、局长", org="云岚市水务局", evidence=(span(b, "周立新"),)),),
        organizations=(
            party,
            bureau,
            Org("云岚市财政局", kind="government", evidence=(span(b, "云岚市财政局"),)),
        ),
        places=(Place("云岚市", level="市", evidence=(span(b, "云岚市"),)),),
    )


def notice_b() -> Notice:
    b = BODY_B
    library = Org("云岚市图书馆", aliases=("市图书馆",), evidence=(span(b, "云岚市图书馆"),))
    header = Header(
        title="云岚市图书馆关于专项巡察整改情况的通报",
        publisher=library,
        issued=date(2031, 10, 8),
        place="云岚市",
        group=GROUP,
        target=library,
        start=date(2031, 5, 6),
        evidence={"group": span(b, "云岚市委第二巡察组"), "target": span(b, "云岚市图书馆")},
    )
    return Notice(
        text=NoticeText(source="yunlan_b.txt", index=0, title=header.title, body=b),
        header=header,
        problems=(
            Problem(
                "图书采购流程不透明",
                1,
                status="completed",
                measures=(Measure("制定采购管理办法", span(b, "主持制定")),),
                evidence=span(b, "图书采购流程不透明"),
            ),
        ),
        persons=(Person("孙雅琴", post="馆长", org="云岚市图书馆", evidence=(span(b, "孙雅琴"),)),),
        organizations=(
            library,
            Org(
                "云岚市东坪镇卫生院",
                aliases=("卫生院",),
                kind="primary_care",
                evidence=(span(b, "东坪镇卫生院"),),
            ),
            Org(
                "云岚市西坪镇卫生院",
                aliases=("卫生院",),
                kind="primary_care",
                evidence=(span(b, "西坪镇卫生院"),),
            ),
        ),
        places=(Place("云岚市", level="市", evidence=(span(b, "云岚市"),)),),
    )


def notice_hostile() -> Notice:
    b = BODY_C
    org = Org(HOSTILE_ORG, aliases=(HOSTILE_ALIAS,), evidence=(span(b, HOSTILE_ORG), span(b, HOSTILE_ALIAS)))
    header = Header(
        title=HOSTILE_TITLE,
        publisher=org,
        group=GROUP,
        target=org,
        evidence={"title": span(b, HOSTILE_TITLE), "target": span(b, HOSTILE_ORG)},
    )
    return Notice(
        text=NoticeText(source="hostile.txt", index=0, title=HOSTILE_TITLE, body=b),
        header=header,
        problems=(Problem(HOSTILE_PROBLEM, 1, evidence=span(b, HOSTILE_PROBLEM)),),
        persons=(Person(HOSTILE_PERSON, org=HOSTILE_ORG, evidence=(span(b, HOSTILE_PERSON),)),),
        organizations=(org,),
    )


def explorer_graph() -> Graph:
    """The fixture graph as `kg build` writes graph.ttl: every notice's statements in one graph."""
    return union(build_dataset([notice_a(), notice_b(), notice_hostile()]))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return explorer_graph()


@pytest.fixture(scope="module")
def view(graph):
    return to_networkx(graph)


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> str:
    return render_html(graph, tmp_path_factory.mktemp("page") / "graph.html").read_text(encoding="utf-8")


class _Parsed(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.title = ""
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._open == "title":
            self.title += data


def data_of(html_text: str) -> dict:
    parsed = _Parsed(html_text)
    return json.loads(next(text for attrs, text in parsed.scripts if attrs.get("id") == "kg-data"))


def label_of(view, label: str) -> URIRef:
    return next(n for n, d in view.nodes(data=True) if d["label"] == label)


# --- the networkx view -------------------------------------------------------------------------


def test_view_draws_entities_not_evidence_nor_literals(graph, view):
    evidence = set(graph.subjects(RDF.type, XC.Sentence)) | set(graph.subjects(XC.readIn))
    assert evidence, "the fixture should carry sentences and the statements' keys"
    assert not evidence & set(view.nodes)
    assert all(str(n).startswith(str(ID)) for n in view.nodes)
    assert not any(str(n).startswith(EVIDENCE_PREFIXES) for n in view.nodes)
    classes = {views.CLASS_STYLES[c].key for _, c in view.nodes(data="cls")}
    assert "Other" not in classes
    assert {"Notice", "Inspection", "InspectionGroup", "Organization", "Person", "Problem"} <= classes


@pytest.mark.parametrize(
    ("label", "prop", "value"),
    [
        ("中共云岚市水务局党组关于巡察整改进展情况的通报", "发布日期", "2031-09-01"),
        ("中共云岚市水务局党组关于巡察整改进展情况的通报", "来源文件", "yunlan_a.txt"),
        ("周立新", "职务", "党组书记、局长"),
        ("项目招投标监管不严", "整改状态", "已完成"),
        ("工程资金拨付滞后", "整改状态", "正在整改"),
    ],
)
def test_literals_and_status_values_are_properties(view, label, prop, value):
    assert (prop, value) in view.nodes[label_of(view, label)]["props"]


def test_status_values_are_not_nodes(view):
    assert XC.Completed not in view and XC.InProgress not in view


def test_evidence_folds_into_its_subject(view):
    person = view.nodes[label_of(view, "周立新")]
    expected = sentence_of(BODY_A, span(BODY_A, "周立新")).text.strip()
    assert expected in {row.sentence for row in person["evidence"]}
    assert {row.relation for row in person["evidence"]} >= {XC.post, XC.holdsPostAt, XC.mentionedIn}
    notice = label_of(view, "中共云岚市水务局党组关于巡察整改进展情况的通报")
    assert person["notices"] == {notice}


def test_inspection_without_label_is_named_by_group_and_unit(view):
    labels = {d["label"] for _, d in view.nodes(data=True) if d["cls"] == 1}
    assert "云岚市委第二巡察组 → 中共云岚市水务局党组" in labels


# --- finding an entity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("周立新", "周立新"),
        ("市水务局", "云岚市水务局"),
        ("  市图书馆 ", "云岚市图书馆"),
        ("市委第二巡察组", "云岚市委第二巡察组"),
        ("云岚市图书馆关于专项巡察整改情况的通报", "云岚市图书馆关于专项巡察整改情况的通报"),
        (HOSTILE_ALIAS, HOSTILE_ORG),
    ],
)
def test_find_entity_by_label_or_alias(view, query, label):
    assert view.nodes[find_entity(view, query)]["label"] == label


def test_find_entity_by_iri_and_prefixed_iri(graph, view):
    node = label_of(view, "周立新")
    assert find_entity(graph, str(node)) == node
    assert find_entity(view, "id:" + str(node)[len(str(ID)) :]) == node


def test_find_entity_lists_close_matches(view):
    with pytest.raises(EntityNotFound) as caught:
        find_entity(view, "云岚市水利局")
    assert "云岚市水务局" in str(caught.value)
    assert label_of(view, "云岚市水务局") in [iri for _, iri in caught.value.candidates]


def test_find_entity_names_every_entity_sharing_an_alias(view):
    with pytest.raises(EntityNotFound, match="pass one IRI") as caught:
        find_entity(view, "卫生院")
    assert sorted(label for label, _ in caught.value.candidates) == [
        "云岚市东坪镇卫生院",
        "云岚市西坪镇卫生院",
    ]


def test_find_entity_with_nothing_close(view):
    with pytest.raises(EntityNotFound, match="none is close"):
        find_entity(view, "完全无关的名字XYZ")


# --- the page ----------------------------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(page):
    parsed = _Parsed(page)
    loading = [(t, a) for t, a in parsed.tags if {"src", "href", "srcset", "data", "action"} & a.keys()]
    assert loading == []
    assert not any(t in ("link", "iframe", "img", "object", "embed", "base") for t, _ in parsed.tags)
    csp = next(
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_page_inlines_the_vis_network_pyvis_ships(page):
    vis_js, vis_css = vis_assets()
    scripts = [text for attrs, text in _Parsed(page).scripts if "type" not in attrs]
    assert scripts[0] == vis_js
    assert vis_css in page
    assert len(scripts) == 2


def test_no_url_outside_vis_network_but_our_own_iris(page):
    vis_js, vis_css = vis_assets()
    ours = page.replace(vis_js, "").replace(vis_css, "")
    urls = set(re.findall(r"https?://[^\s\"'<>\\]+", ours))
    assert urls, "the data should carry the entities' IRIs"
    assert all(u.startswith((str(ID), str(XC._NS))) for u in urls), urls
    assert "url(" not in ours.replace('url("data:', "")


def test_csp_allows_exactly_the_page_scripts(page):
    parsed = _Parsed(page)
    csp = next(
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    code = [text for attrs, text in parsed.scripts if "type" not in attrs]
    assert allowed == {b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code}


def test_page_carries_every_node_edge_and_evidence_sentence(page, view):
    data = data_of(page)
    assert sorted(data["label"]) == sorted(d["label"] for _, d in view.nodes(data=True))
    assert len(data["edges"]) // 3 == view.number_of_edges()
    sentences = {r.sentence for _, ev in view.nodes(data="evidence") for r in ev}
    assert set(data["sentences"]) == sentences
    i = data["label"].index("周立新")
    assert [v for k, v in data["details"][i]["props"] if k == "职务"] == ["党组书记、局长"]
    assert data["details"][i]["notices"] == [
        data["label"].index("中共云岚市水务局党组关于巡察整改进展情况的通报")
    ]


def test_hostile_text_never_appears_raw(page):
    for text in HOSTILE:
        assert text not in page
    # Inside the JSON block only markup can do harm: `" onerror=` stays there as inert JSON text.
    for fragment in ("<script>alert", "</script><script>", "<img", "<svg", "<b on"):
        assert fragment not in page.replace(vis_assets()[0], "")
    assert len(_Parsed(page).scripts) == 4  # the two JSON blocks, vis-network and ours: nothing injected


def test_hostile_text_survives_as_data(page):
    data = data_of(page)
    for text in (HOSTILE_TITLE, HOSTILE_ORG, HOSTILE_PERSON, HOSTILE_PROBLEM):
        assert text in data["label"]
    org = data["label"].index(HOSTILE_ORG)
    assert data["details"][org]["aliases"] == [HOSTILE_ALIAS]
    assert any(HOSTILE_ORG in s for s in data["sentences"])


def test_hostile_title_is_escaped(graph, view, tmp_path):
    focus = label_of(view, HOSTILE_ORG)
    text = render_html(graph, tmp_path / "x.html", focus=focus, depth=1).read_text(encoding="utf-8")
    parsed = _Parsed(text)
    assert parsed.title == f"{HOSTILE_ORG} · 1 层关联"
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert len(parsed.scripts) == 4


@given(st.text())
def test_embedded_json_cannot_end_its_element_and_round_trips(text):
    embedded = embed_json({"t": text})
    assert not set("<>&\u2028\u2029") & set(embedded)
    assert json.loads(embedded) == {"t": text}


# --- neighbourhoods, notice pages, layout ------------------------------------------------------


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_focus_page_holds_the_neighbourhood(graph, view, tmp_path, depth):
    focus = label_of(view, "周立新")
    data = data_of(
        render_html(graph, tmp_path / "f.html", focus=focus, depth=depth).read_text(encoding="utf-8")
    )
    undirected = view.to_undirected(as_view=True)
    near = {focus}
    for _ in range(depth):
        near |= {m for n in near for m in undirected.neighbors(n)}
    assert sorted(data["label"]) == sorted(view.nodes[n]["label"] for n in near)
    assert data["label"][data["focus"]] == "周立新"


def test_one_page_per_notice(graph, tmp_path):
    pages = render_notice_pages(graph, tmp_path)
    assert len(pages) == 3
    by_title = {
        data_of(p.read_text(encoding="utf-8"))["title"]: data_of(p.read_text(encoding="utf-8")) for p in pages
    }
    a = by_title["中共云岚市水务局党组关于巡察整改进展情况的通报"]
    assert {"项目招投标监管不严", "周立新", "云岚市水务局", "牵头修订招投标管理细则"} <= set(a["label"])
    assert "图书采购流程不透明" not in a["label"]
    assert HOSTILE_TITLE in by_title


def test_layout_is_deterministic_and_separates_nodes(view):
    groups = notice_groups(view)
    first, second = layout(view, groups), layout(view, groups)
    assert first == second
    points = list(first.values())
    assert all(math.isfinite(c) for p in points for c in p)
    assert len({(round(x), round(y)) for x, y in points}) == len(points)


def test_large_graph_layout_keeps_notice_groups_apart(view, monkeypatch):
    monkeypatch.setattr(layouts, "SMALL_GRAPH", 0)
    groups = notice_groups(view)
    pos = layout(view, groups)
    boxes = {}
    for node, g in groups.items():
        x, y = pos[node]
        x0, y0, x1, y1 = boxes.get(g, (x, y, x, y))
        boxes[g] = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
    assert len(boxes) == 3
    items = list(boxes.values())
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_page_data_numbers_nodes_the_same_way_twice(view):
    assert page_data(view, title="t") == page_data(view, title="t")


def test_a_dataset_draws_as_its_union(view):
    dataset = build_dataset([notice_a(), notice_b(), notice_hostile()])
    assert page_data(to_networkx(dataset), title="t") == page_data(view, title="t")


# --- kg show -----------------------------------------------------------------------------------


@pytest.mark.cli
def test_kg_show_writes_the_neighbourhood_page(graph, tmp_path):
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    out = tmp_path / "zhou.html"
    result = CliRunner().invoke(
        app, ["show", "周立新", "--depth", "1", "--out", str(tmp_path), "--to", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["label"][data["focus"]] == "周立新"
    assert {"云岚市水务局", "周立新"} <= set(data["label"])
    assert "图书采购流程不透明" not in data["label"]


@pytest.mark.cli
def test_kg_show_unknown_entity_fails_with_close_matches(graph, tmp_path):
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    result = CliRunner().invoke(app, ["show", "周立", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "周立新" in result.output
    assert not (tmp_path / "show.html").exists()


@pytest.mark.cli
def test_kg_notice_pages_writes_one_page_per_notice(graph, tmp_path):
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    result = CliRunner().invoke(app, ["notice-pages", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    notices = set(graph.subjects(RDF.type, XC.Notice))
    pages = sorted((tmp_path / "explore").glob("notice-*.html"))
    assert len(pages) == len(notices) == 3
    focused = set()
    for page in pages:
        data = data_of(page.read_text(encoding="utf-8"))
        focused.add(data["details"][data["focus"]]["iri"])
    assert focused == {str(n) for n in notices}


@pytest.mark.cli
def test_kg_show_without_a_built_graph_says_what_to_run(tmp_path):
    result = CliRunner().invoke(app, ["show", "周立新", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "kg build" in result.output


def test_render_writes_where_asked(graph, tmp_path):
    out = render_html(graph, tmp_path / "deep" / "g.html")
    assert out == tmp_path / "deep" / "g.html" and out.stat().st_size > 0
    assert isinstance(out, Path)
