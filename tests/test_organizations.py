import pytest

from kg.extract.nlp import make_nlp, run
from kg.extract.org_grammar import is_named
from kg.extract.organizations import extract_organizations
from kg.models import Header, Org

HOSPITAL_PARTY = Org(
    "中共青川市第二人民医院委员会",
    ("青川市第二人民医院党委", "市第二人民医院党委", "市二院党委"),
    "party",
)
HOSPITAL = Header(place="青川市", publisher=HOSPITAL_PARTY, target=HOSPITAL_PARTY)
COMMISSION_PARTY = Org("中共青川市卫生健康委员会党组", ("青川市卫健委党组", "市卫健委党组"), "party")
COMMISSION = Header(place="青川市", publisher=COMMISSION_PARTY, target=COMMISSION_PARTY)
BUREAU_PARTY = Org("中共甘泉县卫生健康局党组", ("县卫健局党组",), "party")
BUREAU = Header(place="甘泉县", publisher=BUREAU_PARTY, target=BUREAU_PARTY)
CENTRE = Org("桥山街道社区卫生服务中心", ("桥山镇中心卫生院",))
HEALTH_CENTRE = Header(place="云溪区", publisher=CENTRE, target=CENTRE)
TOWN_PARTY = Org("中共石门镇委员会", ("石门镇党委",), "party")
TOWN = Header(place="云溪区", publisher=TOWN_PARTY, target=TOWN_PARTY)
# the header's units: the publisher and the unit its party body leads
SEEDED = {
    HOSPITAL_PARTY.name: {HOSPITAL_PARTY.name, "青川市第二人民医院"},
    COMMISSION_PARTY.name: {COMMISSION_PARTY.name, "青川市卫生健康委员会"},
    BUREAU_PARTY.name: {BUREAU_PARTY.name, "甘泉县卫生健康局"},
    CENTRE.name: {CENTRE.name},
    TOWN_PARTY.name: {TOWN_PARTY.name},
}


