"""A small hand-made graph of the fictional city 青川市: two notices, built by kg.graph.assemble.

Every saved query and every graph-consuming module is tested on it, so it holds at least one
example of each shape the queries look for: one group that inspected two units, problems with
each status, an inspection whose stated counts disagree with the problems listed, a regulation
issued and one cited by both notices, people with posts, and units named under an alias.
"""

from __future__ import annotations

from datetime import date

from rdflib import Dataset

from kg.graph.assemble import build_dataset
from kg.models import (
    Counts,
    Header,
    Measure,
    Notice,
    NoticeText,
    Org,
    Person,
    Place,
    Problem,
    Regulation,
    Span,
)

GROUP = "青川市委第一巡察组"

BODY_1 = (
    "根据市委统一部署，2023年9月1日至10月31日，市委第一巡察组对中共青川市卫生健康委员会党组开展了巡察。"
    "2023年12月5日，巡察组向市卫健委党组反馈了巡察意见。\n"
    "一、落实全面从严治党主体责任不够到位\n"
    "（一）党组会议研究部署不及时。已完成整改。党组书记、主任王建国主持召开专题会议。"
    "制定《青川市卫生健康系统党风廉政建设责任清单》。\n"
    "（二）医疗机构监管存在薄弱环节。正在整改。依据《青川市公立医院廉洁从业规定》开展专项检查，"
    "清河镇卫生院纳入检查范围。\n"
    "二、干部队伍建设统筹不够\n"
    "修订干部选拔任用工作规程。已完成整改。\n"
    "反馈的3个问题中，已完成整改2个，正在整改1个，共制定整改措施5条。"
)

BODY_2 = (
    "2023年9月4日至11月3日，市委第一巡察组对中共青川市第一人民医院委员会进行了巡察，"
    "2023年12月8日反馈了巡察意见。\n"
    "一、医疗服务质量管理不严\n"
    "需长期坚持。党委书记李秀兰、院长赵明牵头推进，市一院每月通报医疗质量。\n"
    "二、药品耗材采购管理不规范\n"
    "已完成整改。印发《青川市第一人民医院药品耗材采购管理办法》。"
    "认真落实《青川市公立医院廉洁从业规定》，配合市卫健委开展行风整治。\n"
    "按照青委办发〔2023〕8号文件要求建立长效机制。\n"
    "巡察反馈的5个问题，已完成整改1个。"
)


def span(body: str, text: str, nth: int = 1) -> Span:
    """The `nth` occurrence of `text` in `body`, as a Span (fails loudly if it is not there)."""
    start = -1
    for _ in range(nth):
        start = body.index(text, start + 1)
    return Span(start, start + len(text), text)


def notice_1() -> Notice:
    b = BODY_1
    party = Org(
        "中共青川市卫生健康委员会党组",
        aliases=("市卫健委党组",),
        kind="party",
        evidence=(span(b, "中共青川市卫生健康委员会党组"), span(b, "市卫健委党组")),
    )
    header = Header(
        title="中共青川市卫生健康委员会党组关于巡察整改进展情况的通报",
        publisher=party,
        issued=date(2024, 1, 20),
        place="青川市",
        group_as_written="市委第一巡察组",
        group=GROUP,
        target=party,
        start=date(2023, 9, 1),
        end=date(2023, 10, 31),
        feedback=date(2023, 12, 5),
        round="十三届市委第四轮",
        counts=Counts(problems=3, measures=5, completed=2, in_progress=1),
        evidence={
            "group": span(b, "市委第一巡察组"),
            "target": span(b, "中共青川市卫生健康委员会党组"),
            "start": span(b, "2023年9月1日"),
            "end": span(b, "10月31日"),
            "feedback": span(b, "2023年12月5日"),
            "count_problems": span(b, "反馈的3个问题"),
            "count_measures": span(b, "整改措施5条"),
            "count_completed": span(b, "已完成整改2个"),
            "count_in_progress": span(b, "正在整改1个"),
        },
    )
    problems = (
        Problem("落实全面从严治党主体责任不够到位", 1, evidence=span(b, "落实全面从严治党主体责任不够到位")),
        Problem(
            "党组会议研究部署不及时",
            2,
            parent=1,
            status="completed",
            measures=(
                Measure("主持召开专题会议", span(b, "主持召开专题会议")),
                Measure(
                    "制定《青川市卫生健康系统党风廉政建设责任清单》",
                    span(b, "制定《青川市卫生健康系统党风廉政建设责任清单》"),
                ),
            ),
            evidence=span(b, "党组会议研究部署不及时"),
        ),
        Problem(
            "医疗机构监管存在薄弱环节",
            3,
            parent=1,
            status="in_progress",
            measures=(Measure("开展专项检查", span(b, "开展专项检查")),),
            evidence=span(b, "医疗机构监管存在薄弱环节"),
        ),
        Problem(
            "干部队伍建设统筹不够",
            4,
            status="completed",
            measures=(Measure("修订干部选拔任用工作规程", span(b, "修订干部选拔任用工作规程")),),
            evidence=span(b, "干部队伍建设统筹不够"),
        ),
    )
    return Notice(
        text=NoticeText(source="qingchuan_a.txt", index=0, title=header.title, body=b),
        header=header,
        problems=problems,
        regulations=(
            Regulation(
                "青川市卫生健康系统党风廉政建设责任清单",
                relation="issued",
                evidence=(span(b, "《青川市卫生健康系统党风廉政建设责任清单》"),),
            ),
            Regulation(
                "青川市公立医院廉洁从业规定",
                number="青卫发〔2023〕12号",
                relation="cited",
                evidence=(span(b, "《青川市公立医院廉洁从业规定》"),),
            ),
        ),
        persons=(
            Person(
                "王建国",
                post="党组书记、主任",
                org="中共青川市卫生健康委员会党组",
                evidence=(span(b, "王建国"),),
            ),
        ),
        organizations=(
            party,
            Org(
                "青川市清河镇卫生院",
                aliases=("清河镇卫生院",),
                kind="primary_care",
                parent="中共青川市卫生健康委员会党组",
                evidence=(span(b, "清河镇卫生院"),),
            ),
        ),
        places=(
            Place("青川市", level="市", code="519900", evidence=(span(b, "青川市"),)),
            Place("清河镇", level="镇", parent="青川市", evidence=(span(b, "清河镇"),)),
        ),
    )


