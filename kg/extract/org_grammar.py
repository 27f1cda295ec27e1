"""The grammar of a unit's name: place + the words that tell it apart + a head (局, 委, 医院,
公司, 党委, 办公室…), and what a name's form says about the unit (its kind, the unit a party
body leads).

A head alone, or behind generic words only (医院, 各科室, 公立医院, 二级以上医院), names no unit;
a place makes it one (市中医医院, 区疾控中心, 市委). The word lists live in kg/text/data.
"""

from __future__ import annotations

import re

from kg.extract.places import area_at
from kg.text.dictionary import is_common_word, tagged_words
from kg.text.gazetteer import Hit, division_at
from kg.text.orgnames import (
    FUNCTION_CHARS,
    lexicon,
    place_prefix,
    strip_party_prefix,
    trigger_after,
    words,
)

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
UNIT_HEADS = tuple(sorted(lexicon("unit_heads"), key=lambda h: (-len(h), h)))
# The tasks a group is named after, which are verbs elsewhere: 巡察整改工作领导小组, 督查督办组.
TASKS = words("巡察 巡视 整改 督查 督办 考核 评估 审计 验收 监督 检查")
GROUP_HEADS = ("领导小组", "小组", "委员会", "组")  # named after their task: 巡察整改落实工作领导小组
# Departments a notice names by their type alone, as its own unit's: 工会, 派驻纪检组.
BARE_DEPTS = (
    "派驻纪检监察组", "派驻纪检组", "驻局纪检监察组", "驻委纪检监察组", "驻局纪检组", "驻委纪检组",
    "机关党委", "工会",
)  # fmt: skip
DEPT_HEADS = (*BARE_DEPTS, "领导小组", "小组", "办公室", "常委会", "组", "办", "科", "股", "室", "部", "处")
# longest first, and in one order whatever the hash seed
HEADS = tuple(sorted({*PARTY_HEADS, *SINGLETON_HEADS, *UNIT_HEADS, *DEPT_HEADS}, key=lambda h: (-len(h), h)))
_HEADS_BY_LAST: dict[str, tuple[str, ...]] = {
    ch: tuple(h for h in HEADS if h.endswith(ch)) for ch in sorted({h[-1] for h in HEADS})
}  # longest first, as HEADS
# A head followed by these is part of another word: 委员, 党委会, 中心组, 大学生, 卫健委发〔…〕.
_NOT_HEAD = re.compile(
    r"委[员委]|委机关|委(?:第.{1,3})?(?:巡察|巡视)|[委组]会|会议|组[织长]|心[组城工任位思环]|学[习生者]|院校"
    # a document number: 卫发〔2024〕, 青委巡办函〔2024〕
    r"|[办委局院厅部][\u4e00-\u9fff]{0,3}[〔\[［(（]\d{4}"
)
# A one-character head followed by these is part of another word: 局面, 部署, 科研, 院长, 所有.
_NOT_SHORT_HEAD = re.compile(
    r"委[托派屈]|局[面限势部长]|部[署分门位件长]|科[研学技普目室长级教务协]|室[内外间]|处[理置罚分于在室级长突方]"
    r"|办[法理事结案学医好实公]|站[位长点]|院[长内外感区士校前级领办规纪风务委报]|馆[长藏]"
    r"|队[伍员长]|组[长织成建员合团]|团[队体]|股[份东票权市民]|所[有属在以谓得需致辖]"
)
# Words that end in a head's character without naming a unit (干部, 查处, 全院, 格局, 梯队).
NOT_UNITS = lexicon("not_units")
# A level standing for the notice's own area: 市卫健委, 区疾控中心, 镇卫生院 (not 市场, 市级, 乡镇).
BARE_LEVEL = re.compile(r"[省市区县镇乡](?![场区长直级域内外县属辖镇乡村街容貌]|民(?!政)|政(?!府))")
NAMED_START = re.compile(r"中国共产党|中共|中央|国家|中国|全国")  # national bodies: 中央巡视办
# A place in brackets inside a name: 国家（青海）地震救援队.
PLACE_IN_PARENS = re.compile(r"[（(][\u4e00-\u9fff]{2,7}[）)]")
# Words that say which kind of unit, not which unit: 公立医院, 二级医院, 医疗机构.
GENERIC = lexicon("generic_words")
# A department is named by words that are generic for units (公共卫生科, 医务科): fewer words
# say that no particular department is meant.
DEPT_GENERIC = lexicon("dept_generic_words")


