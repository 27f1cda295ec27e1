"""One node per real unit: the forms a notice uses for a unit land on one record, a unit's party
organ is a record of its own that points at the unit, and no label is a fragment."""

import os
import subprocess
import sys

import pytest

from kg.extract.organizations import extract_organizations
from kg.graph.assemble import org_iri
from kg.models import Header, Org

CITY = Header(place="青禾市")
COUNTY = Header(place="云岭县")
SCHOOL_PARTY = Org("中共青禾市第一中学委员会", ("青禾市第一中学党委",), "party")
SCHOOL = Header(place="青禾市", publisher=SCHOOL_PARTY, target=SCHOOL_PARTY)


def _owner(orgs: list[Org], form: str) -> Org:
    """The one record that carries `form` as its name or an alias."""
    (owner,) = [o for o in orgs if form == o.name or form in o.aliases]
    return owner


@pytest.mark.parametrize(
    ("body", "header", "unit", "organ"),
    [
        # (forms of the unit, forms of its party organ); the organ points at the unit
        (
            "青禾市人民检察院党组研究部署，市检察院党组书记主持，市检察院各部门抓好落实。",
            CITY,
            {"青禾市人民检察院", "市检察院"},
            {"青禾市人民检察院党组", "市检察院党组"},
        ),
        ("青禾市交通运输局党组召开专题会议。", CITY, {"青禾市交通运输局"}, {"青禾市交通运输局党组"}),
        ("青禾大学党委召开常委会议。", CITY, {"青禾大学"}, {"青禾大学党委"}),
        ("青禾能源集团有限公司党委召开会议。", CITY, {"青禾能源集团有限公司"}, {"青禾能源集团有限公司党委"}),
        ("青禾经济开发区党工委召开会议。", CITY, {"青禾经济开发区"}, {"青禾经济开发区党工委"}),
        (
            "云岭县卫生健康委员会（以下简称“县卫健委”）牵头，县卫健委党组研究部署。",
            COUNTY,
            {"云岭县卫生健康委员会", "县卫健委"},
            {"县卫健委党组"},
        ),
        (
            '云岭县卫生健康委员会(以下简称"县卫健委")牵头，县卫健委党组研究部署。',
            COUNTY,
            {"云岭县卫生健康委员会", "县卫健委"},
            {"县卫健委党组"},
        ),
        (
            "云岭县第一人民医院（简称：县一院）开展自查，县一院党委督促落实。",
            COUNTY,
            {"云岭县第一人民医院", "县一院"},
            {"县一院党委"},
        ),
        (
            "云岭县疾病预防控制中心（下称‘县疾控中心’）牵头，县疾控中心党支部配合。",
            COUNTY,
            {"云岭县疾病预防控制中心", "县疾控中心"},
            {"县疾控中心党支部"},
        ),
    ],
)
def test_unit_and_organ(body: str, header: Header, unit: set[str], organ: set[str]) -> None:
    orgs = extract_organizations(body, header)
    unit_record = _owner(orgs, min(unit))
    organ_record = _owner(orgs, min(organ))
    assert all(_owner(orgs, f) is unit_record for f in unit)
    assert all(_owner(orgs, f) is organ_record for f in organ)
    assert organ_record is not unit_record
    assert organ_record.parent == unit_record.name
    assert organ_record.kind == "party"


@pytest.mark.parametrize(
    ("body", "header", "forms"),
    [
        ("中国共产党青禾市委员会召开全会，市委常委出席。", CITY, {"中国共产党青禾市委员会", "市委"}),
        ("青禾市中级人民法院召开会议。会上，市中院通报情况。", CITY, {"青禾市中级人民法院", "市中院"}),
        # the place's level alone, in a notice whose place is unknown
        ("武侯区民政局召开会议。会后，区民政局印发方案。", Header(), {"武侯区民政局", "区民政局"}),
        # the same lowest place
        (
            "成都市武侯区人民法院召开会议。会后，武侯区法院通报情况。",
            Header(),
            {"成都市武侯区人民法院", "武侯区法院"},
        ),
        # the notice's own school by its kind
        ("校党委召开专题会议。", SCHOOL, {"中共青禾市第一中学委员会", "校党委"}),
        # a city's court by its short names
        (
            "青禾市中级人民法院党组召开会议。市法院党组书记主持。",
            CITY,
            {"青禾市中级人民法院党组", "市法院党组"},
        ),
        # a company named without its legal form
        (
            "会上，青禾港机重工公司作表态发言。",
            Header(place="青禾市", target=Org("青禾港机重工")),
            {"青禾港机重工", "青禾港机重工公司"},
        ),
    ],
)
def test_forms_of_one_unit(body: str, header: Header, forms: set[str]) -> None:
    orgs = extract_organizations(body, header)
    assert len({id(_owner(orgs, f)) for f in forms}) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("桥山镇党委召开会议。", "桥山镇党委"),
        ("云溪街道党工委召开会议。", "云溪街道党工委"),
        ("河口村党支部召开会议。", "河口村党支部"),
    ],
)
def test_party_organs_of_places(body: str, expected: str) -> None:
    assert expected in {o.name for o in extract_organizations(body, COUNTY)}


