"""The outline of a notice body: its numbered headings and what lies under each.

Scraped text has lost its indentation, so nesting is read from the numbering alone: a style
already open higher up is an ancestor, a style not open yet starts a child run, and numbering
that restarts at 1 under an open style starts a child run of that style (a "1." item under a
"1)" problem under a "1." problem). When a number could continue two open runs of one style,
the run whose last heading opens with the same words ("关于“…") wins, then the innermost.
Inline runs (一是…二是…, ①②, （1）（2）) are read inside paragraphs too, where only an unbroken
sequence counts, so that "统一是" or "（2）" in a sentence is not a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from kg.models import Section, Span

_CN_DIGITS = "一二三四五六七八九"
_CN = "一二三四五六七八九十百"
_LINE_MARKER = re.compile(
    rf"(?P<cn>[{_CN}]+)[、.．]"
    rf"|[（(](?P<paren_cn>[{_CN}]+)[）)]"
    r"|[（(](?P<paren_arabic>\d{1,3})[）)]"
    r"|(?P<half_paren>\d{1,3})[）)]"
    r"|(?P<arabic>\d{1,3})(?:、|[.．](?!\d)|[.．](?=(?:19|20)\d\d年))"
    r"|(?P<circled>[①-⑳])"
    rf"|(?P<ordinal>[{_CN}]+)是"
)
_INLINE_MARKER = re.compile(
    rf"(?P<ordinal>[{_CN}]+)是|(?P<circled>[①-⑳])|[（(](?P<paren_arabic>\d{{1,3}})[）)]"
)
# An inline run may start only after a clause break; it may go on after anything but a numeral
# or a character that makes the number part of a word (第二是, 之一是).
_RUN_START_AFTER = "\n。；：，！？;:,!?、"
_NO_CONTINUE_AFTER = f"第之{_CN}"
_TERMINATORS = "。！？；：!?;:"
_OPENERS = "“‘《「『（("
_CLOSERS = "”’》」』）)"
_TRIM = " \t，,。；;：:、"
_SIMILAR_OPENING = 4
_MAX_GAP = 3


@dataclass(slots=True)
class _Marker:
    kind: str
    number: int
    start: int
    begin: int
    limit: int
    inline: bool
    heading_end: int = 0


@dataclass(slots=True)
class _Node:
    kind: str
    number: int
    start: int
    heading: Span
    children: list[_Node] = field(default_factory=list)


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百 → 100: the numbers outline markers use."""
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS.index(ch) + 1
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
    return total + digit


def _number(kind: str, value: str) -> int:
    if kind == "circled":
        return ord(value) - ord("①") + 1
    return int(value) if value.isdigit() else cn_number(value)


def _candidates(text: str) -> list[_Marker]:
    """Every place a heading could start: line-initial markers, then inline ones."""
    found: list[_Marker] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        lead = len(line) - len(line.lstrip())
        m = _LINE_MARKER.match(line, lead)
        line_marker_at = None
        if m:
            kind = m.lastgroup or ""
            begin = m.end() + len(line[m.end() :]) - len(line[m.end() :].lstrip())
            found.append(_Marker(kind, _number(kind, m.group(kind)), pos + lead, pos + begin, end, False))
            line_marker_at = m.start()
        for im in _INLINE_MARKER.finditer(line):
            if im.start() == line_marker_at:
                continue
            kind = im.lastgroup or ""
            found.append(
                _Marker(kind, _number(kind, im.group(kind)), pos + im.start(), pos + im.end(), end, True)
            )
        pos = end + 1
    found.sort(key=lambda x: x.start)
    return found


def _heading_end(text: str, begin: int, limit: int) -> int:
    """Where a heading stops: its first sentence end outside quotes, else its first one at all.

    Scraped headings often lost a closing quote ("针对“…问题。"); an unclosed quote then runs to
    the line's end and the first terminator is the better guess.
    """
    depth, first = 0, None
    for i in range(begin, limit):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        elif ch in _TERMINATORS:
            if depth == 0:
                return i
            first = i if first is None else first
    return limit if depth == 0 or first is None else first