def _alternatives(options: frozenset[str]) -> re.Pattern[str]:
    """A pattern for one or more of `options` in a row, longest first."""
    return re.compile("(?:" + "|".join(sorted(options, key=lambda w: (-len(w), w))) + ")+")


GENERIC_RE = _alternatives(GENERIC)
_DEPTGENERIC_RE = _alternatives(DEPT_GENERIC)
_CLASS_START = re.compile(
    r"^(?:[省市县区镇乡村]级|国家级|各|全|相关|有关|上级|基层|公立|民营|县域|区域|同级|下属|直属|其他|所属|部分|多家|"
    r"[一二三四五六七八九十两几\d]+[家个所级县市区]|该|本|等级|综合|专科)"
)
# Words that make a name a class of units wherever they stand: 省市两级, 民营, 省级, 医共体.
CLASS_INSIDE = re.compile(
    r"两级|市县|县区|省市|各级|以上|以下|民营|公立|区域|[省市县区]级|国家级|[一二三四五六七八九十]级|医[联共]体|等级"
    r"|[一二三四五六七八九十两]+[县市区]|基层"
    # a level's units (区属小学, 省属企业) and a model of a kind (一流大学, 枫桥式法庭)
    r"|[省市县区]属|一流|式"
)
_RURAL = ("农村", "乡村", "城乡", "城镇", "乡镇")  # words, not areas: 农业农村局, 住房和城乡建设局
PERSON = re.compile(r"院长|书记|主任|同志|人员|干部|职工|医生|专家|负责人|群众|患者|代表|委员|老师")
SOFT = frozenset("和与同及或并")
NUMERALS = re.compile(r"[一二三四五六七八九十\d]")
ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+")
SELF_PREFIX = re.compile(r"^(?:我|本)?(?:医院|学校|集团公司|集团|公司|院|校|委|局|中心|单位)")
# The units a notice's own unit may call itself by its kind: 校党委 in a 中学's notice.
SELF_KINDS = {
    "学校": ("学", "校", "学院"),
    "校": ("学", "校", "学院"),
    "集团公司": ("集团", "公司"),
    "集团": ("集团", "公司"),
    "公司": ("集团", "公司"),
}
PARTY_DEPTS = ("组织部", "宣传部", "统战部", "政法委", "编办", "巡察办", "巡视办")
MAX_NAME = 30
# Heads of units named by a proper name more often than by a place, whose names run longer:
# 青禾能源集团有限公司, 云岭理工大学.
PROPER_NAMED_HEADS = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "大学", "学院", "研究院")


def _not_unit(name: str, head: str) -> bool:
    """Whether `name` ends in a word that only ends like `head` (干部, 全院; not 党支部's 支部)."""
    return any(name[-n:] in NOT_UNITS for n in (2, 3) if n > len(head))


def head_at_end(name: str) -> str | None:
    return next((h for h in _HEADS_BY_LAST.get(name[-1:], ()) if name.endswith(h)), None)


def division(text: str, i: int) -> Hit | None:
    """The division named at `text[i]`, unless it is a bare name that is an ordinary word:
    公安局 is a police bureau, not 公安县's."""
    hit = division_at(text, i)
    if hit is not None and not hit.suffixed and is_common_word(text[hit.start : hit.end]):
        return None
    return hit