def _orgs(body: str, header: Header) -> dict[str, Org]:
    return {o.name: o for o in extract_organizations(body, header)}


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        # a bare level names the notice's place; short forms and generic heads
        (
            "督促市疾控中心、市妇幼保健院完善采购制度。",
            HOSPITAL,
            {"青川市疾控中心": {"市疾控中心"}, "青川市妇幼保健院": {"市妇幼保健院"}},
        ),
        (
            "二级以上医院、乡镇卫生院和村卫生室全部纳入监管，各科室、公立医院和医疗机构同步落实。",
            HOSPITAL,
            {},
        ),
        ("建设市县两级养老综合服务中心，新增省级临床重点专科，全市民营医院纳入评价。", HOSPITAL, {}),
        ("党委书记和院长带头讲党课，分管领导负责落实。", HOSPITAL, {}),
        ("召开班子成员和全院职工会议。", HOSPITAL, {}),  # 职工会议 holds no 工会
        # a level above the notice's place names that area's unit
        ("邀请省人民医院专家来院指导。", HOSPITAL, {"四川省人民医院": {"省人民医院"}}),
        # one unit, every form: the fullest form names it
        (
            "青川市中医医院通过复评。市中医院开设门诊，督促市二院、中医医院完善制度。",
            HOSPITAL,
            {"青川市中医医院": {"市中医院", "中医医院"}},
        ),
        (
            "成立青川市康复医学与护理指导中心（以下简称“市康护中心”）。",
            HOSPITAL,
            {"青川市康复医学与护理指导中心": {"市康护中心"}},
        ),
        ("青川市康复医院（青川市体育医院）获评示范单位。", HOSPITAL, {"青川市康复医院": {"青川市体育医院"}}),
        # the name starts after a verb that takes a unit, not at the clause's start
        ("分管院长约谈药剂科相关人员。", HOSPITAL, {"青川市第二人民医院药剂科": {"药剂科"}}),
        ("四川恒康医疗器械有限公司被问责。", HOSPITAL, {"四川恒康医疗器械有限公司": set()}),
        ("问责四川恒康医疗器械有限公司。", HOSPITAL, {"四川恒康医疗器械有限公司": set()}),
        # a unit that names its sub-unit; a department named bare is the publisher's own
        (
            "青川市第二人民医院检验科完成室间质评。",
            HOSPITAL,
            {"青川市第二人民医院检验科": {"检验科"}},
        ),
        (
            "医务科、护理部每月开展督查，院内审科负责审计。",
            HOSPITAL,
            {
                "青川市第二人民医院医务科": {"医务科"},
                "青川市第二人民医院护理部": {"护理部"},
                "青川市第二人民医院内审科": {"内审科", "院内审科"},
            },
        ),
        ("将审计科更名为内审科。", HOSPITAL, {"青川市第二人民医院审计科": {"审计科", "内审科"}}),
        # a commission's bare 科 is a medical specialty, not its department; its office is
        (
            "帮扶科室新增儿科、急诊科，委办公室负责协调。",
            COMMISSION,
            {"青川市卫生健康委员会办公室": {"委办公室"}},
        ),
        (
            "在市卫健委设立投诉受理室。",
            COMMISSION,
            {"青川市卫生健康委员会投诉受理室": {"投诉受理室"}},
        ),
        # the committee of the place, its departments, and national bodies; groups are no units
        ("根据市委统一部署，市委第三巡察组对市二院党委进行了巡察。", HOSPITAL, {"青川市委": {"市委"}}),
        (
            "配合市委组织部开展培训，向市委编办报送材料。",
            HOSPITAL,
            {"青川市委": set(), "青川市委组织部": {"市委组织部"}, "青川市委编办": {"市委编办"}},
        ),
        (
            "坚决拥护党中央、国务院决策部署，学习中共中央政治局会议精神。",
            HOSPITAL,
            {"党中央": set(), "国务院": set(), "中共中央政治局": set()},
        ),
        # units of one place listed after one another
        (
            "与市法院、检察院、司法局建立协作机制。",
            HOSPITAL,
            {"青川市法院": {"市法院"}, "检察院": set(), "司法局": set()},
        ),
        # an enumeration shares its last item's head
        ("组织人员参加成都、绵阳卫健委举办的培训。", HOSPITAL, {"成都卫健委": set(), "绵阳卫健委": set()}),
        (
            "石门、道佐中心卫生院创成示范单位。",
            BUREAU,
            {"石门中心卫生院": set(), "道佐中心卫生院": set()},
        ),
        (
            "甘泉石门、劳山2家中心卫生院通过评审。",
            BUREAU,
            {"甘泉石门中心卫生院": set(), "劳山中心卫生院": set()},
        ),
        # a type alone stands for the one unit of that type the notice names
        (
            "成立巡察整改工作领导小组，领导小组每月召开会议。",
            BUREAU,
            {"甘泉县卫生健康局巡察整改工作领导小组": {"巡察整改工作领导小组", "领导小组"}},
        ),
        ("县卫健局印发通知，县局正在拟订方案。", BUREAU, {}),
        # groups are named after their task, verbs before them are not part of the name
        (
            "成立整改工作领导小组，下设综合协调组、督查督办组。",
            BUREAU,
            {
                "甘泉县卫生健康局整改工作领导小组": set(),
                "甘泉县卫生健康局综合协调组": {"综合协调组"},
                "甘泉县卫生健康局督查督办组": {"督查督办组"},
            },
        ),
        (
            "机关党委组织各党支部开展主题党日，驻局纪检监察组全程监督。",
            BUREAU,
            {"甘泉县卫生健康局机关党委": {"机关党委"}, "甘泉县卫生健康局驻局纪检监察组": {"驻局纪检监察组"}},
        ),
        # a section's heading ends its line
        ("一、提高政治站位，扛牢整改主体责任\n局党组把巡察整改作为重大政治任务。", BUREAU, {}),
        (
            "会同县市场监督管理局、县医疗保障局开展联合检查。",
            BUREAU,
            {
                "甘泉县市场监督管理局": {"县市场监督管理局"},
                "甘泉县医疗保障局": {"县医疗保障局"},
            },
        ),
        # the items of one enumeration are different units, however alike their names
        (
            "对县医院、县中医院、县第二人民医院和县人民医院进行督导。",
            BUREAU,
            {
                "甘泉县医院": {"县医院"},
                "甘泉县中医院": {"县中医院"},
                "甘泉县第二人民医院": {"县第二人民医院"},
                "甘泉县人民医院": {"县人民医院"},
            },
        ),
        ("评选“优秀科室”“先进党支部”。", BUREAU, {}),
        # a government's office; a university's affiliated hospital is one name
        (
            "县委办、县政府办联合督查，延安大学附属医院专家来院坐诊。",
            BUREAU,
            {
                "甘泉县委": set(),
                "甘泉县委办": {"县委办"},
                "甘泉县政府": set(),
                "甘泉县政府办": {"县政府办"},
                "延安大学附属医院": set(),
            },
        ),
        # a hospital's branch is one name; a unit followed by a verb ends there
        (
            "推动四川省人民医院青川医院与省人民医院深化合作。",
            HOSPITAL,
            {"四川省人民医院青川医院": set(), "四川省人民医院": {"省人民医院"}},
        ),
        # areas start names: towns, streets, villages
        (
            "督促下寺湾镇卫生院、桥山街道白杨村卫生室规范药品采购。",
            BUREAU,
            {"下寺湾镇卫生院": set(), "桥山街道白杨村卫生室": set()},
        ),
        # the publisher's own mentions join its node; another unit's (局党组) is left out
        ("我中心召开专题会议，原桥山镇中心卫生院资产移交完成。", HEALTH_CENTRE, {}),
        ("局党组听取汇报，院党委研究部署。", HOSPITAL, {}),
        (
            "院内审科、中医科开展自查。",
            HEALTH_CENTRE,
            {
                "桥山街道社区卫生服务中心内审科": {"内审科"},
                "桥山街道社区卫生服务中心中医科": {"中医科"},
            },
        ),
        # in a town's notice, 镇 names the town
        (
            "镇党委召开专题会议，镇卫生院、镇财政所完成整改，镇纪委开展谈话提醒。",
            TOWN,
            {"石门镇卫生院": {"镇卫生院"}, "石门镇财政所": {"镇财政所"}, "石门镇纪委": {"镇纪委"}},
        ),
        (
            "杨柳村党支部开展主题党日，配合区农业农村局完成验收。",
            TOWN,
            {"杨柳村党支部": set(), "云溪区农业农村局": {"区农业农村局"}},
        ),
        # units of the notice's place listed one after another share no name's rest; people's
        # organizations go by short forms (区科协, 区文联)
        (
            "区文联、区林业局、区科协联合开展检查。",
            TOWN,
            {
                "云溪区文联": {"区文联"},
                "云溪区林业局": {"区林业局"},
                "云溪区科协": {"区科协"},
            },
        ),
        # committees of several levels are no one body; a level doubled by the word before it;
        # a document number is no unit
        (
            "落实省市区委部署，该区区委巡察办主任表示，按照（青委巡办函〔2024〕3号）要求整改。",
            TOWN,
            {"云溪区委巡察办": {"区委巡察办"}},
        ),
        # a discipline group stationed at another unit is no part of it, nor a department of ours
        ("驻区农业农村局纪检监察组组长出席会议。", TOWN, {"驻区农业农村局纪检监察组": set()}),
        # a school by its number in its place; a party school
        (
            "组织县一中、县二中等学校开展自查，县委党校举办培训班。",
            BUREAU,
            {"甘泉县一中": {"县一中"}, "甘泉县二中": {"县二中"}, "甘泉县委党校": {"县委党校"}},
        ),
        # an enumeration shares the last item's head only where the items are words of their own
        (
            "分别在石门镇、桥山经济开发区召开动员会，落实省、市委部署。",
            TOWN,
            {"桥山经济开发区": set(), "湖南省委": {"省委"}, "岳阳市委": {"市委"}},
        ),
        # a place committee's standing committee is a body of the committee
        ("区委常委会认真听取了汇报。", TOWN, {"云溪区委常委会": {"区委常委会"}, "云溪区委": set()}),
        # a hotel named by its place and name is a unit (a reception point); kinds of hotels are not
        (
            "接访地点设在石门镇青松大酒店。严禁到星级宾馆、私人会所和农家饭店公款吃喝。",
            TOWN,
            {"石门镇青松大酒店": set()},
        ),
        # a verb before a kind of unit governs it: the kind names no unit
        ("巡察要尊重学校办学规律，助推医院高质量发展，赋能学校发展。", BUREAU, {}),
    ],
)
def test_extract_organizations(body: str, header: Header, expected: dict[str, set[str]]) -> None:
    orgs = _orgs(body, header)
    assert set(orgs) - SEEDED[header.publisher.name] == set(expected)
    for name, aliases in expected.items():
        assert aliases <= set(orgs[name].aliases), name


