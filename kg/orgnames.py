"""Compare organization names the way Chinese notices shorten them.

Notices name one unit many ways: 中共太仓市卫生健康委员会党组, 太仓市卫健委党组, 市卫健委党组;
中共太仓市第一人民医院委员会, 市第一人民医院党委, 市一院党委. Three rules cover them:
- 中共 is dropped, and a unit's "…委员会" (its party committee) reads as "…党委";
- a name that starts with a bare level (市, 区, 县) takes the notice's place in front;
- a short form keeps the characters of the full name in order (卫健委 ⊂ 卫生健康委员会, 市一院 ⊂
  市第一人民医院), so it is an ordered subsequence that shares the first and last character.
"""

from __future__ import annotations

import re

PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "旗", "盟", "州")
_BARE_LEVEL = re.compile(r"^[省市区县](?!场|区|民|长|直)")
_NOT_A_PLACE = re.compile(r"街道|镇|乡|村|(?:社|小|园|景|厂|片|辖|全|本|城市|市)区$|(?:全|本|城)市$|(?:全|本)县$")
_PARTY_SUFFIX = re.compile(r"^(?P<unit>.+?)(?P<committee>委员会)(?P<rest>党组|党委|纪委)?$")


def strip_party_prefix(name: str) -> str:
    return name[2:] if name.startswith("中共") else name


def qualify(name: str, place: str | None) -> str:
    """"市卫健委" in a notice of 太仓市 → "太仓市卫健委"; names with a place stay as they are."""
    if place and _BARE_LEVEL.match(name) and place.endswith(name[0]):
        return place + name[1:]
    return name


def match_key(name: str, place: str | None = None) -> str:
    """A form of `name` in which the usual shortenings no longer differ."""
    name = qualify(strip_party_prefix(name), place)
    m = _PARTY_SUFFIX.match(name)
    if m and not m.group("rest") and not m.group("unit").endswith(PLACE_SUFFIXES):
        name = m.group("unit") + "党委"  # 中共X医院委员会 = X医院党委
    return name.replace("委员会", "委")


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
    """The administrative area a full name starts with: 太仓市第一人民医院 → 太仓市."""
    name = strip_party_prefix(name)
    m = re.match(r"^([\u4e00-\u9fff]{2,7}?(?:自治州|自治县|省|市|区|县))", name)
    if not m or _BARE_LEVEL.match(name) or _NOT_A_PLACE.search(m.group(1)):
        return None
    return m.group(1)