def notice_2() -> Notice:
    b = BODY_2
    party = Org(
        "中共青川市第一人民医院委员会",
        aliases=("市一院党委",),
        kind="party",
        evidence=(span(b, "中共青川市第一人民医院委员会"),),
    )
    hospital = Org(
        "青川市第一人民医院",
        aliases=("市一院",),
        kind="hospital",
        parent="青川市卫生健康委员会",
        evidence=(span(b, "市一院"),),
    )
    health_commission = Org(
        "青川市卫生健康委员会",
        aliases=("市卫健委",),
        kind="government",
        evidence=(span(b, "市卫健委"),),
    )
    header = Header(
        title="中共青川市第一人民医院委员会关于巡察整改情况的通报",
        publisher=party,
        issued=date(2024, 2, 26),
        place="青川市",
        group_as_written="市委第一巡察组",
        group=GROUP,
        target=party,
        start=date(2023, 9, 4),
        end=date(2023, 11, 3),
        feedback=date(2023, 12, 8),
        counts=Counts(problems=5, completed=1),
        evidence={
            "group": span(b, "市委第一巡察组"),
            "target": span(b, "中共青川市第一人民医院委员会"),
            "start": span(b, "2023年9月4日"),
            "end": span(b, "11月3日"),
            "feedback": span(b, "2023年12月8日"),
            "count_problems": span(b, "反馈的5个问题"),
            "count_completed": span(b, "已完成整改1个"),
        },
    )
    problems = (
        Problem("医疗服务质量管理不严", 1, status="long_term", evidence=span(b, "医疗服务质量管理不严")),
        Problem(
            "药品耗材采购管理不规范",
            2,
            status="completed",
            measures=(
                Measure(
                    "印发《青川市第一人民医院药品耗材采购管理办法》",
                    span(b, "印发《青川市第一人民医院药品耗材采购管理办法》"),
                ),
            ),
            evidence=span(b, "药品耗材采购管理不规范"),
        ),
    )
    return Notice(
        text=NoticeText(source="qingchuan_b.txt", index=0, title=header.title, body=b),
        header=header,
        problems=problems,
        regulations=(
            Regulation(
                "青川市第一人民医院药品耗材采购管理办法",
                relation="issued",
                evidence=(span(b, "《青川市第一人民医院药品耗材采购管理办法》"),),
            ),
            Regulation(
                "青川市公立医院廉洁从业规定",
                number="青卫发〔2023〕12号",
                relation="cited",
                evidence=(span(b, "《青川市公立医院廉洁从业规定》"),),
            ),
            Regulation(
                None,
                number="青委办发〔2023〕8号",
                relation="cited",
                evidence=(span(b, "青委办发〔2023〕8号"),),
            ),
        ),
        persons=(
            Person(
                "李秀兰", post="党委书记", org="中共青川市第一人民医院委员会", evidence=(span(b, "李秀兰"),)
            ),
            Person("赵明", post="院长", org="青川市第一人民医院", evidence=(span(b, "赵明"),)),
        ),
        organizations=(party, hospital, health_commission),
    )


def fixture_notices() -> list[Notice]:
    return [notice_1(), notice_2()]


def fixture_dataset() -> Dataset:
    """The fixture graph as kg.graph.assemble builds it: one named graph per notice."""
    return build_dataset(fixture_notices())
