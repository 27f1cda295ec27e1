"""Problems read from notice bodies: titles, nesting, status and measures."""

from __future__ import annotations

import pytest
import spacy

from kg.extract.problems import (
    clean_quotes,
    closing_status,
    extract_problems,
    heading_status,
    problem_title,
    split_note,
)
from kg.models import Problem


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("关于“学习教育走过场”问题的整改", "学习教育走过场"),
        ("针对“值班制度执行不严”问题", "值班制度执行不严"),
        ("针对“台账登记不全问题", "台账登记不全"),
        ("关于“‘三会一课’落实不到位”问题", "‘三会一课’落实不到位"),
        ("关于“‘四风’整治不彻底问题的整改", "‘四风’整治不彻底"),
        ("关于食堂财务审批流于形式问题的整改情况", "食堂财务审批流于形式"),
        ("关于药库管理混乱’”问题的整改", "药库管理混乱"),
        ("关于聚焦民生保障政策落实情况方面问题", "聚焦民生保障政策落实情况"),
        ("关于“聚焦群众反映强烈问题”方面问题", "聚焦群众反映强烈问题"),
        ("关于“班子建设方面”方面问题", "班子建设方面"),
        ("关于信访问题处置不及时问题的整改", "信访问题处置不及时"),
        ("“车辆管理松散”问题", "车辆管理松散"),
        (
            "针对““用药不规范”该项问题中“超量开药”问题，未追责”问题",
            "“用药不规范”该项问题中“超量开药”问题，未追责",
        ),
        ("关于“食堂采购不透明”等问题的整改", "食堂采购不透明"),
        ("针对“会议记录不全”问题，党支部采取了以下措施", "会议记录不全"),
        ("关于“三重一大”决策程序不规范问题的整改（已完成）", "“三重一大”决策程序不规范"),
        ("加强制度建设", None),
        ("关于进一步加强监督的通知", None),
    ],
)
def test_problem_title(heading: str, title: str | None) -> None:
    assert problem_title(heading) == title


@pytest.mark.parametrize(
    ("heading", "split"),
    [
        ("内部审计监督缺位（已完成）", ("内部审计监督缺位", "已完成")),
        ("已完成整改的问题（9个）", ("已完成整改的问题", "9个")),
        ("医联（共）体建设滞后", ("医联（共）体建设滞后", None)),
        ("（已完成）", ("（已完成）", None)),
    ],
)
def test_split_note(heading: str, split: tuple[str, str | None]) -> None:
    assert split_note(heading) == split


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("“台账不全", "台账不全"),
        ("台账不全’”", "台账不全"),
        ("“‘台账’不全”", "‘台账’不全"),
        ("“甲”和“乙”", "“甲”和“乙”"),
    ],
)
def test_clean_quotes(text: str, cleaned: str) -> None:
    assert clean_quotes(text) == cleaned


@pytest.mark.parametrize(
    ("heading", "status"),
    [
        ("集中整改期内已完成的整改事项", "completed"),
        ("按计划持续推进的整改事项", "in_progress"),
        ("阶段性完成整改的问题", "in_progress"),
        ("已形成制度、需长期坚持的问题和事项", "long_term"),
        ("整改落实情况", None),
        ("食堂长期管理不规范", None),
    ],
)
def test_heading_status(heading: str, status: str | None) -> None:
    assert heading_status(heading) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("一是建立台账。\n以上问题已整改完成。", "completed"),
        ("一是建立台账。\n以上问题已整改完成并长期坚持。", "completed"),
        ("一是建立台账。\n以上问题整改为长期任务，已取得阶段性成效并长期坚持", "long_term"),
        ("一是建立台账。\n以上问题需继续整改，2025年9月底前整改完成", "in_progress"),
        ("一是建立台账，目前该问题正在整改。", "in_progress"),
        ("一是建立台账。\n整改状态：已完成", "completed"),
        ("一是建立台账。\n以上问题已整改。", "completed"),
        ("一是建立台账。二是每月检查，已整改完成3项。", None),
        ("一是建立台账。", None),
    ],
)
def test_closing_status(text: str, status: str | None) -> None:
    assert closing_status(text) == status


def outline_of(problems: tuple[Problem, ...]) -> list[tuple[str, str | None, str | None, int]]:
    """Each problem as (title, parent title, status, measure count)."""
    titles = {p.number: p.title for p in problems}
    return [
        (p.title, titles.get(p.parent) if p.parent else None, p.status, len(p.measures)) for p in problems
    ]


