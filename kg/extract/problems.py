"""Problems, their nesting, status and measures, read from the outline of a notice body.

A heading is a problem when it says so ("关于“…”问题的整改", "针对“…”问题"), or, inside the
section that reports rectification, when it reads as a shortcoming ("档案管理有漏洞") rather
than an action ("制定《…》") or a status heading ("已完成的整改事项"). Status headings give the
status of the problems under them; a closing sentence after a problem's measures ("以上问题已
整改完成") gives that problem's own status and wins. Organization and next-step sections are
never read for problems. Measures are the enumerated items under a problem, else its paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, NamedTuple

from spacy.language import Language

from kg.extract.outline import parse_outline
from kg.extract.spans import text_of
from kg.models import Measure, Problem, Section, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Top-level section titles whose number a scrape dropped ("整改落实情况" standing alone).
BARE_SECTION = re.compile(
    r"(?:集中)?整改(?:工作)?(?:落实|进展|推进|完成)?情况(?:及(?:成效|进展))?|下一步[\u4e00-\u9fff]{0,12}"
)
EXCLUDED_SECTION = re.compile(r"组织|领导|基本情况|总体情况|下一步|计划|打算|安排")
RECTIFICATION_SECTION = re.compile(r"整改|问题|事项")
_CUE = re.compile(r"^(?:关于|针对|在(?=[“‘「『]))")
_SUFFIX = r"(?:等)?(?:方面(?:的)?(?:问题)?|(?:的)?问题)(?:的)?(?:整改)?(?:落实|进展)?(?:情况)?"
# A heading may run on after the problem's name: "针对“X”问题，党组采取了以下措施".
_AFTER_NAME = rf"{_SUFFIX}(?:[，,].*)?"
_UNQUOTED_TITLE = re.compile(rf"(.+?){_AFTER_NAME}")
# A trailing note in brackets: a status ("（已完成）") or a count ("（9个）").
_NOTE = re.compile(r"[（(]([^（）()]{1,16})[）)]$")
# Words of a completed action: a heading with one reports a measure, not a problem.
_ACTION = re.compile(r"了|已|予以")
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
# Words that judge a state as falling short; a problem heading has one, an action heading not.
_SHORTCOMING = re.compile(
    r"不(?!断|仅|但|忘)|未|没有|缺|匮乏|乏力|弱|差距|漏洞|短板|偏差|隐患|风险|乱|难以|艰难|滞后|欠|"
    r"过(?:长|高|多|大|度|于)|超标准|超范围|虚化|空转|松散|松软|宽松|重[^，,]{1,6}轻|偏低|较低|偏少|"
    r"总量少|缓慢|迟缓|打折扣|时有发生|形式主义|走形式|流于形式|浮于表面|堪忧|有待|仍需|亟待|失位|错位|"
    r"越位|盲区|瓶颈|违规|违纪|违反|屡禁|突出$|问题$|方面$"
)
_STATUS_HEADING = re.compile(r"(?:事项|问题|任务)$")
# Checked in order: a later phrase never overrides an earlier one.
STATUS_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("long_term", re.compile(r"长期任务|长期整改|需长期|长期推进")),
    (
        "in_progress",
        re.compile(r"继续整改|正在(?:推进|整改)|持续(?:推进|整改)|推进中|尚未|未完成|阶段性完成|基本完成"),
    ),
    (
        "completed",
        re.compile(
            r"已(?:经)?(?:全部)?(?:整改(?:完成|到位)?|完成(?:整改)?|办结)|整改完成的|(?:状态|结果)[：:](?:已)?完成"
        ),
    ),
    ("long_term", re.compile(r"长期坚持|阶段性成效")),
)
_CLOSING = re.compile(
    r"(?:(?:目前|截至目前)?[，,]?(?:以上|上述|该|此|本)(?:个|项|条|类)?(?:问题|事项)|(?:整改)?(?:状态|完成情况|结果)[：:])"
    r"[^。；\n]*"
)
# The notice's closing lines after its last problem: the call for supervision, contacts.
_TAIL = re.compile(r"欢迎|如有意见|联系(?:方式|电话|人)|监督电话|举报电话")
_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,12})[：:]")
_MEASURE_LABEL = re.compile(r"[\u4e00-\u9fff]{0,6}(?:措施|举措|情况|做法|成效)[^。\n：:]{0,8}[：:]")
_RECTIFICATION_OF = re.compile(r"整改(?:落实)?(?:情况)?$")
_ASPECT = re.compile(r"方面(?:的)?(?:问题)?$")
_TITLE_TAIL = re.compile(r"(?:方面(?:的)?(?:问题)?|(?:的)?问题)$")
_TERMINATORS = "。！？；!?;"
_GROUPING_WORDS = 4  # 反馈问题, 存在问题: a heading this short groups problems, it names none
# A label heading whose line goes on with the problem itself: 反馈问题：档案管理不规范
_GROUPING_LABEL = re.compile(r"(?:巡察)?(?:反馈|存在|发现)?问题(?:[一二三四五六七八九十\d]+)?")
_TRIM = " \t\n，,。；;：:、"


@dataclass(slots=True)
class _Found:
    """A problem section while the walk is still collecting what lies under it."""

    section: Section
    title: str
    parent: int | None
    status: str | None
    measures: list[Section] = field(default_factory=list)
    subs: list[Section] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Scope:
    """Where the walk stands: in the rectification report, under a status heading, in a problem."""

    top: bool = False
    region: bool = False
    status: str | None = None
    problem: _Found | None = None
    number: int | None = None
    items_are_measures: bool = False


def _pair_quotes(text: str) -> tuple[dict[int, int], set[int]]:
    """Opening quote index → its closing index, and the indices of quotes left unpaired."""
    closers = {v: k for k, v in _QUOTE_PAIRS.items()}
    pairs: dict[int, int] = {}
    stack: list[int] = []
    unpaired: set[int] = set()
    for i, ch in enumerate(text):
        if ch in _QUOTE_PAIRS:
            stack.append(i)
        elif ch in closers:
            if stack and text[stack[-1]] == closers[ch]:
                pairs[stack.pop()] = i
            else:
                unpaired.add(i)
    return pairs, unpaired | set(stack)


def clean_quotes(text: str) -> str:
    """Drop quotes a scrape left unpaired at either edge, then any pair enclosing the whole."""
    while text:
        pairs, unpaired = _pair_quotes(text)
        if 0 in unpaired:
            text = text[1:]
        elif len(text) - 1 in unpaired:
            text = text[:-1]
        elif pairs.get(0) == len(text) - 1:
            text = text[1:-1]
        else:
            break
    return text


def split_note(heading: str) -> tuple[str, str | None]:
    """A heading without its trailing bracketed note ("…问题的整改（已完成）"), and the note."""
    m = _NOTE.search(heading)
    return (heading[: m.start()].rstrip(_TRIM), m.group(1)) if m and m.start() else (heading, None)


def problem_title(heading: str) -> str | None:
    """The problem's own words in a heading that names a problem, or None when it names none.

    "关于“X”问题的整改", "针对“X”问题", "关于X方面问题" → X; quotes the scrape left unpaired go.
    """
    heading = split_note(heading.rstrip(_TRIM))[0]
    rest = _CUE.sub("", heading)
    if rest == heading and not rest.startswith(tuple(_QUOTE_PAIRS)):
        return None
    if rest.startswith(tuple(_QUOTE_PAIRS)):
        ends = [i for i, ch in enumerate(rest) if ch in "”’」』" and re.fullmatch(_AFTER_NAME, rest[i + 1 :])]
        if ends:
            return clean_quotes(rest[: ends[-1] + 1]) or None
    m = _UNQUOTED_TITLE.fullmatch(rest)
    return (clean_quotes(m.group(1)) or None) if m else None


def heading_status(heading: str) -> str | None:
    """The status a grouping heading states ("已完成的整改事项" → completed), else None."""
    heading = split_note(heading)[0]
    return phrase_status(heading) if _STATUS_HEADING.search(heading) else None


def phrase_status(text: str) -> str | None:
    for status, pattern in STATUS_PHRASES:
        if pattern.search(text):
            return status
    return None


def closing_status(text: str) -> str | None:
    """The status the last closing sentence of a problem states ("以上问题已整改完成")."""
    statuses = [phrase_status(m.group()) for m in _clauses(text, _CLOSING)]
    statuses = [s for s in statuses if s]
    return statuses[-1] if statuses else None


def _clauses(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of `pattern` that begin a clause, a sentence or a line."""
    for m in pattern.finditer(text):
        if m.start() == 0 or text[m.start() - 1] in _TERMINATORS + "\n，,":
            yield m


