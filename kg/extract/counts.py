"""The figures a notice states about its own rectification: problems fed back, measures (or
tasks), problems completed and problems still in progress, each the first the text states.
"""

from __future__ import annotations

import re

import cn2an

from kg.models import Counts, Span

_NUM = r"(?<!每)(\d+|[一二三四五六七八九十百两]+)"  # 重视每一个问题 counts none
_UNIT = r"(?:个|条|项|件)"
# 3个方面、9项、24个问题: the 9 are groups of the 24
_ASPECTS = r"(?:(?:\d+|[一二三四五六七八九十百两]+)(?:大)?(?:项|类|条)、?)?"
_MEASURES = r"(?:整改措施|整改任务)"  # a notice's tasks are its measures (分解为30项整改任务)
COUNT_PATTERNS = {
    "problems": [
        rf"(?:反馈|指出|交办|发现|提出)[^。；]{{0,30}}?{_NUM}{_UNIT}(?:具体|主要)?问题",
        # a count of aspects (3个大方面) is none of problems
        rf"(?:反馈|指出|交办|发现|提出)(?:的)?(?:具体)?问题(?:共)?{_NUM}{_UNIT}(?!大?方面)",
        # the problems of the aspects named before: 等三个方面存在的17个具体问题, 两大方面的12项问题
        rf"方面(?:存在)?(?:的)?{_ASPECTS}{_NUM}{_UNIT}(?:具体|主要)?问题",
    ],
    "measures": [
        rf"(?:制定|细化|分解|形成|明确|提出|推进)[^。；]{{0,12}}?{_NUM}{_UNIT}(?:具体)?{_MEASURES}",
        rf"{_MEASURES}(?:共)?{_NUM}{_UNIT}",
        rf"方面(?:的)?{_ASPECTS}{_NUM}{_UNIT}(?:具体)?{_MEASURES}",  # 反馈的五个方面18项整改任务
    ],
    "completed": [
        rf"(?<!阶段性)(?<!尚未)(?<!未)(?:已(?:经)?)?(?:完成整改|整改完成|整改到位|完成问题整改)(?:问题)?{_NUM}{_UNIT}",
        rf"{_NUM}{_UNIT}(?:问题)?(?:已|已经)(?:整改完成|完成整改|整改到位|办结)(?![\d一二三四五六七八九十])",
    ],
    "in_progress": [
        rf"(?:正在推进(?:整改)?|正在整改|阶段性完成(?:整改)?|尚未完成(?:整改)?|持续(?:推进)?整改|基本完成(?:整改)?)"
        rf"(?:问题)?{_NUM}{_UNIT}",
        rf"{_NUM}{_UNIT}(?:问题)?(?:正在|仍在|持续)(?:推进)?整改",
    ],
}
_COUNT_RES = {k: [re.compile(p) for p in v] for k, v in COUNT_PATTERNS.items()}


def _number(text: str) -> int | None:
    try:
        return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def extract_counts(body: str) -> tuple[Counts, dict[str, Span]]:
    """The first figure of each kind the notice states about its own rectification."""
    values: dict[str, int | None] = {}
    spans: dict[str, Span] = {}
    for key, patterns in _COUNT_RES.items():
        hits = [m for p in patterns for m in p.finditer(body)]
        first = min(hits, key=lambda m: m.start(), default=None)
        values[key] = _number(first.group(1)) if first else None
        if first:
            spans["count_" + key] = Span(first.start(), first.end(), first.group(0))
    return Counts(**values), spans
