"""communique.dates: the absolute full-date finder the segmenter runs over every line."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.dates import MONTHS, DateSpan, find_dates, parse_date
from communique.model import PartialDate


@pytest.mark.parametrize(("text", "want"), [
    ("05.12.2025", "2025-12-05"),
    ("5/12/2025", "2025-12-05"),
    ("2025-12-05", "2025-12-05"),
    ("28 April 2003", "2003-04-28"),
    ("14 Feb. 2017", "2017-02-14"),
    ("2 April, 2004", "2004-04-02"),
    ("the 16th of June, 2023", "2023-06-16"),
    ("May 16, 2022", "2022-05-16"),
    ("September 18, 2003", "2003-09-18"),
    ("2025.12.05", "2025-12-05"),
    ("2025/12/05", "2025-12-05"),
    ("05-12-2025", "2025-12-05"),
    ("5-Dec-2025", "2025-12-05"),
])
def test_find_dates_forms(text: str, want: str) -> None:
    spans = find_dates(f"On {text}, in Minsk")
    assert [s.date.iso() for s in spans] == [want]


def test_find_dates_only_full_dates() -> None:
    assert find_dates("On December 4, in 2022, in September 2021, 9/11, No. 59/50") == []
    assert find_dates("version 2.5.12 of the plan for 2012-2015, call +7-495-123-45-67") == []
    assert find_dates("31.02.2020 and 31 February 2020") == []


def test_find_dates_in_order_without_overlaps() -> None:
    text = "VIENNA 2 April 2004 ... 15 January 2004; 05.12.2025 and May 16, 2022"
    spans = find_dates(text)
    assert [s.date.iso() for s in spans] == ["2004-04-02", "2004-01-15", "2025-12-05", "2022-05-16"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert spans[0] == DateSpan(7, 19, PartialDate(2004, 4, 2))


def test_earlier_pattern_wins_an_overlap() -> None:
    # "05.12.2025" (the first pattern) and "2025-12-06" (ISO, a later one) share "2025".
    spans = find_dates("on 05.12.2025-12-06")
    assert [(s.start, s.end, s.date.iso()) for s in spans] == [(3, 13, "2025-12-05")]


def test_parse_date() -> None:
    assert parse_date(" 14 Feb. 2017 ") == PartialDate(2017, 2, 14)
    assert parse_date("(05.12.2025)") == PartialDate(2025, 12, 5)
    assert parse_date("14 Feb. 2017 in Brussels") is None
    assert parse_date("2017") is None


def test_months_table() -> None:
    assert MONTHS["sept"] == MONTHS["september"] == 9
    assert sorted(set(MONTHS.values())) == list(range(1, 13))


def test_many_dates_on_one_line_is_linear() -> None:
    line = "17 and 18 October 2017 - " * 4_000
    started = time.perf_counter()
    assert len(find_dates(line)) == 4_000
    assert time.perf_counter() - started < 3.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_dates_never_raises(text: str) -> None:
    end = 0
    for span in find_dates(text):
        assert end <= span.start < span.end <= len(text)
        end = span.end