def _rest_of_line(section: Section, text: str) -> str:
    line_end = text.find("\n", section.start)
    return text[section.start : len(text) if line_end < 0 else line_end].lstrip(_TERMINATORS + " ")


def _reads_as_shortcoming(heading: str, section: Section, text: str) -> bool:
    """An unnamed heading states a problem, not an action: it names a shortcoming and stands
    alone on its line, or is followed by its measures' label ("整改情况：") or ends in 问题."""
    if (
        not _SHORTCOMING.search(heading)
        or _ACTION.search(heading)
        or "《" in heading
        or text[section.heading.end : section.start + 1] in ";；"
    ):
        return False
    rest = _rest_of_line(section, text)
    return not rest or bool(_MEASURE_LABEL.match(rest)) or heading.endswith("问题")


def _lists_measures(section: Section, text: str) -> bool:
    """Whether a problem's numbered items are its measures rather than sub-problems: a label says
    so ("整改措施："), or the heading is about the rectification itself ("…问题的整改")."""
    first = section.children[0].heading.start if section.children else section.end
    return bool(_MEASURE_LABEL.search(text[section.start : first])) or bool(
        _RECTIFICATION_OF.search(section.heading.text)
    )


class _Reading(NamedTuple):
    """What a heading is: a problem (with its title), a measure, a scope to enter, or to skip."""

    role: Literal["problem", "measure", "enter", "skip"]
    title: str | None = None
    scope: _Scope | None = None


