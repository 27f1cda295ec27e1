"""kg.text.phones: a hotline's area code names the city or province a notice never names."""

from __future__ import annotations

import pytest

from kg.extract.header import extract_header
from kg.models import NoticeText
from kg.text.phones import called_area

# Area codes are real (0716 荆州, 0478 巴彦淖尔, 0571 杭州, 029 西安 and 咸阳); the numbers are not.
ANNOUNCEMENT = (
    "今天上午，市委第四巡察组进驻市农业农村局，开展为期两个月的常规巡察。"
    "巡察期间设置举报电话：{phone}，邮政信箱：荆州邮政局第12号信箱。"
)


@pytest.mark.parametrize(
    ("text", "level", "area"),
    [
        ("举报电话：0716-8123456，地址：荆州区某路1号", "市", "荆州市"),
        ("联系电话（0478）7654321，手机13900001111，巴彦淖尔日报讯", "市", "巴彦淖尔市"),
        ("电话0571-81234567、0571-81234568", "省", "浙江省"),
        ("杭州讯 电话0571-81234567", "市", "杭州市"),
        ("电话0512-81234567，地址：苏州日报社旁，昆山市某路", "市", "昆山市"),  # a county-level city under it
    ],
)
def test_a_fixed_line_names_its_province_and_the_city_the_text_also_names(text: str, level: str, area: str):
    assert called_area(text, level) == area


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("电话029-81234567", "市"),  # two cities share the code
        ("手机13900001111", "市"),  # a mobile number follows its owner
        ("电话0571-81234567", "县"),  # an area code says no more than the city
        ("电话0471-6123456", "区"),  # 内蒙古自治区 is no 区委's district
        ("电话0512-81234567", "市"),  # 苏州市, or one of the county-level cities it serves
        ("信箱：第四巡察组", "市"),
    ],
)
def test_no_area_where_the_number_cannot_tell_it(text: str, level: str):
    assert called_area(text, level) is None


def test_an_announcement_naming_no_city_is_placed_by_its_hotline():
    h = extract_header(NoticeText("a.txt", 0, None, ANNOUNCEMENT.format(phone="0716-8123456")))
    assert h.place == "荆州市"
    assert h.group == "荆州市委第四巡察组"


def test_without_a_hotline_the_group_stays_as_written():
    h = extract_header(NoticeText("a.txt", 0, None, ANNOUNCEMENT.format(phone="13900001111")))
    assert h.place is None
    assert h.group == "市委第四巡察组"