def place_len(name: str) -> int:
    """How many leading characters of `name` name places: 成都市武侯区, 市, 桥山街道, 中共."""
    i = 0
    while i < len(name):
        m = NAMED_START.match(name, i)
        if m:
            i = m.end()
            continue
        hit = division(name, i)
        ends = [
            e
            for e in (hit.end if hit and (hit.suffixed or hit.end < len(name)) else 0, area_at(name, i))
            if e
        ]
        ends += [m.end()] if (m := PLACE_IN_PARENS.match(name, i)) and i > 0 else []
        if ends and max(ends) < len(name):
            i = max(ends)
            continue
        if i == 0 and BARE_LEVEL.match(name, i) and len(name) > 1:
            i += 1
            continue
        zone = _ZONE.match(name, i) if i > 0 else None
        if zone and zone.end() < len(name):
            i = zone.end()  # a zone after its city's name is a place of its own: 青禾高新区|教育局
            continue
        unknown = _unknown_place(name[i:]) if i == 0 or name[:i] in ("中共", "中国共产党") else None
        if unknown and len(unknown) < len(name) - i:
            i += len(unknown)  # a place the division table lacks, named as places are: 青禾市
            continue
        break
    return i


_ZONE = re.compile(r"(?:经济技术|高新技术产业|经济|高新技术)?开发区|高新区|经开区|工业园区|产业园区|新区")


def _unknown_place(name: str) -> str | None:
    """A city's, county's or district's name the division table lacks at the start of `name`:
    two or three characters of no ordinary word, no numeral, no function character, and a level
    (青禾市, 云岭县; not 听取市委, 近两年来县法院)."""
    found = place_prefix(name)
    if not found or found[-1] not in "省市县区" or not 3 <= len(found) <= 4:
        return None
    stem = found[:-1]
    if any(ch in FUNCTION_CHARS or ch in "一二三四五六七八九十百年来" for ch in stem):
        return None
    if GENERIC_RE.match(stem) or trigger_after(stem, 0) or is_common_word(stem):
        return None
    return found


def local_form(name: str) -> str:
    """`name` from its lowest place on: 成都市武侯区人民法院 → 武侯区人民法院."""
    end = place_len(name)
    for start in range(end - 2, 0, -1):
        if place_len(name[start:]) == end - start and division_at(name, start) is not None:
            return name[start:]
    return name


def proper_part(name: str) -> tuple[str, bool]:
    """The part of `name` between its places and its head, and whether a place stood before it."""
    head = head_at_end(name) or ""
    places = place_len(name)
    return name[places : len(name) - len(head)], places > 0


# A count of units (等3个区属单位, 所属25个村), a bracket opened and never closed, or a term before
# its committee (十二届区委常委会): a list or a clause was read as one name.
PLACE_COMMITTEE = re.compile(r"[省市区县州旗]委$")
_FRAGMENT = re.compile(
    r"(?:等|所属|共)[\d一二三四五六七八九十两]+[个家户所]|[（(][^）)]*$|^[^（(]*[）)]|^[\d一二三四五六七八九十]+届"
)


