import pytest

from kg.ingest.normalize import (
    chrome_words,
    fold_width,
    normalize_text,
    rejoin_wrapped,
    remove_inner_spaces,
    split_chrome,
    strip_pinyin,
    unify_punctuation,
)
from kg.text.dates import parse_date


def test_traditional_characters_become_simplified():
    assert normalize_text("關於巡察整改情況的通報").text == "关于巡察整改情况的通报"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２４年３月", "2024年3月"),
        ("ＡＢＣ医院", "ABC医院"),
        ("全角　空格", "全角 空格"),
        ("（一）保持全角括号，", "（一）保持全角括号，"),
        ("２０２４．７．１", "2024.7.1"),
        ("上午９：００", "上午9:00"),
        ("２０２４－０７－０１", "2024-07-01"),
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
        ('他强调"抓好整改"。', "他强调“抓好整改”。"),
        ("整改完成了吗?都完成了!", "整改完成了吗？都完成了！"),
        ("(记者:林小川)", "（记者：林小川）"),
        ("值班电话:13800000000(受理时间:9:00-17:00);", "值班电话：13800000000（受理时间：9:00-17:00）；"),
        ("总体完成率98.71%,较上年提高", "总体完成率98.71%，较上年提高"),
        ("网址:http://www.example.gov.cn/a?id=1,2", "网址：http://www.example.gov.cn/a?id=1,2"),
        ("邮箱:xc@example.com", "邮箱：xc@example.com"),
        ("于2024.07.01召开,共1,250人", "于2024.07.01召开，共1,250人"),
        ("工作部署,,2023年", "工作部署，2023年"),
        ("开展了专项巡察,。近日", "开展了专项巡察。近日"),
        ("政治建设,、思想建设", "政治建设、思想建设"),
        ("入住重症病房(ICU)", "入住重症病房（ICU）"),
        ("f(x) = 1", "f(x) = 1"),
    ],
)
def test_unify_punctuation_only_beside_chinese(raw, expected):
    assert unify_punctuation(raw) == expected


def test_inner_spaces_go_between_chinese_but_not_between_words():
    assert remove_inner_spaces("并于 10月 23日进 行了反馈") == "并于10月23日进行了反馈"
    assert remove_inner_spaces("DDDs value") == "DDDs value"


def test_inner_spaces_between_numbers_stay():
    # two phone numbers, a date and a time: gluing them makes one wrong number
    assert remove_inner_spaces("举报电话：0551-1234567 13800000000") == "举报电话：0551-1234567 13800000000"
    assert remove_inner_spaces("2024-04-18 07:10 发布") == "2024-04-18 07:10发布"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("青禾縣醫(yī)院", "青禾縣醫院"),
        ("開展巡（xún）察", "開展巡察"),
        ("医(yi1)院", "医院"),
        ("入住重症病房(ICU)", "入住重症病房(ICU)"),
        ("采用(PPP)模式", "采用(PPP)模式"),
        ("接受胸部(CT)检查", "接受胸部(CT)检查"),
        ("浓度低于5(ppm)标准", "浓度低于5(ppm)标准"),
        ("含量(ppm)", "含量(ppm)"),  # toneless, and the page has no glosses
        ("巡(xún)察的(de)意(yì)见", "巡察的意见"),  # on a glossed page, toneless syllables go too
        ("巡(xún)察模(mó)式(app)", "巡察模式(app)"),  # "app" is no pinyin syllable
    ],
)
def test_strip_pinyin_glosses(raw, expected):
    assert strip_pinyin(raw) == expected


def test_glossed_traditional_page_becomes_clean_simplified_text():
    raw = "根據(jù)縣委統(tǒng)一部署,,縣委第二巡察組對青禾縣醫(yī)療衛(wèi)生系統(tǒng)開展了專項巡察,。"
    assert normalize_text(raw).text == "根据县委统一部署，县委第二巡察组对青禾县医疗卫生系统开展了专项巡察。"


PAGE = [
    "国产精品 在线观看 免费观看 一区二区",
    "欢迎访问青禾县人民政府网站",
    "首页 > 新闻中心 > 巡察动态",
    "巡察动态",
    "青禾县委第一巡察组进驻县林业局",
    "青禾县委第一巡察组进驻县林业局",
    "发布时间：2024-07-01 09:30  来源：县委巡察办  点击数：128",
    "【字体：大 中 小】【打印】【关闭】",
    "分享到：微信 微博 QQ空间",
    "img_20240701_0930.jpg",
    "7月1日，县委第一巡察组进驻县林业局开展常规巡察。",
    "时间：2024年7月1日至8月30日",
    "(记者 林小川)",
    "作者：林小川 王素云  审核：方明远",
    "编辑：县委办公室",
    "阅读次数：56",
    "扫一扫在手机打开当前页",
    "版权所有：青禾县人民政府  主办单位：青禾县人民政府办公室",
    "网站标识码：0000000000  青ICP备00000000号  青公网安备00000000000000号",
]


def test_page_chrome_bylines_and_repeated_headline():
    clean = normalize_text("\n".join(PAGE))
    assert clean.text.split("\n") == [
        "青禾县委第一巡察组进驻县林业局",
        "7月1日，县委第一巡察组进驻县林业局开展常规巡察。",
        "时间：2024年7月1日至8月30日",  # the inspection period is text, not the page's date
        "（记者林小川）",
        "作者：林小川、王素云",  # bylines name persons and stay; a unit as editor goes
        "审核：方明远",
    ]
    assert clean.meta == {"issued": "2024-07-01 09:30", "source": "县委巡察办"}
    assert parse_date(clean.meta["issued"]).isoformat() == "2024-07-01"


def test_labels_on_their_own_line_take_the_next_value():
    lines = [
        "• 信息索引号：",
        "",
        "    001122-2024-0007",
        "• 成文日期：",
        "",
        "2024-06-28",
        "• 发布机构：",
        "青禾县林业局",
    ]
    kept, meta = split_chrome([*lines, "日期：2024-07-02 08:00 来源：县林业局 浏览量：", "正文。"])
    assert kept == ["正文。"]
    assert meta == {
        "index": "001122-2024-0007",
        "issued": "2024-06-28",  # the written date beats the posting date
        "publisher": "青禾县林业局",
        "source": "县林业局",
    }


def test_a_headline_repeated_deep_in_the_text_stays():
    body = [f"第{i}段正文。" for i in range(15)]
    lines = ["（一）整改情况", *body, "（一）整改情况", "又一段。"]
    kept, _ = split_chrome(lines)
    assert kept.count("（一）整改情况") == 2


def test_an_anonymous_byline_names_nobody():
    kept, _ = split_chrome(["正文。", "作者：佚名", "责任编辑：林小川"])
    assert kept == ["正文。", "责任编辑：林小川"]


def test_bylines_inside_a_line_keep_their_names_apart():
    text = normalize_text("（撰稿人：县林业局 一审：林小川 二审：王素云）").text
    assert text == "（撰稿人：县林业局，一审：林小川，二审：王素云）"


def test_chrome_lexicon_is_package_data():
    words = chrome_words()
    assert "版权所有" in words.footer and "责任编辑" in words.byline_label and "点击数" in words.drop_label


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


def test_an_empty_label_does_not_swallow_the_first_paragraph():
    paragraph = "根据县委统一部署，县委第一巡察组于2024年7月1日进驻县林业局。"
    kept, meta = split_chrome(["来源：", "", paragraph])
    assert kept == [paragraph]
    assert meta == {}