def _read(section: Section, text: str, scope: _Scope) -> _Reading:
    heading = split_note(section.heading.text)[0]
    title = problem_title(heading)
    if title is not None:
        return _Reading("problem", title)
    if scope.top:
        if EXCLUDED_SECTION.search(heading):
            return _Reading("skip")
        if _ASPECT.search(heading):
            return _Reading("problem", _TITLE_TAIL.sub("", heading))
        region = bool(RECTIFICATION_SECTION.search(heading))
        return _Reading("enter", scope=_Scope(region=region, status=heading_status(heading)))
    if section.kind == "ordinal":
        return _Reading("measure" if scope.problem else "skip")
    status = heading_status(heading)
    if status:
        return _Reading("enter", scope=replace(scope, status=status))
    if scope.problem and scope.items_are_measures:
        return _Reading("measure")
    if _GROUPING_LABEL.fullmatch(heading) and (named := _rest_of_line(section, text).strip(_TRIM)):
        return _Reading("problem", _TITLE_TAIL.sub("", named) or named)  # 反馈问题：<the problem>
    title = _TITLE_TAIL.sub("", heading) or heading
    if scope.region and len(title) > _GROUPING_WORDS and _reads_as_shortcoming(heading, section, text):
        return _Reading("problem", title)
    if scope.region and not scope.problem and _is_aspect(title, section, text, scope):
        return _Reading("problem", title)
    return _Reading("measure") if scope.problem else _Reading("enter", scope=scope)


def _is_aspect(title: str, section: Section, text: str, scope: _Scope) -> bool:
    """A heading that groups problems names their aspect, a problem too ("聚焦…决策部署情况"
    over "1.…落实不到位"); one about the rectification itself ("整改落实情况") does not."""
    if len(title) <= _GROUPING_WORDS or "整改" in title:
        return False
    inner = replace(scope, problem=None, number=None)
    return any(_read(child, text, inner).role == "problem" for child in section.children)


