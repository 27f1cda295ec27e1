"""Time from page load to the first interactive frame: our explorer vs pyvis' default output.

Builds a synthetic graph of about 10k drawn nodes from made-up notices of fictional units (through
kg.graph.assemble, evidence nodes and all), writes it once with kg.explore.render and once with pyvis' default
options, and opens each in headless Chromium with no network. "First interactive frame" is the
same hook in both pages: the first `afterDrawing` of the vis-network instance, then the first task
after it (the main thread is free to answer input). pyvis' default cdn_resources="local" cannot
work offline (it loads vis-network from a CDN, with an SRI hash that pyvis' own copy does not
match), so its page is written with cdn_resources="in_line", pyvis' offline mode; its remaining
CDN requests (bootstrap) are aborted and counted.

    .venv/bin/python scripts/bench_explorer.py [--nodes 10000] [--timeout 600]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.explore.render import CHROMIUM, CHROMIUM_ARGS, OVERVIEW_THRESHOLD, page_data, write_page  # noqa: E402
from kg.explore.view import CLASS_STYLES, to_networkx  # noqa: E402
from kg.graph.assemble import build_dataset, union  # noqa: E402
from kg.models import Counts, Header, Measure, Notice, NoticeText, Org, Person, Place, Problem, Span  # noqa: E402
from kg.models import Regulation as Reg  # noqa: E402

NODES_PER_NOTICE = 77  # measured on this generator: notice, inspection, problems, measures, people

PLACES = [f"{a}{b}区" for a in "岚澄栖沅" for b in "川溪山湖塘"]
DEPTS = ["卫生健康委员会", "教育局", "民政局", "财政局", "住房和城乡建设局", "交通运输局", "农业农村局"]
DEPTS += ["文化广电旅游局", "市场监督管理局", "医疗保障局", "人民医院", "中医院", "城投集团", "水务集团"]
ASPECTS = [
    "落实党的路线方针政策",
    "全面从严治党",
    "干部队伍建设",
    "基层党组织建设",
    "巡察整改落实",
    "作风建设",
]
FLAWS = ["不够到位", "存在短板", "落实不严", "推进缓慢", "监管薄弱", "统筹不够"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
GIVEN = "建国秀兰明华志强丽娟文军海燕红梅晓东春生玉凤"


def synthetic_notice(i: int, rng: random.Random) -> Notice:
    """One made-up notice of a fictional district unit, with offsets that hold in its body."""
    parts: list[str] = []
    at = 0

    def say(text: str) -> Span:
        nonlocal at
        parts.append(text + "。")
        span = Span(at, at + len(text), text)
        at += len(text) + 1
        return span

    place = PLACES[i % len(PLACES)]
    unit = f"{place}{DEPTS[(i // len(PLACES)) % len(DEPTS)]}"
    group = f"{place}委第{i % 4 + 1}巡察组"
    g_span, u_span = say(group), say(unit)
    start = date(2030, 1, 1) + timedelta(days=i)
    target = Org(unit, aliases=(unit.replace(place, "区"),), kind="government", evidence=(u_span,))
    party = Org(f"中共{unit}党组", kind="party", evidence=(say(f"中共{unit}党组"),))
    problems: list[Problem] = []
    number = 0
    for a in range(6):
        number += 1
        aspect = number
        problems.append(
            Problem(f"{ASPECTS[a]}{FLAWS[(a + i) % 6]}", aspect, evidence=say(f"{ASPECTS[a]}{FLAWS[a]}"))
        )
        for p in range(4):
            number += 1
            title = f"{unit}第{a + 1}方面问题{p + 1}"
            measures = tuple(
                Measure(f"{title}整改措施{m + 1}", say(f"{title}整改措施{m + 1}")) for m in range(2)
            )
            status = ("completed", "in_progress", "long_term")[(p + i) % 3]
            problems.append(Problem(title, number, aspect, status, measures[: 1 + (p % 2)], say(title)))
    persons = tuple(
        Person(
            SURNAMES[(i + k) % len(SURNAMES)] + GIVEN[(i * 3 + k) % len(GIVEN)] + str(i),
            "党组书记",
            unit,
            (say("书记"),),
        )
        for k in range(3)
    )
    regs = tuple(
        Reg(
            f"{PLACES[(i + k) % len(PLACES)]}管理办法第{(i * 7 + k) % 400}号",
            relation=rng.choice(["issued", "cited"]),
            evidence=(say("办法"),),
        )
        for k in range(3)
    )
    others = tuple(
        Org(
            f"{PLACES[rng.randrange(len(PLACES))]}{rng.choice(DEPTS)}",
            kind="government",
            evidence=(say("单位"),),
        )
        for _ in range(3)
    )
    header = Header(
        title=f"中共{unit}党组关于巡察整改进展情况的通报",
        publisher=party,
        issued=start + timedelta(days=200),
        place=place,
        group=group,
        target=target,
        start=start,
        end=start + timedelta(days=60),
        counts=Counts(problems=30, measures=36),
        evidence={"group": g_span, "target": u_span},
    )
    body = "".join(parts)
    return Notice(
        text=NoticeText(source=f"synthetic_{i:04d}.txt", index=0, title=header.title, body=body),
        header=header,
        problems=tuple(problems),
        regulations=regs,
        persons=persons,
        organizations=(target, party, *others),
        places=(Place(place, level="区", evidence=(say(place),)),),
    )


def synthetic_graph(nodes: int):
    rng = random.Random(20310)
    count = max(1, round(nodes / NODES_PER_NOTICE))
    return union(build_dataset(synthetic_notice(i, rng) for i in range(count)))


def write_pyvis_default(folder: Path, data: dict) -> Path:
    """The same nodes and edges through pyvis' own API and template, options left at default."""
    from pyvis.network import Network

    # directed: undirected would add a quadratic duplicate scan per edge; in_line: see above
    net = Network(directed=True, cdn_resources="in_line")
    for i, label in enumerate(data["label"]):
        style = CLASS_STYLES[data["cls"][i]]
        net.add_node(i, label=label[:14], title=label, color=style.color, shape=style.shape)
    edges = data["edges"]
    for k in range(0, len(edges), 3):
        net.add_edge(edges[k], edges[k + 1], label=data["relations"][edges[k + 2]])
    out = folder / "pyvis_default.html"
    out.write_text(net.generate_html(), encoding="utf-8")
    return out


