"""Normalize a document's text so that later rules see one clean form.

- pinyin glosses that mirror sites insert after characters ("医(yī)院") go;
- traditional characters become simplified (OpenCC t2s);
- full-width ASCII letters, digits and spaces become half-width; half-width punctuation and
  quote pairs beside Chinese text become the full-width forms the rules expect (，；：（）“”？！),
  while URLs, times, decimals, phone numbers and dates stay as they are;
- page chrome (breadcrumbs, toolbars, counters, QR prompts, copyright footers, spam, a headline
  printed twice) is dropped and metadata lines ("发布时间: …", "• 标  题: …") become `meta`
  entries; bylines that name people stay in the text. The chrome words are data, in
  kg/ingest/data/chrome.txt;
- lines hard-wrapped by PDF extraction are re-joined: a break inside a sentence goes, a break
  after 。 or before a heading stays;
- whitespace inside Chinese text is removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.text.anchors import DATE_LINE
from kg.text.script import char_pairs, script_of, to_simplified

# Metadata labels of Chinese government web pages, by the meta key they fill.
META_LABELS = {
    "title": ("标题", "题名", "文章标题", "名称", "文件名称"),
    "issued": ("成文时间", "成文日期", "发文时间", "发文日期", "发布时间", "发布日期", "日期", "时间"),
    "publisher": ("发布机构", "发文机关", "发文单位"),
    "source": ("来源", "信息来源", "文章来源"),
    "number": ("文号", "发文字号"),
    "index": ("索引号", "信息索引号"),
    "topic": ("主题分类", "分类"),
    "validity": ("效力状态", "有效性"),
}
# Which issued-label wins when a page gives several: the date the document was written first.
ISSUED_PRIORITY = META_LABELS["issued"]
# An issued value is a date, perhaps with a time; "时间：5月10日至7月30日" is the notice's own text.
_DATE_VALUE = re.compile(r"^[\d〇零一二三四五六七八九十○\s年月日号./:\-]+$")
_LEAD_DATETIME = re.compile(
    r"^((?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?)(\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+|$)"
)
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|\d{1,3}[）)]|"
    r"[（(]\d{1,3}[）)]|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、])"
)
_SENT_END = ("。", "！", "？", "!", "?", "。”", "！”", "？”")
_OPENERS = (("“", "”"), ("《", "》"), ("（", "）"), ("‘", "’"))
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "“”‘’（）《》〈〉、，。；：！？"
_NEAR = rf"{_CJK}{_CJK_PUNCT}"
# Spaces between Chinese characters go; between two numbers ("0553-2595761 18755343575",
# "2024-04-18 07:10") they separate values and stay.
_BLANK = r"[ \t\u3000\u00a0]+"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_NEAR}]){_BLANK}(?=[{_NEAR}\d])|(?<=[\d%％]){_BLANK}(?=[{_NEAR}])")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{_CJK}”）])([,;:?!])|([,;:?!])(?=[{_CJK}“（])")
# A bracket pair and what it holds; it takes the full-width form when Chinese is inside or beside it.
_PAREN_PAIR = re.compile(r"[(（]([^()（）\n]{0,80})[)）]")
_LONE_PAREN = re.compile(rf"\((?=[{_CJK}])|(?<=[{_CJK}])[()]")
_QUOTE_PAIR = re.compile(r'"([^"\n]{1,200})"')
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Scraped or spun copies double commas (",，" ",。"): a comma before another mark is noise.
_COMMA_RUN = re.compile(r"[,，]+(?=[,，])")
_COMMA_BEFORE_MARK = re.compile(r"，(?=[。、；：！？])")
# Pinyin glosses after characters: "医(yī)院", "统（tǒng）". A gloss carries a tone mark or digit;
# on a page that has such glosses, toneless syllables ("的(de)") are glosses too. Uppercase or
# longer content, "(ICU)", "(PPP)", is the text's own.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"(?<=[{_CJK}])[(（]([a-zü{_TONED}]{{1,6}}[1-5]?)[)）]")
_TONE = re.compile(rf"[{_TONED}]|\d$")
_FINAL = "i?(?:ang|ong|eng|ao|ai|an|ou|ei|en|a|o|e)|(?:u|v|ü)(?:ang|ai|an|a|o|e|i|n)?|i(?:ng|n|u|e)?|er"
_SYLLABLE = re.compile(rf"^(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?(?:{_FINAL})$")
# Breadcrumbs: "首页 > 新闻中心 > 正文". A line with two separators, or one after a home link.
_CRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|＞|≫|→)\s*")
_HOME = ("首页", "网站首页", "主页", "返回首页")
# A breadcrumb's section names are short; its last segment may be the headline, kept.
_SECTION_NAME = 10
_PAPER_PAGE = re.compile(r"^第\s*\d+\s*版\s*[:：]")  # an e-paper's "第01版：头版"
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|bmp|webp)$", re.IGNORECASE)
_BULLET = "•·●■◆▪-*"
# The head of a page, in non-empty lines, where a repeated headline is page chrome.
_HEAD_LINES = 12
# The longest line that is a value printed under its label ("• 文件名称：" then the title).
_VALUE_LINE = 80
_SPACED_LABEL = re.compile(r"^([\u4e00-\u9fff][\u4e00-\u9fff\s]{1,10}?)\s*(?=[:：])")
_PERSON_NAME = re.compile(rf"^[{_CJK}·]{{2,4}}$")
# Heads of units: a byline of "办公室" or "宣传部" names no person.
_UNIT_END = tuple("办室部局委院处科组站社网报台馆所队会厅中心")


@dataclass(frozen=True, slots=True)
class CleanText:
    """A document's normalized text and the metadata its page header lines carried."""

    text: str
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Chrome:
    """The words of kg/ingest/data/chrome.txt, by section (see the file's comments)."""

    widget: tuple[str, ...]
    prefix: tuple[str, ...]
    footer: tuple[str, ...]
    short: tuple[str, ...]
    drop_label: tuple[str, ...]
    byline_label: tuple[str, ...]
    anonymous: tuple[str, ...]
    spam: tuple[str, ...]