def is_named(name: str) -> bool:
    """Whether `name` names one unit rather than a kind of unit (医院, 公立医院, 二级以上医院).

    The words between a name's places and its head must say which unit it is; generic words
    (各, 公立, 医疗) do not. A place alone does, for the units a place has one of (市委, 区政府).
    """
    head = head_at_end(name)
    if head is None or len(name) > MAX_NAME or _not_unit(name, head) or _FRAGMENT.search(name):
        return False
    if head == "常委会":  # a place committee's standing committee (市委常委会), no unit's department
        return bool(PLACE_COMMITTEE.search(name, 0, len(name) - len(head))) and is_named(name[: -len(head)])
    proper, placed = proper_part(name)
    if name in BARE_DEPTS or name in ANAPHORS:
        return True
    organ = next((x for x in ORGAN_SUFFIXES if name.endswith(x) and x != "委员会"), None)
    unit = name[: len(name) - len(organ)] if organ else ""
    if head_at_end(unit) in UNIT_HEADS and place_len(unit) != len(unit) and is_named(unit):
        return True  # a unit's party organ: 青禾大学党委, 历史文化学院党总支
    if not proper:
        # 市委, 区局: a place has one of these; 石门镇卫生院, 河口村卫生室: the place names the unit
        places = name[: len(name) - len(head)]
        if head in SINGLETON_HEADS or head in ANAPHORIC_HEADS:
            return placed
        if len(places) == 1:  # 市中医院, 省人民医院 (人民 is generic): the place's one hospital
            return head in UNIT_HEADS and len(head) > 1 and head != "中心"
        if len(head) == 1 and head in "所站馆队":
            return False  # 开发区所, 镇站: a place and a kind of unit, as in 镇、所 listed
        return placed and head not in DEPT_HEADS and head != "中心"
    if name[0] in SOFT or name[0] in FUNCTION_CHARS:
        return False
    if not placed and trigger_after(proper, 0) and name not in PARTY_DEPTS:
        rest = proper[trigger_after(proper, 0) :]
        if head not in GROUP_HEADS or not rest or proper[: len(proper) - len(rest)] not in TASKS:
            return False  # 健全党支部, 增设联络组: a verb and its object; but 巡察整改领导小组 is named
    if not placed and head in GROUP_HEADS and ORDINAL.fullmatch(proper):
        return False  # 第一组: a group of some set the name does not say
    if not placed and head in (*SINGLETON_HEADS, *ANAPHORIC_HEADS) and proper[-1] in "省市区县":
        return False  # 报区局, 此前县委: the level starts the name
    long = len(name) > (16 if head in PROPER_NAMED_HEADS or _unit_prefix(name) else 9)
    soft = any(ch in SOFT for ch in proper) and not joined_words(name)
    if not placed and (soft or (long and head not in GROUP_HEADS)):
        return False  # 整改落实与学校: a clause; unplaced names are short unless a group's
    generic = _DEPTGENERIC_RE if head in DEPT_HEADS or placed else GENERIC_RE
    if (not placed and head not in DEPT_HEADS and _CLASS_START.match(proper)) or generic.fullmatch(proper):
        return False
    if proper.endswith(("村", "镇", "乡", "街道")) and not proper.endswith(_RURAL):
        return False  # 试点村卫生室: an area that is no proper one (but 农业农村局 is a bureau)
    if CLASS_INSIDE.search(name[place_len(name) :]):
        return False
    return not PERSON.search(proper)


# The heads of academic units, whose names join their subjects with 与 and 和: 地理与旅游学院.
ACADEMIC_HEADS = ("学院", "研究院", "研究所", "系")


def joined_words(name: str) -> bool:
    """Whether the 与/和 in `name` joins the subjects of an academic unit (or its organ's unit)
    rather than two units: 能源与动力学院党委, not 市医院和理工学院."""
    unit = unit_name(name)
    if not unit.endswith(ACADEMIC_HEADS):
        return False
    parts = re.split("[与和]", unit)
    return len(parts) == 2 and all(parts) and head_at_end(parts[0]) is None


def _unit_prefix(name: str) -> bool:
    """Whether `name` starts with a unit of a kind named by a proper name, which it is part of:
    青禾大学|机械工程学院, 云岭能源集团|物资公司."""
    return any(
        name[:q].endswith(PROPER_NAMED_HEADS) and is_named(name[:q])
        for q in range(3, len(name) - 1)
        if head_at_end(name[:q]) in PROPER_NAMED_HEADS
    )


def is_head_end(text: str, end: int) -> str | None:
    """The head ending at `end` if it stands as a head there (not 委员, 局面, 科研)."""
    last = text[end - 1] if 0 < end <= len(text) else ""
    head = next((h for h in _HEADS_BY_LAST.get(last, ()) if text.startswith(h, end - len(h))), None)
    if head is None or _NOT_HEAD.match(text, end - 1) or _not_unit(text[max(0, end - 3) : end], head):
        return None
    if len(head) == 1 and (_NOT_SHORT_HEAD.match(text, end - 1) or _one_word(text, end, head)):
        return None
    return head


