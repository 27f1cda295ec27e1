from datetime import date

import pytest

from kg.extract.counts import extract_counts
from kg.extract.header import extract_header, infer_place, split_targets
from kg.models import NoticeText


def _header(body: str, title: str | None = None, meta=None):
    return extract_header(NoticeText("n.txt", 0, title, body, meta or {}))


SIGNED = """根据县委统一部署，2023年10月9日至12月1日，县委第一巡察组对县人民医院党委开展了巡察。2024年1月5日，巡察组向县人民医院党委反馈了巡察意见。
一、整改工作组织情况
针对巡察反馈的3个方面12个问题，研究制定整改措施36条。目前已完成整改10个问题，正在推进整改2个问题。
中共甘泉县人民医院委员会
2024年5月6日"""


def test_signed_notice():
    h = _header(SIGNED, "县人民医院党委关于巡察整改情况的通报")
    assert h.place == "甘泉县"
    assert h.group_as_written == "县委第一巡察组"
    assert h.group == "甘泉县委第一巡察组"
    assert (h.start, h.end, h.feedback) == (date(2023, 10, 9), date(2023, 12, 1), date(2024, 1, 5))
    assert h.issued == date(2024, 5, 6)
    assert h.publisher is h.target  # the inspected party committee signs its own notice
    assert h.publisher.name == "中共甘泉县人民医院委员会"
    assert {"县人民医院党委", "甘泉县人民医院党委"} <= set(h.publisher.aliases)
    assert (h.counts.problems, h.counts.measures, h.counts.completed, h.counts.in_progress) == (12, 36, 10, 2)
    assert SIGNED[h.evidence["group"].start : h.evidence["group"].end] == "县委第一巡察组"


def test_scraped_dates_meta_date_and_self_reference():
    body = (
        "根据区委统一部署，2024318日至520日，区委第四巡察组对我中心（原云溪镇卫生院）开展了常规巡察。"
        "624日，巡察组向我中心反馈了巡察意见。\n反馈的2个方面、8大项、21条问题已完成整改19条，尚未完成整改2条。\n"
        "云溪街道社区卫生服务中心\n2024920"
    )
    h = _header(
        body, "云溪街道社区卫生服务中心关于十届区委第三轮巡察整改进展情况的通报", {"issued": "2024年09月26日"}
    )
    assert (h.start, h.end, h.feedback) == (date(2024, 3, 18), date(2024, 5, 20), date(2024, 6, 24))
    assert h.issued == date(2024, 9, 26)  # the page's written date wins over the signature's
    assert h.round == "十届区委第三轮"
    assert h.target.name == "云溪街道社区卫生服务中心"
    assert "云溪镇卫生院" in h.target.aliases
    assert (h.counts.problems, h.counts.completed, h.counts.in_progress) == (21, 19, 2)


def test_group_numbers_become_chinese_numerals_and_keep_a_named_place():
    body = "根据部署，青川市委第2巡察组于2024年3月1日至4月1日对市财政局党组进行了巡察。"
    h = _header(body)
    assert h.group == "青川市委第二巡察组"
    assert h.place == "青川市"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("针对巡察反馈的4项15个问题，制定整改措施48条", (15, 48, None, None)),
        ("将巡察组指出的3个方面11个问题细化分解为30项整改措施", (11, 30, None, None)),
        ("共计7个问题已整改完成，共计4个问题正在整改过程中", (None, None, 7, 4)),
        ("巡察反馈的9个具体问题，已完成整改6个，阶段性完成整改3个", (9, None, 6, 3)),
        ("已完成整改9个，正在推进2个，其余问题长期坚持", (None, None, 9, 2)),
        ("全年接诊12万人次，完成项目8个", (None, None, None, None)),
        # the problems of the aspects just named, however far the verb stands
        ("巡察组指出该中心在学习教育、财务管理和作风建设等三个方面存在17个具体问题", (17, None, None, None)),
        ("对照反馈的3个方面9项24个问题逐条整改", (24, None, None, None)),
        # a count of aspects is none of problems; tasks are measures
        ("巡察组反馈问题3个大方面，细化整改任务41个，已完成整改37个", (None, 41, 37, None)),
        ("稳步推进32项整改任务", (None, 32, None, None)),
        ("反馈意见涉及五个方面18项整改任务", (None, 18, None, None)),
        ("镇党委已完成问题整改6个", (None, None, 6, None)),
        ("重视巡察组提出的每一个问题", (None, None, None, None)),
    ],
)
def test_counts(text, expected):
    c, _ = extract_counts(text)
    assert (c.problems, c.measures, c.completed, c.in_progress) == expected


