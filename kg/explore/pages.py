"""The views people come for, as static pages beside graph.html: a dossier per inspected unit,
a page per inspection group, an index of notices.

They read the built graph by its public terms (ONTOLOGY_CONTRACT.md): one Inspection node is
shared by every document about it, so a unit's dossier lists each inspection once with all its
documents, whatever kind. Every string from a notice is HTML-escaped; file names are slugs of
the entity's name, made safe (see `slug`).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from kg.explore.triples import Statements
from kg.explore.view import TERM_LABELS, names_of
from kg.graph.vocab import XC

UNITS_DIR = "units"
GROUPS_DIR = "groups"
INDEX_NAME = "notices.html"
SLUG_MAX = 48
"""Longest file name stem, in characters: well under every file system's 255-byte limit in UTF-8."""
_UNSAFE = re.compile(r"[^\w\-]+")
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""The pages run no script and load nothing: notice text in them can do nothing but be read."""
_FACTS: tuple[URIRef, ...] = (XC.round, XC.startDate, XC.endDate, XC.feedbackDate, XC.reportedProblemCount)
_FACTS += (XC.reportedMeasureCount, XC.completedProblemCount, XC.inProgressProblemCount)
STATUSES = (XC.Completed, XC.InProgress, XC.LongTerm, None)
_STYLE = """
body { font-family: "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif; margin: 24px auto;
       max-width: 60em; padding: 0 16px; color: #1b2631; line-height: 1.55; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #d5d8dc; margin-top: 28px; }
h3 { font-size: 16px; margin: 20px 0 6px; } h4 { font-size: 14px; margin: 10px 0 4px; color: #566573; }
table { border-collapse: collapse; } td, th { border-top: 1px solid #eee; padding: 3px 10px 3px 0;
  text-align: left; vertical-align: top; } th { color: #566573; font-weight: normal; white-space: nowrap; }
.meta { color: #566573; font-size: 13px; } ul ul { color: #34495e; font-size: 13px; }
section.inspection { border-left: 3px solid #c0392b; padding-left: 12px; margin: 14px 0; }
"""


def slug(text: str, taken: set[str]) -> str:
    """A file name stem for `text`: word characters and dashes only (no path separator, no dot),
    at most SLUG_MAX characters, and not in `taken` (compared casefolded; added to it)."""
    base = _UNSAFE.sub("-", text).strip("-_")[:SLUG_MAX].strip("-_") or "page"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: SLUG_MAX - len(str(n)) - 1]}-{n}"
    taken.add(name.casefold())
    return name


@dataclass(frozen=True, slots=True)
class Pages:
    """What write_pages wrote: each entity's page, relative to the build folder."""

    links: dict[URIRef, str]
    index: str


class _Reader:
    """Label and literal lookups on the graph, with the fallbacks the explorer uses."""

    def __init__(self, graph: Statements) -> None:
        self.g = graph

    def every(self, node: URIRef, prop: URIRef) -> list[str]:
        return sorted({str(o) for o in self.g.objects(node, prop) if isinstance(o, Literal)})

    def one(self, node: URIRef, prop: URIRef) -> str:
        return next(iter(self.every(node, prop)), "")

    def label(self, node: URIRef) -> str:
        return self.one(node, RDFS.label) or self.one(node, DCTERMS.title) or node.rsplit("/", 1)[-1][:8]

    def links(self, node: URIRef, prop: URIRef) -> list[URIRef]:
        return sorted((o for o in self.g.objects(node, prop) if isinstance(o, URIRef)), key=self.label)

    def back(self, node: URIRef, prop: URIRef) -> list[URIRef]:
        return sorted((s for s in self.g.subjects(prop, node) if isinstance(s, URIRef)), key=str)

    def date_of(self, inspection: URIRef) -> str:
        """When an inspection happened, for ordering: its start, its feedback, its first document."""
        issued = [self.one(n, DCTERMS.issued) for n in self.back(inspection, XC.reportsOn)]
        dates = [self.one(inspection, XC.startDate), self.one(inspection, XC.feedbackDate), *sorted(issued)]
        return next((d for d in dates if d), "")


def _page(title: str, body: Iterable[str], home: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<p class="meta"><a href="{home}graph.html">← 知识图谱</a> · '
        f'<a href="{home}{INDEX_NAME}">通报目录</a></p>' + "".join(body) + "</body></html>\n"
    )


def _a(href: str | None, text: str) -> str:
    return f'<a href="{html.escape(quote(href))}">{html.escape(text)}</a>' if href else html.escape(text)


class _Writer:
    """Writes the pages of one build; `links` is filled first, so every page can link every other."""

    def __init__(self, graph: Statements) -> None:
        self.r = _Reader(graph)
        self.g = graph
        self.inspections = sorted(
            (s for s in graph.subjects(XC.inspected, None) if isinstance(s, URIRef)), key=str
        )
        self.units = sorted({u for i in self.inspections for u in self.r.links(i, XC.inspected)}, key=str)
        self.groups = sorted({g for i in self.inspections for g in self.r.links(i, XC.conductedBy)}, key=str)
        self.links: dict[URIRef, str] = {}
        for folder, nodes in ((UNITS_DIR, self.units), (GROUPS_DIR, self.groups)):
            taken: set[str] = set()
            for node in sorted(nodes, key=lambda n: (self.r.label(n), str(n))):
                self.links[node] = f"{folder}/{slug(self.r.label(node), taken)}.html"

    def href(self, node: URIRef, home: str) -> str | None:
        return home + self.links[node] if node in self.links else None

    def names(self, nodes: Iterable[URIRef], home: str) -> str:
        return "、".join(_a(self.href(n, home), self.r.label(n)) for n in nodes) or "—"

    def inspection(self, i: URIRef, home: str) -> str:
        """One inspection: who, when, its documents by date, its problems by status with measures."""
        r = self.r
        rows = [
            ("被巡察单位", self.names(r.links(i, XC.inspected), home)),
            ("巡察组", self.names(r.links(i, XC.conductedBy), home)),
            ("组长", self.names(r.links(i, XC.ledBy), home)),
            # every value: two documents about one inspection may disagree, and the reader should see it
            *((TERM_LABELS[p], html.escape("；".join(r.every(i, p)))) for p in _FACTS if r.one(i, p)),
        ]
        out = [f'<section class="inspection"><h3>{html.escape(r.date_of(i) or "日期不详")} · ']
        out.append(f"{self.names(r.links(i, XC.conductedBy), home)}</h3><table>")
        out += [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows]
        out.append("</table>")
        docs = sorted(r.back(i, XC.reportsOn), key=lambda n: (r.one(n, DCTERMS.issued), str(n)))
        kinds = {n: [TERM_LABELS.get(k, "") for k in r.links(n, XC.documentKind)] for n in docs}
        out.append(f"<h4>相关文件（{len(docs)}）</h4><ul>")
        out += [
            f"<li>{html.escape(r.one(n, DCTERMS.issued) or '日期不详')} · "
            f"{html.escape('、'.join(kinds[n]) or '通报')} · {html.escape(r.label(n))} "
            f"<span class=meta>{html.escape(r.one(n, XC.sourceFile))}</span></li>"
            for n in docs
        ]
        out.append("</ul>")
        follow = [n for n in docs if XC.FollowUpReport in r.links(n, XC.documentKind)]
        if follow:
            out.append(f"<h4>回头看（{len(follow)}）</h4><ul>")
            out += [
                f"<li>{html.escape(r.one(n, DCTERMS.issued))} · {html.escape(r.label(n))}</li>"
                for n in follow
            ]
            out.append("</ul>")
        out.append(self.problems(i))
        return "".join(out) + "</section>"

    def problems(self, inspection: URIRef) -> str:
        """The problems an inspection raised, by status; aspects name their problems' group."""
        r = self.r
        raised = r.links(inspection, XC.raised)
        parents = {p: r.links(p, XC.subProblemOf) for p in raised}
        aspects = {a for ps in parents.values() for a in ps}
        by_status: dict[URIRef | None, list[URIRef]] = defaultdict(list)
        for p in raised:
            if p not in aspects:
                status = next(iter(r.links(p, XC.status)), None)
                by_status[status if status in STATUSES else None].append(p)
        out = []
        for status in STATUSES:
            items = by_status.get(status, [])
            if not items:
                continue
            name = TERM_LABELS[status] if status is not None else "未注明状态"
            out.append(f"<h4>问题 · {name}（{len(items)}）</h4><ul>")
            for p in items:
                aspect = "、".join(r.label(a) for a in parents[p])
                measures = r.links(p, XC.hasMeasure)
                out.append(f"<li>{html.escape(r.label(p))}")
                if aspect:
                    out.append(f" <span class=meta>（{html.escape(aspect)}）</span>")
                if measures:
                    out.append(
                        "<ul>" + "".join(f"<li>{html.escape(r.label(m))}</li>" for m in measures) + "</ul>"
                    )
                out.append("</li>")
            out.append("</ul>")
        return "".join(out)

    def unit_page(self, unit: URIRef) -> str:
        r = self.r
        mine = sorted(r.back(unit, XC.inspected), key=lambda i: (r.date_of(i), str(i)))
        family = {unit, *r.back(unit, ORG.subOrganizationOf)}
        party = XC.PartyOrganization in set(self.g.objects(unit, RDF.type))
        if party or r.one(unit, RDFS.label).startswith("中共"):
            family |= set(r.links(unit, ORG.subOrganizationOf))
        regs = sorted({g for o in family for g in r.back(o, XC.issuedBy)}, key=r.label)
        _, aliases = names_of((p, o) for p, o in self.g.predicate_objects(unit) if isinstance(p, URIRef))
        body = [f"<h1>{html.escape(r.label(unit))}</h1>"]
        if aliases:
            body.append(f"<p class=meta>别名：{html.escape('；'.join(aliases))}</p>")
        body.append(f"<h2>巡察（{len(mine)} 次）</h2>")
        body += [self.inspection(i, "../") for i in mine]
        body.append(f"<h2>印发的制度文件（{len(regs)}）</h2><ul>")
        body += [
            f"<li>{html.escape(r.label(g))} {html.escape(r.one(g, XC.documentNumber))}</li>" for g in regs
        ]
        body.append("</ul>")
        return _page(r.label(unit), body, "../")

    def group_page(self, group: URIRef) -> str:
        r = self.r
        mine = sorted(r.back(group, XC.conductedBy), key=lambda i: (r.date_of(i), str(i)))
        rounds: dict[str, list[URIRef]] = defaultdict(list)
        for i in mine:
            rounds[r.one(i, XC.round) or "未注明轮次"].append(i)
        body = [f"<h1>{html.escape(r.label(group))}</h1>", f"<p class=meta>巡察 {len(mine)} 次</p>"]
        for name, items in sorted(rounds.items(), key=lambda kv: r.date_of(kv[1][0])):
            body.append(f"<h2>{html.escape(name)}（{len(items)}）</h2><table>")
            body.append(
                "<tr><th>日期</th><th>被巡察单位</th><th>组长</th><th>反馈日期</th><th>反馈问题</th></tr>"
            )
            body += [
                f"<tr><td>{html.escape(r.date_of(i))}</td>"
                f"<td>{self.names(r.links(i, XC.inspected), '../')}</td>"
                f"<td>{self.names(r.links(i, XC.ledBy), '../')}</td>"
                f"<td>{html.escape(r.one(i, XC.feedbackDate))}</td><td>{len(r.links(i, XC.raised))}</td></tr>"
                for i in items
            ]
            body.append("</table>")
        return _page(r.label(group), body, "../")

    def index_page(self) -> str:
        r = self.r
        notices = sorted(
            (n for n in self.g.subjects(None, XC.Notice) if isinstance(n, URIRef)),
            key=lambda n: (r.one(n, DCTERMS.issued), r.label(n), str(n)),
            reverse=True,
        )
        body = [f"<h1>通报目录（{len(notices)}）</h1><table>"]
        body.append("<tr><th>日期</th><th>类型</th><th>标题</th><th>被巡察单位</th><th>巡察组</th></tr>")
        for n in notices:
            inspections = r.links(n, XC.reportsOn)
            units = sorted({u for i in inspections for u in r.links(i, XC.inspected)}, key=r.label)
            groups = sorted({g for i in inspections for g in r.links(i, XC.conductedBy)}, key=r.label)
            kind = "、".join(TERM_LABELS.get(k, "") for k in r.links(n, XC.documentKind)) or "通报"
            body.append(
                f"<tr><td>{html.escape(r.one(n, DCTERMS.issued))}</td><td>{html.escape(kind)}</td>"
                f"<td>{html.escape(r.label(n))}</td><td>{self.names(units, '')}</td>"
                f"<td>{self.names(groups, '')}</td></tr>"
            )
        body.append("</table>")
        return _page("通报目录", body, "")


def write_pages(graph: Statements, folder: Path) -> Pages:
    """Write FOLDER/units/*.html, FOLDER/groups/*.html and FOLDER/notices.html for `graph`."""
    w = _Writer(graph)
    for node, href in w.links.items():
        text = w.unit_page(node) if href.startswith(UNITS_DIR) else w.group_page(node)
        (folder / href).parent.mkdir(parents=True, exist_ok=True)
        (folder / href).write_text(text, encoding="utf-8")
    (folder / INDEX_NAME).write_text(w.index_page(), encoding="utf-8")
    return Pages(dict(w.links), INDEX_NAME)
