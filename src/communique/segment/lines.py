"""Classify the lines of a page by layout cues alone.

No phrase lists copied from any site: a line's role comes from its length, its final
punctuation, whether it is (or carries) a date, whether it holds contact details, and
whether it repeats. `segment.items` groups the classified lines into items.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from communique.dates import MONTHS, find_dates, parse_date
from communique.english import zipf
from communique.model import PartialDate, normalize_text


class Kind(enum.Enum):
    NOISE = "noise"  # no words: numbers, rules of stars, images, bare links
    SEP = "sep"  # a rule line (_____, -----): what follows is usually a footer
    CONTACT = "contact"  # phone numbers, e-mail addresses
    DATE = "date"  # a date alone, or a short meta line built around one
    LABEL = "label"  # one or two words without punctuation: menus, section labels
    TITLE = "title"  # a heading: no closing punctuation
    PARA = "para"  # running text


@dataclass(frozen=True)
class Line:
    index: int
    offset: int  # character offset of the first non-blank character in the page text
    text: str  # whitespace collapsed
    gap: int  # blank lines before it
    kind: Kind
    date: PartialDate | None = None  # DATE lines; PARA lines opening with a dateline; TITLE lines stamped with one
    words: int = 0


# Longest title we accept; a longer unpunctuated line is running text whose end was cut off.
MAX_TITLE_WORDS = 45
# An exclamation or question can close a title ("... wishes a Happy New Year!") if short.
MAX_EXCLAIMED_TITLE_WORDS = 15
# A meta line around a date ("Secretary General 21 February 2019 Strasbourg") stays short.
MAX_META_WORDS = 8

_LETTER = re.compile(r"[^\W\d_]")
_RULE = re.compile(r"^[\s_=\-–—*~#.·•]{4,}$")
_IMAGE_OR_LINK = re.compile(r"^(!\[[^\]]*\]\([^)]*\)|<?https?://\S+>?|\[[^\]]*\]\([^)]*\))$")
# Fix: the lookbehind starts a match only where a run of address characters starts. Without
# it every position of a long run ("aaaa...", "a.b-c_d...") rescanned the rest of the run
# looking for "@": quadratic, a 1 MB line took hours. Same matches (a match inside a run
# implies one from the run's start).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s()\-]{7,}\d")
_CLOSING = ".,;:…"
# Function words found inside proper names; a closed class of English words.
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le"})
_TRAILING_JUNK = " *•·|"
# "VIENNA, 2 April, 2004 - On Monday": place and date, then a dash, open a press release.
_DATELINE_DASH = re.compile(r"\s+[-–—]\s+|\.[-–—]\s+")  # "QUITO, 15 May 2024.- The ..." too


def _words(text: str) -> int:
    return len(text.split())


def _is_contact(text: str) -> bool:
    if _EMAIL.search(text):
        return _words(text) <= 12
    phone = _PHONE.search(text)
    return bool(phone) and len(phone.group()) >= len(text) * 0.4


def _is_menu(text: str) -> bool:
    """"Home | About | Contact": short entries between separators are a menu, not a title."""
    parts = [p for p in re.split(r"\s[|•·»/]\s", text) if p.strip()]
    return len(parts) >= 3 and all(_words(p) <= 3 for p in parts)


def _meta_date(text: str, previous: str | None) -> PartialDate | None:
    """The date of a date line, or of a short meta line around one, or of a repeated title + date."""
    alone = parse_date(text)
    if alone:
        return alone
    spans = find_dates(text)
    if len(spans) == 2 and _UPDATED.search(text, spans[0].end, spans[1].start):
        spans = spans[:1]  # "12 May 2012 (updated 13 May 2012)": the first is the page's date
        text = text[: spans[0].end]
    if len(spans) != 1:
        return None
    span = spans[0]
    rest = _TIME.sub(" ", text[: span.start] + " " + text[span.end:]).strip(" ,|-–—()")
    if previous and normalize_text(rest) == normalize_text(previous):
        return span.date  # "Title 16.05.2022" under the same "Title"
    if _words(text) > MAX_META_WORDS or text.rstrip()[-1:] in ".;:!?":
        return None
    # Words around the date are names (place, section), not a sentence: all capitalized, but for
    # the short words that join a name's parts ("Committee of Ministers", "Bosnia and Herzegovina").
    others = [w for w in re.split(r"[\s,|/]+", rest) if _LETTER.search(w) and w.lower().strip(":") not in _COUNTERS
              and w.lower().strip(":") not in _META_WORDS]
    if any(w.lower().strip(":") in _AHEAD_WORDS for w in others):
        return None  # "Upcoming: 12-14 June 2024, Geneva": the day of what is announced, not the page's
    if all(w[0].isupper() or w in _NAME_JOINERS for w in others) and (
            not others or any(w[0].isupper() for w in others)):
        return span.date
    if _SECTION.match(text, span.end) and len(others) <= 4:
        return span.date  # "14 February 2024 | Press release": the date and the page's section
    return None


_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")


def _stamped(text: str) -> PartialDate | None:
    """A date with the time of day beside it ("12.05.2012 14:35", "14:35 | 12.05.2012")."""
    spans = find_dates(text)
    if len(spans) != 1:
        return None
    rest = text[: spans[0].start] + " " + text[spans[0].end:]
    return spans[0].date if _TIME.search(rest) and not _TIME.sub(" ", rest).strip(" ,|-–—/") else None


_COUNT = re.compile(r"[\s|/·•]+\d{1,9}\s*$")


def _counted(text: str) -> PartialDate | None:
    """A date with a bare count after it, a page's views ("17.06.2022 1234")."""
    m = _COUNT.search(text)
    return parse_date(text[: m.start()]) if m and m.start() > 0 else None


