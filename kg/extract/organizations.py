"""Organizations: every named unit a notice mentions, one record per real unit with every
surface form the notice uses for it.

A name ends in a head word (医院, 卫健委, 检验科, 领导小组…) and starts at a left boundary: after
punctuation or a function character (的, 在, 对), after a verb that takes a unit as object
(督促, 指导, 成立), or at a place (市, 青川市, 桥山街道). Where several starts are possible the
likeliest wins: a start at a place, a name without verbs or people inside it. A head alone, or
behind generic words only (医院, 各科室, 公立医院, 二级以上医院), names no unit; a place makes it
one (市中医医院, 区疾控中心, 市委).

Short forms resolve to the unit they shorten within the notice's place (kg.text.orgnames), so that
市一院 joins 青川市第一人民医院, and the notice's publisher and inspected unit keep the names the
header gave them: their mentions (委党委, 院党委, 市卫健委党组) join their nodes. A department
named after its unit (市一院实验室), or bare in a notice its own unit publishes (病理科, 委办公室),
is a sub-unit of that unit and is named after it, so that two hospitals' 病理科 stay two units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz.fuzz import ratio
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.places import area_at, name_view
from kg.extract.spans import store_records, text_of
from kg.extract.textview import TextView
from kg.models import Header, Org, Span
from kg.text.gazetteer import Hit, division_at
from kg.text.orgnames import (
    FUNCTION_CHARS,
    is_boundary,
    is_common_word,
    left_boundary,
    match_key,
    qualify,
    qualify_in,
    same_org,
    strip_party_prefix,
    tagged_words,
    trigger_after,
    trigger_before,
    words,
)

# The heads by which a unit names its own party body: 院党委, 局党组 (院纪委 is another body).
OWN_PARTY_HEADS = ("党委", "党组", "党总支", "党支部", "委员会")
PARTY_HEADS = ("纪委监委", "党总支", "党支部", "党工委", "党委", "党组", "纪委", "监委", "工委")
ANAPHORIC_HEADS = ("局",)  # 区局: the one bureau the notice names
# Types that stand alone for the one unit of that type the notice has named: 领导小组, 卫生院.
ANAPHORS = ("领导小组", "卫生院")
# Heads a place has one unit of, so that the place alone names it: 市委, 区政府, 县法院.
SINGLETON_HEADS = (
    "人民政府",
    "政府",
    "人民法院",
    "法院",
    "人民检察院",
    "检察院",
    "委员会",
    "委",
    *PARTY_HEADS,
)
UNIT_HEADS = (
    "中心卫生院", "卫生院", "卫生室", "服务站", "中医院", "医院", "分院", "护理院", "保健院", "中心",
    "血站", "医堂", "院", "所", "站", "馆", "协会", "学会", "公司", "集团", "大学", "学院", "学校",
    "基地", "局", "厅", "村民委员会", "居民委员会", "村委会", "居委会", "委员会", "委", "救援队", "队",
    "小学", "中学", "幼儿园",
)  # fmt: skip
# The tasks a group is named after, which are verbs elsewhere: 巡察整改工作领导小组, 督查督办组.
TASKS = words("巡察 巡视 整改 督查 督办 考核 评估 审计 验收 监督 检查")
GROUP_HEADS = ("领导小组", "小组", "委员会", "组")  # named after their task: 巡察整改落实工作领导小组
# Departments a notice names by their type alone, as its own unit's: 工会, 派驻纪检组.
BARE_DEPTS = (
    "派驻纪检监察组", "派驻纪检组", "驻局纪检监察组", "驻委纪检监察组", "驻局纪检组", "驻委纪检组",
    "机关党委", "工会",
)  # fmt: skip
DEPT_HEADS = (*BARE_DEPTS, "领导小组", "小组", "办公室", "组", "办", "科", "股", "室", "部", "处")
HEADS = tuple(sorted({*PARTY_HEADS, *SINGLETON_HEADS, *UNIT_HEADS, *DEPT_HEADS}, key=len, reverse=True))
_HEAD_RE = re.compile("|".join(HEADS))
_HEADS_BY_LAST: dict[str, tuple[str, ...]] = {
    ch: tuple(h for h in HEADS if h.endswith(ch)) for ch in {h[-1] for h in HEADS}
}  # longest first, as HEADS
# A head followed by these is part of another word: 委员, 党委会, 中心组, 大学生, 卫健委发〔…〕.
_NOT_HEAD = re.compile(
    r"委[员委]|委机关|委(?:第.{1,3})?(?:巡察|巡视)|[委组]会|会议|组[织长]|心[组城工任位思环]|学[习生者]|院校"
    r"|[办委局院厅部][发函][〔\[(（]"
)
# A one-character head followed by these is part of another word: 局面, 部署, 科研, 院长, 所有.
_NOT_SHORT_HEAD = re.compile(
    r"委[托派屈]|局[面限势部长]|部[署分门位件长]|科[研学技普目室长级教务]|室[内外间]|处[理置罚分于在室级长突方]"
    r"|办[法理事结案学医好实公]|所[有属在以谓得需致长]|站[位长点]|院[长内外感区士校前级领办规纪风务委报]|馆[长藏]"
    r"|队[伍员长]|组[长织成建员合团]|团[队体]|股[份东票权市民]"
)
# Words that end in a head's character without naming a unit (干部, 查处, 全院, 格局, 梯队).
NOT_UNITS = words(
    """
    干部 全部 内部 外部 局部 中部 细部 头部 底部 东部 西部 南部 北部 上部 下部 大部 基部 一部 本部 查处 惩处
    论处 判处 相处 住处 到处 各处 好处 坏处 长处 短处 益处 难处 出处 此处 何处 深处 之处 用处 别处 举办 承办
    主办 协办 督办 会办 交办 领办 包办 创办 开办 兴办 筹办 代办 经办 查办 催办 转办 批办 首办 合办 民办 公办
    操办 置办 法办 严办 全院 本院 我院 该院 各院 两院 住院 出院 入院 转院 离院 到院 来院 返院 在院 场所 处所
    住所 厕所 诊所 网站 车站 驿站 格局 布局 结局 大局 全局 当局 僵局 开局 出局 时局 团队 部队 军队 排队 插队
    梯队 归队 带队 领队 组队 列队 站队 大厅 客厅 餐厅 展厅 分组 编组 改组 重组 班组 机组 题组 词组 常委 编委
    专科 学科 本科 文科 村室 支部 工作室 会议室 教室 专家室 阅览室 档案室 科室 处室 门诊部 党建室
    活动室 一所 两所 几所 多所 各所 有所 中心组 实处 名科 名院 车组 新院 老院 外院 馆馆 群组 股室
    参股 入股 控股 持股 中小学
    """
)
# A level standing for the notice's own area: 市卫健委, 区疾控中心, 镇卫生院 (not 市场, 市级, 乡镇).
_BARE_LEVEL = re.compile(r"[省市区县镇乡](?![场区民长直级域内外县属辖镇乡村街容貌]|政(?!府))")
_NAMED_START = re.compile(r"中共|国家|中国|全国")
# A place in brackets inside a name: 国家（江苏）紧急医学救援队.
_PLACE_IN_PARENS = re.compile(r"[（(][\u4e00-\u9fff]{2,7}[）)]")
# Words that say which kind of unit, not which unit: 公立医院, 二级医院, 医疗机构.
GENERIC = words(
    """
    现有 原有 既有 先进 优秀 模范 标杆
    各 全 本 该 我 其 其他 相关 有关 上级 下级 下属 直属 所属 基层 公立 民营
    私立 社会 综合 专科 等级 三甲 三乙 二甲 二乙 一级 二级 三级 省级 市级 县级
    区级 镇级 乡级 村级 国家级 乡镇 城市 农村 城乡 社区 定点 医疗 卫生 医疗卫生
    医药 机构 单位 职能 业务 临床 医技 行政 牵头 成员 责任 参与 主管 重点 龙头
    示范 试点 县域 区域 市直 县直 区直 省直 辖区 属地 帮扶 对口 上述 以上 以下
    同级 第三方 民办 工作 管理 服务 内设 下设 外地 外院 院外 院内 本地 当地 全市
    全区 全县 全省 我市 我区 我县 本市 公共 精神 专业 中医 西医 一 二 三 新 大
    老 分 总 多 两 几 部分 所有 村 镇 乡 新任 时任 前任 互联网 中标 投标 招标
    人民 级 现代 新型 智慧 行业 区域性 上 下 中小 廉洁 平安 清廉 数字 绿色 文明
    审计 咨询 代理 造价 物业 保洁 供应商 廉政 教育 警示 实训 培训 有 党 支部 机关
    党员 相应 具体 主要 分管 归口 承办 联系 接待 体检 托育 养老 医养 结合 医共体
    医联体
    """
)
# A department is named by words that are generic for units (公共卫生科, 医务科): fewer words
# say that no particular department is meant.
DEPT_GENERIC = words(
    """
    各 全 本 该 其 其他 相关 有关 责任 牵头 参与 临床 医技 职能 业务 行政 空白
    分管 所属 下属 内设 多 两 几 其余 小组 工作
    """
)


def _alternatives(options: frozenset[str]) -> re.Pattern[str]:
    """A pattern for one or more of `options` in a row, longest first."""
    return re.compile("(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")+")


_GENERIC_RE = _alternatives(GENERIC)
_DEPT_GENERIC_RE = _alternatives(DEPT_GENERIC)
_CLASS_START = re.compile(
    r"^(?:[省市县区镇乡村]级|国家级|各|全|相关|有关|上级|基层|公立|民营|县域|区域|同级|下属|直属|其他|所属|部分|多家|"
    r"[一二三四五六七八九十两几\d]+[家个所级县市区]|该|本|等级|综合|专科)"
)
# Words that make a name a class of units wherever they stand: 市县两级, 民营, 省级, 医联体.
_CLASS_INSIDE = re.compile(
    r"两级|市县|县区|省市|各级|以上|以下|民营|公立|区域|[省市县区]级|国家级|[一二三四五六七八九十]级|医[联共]体|等级"
    r"|[一二三四五六七八九十两]+[县市区]|基层"
)
_RURAL = ("农村", "乡村", "城乡", "城镇", "乡镇")  # words, not areas: 农业农村局, 住房和城乡建设局
_PERSON = re.compile(r"院长|书记|主任|同志|人员|干部|职工|医生|专家|负责人|群众|患者|代表|委员|老师")
_SOFT = frozenset("和与同及或并")
_NUMERALS = re.compile(r"[一二三四五六七八九十\d]")
_SELF_PREFIX = re.compile(r"^(?:我|本)?(?:医院|院|委|局|中心|单位)")
_PARTY_DEPTS = ("组织部", "宣传部", "统战部", "政法委", "编办", "巡察办")
# National bodies named without a head word of their own.
_NATIONAL = re.compile(r"党中央|中共中央(?!政治局|办公厅|组织部|宣传部)|国务院(?!办公厅)")
_COUNT = re.compile(r"[\d一二三四五六七八九十两]+(?:[家所个名位支批]|镇|乡|街道)$")
_CREATION = words("成立 组建 筹建 新建 建成 建设 创成 创建 打造 设立 增设 获评 获批")
_ALIAS = re.compile(r"[（(](?:以下简称|下称|简称)[“\"]?(?P<alias>[^”\"）)]{2,20})[”\"]?[）)]")
MAX_NAME = 30
_VERB_TAGS = frozenset({"v", "d", "ad", "p", "c", "t", "r"})


@dataclass(slots=True)
class _Mention:
    """A surface form at a place in the text, with what its form says about it."""

    start: int
    end: int
    text: str
    parent: _Mention | None = None
    self_ref: bool = False
    aliases: list[str] = field(default_factory=list)
    # the other items of the enumeration it stands in, never one unit with it: 县医院、县中医院
    peers: list[str] = field(default_factory=list)


def _not_unit(name: str, head: str) -> bool:
    """Whether `name` ends in a word that only ends like `head` (干部, 全院; not 党支部's 支部)."""
    return any(name[-n:] in NOT_UNITS for n in (2, 3) if n > len(head))


def _head_at_end(name: str) -> str | None:
    return next((h for h in _HEADS_BY_LAST.get(name[-1:], ()) if name.endswith(h)), None)


def _division(text: str, i: int) -> Hit | None:
    """The division named at `text[i]`, unless it is a bare name that is an ordinary word:
    公安局 is a police bureau, not 公安县's."""
    hit = division_at(text, i)
    if hit is not None and not hit.suffixed and is_common_word(text[hit.start : hit.end]):
        return None
    return hit


def _place_len(name: str) -> int:
    """How many leading characters of `name` name places: 成都市武侯区, 市, 桥山街道, 中共."""
    i = 0
    while i < len(name):
        m = _NAMED_START.match(name, i)
        if m:
            i = m.end()
            continue
        hit = _division(name, i)
        ends = [
            e
            for e in (hit.end if hit and (hit.suffixed or hit.end < len(name)) else 0, area_at(name, i))
            if e
        ]
        ends += [m.end()] if (m := _PLACE_IN_PARENS.match(name, i)) and i > 0 else []
        if ends and max(ends) < len(name):
            i = max(ends)
            continue
        if i == 0 and _BARE_LEVEL.match(name, i) and len(name) > 1:
            i += 1
            continue
        break
    return i


def _proper(name: str) -> tuple[str, bool]:
    """The part of `name` between its places and its head, and whether a place stood before it."""
    head = _head_at_end(name) or ""
    places = _place_len(name)
    return name[places : len(name) - len(head)], places > 0


def is_named(name: str) -> bool:
    """Whether `name` names one unit rather than a kind of unit (医院, 公立医院, 二级以上医院).

    The words between a name's places and its head must say which unit it is; generic words
    (各, 公立, 医疗) do not. A place alone does, for the units a place has one of (市委, 区政府).
    """
    head = _head_at_end(name)
    if head is None or len(name) > MAX_NAME or _not_unit(name, head):
        return False
    proper, placed = _proper(name)
    if name in BARE_DEPTS or name in ANAPHORS:
        return True
    if not proper:
        # 市委, 区局: a place has one of these; 石门镇卫生院, 河口村卫生室: the place names the unit
        places = name[: len(name) - len(head)]
        if head in SINGLETON_HEADS or head in ANAPHORIC_HEADS:
            return placed
        if len(places) == 1:  # 市中医院, 省人民医院 (人民 is generic): the place's one hospital
            return head in UNIT_HEADS and len(head) > 1 and head != "中心"
        return placed and head not in DEPT_HEADS and head != "中心"
    if name[0] in _SOFT or name[0] in FUNCTION_CHARS:
        return False
    if not placed and trigger_after(proper, 0) and name not in _PARTY_DEPTS:
        rest = proper[trigger_after(proper, 0) :]
        if head not in GROUP_HEADS or not rest or proper[: len(proper) - len(rest)] not in TASKS:
            return False  # 落实党支部, 下设协调组: a verb and its object; but 巡察整改领导小组 is named
    if not placed and head in (*SINGLETON_HEADS, *ANAPHORIC_HEADS) and proper[-1] in "省市区县":
        return False  # 待区局, 前期区委: the level starts the name
    if not placed and (any(ch in _SOFT for ch in proper) or (len(name) > 9 and head not in GROUP_HEADS)):
        return False  # 巡察整改与医院: a clause; unplaced names are short unless a group's
    generic = _DEPT_GENERIC_RE if head in DEPT_HEADS or placed else _GENERIC_RE
    if (not placed and head not in DEPT_HEADS and _CLASS_START.match(proper)) or generic.fullmatch(proper):
        return False
    if proper.endswith(("村", "镇", "乡", "街道")) and not proper.endswith(_RURAL):
        return False  # 样本村卫生室: an area that is no proper one (but 农业农村局 is a bureau)
    if _CLASS_INSIDE.search(name[_place_len(name) :]):
        return False
    return not _PERSON.search(proper)


def _is_head_end(text: str, end: int) -> str | None:
    """The head ending at `end` if it stands as a head there (not 委员, 局面, 科研)."""
    last = text[end - 1] if 0 < end <= len(text) else ""
    head = next((h for h in _HEADS_BY_LAST.get(last, ()) if text.startswith(h, end - len(h))), None)
    if head is None or _NOT_HEAD.match(text, end - 1) or _not_unit(text[max(0, end - 3) : end], head):
        return None
    if len(head) == 1 and _NOT_SHORT_HEAD.match(text, end - 1):
        return None
    if head == "所" and re.match(r"[\u4e00-\u9fff]{1,2}的", text[end : end + 3]):
        return None  # 所借用的: a relative clause, not an institute
    return head


def _place_start(text: str, i: int) -> bool:
    if _inside_place(text, i):
        return False  # 市 in 广州市 starts no name
    if _NAMED_START.match(text, i):
        return True
    hit = _division(text, i)
    if hit is not None and hit.suffixed:
        return True
    begins_word = (
        is_boundary(text, i)
        or (i > 0 and text[i - 1] in _SOFT)
        or _after_place(text, i)
        or bool(_is_head_end(text, i))
    )
    if hit is not None or area_at(text, i):
        return begins_word
    return bool(_BARE_LEVEL.match(text, i)) and begins_word and _is_head_end(text, i) is None


def _hard_limit(text: str, head_start: int) -> int:
    """How far left a name ending at `head_start` may reach: to the nearest punctuation or
    function character (except one inside a place name: 成都, 于都)."""
    i = head_start
    while i > 0 and head_start - i < MAX_NAME:
        ch = text[i - 1]
        opening = text.rfind("（", max(0, i - 9), i) if ch == "）" else -1
        if opening > 0 and _PLACE_IN_PARENS.fullmatch(text, opening, i) and division_at(text, opening + 1):
            i = opening
            continue
        if ch in _SOFT:
            i -= 1
            continue
        if is_boundary(text, i) and not trigger_before(text, i):
            break
        i -= 1
    return i


def _inside_place(text: str, at: int) -> bool:
    """Whether a division name written before `text[at]` runs on over it."""
    return any((hit := division_at(text, s)) is not None and hit.end > at for s in range(max(0, at - 5), at))


def _after_place(text: str, at: int) -> bool:
    """Whether a place name ends right before `text[at]` (桥山街道|河口村)."""
    return any(
        ((hit := division_at(text, s)) is not None and hit.end == at) or area_at(text, s) == at
        for s in range(max(0, at - 8), at - 1)
    )


def _internal_breaks(text: str, start: int, end: int, final_head: str) -> bool:
    """Whether a complete unit name inside text[start:end] is followed by what ends a name:
    a verb (市卫健委设立投诉受理室), a conjunction (…中心和石门镇卫生院) or a new place
    (…医管中心广州妇幼保健中心), except a hospital's branch (广东省人民医院青川医院)."""
    head_start = end - len(final_head)
    for q in range(start + 2, head_start + 1):
        head = _is_head_end(text, q)
        if head is None or not is_named(text[start:q]):
            continue
        for x in range(q, head_start):
            n = trigger_after(text, x)
            if (
                text[x] in _SOFT
                or text[x] in FUNCTION_CHARS
                or (n and (x + n < head_start or len(final_head) > 1))
            ):
                return True
        if _place_start(text, q) and not (head in ("医院", "集团") and final_head in ("医院", "分院")):
            return True
    return False


def _verb_first(name: str, head: str) -> bool:
    """Whether an unplaced name is a verb and a unit's type (担任党委, 培育医院), by jieba's tags;
    a department may be named after an activity (放射影像科, 呼吸内科)."""
    if head in DEPT_HEADS:
        return False
    first = next(iter(tagged_words(name[: len(name) - len(head)])), None)
    return first is not None and first[1] in _VERB_TAGS


def _created(text: str, p: int, head: str) -> bool:
    """Whether the name at `p` follows a verb of creation and names a kind of unit: an unplaced
    筹建康复指导中心 is a designation; a group or a department set up is named (成立…领导小组)."""
    n = trigger_before(text, p)
    return n > 0 and text[p - n : p] in _CREATION and head in UNIT_HEADS


def _best_start(text: str, head_start: int, head_end: int) -> int | None:
    """The likeliest start of a name whose head is text[head_start:head_end] (see module doc)."""
    limit = _hard_limit(text, head_start)
    head = text[head_start:head_end]
    best: tuple[int, int] | None = None
    for p in range(head_start, limit - 1, -1):
        n = trigger_before(text, p)
        after_trigger = n > 0
        after_soft = p > 0 and text[p - 1] in _SOFT
        place = _place_start(text, p)
        if not (p == limit or after_trigger or after_soft or place):
            continue
        name = text[p:head_end]
        if not is_named(name) or _internal_breaks(text, p, head_end, head):
            continue
        if not place and (_COUNT.search(text, max(0, p - 4), p) or _created(text, p, head)):
            continue  # 4个医学中心, 筹建康复指导中心: kinds of units, not units
        if not _place_len(name) and (_CLASS_INSIDE.search(text, limit, p) or _verb_first(name, head)):
            continue  # 省级老年健康指导中心; 担任党委
        verbs = sum(1 for x in range(p + 1, head_start + 1) if trigger_before(text, x) > 0)
        if head in GROUP_HEADS:
            verbs = 0  # groups are named after their task: 巡察整改落实工作领导小组
        elif verbs and not place and name not in _PARTY_DEPTS:
            continue  # 分管院长约谈药剂科: a clause, not a name
        governed = (after_trigger and text[p - n : p] not in TASKS) or after_soft
        score = 2 * place + (governed or (p > 0 and text[p - 1] in FUNCTION_CHARS))
        score -= 2 * verbs
        score -= 1 * sum(1 for ch in text[p:head_start] if ch in _SOFT)
        score -= 3 * len(_PERSON.findall(name))
        if best is None or score >= best[0]:
            best = (score, p)
    return best[1] if best else None


def _head_matches(text: str) -> Iterator[tuple[int, int]]:
    for m in _HEAD_RE.finditer(text):
        head = _is_head_end(text, m.end())
        if head is not None:
            yield m.end() - len(head), m.end()


def _is_group(name: str) -> bool:
    """Inspection groups are not organizations here: they have their own class."""
    return bool(re.search(r"(?:巡察|巡视)(?:第.{1,3})?组$|第.{1,3}(?:巡察|巡视)组$", name))


def _candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every name, the longest where names nest at one end (省人民医院)."""
    found: dict[int, int] = {}
    for hs, he in _head_matches(text):
        start = _best_start(text, hs, he)
        if start is None:
            start = _listed_short_form(text, hs, he)
        if start is not None and not _is_group(text[start:he]) and not _kind_in_list(text, start, he):
            found[he] = min(start, found.get(he, start))
    return sorted((s, e) for e, s in found.items())


def _previous_item(text: str, start: int) -> str | None:
    """The item before `start` in an enumeration (A、B, A和B), or None."""
    if start == 0 or text[start - 1] not in "、和及与":
        return None
    return text[left_boundary(text, start - 1) : start - 1]


def _listed_short_form(text: str, head_start: int, head_end: int) -> int | None:
    """The start of a unit listed after another of the notice's place, which its name leaves
    out: 与市法院、检察院; 督促市二院、中医医院 (中医医院 alone is a kind of hospital)."""
    p = left_boundary(text, head_start)
    before = _previous_item(text, p)
    if not before or not _place_len(before) or not is_named(before):
        return None
    return p if p < head_end and is_named(before[: _place_len(before)] + text[p:head_end]) else None


def _kind_in_list(text: str, start: int, end: int) -> bool:
    """Whether an unplaced name is listed with kinds of units, so is one itself:
    区域消毒供应中心、检验中心; 养老机构和护理中心."""
    before = _previous_item(text, start)
    if before is None or _place_len(text[start:end]) or _place_len(before):
        return False
    if before.endswith(("机构", "单位", "部门")):
        return True
    ends = [q for q in range(2, len(before) + 1) if _head_at_end(before[:q])]
    return bool(ends) and before not in SINGLETON_HEADS and not any(is_named(before[:q]) for q in ends)


def _split_parent(text: str, start: int, end: int) -> int | None:
    """Where the unit a sub-unit is named after ends (市一院|实验室, 区委|组织部), if it is."""
    for q in range(end - 1, start + 1, -1):
        if _is_head_end(text, q) and is_named(text[start:q]):
            rest = text[q:end]
            if any(text.startswith(h, end - len(h)) and len(h) > len(rest) for h in HEADS):
                return None  # 纪委监委: one head
            if rest in UNIT_HEADS or "附属" in rest:
                return None  # 中心卫生院, 大学附属医院: one unit, not a unit and its sub-unit
            return q
    return None


def _mentions(text: str) -> list[_Mention]:
    spans = _candidates(text)
    out: list[_Mention] = []
    for s, e in spans:
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans):
            continue  # inside a longer name: 省人民医院 in 江苏省人民医院
        mention = _with_parent(text, s, e)
        if mention is not None:
            out.append(mention)
    out += _enumerated(text, spans)
    out += [_Mention(m.start(), m.end(), m.group()) for m in _NATIONAL.finditer(text)]
    out.sort(key=lambda m: m.start)
    listed = [[out[0]]] if out else []
    for a, b in pairwise(out):
        if text[a.end : b.start] in ("、", "和", "及", "与"):
            listed[-1].append(b)
        else:
            listed.append([b])
    for group in listed:
        for m in group:
            m.peers = [x.text for x in group if x is not m]
    return out


def _with_parent(text: str, s: int, e: int) -> _Mention | None:
    """The mention of text[s:e] with the unit it is named after, if any; None for a form that
    refers to the notice's own unit without naming a part of it (院卫生室)."""
    name = text[s:e]
    self_prefix = _SELF_PREFIX.match(name)
    if self_prefix and not is_named(name[: self_prefix.end()]) and len(name) > self_prefix.end():
        rest = name[self_prefix.end() :]
        if rest in PARTY_HEADS or rest in DEPT_HEADS or (is_named(rest) and _head_at_end(rest) in DEPT_HEADS):
            return _Mention(s, e, name, self_ref=True)
        return None
    q = _split_parent(text, s, e)
    if q is None:
        return _Mention(s, e, name)
    # 中共X医院委员会 names X医院's party committee; X医院 itself is no 中共 body
    unit_start = s + 2 if name.startswith("中共") and text[q:e] in (*PARTY_HEADS, "委员会") else s
    return _Mention(s, e, name, parent=_with_parent(text, unit_start, q))


def _enumerated(text: str, spans: list[tuple[int, int]]) -> list[_Mention]:
    """Units an enumeration names by sharing its last item's head: 石门、桥山人民医院,
    广州、佛山卫健委, 甘泉石门、云溪河口2家中心卫生院."""
    out = []
    tails = [(s, e, s) for s, e in spans]  # 石门、|桥山|人民医院: the last item as long as the one before
    tails += [
        (hs, he, c.start())
        for hs, he in _head_matches(text)
        if (c := _COUNT.search(text, 0, hs)) and c.end() == hs
    ]
    for s, e, last_end in tails:
        items = _items_before(text, s if last_end == s else left_boundary(text, last_end))
        if not items:
            continue
        if last_end == s:
            last_start, last_end = s, s + len(items[-1][1])
        else:
            last_start = left_boundary(text, last_end)
        tail = text[s:e] if last_end < s else text[last_end:e]
        listed = [*items, (last_start, text[last_start:last_end])]
        if (
            not listed[-1][1]
            or any(_head_at_end(x) for _, x in items)
            or not all(is_named(x + tail) for _, x in listed)
        ):
            continue
        if _head_at_end(tail) in DEPT_HEADS and not all(_place_start(text, at) for at, _ in listed):
            continue  # 分管领导、财务科: a person and a department, not two departments
        out += [_Mention(at, at + len(x), x + tail) for at, x in listed]
    return out


def _items_before(text: str, start: int) -> list[tuple[int, str]]:
    """The enumeration items separated by 、 before a name starting at `start`, nearest last."""
    items: list[tuple[int, str]] = []
    end = start
    while end > 0 and text[end - 1] == "、":
        item_start = left_boundary(text, end - 1)
        item = text[item_start : end - 1]
        if not (1 <= len(item) <= 6) or not (_place_start(text, item_start) or len(item) <= 3):
            break
        items.insert(0, (item_start, item))
        end = item_start
    return items


@dataclass(slots=True)
class _Cluster:
    """One unit: every form a notice uses for it and where; `name` is fixed for the units the
    header names (the publisher, the target and the publisher's own unit)."""

    forms: list[str]
    spans: list[Span] = field(default_factory=list)
    name: str | None = None
    parent: _Cluster | None = None
    # a sub-unit's names within its unit: 检验科 for 市二院检验科 and 院检验科
    cores: list[str] = field(default_factory=list)

    def canonical(self, qualify: Callable[[str], str]) -> str:
        """The fixed name, or the sub-unit's name after its unit's, or the fullest form with the
        notice's place (`qualify`) and without 中共 unless it is a party body."""
        if self.name is not None:
            return self.name
        if self.parent is not None:
            return self.parent.canonical(qualify) + max(self.cores, key=len)
        best = max(map(qualify, self.forms), key=lambda f: (_place_len(f) > 0, len(f)))
        return best if _kind(best) == "party" else strip_party_prefix(best)

    def add(self, form: str, span: Span | None, core: str | None = None) -> None:
        if form not in self.forms:
            self.forms.append(form)
        if core and core not in self.cores:
            self.cores.append(core)
        if span is not None:
            self.spans.append(span)


def _core(name: str) -> str:
    """The name without its places and its unit's self-reference: 医院内审科 → 内审科."""
    name = name[_place_len(name) :]
    m = _SELF_PREFIX.match(name)
    return name[m.end() :] if m and len(name) > m.end() + 1 else name


def _same_unit(a: str, b: str, place: str | None) -> bool:
    """same_org, kept from joining a place's committee with its departments (市委 ≠ 市卫健委),
    and extended to forms that leave the notice's place out (疾控中心 = 市疾控中心) or the start
    of a group's task (整改工作领导小组 = 巡察整改工作领导小组)."""
    ha, hb = _head_at_end(a), _head_at_end(b)
    if {ha, hb} & set(SINGLETON_HEADS) and ha != hb and {ha, hb} != {"委", "委员会"}:
        return False
    if set(_NUMERALS.findall(a)) != set(_NUMERALS.findall(b)):
        return False  # 县人民医院 ≠ 县第二人民医院 (but 市一院 = 市第一人民医院)
    if any(not _proper(x)[0] and _head_at_end(x) in (*SINGLETON_HEADS, *ANAPHORIC_HEADS) for x in (a, b)):
        return match_key(a, place) == match_key(b, place)
    if same_org(a, b, place) or same_org(qualify_in(a, place), qualify_in(b, place)):
        return True
    if _place_len(a) and _place_len(b):
        return False
    ca, cb = _core(a), _core(b)
    short, long = sorted((ca, cb), key=len)
    if len(short) >= 4 and long.endswith(short) and ha == hb:
        return True
    local = all(qualify(x, place) == x or _place_len(x) <= 1 for x in (a, b))
    return local and len(short) >= 2 and same_org(ca, cb)


class _Resolver:
    """Clusters a notice's mentions into units, seeded with the header's publisher and target
    and the publisher's own unit (the hospital whose 党委 publishes), whose departments the
    notice names bare."""

    def __init__(self, header: Header | None) -> None:
        self.place = header.place if header else None
        self.clusters: list[_Cluster] = []
        self.own: _Cluster | None = None
        self.own_party: _Cluster | None = None
        # the names of the publisher's unit: 青川市第二人民医院 for its 党委, 桥山镇 for 镇党委
        self.own_units: list[str] = []
        self.town: str | None = None
        if header is None:
            return
        for org in (header.publisher, header.target):
            if org is not None and not any(c.name == org.name for c in self.clusters):
                self.clusters.append(_Cluster([org.name, *org.aliases], name=org.name))
        publisher = header.publisher or header.target
        if publisher is None:
            return
        own = self.clusters[0]
        self.own_units = [_unit_name(x) for x in (publisher.name, *publisher.aliases)]
        town_end = area_at(self.own_units[0], 0)
        self.town = self.own_units[0][:town_end] if town_end else None
        unit = _unit_of(publisher.name)
        if unit:
            self.own_party = own
            self.own = _Cluster([unit], name=unit)
            self.clusters.append(self.own)
        else:
            self.own = own

    def qualify(self, form: str) -> str:
        """`form` with the area a bare level stands for: 市卫健委 → 青川市卫健委, and in a town's
        notice 镇卫生院 → 桥山镇卫生院."""
        qualified = qualify_in(form, self.place)
        if qualified == form and self.town and form[0] in "镇乡" and self.town.endswith(form[0]):
            return self.town + form[1:]
        return qualified

    def _find(self, form: str, peers: tuple[str, ...] = ()) -> _Cluster | None:
        q = self.qualify(form)
        exact = [c for c in self.clusters if form in c.forms or q in map(self.qualify, c.forms)]
        if exact:
            return exact[0]
        matches = [
            c
            for c in self.clusters
            if c.parent is None
            and not set(peers) & set(c.forms)
            and any(_same_unit(q, self.qualify(f), self.place) for f in c.forms)
        ]
        return max(matches, key=lambda c: max(ratio(form, f) for f in c.forms), default=None)

    def _add(self, form: str, span: Span | None, peers: tuple[str, ...] = ()) -> _Cluster:
        cluster = self._find(form, peers)
        if cluster is None:
            cluster = _Cluster([])
            self.clusters.append(cluster)
        cluster.add(form, span)
        return cluster

    def _add_sub(self, form: str, core: str, span: Span, parent: _Cluster) -> _Cluster:
        """A sub-unit of `parent`, one per name within it (`core`)."""
        cluster = next((c for c in self.clusters if c.parent is parent and core in c.cores), None)
        if cluster is None:
            cluster = _Cluster([], parent=parent)
            self.clusters.append(cluster)
        cluster.add(form, span, core)
        return cluster

    def _referent(self, form: str) -> _Cluster | None:
        """The one unit named so far that a bare type (领导小组, 区局, 工会) stands for."""
        head = _head_at_end(form) or form
        named = [c for c in self.clusters if any(f.endswith(head) and f != form for f in c.forms)]
        return named[0] if len(named) == 1 else None

    def add(self, m: _Mention, view: TextView) -> _Cluster | None:
        span = view.span(m.start, m.end)
        if m.self_ref:
            return self._add_self(m.text, span)
        if not _proper(m.text)[0] and (
            m.text in (*ANAPHORS, *BARE_DEPTS) or _head_at_end(m.text) in ANAPHORIC_HEADS
        ):
            referent = self._referent(m.text)
            if referent is not None:
                referent.add(m.text, span)
                return referent
            if m.text not in BARE_DEPTS:
                return None
        if m.parent is not None:
            parent = self.add(m.parent, view)
            child = m.text[m.parent.end - m.start :]
            if child in PARTY_HEADS or child == "委员会" or parent is None:
                return self._add(m.text, span)
            return self._add_sub(m.text, child, span, parent)
        if _head_at_end(m.text) in DEPT_HEADS and not _place_len(m.text):
            return self._add_dept(m.text, span)
        return self._add(m.text, span, tuple(m.peers))

    def _add_self(self, form: str, span: Span) -> _Cluster | None:
        """院党委, 委办公室, 医院内审科: the notice's own unit, its party body or a department; but
        局党组 in a hospital's notice is another unit's, and is left out."""
        prefix = _SELF_PREFIX.match(form)
        said = prefix.group().lstrip("我本") if prefix else ""
        if said != "单位" and not any(u.replace("委员会", "委").endswith(said) for u in self.own_units):
            return None
        if _core(form) in OWN_PARTY_HEADS:
            target = self.own_party or self.own
            if target is not None:
                target.add(form, span)
            return target
        return self._add_dept(form, span)

    def _add_dept(self, form: str, span: Span) -> _Cluster | None:
        """A department named bare belongs to the publisher's own unit; a bare 科 is a medical
        specialty unless that unit is itself a hospital or a health centre."""
        if self.own is None:
            return None
        own_kind = _kind(self.own.canonical(self.qualify))
        if form.endswith("科") and own_kind not in ("hospital", "primary_care"):
            return None
        return self._add_sub(form, _core(form), span, self.own)

    def orgs(self) -> list[Org]:
        out = []
        for c in self.clusters:
            name = c.canonical(self.qualify)
            forms = [*c.forms, *map(self.qualify, c.forms), *(x for x in c.cores if _head_at_end(x) != x)]
            aliases = tuple(f for f in dict.fromkeys(forms) if f != name)
            parent = c.parent.canonical(self.qualify) if c.parent else None
            # by start and end: two spans at one start kept set order, which hash seeds change
            evidence = tuple(sorted(set(c.spans), key=lambda s: (s.start, s.end)))
            kind = _kind(max(c.cores, key=len) if c.parent else name)
            out.append(Org(name, aliases, kind, parent, evidence))
        return out


def _unit_name(name: str) -> str:
    """A name without 中共 and the party body's suffix: 中共桥山镇委员会 → 桥山镇."""
    name = strip_party_prefix(name)
    suffix = next((x for x in ("委员会", "党委", "党组") if name.endswith(x) and len(name) > len(x) + 1), "")
    return name[: len(name) - len(suffix)]


def _unit_of(name: str) -> str | None:
    """The unit a party body leads, where it is a unit of its own: 中共青川市第一人民医院委员会 →
    青川市第一人民医院 (a town's or a place's committee leads no unit named apart from it)."""
    unit = _unit_name(name)
    if unit == strip_party_prefix(name) or not _head_at_end(unit) or re.search(r"[省市区县]委$", unit):
        return None
    return unit


def _kind(name: str) -> str | None:
    """The typed subclass a name's head gives (see kg.graph.assemble.ORG_TYPES)."""
    if name.endswith(PARTY_HEADS) or name.startswith("中共") or re.search(r"[省市区县]委$", name):
        return "party"
    if name.endswith(("社区卫生服务中心", "社卫中心", "卫生院", "卫生室", "服务站")):
        return "primary_care"
    if name.endswith(("医院", "中医院", "分院", "保健院", "护理院")):
        return "hospital"
    if name.endswith(("公司", "集团")):
        return "company"
    if name.endswith(("人民政府", "政府", "局", "厅", "委", "委员会", "办")) and _place_len(name):
        return "government"
    return None


def _aliases(text: str, mentions: list[_Mention]) -> None:
    """Record the explicit aliases a text gives: （以下简称X）, A（B） of one type, A更名为B."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        alias = _ALIAS.match(text, m.end)
        if alias:
            m.aliases.append(alias.group("alias"))
            continue
        if text[m.end : m.end + 1] in "（(":
            other = by_start.get(m.end + 1)
            if (
                other
                and text[other.end : other.end + 1] in "）)"
                and _head_at_end(other.text) == _head_at_end(m.text)
            ):
                m.aliases.append(other.text)
        renamed = m.end + len("更名为")
        if text.startswith("更名为", m.end) and renamed in by_start:
            m.aliases.append(by_start[renamed].text)


def extract_organizations(body: str, header: Header | None = None) -> list[Org]:
    """The organizations a notice body names, one record per unit, publisher and target first."""
    view = name_view(body)
    mentions = _mentions(view.text)
    _aliases(view.text, mentions)
    resolver = _Resolver(header)
    for m in mentions:
        cluster = resolver.add(m, view)
        for alias in m.aliases if cluster is not None else ():
            cluster.add(alias, None, core=alias if cluster.parent is not None else None)
    return resolver.orgs()


@Language.component("xc_organizations")
def organizations_component(doc: Doc) -> Doc:
    """spaCy component: organization records into doc.user_data, their spans into doc.spans."""
    records = extract_organizations(text_of(doc), doc.user_data.get("header"))
    return store_records(doc, "organizations", records, "ORG")
