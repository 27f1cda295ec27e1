"""Persons: named people with the post the text gives them and what they do.

A notice names people in fixed frames: a post before the name (区法院党组书记、院长某某,
市委第三巡察组组长某某), a post after it (某某总书记), 同志 after it, a list continuing a post
(副组长某某、某某), a sanction or talk given to it (给予某某党内警告处分), or a byline (记者某某).
Only those frames are read, and a candidate must start with a known surname and must not be an
ordinary word of jieba's dictionary (项目, 理清, 党组织 follow posts too). jieba's own `nr` tag is
not used: on these texts most of its hits are not names. The post is read whole by
`kg.extract.posts`, the person's meeting roles and bylines by `kg.extract.roles`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.posts import PLACE_COMMITTEES, POST, POST_HEADS, Post, alternation, read_post
from kg.extract.roles import bylines, meeting_roles
from kg.extract.spans import store_records, text_of
from kg.extract.surnames import surname_length
from kg.extract.textview import TextView
from kg.extract.words import Sentences
from kg.models import Person, Role
from kg.text.dictionary import is_common_word

# Leaders named without a frame, above all in 习近平新时代中国特色社会主义思想 and the like; they
# are mentioned, never taking part in a local meeting.
LEADERS = ("习近平", "毛泽东", "邓小平", "江泽民", "胡锦涛")

_POST_BEFORE = re.compile(rf"{POST}$")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ROLE_AFTER = re.compile(rf"(?:同志)?(?:为|任|担任)(?P<post>{POST})")  # 以某某同志为组长
_RIGHT = re.compile(
    r"同志|主持|指出|强调|讲话|带队|出席|参加|列席|一行|表示|要求|提出|进行|代表|传达|宣读|反馈|通报|"
    r"莅临|陪同|汇报|听取|分别|作|做|率|就|说|[在等为任于的和及与同对向、，。；：（）！？]"
)
_ACT = re.compile(r"主持|作表态|做表态|作了表态|出席|代表|宣读|传达")
_CLAUSE_START = set("，。；！？：")
_SANCTION_LEFT = re.compile(r"给予|对|约谈")
_SANCTION_RIGHT = re.compile(
    r"(?:同志)?(?:党内|政务|行政|进行|作出|诫勉|批评|提醒|警告|记过|记大过|降级|撤职|开除)"
)
_LEFT = set("、，。；：（）！？“”以由对向与和及同把将给请让被是为在从经")
_NOT_NAME_END = set("区县市省镇乡村委院局办科室部处所站队组会厅司校厂馆社")
_NOT_IN_GIVEN_NAME = set("的了着们是之其这那在")
_PLACE_POST = re.compile(
    alternation((*PLACE_COMMITTEES, "镇党委", "乡党委", "旗委"))
)  # 舒城县委书记: 舒城 is no name
MAX_GROUP_GAP = 60  # a bare 副组长 belongs to the group named this close before it


def plausible_name(name: str) -> bool:
    """A known surname, one or two given-name characters, not a word, not an org ending."""
    sl = surname_length(name)
    return (
        sl > 0
        and 1 <= len(name) - sl <= 2
        and "某" not in name
        and not any(head in name for head in POST_HEADS)
        and name[-1] not in _NOT_NAME_END
        and not _NOT_IN_GIVEN_NAME.intersection(name[sl:])
        and not is_common_word(name, allowed=("nr",))  # 刘某/ns and the like still count as names
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    """One framed name: where it stands, its post, and where its roles are read (`tail`, after
    the last name of its list)."""

    name: str
    start: int
    end: int
    post: Post | None = None
    tail: int = 0
    byline: str | None = None


def _first_name(
    text: str,
    sents: Sentences,
    spans: list[tuple[int, int]],
    framed: Callable[[int, int], bool],
    sure: Callable[[int, int], bool] = lambda s, e: False,
) -> tuple[int, int] | None:
    """The first span framed so that it can only be a name (`sure`: 组长某某同志), whatever words
    jieba makes of it unless it opens with a function word (向全体同志); else the first closed by
    an explicit frame (`framed`) unless jieba reads it as other words (由主要负责人); else the
    first that jieba reads as a name standing as its own words (约谈某某同志, 学习某某总书记)."""
    names = [
        (s, e)
        for s, e in spans
        if s >= 0 and e <= len(text) and _NAME.fullmatch(text[s:e]) and plausible_name(text[s:e])
    ]
    if sure_hit := next((x for x in names if sure(*x) and not sents.opens_with_function_word(x[0])), None):
        return sure_hit
    readings = {x: sents.reading(*x, surname_length(text[x[0] : x[1]])) for x in names}
    framed_hit = next((x for x in names if framed(*x) and readings[x] != "words"), None)
    return framed_hit or next((x for x in names if readings[x] == "name"), None)


def _comrade(text: str) -> Callable[[int, int], bool]:
    return lambda s, e: text.startswith("同志", e)


def _closed(text: str) -> Callable[[int, int], bool]:
    return lambda s, e: e == len(text) or bool(_RIGHT.match(text, e))


def _opens_clause(text: str) -> Callable[[int, int], bool]:
    return lambda s, e: s == 0 or text[s - 1] in _CLAUSE_START


def _candidates(text: str, sents: Sentences) -> Iterator[_Mention]:
    """Every framed name, once per frame that finds it."""
    lengths = (2, 3, 4)
    # <post><name>, closed by 同志 or a boundary: 党委书记某某同志, 省委书记某某在…, and the names
    # listed after it with 、: 副组长某某、某某
    for m in re.finditer(POST, text):
        hit = _first_name(
            text, sents, [(m.end(), m.end() + n) for n in lengths], _closed(text), _comrade(text)
        )
        if hit:
            post = read_post(sents, m.start(), m.end())
            listed = [hit]
            while text.startswith("、", listed[-1][1]):
                nxt = _first_name(
                    text, sents, [(listed[-1][1] + 1, listed[-1][1] + 1 + n) for n in lengths], _closed(text)
                )
                if nxt is None:
                    break
                listed.append(nxt)
            for s, e in listed:
                yield _Mention(text[s:e], s, e, post, listed[-1][1])
    # <name>同志 and <name><post>: 某某同志, 某某总书记; not 舒城县委书记
    for m in re.finditer(rf"同志|{POST}", text):
        if _PLACE_POST.match(text, m.start()) or m.group().endswith("领导"):
            continue  # 舒城县委书记, 及时提请市领导: a place, or words, before the post
        hit = _first_name(
            text,
            sents,
            [(m.start() - n, m.start()) for n in lengths],
            lambda s, e: s == 0 or text[s - 1] in _LEFT or bool(_POST_BEFORE.search(text, max(0, s - 12), s)),
        )
        if hit:
            after = None if m.group() == "同志" else Post(m.group(), m.start())
            yield _Mention(text[hit[0] : hit[1]], *hit, after, m.end())
    # <name><act> opening a clause: 。某某主持反馈会, ，某某作表态发言
    for m in _ACT.finditer(text):
        hit = _first_name(text, sents, [(m.start() - n, m.start()) for n in lengths], _opens_clause(text))
        if hit and _opens_clause(text)(*hit):
            yield _Mention(text[hit[0] : hit[1]], *hit, None, hit[1])
    # the name a sanction or a talk is given to: 给予某某党内警告处分, 对某某进行诫勉谈话
    for m in _SANCTION_LEFT.finditer(text):
        hit = _first_name(
            text,
            sents,
            [(m.end(), m.end() + n) for n in lengths],
            lambda s, e: bool(_SANCTION_RIGHT.match(text, e)),
        )
        if hit:
            yield _Mention(text[hit[0] : hit[1]], *hit, None, hit[1])


def _mentions(view: TextView) -> Iterator[tuple[_Mention, tuple[Role, ...]]]:
    """Each framed name once (a frame with a post before one without), with its roles."""
    text = view.text
    sents = Sentences(text)
    found = sorted(_candidates(text, sents), key=lambda c: (c.start, c.post is None))
    found += [
        _Mention(name, s, e, Post(post, s) if post else None, e, kind)
        for name, post, kind, s, e in bylines(text, lambda at: _line_end(view, at), plausible_name)
    ]
    found += _again(text, found)
    found.sort(key=lambda c: (c.start, c.post is None, c.byline is None))
    starts = sorted({c.start for c in found})
    seen: set[int] = set()
    group: tuple[str, int] | None = None
    for c in found:
        if c.start in seen:
            continue
        seen.add(c.start)
        c = _post_after(text, c)
        c, group = _with_group(c, group)
        yield c, tuple(_roles(view, c, starts))
    for leader in LEADERS:
        for m in re.finditer(leader, text):
            if m.start() not in seen:
                yield _Mention(leader, m.start(), m.end()), ()


def _again(text: str, found: list[_Mention]) -> list[_Mention]:
    """Each other place a name found in a frame is named (某某主持反馈大会), where roles are read too."""
    taken = {i for c in found for i in range(c.start, c.end)}
    again = []
    for name in {c.name for c in found}:
        for m in re.finditer(name, text):
            if m.start() not in taken and m.end() - 1 not in taken:
                again.append(_Mention(name, m.start(), m.end(), None, m.end()))
    return again


def _line_end(view: TextView, at: int) -> bool:
    """Whether squeezed `text[at]` starts a new line of the body (or the text ends there)."""
    if at >= len(view.text):
        return True
    return "\n" in view.body[view.offsets[at - 1] + 1 : view.offsets[at]]


def _post_after(text: str, c: _Mention) -> _Mention:
    """A post given after the name when none stands before it: 以某某同志为组长."""
    if c.post is not None:
        return c
    role = _ROLE_AFTER.match(text, c.end)
    return replace(c, post=Post(role.group("post"), c.end)) if role else c


def _with_group(c: _Mention, group: tuple[str, int] | None) -> tuple[_Mention, tuple[str, int] | None]:
    """A bare 组长 or 副组长 belongs to the group named just before it (某组组长某某，副组长某某);
    a post naming a group becomes the group to remember."""
    post = c.post
    if post is None or post.kind is None:
        return c, group
    if post.group:
        return c, (post.group, c.end)
    if group and c.start - group[1] <= MAX_GROUP_GAP:
        return replace(c, post=replace(post, group=group[0])), (group[0], c.end)
    return replace(c, post=replace(post, kind=None)), group


def _roles(view: TextView, c: _Mention, starts: list[int]) -> Iterator[Role]:
    if c.byline:
        yield Role(c.byline, view.span(c.start, c.end))
        return
    if c.post is not None and c.post.kind and c.post.group:
        yield Role(c.post.kind, view.span(c.post.start, c.end))
    if c.name in LEADERS:
        return
    limit = next((s for s in starts if s >= c.tail), len(view.text))
    post_start = c.post.start if c.post is not None and c.post.start < c.start else c.start
    for kind, end in meeting_roles(view.text, c.start, post_start, c.tail, limit):
        yield Role(kind, view.span(c.start, end))


def _merge(mentions: Iterable[tuple[_Mention, tuple[Role, ...]]], view: TextView) -> list[Person]:
    """One record per name; the first post and unit given win; every span and role is kept."""
    by_name: dict[str, list[tuple[_Mention, tuple[Role, ...]]]] = {}
    for m, roles in mentions:
        by_name.setdefault(m.name, []).append((m, roles))
    people = []
    for name, ms in by_name.items():
        post = next((m.post for m, _ in ms if m.post), None)
        kinds: dict[str, Role] = {}
        for _, roles in ms:
            for role in roles:
                kinds.setdefault(role.kind, role)
        people.append(
            Person(
                name=name,
                post=post.text if post else None,
                org=post.org if post else None,
                group=next((m.post.group for m, _ in ms if m.post and m.post.group), None),
                roles=tuple(kinds.values()),
                evidence=tuple(sorted((view.span(m.start, m.end) for m, _ in ms), key=lambda s: s.start)),
            )
        )
    return sorted(people, key=lambda p: p.evidence[0].start)


def extract_persons(body: str) -> list[Person]:
    """The persons a notice body names, one record each, in order of first mention."""
    view = TextView.of(body)
    return _merge(_mentions(view), view)


@Language.component("xc_persons")
def persons_component(doc: Doc) -> Doc:
    """spaCy component: person records into doc.user_data, their name spans into doc.spans."""
    return store_records(doc, "persons", extract_persons(text_of(doc)), "PERSON")
