"""What kind of document about an inspection a text is, weighed from several cues.

An inspection leaves four kinds of public document: the announcement that a group has arrived
(巡察公告, 进驻: period, phone, mailbox), the feedback report (the group leader feeds back the
problems at a 反馈会), the rectification notice (整改情况通报, 整改进展) and follow-up reports
(回头看, 整改督查, 回访). No single sentence is required: each cue found in the title or the
opening counts for its kind, the title's cues count double, and the kind with the most weight
wins. A text with no cue of any kind is no document about an inspection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RECTIFICATION = "rectification"
FEEDBACK = "feedback"
FOLLOW_UP = "followup"
ANNOUNCEMENT = "announcement"
KINDS = (RECTIFICATION, FEEDBACK, FOLLOW_UP, ANNOUNCEMENT)

# Each cue: a pattern and its weight. Weights order the kinds where cues of several meet: a
# rectification notice recalls the feedback, and a follow-up report recalls the rectification.
_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    RECTIFICATION: (
        (r"整改(?:工作)?(?:落实)?(?:进展)?情况(?:的)?(?:通报|公告|公示|报告)", 3.0),
        (r"整改进展", 2.0),
        (r"现将[^。]{0,20}整改[^。]{0,20}(?:予以)?(?:公布|公开|通报|公告|报告)", 4.0),
        (r"(?m)^[一二三四五六七八九十]+、[^。\n]{0,20}整改", 2.0),
        (r"(?:巡察|巡视)(?:反馈)?(?:问题)?整改(?:工作)?(?:部署|推进|领导小组|专题|工作会|例会|会议)", 2.5),
        (r"整改(?:工作)?(?:部署|推进|专题|通报)(?:会|会议|大会)", 2.5),
        (r"整改[^。]{0,10}(?:向社会)?公开", 1.0),
        # progress news that names no group or unit: 巡察整改工作进入攻坚阶段
        (r"(?:巡察|巡视)(?:反馈)?(?:问题)?整改(?:工作)?", 1.0),
        (r"(?:已|完成)整改(?:到位)?[\d一二三四五六七八九十]+[个项条]", 1.0),
        (r"整改措施\d+|[\d一二三四五六七八九十]+[项条]整改措施", 1.0),
    ),
    FEEDBACK: (
        (r"反馈会", 3.0),
        (r"反馈(?:了)?(?:巡察|巡视)(?:情况|意见)", 3.0),
        (r"向[^。]{2,40}反馈", 2.0),
        (r"反馈(?:指出|要求|强调)", 1.5),
        (r"(?:巡察|巡视)反馈", 1.5),
    ),
    FOLLOW_UP: (
        (r"回头看", 3.0),
        (r"整改(?:情况|成效)?(?:督查|督导|回访|评估|评价|验收|“?回头看)", 3.0),
        (r"(?:督查|督导|回访|评估)[^。]{0,10}(?:巡察|巡视)?整改", 2.0),
    ),
    ANNOUNCEMENT: (
        (r"(?:巡察|巡视)(?:工作)?公告", 3.0),
        # 巡察工作动员会, 巡察某学院党委工作动员会: the meeting that opens an inspection
        (r"(?:巡察|巡视)(?:(?!整改)[^。，,；\n]){0,24}?动员(?:部署)?(?:会|大会)", 3.0),
        (r"进驻", 2.5),
        (r"(?:举报|联系|值班)电话|电子邮箱|邮政信箱|举报箱|信访(?:受理|截止)", 2.0),
        (r"(?:巡察|巡视)(?:时间|期间)[^。]{0,6}(?:为|约|自)", 1.0),
        (r"受理[^。]{0,20}(?:来信|来电|来访)", 1.5),
    ),
}
_CUE_RES = {kind: tuple((re.compile(p), w) for p, w in cues) for kind, cues in _CUES.items()}
_ABOUT_INSPECTION = re.compile(r"巡察|巡视")
_OPENING_CHARS = 1200  # cues past the opening belong to the body's own story, not the document's kind


@dataclass(frozen=True, slots=True)
class Verdict:
    """The kind a text reads as (None when none fits), and the weight each kind got."""

    kind: str | None
    weights: dict[str, float]

    @property
    def reason(self) -> str:
        """Why a text is no document about an inspection, in one phrase."""
        return (
            "it never mentions 巡察 or 巡视"
            if not self.weights
            else "it names no inspection announcement, feedback, rectification or follow-up"
        )


def classify(body: str, title: str | None = None) -> Verdict:
    """Weigh the cues of each kind in `title` (doubled) and the opening of `body`."""
    title = title or ""
    opening = body[:_OPENING_CHARS]
    if not (_ABOUT_INSPECTION.search(title) or _ABOUT_INSPECTION.search(body)):
        return Verdict(None, {})
    weights: dict[str, float] = {}
    for kind, cues in _CUE_RES.items():
        weight = sum(w * (2 * bool(p.search(title)) + bool(p.search(opening))) for p, w in cues)
        if weight:
            weights[kind] = weight
    if not weights:
        return Verdict(None, {kind: 0.0 for kind in KINDS})
    best = max(KINDS, key=lambda kind: (weights.get(kind, 0.0), -KINDS.index(kind)))
    return Verdict(best, weights)
