"""Header facts of a notice: the inspection (group, unit, period, feedback, round), the counts
the notice states (kg.extract.counts), its publisher, publication date, and the place whose
committee sent the group.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import cn2an

from kg.extract.counts import extract_counts
from kg.extract.org_grammar import ORGAN_SUFFIXES
from kg.extract.org_mentions import find_mentions
from kg.models import Header, NoticeText, Org, Span
from kg.text.anchors import (
    YEARS,
    byline_unit,
    each_group,
    find_inspection,
    find_inspections,
    find_opening,
    group_mention,
    group_ordinals,
    is_signature,
    meeting_holder,
    signature,
    title_subject,
)
from kg.text.dates import FoundDate, parse_date, parse_dates
from kg.text.gazetteer import ancestors, find, is_division
from kg.text.kinds import FOLLOW_UP, RECTIFICATION, classify
from kg.text.orgnames import match_key, place_prefix, qualify, same_org, strip_party_prefix
from kg.text.phones import called_area

_ROUND = re.compile(r"第[一二三四五六七八九十\d]+(?:轮|輪)")
_ROUND_ISSUER = re.compile(
    r"(?:中央|(?:校|学校|集团公司|集团|公司|[省市区县])?党工?委|党组|[省市区县州旗盟]委|自治区党委)$"
)
_ROUND_TERM = re.compile(r"[一二三四五六七八九十]+届[\u4e00-\u9fff]{0,4}$")
_ROUND_YEAR = re.compile(rf"{YEARS}$")
_ROUND_LEVEL = re.compile(r"([省市区县州旗])委")
_TERM_IN_GROUP = re.compile(r"^[一二三四五六七八九十]+届")
_ROUND_IN_GROUP = re.compile(rf"(?:{YEARS})?第[一二三四五六七八九十百\d]+[轮輪](?:(?:巡察|巡视)(?=第))?")
_RANGE_MARKS = ("至", "到", "—", "－", "-", "~", "～")
_RANGE = re.compile(r"\s*(?:至|到|[—－\-~～]{1,2})?\s*")  # 2019年10月8日——2019年12月6日
# The act of feeding back, not the findings fed back: 检查巡察反馈问题的整改 tells of no feedback.
_FED_BACK = re.compile(r"反馈(?!问题|的问题|意见整改|意见的整改|整改)")
_DATELINE = ("讯", "电")  # 青川日报网6月3日讯, …电: the day of the report
# The period told on its own: 本轮巡察集中进驻时间为2023年3月6日至4月9日, 巡察时间安排：…
_PERIOD = re.compile(r"(?:巡察|巡视|进驻)[^。，,；]{0,6}时间(?:安排)?(?:为|是|：|:)")
# A kind of units, not a unit: 对区属中学开展回头看 names the schools in a later sentence
_GENERIC_TARGET = re.compile(
    r"^(?:[省市区县](?:属|直)|所属)[\u4e00-\u9fff]{1,6}$|^[\u4e00-\u9fff]{1,6}(?:系统|领域|行业)$"
)
_SELF = re.compile(r"^我(?:单位|中心|院|局|委|办|校|所|站|公司|镇|街道)")
_FORMER = re.compile(r"[（(]原([^（）()]{2,30})[）)]")
_UNIT_NAME = re.compile(r"^[\u4e00-\u9fff（）]{3,30}$")
_OPENING_CHARS = 800
# newspapers and sites report; they publish no notice
_OUTLET = re.compile(r"(?:报|网|社|台|杂志|新闻|客户端)$")
_SIGNER_TAIL = re.compile(r"^(?:领导小组|办公室|委员会|党组|党委|工作委员会)")
_FEEDBACK_REACH = 600
_LIST_SEP = re.compile(r"[、，,]|(?<=[局委院会所站心司团校馆队厅处部办室科组镇乡村区县市）)])(?:和|及|以及)")
_TARGET_TAIL = re.compile(r"(?:等|共)?[\d一二三四五六七八九十两]+(?:家|个|户|所)[^、，,]{0,8}$|(?:等|分别)$")
_INNER_COUNT = re.compile(r"(?:等|共)[\d一二三四五六七八九十两]+(?:家|个|户|所)[^、，,和及]{0,10}")
_TARGET_HEAD = re.compile(r"^[^、，,]{0,10}?所属|^(?:该|本)(?:镇|乡|县|区|市|街道)(?=[\u4e00-\u9fff]{2})")
# a count standing after a unit says what it is: 县林业局1个县直单位和县第二中学
_APPOSITION = re.compile(
    r"(?<=[局委院会所站心司团校馆队厅处部办室科镇乡村])[\d一二三四五六七八九十两]+(?:家|个|户|所)"
    r"[^、，,和及]{0,6}?(?:单位|部门|机关|学校|企业)"
)
_OPEN_PAREN = re.compile(r"[（(][^）)]*$")
_LEVELS_IN_PARENS = re.compile(r"[（(][省市区县、，,]+[）)]")  # 12个县（市、区）: kinds, not units
_TARGET_WORDS = re.compile(r"(?:的)?(?:党组织|领导班子|主要负责人)(?:和|及)?$")
# Not a unit: a counted group (青禾县7个乡镇), the units by their role (被巡察单位), a bare word
# for a unit, or the work done there
_COUNTED = re.compile(
    r"[\d一二三四五六七八九十两]+(?:家|个|户|所)|所辖|工作$|^被(?:巡察|巡视)|^(?:单位|部门)$"
)
_PARTY_END = ("党组", "党委", "委员会", "党总支", "党支部", "纪委", "工委")
_PARTY_ORGAN = re.compile(rf"(?:{'|'.join(ORGAN_SUFFIXES)})$")


def find_round(text: str, pos: int = 0) -> Span | None:
    """The round as written, with who ran it and the committee's term or year where the text gives
    them: 十三届云岭县委第十轮, 十九届中央第七轮, 校党委第六轮, 集团党委2023年第二轮, 第三轮."""
    m = _ROUND.search(text, pos)
    if not m:
        return None
    start = m.start()
    year = _ROUND_YEAR.search(text, max(0, start - 10), start)  # 2023年, 2021-2025年: the term by years
    start = year.start() if year else start
    issuer = _ROUND_ISSUER.search(text, max(0, start - 8), start)
    if issuer:
        start = issuer.start()
        if len(issuer.group(0)) == 2:  # 县委: a county named before it is part of the round
            start -= next((n for n in (4, 3, 2) if is_division(text[max(0, start - n) : start + 1])), 0)
    term = _ROUND_TERM.search(text, max(0, start - 9), start)  # 十三届, and a place after it
    start = term.start() if term else start
    return Span(start, m.end(), text[start : m.end()])


def _round_of(text: str, level: str | None) -> Span | None:
    """The first round of `text` that a group of `level` (市, 区, …) can belong to: a district
    group's page may first name the province's round it was sent alongside (省委第三轮巡视带巡察)."""
    fitting = []
    pos = 0
    while (found := find_round(text, pos)) is not None:
        issuer = _ROUND_LEVEL.search(found.text)
        if level is None or issuer is None or issuer.group(1) == level:
            fitting.append(found)
        pos = found.end
    # the round told bare first (赴某县第三轮…) and with its committee later (市委第三轮…) is the latter
    fuller = [x for x in fitting[1:] if fitting[0].text.startswith("第") and x.text.endswith(fitting[0].text)]
    return next(iter(fuller or fitting), None)


def _told_period(opening: str, year: int | None) -> tuple[tuple[date | None, Span | None], ...]:
    """The period a page tells on its own (本轮巡察集中进驻时间为…至…) where its inspection
    sentence gives none: the first date after the words, and the next when a range joins them."""
    m = _PERIOD.search(opening)
    stop = opening.find("。", m.end()) if m else -1
    found = list(parse_dates(opening[m.end() : stop if stop != -1 else None], year=year)) if m else []
    if not m or not found or opening[m.end() : m.end() + found[0].start].strip():
        return (None, None), (None, None)  # 时间为60天左右（…另一巡察时间为…）: no period of its own
    ends = [d for d in found[1:2] if _RANGE.fullmatch(opening[m.end() + found[0].end : m.end() + d.start])]

    def told(d: FoundDate) -> tuple[date | None, Span | None]:
        at = m.end() + d.start
        return d.value, Span(at, at + d.end - d.start, opening[at : at + d.end - d.start])

    return told(found[0]), (told(ends[0]) if ends else (None, None))


def _inspection_dates(text: str, offset: int, fallback_year: int | None):
    """Start, end and feedback dates of the opening paragraph, each with its span."""
    found = [d for d in parse_dates(text, year=fallback_year) if text[d.end : d.end + 1] not in _DATELINE]
    start = end = feedback = None
    for i, d in enumerate(found):
        stop = found[i + 1].start if i + 1 < len(found) else len(text)
        period = text.find("。", d.end)
        clause = text[d.end : min(stop, period) if period != -1 else stop]
        if start is None and _FED_BACK.search(clause) and not text[d.end :].lstrip().startswith(_RANGE_MARKS):
            feedback = d  # the notice gives no period, only the feedback date
            break
        if start is None:
            start = d
        elif end is None and _RANGE.fullmatch(text[start.end : d.start]):
            end = d
        elif _FED_BACK.search(clause) and d.value >= start.value:
            feedback = d
            break

    def span(d: FoundDate | None) -> tuple[date | None, Span | None]:
        if d is None:
            return None, None
        return d.value, Span(offset + d.start, offset + d.end, text[d.start : d.end])

    return span(start), span(end), span(feedback)


def _lines_span(body: str, lines: list[str], first: int, last: int) -> Span:
    """The span of `body`'s lines `first`..`last` (`lines` is `body` split at "\n")."""
    start = sum(len(x) + 1 for x in lines[:first])
    end = sum(len(x) + 1 for x in lines[:last]) + len(lines[last].rstrip())
    return Span(start, end, body[start:end])


