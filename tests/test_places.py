import pytest

from kg.extract.nlp import make_nlp, run
from kg.extract.places import area_at, extract_places, name_view
from kg.models import Header, Org
from kg.text.gazetteer import by_stem, division_at, find, is_local, nearest, stem


def _names(body: str, place: str | None = "甘泉县", org_starts: tuple[int, ...] = ()) -> set[str]:
    header = Header(place=place)
    return {p.name for p in extract_places(body, header, org_starts)} - ({place} if place else set())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("甘泉县", "甘泉"),
        ("延安市", "延安"),
        ("广西壮族自治区", "广西"),
        ("黔东南苗族侗族自治州", "黔东南"),
        ("和县", "和县"),  # a one-character name keeps its suffix
    ],
)
def test_stem(name: str, expected: str) -> None:
    assert stem(name) == expected


def test_find_reads_a_county_upgraded_to_a_city() -> None:
    # the table is a snapshot: a county that became a city matches by its stem
    assert [d.code for d in find("邵东市")] == [d.code for d in find("邵东县")]
    assert find("邵东县")
    assert not find("甘泉市市")


def test_nearest_and_local() -> None:
    home = find("甘泉县")[0]
    assert nearest(find("朝阳区"), "110000000000").code.startswith("11")
    assert is_local(by_stem("延安")[0], home)
    assert is_local(find("陕西省")[0], home)
    assert not is_local(by_stem("成都")[0], home)


@pytest.mark.parametrize(
    ("text", "at", "found", "suffixed"),
    [
        ("延安市人民医院", 0, "延安市", True),
        ("赴成都学习", 1, "成都", False),
        ("甘泉县卫健局", 0, "甘泉县", True),
        ("和县", 0, None, None),  # two characters: too often an ordinary word
    ],
)
def test_division_at(text: str, at: int, found: str | None, suffixed: bool | None) -> None:
    hit = division_at(text, at)
    assert (text[hit.start : hit.end] if hit else None) == found
    assert (hit.suffixed if hit else None) == suffixed


@pytest.mark.parametrize(
    ("text", "at", "end"),
    [
        ("下寺湾镇卫生院", 0, 4),
        ("桥山街道社区卫生服务中心", 0, 4),
        ("石桥村卫生室", 0, 3),
        ("乡镇卫生院", 0, None),  # generic
        ("卫生院和村卫生室", 0, None),  # no name holds 和
        ("路口两镇卫生院", 0, None),  # 两镇 counts towns
        ("延安市卫健委", 0, None),  # a division of the table, not a town
    ],
)
def test_area_at(text: str, at: int, end: int | None) -> None:
    assert area_at(text, at) == end


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # divisions with their suffix, and bare where they cannot be ordinary words
        ("与延安市人民医院签订帮扶协议。", {"延安市"}),
        ("赴成都、重庆、西安等地开展校园招聘。", {"成都市", "重庆市", "西安市"}),
        ("推广陕西榆林的经验。", {"陕西省", "榆林市"}),
        ("做好来访群众沟通化解工作。", set()),  # 通化 is no city inside 沟通化解
        # towns, streets and villages by form, after a left boundary
        ("督促下寺湾镇卫生院规范药品采购。", {"下寺湾镇"}),
        ("加强桥山街道社区卫生服务中心建设。", {"桥山街道"}),
        ("张家湾村和李家塬村因位置靠近合并设立一所卫生室。", {"张家湾村", "李家塬村"}),
        ("原石门镇中心卫生院更名为石门街道社区卫生服务中心。", {"石门镇", "石门街道"}),
        ("桥山街道白杨村卫生室完成改造。", {"桥山街道", "白杨村"}),
        ("组织党员赴梁家河村开展主题党日活动。", {"梁家河村"}),  # 梁家 is a name, 河村 no split
        (
            "赴广西、内蒙古开展对口支援，与都江堰市人民医院签订协议。",
            {"广西壮族自治区", "内蒙古自治区", "都江堰市"},
        ),
        ("加强和平共处，长治久安，白银价格上涨。", set()),  # division names that are words here
        ("农村地区、城区医疗机构、中心城区、高新区同步推进。", set()),
        # generic areas and words that only end like one
        ("全镇各村卫生室和乡镇卫生院参照样本村卫生室标准改造。", set()),
        ("推进卫生城镇创建，培养农村订单定向医学生。", set()),
        ("加强村级卫生室建设，落实村医待遇。", set()),
        # towns named in their township unit's name and in shared-suffix enumerations
        ("道佐人民医院完成新院区搬迁。", {"道佐"}),
        ("甘泉石门、道佐2家中心卫生院建成基层康复服务中心。", {"石门", "道佐"}),
        ("石门、道佐、劳山乡医疗机构推行一体化管理。", {"石门乡", "道佐乡", "劳山乡"}),
        ("选派医生到石门、劳山两乡卫生院坐诊。", {"石门乡", "劳山乡"}),
        # 中共 before a town's name is its party committee's
        ("中共石门镇委员会召开会议。", {"石门镇"}),
        # zones named like areas
        ("南泥湾新区社区卫生服务中心投入运行。", {"南泥湾新区"}),
        # a list vouches for a name that is also an ordinary word (劳动, 希望)
        ("对石门镇、劳动镇、桥山镇开展巡察。", {"石门镇", "劳动镇", "桥山镇"}),
        ("对白杨村委会、希望村委会等2个村开展巡察。", {"白杨村", "希望村"}),
        ("全镇、各村、本乡同步推进。", set()),
        # a kind of village is no village's name; 我市 before a town is no part of its name
        ("对6个省定贫困村和市级示范村开展督查。", set()),
        ("对我市桥山镇白杨村开展回头看。", {"桥山镇", "白杨村"}),
    ],
)
def test_extract_places(body: str, expected: set[str]) -> None:
    assert _names(body) == expected