# Characters that make a one-character head a word of its own, not a unit: 新院, 老院 (a
# campus), 名科 (a famous department); and 外院 (another hospital), though 外科 is a department.
_MODIFIERS = frozenset("新老旧名本全该原前后")


def _one_word(text: str, end: int, head: str) -> bool:
    """Whether a one-character head is part of a word with the character before it: a modifier
    (新院), the head doubled (馆馆: 图书馆馆藏), a common noun in 组 (班组, 群组), or 所 before
    the verb it nominalizes (所租用的, 所需)."""
    before = text[end - 2] if end >= 2 else ""
    if before in _MODIFIERS or before == head or (head == "院" and before in "外内"):
        return True
    if head == "组" and before and before not in "小" and is_common_word(text[end - 2 : end], ()):
        return True
    if head == "所":
        after = tagged_words(text[end : end + 4])
        return bool(after) and after[0][1].startswith("v")
    return False


# The suffixes by which a unit's party organ is named after the unit: 青川市第一人民医院党委,
# 桥山中学支部委员会, 云岭县检察院党组, 青禾经济开发区党工委; longest first.
ORGAN_SUFFIXES = ("总支部委员会", "支部委员会", "党总支", "党支部", "党工委", "委员会", "党委", "党组")


def unit_name(name: str) -> str:
    """A name without 中共 and the party organ's suffix: 中共桥山镇委员会 → 桥山镇."""
    name = strip_party_prefix(name)
    for suffix in ORGAN_SUFFIXES:
        rest = name[: len(name) - len(suffix)]
        # 卫生健康委员会 is a commission's own name, not 卫生健康's committee (place_len counts a
        # place only when a name goes on after it, hence the 委 after a bare place)
        own_head = suffix == "委员会" and not head_at_end(rest) and place_len(rest + "委") < len(rest)
        if name.endswith(suffix) and len(rest) > 1 and not own_head:
            return rest
    return name


def unit_of(name: str) -> str | None:
    """The unit a party organ leads, where it is a unit of its own: 中共青川市第一人民医院委员会 →
    青川市第一人民医院, 中共云岭县卫生健康委员会 → 云岭县卫生健康委员会 (a town's or a place's
    committee leads no unit named apart from it: 中共桥山镇委员会, 市委)."""
    unit = unit_name(name)
    bare = strip_party_prefix(name)
    if unit == bare and name != bare and _names_unit(bare) and not bare.endswith(PARTY_HEADS):
        return bare  # 中共 before a commission's name: its party organ
    if unit == bare or not _names_unit(unit):
        return None
    return unit


def _names_unit(name: str) -> bool:
    """Whether `name` ends in a unit's head after more than a place: 卫生健康委员会, not 桥山镇委员会."""
    head = head_at_end(name)
    return (
        head is not None and place_len(name) < len(name) - len(head) and not re.search(r"[省市区县]委$", name)
    )


def is_organ(name: str) -> bool:
    """Whether `name` names a unit's party organ (中共…委员会, …党委, …党支部, 区检党组), which
    is a node apart from the unit it leads; a place's committee (市委, 中共桥山镇委员会) is none."""
    if unit_of(name) is not None:
        return True
    unit = unit_name(name)
    return (
        unit != strip_party_prefix(name)
        and not name.endswith("委员会")
        and place_len(unit + "委") < len(unit)
    )


def kind_of(name: str) -> str | None:
    """The typed subclass a name's head gives (see kg.graph.assemble.ORG_TYPES)."""
    if name.endswith(PARTY_HEADS) or is_organ(name) or re.search(r"[省市区县]委(?:员会)?$", name):
        return "party"
    if name.endswith(("社区卫生服务中心", "社卫中心", "卫生院", "卫生室", "服务站")):
        return "primary_care"
    if name.endswith(("医院", "中医院", "分院", "保健院", "护理院")):
        return "hospital"
    if name.endswith(("公司", "集团")):
        return "company"
    if name.endswith(("人民政府", "政府", "局", "厅", "委", "委员会", "办")) and place_len(name):
        return "government"
    return None