@lru_cache(maxsize=1)
def chrome_words() -> Chrome:
    """The chrome lexicon shipped with the package."""
    text = resources.files("kg.ingest").joinpath("data", "chrome.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].replace("-", "_"), [])
        elif line:
            current.append(line)
    return Chrome(**{name: tuple(words) for name, words in sections.items()})


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The widget-line pattern, the pattern of every known field label, and the gap before a byline.

    The gap is the space before "二审：某某" inside a line; it becomes a comma so that removing
    spaces from Chinese text does not glue one name to the next label.
    """
    words = chrome_words()
    widget = _alternation(words.widget)
    filler = r"[\s【】\[\]（）()<>《》|｜/·•:：,，、\d]*"  # brackets, separators and counts
    widget_line = re.compile(rf"^(?:{filler}(?:{widget}))+{filler}$")
    labels = [label for labels in META_LABELS.values() for label in labels]
    labels += [*words.drop_label, *words.byline_label]
    label = re.compile(rf"(?P<label>{_alternation(labels)})\s*[:：]\s*")
    byline_gap = re.compile(rf"(?<=[{_CJK}])\s+(?=(?:{_alternation(words.byline_label)})\s*[:：])")
    return widget_line, label, byline_gap


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def strip_pinyin(text: str) -> str:
    """Remove the pinyin glosses a mirror site put after characters: 醫(yī)院 → 醫院."""
    glosses = [m for m in _GLOSS.finditer(text) if _TONE.search(m.group(1))]
    if not glosses:
        return text
    glossed_page = len(glosses) >= 2

    def gloss(m: re.Match[str]) -> str:
        syllable = m.group(1)
        if _TONE.search(syllable) or (glossed_page and _SYLLABLE.match(syllable)):
            return ""
        return m.group(0)

    return _GLOSS.sub(gloss, text)


def fold_width(text: str) -> str:
    """Full-width ASCII letters, digits and spaces to half-width; keeps Chinese punctuation.

    Full-width ． － ／ ： between digits ("２０２４．７．１", "９：００") are number punctuation,
    not Chinese, and fold too.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch in "\u3000\u00a0\u2002\u2003\u2009":
            out.append(" ")
        else:
            out.append(ch)
    return re.sub(r"(?<=\d)[．－／：](?=\d)", lambda m: chr(ord(m.group(0)) - 0xFEE0), "".join(out))


def unify_punctuation(text: str) -> str:
    """Half-width , ; : ? ! ( ) and "…" beside Chinese text become their full-width forms."""
    text = _COMMA_RUN.sub("", text)
    text = _PAREN_PAIR.sub(_paren_pair, text)
    text = _LONE_PAREN.sub(lambda m: _HALF_PUNCT[m.group(0)], text)
    text = _QUOTE_PAIR.sub(lambda m: f"“{m.group(1)}”" if _CJK_CHAR.search(m.group(1)) else m.group(0), text)
    text = _PUNCT_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)
    return _COMMA_BEFORE_MARK.sub("", text)