def _later_feedback(
    body: str, at: int, known: date | None, after: date | None
) -> tuple[date | None, Span | None]:
    """The feedback date told in a later sentence ("…2017年6月20日，巡视组向…反馈"), its year
    carried from the dates before it; a 反馈 yet to come (反馈后一个月内) is no date."""
    if at == -1 or known is None:
        return None, None
    text = body[at : at + _FEEDBACK_REACH]
    for d in parse_dates(text, year=known.year, after=after):
        stop = text.find("。", d.end)
        clause = text[d.end : stop if stop != -1 else len(text)]
        if _FED_BACK.search(clause) and "反馈后" not in clause and (after is None or d.value >= after):
            return d.value, Span(at + d.start, at + d.end, text[d.start : d.end])
    return None, None


def infer_place(level: str | None, names: list[str], body: str) -> str | None:
    """The area whose committee (市委/区委/县委) sent the group.

    First the area a full name of the notice starts with (signature, title, target) when its
    level fits; else the area of that level the body names most often, checked against the
    division table so that 全区/城区 never count, the lower of a city and the prefecture above it
    when both are named as often; else the city its hotline's area code serves.
    """
    for name in names:
        prefix = place_prefix(name) if name else None
        if prefix and (level is None or prefix.endswith(level)):
            return prefix
    if level is None:
        return None
    counts: Counter[str] = Counter()
    for m in re.finditer(level, body):
        for size in (2, 3, 4):
            cand = body[max(0, m.start() - size) : m.end()]
            if len(cand) == size + 1 and is_division(cand):
                counts[cand] += 1
                break
    if not counts:
        return called_area(body, level)
    most = max(counts.values())
    tied = [name for name, n in counts.items() if n == most]
    # 苏州市委和昆山市委 in a notice of 昆山: a county-level city names its prefecture above it
    return next((a for a in tied if any(_lies_in(a, b) for b in tied)), tied[0])


