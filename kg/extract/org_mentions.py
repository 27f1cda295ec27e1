"""Where a notice names units: every span that ends in a head standing as one and starts at a
name's left boundary, and what its form says (the unit it is named after, its enumeration peers,
the aliases the text defines for it).

A name starts after punctuation or a function character (的, 在, 对), after a verb that takes a
unit as object (督促, 指导, 成立), or at a place (市, 青川市, 桥山街道). Where several starts are
possible the likeliest wins: a start at a place, a name without verbs or people inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from kg.extract.org_grammar import (
    BARE_LEVEL,
    CLASS_INSIDE,
    DEPT_HEADS,
    GROUP_HEADS,
    HEADS,
    MAX_NAME,
    NAMED_START,
    PARTY_DEPTS,
    PARTY_HEADS,
    PERSON,
    PLACE_IN_PARENS,
    SELF_PREFIX,
    SINGLETON_HEADS,
    SOFT,
    TASKS,
    UNIT_HEADS,
    division,
    head_at_end,
    is_head_end,
    is_named,
    joined_words,
    place_len,
)
from kg.extract.places import area_at
from kg.text.dictionary import tagged_words
from kg.text.gazetteer import division_at
from kg.text.orgnames import (
    FUNCTION_CHARS,
    is_boundary,
    left_boundary,
    trigger_after,
    trigger_before,
    words,
)

HEAD_RE = re.compile("|".join(HEADS))
# National bodies named without a head word of their own.
NATIONAL = re.compile(r"党中央|中共中央(?!政治局|办公厅|组织部|宣传部)|国务院(?!办公厅)")
# A school named by its number within its place: 县一中, 市二中 (not 市一中心, 县二中队).
ORDINAL_SCHOOL = re.compile(r"[省市区县][一二三四五六七八九十]{1,2}中(?![学心国央间队期旬层])")
# Committees of several levels at once (省市委, 省市区委) and a level doubled by the word before
# it (该区区委巡察办: 该区|区委巡察办).
COORDINATED = re.compile(r"[省市区县]{2,3}委$")
DOUBLED_LEVEL = re.compile(r"([省市区县])\1")
_AREA_ENDS = ("区", "县", "市", "镇", "乡", "街道", "村")  # 市高新区、某新区社区卫生服务中心
COUNT = re.compile(r"[\d一二三四五六七八九十两]+(?:[家所个名位支批]|镇|乡|街道)$")
CREATION = words("成立 组建 筹建 新建 建成 建设 创成 创建 打造 设立 增设 获评 获批")
# An alias the text defines right after a name, in full-width or ASCII brackets and quotes or
# none: （以下简称“市一院”）, (下称"市一院"), ，简称：市一院，, 【以下简称‘市一院’】.
ALIAS = re.compile(
    r"\s*[（(【\[，,]?\s*(?:以下简称|以下称|以下统称|下称|简称)\s*[：:为]?\s*[“\"'‘「『]?"
    r"(?P<alias>[\u4e00-\u9fff]{2,20}?)[”\"'’」』]?\s*(?=[）)】\]，,。；;、\s]|$)"
)
VERB_TAGS = frozenset({"v", "d", "ad", "p", "c", "t", "r"})


@dataclass(slots=True)
class Mention:
    """A surface form at a place in the text, with what its form says about it."""

    start: int
    end: int
    text: str
    parent: Mention | None = None
    self_ref: bool = False
    aliases: list[str] = field(default_factory=list)
    # the other items of the enumeration it stands in, never one unit with it: 县医院、县中医院
    peers: list[str] = field(default_factory=list)


def _place_start(text: str, i: int) -> bool:
    if _inside_place(text, i):
        return False  # 市 in 广州市 starts no name
    if NAMED_START.match(text, i):
        return True
    hit = division(text, i)
    if hit is not None and hit.suffixed:
        return True
    begins_word = (
        is_boundary(text, i)
        or (i > 0 and text[i - 1] in SOFT)
        or _after_place(text, i)
        or bool(is_head_end(text, i))
    )
    if hit is not None or area_at(text, i):
        return begins_word
    return bool(BARE_LEVEL.match(text, i)) and begins_word and is_head_end(text, i) is None


def _hard_limit(text: str, head_start: int) -> int:
    """How far left a name ending at `head_start` may reach: to the nearest punctuation or
    function character (except one inside a place name: 成都, 于都)."""
    i = head_start
    while i > 0 and head_start - i < MAX_NAME:
        ch = text[i - 1]
        opening = text.rfind("（", max(0, i - 9), i) if ch == "）" else -1
        if opening > 0 and PLACE_IN_PARENS.fullmatch(text, opening, i) and division_at(text, opening + 1):
            i = opening
            continue
        if ch in SOFT:
            i -= 1
            continue
        if is_boundary(text, i) and not trigger_before(text, i):
            break
        i -= 1
    return i


def _inside_place(text: str, at: int) -> bool:
    """Whether a division name written before `text[at]` runs on over it."""
    return any((hit := division_at(text, s)) is not None and hit.end > at for s in range(max(0, at - 5), at))


def _after_place(text: str, at: int) -> bool:
    """Whether a place name ends right before `text[at]` (桥山街道|河口村)."""
    return any(
        ((hit := division_at(text, s)) is not None and hit.end == at) or area_at(text, s) == at
        for s in range(max(0, at - 8), at - 1)
    )


def _internal_breaks(text: str, start: int, end: int, final_head: str) -> bool:
    """Whether a complete unit name inside text[start:end] is followed by what ends a name:
    a verb (市卫健委设立投诉受理室), a conjunction (…中心和石门镇卫生院) or a new place
    (…疾控中心青禾市血站), except a hospital's branch (青禾市人民医院云岭医院)."""
    head_start = end - len(final_head)
    joined = joined_words(text[start:end])
    for q in range(start + 2, head_start + 1):
        head = is_head_end(text, q)
        if head is None or not is_named(text[start:q]):
            continue
        for x in range(q, head_start):
            n = trigger_after(text, x)
            if ((text[x] in SOFT or text[x] in FUNCTION_CHARS) and not (joined and text[x] in "与和")) or (
                n and (x + n < head_start or len(final_head) > 1)
            ):
                return True
        # a hospital's branch (…医院青川医院) and a joint commission (中央纪委国家监委) are one body
        joint = (head in ("医院", "集团") and final_head in ("医院", "分院")) or (head, final_head) == (
            "纪委",
            "监委",
        )
        if _place_start(text, q) and not joint:
            return True
    return False