def test_a_universitys_schools_and_their_organs_stay_apart() -> None:
    orgs = extract_organizations("青禾大学党委召开会议，青禾大学机械工程学院党委参加。", CITY)
    by_name = {o.name: o for o in orgs}
    assert by_name["青禾大学党委"].parent == "青禾大学"
    assert by_name["青禾大学机械工程学院"].parent == "青禾大学"
    assert by_name["青禾大学机械工程学院党委"].parent == "青禾大学机械工程学院"


@pytest.mark.parametrize(
    "body",
    [
        "根据青卫发〔2024〕12号市二院开展自查。",  # a document number's tail
        "云岭县卫生健康委员会（以下简称“县卫健委”）牵头。",
        '云岭县卫生健康委员会(以下简称"县卫健委")牵头。',
        "云岭县第一人民医院【以下简称'县一院'】开展自查。",
    ],
)
def test_no_fragment_labels(body: str) -> None:
    labels = [x for o in extract_organizations(body, COUNTY) for x in (o.name, *o.aliases)]
    assert labels
    assert not [x for x in labels if x.startswith("号") or any(ch in x for ch in "简称“”\"'（）()【】：")]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("青禾市人民检察院", "青禾市检察院", True),
        ("中共青禾市第一人民医院委员会", "青禾市第一人民医院党委", True),
        ("中共青禾市委员会", "青禾市委", True),
        ("中共云岭县卫生健康委员会", "云岭县卫生健康委员会", False),
        ("中共云岭县卫生健康委员会委员会", "云岭县卫生健康委员会", False),
    ],
)
def test_one_iri_across_notices(a: str, b: str, same: bool) -> None:
    assert (org_iri(a) == org_iri(b)) is same


def test_output_does_not_depend_on_the_hash_seed() -> None:
    body = "督促青禾市第一人民医院、市疾控中心、市中医院完善制度，市卫健委党组、市检察院党组配合。"
    script = (
        "from kg.extract.organizations import extract_organizations as x\n"
        "from kg.models import Header\n"
        f"print([(o.name, o.aliases, o.parent) for o in x({body!r}, Header(place='青禾市'))])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("督促云岭县委巡察办落实。", "云岭县委巡察办"),  # 巡察 inside a party department's name
        ("中央纪委国家监委公开通报一批案例。", "中央纪委国家监委"),  # a joint body
        ("中央巡视办印发工作提示。", "中央巡视办"),
    ],
)
def test_party_departments_and_national_bodies(body: str, expected: str) -> None:
    assert expected in {o.name for o in extract_organizations(body, COUNTY)}


@pytest.mark.parametrize(
    ("body", "expected", "absent"),
    [
        ("能源与动力学院党委召开会议。", "能源与动力学院党委", "动力学院党委"),
        ("青禾大学地理与旅游学院党委召开会议。", "青禾大学地理与旅游学院党委", "旅游学院党委"),
        ("督促市医院和理工学院落实。", "理工学院", "青禾市医院和理工学院"),  # two units
    ],
)
def test_schools_join_their_subjects(body: str, expected: str, absent: str) -> None:
    names = {o.name for o in extract_organizations(body, CITY)}
    assert expected in names
    assert absent not in names


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("近两年院党组未专题研究该事项。", "近两年院党组"),  # a span of years before a head
        ("紧盯集团重点领域开展监督。", "紧盯集团"),  # a verb before a kind of unit
        ("督促集团所属物资公司整改。", "集团所属物资公司"),
        ("桥山经济开发区、所、站负责人参加。", "桥山经济开发区所"),  # a place and a kind listed
    ],
)
def test_no_clause_in_a_name(body: str, absent: str) -> None:
    assert absent not in {x for o in extract_organizations(body, COUNTY) for x in (o.name, *o.aliases)}


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("桥山镇、青禾经济开发区所辖村开展自查。", "青禾经济开发区所"),  # 所辖
        ("依据《通知》（云医委任〔2024〕4号）执行。", "云医委"),  # a document number
        ("第二巡察组进驻县委办公室开展常规巡察。", "巡察组进驻县委办公室"),
        ("有群众来信反映县政府有关部门作风问题。", "来信反映县政府"),
    ],
)
def test_no_clause_or_number_in_a_name(body: str, absent: str) -> None:
    labels = {x for o in extract_organizations(body, COUNTY) for x in (o.name, *o.aliases)}
    assert not [x for x in labels if absent in x]