def _lies_in(name: str, area: str) -> bool:
    return any(area in (up.name for up in ancestors(d)) for d in find(name))


def _real_place(named: re.Match) -> tuple[int, str | None, str | None]:
    """Where a group's name really starts, and its place: the words before 市委 are a place when
    the division table knows them, or when they are a short name standing alone after a pause
    (青川市委…); 传达学习十二届市委第三巡察组 is 市委第三巡察组."""
    gplace, level = named.group("gplace"), named.group("level")
    if not gplace or is_division(gplace) or is_division(gplace[:-1]):
        return 0, gplace, level
    at = named.start("gplace") - named.start("group")
    for i in range(1, len(gplace) - 1):
        if is_division(gplace[i:]):
            return at + i, gplace[i:], level
    before = named.string[named.start("gplace") - 1] if named.start("gplace") else "，"
    if len(gplace) <= 4 and not before.isalnum():
        return 0, gplace, level
    return at + len(gplace) - 1, None, gplace[-1]


def _names_units(sentence: re.Match) -> bool:
    """Whether an inspection sentence names units, not a kind of them (区属中学) or a count."""
    target = sentence.group("target")
    return not _GENERIC_TARGET.match(target) and bool(split_targets(target))


def _naming_units(opening: str, sentence: re.Match) -> re.Match | None:
    """The first reading of `sentence`, or the first later sentence, that names the units:
    进驻A、B，对所属3家企业开展巡察 names A and B; 对区属中学开展回头看 names them later."""
    at: re.Match | None = sentence
    while at is not None:
        found = next((m for m in find_inspections(opening, at.start()) if _names_units(m)), None)
        if found is not None:
            return found
        at = find_inspection(opening, at.end())
    return None