def _verb_first(name: str, head: str) -> bool:
    """Whether an unplaced name is a verb and a unit's type (担任党委, 创建医院), by jieba's tags;
    a department may be named after an activity (介入治疗科, 消化内科)."""
    if head in DEPT_HEADS:
        return False
    first = next(iter(tagged_words(name[: len(name) - len(head)])), None)
    return first is not None and first[1] in VERB_TAGS


def _created(text: str, p: int, head: str) -> bool:
    """Whether the name at `p` follows a verb of creation and names a kind of unit: an unplaced
    筹建护理指导中心 is a designation; a group or a department set up is named (成立…领导小组)."""
    n = trigger_before(text, p)
    return n > 0 and text[p - n : p] in CREATION and head in UNIT_HEADS


def _best_start(text: str, head_start: int, head_end: int) -> int | None:
    """The likeliest start of a name whose head is text[head_start:head_end] (see module doc)."""
    limit = _hard_limit(text, head_start)
    head = text[head_start:head_end]
    best: tuple[int, int] | None = None
    for p in range(head_start, limit - 1, -1):
        n = trigger_before(text, p)
        after_trigger = n > 0
        # 与 in 能源与动力学院 joins a school's subjects, so starts no name
        after_soft = p > 0 and text[p - 1] in SOFT and not joined_words(text[limit:head_end])
        place = _place_start(text, p)
        if not (p == limit or after_trigger or after_soft or place):
            continue
        name = text[p:head_end]
        if not is_named(name) or _internal_breaks(text, p, head_end, head):
            continue
        if not place and (COUNT.search(text, max(0, p - 4), p) or _created(text, p, head)):
            continue  # 3个质控中心, 筹建护理指导中心: kinds of units, not units
        if not place_len(name) and (CLASS_INSIDE.search(text, limit, p) or _verb_first(name, head)):
            continue  # 省级儿童保健指导中心; 担任党委
        verbs = sum(1 for x in range(p + 1, head_start + 1) if trigger_before(text, x) > 0)
        if head in GROUP_HEADS:
            verbs = 0  # groups are named after their task: 巡察整改落实工作领导小组
        elif verbs and not place and not name.endswith(PARTY_DEPTS):  # 县委巡察办 is named
            continue  # 分管院长约谈检验科: a clause, not a name
        governed = (after_trigger and text[p - n : p] not in TASKS) or after_soft
        score = 2 * place + (governed or (p > 0 and text[p - 1] in FUNCTION_CHARS))
        score -= 2 * verbs
        score -= 0 if joined_words(name) else sum(1 for ch in text[p:head_start] if ch in SOFT)
        score -= 3 * len(PERSON.findall(name))
        if best is None or score >= best[0]:
            best = (score, p)
    return best[1] if best else None