CUED = """根据县委统一部署，县委第一巡察组对县水务局党组进行了巡察。
一、整改工作组织情况
（一）提高政治站位。局党组召开专题会议研究整改。
（二）强化责任落实，一是建立台账，二是逐项销号。
二、整改落实情况
（一）关于“理论学习流于形式”问题的整改
一是制定年度学习计划，明确每月学习主题。二是开展专题研讨4次。
三是建立学习考勤通报制度。
（二）关于“工程项目监管不力”问题的整改。
修订《工程项目管理办法》，规范招投标流程。
对在建项目开展全面排查，发现问题12个，已全部整改到位。
三、下一步工作打算
（一）持续巩固整改成果。对已完成的问题开展回头看。
欢迎广大干部群众对巡察整改落实情况进行监督。
中共某县水务局党组
2025年3月1日"""

STATUS_GROUPS = """二、整改进展情况
（一）已完成的整改事项
1.关于“政府采购程序不规范”问题的整改。
整改落实情况及成效：一是修订采购制度。二是开展采购专项检查。
2.关于“公务接待超标准”问题的整改。
整改落实情况及成效：清退超标准费用，通报相关责任人。
（二）正在推进的整改事项
1.关于“人才队伍结构不优”问题的整改。
整改措施及阶段性成效：一是制定人才引进计划。二是招聘专业人员6名。
下一步举措：继续引进急需紧缺人才。
（三）需长期坚持的问题和事项
1.制定并印发《人才引进管理办法》，规范人才引进程序。
2.修订《公务接待管理规定》，严格接待标准。
三、下一步工作计划
一是持续抓好整改。"""

UNQUOTED = """二、集中整改期内整改进展情况
（一）落实全面从严治党责任不到位，监督存在短板
1.谈心谈话制度执行不严
整改情况：一是制定谈心谈话计划；二是建立谈话记录台账。
2.廉政风险排查不全面
整改情况：一是重新梳理岗位廉政风险点。二是印发《廉政风险防控手册》。
（二）推动高质量发展有差距
3.学科建设滞后
整改情况：一是引进学科带头人2名；二是申报市级重点专科。
三、下一步整改工作安排
（一）坚持问题导向，持续推动整改落实。"""

NESTED = """二、集中整改落实情况
（一）关于“落实党的路线方针政策”方面问题
1.关于“上级决策部署执行打折扣”问题
1)针对“家庭医生签约率低问题。
整改措施：
1.制定家庭医生签约服务方案；
2.每月通报签约进度。
以上问题已整改完成。
2)针对“村卫生室药品管理混乱”问题。
整改措施：
1.统一药品采购渠道。
以上问题整改为长期任务，已取得阶段性成效并长期坚持
2.关于“医德医风建设不严”问题
1)针对“收受患者礼品”问题。
整改措施：
1.开展医德医风专题教育。
以上问题需继续整改，2025年8月底前整改完成
（二）关于“基层党组织建设方面”方面问题
1.关于“组织生活不规范”问题
1)针对“主题党日走形式”问题。
整改措施：
一是规范主题党日流程。
二是每季度检查党日记录。
以上问题已整改完成。
欢迎广大干部群众对巡察整改落实情况进行监督。
某镇卫生院
2025年7月1日"""

BARE = """一、整改工作组织情况
（一）成立整改领导小组。
整改落实情况
1.关于档案管理不规范问题的整改
一是补齐缺失档案。二是建立档案借阅登记制度。
2.关于“‘一岗双责’履行不到位问题的整改
压实班子成员责任，签订责任书。
三、下一步整改工作打算
（一）巩固整改成效。"""


INLINE_LABELS = """二、巡察反馈问题整改情况
（一）关于“党的领导弱化”方面的问题
1.理论学习不够深入的问题。整改情况：组织专题学习6次，班子成员撰写心得体会。
2.意识形态工作责任制落实不到位。整改措施：一是调整领导小组；二是每半年专题研究一次。
3.坚持问题导向，强化督查考核。
（二）关于“作风建设有差距”方面的问题
1.通过考核发现窗口服务效率偏低。整改情况：推行一窗受理，平均办理时长缩短一半。"""

TOP_LEVEL_ASPECTS = """一、贯彻落实上级决策部署方面
（一）重点任务推进缓慢
整改情况：建立周调度机制，12项重点任务已全部完成。
（二）降低药占比措施不力
整改情况：开展处方点评，药占比同比下降3个百分点。
二、全面从严治党方面
（一）通过专题学习提升廉洁意识
（二）公务用车管理松散
整改情况：实行派车单制度。"""

