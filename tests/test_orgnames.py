import pytest

from kg.text.dictionary import is_common_word, tagged_words
from kg.text.orgnames import (
    is_boundary,
    left_boundary,
    match_key,
    place_prefix,
    qualify,
    same_org,
    trigger_after,
    trigger_before,
    words,
)


@pytest.mark.parametrize(
    ("name", "place", "key"),
    [
        # 中共 drops and a unit's 委员会 is its 党委
        ("中共青川市第二人民医院委员会", None, "青川市第二人民医院党委"),
        ("市第二人民医院党委", "青川市", "青川市第二人民医院党委"),
        # a commission's own name ends in 委员会 and stays a commission (regression: it read as a 党委)
        ("青川市卫生健康委员会", None, "青川市卫生健康委"),
        ("中共青川市卫生健康委员会委员会", None, "青川市卫生健康委党委"),
        ("中共甘泉县卫生健康局党组", None, "甘泉县卫生健康局党组"),
        # a place's own committee
        ("中共云溪区委员会", None, "云溪区委"),
        # a city's court is its intermediate court, however named
        ("中共青川市中级人民法院党组", None, "青川市法院党组"),
        ("市法院党组", "青川市", "青川市法院党组"),
        ("市中院", "青川市", "青川市法院"),
        ("县人民法院", "甘泉县", "甘泉县法院"),
    ],
)
def test_match_key(name: str, place: str | None, key: str) -> None:
    assert match_key(name, place) == key


@pytest.mark.parametrize(
    ("a", "b", "place", "same"),
    [
        ("市二院", "青川市第二人民医院", "青川市", True),
        ("县卫健局党组", "中共甘泉县卫生健康局党组", "甘泉县", True),
        ("区疾控中心", "云溪区疾病预防控制中心", "云溪区", True),
        ("市中医院", "青川市第二人民医院", "青川市", False),
        ("县卫健局", "县卫健局党组", "甘泉县", False),
    ],
)
def test_same_org(a: str, b: str, place: str, same: bool) -> None:
    assert same_org(a, b, place) is same


@pytest.mark.parametrize(
    ("name", "place", "expected"),
    [
        ("市卫健委", "青川市", "青川市卫健委"),
        ("县委", "甘泉县", "甘泉县委"),
        ("市场监管局", "青川市", "市场监管局"),
        ("云溪区人民医院", "云溪区", "云溪区人民医院"),
    ],
)
def test_qualify(name: str, place: str, expected: str) -> None:
    assert qualify(name, place) == expected


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("中共甘泉县卫生健康局党组", "甘泉县"),
        ("云溪区人民医院", "云溪区"),
        ("市人民医院", None),
        ("桥山街道社区卫生服务中心", None),
    ],
)
def test_place_prefix(name: str, prefix: str | None) -> None:
    assert place_prefix(name) == prefix


@pytest.mark.parametrize(
    ("text", "at", "before", "after"),
    [
        ("督促县疾控中心", 2, 2, 0),
        ("督促县疾控中心", 0, 0, 2),
        ("深入贯彻落实", 6, 2, 0),
        ("青川市卫健委", 3, 0, 0),
    ],
)
def test_triggers(text: str, at: int, before: int, after: int) -> None:
    assert trigger_before(text, at) == before
    assert trigger_after(text, at) == after


@pytest.mark.parametrize(
    ("text", "at", "boundary"),
    [
        ("，县妇幼保健院", 1, True),  # punctuation
        ("的县妇幼保健院", 1, True),  # a function character
        ("指导县妇幼保健院", 2, True),  # a verb that takes a unit
        ("2年市人民医院", 2, True),  # a date
        ("合并设立一所村卫生室", 6, True),  # a count
        ("妇幼保健院", 2, False),
        ("青川经开区", 2, False),  # 经 starts 经开区 here, it is no preposition
    ],
)
def test_is_boundary(text: str, at: int, boundary: bool) -> None:
    assert is_boundary(text, at) is boundary


@pytest.mark.parametrize(
    ("text", "end", "start"),
    [
        ("加强羊山塘镇", 5, 2),
        ("在河口镇", 3, 1),
        ("石桥村和杨柳村", 6, 4),
        ("原桥山镇", 3, 1),
    ],
)
def test_left_boundary(text: str, end: int, start: int) -> None:
    assert left_boundary(text, end) == start


def test_jieba_helpers() -> None:
    assert is_common_word("干部")
    assert not is_common_word("南京")  # a place name is no ordinary word
    assert not is_common_word("桥山湾")  # not in the dictionary at all
    assert is_common_word("南京", allowed=())
    assert tagged_words("担任党委书记")[0] == ("担任", "v")


def test_words() -> None:
    assert words(" 督促\n 指导 ") == frozenset({"督促", "指导"})
