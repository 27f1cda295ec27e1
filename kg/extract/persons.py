"""Persons: named people with the post the text gives them.

A notice names few people, always in a fixed frame: a post before the name (党委书记某某同志,
省委书记某某在…), a post after it (某某总书记), 同志 after it, or a sanction or talk given to
it (给予某某党内警告处分, 对某某进行诫勉谈话). Only those frames are read,
and a candidate must start with a known surname and must not be an ordinary word of jieba's
dictionary (项目, 理清, 党组织 follow posts too). jieba's own `nr` tag is not used: on these
texts most of its hits are not names. jieba segments only the sentences that hold a candidate,
to find word boundaries and the organization a post is qualified by.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.spans import store_records, text_of
from kg.extract.surnames import surname_length
from kg.extract.textview import TextView
from kg.models import Person, Span

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer

POST_HEADS = (
    "总书记", "书记", "主任", "院长", "局长", "组长", "委员", "部长", "处长", "科长", "所长",
    "站长", "主席", "省长", "市长", "区长", "县长", "镇长", "乡长", "厅长", "校长", "社长",
    "会长", "队长", "秘书长", "董事长", "总经理", "经理", "护士长", "负责人", "村医",
)  # fmt: skip
PARTY_BODIES = (
    "中央", "省委", "市委", "区委", "县委", "州委", "镇党委", "党工委", "党委", "党组",
    "党总支", "党支部", "总支", "支部", "纪工委", "纪委",
)  # fmt: skip
# Leaders named without a frame, above all in 习近平新时代中国特色社会主义思想 and the like.
LEADERS = ("习近平", "毛泽东", "邓小平", "江泽民", "胡锦涛")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_QUALIFIER = "原|时任|现任|前任|前"
_POST = rf"(?:{_QUALIFIER})?(?:{_alt(PARTY_BODIES)})?(?:常务)?副?(?:{_alt(POST_HEADS)})"
_POST_BEFORE = re.compile(rf"{_POST}$")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ROLE_AFTER = re.compile(rf"(?:同志)?(?:为|任|担任)(?P<post>{_POST})")  # 以某某同志为组长
_RIGHT = re.compile(
    r"同志|主持|指出|强调|讲话|带队|出席|参加|一行|表示|要求|提出|进行|[在等为任于的和及与同对向、，。；：（）！？]"
)
_SANCTION_LEFT = re.compile(r"给予|对|约谈")
_SANCTION_RIGHT = re.compile(
    r"(?:同志)?(?:党内|政务|行政|进行|作出|诫勉|批评|提醒|警告|记过|记大过|降级|撤职|开除)"
)
_LEFT = set("、，。；：（）！？“”以由对向与和及同把将给请让被是为在从经")
_SENTENCE_END = set("。；！？")
_NOT_NAME_END = set("区县市省镇乡村委院局办科室部处所站队组会厅司校厂馆社")
_ORG_TAGS = ("n", "j", "b", "a", "zg", "vn")
_FUNCTION_TAGS = ("c", "p", "u", "d", "r")
_VERBAL_TAGS = ("v", "b", "d", "c", "p", "r", "m", "q")
_ORG_STOP = ("我院", "本院", "我委", "本委", "该院", "我局", "本单位")
MAX_ORG = 20


@lru_cache(maxsize=1)
def _jieba() -> tuple[POSTokenizer, dict[str, str]]:
    """jieba's tokenizer and tag table, loaded once (about a second) and only when needed."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.posseg.dt, jieba.posseg.dt.word_tag_tab


def is_common_word(word: str) -> bool:
    """True for a word of jieba's dictionary that is not tagged as a personal name."""
    _, tags = _jieba()
    tag = tags.get(word)
    return tag is not None and not tag.startswith("nr")