def _head_matches(text: str) -> Iterator[tuple[int, int]]:
    for m in HEAD_RE.finditer(text):
        head = is_head_end(text, m.end())
        if head is not None:
            yield m.end() - len(head), m.end()


def _is_group(name: str) -> bool:
    """Inspection groups are not organizations here: they have their own class."""
    return bool(re.search(r"(?:巡察|巡视)(?:第.{1,3})?组$|第.{1,3}(?:巡察|巡视)组$", name))


def _candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every name, the longest where names nest at one end (省人民医院)."""
    found: dict[int, int] = {}
    for hs, he in _head_matches(text):
        start = _best_start(text, hs, he)
        if start is None:
            start = _listed_short_form(text, hs, he)
        if start is not None and not _is_group(text[start:he]) and not _kind_in_list(text, start, he):
            found[he] = min(start, found.get(he, start))
    return sorted((s, e) for e, s in found.items())


def _previous_item(text: str, start: int) -> str | None:
    """The item before `start` in an enumeration (A、B, A和B), or None."""
    if start == 0 or text[start - 1] not in "、和及与":
        return None
    return text[left_boundary(text, start - 1) : start - 1]


def _listed_short_form(text: str, head_start: int, head_end: int) -> int | None:
    """The start of a unit listed after another of the notice's place, which its name leaves
    out: 与市法院、检察院; 督促市二院、中医医院 (中医医院 alone is a kind of hospital)."""
    p = left_boundary(text, head_start)
    before = _previous_item(text, p)
    if not before or not place_len(before) or not is_named(before):
        return None
    return p if p < head_end and is_named(before[: place_len(before)] + text[p:head_end]) else None


def _kind_in_list(text: str, start: int, end: int) -> bool:
    """Whether an unplaced name is listed with kinds of units, so is one itself:
    区域影像中心、病理中心; 托育机构和康复中心."""
    before = _previous_item(text, start)
    if before is None or place_len(text[start:end]) or place_len(before):
        return False
    if before.endswith(("机构", "单位", "部门")):
        return True
    ends = [q for q in range(2, len(before) + 1) if head_at_end(before[:q])]
    return bool(ends) and before not in SINGLETON_HEADS and not any(is_named(before[:q]) for q in ends)


def _split_parent(text: str, start: int, end: int) -> int | None:
    """Where the unit a sub-unit is named after ends (市一院|实验室, 区委|组织部), if it is."""
    for q in range(end - 1, start + 1, -1):
        if is_head_end(text, q) and is_named(text[start:q]):
            rest = text[q:end]
            if any(text.startswith(h, end - len(h)) and len(h) > len(rest) for h in HEADS):
                return None  # 纪委监委: one head
            if rest in UNIT_HEADS or "附属" in rest:
                return None  # 中心卫生院, 大学附属医院: one unit, not a unit and its sub-unit
            return q
    return None


def _coordinated(name: str) -> bool:
    """Whether a name joins the committees of several levels (省市委, 安徽省市区委): no one body;
    but 某市沙市区委 is the committee of a district whose name holds 市."""
    levels = COORDINATED.search(name)
    if levels is None:
        return False
    before = name[: levels.end() - 1]  # up to 委: a district named 沙市区 ends right there
    return not any(
        (hit := division(before, i)) is not None and hit.end == len(before)
        for i in range(max(0, levels.start() - 4), levels.start() + 1)
    )


def find_mentions(text: str) -> list[Mention]:
    spans = [(s + 1 if DOUBLED_LEVEL.match(text, s) else s, e) for s, e in _candidates(text)]
    spans = [(s, e) for s, e in spans if not _coordinated(text[s:e])]
    out: list[Mention] = []
    for s, e in spans:
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans):
            continue  # inside a longer name: 省人民医院 in 青海省人民医院
        mention = _with_parent(text, s, e)
        if mention is not None:
            out.append(mention)
    out += _enumerated(text, spans)
    out += [Mention(m.start(), m.end(), m.group()) for m in NATIONAL.finditer(text)]
    out += [
        Mention(m.start(), m.end(), m.group())
        for m in ORDINAL_SCHOOL.finditer(text)
        if is_boundary(text, m.start()) or _after_place(text, m.start())
    ]
    out.sort(key=lambda m: m.start)
    listed = [[out[0]]] if out else []
    for a, b in pairwise(out):
        if text[a.end : b.start] in ("、", "和", "及", "与"):
            listed[-1].append(b)
        else:
            listed.append([b])
    for group in listed:
        for m in group:
            m.peers = [x.text for x in group if x is not m]
    return out


def _with_parent(text: str, s: int, e: int) -> Mention | None:
    """The mention of text[s:e] with the unit it is named after, if any; None for a form that
    refers to the notice's own unit without naming a part of it (院医务室)."""
    name = text[s:e]
    self_prefix = SELF_PREFIX.match(name)
    if self_prefix and not is_named(name[: self_prefix.end()]) and len(name) > self_prefix.end():
        rest = name[self_prefix.end() :]
        if rest in PARTY_HEADS or rest in DEPT_HEADS or (is_named(rest) and head_at_end(rest) in DEPT_HEADS):
            return Mention(s, e, name, self_ref=True)
        return None
    q = _split_parent(text, s, e)
    if q is None or "驻" in text[s:q]:
        # 驻某局纪检监察组 is stationed at the bureau, no part of it
        return Mention(s, e, name)
    # 中共X医院委员会 names X医院's party committee; X医院 itself is no 中共 body
    unit_start = s + 2 if name.startswith("中共") and text[q:e] in (*PARTY_HEADS, "委员会") else s
    return Mention(s, e, name, parent=_with_parent(text, unit_start, q))