def split_targets(raw: str) -> list[str]:
    """The units of an inspection sentence's object: "区民政局、区农业农村局等2家单位" → both.

    A count closing the list (等4家单位, 及所辖105个行政村) and words that only say the units are
    party organizations (党组织) are no part of a name."""
    raw = _TARGET_TAIL.sub("", _TARGET_HEAD.sub("", raw.strip()))
    raw = _OPEN_PAREN.sub("", _INNER_COUNT.sub("", _APPOSITION.sub("", _LEVELS_IN_PARENS.sub("", raw))))
    parts = [p.strip() for p in _LIST_SEP.split(raw)]
    units = [_TARGET_WORDS.sub("", p) for p in parts]
    return [u for u in units if len(u) >= 2 and not _COUNTED.search(u)]


def _group_label(group: str, gplace: str | None, place: str | None) -> str:
    """The place-qualified group name with Chinese numerals: 市委第2巡察组 → 青川市委第二巡察组.

    The committee's term and the round a name may carry are no part of the group, which serves
    every round: 十二届区委第九轮巡察第二巡察组 → 区委第二巡察组."""
    group = _ROUND_IN_GROUP.sub("", _TERM_IN_GROUP.sub("", strip_party_prefix(group)))
    group = re.sub(r"\d+", lambda m: cn2an.an2cn(m.group(0)), group)
    if gplace or not place:
        return group
    return qualify(group, place)


def _org_kind(name: str) -> str | None:
    return "party" if name.endswith(_PARTY_END) else None


def _within(target: str, publisher: str) -> bool:
    """Whether `target` is a unit inside the publisher (青禾镇柳溪村 under 青禾镇党委), which a
    town or a company reports on for its villages or branches: not the publisher itself."""
    core = _PARTY_ORGAN.sub("", match_key(publisher))
    rest = match_key(target).removeprefix(core) if len(core) >= 2 else ""
    return rest != match_key(target) and len(rest) >= 2 and not _PARTY_ORGAN.fullmatch(rest)