# A numeric date stamped on a heading's edge: "Title (30.06.2021)", "Title - 30.06.2021",
# "30.06.2021 | Title". Numeric dates only: a date written in words ends many a heading that names
# the day of what it reports ("Council to meet on 12 May 2023").
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}"
# A page that lost the blank between them glues the stamp to the heading ("...in Yerevan17.06.2022",
# "17.06.2022On 17 June ...").
_HEADING_STAMP = re.compile(rf"(?:\s+[-–—|]\s*|\s*\(|\s+|(?<=[^\W\d_][.\"”»)])|(?<=[^\W\d_]))({_NUMERIC_DATE})\)?"
                            rf"(?:\s+{_TIME.pattern})?(?:\s+\d{{1,9}})?$"
                            rf"|^({_NUMERIC_DATE})(?:\s+{_TIME.pattern})?(?:\s*[-–—|])?\s*(?=[A-Z\"“«])")


# Every stamp holds a digit, a separator and a digit: most lines need no look for one (the stamp's
# pattern, tried at each position of a line, was a fifth of the segmenter's time).
_NUMERIC_HINT = re.compile(r"\d[./-]\d")


def unstamped(text: str) -> str:
    """A heading without the date stamped on its edge."""
    m = _HEADING_STAMP.search(text) if _NUMERIC_HINT.search(text) else None
    return (text[: m.start()] + text[m.end():]).strip() if m else text


def _stamped_heading(text: str) -> PartialDate | None:
    """The date stamped on a heading's edge, if one is (the heading is still the item's title)."""
    m = _HEADING_STAMP.search(text) if _NUMERIC_HINT.search(text) else None
    if not m or _words(text[: m.start()] + text[m.end():]) < 3:
        return None
    if text[: m.start()].rstrip().endswith(":"):
        return None  # "Date of ratification of the Charter: 19.06.2003": a fact's value, no heading's date
    return parse_date(m.group(1) or m.group(2))


# Words a meta line counts things with ("12.05.2012 | 1234 views"), and a later revision's date.
_COUNTERS = frozenset({"views", "view", "comments", "comment", "photos", "photo", "videos", "video", "reads", "min"})
# Words a meta line names its date with ("Posted on 12 March 2019 by Press Office", "Last updated:").
_META_WORDS = frozenset({"posted", "published", "updated", "modified", "created", "last", "date", "dated", "on", "by",
                         "at"})
_UPDATED = re.compile(r"(?i)\b(?:updated|modified|edited|changed)\b")
# Words that date what is announced ("Upcoming: 12-14 June 2024"), not the page.
_AHEAD_WORDS = frozenset({"upcoming", "forthcoming", "next", "deadline", "when", "venue", "scheduled", "save"})
_SECTION = re.compile(r"\s*[|\u2022\u00b7]\s*\w")  # "date | Section"


