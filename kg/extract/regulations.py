"""Regulations: every 《》 title, the 〈〉/<> titles nested in one, and document numbers.

A notice names documents it made (制定《…》) and documents it followed (按照《…》); both are
`Regulation` records, told apart by `relation`, so the graph can say which unit issued what.
A number such as 某卫发〔2022〕15号 right after a title belongs to that title's record; one
standing alone is a record of its own. Scraped text loses brackets and breaks lines inside
titles, so matching runs on the whitespace-free view of the body and recovers a title whose
opening 《 was lost from the verb that introduces it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.spans import store_records, text_of
from kg.extract.textview import TextView
from kg.models import Regulation, Span

ISSUE_VERBS = (
    "制定", "制订", "印发", "修订", "修改", "出台", "下发", "制发", "起草", "拟订", "拟定",
    "建立", "健全", "完善", "编制", "发布",
)  # fmt: skip
CITE_VERBS = (
    "按照", "根据", "依据", "依照", "遵照", "参照", "对照", "学习", "落实", "贯彻", "执行",
)  # fmt: skip
_TRIGGER = re.compile("|".join(sorted(ISSUE_VERBS + CITE_VERBS, key=len, reverse=True)))
_RANK = {"issued": 2, "cited": 1, None: 0}

MAX_TITLE = 120  # longer "titles" are an unmatched 《 far back, not a document name
_CLAUSE_END = set("。；，：！？")
_LOST_OPEN_STOP = _CLAUSE_END | set('、“”"》')
_SENTENCE_END = set("。；！？")
_INNER = re.compile(r"〈([^〈〉]+)〉|<([^<>]+)>")

_OPEN = "〔[［【（(﹝"
_CLOSE = "〕]］】）)﹞"
DOC_NUMBER = re.compile(
    rf"(?P<agency>[\u4e00-\u9fff]{{1,14}})(?P<open>[{re.escape(_OPEN)}])(?P<year>(?:19|20)\d{{2}})"
    rf"(?P<close>[{re.escape(_CLOSE)}])(?P<serial>第?\d{{1,5}})号"
)
_ELIDED = re.compile(r"[、和及](?P<serial>\d{1,5})号")
# Words that cannot be part of an issuing agency's 字: the agency starts after the last one.
_AGENCY_CUT = re.compile(
    r"按照|根据|依据|依照|遵照|参照|对照|落实|贯彻|执行|印发|下发|转发|发布|制定|文件|通知|要求|精神|"
    r"办公室|委员会|人民政府|政府|局|[年月日号的了和及与在是对由将以即照据]"
)
# What may stand between a title's 》 and its number: 《…》的通知（某发〔2021〕1号）.
_NUMBER_GAP = re.compile(r"(?:的(?:通知|决定|意见|批复|函|公告|报告))?(?:文件)?[（(]?")


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A document number as written (`text`) and its parts: 字 (agency), year and serial."""

    text: str
    agency: str
    year: int
    serial: int
    start: int
    end: int


def parse_doc_numbers(text: str) -> Iterator[DocNumber]:
    """Every document number in `text`, in any of the 〔〕 [] () 【】 bracket styles."""
    for m in DOC_NUMBER.finditer(text):
        agency = m.group("agency")
        cut = max((c.end() for c in _AGENCY_CUT.finditer(agency)), default=0)
        agency = agency[cut:]
        if len(agency) < 2:
            continue
        start = m.start("agency") + cut
        year = int(m.group("year"))
        serial = m.group("serial").lstrip("第")
        yield DocNumber(text[start : m.end()], agency, year, int(serial), start, m.end())
        # 某发〔2020〕70号、74号: a number listed after another shares its 字 and year
        prefix = text[start : m.start("serial")]
        at = m.end()
        while more := _ELIDED.match(text, at):
            serial, end = more.group("serial"), more.end()
            yield DocNumber(f"{prefix}{serial}号", agency, year, int(serial), more.start("serial"), end)
            at = more.end()


@dataclass(frozen=True, slots=True)
class _Title:
    """A title in squeezed coordinates: `text[start:end]`, bracketed by `open_at`…`end`."""

    start: int
    end: int
    open_at: int
    relation: str | None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class _Mention:
    title: str | None
    number: str | None
    relation: str | None
    parent: str | None
    spans: tuple[Span, ...]


def _relation(clause: str) -> str | None:
    """The relation the rightmost trigger verb of `clause` gives; 新修订的 is an attribute, skipped."""
    verb = None
    for m in _TRIGGER.finditer(clause):
        if clause[m.end() : m.end() + 1] != "的":
            verb = m.group()
    if verb is None:
        return None
    return "issued" if verb in ISSUE_VERBS else "cited"


def _clause_start(text: str, at: int, floor: int) -> int:
    """Where the clause holding `text[at]` starts, never before `floor`."""
    i = at
    while i > floor and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def _recover_open(text: str, close: int, floor: int) -> int | None:
    """Start of a title whose 》 stands at `close` with no 《: after the introducing verb
    (建立健全了…》), or else after the last punctuation or the previous 》."""
    start = close
    while start > max(floor, close - MAX_TITLE) and text[start - 1] not in _LOST_OPEN_STOP:
        start -= 1
    verbs = list(_TRIGGER.finditer(text, start, close))
    if verbs:
        start = verbs[-1].end()
        if text[start : start + 1] in ("了", "的"):
            start += 1
    return start if start < close else None


