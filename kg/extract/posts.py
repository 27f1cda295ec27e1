"""Posts: the whole post written before a person's name, the unit it is held at, the group led.

Real pages give a person every post at once, joined by 、 (区委常委、政法委书记; 党组书记、局长),
each qualified by the unit or group it belongs to (区法院党组书记, 市委第三巡察组组长). The post
read here is that whole phrase, as written; its unit is the qualifier of the first post that has
one; an inspection group qualifying 组长 or 副组长 makes the person the group's (deputy) leader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.words import SENTENCE_END, Sentences

POST_HEADS = (
    "总书记", "书记", "主任", "院长", "局长", "组长", "委员", "常委", "部长", "处长", "科长", "所长",
    "站长", "主席", "省长", "市长", "区长", "县长", "镇长", "乡长", "厅长", "校长", "社长", "会长",
    "队长", "秘书长", "董事长", "总经理", "经理", "护士长", "负责人", "村医", "检察长", "行长",
    "调研员", "成员", "联络员", "组员", "领队", "县领导", "市领导", "区领导", "省领导", "旗领导",
    "院领导", "校领导",
)  # fmt: skip
PARTY_BODIES = (
    "中央", "省委", "市委", "区委", "县委", "州委", "镇党委", "党工委", "党委", "党组",
    "党总支", "党支部", "总支", "支部", "纪工委", "纪委",
)  # fmt: skip
PLACE_COMMITTEES = ("省委", "市委", "区委", "县委", "州委")
QUALIFIER = "原|时任|现任|前任|前"
# Words that say which post of a unit, not which unit: 主要负责人, 专职副书记, 常务副局长.
POST_MODIFIERS = ("常务", "专职", "兼职", "主要")


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first so that 党委书记 is not read as 党委 + 书记."""
    return "|".join(sorted(words, key=len, reverse=True))


POST = rf"(?:{QUALIFIER})?(?:{alternation(PARTY_BODIES)})?(?:常务)?副?(?:{alternation(POST_HEADS)})"
_POST_END = re.compile(
    rf"(?P<body>{alternation(PARTY_BODIES)})?(?:{alternation(POST_MODIFIERS)})?副?(?P<head>{alternation(POST_HEADS)})$"
)
_GROUP = re.compile(r"(?:巡察|巡视)[\u4e00-\u9fff]{0,4}?(?:第?[一二三四五六七八九十\d]+)?组$")
_RANK = re.compile(r"[一二三四五六七八九十\d]级$")
_ORDINAL_GROUP = re.compile(r"第[一二三四五六七八九十\d]+组")  # 第一组 of a set the text named before
# Words that may qualify a post: nouns and the like, and the verbs that name inspection groups.
_QUALIFIER_TAGS = ("n", "j", "b", "a", "zg", "vn", "m", "ng", "l")
_QUALIFIER_VERBS = frozenset(("巡察", "巡视", "联动", "提级", "督查", "办"))
_LEVELS = frozenset("省市区县州镇乡旗")
_UNIT_ENDS = frozenset("委局院办厅")
_ORG_STOP = frozenset(("我院", "本院", "我委", "本委", "该院", "我局", "本单位"))
_GENERIC_UNITS = frozenset(("集团公司", "总公司", "领导小组"))
MAX_PIECE = 24


@dataclass(frozen=True, slots=True)
class Post:
    """A post as written before a name, where it starts, and what it says about the person."""

    text: str
    start: int
    org: str | None = None
    group: str | None = None
    kind: str | None = None  # "leader" for a group's 组长, "deputy" for its 副组长


def read_post(sents: Sentences, start: int, end: int) -> Post:
    """The whole post that ends at `end` with the post word found at `text[start:end]`: its own
    qualifier, and the posts joined to it by 、 before it (省委常委、市委书记)."""
    text = sents.text
    begin = _qualifier_start(sents, start)
    while begin > 1 and text[begin - 1] == "、":
        before = _POST_END.search(text, max(0, begin - 1 - MAX_PIECE), begin - 1)
        if before is None:
            break
        begin = _qualifier_start(sents, before.start())
    phrase = text[begin:end]
    pieces = phrase.split("、")
    org = next((o for o in map(_unit, pieces) if o), None)
    group, kind = _group(pieces[-1])
    return Post(phrase, begin, None if group else org, group, kind)


def _qualifier_start(sents: Sentences, at: int) -> int:
    """Where the words qualifying a post that starts at `at` begin: the nouns right before it
    (东泉镇卫生院 in 东泉镇卫生院原院长, 市委第三巡察 in 市委第三巡察组组长)."""
    text = sents.text
    if at == 0 or text[at - 1] in SENTENCE_END:
        return at
    start = at
    for s, w, tag in reversed([x for x in sents.words(at - 1) if x[0] < at]):
        if w in _ORG_STOP or not (_qualifies(w, tag, text[s + len(w) : s + len(w) + 1])):
            break
        start = s
    return start if at - start <= MAX_PIECE else at


def _qualifies(word: str, tag: str, after: str) -> bool:
    """A noun-like word, or a verb naming an inspection group, not a name: jieba tags a name and
    the words after it nr (某某/nr 明向镇/nr). An nr word is kept only where a level follows
    (a place: 青岚/nr 县委), where it is longer than any name (纪检监察/nr) or where it ends as a
    unit does (卫健委/nr)."""
    if tag == "nr":
        return after in _LEVELS or len(word) >= 4 or word[-1] in _UNIT_ENDS
    return tag.startswith(_QUALIFIER_TAGS) or word in _QUALIFIER_VERBS


def _split(piece: str) -> tuple[str, str, str] | None:
    """(qualifier, party body, head) of one post: (区法院, 党组, 书记) in 区法院党组书记."""
    piece = re.sub(rf"^(?:{QUALIFIER})", "", piece)
    m = _POST_END.search(piece)
    if m is None:
        return None
    return piece[: m.start()], m.group("body") or "", m.group("head")


def _unit(piece: str) -> str | None:
    """The unit one post is held at, when the text names one: 区法院 in 区法院党组书记, 太和县委
    in 太和县委常委; not a generic word (集团公司) or a bare level (区 in 区纪委书记)."""
    parts = _split(piece)
    if parts is None:
        return None
    qualifier, body, _ = parts
    qualifier = re.sub(rf"(?:{QUALIFIER})$", "", _RANK.sub("", qualifier))
    if _GROUP.search(qualifier) or qualifier in _GENERIC_UNITS or _ORDINAL_GROUP.fullmatch(qualifier):
        return None
    if len(qualifier) >= 3:
        return qualifier
    if len(qualifier) >= 2 and body in PLACE_COMMITTEES:
        return qualifier + body
    return None


def _group(piece: str) -> tuple[str | None, str | None]:
    """The inspection group a post belongs to and the person's place in it: (市委第三巡察组,
    leader) for 市委第三巡察组组长, (…, deputy) for …副组长, (None, deputy) for a bare 副组长;
    (None, None) for any other post, 领导小组组长 included."""
    parts = _split(piece)
    if parts is None or parts[2] != "组长":
        return None, None
    kind = "deputy" if piece.endswith("副组长") else "leader"
    qualifier = parts[0]
    if _GROUP.search(qualifier):
        return qualifier, kind
    return None, None if qualifier else kind  # a bare 副组长 belongs to the group just named
