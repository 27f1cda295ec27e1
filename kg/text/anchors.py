"""The fixed landmarks of a rectification notice, shared by the splitter and the header extractor.

Every notice opens with one sentence naming the group and the unit ("…市委第三巡察组对市财政局
党组进行了巡察") and usually closes with a signature: the unit's name, then a date line. Titles
read "<unit>关于<…>巡察整改<…>的通报", sometimes broken over two lines after the unit's name.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇两"
_ORD = rf"(?:[{_CN_NUM}]+|\d{{1,2}})(?!\d)"
_ORDS = rf"第?{_ORD}(?:\s*[、，,和及至\-－—~～]\s*第?{_ORD})*"
# A place's name never holds 届: 十四届区委 is the district committee's 14th term, not a place.
_NOT_PLACE = r"(?:(?!委|届|部署|根据|按照|经|对|向|由|在|的|和|及|、)[\u4e00-\u9fff])"
_TERM = rf"[{_CN_NUM}]+届"
_LEVEL = "省|市|区|县|州|旗|盟"
# Who sends a group: a party committee of an area (青川市委, 市委, 中共某县委员会), the centre
# (中央), a unit's party committee or group (校党委, 集团党委, 省国资委党委, 区党工委), or areas
# joined for the round (市区联动).
_ISSUER = (
    rf"(?:中共)?(?:{_TERM})?(?P<gplace>{_NOT_PLACE}{{1,8}}(?:{_LEVEL}))?(?P<level>{_LEVEL})?委(?:员会)?(?!员)"
    rf"|(?:{_TERM})?(?P<central>中央)"
    rf"|(?P<gorg>(?:中共)?(?:{_TERM})?(?:{_NOT_PLACE}|委(?=党)){{0,16}}?(?:党组|党委|党工委))"
    rf"|(?P<joint>[省市区县]{{2}}联动)"
)
# A few words between issuer and number: 提级, 医疗卫生领域, 赴某县; no punctuation, no count.
_TOPIC = rf"(?:(?!巡察组|巡视组|[个各几多]){_NOT_PLACE}){{0,12}}?"
_KIND = r"(?:专项|联动|机动|提级|交叉|政治|常规)?(?:[（(](?:专项|联动|提级|交叉)[）)])?(?:巡察|巡视)"
# The ordinal of a group, not of the round a name may carry (十二届区委第九轮巡察第二巡察组).
_GROUP_ORDS = rf"(?P<ords>{_ORDS})(?![轮輪{_CN_NUM}\d])"
# A term given by years between the issuer and the group: 区党工委2021-2025年第六轮第二巡察组.
YEARS = r"(?:(?:19|20)\d{2}[-－—～~])?(?:19|20)\d{2}年度?"
# A name never starts inside 根据, 按照, 依据, 遵照 (根据省国资委党委第二巡察组…).
GROUP = (
    rf"(?<![根按依遵])(?:{_ISSUER})(?:{YEARS})?{_TOPIC}"
    rf"(?:{_GROUP_ORDS}{_TOPIC}{_KIND}组|{_KIND}(?P<ords_after>{_ORD})组|{_KIND}组)"
)
_GROUP_RE = re.compile(rf"(?P<group>{GROUP})")
_ORDS_RE = re.compile(rf"第?{_ORD}(?:\s*[、，,和及至\-－—~～]\s*第?{_ORD})+")
_TARGET = r"[^。，,；;：:！？\n]{2,80}?"
# The sentences that say who inspected whom, strongest first: an inspection (对…开展了巡察), a
# feedback (向…反馈), an arrival (进驻…), a feedback meeting (巡察…情况反馈会) or a visit (到…督查).
OPENING = re.compile(
    rf"(?P<group>{GROUP})[^。]{{0,60}}?对(?P<target>{_TARGET})"
    r"(?:进行|开展|实施)了?[^。，]{0,20}?(?:巡察|巡视|回头看)"
)
_OTHER_SENTENCES = tuple(
    re.compile(rf"(?P<group>{GROUP}){between}(?P<target>{_TARGET}){after}")
    for between, after in (
        (
            r"[^。]{0,40}?(?:分别)?向",
            r"(?:党组织)?(?:主要负责人|领导班子)?(?:分别)?(?:进行了?|作了?)?(?:巡察|巡视)?(?:情况)?反馈",
        ),
        (r"[^。]{0,20}?进驻", r"(?=[，,。；]|开展|进行|开始)"),
        (  # 市委第二巡察组(召开)巡察市某局党组情况反馈会
            r"(?:召开)?(?:巡察|巡视)",
            r"(?:党组织)?(?:巡察|巡视)?(?:工作)?(?:情况)?(?:反馈|动员)(?:会|大会|会议)",
        ),
        (r"[^。]{0,20}?(?:到|赴|深入)", r"(?:开展|进行|召开|反馈|督查|回访|调研|督导)"),
    )
)
# No group named at all (十九届中央第七轮巡视对…开展常规巡视, 学校党委于…对…开展了巡察).
_NO_GROUP = re.compile(rf"对(?P<target>{_TARGET})(?:进行|开展|实施)了?[^。，]{{0,20}}?(?:巡察|巡视|回头看)")
# No group named, only how many (区委组建4个巡察组对…开展巡察): the units still count.
_UNNAMED_GROUPS = re.compile(
    rf"(?:[{_CN_NUM}\d]+个|各)(?:{_KIND})组[^。]{{0,20}}?(?:分别)?(?:对|向|进驻)(?P<target>{_TARGET})"
    r"(?:进行|开展|实施|反馈|，|,)"
)
TITLE = re.compile(
    r"^(?P<subject>[^。，；：:！？]{0,50}?)关于[^。；]{0,60}?(?:巡察|巡视)[^。；]{0,30}?整改[^。；]{0,30}?"
    r"(?:通报|公告|公示|报告|情况)$"
)
DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年?\s*\d{1,2}\s*月?\s*\d{1,2}\s*日?|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|"
    r"[〇零一二三四五六七八九十○Ｏ]{4}年[〇零一二三四五六七八九十]{1,3}月[〇零一二三四五六七八九十]{1,3}日)$"
)
_ORG_END = re.compile(r"(?:委员会|党委|党组|党工委|巡察办|办公室|[局委院办])$")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}$")


def find_opening(text: str) -> re.Match | None:
    """The sentence that opens a rectification notice: "<group>…对<unit>进行了巡察"."""
    return OPENING.search(text)


def find_inspection(text: str, pos: int = 0) -> re.Match | None:
    """The first sentence of `text` (from `pos`) naming who inspected whom, in any kind's phrasing.

    Its match has the groups `group` (absent when the text only counts the groups) and `target`.
    """
    return next(iter(find_inspections(text, pos)), None)


def find_inspections(text: str, pos: int = 0) -> list[re.Match]:
    """Every reading of the first sentence naming who inspected whom (from `pos`), the likeliest
    first: one sentence may say both 进驻A、B and 对…开展巡察, of which one names the units."""
    found = [m for m in (OPENING.search(text, pos), *(p.search(text, pos) for p in _OTHER_SENTENCES)) if m]
    if found:
        first = min(m.start() for m in found)
        return [m for m in found if m.start() == first]
    return [m for m in (_UNNAMED_GROUPS.search(text, pos) or _NO_GROUP.search(text, pos),) if m]


def group_ordinals(match: re.Match) -> list[str]:
    """The ordinals a group mention names: 第二、第三巡察组 → [二, 三]; 巡察二组 → [二]; none → []."""
    ords = match.group("ords") or match.group("ords_after") or ""
    numbers = re.findall(_ORD, ords)
    if len(numbers) == 2 and re.search(r"[至\-－—~～]", ords):
        low, high = (_as_int(x) for x in numbers)
        if low and high and 0 < high - low < 20:
            return [str(n) for n in range(low, high + 1)]
    return numbers


def each_group(group: str, ordinals: list[str]) -> list[str]:
    """One name per group a mention names: 县委第二、第三巡察组 → 县委第二巡察组, 县委第三巡察组."""
    run = _ORDS_RE.search(group) if len(ordinals) > 1 else None
    if run is None:
        return [group]
    return [group[: run.start()] + "第" + n + group[run.end() :] for n in ordinals]


def _as_int(number: str) -> int | None:
    import cn2an

    try:
        return int(number) if number.isdigit() else int(cn2an.cn2an(number, "smart"))
    except (ValueError, KeyError):
        return None


def group_mention(text: str) -> re.Match | None:
    """A numbered group named anywhere in `text` (for pages whose opening sentence names none);
    an unnumbered 市委巡察组 there is as likely all of a round's groups as one of them."""
    return next((m for m in _GROUP_RE.finditer(text) if m.group("ords") or m.group("ords_after")), None)