def test_place_from_the_division_table_when_no_name_carries_it():
    body = "区卫健局要求……北京市海淀区卫生室……海淀区卫健局……全区各单位"
    assert infer_place("区", ["云溪街道社区卫生服务中心"], body) == "海淀区"
    assert infer_place("区", [], "全区和城区各单位") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "根据省委统一部署，省委第三巡视组于2023年4月10日至6月20日对江南省交通运输厅党组开展了常规巡视，"
            "并于2023年8月3日向厅党组反馈了巡视意见。",
            ("江南省委第三巡视组", "2023-04-10", "2023-06-20", "2023-08-03"),
        ),
        (
            "十届县委第五轮巡察中，县委第二巡察组于2024年4月8日至5月31日对县教育局党组进行了为期近两个月的常规巡察，"
            "7月9日进行了集中反馈。",
            ("县委第二巡察组", "2024-04-08", "2024-05-31", "2024-07-09"),
        ),
        (
            "2024年3月至5月，市委第四巡察组对市住建局党组进行了巡察，6月18日反馈了巡察意见。",
            ("市委第四巡察组", None, None, "2024-06-18"),
        ),
    ],
)
def test_opening_sentence_variants(body, expected):
    h = _header(body)
    found = (h.group, h.start, h.end, h.feedback)
    assert tuple(str(x) if isinstance(x, date) else x for x in found) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("县委巡察办", ("甘泉县委巡察办", ("县委巡察办",))),  # named within the notice's county
        ("市委巡察办", ("市委巡察办", ())),  # another level than the notice's place: left as written
        ("青川日报社", ("青川日报社", ())),
        ("https://example.org/news", None),  # an address is no unit
    ],
)
def test_page_source_names_a_unit_within_the_notice_place(source, expected):
    h = _header(SIGNED, meta={"source": source})
    assert ((h.source.name, h.source.aliases) if h.source else None) == expected


def test_a_news_page_tells_the_feedback_first_and_the_period_later():
    body = (
        "2024年8月14日上午，云岭区委第一巡察组向区法院党组反馈巡察情况。组长赵某某主持会议。\n"
        "根据区委统一部署，2024年3月22日至4月22日，区委第一巡察组对区法院党组进行了巡察。"
    )
    h = _header(body)
    assert h.kind == "feedback"
    assert h.group == "云岭区委第一巡察组"
    assert (h.start, h.end, h.feedback) == (date(2024, 3, 22), date(2024, 4, 22), date(2024, 8, 14))


def test_the_feedback_date_in_a_later_sentence_takes_the_periods_year():
    body = (
        "根据中央统一部署，2017年3月4日至4月30日，中央第三巡视组对某某大学党委进行了专项巡视。"
        "巡视组认真贯彻巡视工作方针。\n6月20日，中央第三巡视组向某某大学党委反馈专项巡视情况。"
    )
    h = _header(body)
    assert h.group == "中央第三巡视组"
    assert h.feedback == date(2017, 6, 20)


def test_a_round_names_each_unit_and_each_group():
    body = "根据县委统一安排，县委第二、第三巡察组于2020年5月10日至7月30日对县统计局、县商务局等2个单位开展巡察。"
    h = _header(body)
    assert h.group == "县委第二巡察组"
    assert h.more_groups == ("县委第三巡察组",)
    assert h.target.name == "县统计局"
    assert [t.name for t in h.more_targets] == ["县商务局"]


