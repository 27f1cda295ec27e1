"""Annotated-text pages: every span group marked on the text, self-contained HTML."""

from __future__ import annotations

import html
import re

import pytest
import spacy

import kg.extract.problems  # noqa: F401  (registers xc_problems)
from kg.explore.annotate import color, pack, render_annotated, render_notice, without_external_links
from kg.extract.spans import marks_of
from kg.models import Header, Mark, Notice, NoticeText

BODY = """根据区委统一部署，区委第三巡察组对区档案馆党支部进行了巡察。
二、整改落实情况
（一）关于“档案数字化进度缓慢”问题的整改
一是印发《区档案馆<数字化加工管理办法>》。二是由馆长王立新牵头督办。
以上问题已整改完成。"""


def make_doc(body: str = BODY, marks: dict[str, list[tuple[str, str]]] | None = None) -> spacy.tokens.Doc:
    """The xc_problems pipeline over `body`, plus span groups marked by (text, label)."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("xc_problems")
    doc = nlp(body)
    for key, items in (marks or {}).items():
        doc.spans[key] = [
            doc.char_span(body.index(text), body.index(text) + len(text), label=label)
            for text, label in items
        ]
    return doc


MARKS = {
    "regulations": [("区档案馆<数字化加工管理办法>", "REGULATION"), ("数字化加工管理办法", "REGULATION")],
    "persons": [("王立新", "PERSON")],
    "organizations": [("区档案馆", "ORG")],
}


def page_of(doc: spacy.tokens.Doc, title: str = "通报") -> str:
    return render_annotated(doc.text, marks_of(doc), title=title)


def marked(page: str) -> list[tuple[str, str]]:
    """(text, label) of every displaCy mark on the page."""
    return [
        (html.unescape(re.sub(r"<[^>]+>", "", text)), label)
        for text, label in re.findall(
            r'<mark class="entity"[^>]*>(.*?)<span[^>]*>([^<]+)</span></mark>', page
        )
    ]


def test_every_span_of_every_group_is_marked() -> None:
    doc = make_doc(marks=MARKS)
    page = page_of(doc)
    expected = [(s.text, s.label_) for group in doc.spans.values() for s in group]
    assert sorted(marked(page)) == sorted(expected)
    assert ("关于“档案数字化进度缓慢”问题的整改", "PROBLEM") in marked(page)
    assert ("由馆长王立新牵头督办", "MEASURE") in marked(page)


def test_overlapping_spans_go_to_further_layers() -> None:
    page = page_of(make_doc(marks=MARKS))
    layers = re.findall(r"<h2[^>]*>([^<]+)</h2>", page)
    assert layers == ["问题与整改措施", "文件、人员、单位与地名", "文件、人员、单位与地名（续）"]


def test_page_is_self_contained_and_escapes_text() -> None:
    page = page_of(make_doc(marks=MARKS))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    assert '<meta charset="utf-8">' in page
    assert not re.search(r"https?:|//|<link|<script|@import|\ssrc=", page)
    assert "区档案馆&lt;数字化加工管理办法&gt;" in page
    assert "<br>" in page


def test_title_and_legend() -> None:
    doc = make_doc(marks=MARKS)
    title = "区档案馆党支部关于巡察整改进展情况的通报"
    notice = Notice(NoticeText("a.txt", 0, title, doc.text), Header(title=title), marks=marks_of(doc))
    page = render_notice(notice)
    assert "<title>区档案馆党支部关于巡察整改进展情况的通报</title>" in page
    legend = re.search(r'<p class="legend">(.*?)</p>', page).group(1)
    assert sorted(re.findall(r">([A-Z]+) (\d+)<", legend)) == [
        ("MEASURE", "2"),
        ("ORG", "1"),
        ("PERSON", "1"),
        ("PROBLEM", "1"),
        ("REGULATION", "2"),
    ]
    assert page_of(doc, title="另一标题").count("另一标题") == 2


def test_a_doc_without_spans_still_renders_its_text() -> None:
    doc = make_doc("某单位召开会议，研究部署巡察整改工作。")
    page = page_of(doc)
    assert "某单位召开会议，研究部署巡察整改工作。" in page
    assert marked(page) == []


@pytest.mark.parametrize(
    ("intervals", "layers"),
    [
        ([(0, 5), (6, 9)], [[(0, 5), (6, 9)]]),
        ([(0, 10), (2, 4), (5, 7)], [[(0, 10)], [(2, 4), (5, 7)]]),
        ([(0, 10), (2, 8), (3, 4)], [[(0, 10)], [(2, 8)], [(3, 4)]]),
        ([(4, 6), (0, 4)], [[(0, 4), (4, 6)]]),
    ],
)
def test_pack(intervals: list[tuple[int, int]], layers: list[list[tuple[int, int]]]) -> None:
    marks = [Mark("g", "X", a, b) for a, b in intervals]
    assert [[(m.start, m.end) for m in layer] for layer in pack(marks)] == layers


@pytest.mark.parametrize(
    ("markup", "cleaned"),
    [
        ('<a style="x" href="https://example.org/q">Q1</a>', '<a style="x">Q1</a>'),
        ("<a href='//cdn.example.org/x'>x</a>", "<a>x</a>"),
        ('<link rel="stylesheet" href="https://fonts.example.org/css">', ""),
        ('<script src="https://cdn.example.org/vis.js"></script><p>正文</p>', "<p>正文</p>"),
        ("<style>@import url(https://fonts.example.org/a.css);body{}</style>", "<style>body{}</style>"),
        ('<a href="#">本页</a>', '<a href="#">本页</a>'),
    ],
)
def test_without_external_links(markup: str, cleaned: str) -> None:
    assert without_external_links(markup) == cleaned


def test_colors_are_fixed_for_known_labels_and_stable_for_others() -> None:
    assert color("PROBLEM") != color("MEASURE")
    assert color("SOMETHING_NEW") == color("SOMETHING_NEW")
    assert re.fullmatch(r"#[0-9a-f]{6}", color("SOMETHING_NEW"))
