"""Every date expression in a text, resolved against an anchor.

`resolve_dates(text, anchor)` finds absolute dates ("28 April 2003", "05.12.2025"), partial
ones ("On December 4", "in January"), relative ones ("today", "last year", "on Monday"),
and ranges ("from 1 to 5 December", "January 20-23, 2026", "2022-2024"), and resolves each
to a `PartialDate` that keeps the precision the text gives: "in 2022" is the year 2022,
"in September 2021" the month 2021-09.

Written by hand rather than with dateparser, which is slow and guesses on bare numbers;
`benchmarks/bench_dates.py` measures the difference. Every pattern is compiled once, has
bounded repetition only (no nested quantifiers), and never crosses a line break, so a
pathological line costs linear time.

Resolution rules (the anchor is the item's published date, or a date found in its text):

* A day-month without a year ("On December 4", "28 March") takes the year that puts it
  nearest the anchor: within about six months either side, so a day a few weeks after the
  anchor stays in the anchor's year, and "December 4" with anchor 2026-01-10 is 2025-12-04.
  A tie goes to the earlier year (news mostly reports the past). A month alone ("in
  January") is placed the same way, counted in months. With a year-only anchor the
  anchor's year is used. Two months or more from the anchor, the sentence's tense
  decides the side: "will be held in September" written in March is the coming September,
  "took place on 9 May" written in March the last 9 May.
* "today", "yesterday", "tomorrow" and weekdays need an anchor with day precision;
  "this/last/next month" one with month precision; "this/last/next year", "the current
  year" and "in the next intersessional period" (the next year) any anchor.
* A weekday ("on Monday") is the latest such day on or before the anchor, unless its
  sentence speaks of the future ("will", "is to", "scheduled", ...), then the first on or
  after it; "last Monday" / "next Monday" are strictly before / after. A weekday or
  "today" directly followed by an explicit date ("on Tuesday (14 February 2017)") is
  dropped: the explicit date wins.
* "last November" is the latest November before the anchor's month, "next November" the
  first after it, "this November" the anchor year's.
* A quarter or half ("in the second quarter of 2023", "Q2 2023", "first half of 2023") is
  a month range: 2023-04 .. 2023-06.
* A range keeps its start in `date` and its end in `date_end`, both at the same precision.

`relative` is True when the anchor supplied part of the result (every partial and
relative form); such mentions are left out when there is no anchor, so with
`anchor=None` only absolute dates come back.

Not dates: bare numbers ("96", "Article 5", "9/11", "No. 59/50"), ordinals ("the 30th
anniversary"), phone numbers, and years glued to a word by a hyphen ("Thunder-2019") or
after "No." / "resolution". A day never comes without a month, and a month name must be
capitalised ("may" and "march" are verbs and nouns).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from communique.dates import MONTHS
from communique.model import PartialDate

__all__ = ["DateMention", "first_full_date", "resolve_dates"]


@dataclass(frozen=True)
class DateMention:
    """One date expression: `text == source[start:end]`, resolved to `date` (.. `date_end`)."""

    start: int
    end: int
    text: str
    date: PartialDate
    date_end: PartialDate | None = None
    relative: bool = False


# --- Building blocks ---------------------------------------------------------------------

_SP = r"[^\S\n]{1,3}"  # one to three blanks, never a line break
_OSP = r"[^\S\n]{0,2}"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_FULL_MONTHS = [n for n in MONTHS if len(n) > 4 or n in ("may", "june", "july")]
_WEEKDAYS = {d: i for i, d in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_REL_OFFSET = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "last": 4}


# Patterns start with a literal or a digit class where they can, so that `re` skips
# ahead to candidate characters; a word boundary before the first character is then
# checked by a lookbehind placed after it: "M(?<!\w.)ay" is "\bMay".
_NOT_AFTER_WORD = r"(?<!\w.)"


def _cap(name: str) -> str:
    r"""'may' -> 'M(?<!\w.)(?i:ay)': a capital first letter after a word boundary, the rest in any case."""
    return name[0].upper() + _NOT_AFTER_WORD + "(?i:" + name[1:] + ")"


def _words(group: str, names: list[str] | tuple[str, ...]) -> str:
    """Capitalised words (month and weekday names: "may" and "march" are no months)."""
    alts = "|".join(_cap(n) for n in sorted(names, key=len, reverse=True))
    return rf"(?P<{group}>{alts})\b"


def _lead(group: str, phrases: tuple[str, ...]) -> str:
    """Phrases in lower, Capitalised or UPPER case, after a word boundary ("this", "This", "THIS")."""
    forms = sorted({f for p in phrases for f in (p, p.capitalize(), p.upper())}, key=len, reverse=True)
    alts = "|".join(f[0] + _NOT_AFTER_WORD + f[1:].replace(" ", r"[^\S\n]") for f in forms)
    return rf"(?P<{group}>{alts})\b"


def _mon(group: str) -> str:
    """A month name; an abbreviation's dot only when a day, year or dash follows ("Feb. 2017")."""
    return _words(group, list(MONTHS)) + r"(?:\.(?=,?[^\S\n]{0,3}[\d\-\u2013\u2014]))?"


