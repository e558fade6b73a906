"""extract.dates: every date expression resolved against an anchor, one test per form."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.extract.dates import DateMention, first_full_date, resolve_dates
from communique.model import PartialDate

ANCHOR = PartialDate(2025, 12, 5)  # a Friday


def only(text: str, anchor: PartialDate | None = ANCHOR) -> DateMention:
    mentions = resolve_dates(text, anchor)
    assert len(mentions) == 1, mentions
    return mentions[0]


def iso(mention: DateMention) -> tuple[str, str | None]:
    return mention.date.iso(), mention.date_end.iso() if mention.date_end else None


# --- absolute -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "want", "span"), [
    ("Moscow, 05.12.2025", "2025-12-05", "05.12.2025"),
    ("odkb-pressa@gov.ru05.12.2025", "2025-12-05", "05.12.2025"),
    ("published 2025-12-05 in", "2025-12-05", "2025-12-05"),
    ("We recall that on 28 April 2003 the", "2003-04-28", "28 April 2003"),
    ("signed on May 16, 2022, in", "2022-05-16", "May 16, 2022"),
    ("14 Feb. 2017", "2017-02-14", "14 Feb. 2017"),
    ("25 May. 2017", "2017-05-25", "25 May. 2017"),
    ("VIENNA, 2 April, 2004 - On", "2004-04-02", "2 April, 2004"),
    ("On September 18, 2003, the CSTO Charter", "2003-09-18", "September 18, 2003"),
    ("on the 16th of June, 2023 in Abuja", "2023-06-16", "16th of June, 2023"),
    ("18 Jun, 2023", "2023-06-18", "18 Jun, 2023"),
])
def test_absolute_dates(text: str, want: str, span: str) -> None:
    mention = only(text)
    assert (mention.date.iso(), mention.text, mention.relative) == (want, span, False)
    assert only(text, None).date.iso() == want  # absolute dates need no anchor


def test_impossible_day_is_not_a_date() -> None:
    assert resolve_dates("on 31 February 2017 and 30.02.2020", ANCHOR) == []


# --- partial: the anchor gives the year -------------------------------------------------------


@pytest.mark.parametrize(("text", "anchor", "want"), [
    ("On December 4, at the invitation", ANCHOR, "2025-12-04"),
    ("On 28 March, the Joint Staff", PartialDate(2025, 4, 2), "2025-03-28"),
    ("on 19 October in Moscow", PartialDate(2025, 10, 1), "2025-10-19"),  # a few weeks after: same year
    ("On December 4", PartialDate(2026, 1, 10), "2025-12-04"),  # across the year boundary, back
    ("on January 10", PartialDate(2025, 12, 20), "2026-01-10"),  # across the year boundary, forward
    ("On 5 April under his aegis", PartialDate(2004, 4, 2), "2004-04-05"),
    ("On 28 March", PartialDate(2025), "2025-03-28"),  # a year-only anchor: its year
])
def test_partial_day_month_takes_the_nearest_year(text: str, anchor: PartialDate, want: str) -> None:
    mention = only(text, anchor)
    assert (mention.date.iso(), mention.relative) == (want, True)


def test_partial_day_month_is_dropped_without_anchor() -> None:
    assert resolve_dates("On December 4, at the invitation", None) == []


def test_partial_29_february_takes_the_nearest_leap_year() -> None:
    assert only("on 29 February", PartialDate(2024, 3, 1)).date.iso() == "2024-02-29"
    assert only("on 29 February", PartialDate(2025, 3, 1)).date.iso() == "2024-02-29"
    assert resolve_dates("on 29 February", PartialDate(2022, 3, 1)) == []  # none within a year


@pytest.mark.parametrize(("text", "anchor", "want"), [
    ("in January", PartialDate(2026, 2, 3), "2026-01"),
    ("in December", PartialDate(2026, 1, 10), "2025-12"),
    ("since March", PartialDate(2025, 12, 5), "2026-03"),
    ("in June", PartialDate(2025, 12, 5), "2025-06"),  # six months either way: the earlier
])
def test_month_alone_after_a_cue_word(text: str, anchor: PartialDate, want: str) -> None:
    mention = only(text, anchor)
    assert (mention.date.iso(), mention.date.precision, mention.relative) == (want, "month", True)


@pytest.mark.parametrize(("text", "anchor", "want"), [
    ("The drills will be held in September near the lake.", PartialDate(2023, 3, 14), "2023-09"),
    ("The summit is scheduled for 20 August in the capital.", PartialDate(2023, 2, 1), "2023-08-20"),
    ("The parade took place on 9 May in the square.", PartialDate(2023, 3, 14), "2022-05-09"),
    ("The delegation visited the port in August.", PartialDate(2023, 2, 1), "2022-08"),
    ("The parade will take place on 9 May.", PartialDate(2023, 3, 14), "2023-05-09"),  # nearest already
    ("The ministers met on 2 April.", PartialDate(2023, 3, 14), "2023-04-02"),  # weeks after: the same year
    ("On 5 May, the delegation arrived in the capital.", PartialDate(2023, 3, 14), "2022-05-05"),
    ("On 5 May, the delegation took part in the forum.", PartialDate(2023, 3, 14), "2022-05-05"),
])
def test_a_sentence_tense_puts_a_far_day_on_its_side_of_the_anchor(text: str, anchor: PartialDate,
                                                                     want: str) -> None:
    assert only(text, anchor).date.iso() == want


def test_month_alone_without_cue_is_no_date() -> None:
    assert resolve_dates("January was cold. May the upcoming year be good.", ANCHOR) == []


# --- month + year, year alone -------------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("the Commission's last meeting in September 2021 in Minsk", "2021-09"),
    ("January 2022", "2022-01"),
    ("This happened in December 2003, formally", "2003-12"),
    ("in January of 2022", "2022-01"),
    ("Sept. 2019", "2019-09"),
])
def test_month_and_year(text: str, want: str) -> None:
    mention = only(text)
    assert (mention.date.iso(), mention.date.precision, mention.relative) == (want, "month", False)


@pytest.mark.parametrize(("text", "want"), [("in 1992", "1992"), ("In 2022, the Republic", "2022"),
                                            ("by mid-2023", "2023"), ("since 2011.", "2011")])
def test_year_alone_keeps_year_precision(text: str, want: str) -> None:
    mention = only(text)
    assert mention.date == PartialDate(int(want))
    assert (mention.date.iso(), mention.date.precision, mention.text) == (want, "year", want)


# --- relative -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "anchor", "want"), [
    ("Today, in Moscow's Red Square", ANCHOR, "2025-12-05"),
    ("As a result of today's meeting", ANCHOR, "2025-12-05"),
    ("he said yesterday", PartialDate(2026, 1, 1), "2025-12-31"),
    ("will arrive tomorrow", PartialDate(2024, 2, 28), "2024-02-29"),
])
def test_today_yesterday_tomorrow(text: str, anchor: PartialDate, want: str) -> None:
    mention = only(text, anchor)
    assert (mention.date.iso(), mention.relative) == (want, True)


def test_day_words_at_the_end_of_the_calendar() -> None:
    assert resolve_dates("tomorrow or next Monday", PartialDate(9999, 12, 31)) == []
    assert only("yesterday", PartialDate(1, 1, 2)).date == PartialDate(1, 1, 1)


def test_day_words_need_a_day_precision_anchor() -> None:
    assert resolve_dates("today, yesterday and tomorrow", PartialDate(2025, 12)) == []
    assert resolve_dates("today", None) == []


@pytest.mark.parametrize(("text", "want"), [
    ("This year we have a double anniversary", "2025"),
    ("On the results of this year's work", "2025"),
    ("in April last year", "2024-04"),
    ("the partners met last year", "2024"),
    ("will be held next year", "2026"),
    ("the priorities for the current year", "2025"),
    ("In the next intersessional period, the presidency", "2026"),
    ("in January of this year", "2025-01"),
])
def test_relative_years(text: str, want: str) -> None:
    mention = only(text)
    assert (mention.date.iso(), mention.relative) == (want, True)


def test_relative_years_with_a_year_only_anchor() -> None:
    assert only("next year", PartialDate(2025)).date == PartialDate(2026)


@pytest.mark.parametrize(("text", "want"), [
    ("last month", "2025-11"), ("next month", "2026-01"), ("this month", "2025-12"),
    ("in New York last November", "2025-11"), ("last December", "2024-12"), ("next March", "2026-03"),
    ("next December", "2026-12"), ("this September", "2025-09"),
])
def test_relative_months(text: str, want: str) -> None:
    assert only(text).date.iso() == want


def test_quarter_is_a_month_range() -> None:
    mention = only("will be held in the second quarter of 2023 in Minsk")
    assert (iso(mention), mention.text) == (("2023-04", "2023-06"), "second quarter of 2023")
    assert iso(only("in Q4 2024")) == ("2024-10", "2024-12")
    assert iso(only("in the first half of next year")) == ("2026-01", "2026-06")


def test_weekday_before_an_explicit_date_yields_to_it() -> None:
    text = "Stoltenberg briefed media on Tuesday (14 February 2017) on the agenda"
    assert [m.text for m in resolve_dates(text, ANCHOR)] == ["14 February 2017"]
    text = "attending the conference on Friday and Saturday (17-18 February 2017), NATO"
    assert [iso(m) for m in resolve_dates(text, ANCHOR)] == [("2017-02-17", "2017-02-18")]
    text = "the NATO leaders today (25 May 2017), German Chancellor"
    assert [m.text for m in resolve_dates(text, ANCHOR)] == ["25 May 2017"]


def test_weekday_is_resolved_by_the_sentence_tense() -> None:
    anchor = PartialDate(2004, 4, 2)  # a Friday
    future = "VIENNA - On Monday, the Chairman-in-Office, Solomon Passy, will begin a tour."
    assert only(future, anchor).date.iso() == "2004-04-05"
    past = "On Monday, the Chairman-in-Office met the President."
    assert only(past, anchor).date.iso() == "2004-03-29"
    assert only("since last Friday", anchor).date.iso() == "2004-03-26"
    assert only("until next Friday", anchor).date.iso() == "2004-04-09"
    assert resolve_dates("On Monday", PartialDate(2004, 4)) == []


# --- ranges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "anchor", "want", "span"), [
    ("took part from 1 to 5 December in the", PartialDate(2025, 12, 10), ("2025-12-01", "2025-12-05"),
     "1 to 5 December"),
    ("On November 26 and 27, 2025, Minsk hosted", ANCHOR, ("2025-11-26", "2025-11-27"),
     "November 26 and 27, 2025"),
    ("took place in Astana on 8-9 June 2017", ANCHOR, ("2017-06-08", "2017-06-09"), "8-9 June 2017"),
    ("On January 20-23, 2026, in Beijing", ANCHOR, ("2026-01-20", "2026-01-23"), "January 20-23, 2026"),
    ("on Friday and Saturday 17-18 February 2017", None, ("2017-02-17", "2017-02-18"),
     "17-18 February 2017"),
    ("the preceding two days - 17 and 18 October, in", PartialDate(2022, 10, 20),
     ("2022-10-17", "2022-10-18"), "17 and 18 October"),
    ("will be held on October 18-20 in", PartialDate(2022, 10, 10), ("2022-10-18", "2022-10-20"),
     "October 18-20"),
    ("on 5, 6 and 7 May 2019", None, ("2019-05-05", "2019-05-07"), "5, 6 and 7 May 2019"),
    ("from 30 April to 5 May 2025", None, ("2025-04-30", "2025-05-05"), "30 April to 5 May 2025"),
    ("November 30 - December 2, 2025", None, ("2025-11-30", "2025-12-02"), "November 30 - December 2, 2025"),
    ("30 December 2025 – 2 January 2026", None, ("2025-12-30", "2026-01-02"),
     "30 December 2025 – 2 January 2026"),
    ("28 December - 3 January", PartialDate(2026, 1, 5), ("2025-12-28", "2026-01-03"), "28 December - 3 January"),
    ("January-March 2023", None, ("2023-01", "2023-03"), "January-March 2023"),
    ("defense and security issues for 2022-2024, which", None, ("2022", "2024"), "2022-2024"),
    ("the upcoming three-year period (2026-2029)", None, ("2026", "2029"), "2026-2029"),
    ("in the Great Patriotic War of 1941-1945 was", None, ("1941", "1945"), "1941-1945"),
    ("the 2017/18 budget", None, ("2017", "2018"), "2017/18"),
    ("from 2022 to 2024", None, ("2022", "2024"), "2022 to 2024"),
])
def test_ranges(text: str, anchor: PartialDate | None, want: tuple[str, str], span: str) -> None:
    mention = only(text, anchor)
    assert (iso(mention), mention.text) == (want, span)
    assert mention.date.precision == mention.date_end.precision  # type: ignore[union-attr]


def test_backwards_range_is_no_range() -> None:
    assert all(m.date_end is None for m in resolve_dates("2024-2022 and 5-3 May 2020", ANCHOR))


# --- false positives ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "the 30th anniversary of the Treaty",
    "the 42nd meeting of the Working Group",
    "about 96 delegates",
    "call +7-495-795-27-10 for details",
    "under Article 5 of the Treaty",
    "after 9/11 the world changed",
    "General Assembly resolution No. 59/50",
    "growth of 3.8% and Article 1.3",
    "threats may become more acute; the sequence of their march",
    "anti-drug trainings Thunder-2019 and INTERPOLITECH-2022",
    "about 2000 participants and document S/2023/123",
    "Decision 5 of the Marshal 12 times",
    "12 34 5",
    "the 1990s",
])
def test_not_dates(text: str) -> None:
    assert resolve_dates(text, ANCHOR) == []


def test_bare_number_never_becomes_a_day() -> None:
    for text in ("on 4", "on the 4th", "4 and 5", "pages 17-18"):
        assert resolve_dates(text, ANCHOR) == []


# --- whole texts, first_full_date ----------------------------------------------------------


def test_seed_paragraph() -> None:
    text = ("On December 4, at the invitation of the Iranian side, a delegation took part in the final "
            "stage.\nOn December 3, 2025, the 42nd meeting of the Working Group was held.\n"
            "Article 5; call +7-495-795-27-10. The Treaty concluded in 1992 fulfills its task.")
    got = [(m.text, m.date.iso(), m.relative) for m in resolve_dates(text, ANCHOR)]
    assert got == [("December 4", "2025-12-04", True), ("December 3, 2025", "2025-12-03", False),
                   ("1992", "1992", False)]


def test_first_full_date() -> None:
    assert first_full_date("Newsroom\nVIENNA 2 April 2004\nin 2003 and on 5 April") == PartialDate(2004, 4, 2)
    assert first_full_date("took place in Astana on 8-9 June 2017") == PartialDate(2017, 6, 8)
    assert first_full_date("On December 4 in 2025, today") is None
    assert first_full_date("") is None


def test_a_deadline_set_does_not_date_the_text() -> None:
    """A text is not written on the day of a deadline it sets: such a date is no anchor, while a
    day something happened on still is, "by" a body included."""
    assert first_full_date("The Council has set the deadline for the pilot project \u2013 July 1, 2021.") is None
    assert first_full_date("Reports are due by 15 March 2024. The board met on 2 February 2024.") == \
        PartialDate(2024, 2, 2)
    assert first_full_date("The rules apply until 31 December 2030; they were adopted on 4 May 2029") == \
        PartialDate(2029, 5, 4)
    assert first_full_date("The plan was approved by the Council on 5 May 2020.") == PartialDate(2020, 5, 5)
    assert first_full_date("The deadline passed. On 9 June 2022 the talks resumed.") == PartialDate(2022, 6, 9)


def test_mentions_are_frozen() -> None:
    mention = only("in 1992")
    with pytest.raises(AttributeError):
        mention.start = 0  # type: ignore[misc]


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "1 " * 50_000, "May " * 25_000, "1-" * 50_000, "2022-" * 20_000, "1, " * 33_000,
    "1" + " " * 100_000 + "May", "May 1, " * 14_000, "Monday and " * 9_000, "in the " * 14_000,
    "5, 6, " * 16_000, "1st of " * 14_000, "May-" * 25_000, "17 and 18 October 2017 - " * 4_000,
    "5\u00a0\u00a0May\u00a0" * 12_000,
])
def test_pathological_line_is_fast(line: str) -> None:
    """No super-linear blow-up (each line reads in about 0.4 s): CPU time, which other processes on
    a loaded machine do not stretch as they stretch wall time (3.4 s wall once under load)."""
    started = time.process_time()
    resolve_dates(line, ANCHOR)
    assert time.process_time() - started < 3.0


def check_invariants(text: str, mentions: list[DateMention]) -> None:
    end = 0
    for m in mentions:
        assert end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        if m.date_end is not None:
            assert m.date < m.date_end
        end = m.end


ANCHORS = st.one_of(
    st.none(),
    st.dates().map(lambda d: PartialDate(d.year, d.month, d.day)),
    st.integers(1901, 2099).map(PartialDate),
    st.tuples(st.integers(1901, 2099), st.integers(1, 12)).map(lambda t: PartialDate(*t)),
)
TOKENS = st.sampled_from([
    "1", "5", "17", "31", "2022", "1941", "-", "–", "/", ".", ",", " ", "  ", "\n", "(", ")", "and", "to",
    "from", "of", "in", "the", "this", "last", "next", "year", "month", "May", "may", "December", "Feb.",
    "Sept", "Monday", "Friday", "today", "yesterday", "quarter", "second", "half", "Q2", "th", "mid-",
    "No.", "intersessional", "period", "current", "29", "February",
])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), ANCHORS)
def test_never_raises_on_arbitrary_text(text: str, anchor: PartialDate | None) -> None:
    check_invariants(text, resolve_dates(text, anchor))


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKENS, max_size=30).map("".join), ANCHORS)
def test_date_like_text_keeps_spans_ordered_and_exact(text: str, anchor: PartialDate | None) -> None:
    mentions = resolve_dates(text, anchor)
    check_invariants(text, mentions)
    if anchor is None:
        assert not any(m.relative for m in mentions)


@settings(max_examples=200, deadline=None)
@given(st.lists(TOKENS, max_size=20).map(" ".join))
def test_first_full_date_is_a_day(text: str) -> None:
    found = first_full_date(text)
    assert found is None or found.precision == "day"


def test_the_date_an_anniversary_remembers_is_no_anchor() -> None:
    text = "Marking the 60th anniversary of the founding on 2 May 1965, the forum met on 3 May 2025."
    assert first_full_date(text) == PartialDate(2025, 5, 3)
    assert first_full_date("the 60th anniversary of the founding on 2 May 1965") is None


def test_parts_of_days_relative_to_the_items_date() -> None:
    anchor = PartialDate(2019, 2, 19)
    found = {"last night": "2019-02-18", "This morning": "2019-02-19", "tonight": "2019-02-19",
             "this evening": "2019-02-19", "yesterday": "2019-02-18"}
    for words, iso in found.items():
        [m] = resolve_dates(f"The acts committed {words} in the town.", anchor)
        assert m.date.iso() == iso and m.relative
    assert resolve_dates("The acts committed last night in the town.", None) == []
    assert resolve_dates("a night session; the morning sitting", anchor) == []


@pytest.mark.parametrize("text,want,end", [
    ("She was elected three weeks ago at the congress.", "2021-05-20", None),
    ("The talks ended 4 days ago.", "2021-06-06", None),
    ("A month ago the board met.", "2021-05", None),
    ("The board meets again in two weeks.", "2021-06-24", None),
    ("The ministers met last week in Riga.", "2021-05-31", "2021-06-06"),
    ("The summit opens next week.", "2021-06-14", "2021-06-20"),
])
def test_counted_units_and_weeks_from_the_anchor(text: str, want: str, end: str | None) -> None:
    [m] = resolve_dates(text, PartialDate(2021, 6, 10))
    assert (m.date.iso(), m.date_end.iso() if m.date_end else None, m.relative) == (want, end, True)


def test_counted_units_need_an_anchor_and_a_count() -> None:
    assert resolve_dates("three weeks ago", None) == []
    assert resolve_dates("some weeks ago the panel met", PartialDate(2021, 6, 10)) == []
    assert resolve_dates("in two days", PartialDate(2021)) == []


def test_a_dateline_gives_the_day_a_report_was_written() -> None:
    from communique.extract.dates import dateline_date

    text = "Talks in the north\n\nValmora/Port Ostin, 3 May 2011: The envoy arrived in Valmora today."
    assert dateline_date(text, PartialDate(2011, 5, 4)) == PartialDate(2011, 5, 3)  # printed the day after
    assert dateline_date(text, None) == PartialDate(2011, 5, 3)
    assert dateline_date(text, PartialDate(2011, 6, 20)) is None  # weeks before the print: an older text
    assert dateline_date("The talks of 3 May 2011: a summary.", None) is None  # no place opens the line
    assert dateline_date("Valmora, 3 May: the envoy arrived.", None) is None  # no day without its year


def test_today_in_a_report_is_its_datelines_day() -> None:
    from communique.extract.names import anchor_date
    from communique.model import Item

    item = Item("i_t", "Envoy in Valmora", "Valmora, 3 May 2011 - The envoy arrived today.", PartialDate(2011, 5, 4), ())
    anchor = anchor_date(item, item.full_text)
    assert anchor == PartialDate(2011, 5, 3)
    assert [m.date for m in resolve_dates("arrived today", anchor)] == [PartialDate(2011, 5, 3)]
    undated = Item("i_u", None, "The envoy arrived today.", PartialDate(2011, 5, 4), ())
    assert anchor_date(undated, undated.full_text) == PartialDate(2011, 5, 4)
