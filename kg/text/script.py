"""Simplified and traditional characters.

Rules read simplified text, so every text is converted on the way in; a page written in
traditional characters keeps its labels in its own script on the way out (kg.graph.assemble),
with the simplified forms beside them, so that either form finds the entity.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

TRADITIONAL = "traditional"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Share of characters that conversion changes above which a text is written in traditional
# characters: a simplified text has none to change, a traditional one some 15-30%.
_TRADITIONAL_SHARE = 0.05


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_traditional(text: str, chars: str = "") -> str:
    """`text` in traditional characters; `chars` (from `char_pairs`) gives the characters the
    page itself wrote, which win over the converter's choice (陈升 was 陳升 there, not 陳昇)."""
    converted = str(_converter("s2t").convert(text))
    own = dict(zip(chars[::2], chars[1::2], strict=True))
    if not own or len(converted) != len(text):
        return converted
    return "".join(own.get(a, b) for a, b in zip(text, converted, strict=True))


def char_pairs(text: str, simplified: str) -> str:
    """Each Chinese character of `simplified`, followed by the page's own character it came from
    (the commonest one, itself where conversion left it): a string of pairs, so that it fits in
    a notice's metadata."""
    seen: dict[str, Counter[str]] = {}
    for a, b in zip(text, simplified, strict=True):
        if _CJK.match(b):
            seen.setdefault(b, Counter())[a] += 1
    return "".join(b + counts.most_common(1)[0][0] for b, counts in sorted(seen.items()))


def script_of(text: str, simplified: str) -> str | None:
    """ "traditional" when converting `text` to `simplified` changed a fair share of its characters."""
    cjk = len(_CJK.findall(text))
    if not cjk or len(text) != len(simplified):
        return None
    changed = sum(a != b for a, b in zip(text, simplified, strict=True))
    return TRADITIONAL if changed >= max(3, _TRADITIONAL_SHARE * cjk) else None