def plausible_name(name: str) -> bool:
    """A known surname, one or two given-name characters, not a word, not an org ending."""
    sl = surname_length(name)
    return (
        sl > 0
        and 1 <= len(name) - sl <= 2
        and "某" not in name
        and not any(head in name for head in POST_HEADS)
        and name[-1] not in _NOT_NAME_END
        and not is_common_word(name)
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    post: str | None
    org: str | None
    span: Span


class _Sentences:
    """jieba's view of the sentences around candidates: word boundaries and tagged words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[tuple[int, str, str]]] = {}

    def bounds(self, at: int) -> tuple[int, int]:
        lo = at
        while lo > 0 and self.text[lo - 1] not in _SENTENCE_END:
            lo -= 1
        hi = at
        while hi < len(self.text) and self.text[hi] not in _SENTENCE_END:
            hi += 1
        return lo, hi

    def words(self, at: int) -> list[tuple[int, str, str]]:
        """(start, word, tag) for the sentence holding `text[at]`, in absolute offsets."""
        lo, hi = self.bounds(at)
        if lo not in self._cache:
            tokenizer, _ = _jieba()
            out, i = [], lo
            for pair in tokenizer.cut(self.text[lo:hi]):
                out.append((i, pair.word, pair.flag))
                i += len(pair.word)
            self._cache[lo] = out
        return self._cache[lo]

    def reading(self, start: int, end: int, surname: int) -> str | None:
        """How jieba reads `text[start:end]`: "name" when the words tiling it include one tagged
        as a personal name; "words" when the "surname" is a function word or begins a longer
        word, or the rest is one verbal or modifying word (经分管); None when jieba cannot say."""
        inside = [(s, w, tag) for s, w, tag in self.words(start) if start <= s < end]
        if not inside or inside[0][0] != start or inside[-1][0] + len(inside[-1][1]) != end:
            return None
        if any(tag.startswith("nr") for _, _, tag in inside):
            return "name"
        first, rest = inside[0], inside[1:]
        if len(first[1]) > surname or first[2].startswith(_FUNCTION_TAGS):
            return "words"  # the surname is part of a word (成立由) or a function word (和医生)
        if len(rest) == 1 and len(rest[0][1]) > 1 and rest[0][2].startswith(_VERBAL_TAGS):
            return "words"
        return None

    def post_phrase(self, at: int) -> tuple[str, str | None]:
        """What qualifies a post that starts at `at`: the nouns right before it (东泉镇卫生院 in
        东泉镇卫生院原院长), and the organization they name when they are more than a generic word."""
        if at == 0 or self.text[at - 1] in _SENTENCE_END:
            return "", None
        start = at
        for s, w, tag in reversed([x for x in self.words(at - 1) if x[0] < at]):
            if w in _ORG_STOP or not tag.startswith(_ORG_TAGS):
                break
            start = s
        if at - start > MAX_ORG:
            return "", None
        phrase = self.text[start:at]
        org = re.sub(rf"^(?:{_QUALIFIER})", "", phrase)
        return phrase, org if len(org) >= 3 else None


def _first_name(
    text: str,
    sents: _Sentences,
    spans: list[tuple[int, int]],
    framed: Callable[[int, int], bool],
) -> tuple[int, int] | None:
    """The first span that reads as a name closed by an explicit frame (`framed`) unless jieba
    reads it as other words (由主要负责人), else the first that jieba reads as a name standing
    as its own words (约谈某某同志, 学习某某总书记)."""
    names = [
        (s, e)
        for s, e in spans
        if s >= 0 and e <= len(text) and _NAME.fullmatch(text[s:e]) and plausible_name(text[s:e])
    ]
    readings = {x: sents.reading(*x, surname_length(text[x[0] : x[1]])) for x in names}
    framed_hit = next((x for x in names if framed(*x) and readings[x] != "words"), None)
    return framed_hit or next((x for x in names if readings[x] == "name"), None)


def _candidates(text: str, sents: _Sentences) -> Iterator[tuple[int, int, str | None, int | None]]:
    """(start, end, post, post start) of every framed name."""
    lengths = (2, 3, 4)
    # <post><name>, closed by 同志 or a boundary: 党委书记某某同志, 省委书记某某在…
    for m in re.finditer(_POST, text):
        hit = _first_name(
            text,
            sents,
            [(m.end(), m.end() + n) for n in lengths],
            lambda s, e: e == len(text) or bool(_RIGHT.match(text, e)),
        )
        if hit:
            yield *hit, m.group(), m.start()
    # <name>同志 and <name><post>: 某某同志, 某某总书记
    for m in re.finditer(rf"同志|{_POST}", text):
        hit = _first_name(
            text,
            sents,
            [(m.start() - n, m.start()) for n in lengths],
            lambda s, e: s == 0 or text[s - 1] in _LEFT or bool(_POST_BEFORE.search(text, max(0, s - 12), s)),
        )
        if hit:
            yield *hit, (None if m.group() == "同志" else m.group()), None
    # the name a sanction or a talk is given to: 给予某某党内警告处分, 对某某进行诫勉谈话
    for m in _SANCTION_LEFT.finditer(text):
        hit = _first_name(
            text,
            sents,
            [(m.end(), m.end() + n) for n in lengths],
            lambda s, e: bool(_SANCTION_RIGHT.match(text, e)),
        )
        if hit:
            yield *hit, None, None


def _mentions(view: TextView) -> Iterator[_Mention]:
    text = view.text
    sents = _Sentences(text)
    seen: set[int] = set()
    for start, end, post, post_at in sorted(_candidates(text, sents), key=lambda c: (c[0], c[2] is None)):
        if start in seen:
            continue
        seen.add(start)
        phrase, org = sents.post_phrase(post_at) if post_at is not None else ("", None)
        if post is None:
            role = _ROLE_AFTER.match(text, end)
            post = role.group("post") if role else None
        yield _Mention(text[start:end], f"{phrase}{post}" if post else None, org, view.span(start, end))
    for leader in LEADERS:
        for m in re.finditer(leader, text):
            if m.start() not in seen:
                yield _Mention(leader, None, None, view.span(m.start(), m.end()))


def _merge(mentions: Iterator[_Mention]) -> list[Person]:
    """One record per name; the first post and organization given win, every span is kept."""
    by_name: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    people = [
        Person(
            name=name,
            post=next((m.post for m in ms if m.post), None),
            org=next((m.org for m in ms if m.org), None),
            evidence=tuple(sorted((m.span for m in ms), key=lambda s: s.start)),
        )
        for name, ms in by_name.items()
    ]
    return sorted(people, key=lambda p: p.evidence[0].start)


def extract_persons(body: str) -> list[Person]:
    """The persons a notice body names, one record each, in order of first mention."""
    return _merge(_mentions(TextView.of(body)))


@Language.component("xc_persons")
def persons_component(doc: Doc) -> Doc:
    """spaCy component: person records into doc.user_data, their name spans into doc.spans."""
    return store_records(doc, "persons", extract_persons(text_of(doc)), "PERSON")
