import pytest

from kg.errors import NoNotice
from kg.ingest.normalize import CleanText
from kg.ingest.split import merge_split_titles, split_notices

BODY_A = """根据市委统一部署，2024年3月4日至5月10日，市委第三巡察组对市二院党委进行了巡察。6月12日，巡察组向医院党委反馈了巡察意见。
一、整改工作组织情况
医院党委研究制定整改措施36条。
中共青川市第二人民医院委员会
2024年9月20日"""
BODY_B = """根据市委统一部署，2024年3月4日至5月10日，市委第三巡察组对市卫健委党组进行了巡察。6月14日，巡察组向市卫健委党组反馈了巡察意见。
一、整改工作组织情况
党组研究制定整改措施41条。
中共青川市卫生健康委员会党组
2024年9月22日"""
TITLE_A = "市二院党委关于巡察整改进展情况的通报"
TITLE_B = "市卫健委党组关于巡察整改进展情况的通报"


def _split(text: str, meta=None):
    return split_notices(CleanText(text, meta or {}), "page.txt")


def test_titles_printed_after_their_bodies_attach_by_subject():
    notices = _split("\n\n".join([BODY_A, TITLE_A, BODY_B, TITLE_B]))
    assert [n.title for n in notices] == [TITLE_A, TITLE_B]
    assert notices[0].body.startswith("根据市委统一部署") and notices[0].body.endswith("2024年9月20日")
    assert TITLE_B not in notices[0].body


def test_titles_printed_before_their_bodies():
    notices = _split("\n".join([TITLE_B, BODY_B, TITLE_A, BODY_A]))
    assert [n.title for n in notices] == [TITLE_B, TITLE_A]


def test_a_title_with_no_body_is_not_a_notice():
    notices = _split("\n".join(["市疾控中心党支部关于巡察整改进展情况的通报", TITLE_A, BODY_A]))
    assert len(notices) == 1
    assert notices[0].title == TITLE_A


def test_title_broken_after_the_unit_name_is_joined():
    lines = merge_split_titles(["中共青川市第二人民医院委员会", "", "关于巡察整改进展情况的通报", "根据…"])
    assert lines[0] == "中共青川市第二人民医院委员会关于巡察整改进展情况的通报"


def test_page_title_is_used_for_a_single_untitled_notice():
    notices = _split(BODY_A, {"title": TITLE_A, "issued": "2024-09-21"})
    assert notices[0].title == TITLE_A
    assert notices[0].meta["issued"] == "2024-09-21"


def test_page_metadata_is_not_given_to_notices_of_a_multi_notice_page():
    notices = _split("\n".join([BODY_A, BODY_B]), {"issued": "2024-09-21"})
    assert len(notices) == 2
    assert all(not n.meta for n in notices)


def test_text_without_an_inspection_sentence_is_rejected_with_the_reason():
    with pytest.raises(NoNotice, match=r"page.txt: no document about an inspection"):
        _split("这是一篇普通的新闻稿。\n没有巡察的内容。")


def test_a_news_pages_lead_paragraph_about_the_inspection_opens_its_body():
    page = "\n".join(
        [
            "您好！今天是",
            "当前位置：首页 > 巡视巡察 > 工作动态",
            "市林业局召开巡察情况反馈会",
            "6月3日上午，市委第二巡察组巡察情况反馈会在市林业局召开。局党组书记王某某主持会议，副局长李某某参加。",
            "根据市委统一部署，2024年3月4日至5月10日，市委第二巡察组对市林业局党组进行了巡察。",
        ]
    )
    notices = _split(page)
    assert len(notices) == 1
    assert notices[0].body.startswith("6月3日上午")  # its people are the page's; the chrome is not
    assert notices[0].title == "市林业局召开巡察情况反馈会"  # the greeting and breadcrumb are no headline


def test_a_pages_greeting_and_breadcrumb_open_no_body():
    page = "您好！今天是\n当前位置：首页 > 通知公告\n县委第三巡察组进驻青禾镇\n近日，县委第三巡察组进驻青禾镇开展巡察，设立举报电话。"
    [notice] = _split(page)
    assert notice.body.startswith("县委第三巡察组进驻青禾镇\n")
    assert notice.title == "县委第三巡察组进驻青禾镇"


@pytest.mark.parametrize("tag", ["【反馈】", "【工作动态】", "[巡察动态]"])
def test_a_site_s_column_tag_is_no_part_of_the_headline(tag: str):
    page = f"{tag}区委第二巡察组向区交通集团党委反馈巡察情况\n发布时间：2022/3/24\n3月24日，区委第二巡察组向区交通集团党委反馈了巡察情况。"
    [notice] = _split(page)
    assert notice.title == "区委第二巡察组向区交通集团党委反馈巡察情况"