def _shared_opening(a: str, b: str) -> int:
    """How many opening characters two headings share, 0 below two (one shared verb is chance)."""
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return min(n, _SIMILAR_OPENING) if n >= 2 else 0


def _best_run(stack: list[_Node], fits: list[int], heading: str) -> int:
    """Of the open runs a number continues, the one whose last heading opens alike; then innermost."""
    return max(fits, key=lambda i: (_shared_opening(stack[i].heading.text, heading), i))


def _trimmed(text: str, begin: int, end: int) -> Span:
    while end > begin and text[end - 1] in _TRIM:
        end -= 1
    return Span(begin, end, text[begin:end])


def _place(stack: list[_Node], marker: _Marker, heading: str, text: str) -> int | None:
    """The stack depth the marker's section opens at, or None when it is no heading.

    The new section replaces stack[depth:] and becomes a child of stack[depth - 1].
    """
    runs = [i for i, node in enumerate(stack) if node.kind == marker.kind]
    exact = [i for i in runs if stack[i].number + 1 == marker.number]
    before = text[marker.start - 1] if marker.start else "\n"
    if exact:
        if marker.inline and before in _NO_CONTINUE_AFTER:
            return None
        return _best_run(stack, exact, heading)
    if marker.number == 1:
        if marker.inline and before not in _RUN_START_AFTER:
            return None
        return len(stack)
    if marker.inline:
        return None
    gaps = [i for i in runs if stack[i].number < marker.number <= stack[i].number + _MAX_GAP]
    if gaps:
        return gaps[-1]
    return runs[-1] if runs else len(stack)


def _bare_lines(text: str, pattern: re.Pattern[str]) -> list[Span]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if line and pattern.fullmatch(line):
            begin = m.start() + m.group().index(line)
            spans.append(Span(begin, begin + len(line), line))
    return spans


def _build(text: str, bare_headings: re.Pattern[str] | None) -> list[_Node]:
    markers = _candidates(text)
    for marker in markers:
        marker.heading_end = _heading_end(text, marker.begin, marker.limit)
    bare = _bare_lines(text, bare_headings) if bare_headings else []
    events: list[_Marker | Span] = sorted([*markers, *bare], key=lambda x: x.start)
    roots: list[_Node] = []
    stack: list[_Node] = []
    accepted: list[tuple[_Marker, _Node]] = []
    for event in events:
        if isinstance(event, Span):
            kind, number = (stack[0].kind, stack[0].number + 1) if stack else ("bare", 1)
            node = _Node(kind, number, event.start, event)
            depth = 0
        else:
            heading = _trimmed(text, event.begin, event.heading_end)
            placed = _place(stack, event, heading.text, text)
            if placed is None:
                continue
            node = _Node(event.kind, event.number, event.start, heading)
            depth = placed
            accepted.append((event, node))
        del stack[depth:]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    # A heading that runs on inline stops where the next accepted marker begins.
    for (marker, node), (following, _) in pairwise(accepted):
        if following.start < marker.heading_end:
            node.heading = _trimmed(text, marker.begin, following.start)
    return roots


def _freeze(text: str, nodes: list[_Node], end: int) -> tuple[Section, ...]:
    out = []
    for k, node in enumerate(nodes):
        stop = nodes[k + 1].start if k + 1 < len(nodes) else end
        while stop > node.heading.end and text[stop - 1].isspace():
            stop -= 1
        children = _freeze(text, node.children, stop)
        out.append(Section(node.kind, node.number, node.heading, node.heading.end, stop, children))
    return tuple(out)


def parse_outline(text: str, *, bare_headings: re.Pattern[str] | None = None) -> tuple[Section, ...]:
    """The top-level sections of `text`, each holding its sub-sections.

    A section's heading is the text after its marker up to its first sentence end or colon;
    its body runs from there to the next heading at its level or above. `bare_headings` matches
    whole lines that are top-level headings whose number the scrape dropped ("整改落实情况"
    between "一、…" and "三、…"): such a line continues the outermost run.
    """
    return _freeze(text, _build(text, bare_headings), len(text))