def test_bare_city_opening_another_citys_unit_is_no_place() -> None:
    body = "邀请成都华西医院专家来院指导，赴成都参加培训。"
    first = body.index("成都华西医院")
    hospital = {p.name: p for p in extract_places(body, Header(place="甘泉县"), org_starts=(first,))}
    assert [e.start for e in hospital["成都市"].evidence] == [body.index("成都参加")]
    assert _names("邀请成都华西医院专家来院指导。", org_starts=(2,)) == set()


def test_places_carry_hierarchy_and_codes() -> None:
    places = {p.name: p for p in extract_places("根据延安市统一部署，县委开展巡察。", Header(place="甘泉县"))}
    assert places["甘泉县"].parent == "延安市"  # the notice names the parent too
    assert places["甘泉县"].code == "610627000000"
    assert places["延安市"].level == "prefecture"
    assert places["延安市"].parent is None  # 陕西省 is not named: no xc:locatedIn to a missing place
    assert places["甘泉县"].evidence == ()  # the header's place, not read in the body


def test_evidence_points_into_the_body_across_a_wrapped_line() -> None:
    body = "督促桥山街道社区卫生服务中心和下寺\n湾镇卫生院修订制度。"
    (town,) = [p for p in extract_places(body, Header(place="甘泉县")) if p.name == "下寺湾镇"]
    assert [e.text for e in town.evidence] == ["下寺\n湾镇"]


def test_name_view_keeps_headings_apart() -> None:
    view = name_view(
        "一、整改落实情况\n县人民医院党委召开专题会议研究部署，对下寺\n湾镇卫生院开展督导。\n\n二、下一步"
    )
    assert "情况\n县人民医院" in view.text
    assert "下寺湾镇" in view.text
    assert "督导。\n" in view.text


def test_component_reads_the_organizations_spans() -> None:
    nlp = make_nlp(("xc_organizations", "xc_places"))
    body = "邀请成都华西医院专家来院指导。"
    header = Header(place="甘泉县", publisher=Org("中共甘泉县人民医院委员会"))
    doc = run(nlp, body, header)
    assert {p.name for p in doc.user_data["places"]} == {"甘泉县"}
    assert all(span.label_ == "PLACE" for span in doc.spans["places"])