@pytest.mark.parametrize(
    ("body", "round_"),
    [
        ("根据部署，十三届云岭县委第十轮巡察安排6个巡察组对县人大机关开展巡察。", "十三届云岭县委第十轮"),
        ("根据县委统一部署，十七届县委第六轮巡察共组建6个巡察组开展巡察。", "十七届县委第六轮"),
        ("按照校党委第六轮巡察工作统一部署，校党委第二巡察组对机关党委开展了巡察。", "校党委第六轮"),
        ("根据部署，第三轮巡察中，市委第一巡察组对市档案馆开展了巡察。", "第三轮"),
        ("按照集团党委2023年第二轮巡察工作部署，集团党委第一巡察组对物流公司开展了巡察。", "集团党委2023年第二轮"),
        # told bare first, with its committee later
        ("市委赴青禾县第四轮专项巡察反馈会召开。会议传达了市委第四轮专项巡察情况汇报会精神。", "市委第四轮"),
    ],
)  # fmt: skip
def test_a_round_keeps_its_committee_and_term(body, round_):
    assert _header(body).round == round_


def test_a_group_label_leaves_out_the_term_and_round_its_name_carries():
    body = "根据部署，2023年3月1日至4月2日，五届市委第八轮巡察二组对青川市档案馆党组开展了巡察。"
    h = _header(body)
    assert h.group_as_written == "五届市委第八轮巡察二组"
    assert (h.group, h.place) == ("青川市委巡察二组", "青川市")


def test_a_town_reporting_on_its_villages_is_not_the_inspected_unit():
    body = (
        "按照区委部署，2023年3月1日至4月2日，区委第二巡察组对青禾镇柳溪村、石桥村开展了常规巡察。"
        "现将整改情况公布如下。"
    )
    h = _header(body, "青禾镇党委关于巡察整改进展情况的通报")
    assert h.publisher.name == "青禾镇党委"
    assert h.target.name == "青禾镇柳溪村"
    assert [t.name for t in h.more_targets] == ["石桥村"]


def test_words_before_a_committee_are_no_place_unless_they_name_one():
    body = "会议传达学习十二届市委第三巡察组反馈意见。市委第三巡察组于2024年5月8日对市财政局党组开展了巡察。"
    assert _header(body).group_as_written == "市委第三巡察组"


def test_a_page_about_no_inspection_has_no_kind():
    assert _header("今天下午召开秋收工作会议。").kind is None


@pytest.mark.parametrize(
    ("raw", "units"),
    [
        ("区民政局、区农业农村局等4家单位", ["区民政局", "区农业农村局"]),
        ("区城管局（综合行政执法局）等3个区属单位党组织和青禾镇", ["区城管局（综合行政执法局）", "青禾镇"]),
        ("集团所属物流公司党支部", ["物流公司党支部"]),
        ("省教育厅党组（省委教育工委", ["省教育厅党组"]),
        # counted groups, units by their role and a bare word name no unit
        ("青禾县7个乡镇和2个街道的20个村", []),
        ("被巡察单位、部门", []),
        ("园艺公司、林场主要负责人和", ["园艺公司", "林场"]),
    ],
)  # fmt: skip
def test_the_units_of_a_sentences_object(raw, units):
    assert split_targets(raw) == units


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("巡察反馈35个具体问题，整改完成28个，阶段性完成7个。", (35, 28, 7)),
        ("反馈问题12个，已整改到位10个，正在整改2个。", (12, 10, 2)),
    ],
)  # fmt: skip
def test_counts_in_either_order(text, counts):
    c = extract_counts(text)[0]
    assert (c.problems, c.completed, c.in_progress) == counts


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ("9月3日，青川市林业局召开巡察整改推进会，部署下一步整改工作。", "青川市林业局"),
        ("11月2日，市档案馆党组召开巡察整改专题民主生活会。", "市档案馆党组"),
        ("5月6日，云岭集团巡视整改工作领导小组办公室在公司本部召开推进会。", "云岭集团"),
        ("青禾县水务局党委对照巡察反馈意见，于6月2日召开整改推进会议。", "青禾县水务局党委"),
        ("3月7日，云岭集团党委召开巡察整改成效评估会。", None),  # who assesses was not inspected
        ("8月20日，市委巡察工作领导小组召开会议，听取巡察整改情况汇报。", None),
    ],
)  # fmt: skip
def test_a_meeting_on_rectification_names_the_unit_inspected(body, target):
    h = _header(body)
    assert (h.target.name if h.target else None) == target