def _day(group: str, first: bool = True) -> str:
    """A day number (range-checked by the builder); the first of a pattern not glued to a word or number."""
    guard = r"(?<![\w+/.]\d)(?<!\d,\d)" if first else ""
    return rf"(?P<{group}>\d{guard}\d?)(?!\d)(?:st|nd|rd|th)?"


def _year(group: str) -> str:
    return rf"(?P<{group}>(?:1[89]|20|21)\d\d)(?!\d)"


_REL_WORDS = ("this", "last", "next", "the current", "current", "the previous", "previous", "the coming",
              "coming")
_REL = r"(?P<rel>(?i:" + "|".join(w.replace(" ", r"[^\S\n]") for w in _REL_WORDS) + "))"
_REL_LEAD = _lead("rel", _REL_WORDS)
_REL_TAIL = rf",?{_SP}(?:of{_SP})?{_REL}{_SP}(?i:year)\b"
_YSEP = rf"(?:,{_OSP}|{_SP})"
_OF = rf"{_SP}(?:of{_SP})?"
_YEAR_OR_REL = rf"(?:{_YSEP}{_year('year')}|{_REL_TAIL})?"
_CONN_SAME = rf"(?:{_OSP}{_DASH}{_OSP}|,?{_SP}(?:and|to|until|till|through|&){_SP})"
_CONN_SPAN = rf"(?:{_OSP}{_DASH}{_OSP}|{_SP}(?:to|until|till|through){_SP})"
_DAY_LIST = rf"(?:,{_OSP}\d\d?(?!\d)(?:st|nd|rd|th)?){{0,5}}"
# A bare year (checked after its four digits): not glued to a word, number, path or currency,
# nor "No. 2024", "resolution 2020", "about 2000"; "mid-2023" is a year, "Thunder-2019" is not.
_BARE_YEAR_CHECK = "".join(rf"(?<!{before}\d{{4}})" for before in (
    r"[\w+/.$\u20ac\u00a3#\u2116]", r"No\.\s", r"No\s", r"no\.\s", r"Nos\.\s", "\u2116\\s",
    r"[Rr]esolution\s", r"about\s", r"nearly\s", r"almost\s", r"approximately\s", r"over\s", r"some\s",
)) + r"(?:(?<=mid-\d{4})|(?<!\w[-\u2010\u2011\u2013\u2014]\d{4}))"
_BARE_YEAR_AFTER = r"(?![\w%]|[-/.\u2010\u2011\u2013\u2014]\d|[^\S\n]%)"


def _bare_year(group: str) -> str:
    return rf"(?P<{group}>(?:19|20)\d\d){_BARE_YEAR_CHECK}"


# --- Small pure helpers ------------------------------------------------------------------


_Found = tuple[PartialDate, PartialDate | None, bool]


