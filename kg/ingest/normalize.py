"""Normalize a document's text so that later rules see one clean form.

- page chrome of government sites ("当前位置: 首页 >> …", "字体大小", "关闭本页") is dropped and
  metadata lines ("发布时间: …", "• 标  题: …", "成文时间: …") become `meta` entries;
- traditional characters become simplified (OpenCC t2s);
- full-width ASCII letters, digits and spaces become half-width; half-width punctuation between
  Chinese characters becomes the full-width form the rules expect (，；：（）);
- lines hard-wrapped by PDF extraction are re-joined: a break inside a sentence goes, a break
  after 。 or before a heading stays;
- whitespace inside Chinese text is removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from kg.text.anchors import DATE_LINE

# Metadata labels of Chinese government web pages, by the meta key they fill.
META_LABELS = {
    "title": ("标题", "题名", "文章标题", "名称"),
    "issued": ("成文时间", "成文日期", "发文时间", "发文日期", "发布时间", "发布日期", "日期", "时间"),
    "publisher": ("发布机构", "发文机关", "发文单位"),
    "source": ("来源", "信息来源", "文章来源"),
    "number": ("文号", "发文字号"),
    "index": ("索引号",),
    "topic": ("主题分类", "分类"),
    "validity": ("效力状态", "有效性"),
}
# Which issued-label wins when a page gives several: the date the document was written first.
ISSUED_PRIORITY = META_LABELS["issued"]
CHROME = re.compile(
    r"^(当前位置|您的位置|你的位置|字体大小|字号|【?打印|关闭本页|关闭窗口|返回顶部|分享到|访问量|浏览次数|"
    r"保护视力色|扫一扫|上一篇|下一篇|相关链接|【大】|【中】|【小】)"
)
_META_LINE = re.compile(r"^[•·●■◆\-\*]?\s*([\u4e00-\u9fff\s]{1,8}?)\s*[:：]\s*(.*)$")
_INLINE_FIELD = re.compile(r"([\u4e00-\u9fff]{2,6})\s*[:：]\s*([^\s:：]*)")
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|\d{1,3}[）)]|"
    r"[（(]\d{1,3}[）)]|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、])"
)
_SENT_END = ("。", "！", "？", "!", "?", "。”", "！”", "？”")
_OPENERS = (("“", "”"), ("《", "》"), ("（", "）"), ("‘", "’"))
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_NEAR = rf"{_CJK}\d“”‘’（）《》〈〉、，。；：！？"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_NEAR}%％])[ \t\u3000\u00a0]+(?=[{_NEAR}])")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{_CJK}”）])([,;:?!])|([,;:?!])(?=[{_CJK}“（])")
_PAREN_NEAR_CJK = re.compile(rf"\((?=[{_CJK}\d]{{1,40}}\))|(?<=[{_CJK}])\)|(?<=[{_CJK}])\(")


@dataclass(frozen=True, slots=True)
class CleanText:
    """A document's normalized text and the metadata its page header lines carried."""

    text: str
    meta: Mapping[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def fold_width(text: str) -> str:
    """Full-width ASCII letters, digits and spaces to half-width; keeps Chinese punctuation."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch in "\u3000\u00a0\u2002\u2003\u2009":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def unify_punctuation(text: str) -> str:
    """Half-width , ; : ( ) beside Chinese characters become their full-width forms."""
    text = _PUNCT_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)
    return _PAREN_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group(0)], text)


def display_width(line: str) -> int:
    """Printed width in half-width cells; ambiguous-width punctuation (“”…) prints full in Chinese."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def split_chrome(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop page chrome lines; turn metadata header lines into meta entries."""
    meta: dict[str, str] = {}
    issued: dict[str, str] = {}
    kept = []
    for line in lines:
        stripped = line.strip()
        if CHROME.match(stripped):
            continue
        fields = _meta_fields(stripped)
        if fields:
            for label, value in fields:
                key = _meta_key(label)
                if key == "issued":
                    issued.setdefault(label, value)
                elif key and value:
                    meta.setdefault(key, value)
            continue
        kept.append(line)
    for label in ISSUED_PRIORITY:
        if issued.get(label):
            meta["issued"] = issued[label]
            break
    return kept, meta


def _meta_key(label: str) -> str | None:
    label = re.sub(r"\s+", "", label)
    for key, labels in META_LABELS.items():
        if label in labels:
            return key
    return None


def _meta_fields(line: str) -> list[tuple[str, str]]:
    """The (label, value) pairs of a metadata line, or [] when the line is not one."""
    m = _META_LINE.match(line)
    if not m or not _meta_key(m.group(1)):
        return []
    pairs = _INLINE_FIELD.findall(line)
    if len(pairs) > 1 and all(_meta_key(label) or label in ("访问量", "保护视力色") for label, _ in pairs):
        return [(label, value) for label, value in pairs if _meta_key(label)]
    return [(m.group(1), m.group(2).strip())]


def _wrap_width(lines: list[str]) -> int:
    """The width the text was hard-wrapped at, or 0 when it was not wrapped at a fixed width.

    A PDF's text layer repeats one line width: most lines lie just under the widest ordinary
    line. A web page's lines are whole paragraphs of every length, and seldom one in five lies
    there; a short wrapped notice, whose headings and paragraph ends are short lines, may have
    only just over half its lines there.
    """
    widths = sorted(display_width(x) for x in lines if x)
    if len(widths) < 8:
        return 0
    top = widths[int(len(widths) * 0.9)]
    near = [w for w in widths if 0.75 * top <= w <= top]
    if len(near) < 0.5 * len(widths) or top > 120:
        return 0
    return max(set(near), key=near.count)


def _ends_block(line: str) -> bool:
    """A line after which a break always stays: sentence end, title, signature date."""
    return line.endswith(_SENT_END) or line.endswith("通报") or bool(DATE_LINE.match(line))


def _continues(joined: str, line: str, width: int) -> str | None:
    """Whether the physical `line` (the end of `joined`) was cut by the wrap, not by the author.

    Returns "yes", None, or "if_short" for a heading that may be complete: a short heading such
    as "（一）已完成的整改事项" must not swallow the paragraph after it, so it takes the next
    line only when that line is short too (the heading's own last fragment).
    """
    if _ends_block(joined) or display_width(line) < 0.75 * width:
        return None
    if not HEADING.match(joined) or "。" in joined:
        return "yes"
    unclosed = any(joined.count(a) > joined.count(b) for a, b in _OPENERS)
    return "yes" if unclosed or display_width(line) >= width - 3 else "if_short"


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Re-join lines that a PDF extraction hard-wrapped mid-sentence."""
    lines = [x.strip() for x in lines]
    width = _wrap_width(lines)
    if not width:
        return lines
    out: list[str] = []
    state: str | None = None
    for line in lines:
        if not line:
            if state is None:
                out.append("")
            continue
        cut = state == "yes" or (state == "if_short" and display_width(line) < 0.75 * width)
        if cut and not HEADING.match(line) and not DATE_LINE.match(line):
            out[-1] += line
        else:
            out.append(line)
        state = _continues(out[-1], line, width)
    return out


def remove_inner_spaces(line: str) -> str:
    return _SPACE_IN_CJK.sub("", line)


def normalize_text(text: str) -> CleanText:
    """The normalized text of a document and any metadata its header lines carried."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = fold_width(to_simplified(text))
    lines, meta = split_chrome(text.split("\n"))
    lines = [remove_inner_spaces(unify_punctuation(x.strip())) for x in lines]
    lines = rejoin_wrapped(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    meta = {k: remove_inner_spaces(unify_punctuation(to_simplified(v))) for k, v in meta.items()}
    return CleanText(cleaned, meta)
