"""Compare organization names the way Chinese notices shorten them.

Notices name one unit many ways: 中共青川市卫生健康委员会党组, 青川市卫健委党组, 市卫健委党组;
中共青川市第一人民医院委员会, 市第一人民医院党委, 市一院党委. Three rules cover them:
- 中共 is dropped, and a unit's "…委员会" (its party committee) reads as "…党委";
- a name that starts with a bare level (市, 区, 县) takes the notice's place in front;
- a short form keeps the characters of the full name in order (卫健委 ⊂ 卫生健康委员会, 市一院 ⊂
  市第一人民医院), so it is an ordered subsequence that shares the first and last character.
A bare level above the notice's place names that area (qualify_in: 省卫生健康委 in a notice of
武侯区 is 四川省's), from the division table.

Reading names in running text (kg.extract.organizations, kg.extract.places) needs to know where
a name can start: after punctuation, a function character (的, 在, 对), a count or a date, or a
verb that takes a unit as its object (督促, 指导: TRIGGERS); and jieba's dictionary tells
ordinary words (干部, 样本) from names.
"""

from __future__ import annotations

import re
from importlib.resources import files

from kg.text.gazetteer import ancestors, division_at, find, nearest

PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "旗", "盟", "州")
_BARE_LEVEL = re.compile(r"^[省市区县](?!场|区|民(?!政)|长|直)")  # 区民政局, not 市民
_NOT_A_PLACE = re.compile(
    r"街道|镇|乡|村|(?:社|小|园|景|厂|片|辖|全|本|城市|市)区$|(?:全|本|城)市$|(?:全|本)县$"
)
# The last characters of a unit's name, so that "<unit>委员会" is that unit's party committee.
_UNIT_ENDINGS = tuple("院局委会所站心司团校馆队厅处部办室科")
_PARTY_SUFFIX = re.compile(r"^(?P<unit>.+?)(?P<committee>委员会)(?P<rest>党组|党委|纪委)?$")


def strip_party_prefix(name: str) -> str:
    """The name without 中共 or 中国共产党 before it."""
    return name.removeprefix("中国共产党").removeprefix("中共")


def is_unplaced(name: str) -> bool:
    """Whether `name` still opens with a bare level (市委, 县卫健委, 市委第二巡察组): no place
    qualified it, so it names a different unit in every city."""
    return bool(_BARE_LEVEL.match(strip_party_prefix(name)))


def qualify(name: str, place: str | None) -> str:
    """ "市卫健委" in a notice of 青川市 → "青川市卫健委"; names with a place stay as they are."""
    if place and _BARE_LEVEL.match(name) and place.endswith(name[0]):
        return place + name[1:]
    return name


def qualify_in(name: str, place: str | None) -> str:
    """qualify, and for a level above the notice's place its area from the division table:
    省卫生健康委 in a notice of 武侯区 is 四川省卫生健康委, 市卫生健康委 is 成都市卫生健康委."""
    qualified = qualify(name, place)
    if qualified != name or not place or not _BARE_LEVEL.match(name):
        return qualified
    home = nearest(find(place), None)
    above = [d for d in ancestors(home) if d.name.endswith(name[0])] if home else []
    return above[0].name + name[1:] if above else name


def match_key(name: str, place: str | None = None) -> str:
    """A form of `name` in which the usual shortenings no longer differ."""
    name = qualify(strip_party_prefix(name), place)
    m = _PARTY_SUFFIX.match(name)
    unit = m.group("unit") if m else ""
    if m and not m.group("rest") and not unit.endswith(PLACE_SUFFIXES) and unit.endswith(_UNIT_ENDINGS):
        name = unit + "党委"  # 中共X医院委员会 = X医院党委, but 卫生健康委员会 is a commission
    # 人民 is left out of a court's, a procuratorate's and a government's short names: 市检察院;
    # a city's court is its intermediate court: 市法院 = 市中院 = 市中级人民法院
    name = re.sub("人民(?=检察院|法院|政府)", "", name.replace("委员会", "委"))
    return re.sub("(?<=[市州])中院(?=党组|党委|$)", "法院", re.sub("(?<=[市州])中级(?=法院)", "", name))


_PARTY_KEY_END = re.compile(r"(?:党委|党组|党工委|党总支|党支部|[省市区县州旗]委)$")


