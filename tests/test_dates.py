from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.text.dates import parse_date, parse_dates, split_month_day


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2022年3月7日至5月10日，市委第三巡察组", None, ["2022-03-07", "2022-05-10"]),
        ("2022314日至510日，市委第三巡察组", None, ["2022-03-14", "2022-05-10"]),
        ("20221105日至2023115日", None, ["2022-11-05", "2023-01-15"]),
        ("612日，巡察组向", 2022, ["2022-06-12"]),
        ("2022年12月20日至1月15日", None, ["2022-12-20", "2023-01-15"]),
        ("二〇二二年九月二十日", None, ["2022-09-20"]),
        ("2022.9.20", None, ["2022-09-20"]),
        ("2021719", None, ["2021-07-19"]),
        ("于16日召开会议，制定36条措施，2022年至今", 2022, []),
    ],
)
def test_parse_dates_reads_damaged_forms(text, year, expected):
    assert [str(f.value) for f in parse_dates(text, year=year)] == expected


def test_ambiguous_digits_follow_the_previous_date():
    # "111" is 1-11 or 11-1; after 10 October only 11-1 keeps the order.
    assert split_month_day("111", 2022, after=date(2022, 10, 10)) == date(2022, 11, 1)
    assert split_month_day("111", 2022) == date(2022, 1, 11)
    assert split_month_day("1399", 2022) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023年07月21日", date(2023, 7, 21)), ("2024-05-27", date(2024, 5, 27)), ("无", None)],
)
def test_parse_date_of_page_metadata(text, expected):
    assert parse_date(text) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_full_dates_round_trip(d):
    text = f"{d.year}年{d.month}月{d.day}日"
    assert [f.value for f in parse_dates(text)] == [d]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_that_lost_year_and_month_marks(d):
    digits = f"{d.month}{d.day}"
    found = [f.value for f in parse_dates(f"{d.year}{digits}日")]
    assert len(found) == 1
    # every reading keeps year and digits; an unambiguous run reads back exactly
    valid = [
        x
        for cut in (1, 2)
        if 1 <= len(digits) - cut <= 2
        for x in [_maybe(d.year, int(digits[:cut]), int(digits[cut:]))]
        if x
    ]
    assert found[0] in valid
    if len(valid) == 1:
        assert found[0] == d


def _maybe(y, m, day):
    try:
        return date(y, m, day)
    except ValueError:
        return None


_FULL_WIDTH = str.maketrans("0123456789.-/:", "０１２３４５６７８９．－／：")


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(
        ["{y}.{m}.{d}", "{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m:02d}.{d:02d}", "{y}年{m}月{d}日"]
    ),
    st.sampled_from(["", " 09:30", " 18:14:05", "  来源：县委巡察办"]),
    st.booleans(),
)
def test_page_dates_in_every_separator_and_width(d, form, tail, full_width):
    """A page's posting date reads back whether written 2024.7.1, 2024-07-01, 2024/7/1 or in full width."""
    text = form.format(y=d.year, m=d.month, d=d.day) + tail
    if full_width:
        text = text.translate(_FULL_WIDTH)
    assert parse_date(text) == d


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二O二四年七月一日", date(2024, 7, 1)),  # 〇 typed as the letter O
        ("二〇二四年七月一日", date(2024, 7, 1)),
        ("完成率98.71%", None),  # a decimal is no date
    ],
)
def test_parse_date_of_written_out_and_decimal_forms(text, expected):
    assert parse_date(text) == expected