def test_a_meeting_news_is_published_by_no_unit_it_names():
    assert _header("9月3日，青川市林业局召开巡察整改推进会，部署下一步整改工作。").publisher is None


@pytest.mark.parametrize(
    ("tail", "publisher"),
    [
        ("……确保整改到位。（青禾县纪委监委）\n技术支持：某某网络公司", "青禾县纪委监委"),
        ("……抓好整改落实。（文/图 园艺学院）", "园艺学院"),
        ("……推动整改落实。（记者 王某 通讯员 李某）", None),
    ],
)  # fmt: skip
def test_a_news_page_credited_to_a_unit_is_published_by_it(tail, publisher):
    h = _header("近日，县委第一巡察组对县林业局开展巡察“回头看”。" + tail)
    assert (h.publisher.name if h.publisher else None) == publisher


def test_a_kind_of_units_gives_way_to_the_units_a_later_sentence_names():
    body = (
        "近日，区委第二巡察组对区属中学开展巡察“回头看”。根据对卫生系统开展巡察的安排，"
        "区委对青禾中学、柳溪中学等2家学校党组织开展为期10天的巡察“回头看”。"
    )
    h = _header(body)
    assert h.group == "区委第二巡察组"
    assert (h.target.name, [t.name for t in h.more_targets]) == ("青禾中学", ["柳溪中学"])


@pytest.mark.parametrize(
    ("raw", "units"),
    [
        ("该镇柳溪村、石桥村等2个村", ["柳溪村", "石桥村"]),
        ("县林业局1个县直单位和县第二中学等5所县管中学", ["县林业局", "县第二中学"]),
    ],
)  # fmt: skip
def test_a_demonstrative_or_a_count_in_apposition_is_no_part_of_a_unit(raw, units):
    assert split_targets(raw) == units


@pytest.mark.parametrize(
    ("body", "period"),
    [
        # the period in a sentence of its own
        ("县委第三巡察组对青禾镇柳溪村开展常规巡察。\n巡察组进驻时间为2023年3月6日至4月9日。",
         ("2023-03-06", "2023-04-09")),
        # a range joined by a double dash
        ("2019年10月8日——2019年12月6日，市委第一巡察组对青禾镇党委进行了巡察。", ("2019-10-08", "2019-12-06")),
        # a news page's dateline is the day of the report
        ("青川日报网6月3日讯 市委第二巡察组于2022年4月6日至5月7日对市文联党组开展巡察。", ("2022-04-06", "2022-05-07")),
        # another inspection's period told in passing is none of this one's
        ("区委第二巡察组对区林业局开展巡察。\n本轮巡察时间为60天左右（其中专项检查时间为2023年3月1日至3月30日）。",
         (None, None)),
    ],
)  # fmt: skip
def test_the_period_wherever_the_opening_tells_it(body, period):
    h = _header(body)
    assert tuple(str(x) if x else None for x in (h.start, h.end)) == period


def test_a_round_of_another_committee_is_not_the_groups():
    body = "按照省委第三轮巡视带巡察安排，2024年3月1日至4月1日，区委第二联动巡察组对区林业局党组开展了巡察。"
    assert _header(body).round is None
    titled = _header(body, "区林业局党组关于省委第三轮巡视联动巡察整改进展情况的通报")
    assert titled.round == "省委第三轮"  # a title says which round its notice is about


