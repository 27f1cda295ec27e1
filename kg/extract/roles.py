"""Roles: what a named person does in a meeting report, and who signs it.

A feedback report names people by what they do: 某某主持会议, 某某作表态发言, 某某反馈了巡察
情况, 某某出席会议. The verbs are read in the clause right after the name (or after the last name
of a list: 某某、某某出席会议). A name inside a policy phrase (学习贯彻某某总书记重要讲话精神)
or a recipient (向某某反馈) takes no role. Bylines (记者某某, 责任编辑：某某, a name in brackets
closing the text) name the people who wrote and edited the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kg.extract.posts import alternation

ROLE_VERBS = {
    "chair": "主持",
    "speaker": "讲话|发言|表态|指出|强调|要求|表示|提出|传达|宣读|通报|反馈(?!会|意见|问题)",
    "attendee": "出席|参加|列席",
}
_VERB = re.compile("|".join(f"(?P<{kind}>{verbs})" for kind, verbs in ROLE_VERBS.items()))
_CLAUSE_END = re.compile(r"[，。；！？：“”（）]")
MAX_CLAUSE = 40
# What marks a name as quoted rather than acting: a doctrine or a speech it gave elsewhere.
_QUOTED_AFTER = re.compile(r"精神|思想|论述|指示|批示|为核心")
_QUOTED_BEFORE = re.compile(r"(?:学习|贯彻|落实|领会|遵循|传达|学习了|传达了|以)$")
_RECIPIENT_BEFORE = re.compile(r"(?:向|对|给|请)$")

BYLINE_ROLES = {
    "记者": "author", "通讯员": "author", "作者": "author", "撰稿": "author", "摄影": "author",
    "责任编辑": "editor", "编辑": "editor", "责编": "editor", "审核": "editor", "审校": "editor",
    "校对": "editor", "初审": "editor", "复审": "editor", "终审": "editor", "一审": "editor",
    "二审": "editor", "三审": "editor",
}  # fmt: skip
_BYLINE = re.compile(
    rf"(?P<role>{alternation(tuple(BYLINE_ROLES))})(?P<colon>[:：])?(?=(?P<names>[\u4e00-\u9fff]{{2,16}}(?:、[\u4e00-\u9fff]{{2,16}})*))"
)
_BARE_BYLINES = frozenset(("记者", "通讯员"))
_BYLINE_WORD = re.compile(alternation(tuple(BYLINE_ROLES)))
# (某某) or, crediting text and pictures, (文/图 某某), (文/影 某某)
_CREDITED = r"(?:[文图影摄](?:[/／、]?[文图影摄])?[：:]?\s*)?"
_BRACKETED = re.compile(rf"[（(]{_CREDITED}(?P<names>[\u4e00-\u9fff]{{2,12}})[）)]")


def meeting_roles(
    text: str, name_start: int, post_start: int, tail: int, limit: int
) -> list[tuple[str, int]]:
    """(kind, end of its verb) of each role the clause after `text[tail]` gives the person whose
    name starts at `name_start` (post at `post_start`); the clause stops at `limit`, where the
    next person is named. None for a quoted name or a recipient."""
    before = text[max(0, post_start - 3) : post_start]
    if _RECIPIENT_BEFORE.search(before) or _QUOTED_BEFORE.search(before):
        return []
    end = _CLAUSE_END.search(text, tail)
    clause = text[tail : min(end.start() if end else len(text), limit, tail + MAX_CLAUSE)]
    if _QUOTED_AFTER.search(clause):
        return []
    return [(m.lastgroup or "", tail + m.end()) for m in _VERB.finditer(clause)]


def split_names(run: str, plausible: Callable[[str], bool]) -> list[str] | None:
    """`run` cut into names, all `plausible`, or None where it cannot be (吕某易某某 → two
    names); a three-character name is tried before a two-character one."""
    if not run:
        return []
    for n in (3, 2, 4):
        if len(run) >= n and plausible(run[:n]):
            rest = split_names(run[n:], plausible)
            if rest is not None:
                return [run[:n], *rest]
    return None


def bylines(
    text: str, at_line_end: Callable[[int], bool], plausible: Callable[[str], bool]
) -> Iterator[tuple[str, str | None, str, int, int]]:
    """(name, post, kind, start, end) of each person a byline names: 记者某某 and 责任编辑：某某
    anywhere, a name in brackets only where it closes a line (…满意度均超过90%。（某某）)."""
    for m in _BYLINE.finditer(text):
        if not (
            m.group("colon")
            or m.group("role") in _BARE_BYLINES
            or (m.start() > 0 and text[m.start() - 1] in "（(")
        ):
            continue  # 审核、编辑 are verbs too (严格审核和把关): a colon or a bracket makes a byline
        at = m.start("names")
        run = m.group("names")
        cut = _BYLINE_WORD.search(run)
        run = run[: cut.start()] if cut else run
        # a byline ends with its line: 责编：某某 / 时间：… is no name 某某时间
        run = run[: next((k for k in range(1, len(run)) if at_line_end(at + k)), len(run))]
        for part in run.split("、"):  # 责编：某甲、某乙
            yield from _names_at(part, at, m.group("role"), BYLINE_ROLES[m.group("role")], plausible)
            at += len(part) + 1
    for m in _BRACKETED.finditer(text):
        if at_line_end(m.end()) or _BYLINE_WORD.match(text, m.end()):
            yield from _names_at(m.group("names"), m.start("names"), None, "author", plausible)


def _names_at(
    run: str, start: int, post: str | None, kind: str, plausible: Callable[[str], bool]
) -> Iterator[tuple[str, str | None, str, int, int]]:
    for name in split_names(run, plausible) or ():
        yield name, post, kind, start, start + len(name)
        start += len(name)