def title_subject(title: str) -> str:
    """The unit a title names before 关于: "市二院党委关于…的通报" → "市二院党委"."""
    m = TITLE.match(title)
    return m.group("subject") if m else ""


def is_title(line: str) -> bool:
    return len(line) <= 90 and bool(TITLE.match(line))


def is_signature(line: str) -> bool:
    """A line that can be the signing unit: a bare name, no sentence punctuation."""
    return bool(_SIGNATURE.match(line)) and not line.startswith(("欢迎", "联系", "附件"))


def signature(lines: list[str]) -> tuple[int | None, int | None]:
    """Indices of the signing unit's line and the date line closing `lines`, where present."""
    date_at = next((i for i in range(len(lines) - 1, -1, -1) if DATE_LINE.match(lines[i].strip())), None)
    if date_at is None:  # an undated signature closes the text: 中共某区委巡察办
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
        name = lines[last].strip() if last is not None else ""
        return (last if is_signature(name) and _ORG_END.search(name) else None), None
    for i in range(date_at - 1, max(date_at - 4, -1), -1):
        line = lines[i].strip()
        if not line:
            continue
        return (i if is_signature(line) and not is_title(line) else None), date_at
    return None, date_at


# A unit's name ends in one of these (市林业局, 云岭公司党委, 园艺学院, 青禾县纪委监委).
_UNIT_TAIL = (
    r"(?:党委|党组|党工委|党总支|党支部|委员会|委|局|院|办|处|厅|部|中心|公司|集团|学校|中学|小学|"
    r"政府|街道|镇|乡|村|社区|站|所|馆|会)"
)
_UNIT_NAME = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?{_UNIT_TAIL}$")
_LEADING_UNIT = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:党委|党组|党工委|党总支|党支部)")
# A sentence about a meeting on an inspection's findings or their rectification.
_MEETING = re.compile(r"召开|举行")
_ABOUT_INSPECTION = re.compile(r"(?:巡察|巡视)[^。]*?(?:整改|反馈)|(?:整改|反馈)[^。]*?(?:巡察|巡视)")
_ASSESSING = re.compile(r"评价|评估|督查|督导|考核|验收")
_WHEN = re.compile(r"^(?:于)?(?:\d{1,2}月\d{1,2}日|\d{1,2}日)?(?:上午|下午|晚上)?")
_WHERE = re.compile(r"(?:在|于)[^，,]*$")
# The office a unit sets up to rectify stands for the unit: 某集团专项巡视整改工作领导小组办公室 → 某集团
_RECTIFYING_OFFICE = re.compile(r"(?:专项)?(?:巡察|巡视)(?:反馈意见)?整改(?:工作)?领导小组(?:办公室)?$")
# Who inspects or oversees holds meetings too; they are not the unit inspected.
_OVERSEER = re.compile(r"巡察|巡视|纪委|监委|组织部|[省市区县州旗]委$|常委会|^(?:中央|党中央)$")