def test_the_place_from_the_pages_source_and_the_rounds_committee():
    body = "近日，十三届县委第五轮巡察4个巡察组进驻县林业局等6个单位，开展常规巡察。"
    h = _header(body, meta={"source": "中共青禾县委巡察工作领导小组办公室"})
    assert (h.round, h.place) == ("十三届县委第五轮", "青禾县")
    assert h.target.name == "青禾县林业局"


def test_a_group_named_with_a_term_in_years_keeps_it_out_of_its_label():
    body = "根据区党工委统一部署，区党工委2021-2025年第六轮第二巡察组对区林业局党组开展了常规巡察。"
    h = _header(body)
    assert (h.group_as_written, h.group) == ("区党工委2021-2025年第六轮第二巡察组", "区党工委第二巡察组")
    assert h.round == "区党工委2021-2025年第六轮"


def test_the_feedback_before_the_period_takes_its_year_and_findings_are_no_feedback():
    body = (
        "10月9日，县委第一巡察组向青禾镇党委反馈巡察情况。\n"
        "按照县委统一部署，2023年4月3日至6月2日，县委第一巡察组对青禾镇党委进行了巡察。"
    )
    assert _header(body).feedback == date(2023, 10, 9)
    visit = "3月6日，市委第二巡察组到云岭公司检查巡察反馈问题的整改。"
    assert _header(visit).feedback is None


@pytest.mark.parametrize(
    ("body", "target", "more"),
    [
        # 进驻 names the units where the 对… of the same sentence only counts them
        ("5月8日，省林业委党委第一巡察组进驻青禾林场、柳溪苗圃，对所属3家企业开展专项巡察。",
         "青禾林场", ["柳溪苗圃"]),
        ("9月1日，市委第二巡察组召开巡察市林业局党组情况反馈会。", "市林业局党组", []),
        # kinds of areas in brackets are no units
        ("省委巡视组对青禾县、柳溪县等12个县（市、区）开展常规巡视。", "青禾县", ["柳溪县"]),
    ],
)  # fmt: skip
def test_the_sentence_reading_that_names_the_units(body, target, more):
    h = _header(body)
    assert (h.target.name, [t.name for t in h.more_targets]) == (target, more)


UNSIGNED_SELF = (
    "根据市委巡察工作的统一部署，2021年3月1日至5月31日，八届市委第五轮巡察二组对我院党组开展了巡察，"
    "并于2021年7月2日反馈了巡察意见。现将整改进展情况予以公布。\n一、提高站位\n"
    "市法院党组严格落实整改要求。市法院党组召开会议研究部署，{more}"
)


def test_an_unsigned_notice_s_self_reference_is_the_unit_its_body_names_with_that_organ():
    h = _header(UNSIGNED_SELF.format(more="市委巡察组予以指导。"))
    assert h.target is not None and h.target.name == "市法院党组"
    assert h.publisher == h.target  # a rectification notice nobody signs is its unit's


def test_a_bare_self_reference_names_no_unit():
    h = _header(UNSIGNED_SELF.replace("对我院党组", "对我院").format(more=""))
    assert h.target is None


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("贯彻中央、省委、扬州市委和仪征市委部署，市委第二巡察组进驻。", "仪征市"),  # county-level city
        ("贯彻省委和扬州市委部署，扬州市委常委会研究，市委第二巡察组进驻。", "扬州市"),
    ],
)
def test_a_county_level_city_named_as_often_as_its_prefecture_is_the_place(body: str, place: str):
    assert infer_place("市", [], body) == place


@pytest.mark.parametrize(
    ("body", "group"),
    [
        # 根据 is no part of the issuer's name
        ("根据水利厅党组第二巡视组的反馈意见，学院将整改任务明确为10项。", "水利厅党组第二巡视组"),
        # a kind in brackets
        (
            "3月5日，市总工会机关党组召开市委第三提级(交叉)巡察组巡察总工会机关反馈问题整改专题民主生活会。",
            "市委第三提级(交叉)巡察组",
        ),
    ],
)
def test_the_group_s_name_where_a_verb_or_brackets_stand_around_it(body: str, group: str):
    assert _header(body).group_as_written == group