def _pd(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _month_no(name: str | None) -> int | None:
    return MONTHS[name.lower()] if name else None


def _rel_offset(phrase: str) -> int:
    return _REL_OFFSET[phrase.lower().split()[-1]]


def _nearest_year(anchor: PartialDate, month: int, day: int | None) -> int:
    """The year that puts month(/day) nearest the anchor; a tie goes to the earlier year."""
    if anchor.month is None:
        return anchor.year
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if day is None:
        here = anchor.year * 12 + anchor.month
        return min(years, key=lambda y: (abs(y * 12 + month - here), y))
    ref = date(anchor.year, anchor.month, anchor.day or 15)

    def distance(y: int) -> tuple[int, int]:
        try:
            return abs((date(y, month, day) - ref).days), y
        except ValueError:  # 29 February in a common year
            return 10**6, y

    return min(years, key=distance)


def _year_for(g: dict[str, str | None], anchor: PartialDate | None, month: int,
              day: int | None, m: re.Match[str] | None = None) -> tuple[int, bool] | None:
    """(year, relative) from the match's explicit year, relative year, or the anchor; a sentence's
    tense (m's) moves a year taken from the anchor to its side of it."""
    if g.get("year"):
        return int(g["year"] or 0), False
    if anchor is None:
        return None
    if g.get("rel"):
        return anchor.year + _rel_offset(g["rel"] or ""), True
    year = _nearest_year(anchor, month, day)
    if m is not None and anchor.month is not None:
        year = _by_tense(m, anchor, year, month, day)
    return year, True


# Past-tense cues: a day or month of a sentence told in the past is on or before the item's date.
_PAST = re.compile(r"\b(?:took\s+place|took\s+part|was\s+held|were\s+held|ha(?:s|ve|d)\s+been\s+held|met|visited|"
                   r"arrived|attended|participated|hosted|held|conducted|discussed|signed|adopted|gathered|"
                   r"completed|ended|began|started|opened|closed)\b", re.I)


def _by_tense(m: re.Match[str], anchor: PartialDate, year: int, month: int, day: int | None) -> int:
    """The nearest year, moved to the anchor's other side where the sentence's tense says so:
    "will be held in September" written in March is the coming September, "took place on 9 May"
    written in March the last 9 May."""
    months = (year - anchor.year) * 12 + month - (anchor.month or 0)
    # a few weeks either side is news of the days around the item's date, whatever the tense
    if months <= -2 and _speaks_of_future(m.string, m.start(), m.end()):
        return year + 1
    if months >= 2 and _told_in_past(m.string, m.start(), m.end()):
        return year - 1
    return year


def _told_in_past(text: str, start: int, end: int) -> bool:
    left, right = _sentence_around(text, start, end)
    return _found(_PAST, text, left, right) and not _found(_FUTURE, text, left, right)


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """The text in lower case when that keeps every offset (most texts), else None."""
    low = text.lower()
    return low if len(low) == len(text) else None


@lru_cache(maxsize=8)
def _case_bound(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


def _found(pattern: re.Pattern[str], text: str, left: int, right: int) -> bool:
    """pattern.search(text, left, right), run over the lower-cased text without re.I where it can be:
    sre has no fast scan for a case-insensitive alternation, and a page of 100k dates asks this
    for each of them (the lower case is made once per text)."""
    low = _lowered(text)
    if low is None:
        return pattern.search(text, left, right) is not None
    return _case_bound(pattern).search(low, left, right) is not None


def _anchor_date(anchor: PartialDate | None) -> date | None:
    if anchor is None or anchor.day is None or anchor.month is None:
        return None
    return date(anchor.year, anchor.month, anchor.day)


def _days_after(day: date, days: int) -> PartialDate | None:
    try:
        shifted = day + timedelta(days=days)
    except OverflowError:  # past 9999-12-31
        return None
    return PartialDate(shifted.year, shifted.month, shifted.day)


def _shift_month(year: int, month: int, by: int) -> PartialDate:
    index = year * 12 + month - 1 + by
    return PartialDate(index // 12, index % 12 + 1)


def _ordered(start: PartialDate | None, end: PartialDate | None, relative: bool) -> _Found | None:
    if start is None or end is None or not start < end:
        return None
    return start, end, relative


_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|set to|to be held|scheduled|planned|plans? to|intends? to|"
    r"upcoming|forthcoming|going to)\b", re.I)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end] (at most 300 characters each side)."""
    lo, hi = max(0, start - 300), min(len(text), end + 300)
    left = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), lo)
    stops = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i >= 0]
    return left, min(stops, default=hi)


def _speaks_of_future(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] speaks of the future."""
    return _found(_FUTURE, text, *_sentence_around(text, start, end))


# --- Builders: one per form, each (match, anchor) -> (date, date_end, relative) | None -------


def _numeric(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    d = _pd(int(g["year"] or 0), int(g["mnum"] or 0), int(g["day"] or 0))
    return (d, None, False) if d else None


def _day_month(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    month, day = _month_no(g["mon"]) or 0, int(g["day"] or 0)
    found = _year_for(g, anchor, month, day, m)
    if found is None:
        return None
    d = _pd(found[0], month, day)
    return (d, None, found[1]) if d else None


def _same_month_range(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    month, first, last = _month_no(g["mon"]) or 0, int(g["day"] or 0), int(g["day2"] or 0)
    found = _year_for(g, anchor, month, first, m)
    if not found:
        return None
    return _ordered(_pd(found[0], month, first), _pd(found[0], month, last), found[1])


def _cross_month_range(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    mon1, mon2 = _month_no(g["mon"]) or 0, _month_no(g["mon2"]) or 0
    day1, day2 = int(g["day"] or 0), int(g["day2"] or 0)
    if g.get("year") or g.get("rel"):
        found = _year_for(g, anchor, mon2, day2)
        if not found:
            return None
        year2, relative = found
        year1 = int(g["year1"]) if g.get("year1") else year2 - (mon1 > mon2)
    else:
        found = _year_for({"year": g.get("year1")}, anchor, mon1, day1)
        if not found:
            return None
        year1, relative = found
        year2 = year1 + (mon2 < mon1)
    return _ordered(_pd(year1, mon1, day1), _pd(year2, mon2, day2), relative)


def _month_year(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    month = _month_no(g["mon"]) or 0
    found = _year_for(g, anchor, month, None, m)
    return (PartialDate(found[0], month), None, found[1]) if found else None


_CUE_BEFORE_MONTH = re.compile(
    r"\b(?i:in|of|since|until|till|by|during|from|to|through|throughout|before|after|early|late|mid)"
    r"(?:[^\S\n]{1,3}|-)\Z")


def _month_alone(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    """"in January", "since March": a month name alone is a date only after such a cue word."""
    if not _CUE_BEFORE_MONTH.search(m.string, max(0, m.start() - 16), m.start()):
        return None
    return _month_year(m, anchor)


def _month_span(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    mon1, mon2 = _month_no(g["mon"]) or 0, _month_no(g["mon2"]) or 0
    found = _year_for(g, anchor, mon2, None)
    if not found or mon1 == mon2:
        return None
    year2, relative = found
    return _ordered(PartialDate(year2 - (mon1 > mon2), mon1), PartialDate(year2, mon2), relative)


def _month_after_word(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    """"last November", "next March", "this September"."""
    if anchor is None or anchor.month is None:
        return None
    g = m.groupdict()
    month, word = _month_no(g["mon"]) or 0, (g["q"] or "").lower()
    if word == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif word == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return PartialDate(year, month), None, True


def _quarter(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    if g.get("half") or g.get("hn"):
        part, size = int(g.get("hn") or _QUARTER[(g.get("half") or "").lower()]), 6
    else:
        part, size = int(g.get("qn") or _QUARTER[(g.get("q") or "").lower()]), 3
    found = _year_for(g, anchor, 1, None)
    if not found:
        return None
    year, relative = found
    return PartialDate(year, size * (part - 1) + 1), PartialDate(year, size * part), relative


def _year_range(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    g = m.groupdict()
    first, last_text = int(g["y1"] or 0), g["y2"] or ""
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text or 0)
    if not first < last <= first + 100:
        return None
    return PartialDate(first), PartialDate(last), False


def _year_alone(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    return PartialDate(int(m.group("year"))), None, False


# Days named relative to the item's date.
_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "last night": -1, "tomorrow": 1}


def _relative_day(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    ref = _anchor_date(anchor)
    if ref is None:
        return None
    shift = _DAY_WORDS[" ".join(m.group("w").lower().split())]
    day = _days_after(ref, shift)
    return (day, None, True) if day else None


def _relative_unit(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    """"this year", "last year", "the current year", "next month", "in the next intersessional period"."""
    if anchor is None:
        return None
    shift = _rel_offset(m.group("rel"))
    if (m.groupdict().get("unit") or "").lower() == "month":
        if anchor.month is None:
            return None
        return _shift_month(anchor.year, anchor.month, shift), None, True
    return PartialDate(anchor.year + shift), None, True


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT_WORDS = "|".join(_COUNTS)  # "a month ago"
_PLURAL_COUNT_WORDS = "|".join(w for w, n in _COUNTS.items() if n > 1)  # "in two weeks", not "in a week"


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() and 0 < int(word) < 100 else _COUNTS.get(word)


def _units_ago(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    """"two weeks ago", "3 days ago", "a month ago", "in two weeks", "in three days": the anchor
    moved by whole units, at the unit's precision (days and weeks a day, months a month)."""
    g = m.groupdict()
    n, unit = _count(g["n"] or g["n2"] or ""), (g["unit"] or g["unit2"] or "").lower().rstrip("s")
    if n is None or anchor is None:
        return None
    sign = -1 if g["ago"] else 1
    if unit == "year":
        return PartialDate(anchor.year + sign * n), None, True
    if unit == "month":
        return (_shift_month(anchor.year, anchor.month, sign * n), None, True) if anchor.month else None
    ref = _anchor_date(anchor)
    day = _days_after(ref, sign * n * (7 if unit == "week" else 1)) if ref else None
    return (day, None, True) if day else None


def _week(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    """"this week", "last week", "next week": Monday to Sunday of that week, by the anchor's day."""
    ref = _anchor_date(anchor)
    if ref is None:
        return None
    monday = -ref.weekday() + 7 * _rel_offset(m.group("rel"))
    return _ordered(_days_after(ref, monday), _days_after(ref, monday + 6), True)


def _weekday(m: re.Match[str], anchor: PartialDate | None) -> _Found | None:
    ref = _anchor_date(anchor)
    if ref is None:
        return None
    g = m.groupdict()
    wanted, word = _WEEKDAYS[(g["wd"] or "").lower()], (g["q"] or "").lower()
    if word == "last":
        shift = -((ref.weekday() - wanted) % 7 or 7)
    elif word == "next":
        shift = (wanted - ref.weekday()) % 7 or 7
    elif _speaks_of_future(m.string, m.start(), m.end()):
        shift = (wanted - ref.weekday()) % 7
    else:
        shift = -((ref.weekday() - wanted) % 7)
    start = _days_after(ref, shift)
    if start is None or not g.get("wd2"):
        return (start, None, True) if start else None
    length = (_WEEKDAYS[(g["wd2"] or "").lower()] - wanted) % 7
    return _ordered(start, _days_after(ref, shift + length), True)


# --- The rules, most specific first (the order breaks ties between equal spans) ----------


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], PartialDate | None], _Found | None]
    span: tuple[str, str] | None = None  # groups that bound the mention, else the whole match
    needs: frozenset[str] = frozenset()  # cues (see _CUES) the text must have for the rule to run
    day_word: bool = False  # "today", a weekday: yields to an explicit date right after it
    # A match that does not resolve ("31 February 2017", a range ending before it starts, a
    # partial date without anchor) still claims its span, so that no shorter reading of it
    # ("February 2017") comes back instead.
    blocks: bool = True


def _rule(pattern: str, build: Callable[[re.Match[str], PartialDate | None], _Found | None],
          needs: str, span: tuple[str, str] | None = None, day_word: bool = False,
          blocks: bool = True) -> _Rule:
    return _Rule(re.compile(pattern), build, span, frozenset(needs.split()), day_word, blocks)


def _cue(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """A fast gate: any of `words` as lower, Capitalised or UPPER text (a literal-led pattern)."""
    forms = {f for w in words for f in (w, w.capitalize(), w.upper())}
    return re.compile("|".join(sorted(forms, key=len, reverse=True)))


# Cheap scans that decide which rules can match at all; most sentences have no date.
_CUES = {
    "digit": re.compile(r"\d"),
    "month": _cue(sorted({n[:3] for n in MONTHS})),
    "rel": _cue(("this", "last", "next", "current", "previous", "coming")),
    "day": _cue(("today", "yesterday", "tomorrow", "tonight", "night", "morning", "afternoon", "evening")),
    "weekday": _cue(tuple(_WEEKDAYS)),
    "part": _cue(("quarter", "half", "q1", "q2", "q3", "q4", "h1", "h2")),
    "ago": _cue(("ago", "days", "weeks")),
}


_RULES = (
    # 05.12.2025, 5/12/2025 (day first)
    _rule(r"(?P<day>\d(?<![\d.]\d)\d?)(?P<sep>[./])(?P<mnum>[01]?\d)(?P=sep)" + _year("year")
          + r"(?!\.\d)", _numeric, "digit"),
    # 2025-12-05
    _rule(_year("year") + r"(?<![\w./-]\d{4})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)", _numeric, "digit"),
    # 30 April - 5 May 2025, 28 April 2003 to 2 May 2003
    _rule(_day("day") + _OF + _mon("mon") + rf"(?:{_YSEP}{_year('year1')})?" + _CONN_SPAN
          + _day("day2", first=False) + _OF + _mon("mon2") + _YEAR_OR_REL, _cross_month_range, "digit month"),
    # 1 to 5 December, 8-9 June 2017, 17 and 18 October, 5, 6 and 7 May
    _rule(_day("day") + _DAY_LIST + _CONN_SAME + _day("day2", first=False) + _OF + _mon("mon")
          + _YEAR_OR_REL, _same_month_range, "digit month"),
    # November 30 - December 2, 2025
    _rule(_mon("mon") + _SP + _day("day", first=False) + rf"(?:{_YSEP}{_year('year1')})?" + _CONN_SPAN
          + _mon("mon2") + _SP + _day("day2", first=False) + _YEAR_OR_REL, _cross_month_range, "digit month"),
    # January 20-23, 2026, November 26 and 27, 2025, October 18-20
    _rule(_mon("mon") + _SP + _day("day", first=False) + _DAY_LIST + _CONN_SAME
          + _day("day2", first=False) + _YEAR_OR_REL, _same_month_range, "digit month"),
    # 28 April 2003, 14 Feb. 2017, the 16th of June, 2023, 28 March, 19 October, this year
    _rule(_day("day") + _OF + _mon("mon") + _YEAR_OR_REL, _day_month, "digit month"),
    # May 16, 2022, On December 4, May 16, this year
    _rule(_mon("mon") + _SP + _day("day", first=False) + _YEAR_OR_REL, _day_month, "digit month"),
    # January-March 2023, from April to June 2024
    _rule(_mon("mon") + _CONN_SPAN + _mon("mon2") + rf"(?:{_YSEP}|{_SP}of{_SP})" + _year("year"),
          _month_span, "digit month"),
    # in the second quarter of 2023, Q2 2023, the first half of this year, H1 2024
    _rule(r"\b(?:(?P<q>(?i:first|second|third|fourth|last|1st|2nd|3rd|4th))" + _SP + r"(?i:quarter)"
          + r"|(?P<half>(?i:first|second|1st|2nd))" + _SP + r"(?i:half))" + _SP + r"(?i:of)" + _SP
          + rf"(?:{_year('year')}|{_REL}{_SP}(?i:year)\b)", _quarter, "part"),
    _rule(r"\b(?:Q(?P<qn>[1-4])|H(?P<hn>[12]))" + rf"(?:{_OSP}|[-/])" + _year("year"), _quarter, "part digit"),
    # September 2021, January of 2022, January of this year, April last year
    _rule(_mon("mon") + rf"(?:(?:{_YSEP}|{_SP}of{_SP}){_year('year')}|{_REL_TAIL})", _month_year, "month"),
    # last November, next March
    _rule(_lead("q", ("last", "next", "this")) + _SP + _words("mon", _FULL_MONTHS), _month_after_word,
          "month rel"),
    # in January, since March, by the end of June (a month alone, after a cue word)
    _rule(_words("mon", _FULL_MONTHS) + r"(?![^\S\n]?\d)", _month_alone, "month", blocks=False),
    # 2022-2024, 2017/18, 1941-1945
    _rule(_bare_year("y1") + rf"(?:{_OSP}{_DASH}{_OSP}|/)(?P<y2>(?:19|20)\d\d|\d\d)"
          + _BARE_YEAR_AFTER, _year_range, "digit"),
    # from 2022 to 2024, between 2010 and 2015
    _rule(_lead("w", ("from", "between")) + _SP + _bare_year("y1") + _SP + r"(?i:to|and|until|till|through)"
          + _SP + r"(?P<y2>(?:19|20)\d\d)(?!\w)", _year_range, "digit", span=("y1", "y2")),
    # in 1992
    _rule(_bare_year("year") + _BARE_YEAR_AFTER, _year_alone, "digit"),
    # today, yesterday, tomorrow, last night, this morning
    _rule(r"\b(?P<w>(?i:today|tonight|yesterday|tomorrow|last[^\S\n]+night|this[^\S\n]+(?:morning|afternoon|evening)))\b",
          _relative_day, "day", day_word=True),
    # this year, last year, the current year, next month
    _rule(_REL_LEAD + _SP + r"(?P<unit>(?i:year|month))\b", _relative_unit, "rel"),
    # in the next intersessional period
    _rule(_REL_LEAD + _SP + r"(?i:intersessional)" + _SP + r"(?i:period)\b", _relative_unit, "rel"),
    # two weeks ago, 3 days ago, a month ago; in two weeks, in three days
    _rule(rf"(?:\b(?P<n>(?i:\d\d?|{_COUNT_WORDS})){_SP}"
          rf"(?P<unit>(?i:days?|weeks?|months?|years?)){_SP}(?P<ago>(?i:ago))"
          rf"|\b(?i:in){_SP}(?P<n2>(?i:\d\d?|{_PLURAL_COUNT_WORDS}))"
          rf"{_SP}(?P<unit2>(?i:days|weeks)))\b", _units_ago, "ago"),
    # this week, last week, next week
    _rule(_REL_LEAD + _SP + r"(?i:week)\b", _week, "rel"),
    # on Monday, last Friday, on Friday and Saturday
    _rule("(?:" + _lead("q", ("last", "next", "this")) + _SP + ")?" + _words("wd", tuple(_WEEKDAYS))
          + rf"(?:(?:{_SP}(?:and|to|&){_SP}|{_OSP}{_DASH}{_OSP})" + _words("wd2", tuple(_WEEKDAYS)) + ")?",
          _weekday, "weekday", day_word=True),
)

_GAP_BEFORE_EXPLICIT = re.compile(r"[\s,(]{0,4}")


# --- Public API --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    day_word: bool
    found: _Found | None  # None: an unresolvable match that only claims its span


def _candidates(text: str, anchor: PartialDate | None) -> list[_Candidate]:
    out: list[_Candidate] = []
    present = {name for name, cue in _CUES.items() if cue.search(text)}
    for priority, rule in enumerate(_RULES):
        if not rule.needs <= present:
            continue
        for m in rule.pattern.finditer(text):
            found = rule.build(m, anchor)
            if found is None and not rule.blocks:
                continue
            start, end = (m.start(rule.span[0]), m.end(rule.span[1])) if rule.span else m.span()
            out.append(_Candidate(start, end, priority, rule.day_word, found))
    return out


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Leftmost first, then longest, then the earlier rule; never overlapping."""
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start, c.start - c.end, c.priority)):
        if not chosen or c.start >= chosen[-1].end:
            chosen.append(c)
    return chosen


def _drop_shadowed_day_words(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """"on Tuesday (14 February 2017)": the explicit date right after a day word wins."""
    kept = []
    for c, after in zip(chosen, [*chosen[1:], None], strict=False):
        shadowed = (c.day_word and after is not None and not after.day_word
                    and after.found is not None and after.found[0].precision == "day"
                    and _GAP_BEFORE_EXPLICIT.fullmatch(text, c.end, after.start) is not None)
        if not shadowed:
            kept.append(c)
    return kept


def resolve_dates(text: str, anchor: PartialDate | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `anchor`, in order, without overlaps."""
    resolved = [c for c in _select(_candidates(text, anchor)) if c.found]
    return [DateMention(c.start, c.end, text[c.start:c.end], *c.found)
            for c in _drop_shadowed_day_words(text, resolved) if c.found]


def first_full_date(text: str) -> PartialDate | None:
    """The first absolute date with day precision in `text` (a range gives its start), leaving
    out the dates anniversaries remember and the deadlines set (neither is when the text was
    written: "set the deadline for the pilot project - July 1, 2021")."""
    remembered = anniversary_spans(text)
    for mention in resolve_dates(text, None):
        if (mention.date.precision == "day" and not any(a <= mention.start < b for a, b in remembered)
                and not is_deadline(text, mention.start)):
            return mention.date
    return None


# A dateline: a line opening with a place (one to five capitalised words, "Lome/Addis Ababa"),
# a comma, a date and a colon or dash ("Vienna, 23 June 2020 - ...").
_DATELINE_PLACE = re.compile(r"(?m)^[^\S\n]*[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4}"
                             r"(?:/[A-Z][^,\n/]{1,40})?,[^\S\n]+")
_DATELINE_END = re.compile(r"[^\S\n]*[:\u2013\u2014-]")


def dateline_date(text: str, published: PartialDate | None, within: int = 1000) -> PartialDate | None:
    """The day a dateline near the top of `text` gives, when it is the day the item was written:
    the printed date or up to a week before it. "Today" in such a report is the dateline's day,
    which a page printed the day after ("July 30 ... Lome, 29 July: ... arrived today") does not
    say itself."""
    head = text[:within]
    printed = _anchor_date(published)
    for m in _DATELINE_PLACE.finditer(head):
        found = next((d for d in resolve_dates(head[m.end():m.end() + 40], published) if d.start == 0), None)
        if found is None or found.date.precision != "day" or not _DATELINE_END.match(head, m.end() + found.end):
            continue
        day = _anchor_date(found.date)
        if printed is None or (day is not None and 0 <= (printed - day).days <= 7):
            return found.date
    return None


# A deadline: the date right after "until", "by", "no later than"..., or after "deadline" earlier
# in its sentence.
_DEADLINE_RIGHT_BEFORE = re.compile(r"(?i)\b(?:until|till|by|no later than|not later than|due)\s+(?:the\s+)?$")
_DEADLINE_IN_SENTENCE = re.compile(r"(?i)\b(?:deadlines?|due date|time limit)\b[^.!?\n]*$")


def is_deadline(text: str, start: int) -> bool:
    """Is the date at `start` a deadline set, rather than a day something happened on?"""
    before = text[max(0, start - 300):start]
    return bool(_DEADLINE_RIGHT_BEFORE.search(before[-40:]) or _DEADLINE_IN_SENTENCE.search(before))


# "the 80th anniversary of the Victory in the Great Patriotic War of 1941-1945": an anniversary
# being marked is the year of the event (the end of a period) plus its count. Numeric ordinals only.
ANNIVERSARY = re.compile(
    r"(?i)\b(?P<n>[1-9]\d{0,2})(?:st|nd|rd|th)\s+anniversary\s+of\b[^.\n]{0,120}?"
    r"(?<!\d)(?P<y1>(?:1[6-9]|20)\d\d)(?:\s*[-\u2013\u2014]\s*(?P<y2>(?:1[6-9]|20)\d\d))?(?!\d)")


def anniversary_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where the text names an anniversary and the date it remembers ("60th anniversary of ... 1965")."""
    return [m.span() for m in ANNIVERSARY.finditer(text, start, len(text) if end is None else end)]


# An edition's name carries its year: exercises, exhibitions, games ("Thunder-2019",
# "INTERPOLITECH-2022"). They are not read as dates (in a sentence they date nothing but the
# edition itself), but they date an event of their sentence that has no other date, and an item
# that prints no date (documents.item_anchor). Only the hyphenated form: "May 2022" is a date.
_EDITION = re.compile(r"\b[A-Z][^\W\d_]{2,}[-\u2010\u2011](?P<year>(?:19|20)\d\d)(?![\w-])")


@lru_cache(maxsize=256)
def named_year(text: str, start: int = 0, end: int | None = None) -> PartialDate | None:
    """The year of the one edition text[start:end] names (None for none, or editions of several years)."""
    years = {m.group("year") for m in _EDITION.finditer(text, start, len(text) if end is None else end)}
    return PartialDate(int(years.pop())) if len(years) == 1 else None


@lru_cache(maxsize=64)  # asked once per sentence of an undated item (documents.item_anchor)
def anniversary_year(text: str) -> PartialDate | None:
    """The year of the anniversaries the text marks, when they agree on one."""
    years = {int(m.group("y2") or m.group("y1")) + int(m.group("n")) for m in ANNIVERSARY.finditer(text)}
    return PartialDate(years.pop()) if len(years) == 1 else None