def test_publishers_mentions_join_its_node() -> None:
    orgs = _orgs("院党委召开专题会议，市二院党委书记主持。经院党委研究决定。", HOSPITAL)
    publisher = orgs[HOSPITAL_PARTY.name]
    assert {"院党委", "市二院党委"} <= set(publisher.aliases)
    assert len(publisher.evidence) == 3
    assert set(orgs) == SEEDED[HOSPITAL_PARTY.name]


def test_sub_units_point_at_their_unit() -> None:
    orgs = _orgs("青川市第二人民医院检验科完成室间质评；配合市委组织部开展培训。", HOSPITAL)
    assert orgs["青川市第二人民医院检验科"].parent == "青川市第二人民医院"
    assert orgs["青川市委组织部"].parent == "青川市委"
    assert _orgs("市委常委会研究决定。", HOSPITAL)["青川市委常委会"].parent == "青川市委"
    assert orgs["青川市第二人民医院"].parent is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("中共青川市第二人民医院委员会", "party"),
        ("青川市委", "party"),
        ("青川市第二人民医院", "hospital"),
        ("桥山街道社区卫生服务中心", "primary_care"),
        ("四川恒康医疗器械有限公司", "company"),
        ("甘泉县医疗保障局", "government"),
    ],
)
def test_kinds(name: str, kind: str) -> None:
    body = f"{name}召开会议。" if name != "青川市委" else "根据市委统一部署。"
    orgs = {
        o.name: o for o in extract_organizations(body, Header(place="青川市" if "青川" in name else "甘泉县"))
    }
    assert orgs[name].kind == kind


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("市中医医院", True),
        ("区疾控中心", True),
        ("市委", True),
        ("湖区医院", True),
        ("健教中心", True),
        ("下寺湾镇卫生院", True),
        ("医院", False),
        ("公立医院", False),
        ("二级医院", False),
        ("基层医疗机构", False),
        ("市级医院", False),
        ("各科室", False),
        ("全院", False),
        ("干部", False),
        ("落实党支部", False),
        ("明确领导小组", False),
        # units of a level's, of a kind, a model of one, an ordinal group: kinds, not units
        ("省属企业党委", False),
        ("区属小学", False),
        ("企业党委", False),
        ("村集体经济合作社", False),
        ("监督委员会", False),
        ("中国特色世界一流大学", False),
        ("枫桥式人民法庭", False),
        ("第一组", False),
        ("市第一中学", True),
        ("区委第一组", True),
        ("十二届区委常委会", False),
        ("青禾县委常委会", True),
        ("党委常委会", False),
        ("青禾经济开发区", True),
    ],
)
def test_is_named(name: str, named: bool) -> None:
    assert is_named(name) is named


def test_evidence_is_in_body_offsets() -> None:
    body = "一、整改情况\n督促县疾控中心完善制度。"
    (org,) = [o for o in extract_organizations(body, Header(place="甘泉县")) if o.name == "甘泉县疾控中心"]
    assert [(e.start, e.end, e.text) for e in org.evidence] == [(9, 14, "县疾控中心")]


def test_component_writes_spans_and_records() -> None:
    nlp = make_nlp(("xc_organizations",))
    doc = run(nlp, "督促县疾控中心完善制度。", BUREAU)
    assert {o.name for o in doc.user_data["organizations"]} >= {"甘泉县疾控中心"}
    assert [(s.text, s.label_) for s in doc.spans["organizations"]] == [("县疾控中心", "ORG")]
