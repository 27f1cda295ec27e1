"""The explorer page in a real headless Chromium with the network cut off.

Every request the page makes is aborted and recorded, and so is every console message, page
error and dialog: a page that needs a CDN, logs an error or lets notice text run script fails
here. Needs Debian's chromium (scripts/install_browser.sh) and playwright (test extras); a
missing browser fails the test rather than skipping it, so CI cannot go green without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.explore.render import CHROMIUM, CHROMIUM_ARGS, render_html
from kg.graph.assemble import sentence_of
from tests.test_render import BODY_A, GROUP, HOSTILE_ORG, HOSTILE_PERSON, explorer_graph, span

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
DRAWN = "kgExplorer.network.body.nodeIndices.length"
NOTICE_A = "中共云岚市水务局党组关于巡察整改进展情况的通报"


@dataclass
class Session:
    """One page and everything it tried to do besides drawing."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == []
        assert [u for u in self.requests if u.split("#")[0] != self.url] == []
        assert [m for m in self.console if m[0] in ("error", "pageerror", "warning")] == []
        assert self.dialogs == []

    def panel_title(self) -> str:
        return self.page.inner_text("#kg-panel h2")

    def node_id(self, label: str) -> int:
        return self.page.evaluate(
            "(label) => JSON.parse(document.getElementById('kg-data').textContent).label.indexOf(label)",
            label,
        )

    def click_node(self, node: int) -> None:
        """Bring the node to the middle of the canvas, zoomed in, and click it with the mouse."""
        self.page.evaluate(f"kgExplorer.network.focus({node}, {{scale: 2, animation: false}})")
        self.page.wait_for_timeout(50)
        x, y = self.page.evaluate(
            f"""() => {{
              const p = kgExplorer.network.canvasToDOM(kgExplorer.network.getPosition({node}));
              const r = document.querySelector('#kg-canvas canvas').getBoundingClientRect();
              return [r.left + p.x, r.top + p.y];
            }}"""
        )
        self.page.mouse.click(x, y)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run `bash scripts/setup_env.sh test`")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install_browser.sh`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    return render_html(explorer_graph(), tmp_path_factory.mktemp("explorer") / "graph.html")


@pytest.fixture
def open_page(browser, page_file) -> Iterator[Callable[..., Session]]:
    contexts = []

    def open_(fragment: str = "") -> Session:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        contexts.append(context)
        s = Session(page=context.new_page(), url=page_file.as_uri())

        def block(route) -> None:
            if route.request.url.split("#")[0] == s.url:
                route.continue_()  # the page itself, from disk
            else:
                s.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page = s.page
        page.on("request", lambda r: s.requests.append(r.url))
        page.on("console", lambda m: s.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: s.console.append(("pageerror", str(e))))
        page.on("dialog", lambda d: (s.dialogs.append(d.message), d.dismiss()))
        page.goto(s.url + fragment)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        return s

    yield open_
    for context in contexts:
        context.close()


def page_data(s: Session) -> dict:
    return json.loads(s.page.evaluate("document.getElementById('kg-data').textContent"))


def test_draws_every_node_with_no_network(open_page):
    s = open_page()
    data = page_data(s)
    assert s.page.evaluate(DRAWN) == len(data["label"]) > 20
    assert s.page.evaluate("kgExplorer.network.body.edgeIndices.length") == len(data["edges"]) // 3
    assert s.page.title() == "巡察整改知识图谱"
    s.assert_clean()


def test_search_finds_a_node_by_alias_and_opens_it(open_page):
    s = open_page()
    s.page.fill("#kg-search", "市水务局")
    results = s.page.locator("#kg-results button")
    results.first.wait_for()
    assert "云岚市水务局" in results.all_inner_texts()[0]
    results.first.click()
    assert s.panel_title() == "云岚市水务局"
    assert "市水务局" in s.page.inner_text("#kg-panel")
    s.assert_clean()


def test_clicking_a_node_shows_its_evidence_and_neighbours(open_page):
    s = open_page()
    zhou = s.node_id("周立新")
    s.click_node(zhou)
    assert s.panel_title() == "周立新"
    expected = sentence_of(BODY_A, span(BODY_A, "周立新")).text.strip()
    quotes = s.page.locator("#kg-evidence blockquote").all_inner_texts()
    assert expected in quotes
    assert NOTICE_A in s.page.inner_text("#kg-evidence")
    selected = set(s.page.evaluate("kgExplorer.network.getSelectedNodes()"))
    neighbours = set(s.page.evaluate(f"kgExplorer.network.getConnectedNodes({zhou})"))
    assert selected == neighbours | {zhou} and len(neighbours) >= 2
    s.page.evaluate("kgExplorer.network.fit({animation: false})")
    (ROOT / "output").mkdir(exist_ok=True)
    s.page.screenshot(path=str(ROOT / "output" / "explorer.png"))
    s.page.locator("#kg-panel").get_by_role("button", name="云岚市水务局", exact=True).first.click()
    assert s.panel_title() == "云岚市水务局"
    s.assert_clean()


