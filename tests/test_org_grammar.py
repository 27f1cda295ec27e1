"""The grammar of a unit's name: heads, what names a unit, a party organ's unit."""

import pytest

from kg.extract.org_grammar import is_head_end, is_named, is_organ, local_form, unit_of


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("青禾大学党委", True),
        ("历史文化学院党总支", True),
        ("青禾能源集团有限公司", True),
        ("青禾市人民检察院党组", True),
        ("云岭县交通运输局党组", True),
        ("听取市委", False),  # a verb before the level is no place
        ("近两年来县法院", False),
        ("二级医院党委", False),  # a kind of unit's organ is no organ of one unit
    ],
)
def test_is_named(name: str, named: bool) -> None:
    assert is_named(name) is named


@pytest.mark.parametrize(
    ("text", "end", "head"),
    [
        ("云岭县公安局桥山派出所", 11, "派出所"),
        ("云岭县人民医院", 7, "医院"),
        ("搬入青禾医院新院", 8, None),  # a campus
        ("青禾市图书馆馆办公室", 7, None),  # the head doubled
        ("加强车间班组建设", 6, None),  # a common noun in 组
        ("所需经费", 1, None),  # 所 before a verb
        ("转往外院治疗", 4, None),  # another hospital
    ],
)
def test_is_head_end(text: str, end: int, head: str | None) -> None:
    assert is_head_end(text, end) == head


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("中共青禾市第一人民医院委员会", "青禾市第一人民医院"),
        ("中共云岭县卫生健康委员会", "云岭县卫生健康委员会"),
        ("中共云岭县卫生健康委员会委员会", "云岭县卫生健康委员会"),
        ("桥山中学支部委员会", "桥山中学"),
        ("中国共产党青禾大学委员会", "青禾大学"),
        ("中共桥山镇委员会", None),  # a town's committee leads no unit apart from it
        ("青禾市委", None),
    ],
)
def test_unit_of(name: str, unit: str | None) -> None:
    assert unit_of(name) == unit
    assert is_organ(name) is (unit is not None)


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("成都市武侯区人民法院", "武侯区人民法院"),
        ("四川省成都市武侯区卫生健康局", "武侯区卫生健康局"),
        ("武侯区人民法院", "武侯区人民法院"),
    ],
)
def test_local_form(name: str, local: str) -> None:
    assert local_form(name) == local


@pytest.mark.parametrize("name", ["所属25个村（社区", "区城管局等3个区属单位", "共4家医院"])
def test_a_count_or_an_unclosed_bracket_is_no_name(name):
    assert not is_named(name)
