"""Document kinds from weighed cues, and the inspection sentence in each kind's phrasing."""

import pytest

from kg.text.anchors import each_group, find_inspection, group_ordinals
from kg.text.kinds import ANNOUNCEMENT, FEEDBACK, FOLLOW_UP, RECTIFICATION, classify


@pytest.mark.parametrize(
    ("title", "body", "kind"),
    [
        ("中共云岭县林业局党组关于巡察整改进展情况的通报",
         "根据县委统一部署，县委第二巡察组对县林业局党组进行了巡察，并反馈了巡察意见。现将整改进展情况予以公布。",
         RECTIFICATION),
        (None, "6月3日，市委第四巡察组向市水务局党组反馈巡察情况。巡察组组长周某某主持反馈会。", FEEDBACK),
        (None, "近日，县委巡察组对青禾镇开展巡察整改“回头看”，督查整改落实情况。", FOLLOW_UP),
        (None, "5月8日，区委第一巡察组进驻区文旅局开展巡察。巡察期间设立举报电话和电子邮箱，受理来信来电来访。",
         ANNOUNCEMENT),
        # the meeting that opens an inspection, the unit between 巡察 and 动员会
        ("校党委第三巡察组召开巡察化学学院党委工作动员会",
         "10月8日下午，校党委第三巡察组巡察化学学院党委工作动员会在图书馆报告厅召开。", ANNOUNCEMENT),
        (None, "3月以来，巡察整改工作进入攻坚阶段，公司召开专题调度会议4次。", RECTIFICATION),
        # a rectification's own mobilization meeting opens no inspection
        (None, "5月6日，县水务局召开巡察整改动员会。", RECTIFICATION),
        (None, "今天下午，青禾镇召开秋收工作会议，部署粮食入库。", None),
        (None, "巡察工作人员参加了植树活动。", None),
    ],
)  # fmt: skip
def test_kind_is_the_heaviest_cue(title, body, kind):
    assert classify(body, title).kind == kind


def test_a_text_about_no_inspection_says_why():
    assert "never mentions" in classify("今天召开秋收工作会议。").reason
    assert "names no inspection" in classify("巡察工作人员参加了植树活动。").reason


@pytest.mark.parametrize(
    ("text", "group", "target"),
    [
        ("2024年3月1日至4月1日，市委第三巡察组对市财政局党组进行了巡察。", "市委第三巡察组", "市财政局党组"),
        ("县委第二巡察组于5月6日至6月5日对县医保局开展了常规巡察。", "县委第二巡察组", "县医保局"),
        ("7月19日，云岭市委第一巡察组向市政府办公室党组反馈了巡察情况。", "云岭市委第一巡察组", "市政府办公室党组"),
        ("区委巡察二组巡察区法院党组工作动员会召开。", "区委巡察二组", "区法院党组"),
        ("市委提级巡察第二巡察组巡察青禾县人民医院党委情况反馈会召开。", "市委提级巡察第二巡察组", "青禾县人民医院党委"),
        ("中央第五巡视组进驻某某大学，开展专项巡视。", "中央第五巡视组", "某某大学"),
        ("校党委第二巡察组对机关党委开展了现场巡察。", "校党委第二巡察组", "机关党委"),
        ("集团党委第三巡察组到物流公司督查整改情况。", "集团党委第三巡察组", "物流公司"),
        ("市区联动巡察组于2020年5月6日至6月5日对青禾区法院进行了巡察。", "市区联动巡察组", "青禾区法院"),
        # a unit's own committee names its groups: 党委第四巡察组, 省林业委党委第一巡察组
        ("7月3日，党委第二巡察组向园艺学院党委反馈巡察情况。", "党委第二巡察组", "园艺学院党委"),
        ("省林业委党委第一巡察组进驻青禾林场，开展专项巡察。", "省林业委党委第一巡察组", "青禾林场"),
    ],
)  # fmt: skip
def test_the_inspection_sentence_in_each_kinds_phrasing(text, group, target):
    m = find_inspection(text)
    assert m is not None
    assert (m.group("group"), m.group("target")) == (group, target)


def test_a_round_without_named_groups_still_names_its_units():
    m = find_inspection("区委组建4个巡察组对区民政局、区农业农村局等2家单位开展常规巡察。")
    assert m is not None and "group" not in m.re.groupindex
    assert m.group("target").startswith("区民政局、区农业农村局")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("县委第二、第三、第四巡察组对县人大机关等14个单位开展巡察。", ["县委第二巡察组", "县委第三巡察组", "县委第四巡察组"]),
        ("市委第5-7专项巡察组对舒川县开展了专项巡察。", ["市委第5专项巡察组", "市委第6专项巡察组", "市委第7专项巡察组"]),
        ("市委第三巡察组对市财政局党组进行了巡察。", ["市委第三巡察组"]),
    ],
)  # fmt: skip
def test_a_list_of_groups_names_each_group(text, names):
    m = find_inspection(text)
    assert m is not None
    assert each_group(m.group("group"), group_ordinals(m)) == names


@pytest.mark.parametrize(
    ("text", "group", "ordinals"),
    [
        ("十二届区委第九轮巡察第二巡察组对区林业局党组开展常规巡察。", "十二届区委第九轮巡察第二巡察组", ["二"]),
        ("五届市委第八轮巡察二组对市档案馆党组开展了巡察。", "五届市委第八轮巡察二组", ["二"]),
    ],
)  # fmt: skip
def test_a_group_named_with_its_round_keeps_its_own_number(text, group, ordinals):
    m = find_inspection(text)
    assert m is not None
    assert (m.group("group"), group_ordinals(m), m.group("gplace")) == (group, ordinals, None)
