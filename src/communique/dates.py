"""Absolute dates as pages print them: "05.12.2025", "28 April 2003", "May 16, 2022", "14 Feb. 2017".

Written by hand rather than with dateparser: the segmenter runs this over every line of
every page, and dateparser is two orders of magnitude slower and guesses on bare numbers
("96" becomes a day). These patterns are the forms news sites print; partial and relative
dates ("On December 4", "this year") are resolved in `extract.dates` against an anchor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from communique.model import PartialDate

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[89]|20|21)\d\d)"

# Each pattern names its groups day/month/year; month may be a word or a number.
_PATTERNS = [
    # 05.12.2025, 5/12/2025 (day first, as every non-US organization prints it)
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<mon>[01]?\d)[./]" + _YEAR + r"(?![\d])"),
    # 2025-12-05, 2025.12.05, 2025/12/05 (year first: the month follows it)
    re.compile(_YEAR + r"-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d.])" + _YEAR + r"[./](?P<mon>[01]?\d)[./](?P<day>[0-3]?\d)(?![\d.])"),
    # 05-12-2025, 5-Dec-2025
    re.compile(r"(?<![\d-])(?P<day>[0-3]?\d)-(?P<mon>[01]?\d)-" + _YEAR + r"(?![\d-])"),
    re.compile(r"(?<![\d-])(?P<day>[0-3]?\d)-" + _MONTH.format(name="mname") + r"-" + _YEAR + r"(?![\d-])", re.I),
    # 17.06.22: a two-digit year, with dots and two-digit day and month only (a version or section
    # number is rarely written so)
    re.compile(r"(?<![\d.])(?P<day>[0-3]\d)\.(?P<mon>[01]\d)\.(?P<yy>\d\d)(?![\d.]|\.\d)"),
    # 28 April 2003, 14 Feb. 2017, 18 Jun, 2023, 2 April, 2004
    re.compile(r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(name="mname")
               + r",?\s+" + _YEAR + r"(?!\d)", re.I),
    # May 16, 2022 / December 4 2025
    re.compile(r"\b" + _MONTH.format(name="mname") + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
               + _YEAR + r"(?!\d)", re.I),
]


_ANY_YEAR = re.compile(r"(?:1[89]|20|21)\d\d|\d\.[01]\d\.\d\d")


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    date: PartialDate


def _to_date(m: re.Match[str]) -> PartialDate | None:
    groups = m.groupdict()
    month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["mon"])
    day = int(groups["day"])
    if not groups.get("mname") and month > 12 >= day:
        day, month = month, day  # "06/17/2022": no 17th month, so the month came first (US order)
    # a two-digit year as POSIX strptime reads %y: 69-99 are 1969-1999, 00-68 are 2000-2068
    year = int(groups["year"]) if groups.get("year") else int(groups["yy"]) + (1900 if int(groups["yy"]) >= 69 else 2000)
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _start(span: DateSpan) -> int:
    return span.start


def find_dates(text: str) -> list[DateSpan]:
    """Every full (day-precision) date in `text`, in order, without overlaps.

    An earlier pattern wins over a later one that overlaps it. `found` stays sorted and
    non-overlapping, so only the span starting just before a match's end can overlap it:
    linear work per match, even on a page with thousands of dates."""
    found: list[DateSpan] = []
    if not _ANY_YEAR.search(text):  # every form has a year: most lines are done in one cheap scan
        return found
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            d = _to_date(m)
            before = bisect_left(found, m.end(), key=_start)
            if d and not (before and found[before - 1].end > m.start()):
                found.insert(before, DateSpan(m.start(), m.end(), d))
    return found


def parse_date(text: str) -> PartialDate | None:
    """The date if `text` is exactly one date (surrounding spaces and punctuation allowed)."""
    stripped = text.strip(" \t,.;:-–—|()")
    spans = find_dates(stripped)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end >= len(stripped.rstrip(".")):
        return spans[0].date
    return None