def _resolve_parties(
    target: str, signer: str, subject: str, meta_publisher: str, place: str | None, body: str
) -> tuple[Org | None, Org | None]:
    """The inspected unit and the publisher, as one Org when the text shows they are the same."""
    former = _FORMER.search(target)
    target_core = _FORMER.sub("", target)
    publisher_name = signer or subject or meta_publisher
    if not publisher_name and _SELF.match(target_core):
        target_core = _self_named(target_core, body) or target_core
    forms = [x for x in (target_core, subject) if x]
    same = (
        bool(publisher_name)
        and not _within(target_core, publisher_name)
        and (bool(_SELF.match(target_core)) or any(same_org(x, publisher_name, place) for x in forms))
    )
    if publisher_name and same:
        aliases = [strip_party_prefix(publisher_name), match_key(publisher_name)]
        for x in forms:
            if not _SELF.match(x) and same_org(x, publisher_name, place):
                aliases += [x, qualify(x, place)]
        if former:
            aliases.append(former.group(1))
        org = Org(
            publisher_name,
            tuple(dict.fromkeys(a for a in aliases if a != publisher_name)),
            _org_kind(publisher_name),
        )
        return org, org
    publisher = Org(publisher_name, (), _org_kind(publisher_name)) if publisher_name else None
    target_org = None
    if target_core and not _SELF.match(target_core):
        full = qualify(target_core, place)
        target_org = Org(full, (target_core,) if target_core != full else (), _org_kind(full))
    return target_org, publisher


def _self_named(target: str, body: str) -> str | None:
    """The unit a self-reference with its organ (我院党组) stands for in a notice nobody signs:
    the name the body most often gives with the same ending (市法院党组严格落实…). A bare 我院
    is left alone, as every 医院, 法院 and 检察院 ends so."""
    ending = target[1:]
    if not ending.endswith(ORGAN_SUFFIXES):
        return None
    names = Counter(
        m.text
        for m in find_mentions(body)
        if m.text.endswith(ending) and len(m.text) > len(ending) and not (m.self_ref or _SELF.match(m.text))
    )
    return names.most_common(1)[0][0] if names else None


def _page_source(name: str, place: str | None) -> Org | None:
    """The unit a page gives as its source (信息来源: 市委巡察办), named within the notice's place.

    Only a bare name counts: a source given as a web address or with punctuation is no unit."""
    if not _UNIT_NAME.match(name):
        return None
    full = qualify(name, place)
    return Org(full, (name,) if name != full else (), _org_kind(full))