def _top_titles(text: str) -> list[_Title]:
    """The 《》 titles of `text` in the order they close, with the titles nested in them."""
    titles: list[_Title] = []
    opens: list[int] = []
    prev_end, prev_rel = 0, None
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            opens.clear()
        elif ch == "《":
            opens.append(i)
        elif ch == "》":
            opens = [o for o in opens if i - o <= MAX_TITLE]
            if opens:
                open_at = opens.pop()
                start = open_at + 1
            else:
                recovered = _recover_open(text, i, prev_end)
                if recovered is None:
                    continue
                open_at = start = recovered
            if start == i:
                continue
            if opens:  # 《…《…》…》: its relation and parent are read once the outer one closes
                titles.append(_Title(start, i, open_at, None))
                continue
            clause_at = _clause_start(text, open_at, prev_end)
            relation = _relation(text[clause_at:open_at])
            if relation is None and prev_end and clause_at == prev_end:
                relation = prev_rel  # 制定《A》《B》、《C》: one verb governs the whole list
            titles.append(_Title(start, i, open_at, relation))
            prev_end, prev_rel = i + 1, relation
    return _with_parents(text, titles)


def _with_parents(text: str, titles: list[_Title]) -> list[_Title]:
    """Add the 〈〉/<> titles nested in each title, and give nested titles their parent."""
    out: list[_Title] = []
    for t in titles:
        outer = next((o for o in titles if o is not t and o.start <= t.open_at and t.end < o.end), None)
        out.append(t if outer is None else _nested(text, outer, t.start, t.end, t.open_at))
        for m in _INNER.finditer(text, t.start, t.end):
            g = m.lastindex or 1
            out.append(_nested(text, t, m.start(g), m.end(g), m.start()))
    return out


def _nested(text: str, outer: _Title, start: int, end: int, open_at: int) -> _Title:
    """A title inside `outer`. Relations are the publisher's: whoever issues or cites
    关于印发〈X〉的通知 does the same to X; a unit that issues or cites 关于落实〈X〉… cites X."""
    inner = _relation(text[_clause_start(text, open_at, outer.start) : open_at])
    relation = None
    if inner == "issued":
        relation = outer.relation
    elif inner == "cited" and outer.relation:
        relation = "cited"
    return _Title(start, end, open_at, relation, text[outer.start : outer.end])


def _mentions(view: TextView) -> Iterator[_Mention]:
    text = view.text
    titles = _top_titles(text)
    closes = {t.end: t for t in titles if t.parent is None}
    attached: dict[int, DocNumber] = {}
    loose: list[DocNumber] = []
    for num in parse_doc_numbers(text):
        owner = next(
            (t for c, t in closes.items() if c < num.start and _NUMBER_GAP.fullmatch(text, c + 1, num.start)),
            None,
        )
        if owner is not None and owner.end not in attached:
            attached[owner.end] = num
        else:
            loose.append(num)
    for t in titles:
        own = attached.get(t.end) if t.parent is None else None
        spans = (view.span(t.start, t.end),) + ((view.span(own.start, own.end),) if own else ())
        yield _Mention(text[t.start : t.end], own.text if own else None, t.relation, t.parent, spans)
    for num in loose:
        relation = _relation(text[_clause_start(text, num.start, 0) : num.start])
        yield _Mention(None, num.text, relation, None, (view.span(num.start, num.end),))


def _merge(mentions: Iterable[_Mention]) -> list[Regulation]:
    """One record per document: a title seen with a number joins that number's record, a bare
    number joins the title it was seen after; every occurrence keeps its evidence span."""
    mentions = list(mentions)
    by_title: dict[str, tuple[str | None, str | None]] = {}
    by_number: dict[str, tuple[str | None, str | None]] = {}
    for m in mentions:
        if m.title and m.number:
            by_title.setdefault(m.title, (m.title, m.number))
            by_number.setdefault(m.number, (m.title, m.number))
    groups: dict[tuple[str | None, str | None], list[_Mention]] = {}
    for m in mentions:
        key: tuple[str | None, str | None]
        if m.title and m.number:
            key = (m.title, m.number)
        elif m.title:
            key = by_title.get(m.title, (m.title, None))
        else:
            key = by_number.get(m.number or "", (None, m.number))
        groups.setdefault(key, []).append(m)
    records = [
        Regulation(
            title=title,
            number=number,
            relation=max((m.relation for m in ms), key=_RANK.__getitem__),
            parent=next((m.parent for m in ms if m.parent), None),
            evidence=tuple(sorted((s for m in ms for s in m.spans), key=lambda s: s.start)),
        )
        for (title, number), ms in groups.items()
    ]
    return sorted(records, key=lambda r: r.evidence[0].start)


def extract_regulations(body: str) -> list[Regulation]:
    """The regulations a notice body names, one record each, in order of first mention."""
    return _merge(_mentions(TextView.of(body)))


def _span_label(reg: Regulation, ev: Span) -> str:
    return "DOC_NUMBER" if re.sub(r"\s", "", ev.text) == reg.number else "REGULATION"


@Language.component("xc_regulations")
def regulations_component(doc: Doc) -> Doc:
    """spaCy component: regulation records into doc.user_data, their spans into doc.spans."""
    return store_records(doc, "regulations", extract_regulations(text_of(doc)), _span_label)