def dateline(text: str) -> PartialDate | None:
    """The date of a press-release dateline opening a paragraph ("Strasbourg, 01.08.2014 - ..."),
    or of a numeric date stamped on its start ("30.06.2021 On 29 June, the Council ...")."""
    stamp = _HEADING_STAMP.match(text) if _NUMERIC_HINT.search(text, 0, 12) else None
    if stamp and stamp.group(2):
        return parse_date(stamp.group(2))
    dash = _DATELINE_DASH.search(text[:80])
    if not dash:
        return None
    head = text[: dash.start()]
    spans = find_dates(head)
    if len(spans) == 1 and _words(head) <= 7:
        return spans[0].date
    return None


# A label of a few words, a colon, and a name: a staff list's "Director General: Tomasz Wierzbicki".
_LABELLED = re.compile(r"^[^:]{2,60}:[ \t]+(?:(?:Mr|Ms|Mrs|Dr|Amb|H\.E)\.?[ \t]+)?"
                       r"[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){1,4}$")


def rare(word: str) -> bool:
    """A word seldom written in English (a surname, not a headline's "Ends" or "Meeting")."""
    return zipf(word) < 3.5


def classify(text: str, previous: str | None = None) -> tuple[Kind, PartialDate | None]:
    """The layout role of one line (whitespace already collapsed)."""
    if _RULE.match(text):
        return Kind.SEP, None
    if not _LETTER.search(text) or _IMAGE_OR_LINK.match(text):
        date = parse_date(text) or _stamped(text) or (_counted(text) if not _LETTER.search(text) else None)
        return (Kind.DATE, date) if date else (Kind.NOISE, None)
    date = _meta_date(text, previous)
    if date:
        return Kind.DATE, date
    if _is_contact(text):
        return Kind.CONTACT, None
    if _is_menu(text):
        return Kind.LABEL, None
    core = text.rstrip(_TRAILING_JUNK)
    words = _words(core)
    last = core[-1:]
    if last in "»”\"')’" and len(core) > 1:
        last = core.rstrip("»”\"')’")[-1:]
    if core.endswith(("...", "\u2026")) and words <= MAX_EXCLAIMED_TITLE_WORDS and not dateline(text):
        return Kind.TITLE, None  # a heading the listing cut short ("The Road of Memory, that unites ...")
    if last in _CLOSING:
        return Kind.PARA, dateline(text)
    if words <= 2:
        return Kind.LABEL, None
    if last in "!?":
        return (Kind.TITLE, None) if words <= MAX_EXCLAIMED_TITLE_WORDS else (Kind.PARA, dateline(text))
    if _LABELLED.match(core) and rare(core.split()[-1]):
        return Kind.PARA, None  # "Director General: Tomasz Wierzbicki": a labelled fact, text of the page
    if words <= MAX_TITLE_WORDS:
        return Kind.TITLE, _stamped_heading(core)
    return Kind.PARA, dateline(text)


# A page that lost its line breaks around a date line runs heading, date and text into one line
# ("Title17.06.2022On 17 June, ..."), or a paragraph into the date under it ("... cooperation.17.06.2022").
# Checked around each numeric date near the line's start or at its end, not by one pattern over the
# whole line: a long line full of digits must not make a regular expression backtrack.
_DATE_AT = re.compile(_NUMERIC_DATE)
_HEAD_END = re.compile(r"[^\W\d_][\"”»)]?\s?$")
_REST_START = re.compile(r"\s?[A-Z\"“«]\S*(?:\s+\S+){2}")
_DATE_AT_END = re.compile(rf"(?<=[.!?\"”»])\s?({_NUMERIC_DATE})$")


_IMAGE_FILE = re.compile(r"^\s*\S{1,80}?\.(?i:jpe?g|png|gif|webp)(?=[^\W\d_])")


def _unglued(line: str) -> list[tuple[int, str]]:
    """The lines a raw line holds, with their offsets in it: itself, or the heading, the date line
    and the text a page ran together, or an image's file name and the text it was run into
    ("IMG-0012.jpgIn the period ...")."""
    image = _IMAGE_FILE.match(line)
    if image is not None:
        return [(0, image.group()), *((image.end() + k, part) for k, part in _unglued(line[image.end():]))]
    for m in _DATE_AT.finditer(line, 0, 400):
        head = line[:m.start()]
        if _words(head) >= 3 and _words(head) <= MAX_TITLE_WORDS and _HEAD_END.search(head) \
                and _REST_START.match(line, m.end()):
            rest = m.end() + (line[m.end()] == " ")
            return [(0, head), (m.start(), m.group()), (rest, line[rest:])]
    end = _DATE_AT_END.search(line, max(0, len(line) - 14))
    if end is not None and _words(line[:end.start()]) >= 3:
        return [(0, line[:end.start()]), (end.start(1), end.group(1))]
    return [(0, line)]


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# A date line printed without its year ("25 September Strasbourg", "Sep 25"): a listing that
# prints the year once, or only on some of its items.
_YEARLESS = re.compile(rf"^(?:(?P<d1>[0-3]?\d)\s+(?P<m1>{_MONTH_NAMES})\.?|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>[0-3]?\d))"
                       rf"(?:,?\s+(?-i:[A-Z])[\w'’-]*){{0,3}}$", re.I)