def _walk(sections: tuple[Section, ...], text: str, scope: _Scope, found: list[_Found]) -> None:
    """Collect problems depth first, each with what lies under it."""
    for section in sections:
        reading = _read(section, text, scope)
        if reading.role == "problem" and reading.title is not None:
            problem = _Found(section, reading.title, scope.number, scope.status)
            if scope.problem:
                scope.problem.subs.append(section)
            found.append(problem)
            lists = _lists_measures(section, text)
            inner = _Scope(
                region=True, status=scope.status, problem=problem, number=len(found), items_are_measures=lists
            )
            _walk(section.children, text, inner, found)
        elif reading.role == "measure" and scope.problem:
            scope.problem.measures.append(section)
        elif reading.scope is not None:
            _walk(section.children, text, reading.scope, found)


def _trim(text: str, begin: int, end: int) -> Span | None:
    while begin < end and text[begin] in _TRIM:
        begin += 1
    while end > begin and text[end - 1] in _TRIM:
        end -= 1
    return Span(begin, end, text[begin:end]) if end > begin else None


def _ends_problem(line: str) -> bool:
    """A paragraph after which nothing belongs to the problem: its closing sentence, the notice's tail."""
    return bool(_CLOSING.match(line) or _TAIL.match(line))


def _measure_end(text: str, begin: int, end: int) -> int:
    """An item stops before a paragraph that closes the problem or opens a labelled block."""
    for m in re.finditer(r"\n[^\n]*", text[begin:end]):
        line = m.group().strip()
        if line and (_LABEL.match(line) or _ends_problem(line)):
            return begin + m.start()
    return end


def _paragraph_measures(text: str, begin: int, end: int) -> Iterator[Span]:
    """A problem without enumerated items: each paragraph of its body that reports action."""
    for m in re.finditer(r"[^\n]+", text[begin:end]):
        label = _LABEL.match(m.group())
        if _ends_problem(m.group().strip()) or (label and label.group(1).startswith("下一步")):
            return
        span = _trim(text, begin + m.start() + (label.end() if label else 0), begin + m.end())
        if span:
            yield span


def _measures(found: _Found, text: str) -> tuple[Measure, ...]:
    section = found.section
    if found.measures:
        spans = [
            _trim(text, m.heading.start, _measure_end(text, m.heading.start, m.end)) for m in found.measures
        ]
    elif not found.subs:
        spans = list(_paragraph_measures(text, section.start, section.end))
    else:
        spans = []
    return tuple(Measure(s.text.replace("\n", ""), s) for s in spans if s)


def _own_text(found: _Found, text: str) -> str:
    """The problem's text without its sub-problems' sections."""
    parts, at = [], found.section.start
    for sub in found.subs:
        parts.append(text[at : sub.heading.start])
        at = sub.end
    parts.append(text[at : found.section.end])
    return "\n".join(parts)


def extract_problems(text: str) -> tuple[Problem, ...]:
    """Every problem of a notice body in reading order, with parent, status and measures."""
    found: list[_Found] = []
    _walk(parse_outline(text, bare_headings=BARE_SECTION), text, _Scope(top=True), found)
    problems = []
    for number, item in enumerate(found, 1):
        note = split_note(item.section.heading.text)[1]
        own = (note and phrase_status(note)) or closing_status(_own_text(item, text))
        status = own if item.subs else own or item.status
        problems.append(
            Problem(
                title=item.title,
                number=number,
                parent=item.parent,
                status=status,
                measures=_measures(item, text),
                evidence=item.section.heading,
            )
        )
    return tuple(problems)


@Language.component("xc_problems")
def problems_component(doc: Doc) -> Doc:
    """Write the notice's problems and measures as PROBLEM / MEASURE spans and Problem records."""
    problems = extract_problems(text_of(doc))
    spans = []
    for problem in problems:
        for label, evidence in (
            ("PROBLEM", problem.evidence),
            *(("MEASURE", m.evidence) for m in problem.measures),
        ):
            if evidence is not None:
                span = doc.char_span(evidence.start, evidence.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
    doc.spans["problems"] = spans
    doc.user_data["problems"] = problems
    return doc
