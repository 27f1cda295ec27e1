"""Cut a document's text into notices and give each the title that names it.

A notice is identified by its body: the inspection sentence that opens it through the signature
date that closes it. Titles are found separately and attached by the unit they name, not by
position, because pages extracted out of order print a title after its own body. A title with no
body is not a notice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import NoNotice
from kg.ingest.normalize import CleanText
from kg.models import NoticeText
from kg.text.anchors import (
    DATE_LINE,
    find_inspection,
    find_opening,
    is_signature,
    is_title,
    signature,
    title_subject,
)
from kg.text.kinds import classify
from kg.text.orgnames import place_prefix, same_org

_HEADLINE_LINES = 5
_LEAD_CHARS = 30
_CHROME = re.compile(r"[>»›]|^(?:当前位置|当前页面|您的位置|您现在的位置|您好)")
_ABOUT = re.compile(r"巡察|巡视")
# A site's column printed before a headline: 【反馈】, 【工作动态】, [巡察动态].
_COLUMN_TAG = re.compile(r"^\s*(?:【[^】]{1,10}】|\[[^\]]{1,10}\])\s*")
_SENTENCE_END = re.compile(r"[。；！？!?]|[，,：:].{20}")


@dataclass(frozen=True, slots=True)
class _Body:
    start: int
    end: int
    target: str
    signer: str


def merge_split_titles(lines: list[str]) -> list[str]:
    """Join a title printed as two lines: the unit's name, then "关于…的通报"."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        prev = next((i for i in range(len(out) - 1, -1, -1) if out[i].strip()), None)
        if (
            prev is not None
            and stripped.startswith("关于")
            and is_title(stripped)
            and is_signature(out[prev].strip())
            and is_title(out[prev].strip() + stripped)
        ):
            out[prev] = out[prev].strip() + stripped
            del out[prev + 1 :]
            continue
        out.append(line)
    return out


def _closes_notice(lines: list[str]) -> bool:
    return any(DATE_LINE.match(x.strip()) or is_title(x.strip()) for x in lines)


def _bodies(lines: list[str]) -> list[_Body]:
    starts: list[int] = []
    for i, line in enumerate(lines):
        if find_opening(line) and (not starts or _closes_notice(lines[starts[-1] + 1 : i])):
            starts.append(i)
    bodies = []
    for k, start in enumerate(starts):
        limit = starts[k + 1] if k + 1 < len(starts) else len(lines)
        sign_at, date_at = signature(lines[start:limit])
        end = start + date_at + 1 if date_at is not None else limit
        while end > start + 1 and (not lines[end - 1].strip() or is_title(lines[end - 1].strip())):
            end -= 1
        opening = find_opening(lines[start])
        signer = lines[start + sign_at].strip() if sign_at is not None else ""
        bodies.append(_Body(start, end, opening.group("target") if opening else "", signer))
    return bodies


def _lead_in(lines: list[str], bodies: list[_Body]) -> list[_Body]:
    """A news page's one body starts at its lead paragraph when that already says who inspected
    whom (…巡察组向…反馈), or tells of the inspection in sentences of its own (…反馈会召开。
    某某主持会议。), though the 对…进行了巡察 sentence comes later: its people and units are the
    page's. A headline or a page's chrome before it is no sentence."""
    if len(bodies) != 1:
        return bodies
    lead = next((i for i in range(bodies[0].start) if find_inspection(lines[i]) or _tells(lines[i])), None)
    if lead is None:
        return bodies
    return [_Body(lead, bodies[0].end, bodies[0].target, bodies[0].signer)]


def _tells(line: str) -> bool:
    """A paragraph of sentences about an inspection, not a headline or a line of chrome."""
    line = line.strip()
    return len(line) >= _LEAD_CHARS and line.endswith(("。", "”")) and bool(_ABOUT.search(line))


def _whole(lines: list[str], title: str | None, source: str) -> list[_Body]:
    """A document with no rectification opening is one document when its cues say what kind it is
    (a feedback report, a follow-up, an announcement, a notice phrased otherwise)."""
    text = "\n".join(lines)
    verdict = classify(text, title or next((x for x in lines if is_title(x.strip())), None))
    if verdict.kind is None:
        raise NoNotice(source, f"no document about an inspection: {verdict.reason}")
    start = next((i for i, x in enumerate(lines) if x.strip() and not _CHROME.search(x.strip())), 0)
    sign_at, _ = signature(lines)
    signer = lines[sign_at].strip() if sign_at is not None else ""
    return [_Body(start, len(lines), "", signer)]


def news_title(lines: list[str]) -> str | None:
    """A news page's headline: a short line about an inspection before the first sentence; the
    page's chrome (a greeting, a breadcrumb: 当前位置：首页 > 工作动态) is passed over."""
    text_lines = [x.strip() for x in lines if x.strip() and not _CHROME.search(x.strip())]
    for line in text_lines[:_HEADLINE_LINES]:
        if _SENTENCE_END.search(line) or line.endswith(("：", ":")):
            return None
        if 8 <= len(line) <= 50 and _ABOUT.search(line):
            return line
    return None


def _title_score(subject: str, at: int, body: _Body, lines: list[str]) -> float:
    """How well a title at line `at` fits `body`: naming its unit counts most, nearness breaks ties."""
    place = place_prefix(body.signer) or place_prefix(subject)
    names = [x for x in (body.target, body.signer) if x]
    score = 2.0 if subject and any(same_org(subject, n, place) for n in names) else 0.0
    if at < body.start and not any(x.strip() for x in lines[at + 1 : body.start]):
        score += 1.0
    elif at >= body.end and not any(x.strip() and not is_title(x.strip()) for x in lines[body.end : at]):
        score += 0.5
    return score


def assign_titles(lines: list[str], bodies: list[_Body]) -> dict[int, str]:
    """Map body index → title, each title used once, best-fitting pairs first."""
    titles = [
        (i, x.strip())
        for i, x in enumerate(lines)
        if is_title(x.strip()) and not any(b.start <= i < b.end for b in bodies)
    ]
    pairs = sorted(
        (
            (_title_score(title_subject(t), at, body, lines), -abs(at - body.start), k, at, t)
            for k, body in enumerate(bodies)
            for at, t in titles
        ),
        reverse=True,
    )
    chosen: dict[int, str] = {}
    used: set[int] = set()
    for score, _, k, at, title in pairs:
        if score > 0 and k not in chosen and at not in used:
            chosen[k] = title
            used.add(at)
    return chosen


def split_notices(clean: CleanText, source: str) -> list[NoticeText]:
    """The notices of one document, in the order their bodies appear."""
    lines = merge_split_titles(clean.text.split("\n"))
    bodies = _lead_in(lines, _bodies(lines)) or _whole(lines, clean.meta.get("title"), source)
    titles = assign_titles(lines, bodies)
    if not titles and len(bodies) == 1:
        headline = news_title(lines[: bodies[0].start]) or news_title(lines)
        titles = {0: headline} if headline else {}
    single = len(bodies) == 1
    # a page's metadata is its own notice's when it holds one; its script is every notice's
    shared = {k: v for k, v in clean.meta.items() if k.startswith("script")}
    meta: Mapping[str, str] = clean.meta if single else shared
    notices = []
    for k, body in enumerate(bodies):
        title = titles.get(k) or (meta.get("title") if single else None)
        title = _COLUMN_TAG.sub("", title) if title else title
        text = "\n".join(lines[body.start : body.end]).strip()
        notices.append(NoticeText(source=source, index=k, title=title, body=text, meta=meta))
    return notices
