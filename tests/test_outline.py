"""The outline parser: nesting by numbering style and sequence, headings with exact offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.outline import cn_number, parse_outline
from kg.models import Section

Tree = tuple[tuple[str, int, str, "Tree"], ...]


def tree(sections: tuple[Section, ...]) -> Tree:
    return tuple((s.kind, s.number, s.heading.text, tree(s.children)) for s in sections)


def flat(sections: tuple[Section, ...], depth: int = 0) -> list[tuple[int, str, int, str]]:
    out = []
    for s in sections:
        out.append((depth, s.kind, s.number, s.heading.text))
        out += flat(s.children, depth + 1)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一、整改工作组织情况\n（一）提高站位。召开专题会议。\n二、整改落实情况\n（一）关于“学风不实”问题的整改\n1.建立台账。\n2.压实责任。\n（二）关于“账目不清”问题的整改",
            [
                (0, "cn", 1, "整改工作组织情况"),
                (1, "paren_cn", 1, "提高站位"),
                (0, "cn", 2, "整改落实情况"),
                (1, "paren_cn", 1, "关于“学风不实”问题的整改"),
                (2, "arabic", 1, "建立台账"),
                (2, "arabic", 2, "压实责任"),
                (1, "paren_cn", 2, "关于“账目不清”问题的整改"),
            ],
        ),
        (
            # numbering that runs on across aspects stays under each aspect
            "（一）监督责任落实不到位\n1.谈话提醒不及时\n2.考核流于形式\n（二）制度执行不严\n3.采购程序不规范",
            [
                (0, "paren_cn", 1, "监督责任落实不到位"),
                (1, "arabic", 1, "谈话提醒不及时"),
                (1, "arabic", 2, "考核流于形式"),
                (0, "paren_cn", 2, "制度执行不严"),
                (1, "arabic", 3, "采购程序不规范"),
            ],
        ),
        (
            # "1." restarts under "1)": a child run; "2.关于…" opens like the outer run, so it is its sibling
            "1.关于“学习不深入”问题\n1)针对“读书班缺课”问题。\n整改措施：\n1.补课。\n2.关于“值班脱岗”问题\n1)针对“夜班缺岗”问题。",
            [
                (0, "arabic", 1, "关于“学习不深入”问题"),
                (1, "half_paren", 1, "针对“读书班缺课”问题"),
                (2, "arabic", 1, "补课"),
                (0, "arabic", 2, "关于“值班脱岗”问题"),
                (1, "half_paren", 1, "针对“夜班缺岗”问题"),
            ],
        ),
        (
            # without a shared opening the inner run continues
            "1.关于“学习不深入”问题\n1)针对“读书班缺课”问题。\n1.补课。\n2.考勤通报。",
            [
                (0, "arabic", 1, "关于“学习不深入”问题"),
                (1, "half_paren", 1, "针对“读书班缺课”问题"),
                (2, "arabic", 1, "补课"),
                (2, "arabic", 2, "考勤通报"),
            ],
        ),
        (
            "（一）关于“用车不规范”问题的整改\n整改情况：一是修订车辆管理办法；二是统一停放，实行派车单制度。三是每月公示。",
            [
                (0, "paren_cn", 1, "关于“用车不规范”问题的整改"),
                (1, "ordinal", 1, "修订车辆管理办法"),
                (1, "ordinal", 2, "统一停放，实行派车单制度"),
                (1, "ordinal", 3, "每月公示"),
            ],
        ),
        (
            # 统一是 is a word; 之二是 and 第三是 are not the next item either
            "（一）关于“规划滞后”问题的整改\n统一是前提。一是编制规划。其中之二是重点，第三是难点。二是分步实施。",
            [
                (0, "paren_cn", 1, "关于“规划滞后”问题的整改"),
                (1, "ordinal", 1, "编制规划"),
                (1, "ordinal", 2, "分步实施"),
            ],
        ),
        (
            # an ordinal item runs on over later paragraphs until the next one
            "（一）关于“宣传不够”问题的整改\n一是开设专栏。\n全年刊发稿件40篇。\n二是开展宣讲。",
            [
                (0, "paren_cn", 1, "关于“宣传不够”问题的整改"),
                (1, "ordinal", 1, "开设专栏"),
                (1, "ordinal", 2, "开展宣讲"),
            ],
        ),
        (
            # a lost closing quote: the heading stops at its first full stop
            "1)针对“台账登记不全问题。\n补登记录。\n2)针对“库房温度超标”问题。",
            [
                (0, "half_paren", 1, "针对“台账登记不全问题"),
                (0, "half_paren", 2, "针对“库房温度超标”问题"),
            ],
        ),
        (
            # a year after "1." is an item, a decimal is not
            "（一）关于“体检率低”问题的整改\n1.2024年完成体检520人。\n2.5万元资金已拨付。\n2.2025年起每季度督查。",
            [
                (0, "paren_cn", 1, "关于“体检率低”问题的整改"),
                (1, "arabic", 1, "2024年完成体检520人"),
                (1, "arabic", 2, "2025年起每季度督查"),
            ],
        ),
        (
            "（三）关于“设备闲置”问题的整改\n具体做法：①清点设备；②调剂使用；（1）建账；（2）公示。",
            [
                (0, "paren_cn", 3, "关于“设备闲置”问题的整改"),
                (1, "circled", 1, "清点设备"),
                (1, "circled", 2, "调剂使用"),
                (2, "paren_arabic", 1, "建账"),
                (2, "paren_arabic", 2, "公示"),
            ],
        ),
        (
            # a heading stops at a colon as at a full stop
            "（二）关于“食堂管理混乱”问题：整改后实行公示制度。",
            [(0, "paren_cn", 2, "关于“食堂管理混乱”问题")],
        ),
        (
            # a sentence that mentions "（2）" is no heading without a run to continue
            "一、整改情况\n按附件（2）执行。\n十一、其他",
            [(0, "cn", 1, "整改情况"), (0, "cn", 11, "其他")],
        ),
    ],
    ids=[
        "organization-then-rectification",
        "numbering-runs-on-across-aspects",
        "restart-under-half-paren-then-outer-run-by-opening",
        "restart-then-inner-run-continues",
        "inline-ordinals-after-label",
        "ordinal-words-are-not-markers",
        "ordinal-item-spans-paragraphs",
        "lost-closing-quote",
        "year-after-arabic-is-an-item-decimal-is-not",
        "circled-and-paren-arabic-inline",
        "heading-stops-at-colon",
        "stray-paren-number-and-cn-eleven",
    ],
)
def test_outline_nesting(text: str, expected: list[tuple[int, str, int, str]]) -> None:
    assert flat(parse_outline(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # the scrape dropped "二、": the bare title continues the outermost run
            "一、整改工作组织情况\n（一）成立领导小组。\n整改落实情况\n1.关于“经费超支”问题的整改\n三、下一步打算",
            [
                (0, "cn", 1, "整改工作组织情况"),
                (1, "paren_cn", 1, "成立领导小组"),
                (0, "cn", 2, "整改落实情况"),
                (1, "arabic", 1, "关于“经费超支”问题的整改"),
                (0, "cn", 3, "下一步打算"),
            ],
        ),
        (
            "整改落实情况\n1.关于“经费超支”问题的整改",
            [(0, "bare", 1, "整改落实情况"), (1, "arabic", 1, "关于“经费超支”问题的整改")],
        ),
    ],
    ids=["dropped-top-level-number", "bare-heading-first"],
)
def test_bare_headings(text: str, expected: list[tuple[int, str, int, str]]) -> None:
    assert flat(parse_outline(text, bare_headings=re.compile("整改落实情况"))) == expected


def test_sections_hold_their_body() -> None:
    text = (
        "（一）关于“制度缺失”问题的整改\n一是制定制度。\n以上问题已整改完成。\n（二）关于“培训不足”问题的整改"
    )
    first, second = parse_outline(text)
    assert text[first.start : first.end] == "\n一是制定制度。\n以上问题已整改完成。"
    assert text[first.children[0].start : first.children[0].end] == "。\n以上问题已整改完成。"
    assert second.start == second.end == len(text)


@pytest.mark.parametrize(
    ("cn", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十四", 34), ("一百", 100)]
)
def test_cn_number(cn: str, value: int) -> None:
    assert cn_number(cn) == value


# --- property tests: generated outlines render to text and parse back -------------------------

HAN = "党建管理工作制度落实加强推进整改责任学习医院服务质量监督检查规范完善健全机制风险档案资金采购"
INLINE = ("ordinal", "circled", "paren_arabic")


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")) + (
        digits[ones - 1] if ones else ""
    )


MARKERS = {
    "cn": lambda n: f"{_cn(n)}、",
    "paren_cn": lambda n: f"（{_cn(n)}）",
    "arabic": lambda n: f"{n}.",
    "half_paren": lambda n: f"{n})",
    "paren_arabic": lambda n: f"（{n}）",
    "circled": lambda n: chr(ord("①") + n - 1),
    "ordinal": lambda n: f"{_cn(n)}是",
}


@dataclass(frozen=True)
class Item:
    kind: str
    number: int
    heading: str
    body: str
    inline: bool
    children: tuple[Item, ...]


@st.composite
def runs(draw: st.DrawFn, used: tuple[str, ...] = (), min_size: int = 0) -> tuple[Item, ...]:
    """A run of siblings of one style, each maybe with a run of a style not used above it."""
    kinds = [k for k in MARKERS if k not in used]
    size = draw(st.integers(min_size, 3 if len(used) < 3 else 0))
    if not kinds or not size:
        return ()
    kind = draw(st.sampled_from(kinds))
    items = []
    for number in range(1, size + 1):
        children = draw(runs((*used, kind)))
        items.append(
            Item(
                kind,
                number,
                draw(st.text(HAN, min_size=1, max_size=10)),
                draw(st.text(HAN + "，", max_size=12).map(lambda s: s.strip("，") and s.strip("，") + "。")),
                kind in INLINE and not children and draw(st.booleans()),
                children,
            )
        )
    return tuple(items)


def render(items: tuple[Item, ...], lines: list[str]) -> list[str]:
    """Each heading on its own line, or, for an inline style, run on after the line before."""
    for item in items:
        piece = f"{MARKERS[item.kind](item.number)}{item.heading}。{item.body}"
        if item.inline and lines:
            lines[-1] += piece
        else:
            lines.append(piece)
        render(item.children, lines)
    return lines


def expected_tree(items: tuple[Item, ...]) -> Tree:
    return tuple((i.kind, i.number, i.heading, expected_tree(i.children)) for i in items)


@settings(max_examples=300)
@given(runs(min_size=1))
def test_rendered_outline_parses_back(items: tuple[Item, ...]) -> None:
    text = "\n".join(render(items, []))
    assert tree(parse_outline(text)) == expected_tree(items)


def _assert_offsets(text: str, sections: tuple[Section, ...], start: int, end: int) -> None:
    for s in sections:
        assert text[s.heading.start : s.heading.end] == s.heading.text
        assert start <= s.heading.start <= s.heading.end == s.start <= s.end <= end
        _assert_offsets(text, s.children, s.start, s.end)


PIECES = [
    "一、",
    "二、",
    "（一）",
    "（二）",
    "1.",
    "2.",
    "1)",
    "（1）",
    "①",
    "②",
    "一是",
    "二是",
    "\n",
    "。",
    "；",
    "“",
    "”",
    " ",
    "关于",
    "问题",
    "整改落实情况",
    *HAN[:8],
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_offsets_always_point_into_the_text(text: str) -> None:
    _assert_offsets(text, parse_outline(text, bare_headings=re.compile("整改落实情况")), 0, len(text))