def _paren_pair(m: re.Match[str]) -> str:
    """A bracket pair in full width when it holds or touches Chinese: "(记者:某某)", "医院(ICU)"."""
    text, start, end = m.string, m.start(), m.end()
    beside = text[start - 1 : start] + text[end : end + 1]
    if _CJK_CHAR.search(m.group(1)) or _CJK_CHAR.search(beside):
        return f"（{m.group(1)}）"
    return m.group(0)


def display_width(line: str) -> int:
    """Printed width in half-width cells; ambiguous-width punctuation (“”…) prints full in Chinese."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def split_chrome(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop page chrome lines; turn metadata header lines into meta entries.

    A label on a line of its own ("• 成文日期：") takes its value from the next non-empty line.
    Bylines stay as lines of the text, their names separated by 、.
    """
    meta: dict[str, str] = {}
    issued: dict[str, str] = {}
    kept: list[str] = []
    crumbs: set[str] = set()
    byline_gap = _patterns()[2]
    for line in _merge_labels(lines):
        stripped = line.strip()
        if _is_chrome(stripped):
            continue
        if segments := _breadcrumb(stripped):
            crumbs.update(s for s in segments if len(s) <= _SECTION_NAME)
            continue
        fields = _meta_fields(stripped)
        if fields is None:
            kept.append(byline_gap.sub("，", stripped.removeprefix("•").lstrip()))
            continue
        bylines = []
        for label, value in fields:
            key = _meta_key(label)
            if key == "issued":
                issued.setdefault(label, value)
            elif key and value:
                meta.setdefault(key, value)
            elif label in chrome_words().byline_label and (names := _person_names(value)):
                bylines.append(f"{label}：{'、'.join(names)}")
        kept.extend(bylines)
    for label in ISSUED_PRIORITY:
        if issued.get(label):
            meta["issued"] = issued[label]
            break
    return _drop_repeats(kept, crumbs), meta


def _merge_labels(lines: Iterable[str]) -> Iterable[str]:
    """Lines with a lone meta or byline label joined to the value on the next non-empty line.

    The value is a short line without a sentence end; a paragraph after an empty label
    ("来源：" then the notice's first sentence) stays a paragraph.
    """
    label = _patterns()[1]
    pending = ""
    for line in lines:
        stripped = line.strip().lstrip(_BULLET).strip()
        if pending and not stripped:
            continue
        if pending and len(stripped) <= _VALUE_LINE and "。" not in stripped and not label.match(stripped):
            yield pending + stripped
            pending = ""
            continue
        if pending:
            yield pending
        m = label.match(stripped)
        takes_value = m and (_meta_key(m.group("label")) or m.group("label") in chrome_words().byline_label)
        pending = stripped if m and takes_value and m.end() == len(stripped) else ""
        if not pending:
            yield line
    if pending:
        yield pending