NOTES = """二、巡察反馈问题整改情况
（一）已完成整改的问题（2个）
1.关于“会议记录不全”问题的整改
整改情况：补齐2024年会议记录。
2.内部审计监督缺位（已完成）
整改情况：成立内审小组。
（二）正在整改的问题
1.针对“库存药品过期”问题，药剂科采取了以下措施：
一是清理过期药品；二是每月盘点。
2.对未按时参加学习的2名同志进行了批评教育。
3.科室绩效分配不合理（已整改）
整改状态：已完成"""

ORGANIZATION_NAMED_FOR_RECTIFICATION = """一、提高政治站位，压实整改责任
（一）坚持问题导向，逐项研究整改措施。
（二）对反馈问题建立台账，明确时限。
二、整改落实情况
（一）关于“财务制度执行不严”问题的整改
一是修订财务报销制度。"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            INLINE_LABELS,
            [
                ("党的领导弱化", None, None, 1),
                ("理论学习不够深入", "党的领导弱化", None, 1),
                ("意识形态工作责任制落实不到位", "党的领导弱化", None, 2),
                ("作风建设有差距", None, None, 0),
                ("通过考核发现窗口服务效率偏低", "作风建设有差距", None, 1),
            ],
            id="problem-headings-run-on-into-their-measures-label",
        ),
        pytest.param(
            TOP_LEVEL_ASPECTS,
            [
                ("贯彻落实上级决策部署", None, None, 0),
                ("重点任务推进缓慢", "贯彻落实上级决策部署", None, 1),
                ("降低药占比措施不力", "贯彻落实上级决策部署", None, 1),
                ("全面从严治党", None, None, 1),
                ("公务用车管理松散", "全面从严治党", None, 1),
            ],
            id="aspects-at-the-top-level",
        ),
        pytest.param(
            NOTES,
            [
                ("会议记录不全", None, "completed", 1),
                ("内部审计监督缺位", None, "completed", 1),
                ("库存药品过期", None, "in_progress", 2),
                ("科室绩效分配不合理", None, "completed", 0),
            ],
            id="bracketed-notes-run-on-headings-and-action-items",
        ),
        pytest.param(
            ORGANIZATION_NAMED_FOR_RECTIFICATION,
            [("财务制度执行不严", None, None, 1)],
            id="organization-items-are-actions-not-problems",
        ),
        pytest.param(
            CUED,
            [("理论学习流于形式", None, None, 3), ("工程项目监管不力", None, None, 2)],
            id="quoted-headings-between-organization-and-next-step",
        ),
        pytest.param(
            STATUS_GROUPS,
            [
                ("政府采购程序不规范", None, "completed", 2),
                ("公务接待超标准", None, "completed", 1),
                ("人才队伍结构不优", None, "in_progress", 2),
            ],
            id="status-headings",
        ),
        pytest.param(
            UNQUOTED,
            [
                ("落实全面从严治党责任不到位，监督存在短板", None, None, 0),
                ("谈心谈话制度执行不严", "落实全面从严治党责任不到位，监督存在短板", None, 2),
                ("廉政风险排查不全面", "落实全面从严治党责任不到位，监督存在短板", None, 2),
                ("推动高质量发展有差距", None, None, 0),
                ("学科建设滞后", "推动高质量发展有差距", None, 2),
            ],
            id="unquoted-aspects-and-problems",
        ),
        pytest.param(
            NESTED,
            [
                ("落实党的路线方针政策", None, None, 0),
                ("上级决策部署执行打折扣", "落实党的路线方针政策", None, 0),
                ("家庭医生签约率低", "上级决策部署执行打折扣", "completed", 2),
                ("村卫生室药品管理混乱", "上级决策部署执行打折扣", "long_term", 1),
                ("医德医风建设不严", "落实党的路线方针政策", None, 0),
                ("收受患者礼品", "医德医风建设不严", "in_progress", 1),
                ("基层党组织建设方面", None, None, 0),
                ("组织生活不规范", "基层党组织建设方面", None, 0),
                ("主题党日走形式", "组织生活不规范", "completed", 2),
            ],
            id="aspects-problems-subproblems-with-closing-sentences",
        ),
        pytest.param(
            BARE,
            [("档案管理不规范", None, None, 2), ("‘一岗双责’履行不到位", None, None, 1)],
            id="rectification-section-lost-its-number",
        ),
        pytest.param("某单位召开会议，研究部署巡察整改工作。", [], id="no-outline"),
    ],
)
def test_extract_problems(body: str, expected: list[tuple[str, str | None, str | None, int]]) -> None:
    assert outline_of(extract_problems(body)) == expected


def test_problems_keep_reading_order_and_evidence() -> None:
    problems = extract_problems(NESTED)
    assert [p.number for p in problems] == list(range(1, len(problems) + 1))
    for p in problems:
        assert p.evidence is not None
        assert NESTED[p.evidence.start : p.evidence.end] == p.evidence.text
        assert p.title.strip("“”‘’") in p.evidence.text
        for m in p.measures:
            assert NESTED[m.evidence.start : m.evidence.end] == m.evidence.text


@pytest.mark.parametrize(
    ("body", "title", "measures"),
    [
        (
            CUED,
            "理论学习流于形式",
            ["制定年度学习计划，明确每月学习主题", "开展专题研讨4次", "建立学习考勤通报制度"],
        ),
        (
            CUED,
            "工程项目监管不力",
            [
                "修订《工程项目管理办法》，规范招投标流程",
                "对在建项目开展全面排查，发现问题12个，已全部整改到位",
            ],
        ),
        (NESTED, "家庭医生签约率低", ["制定家庭医生签约服务方案", "每月通报签约进度"]),
        (NESTED, "主题党日走形式", ["规范主题党日流程", "每季度检查党日记录"]),
        (STATUS_GROUPS, "人才队伍结构不优", ["制定人才引进计划", "招聘专业人员6名"]),
        (STATUS_GROUPS, "公务接待超标准", ["清退超标准费用，通报相关责任人"]),
    ],
)
def test_measures(body: str, title: str, measures: list[str]) -> None:
    problem = next(p for p in extract_problems(body) if p.title == title)
    assert [m.text for m in problem.measures] == measures


def test_component_writes_spans_and_records() -> None:
    import kg.extract.problems  # noqa: F401  (registers xc_problems)

    nlp = spacy.blank("zh")
    nlp.add_pipe("xc_problems")
    doc = nlp(CUED)
    problems = doc.user_data["problems"]
    assert [p.title for p in problems] == ["理论学习流于形式", "工程项目监管不力"]
    spans = doc.spans["problems"]
    assert [s.label_ for s in spans] == [
        "PROBLEM",
        "MEASURE",
        "MEASURE",
        "MEASURE",
        "PROBLEM",
        "MEASURE",
        "MEASURE",
    ]
    assert spans[0].text == "关于“理论学习流于形式”问题的整改"
    assert spans[1].text == "制定年度学习计划，明确每月学习主题"


def test_an_aspect_quoted_after_zai_is_a_problem_whatever_words_it_holds():
    body = (
        "（一）在“落实决策部署不够有力，班子领导作用发挥不足”方面\n"
        "1.关于“学习上级部署不够到位”问题的整改\n"
        "（1）组织专题学习3次。\n"
    )
    problems = extract_problems(body)
    assert [p.title for p in problems] == [
        "落实决策部署不够有力，班子领导作用发挥不足",
        "学习上级部署不够到位",
    ]
    assert problems[1].parent == problems[0].number


def test_a_short_grouping_heading_names_no_problem():
    body = "二、巡察反馈问题整改进展情况\n（一）反馈问题\n1.政治意识不够强\n一是加强学习。\n2.担当意识不够强\n一是完善制度。\n"
    assert [p.title for p in extract_problems(body)] == ["政治意识不够强", "担当意识不够强"]


def test_a_grouping_label_followed_by_a_problem_names_it():
    body = (
        "二、巡察反馈问题整改进展情况\n（一）反馈问题：档案管理制度执行不够严格\n1.借阅登记不完整\n整改状态：完成\n"
        "整改情况：一是补齐登记。\n2.库房巡查不及时\n整改状态：阶段性完成\n整改情况：一是建立巡查台账。\n"
    )
    problems = extract_problems(body)
    assert [(p.title, p.parent, p.status) for p in problems] == [
        ("档案管理制度执行不够严格", None, None),
        ("借阅登记不完整", 1, "completed"),
        ("库房巡查不及时", 1, "in_progress"),
    ]


def test_a_heading_grouping_problems_is_their_aspect():
    body = (
        "二、整改落实情况\n（一）聚焦落实上级决策部署情况\n1、学习教育开展不经常。\n（1）集中学习次数偏少。\n"
        "整改措施：制定学习计划。\n（二）整改工作推进情况\n我委按月调度整改进度。\n"
    )
    problems = extract_problems(body)
    assert [(p.title, p.parent) for p in problems] == [
        ("聚焦落实上级决策部署情况", None),
        ("学习教育开展不经常", 1),
        ("集中学习次数偏少", 2),
    ]