def org_key(name: str) -> str:
    """The key one organization has whichever notice names it and however fully: the match_key,
    marked when 中共 alone says that a party organ is meant (中共云岭县卫生健康委员会 is the
    commission's organ, not the commission), so that notices share one node per unit."""
    key = match_key(name)
    party = strip_party_prefix(name) != name and not _PARTY_KEY_END.search(key)
    return "中共" + key if party else key


def is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_org(a: str, b: str, place: str | None = None) -> bool:
    """Whether two surface forms plausibly name one organization (within one notice's place)."""
    ka, kb = match_key(a, place), match_key(b, place)
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return (
        len(short) >= 3
        and len(short) >= 0.4 * len(long)
        and short[0] == long[0]
        and short[-1] == long[-1]
        and is_subsequence(short, long)
    )


def place_prefix(name: str) -> str | None:
    """The administrative area a full name starts with: 青川市第一人民医院 → 青川市."""
    name = strip_party_prefix(name)
    m = re.match(r"^([\u4e00-\u9fff]{2,7}?(?:自治州|自治县|省|市|区|县))", name)
    if not m or _BARE_LEVEL.match(name) or _NOT_A_PLACE.search(m.group(1)):
        return None
    return m.group(1)


def words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text, as word lists read best."""
    return frozenset(text.split())


def lexicon(name: str) -> frozenset[str]:
    """The words of the package's word list kg/text/data/<name>.txt ('#' starts a comment), kept
    out of the code so that a reader can extend it without reading the rules."""
    text = files("kg.text").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return words(re.sub(r"#.*", "", text))


# Characters no name contains, so a name starts after them: 的, prepositions, adverbs, 等, 其.
FUNCTION_CHARS = frozenset(
    "的了着是在对向由将把被给从于为到至让使请等或并及其该各每这此也又都还就才再均已未曾与和同我原如经需须"
)
# 经 is a preposition (经院党委研究) except where it starts a word (经济, 经开区).
_NOT_FUNCTION = re.compile(r"经[济开信管营贸销费验典纪办]")
# Verbs and prepositions that take a unit as their object: a name starts after them.
TRIGGERS = lexicon("trigger_words")
_MAX_TRIGGER = max(len(t) for t in TRIGGERS)
_CN_NUMERALS = frozenset("一二三四五六七八九十百千万两几数多")
_MEASURES = frozenset("个家所名项条次批支座间位")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def trigger_before(text: str, i: int) -> int:
    """The length of the trigger word that ends at `text[i]`, or 0."""
    for n in range(min(_MAX_TRIGGER, i), 0, -1):
        if text[i - n : i] in TRIGGERS:
            return n
    return 0


def trigger_after(text: str, i: int) -> int:
    """The length of the trigger word that starts at `text[i]`, or 0."""
    return next((n for n in range(_MAX_TRIGGER, 0, -1) if text[i : i + n] in TRIGGERS), 0)


def is_boundary(text: str, i: int) -> bool:
    """Whether a name may not reach left across position `i` (between `text[i-1]` and `text[i]`)."""
    if i <= 0:
        return True
    ch = text[i - 1]
    if not _CJK.match(ch):
        return True
    if ch in FUNCTION_CHARS and not _NOT_FUNCTION.match(text, i - 1) and not in_division(text, i - 1):
        return True
    if re.search(r"[\d一二三四五六七八九十两]\s*(?:年度?|月|日|号)$", text[max(0, i - 3) : i]):
        return True  # 2025年人民医院…, 〔2024〕12号市二院: a date or a document number, not a name
    if ch in _MEASURES and i >= 2 and (text[i - 2] in _CN_NUMERALS or text[i - 2].isdigit()):
        return True
    return trigger_before(text, i) > 0


def in_division(text: str, at: int) -> bool:
    """Whether `text[at]` is part of a division's name (都 in 成都, 和 in 和平区)."""
    starts = range(max(0, at - 6), at + 1)
    return any((hit := division_at(text, s)) is not None and hit.end > at for s in starts)


def left_boundary(text: str, end: int) -> int:
    """The earliest start of a name ending at `end`: right after the nearest boundary."""
    i = end
    while not is_boundary(text, i):
        i -= 1
    return i