def _enumerated(text: str, spans: list[tuple[int, int]]) -> list[Mention]:
    """Units an enumeration names by sharing its last item's head: 石门、桥山人民医院,
    广州、佛山卫健委, 甘泉石门、云溪河口2家中心卫生院."""
    out = []
    tails = [(s, e, s) for s, e in spans]  # 石门、|桥山|人民医院: the last item as long as the one before
    tails += [
        (hs, he, c.start())
        for hs, he in _head_matches(text)
        if (c := COUNT.search(text, 0, hs)) and c.end() == hs
    ]
    for s, e, last_end in tails:
        items = _items_before(text, s if last_end == s else left_boundary(text, last_end))
        if not items:
            continue
        if last_end == s:
            last_start, last_end = s, s + len(items[-1][1])
            if last_end - last_start > 1 and not _splits_words(text[last_start:e], last_end - last_start):
                continue  # 石门镇、桥山经济开发区: 桥山经 is no item, the name is whole (but 省、市委)
        else:
            last_start = left_boundary(text, last_end)
        tail = text[s:e] if last_end < s else text[last_end:e]
        listed = [*items, (last_start, text[last_start:last_end])]
        if (
            not listed[-1][1]
            or any(head_at_end(x) for _, x in items)
            or not all(is_named(x + tail) for _, x in listed)
        ):
            continue
        if head_at_end(tail) in DEPT_HEADS and not all(_place_start(text, at) for at, _ in listed):
            continue  # 分管领导、财务科: a person and a department, not two departments
        if any(len(x) > 1 and BARE_LEVEL.match(x) and not x.endswith(_AREA_ENDS) for _, x in listed):
            continue  # 区文联、区退役军人事务局: two units of the notice's place, not 区文联军人事务局
        out += [Mention(at, at + len(x), x + tail) for at, x in listed]
    return out


def _splits_words(name: str, at: int) -> bool:
    """Whether `at` falls between two of `name`'s words, as an item and its shared head do."""
    ends = [0]
    for word, _ in tagged_words(name):
        ends.append(ends[-1] + len(word))
    return at in ends


def _items_before(text: str, start: int) -> list[tuple[int, str]]:
    """The enumeration items separated by 、 before a name starting at `start`, nearest last."""
    items: list[tuple[int, str]] = []
    end = start
    while end > 0 and text[end - 1] == "、":
        item_start = left_boundary(text, end - 1)
        item = text[item_start : end - 1]
        if not (1 <= len(item) <= 6) or not (_place_start(text, item_start) or len(item) <= 3):
            break
        items.insert(0, (item_start, item))
        end = item_start
    return items


def record_aliases(text: str, mentions: list[Mention]) -> None:
    """Record the explicit aliases a text gives: （以下简称X）, A（B） of one type, A更名为B."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        alias = ALIAS.match(text, m.end)
        if alias:
            m.aliases.append(alias.group("alias"))
            continue
        if text[m.end : m.end + 1] in "（(":
            other = by_start.get(m.end + 1)
            if (
                other
                and text[other.end : other.end + 1] in "）)"
                and head_at_end(other.text) == head_at_end(m.text)
            ):
                m.aliases.append(other.text)
        renamed = m.end + len("更名为")
        if text.startswith("更名为", m.end) and renamed in by_start:
            m.aliases.append(by_start[renamed].text)
