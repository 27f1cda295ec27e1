import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.nlp import make_nlp, run
from kg.extract.regulations import extract_regulations, parse_doc_numbers
from kg.models import Header


def _records(body: str) -> list[tuple]:
    return [(r.title, r.number, r.relation, r.parent) for r in extract_regulations(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "一是制定《青禾县人民医院物资采购管理办法》，规范采购流程。",
            [("青禾县人民医院物资采购管理办法", None, "issued", None)],
        ),
        (
            "严格按照《关于进一步规范医疗服务价格行为的通知》（临卫发〔2022〕18号）要求，开展自查自纠。",
            [("关于进一步规范医疗服务价格行为的通知", "临卫发〔2022〕18号", "cited", None)],
        ),
        (
            "根据《关于做好2023年度卫生系列职称评审工作》的通知（临人社发〔2023〕9号），完善评审程序。",
            [("关于做好2023年度卫生系列职称评审工作", "临人社发〔2023〕9号", "cited", None)],
        ),
        (
            "下发《关于落实〈临湖市医疗机构内部审计办法〉有关规定的通知》，明确审计范围。",
            [
                ("关于落实〈临湖市医疗机构内部审计办法〉有关规定的通知", None, "issued", None),
                (
                    "临湖市医疗机构内部审计办法",
                    None,
                    "cited",
                    "关于落实〈临湖市医疗机构内部审计办法〉有关规定的通知",
                ),
            ],
        ),
        (
            "制定并下发了《关于印发<江岸区卫生健康系统公务接待管理办法（试行）>的通知》。",
            [
                ("关于印发<江岸区卫生健康系统公务接待管理办法（试行）>的通知", None, "issued", None),
                (
                    "江岸区卫生健康系统公务接待管理办法（试行）",
                    None,
                    "issued",
                    "关于印发<江岸区卫生健康系统公务接待管理办法（试行）>的通知",
                ),
            ],
        ),
        (
            "把整改与建章立制结合起来，建立健全了临湖市护理质量评价制度》《临湖市护理质量控制指标》等制度。",
            [
                ("临湖市护理质量评价制度", None, "issued", None),
                ("临湖市护理质量控制指标", None, "issued", None),
            ],
        ),
        (
            "在省统计局发布的2024年上半年基层卫生服务监测报告》中，我县排名靠前。",
            [("2024年上半年基层卫生服务监测报告", None, None, None)],
        ),
        (
            "修订《医疗废物管理制度》《院感防控工作制度》和《消毒隔离制度》。",
            [
                ("医疗废物管理制度", None, "issued", None),
                ("院感防控工作制度", None, "issued", None),
                ("消毒隔离制度", None, "issued", None),
            ],
        ),
        (
            "组织全体党员学习新修订的《中国共产党党员教育管理工作条例》。",
            [("中国共产党党员教育管理工作条例", None, "cited", None)],
        ),
        ("取消了内部刊物《江岸卫生简讯》的印刷。", [("江岸卫生简讯", None, None, None)]),
        (
            "研究制定《临湖市基层医疗卫生服务能力提升行动方案（2024—2026年）》（以下简称《行动方案》）。",
            [
                ("临湖市基层医疗卫生服务能力提升行动方案（2024—2026年）", None, "issued", None),
                ("行动方案", None, "issued", None),
            ],
        ),
        (
            "按照临财社〔2023〕45号文件要求，及时拨付补助资金。",
            [(None, "临财社〔2023〕45号", "cited", None)],
        ),
        (
            "根据2024年3月青政办发[2024]7号精神，调整工作机制。",
            [(None, "青政办发[2024]7号", "cited", None)],
        ),
        (
            "对照江岸卫字(2019)12号和临人社【2020】3号逐项梳理。",
            [(None, "江岸卫字(2019)12号", "cited", None), (None, "临人社【2020】3号", "cited", None)],
        ),
        (
            "依据《基层医疗机构绩效考核办法》（青卫发〔2020〕1号）和《基层医疗机构绩效考核办法》（临卫发〔2021〕2号）执行。",
            [
                ("基层医疗机构绩效考核办法", "青卫发〔2020〕1号", "cited", None),
                ("基层医疗机构绩效考核办法", "临卫发〔2021〕2号", "cited", None),
            ],
        ),
        ("《》中没有标题，病区共有（2023）张床位。", []),
    ],
)
def test_regulation_records(body, expected):
    assert _records(body) == expected