def extract_header(notice: NoticeText) -> Header:
    body = notice.body
    lines = body.split("\n")
    sign_at, date_at = signature(lines)
    sign_end = sign_at
    signer = lines[sign_at].strip() if sign_at is not None else ""
    if sign_at and _SIGNER_TAIL.match(signer) and is_signature(lines[sign_at - 1].strip()):
        sign_at -= 1  # a unit's name wrapped over two lines: 中共某县委巡察工作 / 领导小组办公室
        signer = lines[sign_at].strip() + signer
    sign_date = parse_date(lines[date_at]) if date_at is not None else None
    meta_issued = parse_date(notice.meta.get("issued", "")) if notice.meta.get("issued") else None
    issued = meta_issued or sign_date
    title = notice.title
    subject = title_subject(title) if title else ""
    evidence: dict[str, Span] = {}
    if date_at is not None and issued == sign_date:
        evidence["issued"] = _lines_span(body, lines, date_at, date_at)
    if sign_at is not None and sign_end is not None:
        evidence["publisher"] = _lines_span(body, lines, sign_at, sign_end)

    group = target = level = gplace = None
    targets: list[str] = []
    ordinals: list[str] = []
    start = end = feedback = None
    kind = classify(body, title).kind
    opening = body[:_OPENING_CHARS]
    sentence = find_inspection(opening)
    headline = body.split("\n", 1)[0]
    if sentence and title and headline.strip() == title and sentence.end() <= len(headline):
        # a news page's body repeats its headline; its own sentence names the units in full
        sentence = find_inspection(opening, len(headline)) or sentence
    in_title = sentence is None and title is not None
    if in_title:
        sentence = find_inspection(title or "")
    if sentence and not in_title and not _names_units(sentence):
        sentence = _naming_units(opening, sentence) or sentence
    if sentence and sentence.group("target"):
        targets = split_targets(sentence.group("target"))
        target = targets[0] if targets else None
        if target and not in_title:
            at = sentence.start("target") + sentence.group("target").find(target)
            evidence["target"] = Span(at, at + len(target), target)
    holder = meeting_holder(opening) if target is None else None
    if holder:
        target = holder
        evidence["target"] = Span(opening.find(holder), opening.find(holder) + len(holder), holder)
    named = sentence if sentence and "group" in sentence.re.groupindex else None
    named = named or group_mention(opening)
    if named and named.group("group"):
        cut, gplace, level = _real_place(named)
        group = named.group("group")[cut:]
        ordinals = group_ordinals(named)
        if named.string == opening:
            evidence["group"] = Span(named.start("group") + cut, named.end("group"), group)
    if sentence and not in_title:
        # the period is told where the inspection is (对…进行了巡察), which a news page may tell
        # after its lead sentence (…向…反馈); the feedback date in either, or later
        inspection = find_opening(opening)
        told = [sentence]
        if inspection is not None and inspection.start() != sentence.start():
            told.insert(0, inspection)
        dated: dict[str, tuple[date | None, Span | None]] = {}
        para_end = -1
        for m in told:
            para_start = body.rfind("\n", 0, m.start()) + 1
            para_end = body.find("\n", m.end())
            para = body[para_start : para_end if para_end != -1 else len(body)]
            told_start = dated.get("start", (None, None))[0]  # 9月5日…反馈 after 2023年3月…的巡察
            year = issued.year if issued else told_start.year if told_start else None
            found = _inspection_dates(para, para_start, year)
            for key, value in zip(("start", "end", "feedback"), found, strict=True):
                if value[0] and key not in dated:
                    dated[key] = value
        (start, s_ev), (end, e_ev) = dated.get("start", (None, None)), dated.get("end", (None, None))
        if start is None:
            (start, s_ev), (end, e_ev) = _told_period(opening, issued.year if issued else None)
        feedback, f_ev = dated.get("feedback", (None, None))
        if kind == FOLLOW_UP and end is None:
            start = s_ev = None  # the day of a follow-up visit is no start of the inspection
        if feedback is None:
            feedback, f_ev = _later_feedback(body, para_end, start or issued, end or start)
        evidence.update({k: v for k, v in (("start", s_ev), ("end", e_ev), ("feedback", f_ev)) if v})
    level = level or (gplace[-1] if gplace else None)
    title_round = find_round(title or "")  # a title says which round its notice is about
    round_match = title_round or _round_of(opening, level)
    round_level = _ROUND_LEVEL.search(round_match.text) if round_match else None
    place = gplace or infer_place(
        level or (round_level.group(1) if round_level else None),
        [
            signer,
            subject,
            notice.meta.get("publisher", ""),
            _FORMER.sub("", target or ""),
            notice.meta.get("source", ""),
        ],
        body,
    )
    target_org, publisher = _resolve_parties(
        target or "", signer, subject, notice.meta.get("publisher", ""), place, body
    )
    more_targets = tuple(
        Org(qualify(x, place), (x,) if qualify(x, place) != x else (), _org_kind(x))
        for x in targets[1:]
        if not _SELF.match(x)
    )
    labels = [_group_label(x, gplace, place) for x in each_group(group, ordinals)] if group else []
    source = _page_source(notice.meta.get("source", ""), place)
    byline = byline_unit(lines) if publisher is None else None
    if byline:
        publisher = Org(byline, (), _org_kind(byline))
    if publisher is None:
        # a news page without a signature is published by its source; a rectification notice
        # without one, by the unit that rectifies ("现将整改情况报告如下")
        outlet = source is not None and bool(_OUTLET.search(source.name))
        publisher = (None if outlet else source) or (
            target_org if kind == RECTIFICATION and not more_targets and not holder else None
        )
    counts, count_spans = extract_counts(body)
    evidence.update(count_spans)
    if round_match and not title_round:
        evidence["round"] = round_match
    return Header(
        title=title,
        publisher=publisher,
        issued=issued,
        place=place,
        group_as_written=group,
        group=labels[0] if labels else None,
        target=target_org,
        start=start,
        end=end,
        feedback=feedback,
        round=round_match.text if round_match else None,
        counts=counts,
        source=source,
        evidence=evidence,
        kind=kind,
        more_groups=tuple(labels[1:]),
        more_targets=more_targets,
    )