def test_hostile_notice_text_is_shown_and_runs_nothing(open_page):
    s = open_page()
    s.page.fill("#kg-search", "服务中心")
    s.page.locator("#kg-results button").first.click()
    assert s.panel_title() == HOSTILE_ORG
    assert HOSTILE_ORG in s.page.inner_text("#kg-evidence")
    s.click_node(s.node_id(HOSTILE_PERSON))
    assert s.panel_title() == HOSTILE_PERSON
    counts = s.page.evaluate(
        "['script', 'img', 'svg', 'b', 'iframe'].map((t) => document.getElementsByTagName(t).length)"
    )
    assert counts == [4, 0, 0, 0, 0]
    s.page.wait_for_timeout(200)
    s.assert_clean()


def test_class_filter_hides_that_class_only(open_page):
    s = open_page()
    data = page_data(s)
    person = next(i for i, c in enumerate(data["classes"]) if c["key"] == "Person")
    persons = data["cls"].count(person)
    s.page.uncheck(f"#kg-class-{person}")
    assert s.page.evaluate(DRAWN) == len(data["label"]) - persons > 0
    s.page.check(f"#kg-class-{person}")
    assert s.page.evaluate(DRAWN) == len(data["label"])
    s.assert_clean()


def test_relation_filter_hides_those_edges(open_page):
    s = open_page()
    data = page_data(s)
    mentioned = data["relations"].index("提及于")
    count = data["edges"][2::3].count(mentioned)
    s.page.uncheck(f"#kg-relation-{mentioned}")
    assert s.page.evaluate("kgExplorer.network.body.edgeIndices.length") == len(data["edges"]) // 3 - count
    assert s.page.evaluate(DRAWN) == len(data["label"])
    s.assert_clean()


def assert_labels_apart(boxes: list[dict], width: float, height: float) -> None:
    """The labels a person sees: each inside the canvas, no two overlapping."""
    for b in boxes:
        assert b["x"] >= 0 and b["x"] + b["w"] <= width and b["y"] >= 0 and b["y"] + b["h"] <= height
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
            assert apart or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"], (a, b)


def canvas_size(s: Session) -> tuple[float, float]:
    return s.page.evaluate(
        "(() => { const c = document.getElementById('kg-canvas'); return [c.clientWidth, c.clientHeight]; })()"
    )


def test_units_and_groups_are_named_at_opening_without_overlap(open_page):
    s = open_page()
    boxes = s.page.evaluate("kgExplorer.labels()")
    texts = {b["text"] for b in boxes}
    assert {"中共云岚市水务局党组", "云岚市图书馆", GROUP} <= texts
    assert_labels_apart(boxes, *canvas_size(s))
    s.assert_clean()


def test_drill_down_groups_problems_under_their_aspect_and_double_click_unfolds_measures(open_page):
    s = open_page()
    data = page_data(s)
    s.page.fill("#kg-search", "中共云岚市水务局党组")
    s.page.locator("#kg-results button").first.click()
    s.page.locator("#kg-panel").get_by_role("button", name="查看关联").click()
    inspection = s.page.evaluate("kgExplorer.network.body.nodeIndices.map(Number)")
    # the unit's neighbourhood: its inspection, notice and sub-units, not the whole graph
    assert len(inspection) < len(data["label"])
    notice = s.node_id(NOTICE_A)
    s.page.evaluate(f"kgExplorer.drill({notice})")
    drawn = set(s.page.evaluate("kgExplorer.network.body.nodeIndices.map(Number)"))
    labels = [data["label"][i] for i in drawn]
    assert "水利工程建设管理不规范" in labels and "项目招投标监管不严" in labels
    assert "牵头修订招投标管理细则" not in labels  # measures stay folded
    aspect, problem = s.node_id("水利工程建设管理不规范"), s.node_id("项目招投标监管不严")
    at = s.page.evaluate(
        f"[kgExplorer.network.getPosition({notice}), kgExplorer.network.getPosition({aspect}), kgExplorer.network.getPosition({problem})]"
    )
    radius = [((p["x"] - at[0]["x"]) ** 2 + (p["y"] - at[0]["y"]) ** 2) ** 0.5 for p in at[1:]]
    assert radius[0] < radius[1]  # the problem sits outside its aspect, not on one ring with it
    s.click_node(problem)
    s.page.mouse.dblclick(
        *s.page.evaluate(
            f"""() => {{
          const p = kgExplorer.network.canvasToDOM(kgExplorer.network.getPosition({problem}));
          const r = document.querySelector('#kg-canvas canvas').getBoundingClientRect();
          return [r.left + p.x, r.top + p.y];
        }}"""
        )
    )
    drawn = set(s.page.evaluate("kgExplorer.network.body.nodeIndices.map(Number)"))
    assert s.node_id("牵头修订招投标管理细则") in drawn
    s.page.screenshot(path="/tmp/explorer-drill.png")
    s.assert_clean()