def _is_chrome(line: str) -> bool:
    """Whether a whole line is a widget row, prompt, footer, image file name or spam."""
    if not line:
        return False
    words = chrome_words()
    widget_line = _patterns()[0]
    return bool(
        widget_line.match(line)
        or line.lstrip(_BULLET + " ").startswith(words.prefix)
        or any(w in line for w in words.footer)
        or (len(line) <= 30 and any(w in line for w in words.short))
        or _IMAGE_FILE.match(line)
        or _PAPER_PAGE.match(line)
        or sum(w in line for w in words.spam) >= 2
    )


def _breadcrumb(line: str) -> list[str]:
    """The segments of a breadcrumb line ("首页 > 新闻中心 > 标题"), or [] for other lines."""
    segments = [s.strip() for s in _CRUMB_SEP.split(line)]
    if len(segments) < 2 or not all(0 < len(s) <= 60 for s in segments):
        return []
    return segments if len(segments) >= 3 or segments[0] in _HOME else []


def _drop_repeats(lines: list[str], crumbs: set[str]) -> list[str]:
    """Without a headline printed again near the top, nor a breadcrumb's section name there."""
    out: list[str] = []
    head: set[str] = set()
    seen = 0
    for line in lines:
        stripped = line.strip()
        if stripped:
            seen += 1
            if seen <= _HEAD_LINES and (stripped in crumbs or (stripped in head and "。" not in stripped)):
                continue
            if seen <= _HEAD_LINES:
                head.add(stripped)
        out.append(line)
    return out


def _meta_key(label: str) -> str | None:
    label = re.sub(r"\s+", "", label)
    for key, labels in META_LABELS.items():
        if label in labels:
            return key
    return None


def _meta_fields(line: str) -> list[tuple[str, str]] | None:
    """The (label, value) pairs of a metadata line ("发布时间：… 来源：… 浏览量：12"), or None.

    A line is one when it starts with a known label (or a posting date and time) and every
    date label holds a date. A line of only drop-labels yields [] and goes.
    """
    label = _patterns()[1]
    body = line.lstrip(_BULLET).strip()
    if spaced := _SPACED_LABEL.match(body):  # "标  题：…"
        body = re.sub(r"\s+", "", spaced.group(1)) + body[spaced.end(1) :]
    lead = _LEAD_DATETIME.match(body)
    fields: list[tuple[str, str]] = []
    if lead and (lead.group(2) or label.match(body, lead.end())):
        fields.append(("日期", lead.group(1)))
        body = body[lead.end() :]
    matches = list(label.finditer(body))
    if not body.strip():
        return fields or None
    if not matches or matches[0].start() != 0:
        return None
    for m, after in zip(matches, [*matches[1:], None], strict=True):
        value = body[m.end() : after.start() if after else len(body)].strip()
        name = m.group("label")
        if _meta_key(name) == "issued" and not _DATE_VALUE.match(value):
            return None
        fields.append((name, value))
    return fields


def _person_names(value: str) -> list[str]:
    """The names of a byline value ("吕霞 易保山"), or [] when none is a person's, only units'."""
    names = [x for x in re.split(r"[\s、,，/;；]+", value) if x]
    anonymous = chrome_words().anonymous
    if any(_PERSON_NAME.match(x) and not x.endswith(_UNIT_END) and x not in anonymous for x in names):
        return names
    return []


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
    text = strip_pinyin(unicodedata.normalize("NFC", text))
    simplified = to_simplified(text)
    script = script_of(text, simplified)
    original = text
    text = fold_width(simplified)
    lines, meta = split_chrome(text.split("\n"))
    lines = [remove_inner_spaces(unify_punctuation(x.strip())) for x in lines]
    lines = rejoin_wrapped(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    meta = {k: remove_inner_spaces(unify_punctuation(to_simplified(v))) for k, v in meta.items()}
    if script:
        meta["script"] = script
        meta["script_chars"] = char_pairs(original, simplified)
    return CleanText(cleaned, meta)