HOOK = """
(() => {
  let visObject, Network;
  Object.defineProperty(window, "vis", {
    configurable: true,
    get() { return visObject; },
    set(v) {
      visObject = v;
      Object.defineProperty(v, "Network", {
        configurable: true, enumerable: true,
        get() { return Network; },
        set(N) {
          Network = function (...args) {
            const network = new N(...args);
            network.once("afterDrawing", () => setTimeout(() => {
              window.__firstFrame = performance.now();
            }, 0));
            return network;
          };
          Network.prototype = N.prototype;
        },
      });
    },
  });
})();
"""


def measure(browser, page_url: str, *, timeout_s: float) -> dict:
    """Open `page_url` in a fresh context with no network; time to the first interactive frame."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()  # the page itself, from disk
        else:
            blocked.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", route)
    context.add_init_script(HOOK)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_url, timeout=timeout_s * 1000)
    try:
        page.wait_for_function("window.__firstFrame !== undefined", timeout=timeout_s * 1000, polling=100)
        first = page.evaluate("window.__firstFrame") / 1000
    except PlaywrightTimeout:
        first = None
    context.close()
    return {"first_frame_s": first, "blocked": blocked, "errors": errors}


def first_frames(browser, url: str, *, repeat: int, timeout_s: float) -> tuple[list[float | None], dict]:
    """`repeat` cold loads of `url`, each in a fresh context: their times and the last run's record."""
    runs = [measure(browser, url, timeout_s=timeout_s) for _ in range(repeat)]
    return [r["first_frame_s"] for r in runs], runs[-1]


def show(name: str, times: list[float | None], run: dict, timeout_s: float) -> float | None:
    """Print one page's figures; return its median time (None if any run hit the limit)."""
    done = sorted(t for t in times if t is not None)
    median = done[len(done) // 2] if len(done) == len(times) else None
    shown = ", ".join(f"{t:.2f}" if t is not None else f">{timeout_s:.0f}" for t in times)
    print(f"{name:34s} median {f'{median:.2f} s' if median else f'> {timeout_s:.0f} s':>9s}  (runs: {shown})")
    print(f"{'':34s} requests to other hosts, blocked: {len(run['blocked'])}")
    if run["errors"]:
        print(f"{'':34s} page errors: {run['errors'][:3]}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="about this many drawn nodes")
    parser.add_argument("--repeat", type=int, default=3, help="cold loads of each of our pages")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a page's first frame")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "bench", help="folder for the pages")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    graph = synthetic_graph(args.nodes)
    view = to_networkx(graph)
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    data = page_data(view, title="合成图谱基准")
    ours = write_page(data, args.out / "explorer.html")
    t_page = time.perf_counter() - t
    t = time.perf_counter()
    theirs = write_pyvis_default(args.out, data)
    t_pyvis = time.perf_counter() - t
    n, m = len(data["label"]), len(data["edges"]) // 3
    print(f"graph: {len(graph)} triples, {n} drawn nodes, {m} edges (built in {t_graph:.1f} s)")
    print(f"our page: {ours.stat().st_size / 1e6:.1f} MB, written in {t_page:.1f} s (layout included)")
    print(f"pyvis default page: {theirs.stat().st_size / 1e6:.1f} MB, written in {t_pyvis:.1f} s")
    print("time from navigation start to the first interactive frame, headless Chromium:")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        opening = first_frames(browser, ours.as_uri(), repeat=args.repeat, timeout_s=args.timeout)
        pyvis = first_frames(browser, theirs.as_uri(), repeat=1, timeout_s=args.timeout)
        browser.close()
    what = "overview of units, groups and inspections" if n > OVERVIEW_THRESHOLD else f"all {n} nodes"
    ours_opening = show(f"ours, opening view ({what})", *opening, args.timeout)
    pyvis_all = show(f"pyvis default, all {n} nodes", *pyvis, args.timeout)
    if ours_opening and pyvis_all:
        print(f"ratio pyvis default / ours, opening views: {pyvis_all / ours_opening:.1f}x")


if __name__ == "__main__":
    main()
