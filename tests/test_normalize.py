import pytest

from kg.ingest.normalize import (
    fold_width,
    normalize_text,
    rejoin_wrapped,
    remove_inner_spaces,
    unify_punctuation,
)


def test_traditional_characters_become_simplified():
    assert normalize_text("關於巡察整改情況的通報").text == "关于巡察整改情况的通报"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２４年３月", "2024年3月"),
        ("ＡＢＣ医院", "ABC医院"),
        ("全角　空格", "全角 空格"),
        ("（一）保持全角括号，", "（一）保持全角括号，"),
    ],
)
def test_fold_width(raw, expected):
    assert fold_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("根据部署,巡察组进场;随后反馈:好", "根据部署，巡察组进场；随后反馈：好"),
        ("(一)关于整改", "（一）关于整改"),
        ("详见2024-05-01,共3.5万元", "详见2024-05-01，共3.5万元"),
        ("email: a@b.com", "email: a@b.com"),
    ],
)
def test_unify_punctuation_only_beside_chinese(raw, expected):
    assert unify_punctuation(raw) == expected


def test_inner_spaces_go_between_chinese_but_not_between_words():
    assert remove_inner_spaces("并于 10月 23日进 行了反馈") == "并于10月23日进行了反馈"
    assert remove_inner_spaces("DDDs value") == "DDDs value"


def test_chrome_dropped_and_metadata_kept():
    page = "\n".join(
        [
            "当前位置：首页 >> 巡察公开",
            "字体大小：大 中 小",
            "发布时间：2024-09-20   信息来源：市委巡察办   访问量：12",
            "• 成文时间：2024年09月18日",
            "• 标  题：市二院党委关于巡察整改进展情况的通报",
            "正文第一句。",
            "关闭本页 返回顶部",
        ]
    )
    clean = normalize_text(page)
    assert clean.text == "正文第一句。"
    assert clean.meta["issued"] == "2024年09月18日"  # the written date wins over the posting date
    assert clean.meta["source"] == "市委巡察办"
    assert clean.meta["title"] == "市二院党委关于巡察整改进展情况的通报"


WRAPPED = [
    "根据市委统一部署，2024年3月4日至5月",
    "",
    "10日，市委第三巡察组对市第二人民医院党",
    "",
    "委进行了巡察。6月12日，巡察组向医院党委",
    "反馈了巡察意见。",
    "一、整改工作组织情况",
    "医院党委召开专题会议，研究制定整改措施",
    "36条，明确责任领导和整改时限，逐项推进整",
    "改落实；建立整改台账，实行清单化管理，",
    "做到问题不解决不放过。",
    "（一）关于“落实全面从严治党主体责任不够",
    "到位”问题的整改",
    "一是完善制度，修订党委会议事规则。",
    "（二）已完成的整改事项汇总情况",
    "截至目前，已完成整改10个问题，正在推进",
    "整改2个问题，其余问题均已制定整改计划。",
    "中共青川市第二人民医院委员会",
    "2024年9月20日",
]


def test_hard_wrapped_lines_rejoin_at_sentence_and_heading_boundaries():
    lines = [x for x in rejoin_wrapped(WRAPPED) if x]
    assert lines[0].startswith(
        "根据市委统一部署，2024年3月4日至5月10日，市委第三巡察组对市第二人民医院党委进行"
    )
    assert lines[0].endswith("反馈了巡察意见。")
    assert "一、整改工作组织情况" in lines
    assert "（一）关于“落实全面从严治党主体责任不够到位”问题的整改" in lines
    assert "36条，明确责任领导和整改时限，逐项推进整改落实；" in lines[2]
    # a complete heading keeps its own line and does not swallow the full paragraph after it
    assert "（二）已完成的整改事项汇总情况" in lines
    assert lines[-2:] == ["中共青川市第二人民医院委员会", "2024年9月20日"]


def test_a_short_wrapped_notice_with_many_short_lines_is_rejoined():
    """Headings and paragraph ends are short lines: only half the lines are full ones."""
    paragraph = [
        "整改工作领导小组召开专题会议研究部署整改工",
        "作，明确责任领导和整改时限，逐项推进落实，",
        "做到件件有着落。",
    ]
    headings = ["一、整改工作组织情况", "二、整改落实情况", "三、下一步工作打算", "（一）加强组织领导"]
    rejoined = rejoin_wrapped([line for heading in headings for line in (heading, *paragraph)])
    assert rejoined == [line for heading in headings for line in (heading, "".join(paragraph))]


def test_unwrapped_web_text_is_left_alone():
    paragraphs = ["一、整改工作组织情况", "整改落实情况", "这是一个很长的段落，" * 8 + "。"] * 4
    assert rejoin_wrapped(paragraphs) == paragraphs