def test_repeated_title_is_one_record_with_every_occurrence():
    body = "一是制定《青禾县家庭医生签约服务考核细则》。二是严格落实《青禾县家庭医生签约服务考核细则》，按月考核。"
    [reg] = extract_regulations(body)
    assert reg.relation == "issued"  # making it outranks following it
    assert [body[e.start : e.end] for e in reg.evidence] == ["青禾县家庭医生签约服务考核细则"] * 2
    assert reg.evidence[0].start < reg.evidence[1].start


def test_title_broken_over_lines_keeps_exact_evidence():
    body = "印发《青禾县家庭医生签约服务\n考核细则（试行）》，并组织培训。"
    [reg] = extract_regulations(body)
    assert reg.title == "青禾县家庭医生签约服务考核细则（试行）"
    [ev] = reg.evidence
    assert body[ev.start : ev.end] == ev.text == "青禾县家庭医生签约服务\n考核细则（试行）"


def test_a_number_mentioned_again_alone_joins_its_title():
    body = "按照《关于加强村医队伍建设的意见》（临卫发〔2022〕6号），落实村医补助。临卫发〔2022〕6号明确了补助标准。"
    [reg] = extract_regulations(body)
    assert (reg.title, reg.number) == ("关于加强村医队伍建设的意见", "临卫发〔2022〕6号")
    assert len(reg.evidence) == 3


def test_component_writes_spans_and_records():
    nlp = make_nlp(["xc_regulations"])
    doc = run(nlp, "根据《关于印发〈青禾县病历书写规范〉的通知》（青卫发〔2021〕3号）开展检查。", Header())
    assert [(s.text, s.label_) for s in doc.spans["regulations"]] == [
        ("关于印发〈青禾县病历书写规范〉的通知", "REGULATION"),
        ("青禾县病历书写规范", "REGULATION"),
        ("青卫发〔2021〕3号", "DOC_NUMBER"),
    ]
    assert [r.number for r in doc.user_data["regulations"]] == ["青卫发〔2021〕3号", None]
    assert [r.title for r in doc.user_data["regulations"]] == [
        "关于印发〈青禾县病历书写规范〉的通知",
        "青禾县病历书写规范",
    ]


BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】")]
# Characters of issuing agencies' 字 that never form a word the parser cuts the agency at.
AGENCY_CHARS = "临江青禾卫政办人社财医委发函字规监保教科建环疾控健康"


@given(
    agency=st.text(alphabet=AGENCY_CHARS, min_size=2, max_size=7),
    brackets=st.sampled_from(BRACKETS),
    year=st.integers(1990, 2099),
    serial=st.integers(1, 99999),
    ordinal=st.booleans(),
    lead=st.sampled_from(["根据", "按照", "印发", "2024年5月", "，", ""]),
)
def test_doc_number_round_trip(agency, brackets, year, serial, ordinal, lead):
    opening, closing = brackets
    number = f"{agency}{opening}{year}{closing}{'第' if ordinal else ''}{serial}号"
    text = f"{lead}{number}文件要求"
    [parsed] = parse_doc_numbers(text)
    assert (parsed.text, parsed.agency, parsed.year, parsed.serial) == (number, agency, year, serial)
    assert text[parsed.start : parsed.end] == number


@given(
    title=st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=60
    ).filter(lambda t: not re.search(r"\s", t))
)
def test_any_bracketed_title_comes_back_as_written(title):
    [reg] = extract_regulations(f"一是制定《{title}》。")
    assert (reg.title, reg.relation) == (title, "issued")


def test_a_number_listed_after_another_shares_its_agency_and_year():
    text = "会上通报了云教党发〔2023〕11号、12号整改方案，并转发校党字〔2020〕70号和74号文件。"
    assert [d.text for d in parse_doc_numbers(text)] == [
        "云教党发〔2023〕11号", "云教党发〔2023〕12号", "校党字〔2020〕70号", "校党字〔2020〕74号",
    ]  # fmt: skip