def meeting_holder(text: str) -> str | None:
    """The unit that holds a meeting on its inspection's findings, for pages naming no
    inspection sentence: "9月3日，市某局召开巡察整改工作领导小组会议" → 市某局. The unit stands
    right before 召开 (after a date and a place), or opens the clause before it."""
    for sentence in re.split(r"[。！？\n]", text):
        meeting = _MEETING.search(sentence)
        if not meeting or not _ABOUT_INSPECTION.search(sentence):
            continue
        if _ASSESSING.search(sentence[meeting.end() :]):
            return None  # who assesses others' rectification (整改情况评估会) was not inspected
        clauses = re.split(r"[，,；;：:]", sentence[: meeting.start()])
        name = _WHERE.sub("", _WHEN.sub("", clauses[-1].strip()))
        if not name and len(clauses) > 1:
            lead = _LEADING_UNIT.match(clauses[-2].strip())
            name = lead.group(0) if lead else ""
        name = _RECTIFYING_OFFICE.sub("", name)
        if _UNIT_NAME.match(name) and not _OVERSEER.search(name):
            return name
        return None
    return None


_CREDIT_KIND = r"(?:(?:文|图)(?:[/／、|｜]?(?:文|图))?[/／|｜：:]?)?"  # 文/图, 图文：
_BYLINE = re.compile(rf"[（(]{_CREDIT_KIND}\s*(?P<name>[^（）()\s]{{2,30}})[）)]$")
_PERSON_CREDIT = re.compile(r"记者|通讯员|编辑|撰稿|供稿人|作者|摄")


def byline_unit(lines: list[str]) -> str | None:
    """The unit credited at the close of a news text, "…表示。（某市纪委监委）" or "（文/图 某学院）",
    which stands for the page's author; a credit to reporters names people, not a unit."""
    for line in [x.strip() for x in lines if x.strip()][-3:][::-1]:
        m = _BYLINE.search(line)
        if m and _UNIT_NAME.match(m.group("name")) and not _PERSON_CREDIT.search(m.group("name")):
            return m.group("name")
    return None