def _yearless_day(text: str) -> tuple[int, int] | None:
    m = _YEARLESS.match(text)
    if m is None:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    return (month, day) if 1 <= day <= 31 else None


_MONTH_HEADING = re.compile(rf"^(?:{_MONTH_NAMES})\.?,?\s+(\d{{4}})$", re.I)  # "July 2023" over a month's teasers


def _dated_without_year(lines: list[Line]) -> list[Line]:
    """Date lines printed without a year take the year of the nearest full date line on the page
    (the one above first), or of a month heading ("July 2023" over "12 July"); a page that prints
    no year leaves them what they were."""
    full = [(k, line.date) for k, line in enumerate(lines) if line.kind is Kind.DATE and line.date is not None
            and line.date.precision == "day"]
    full += [(k, PartialDate(int(heading.group(1)))) for k, line in enumerate(lines)
             if line.kind is Kind.LABEL and (heading := _MONTH_HEADING.match(line.text))]
    full.sort(key=lambda f: f[0])
    if not full:
        return lines
    at = [k for k, _ in full]
    out = list(lines)
    for k, line in enumerate(lines):
        if line.kind is Kind.DATE or line.words > MAX_META_WORDS:
            continue
        md = _yearless_day(line.text)
        if md is None:
            continue
        i = bisect_left(at, k)  # the nearest full date line, the one above on a tie
        _, near = min(full[max(0, i - 1):i + 1], key=lambda f: (abs(f[0] - k), f[0] > k))
        try:
            day = PartialDate(near.year, md[0], md[1])
        except ValueError:
            continue
        out[k] = replace(line, kind=Kind.DATE, date=day)
    return out


def split_lines(text: str) -> list[Line]:
    """The page's non-blank lines with offsets, gaps and kinds; consecutive repeats dropped."""
    lines: list[Line] = []
    offset = 0
    gap = 0
    previous: str | None = None
    for whole in text.splitlines(keepends=True):
        at = offset
        offset += len(whole)
        parts = _unglued(whole.rstrip("\r\n")) if _MAY_RUN_TOGETHER.search(whole) else [(0, whole)]
        if len(parts) > 1 and previous is not None and normalize_text(parts[0][1]) == normalize_text(previous):
            # the heading above printed again with its date ("Title17.06.2022"): read as such
            parts = [(0, whole[:parts[2][0]]), parts[2]] if len(parts) == 3 else [(0, whole)]
        for k, (inside, raw) in enumerate(parts):
            gap = _add_line(lines, raw, at + inside, gap if k == 0 else 0, previous)
            previous = lines[-1].text if lines and gap == 0 else previous
    return _dated_without_year(lines)


_MAY_RUN_TOGETHER = re.compile(r"\d\d[./]\d|\.(?i:jpe?g|png|gif|webp)[^\W\d_]")


def _add_line(lines: list[Line], raw: str, start: int, gap: int, previous: str | None) -> int:
    """Append the line `raw` (at `start` in the page) unless it is blank or repeats the one before;
    return the count of blank lines before the next line."""
    collapsed = " ".join(raw.split())
    if not collapsed:
        return gap + 1
    if previous is not None and normalize_text(collapsed) == normalize_text(previous):
        return 0  # a title printed twice in a row
    lead = len(raw) - len(raw.lstrip())
    kind, date = classify(collapsed, previous)
    if kind is Kind.DATE and lines and lines[-1].kind is Kind.LABEL and lines[-1].text == previous \
            and normalize_text(collapsed).startswith(normalize_text(previous)):
        # "CSTO Day", then "CSTO Day 17.06.2022": a short heading printed again with its date
        lines[-1] = replace(lines[-1], kind=Kind.TITLE)
    lines.append(Line(len(lines), start + lead, collapsed, gap, kind, date, _words(collapsed)))
    return 0
