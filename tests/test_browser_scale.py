"""What a person sees on opening graph.html of a real-sized build, in headless Chromium.

A 1,000-notice synthetic build (tests/synth.py, through `kg build`'s own code) must be
interactive within 3 s and name at least 30 units and groups at the opening zoom, no two labels
overlapping; the seeds' page must name every inspected unit and every group at opening. A search
finds a unit and its dossier opens from the side panel. Screenshots go to /tmp for a person to
look at.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from kg.build.run import build
from kg.explore.pages import INDEX_NAME
from kg.explore.render import CHROMIUM, CHROMIUM_ARGS
from kg.explore.site import SITE
from kg.explore.view import to_networkx
from kg.graph.vocab import XC
from tests.synth import write_corpus
from tests.test_browser import assert_labels_apart

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FIRST_FRAME_MS = 3000
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def big_build(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus1k")
    write_corpus(corpus, 1000)
    out = tmp_path_factory.mktemp("build1k")
    report = build([corpus], out, validate=False, sinks=[SITE])
    assert not [n for n in report.notes if "graph.html" in n]
    return out


def open_build(chromium, folder: Path):
    """The build's graph.html in a fresh offline page, once its first frame is interactive."""
    context = chromium.new_context(viewport=VIEWPORT, offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((folder / "graph.html").as_uri())
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
    return context, page, errors


def labels(page) -> list[dict]:
    return page.evaluate("kgExplorer.labels()")


def canvas(page) -> tuple[float, float]:
    return tuple(
        page.evaluate(
            "[document.getElementById('kg-canvas').clientWidth, "
            "document.getElementById('kg-canvas').clientHeight]"
        )
    )


def test_thousand_notices_open_interactive_within_3s_with_30_labels_apart(chromium, big_build):
    context, page, errors = open_build(chromium, big_build)
    ready = page.evaluate("window.kgReadyAt")
    boxes = labels(page)
    page.screenshot(path="/tmp/explorer-1k-opening.png")
    assert ready < FIRST_FRAME_MS, f"first interactive frame at {ready:.0f} ms"
    assert len(boxes) >= 30
    assert all(b["h"] >= 13 for b in boxes)  # 13px text and its margin: legible
    assert_labels_apart(boxes, *canvas(page))
    assert errors == []
    context.close()


def test_search_finds_a_unit_and_its_dossier_opens(chromium, big_build):
    context, page, errors = open_build(chromium, big_build)
    unit = next(b["text"] for b in labels(page) if b["text"].startswith("中共") and "巡察组" not in b["text"])
    page.fill("#kg-search", unit)
    page.locator("#kg-results button").first.click()
    assert page.inner_text("#kg-panel h2") == unit
    with page.expect_navigation():
        page.locator("#kg-panel a.kg-page").click()
    assert page.inner_text("h1") == unit
    assert "巡察（" in page.inner_text("body")
    page.screenshot(path="/tmp/explorer-1k-dossier.png", full_page=False)
    page.go_back()
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
    page.click("#kg-index")
    assert page.inner_text("h1").startswith("通报目录")
    assert errors == []
    context.close()


def test_a_unit_inspected_twice_has_both_inspections_in_its_dossier(big_build):
    graph = Graph().parse(big_build / "graph.ttl", format="turtle")
    inspections: dict[URIRef, list[URIRef]] = defaultdict(list)
    for inspection, unit in graph.subject_objects(XC.inspected):
        inspections[unit].append(inspection)
    unit = min((u for u, i in inspections.items() if len(i) >= 2), key=str)
    label = str(graph.value(unit, RDFS.label))
    dossier = next(
        text
        for text in (p.read_text(encoding="utf-8") for p in (big_build / "units").iterdir())
        if f"<h1>{html.escape(label)}</h1>" in text
    )
    assert f"巡察（{len(inspections[unit])} 次）" in dossier
    for inspection in inspections[unit]:
        assert str(graph.value(inspection, XC.startDate)) in dossier
    assert (big_build / INDEX_NAME).is_file()


def test_seeds_name_every_unit_and_group_at_opening(chromium, tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    build([SEEDS], tmp_path, sinks=[SITE])
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    view = to_networkx(graph)
    wanted = {view.nodes[o]["label"] for _, o, p in view.edges(keys=True) if p == XC.inspected}
    wanted |= {view.nodes[o]["label"] for _, o, p in view.edges(keys=True) if p == XC.conductedBy}
    context, page, errors = open_build(chromium, tmp_path)
    boxes = labels(page)
    page.screenshot(path="/tmp/explorer-seeds-opening.png")
    assert wanted and wanted <= {b["text"] for b in boxes}
    assert_labels_apart(boxes, *canvas(page))
    assert page.evaluate("window.kgReadyAt") < FIRST_FRAME_MS
    assert errors == []
    context.close()
