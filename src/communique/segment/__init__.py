"""A page becomes items: teasers, announcements and full articles, each with its date.

    segment_page(page) -> [Item]

The lines are classified by `segment.lines` (layout cues only); this module groups them:

- a date line opens an item, unless it closes the title block just above it, or is the page's
  one date printed under an article's lead ("Title / lead / date / text");
- a title opens an item when no item is open or the open one is an untitled teaser;
  inside an article, a single unpunctuated line is a sub-heading or a sentence whose
  full stop the site dropped, so only a block of headings, a heading above a date, or a
  heading above a dateline ("VIENNA, 2 April 2004 - ...") opens the next item;
- untitled paragraphs are teasers, one item each, unless the page's spacing groups them
  (a page that separates items by two blank lines and paragraphs by one) or a paragraph
  plainly continues the one above (it opens with a pronoun, a connective such as "During the"
  or "In conclusion", an anaphoric "The meeting", or the surname of someone named above, or its
  first sentence names by their head nouns alone bodies named above: "the Commission");
- what follows the last paragraph (back links, press-contact blocks, menus) is dropped
  unless it holds a date, and labels, contacts and bare numbers are dropped everywhere;
- a short line printed after each teaser ("Read more") ends its item: the next heading or
  paragraph opens another;
- a date line that the page ran together with the lines around it ("Title17.06.2022On 17 June ...",
  "... cooperation.17.06.2022") is split out first (segment.lines), as is an image's file name
  run into a paragraph;
- a heading printed again with a date ("Title 17.06.2022" or "17.06.2022 Title" under "Title";
  the first print may be cut short, set as a sentence or worded a little differently) takes that
  date, over a date line above it; a heading's date printed twice (a date line, then a dateline)
  is one date;
- a listing that prints each teaser's date under its text (the page opens with text, closes with
  a date line, and every date line closes a paragraph) is read with each date moved to the head
  of the block it closes; in a list of dated headlines without text, a heading dated by the line
  under it or by its own stamp ("30.06.2021 Title") opens the next item;
- a date line printed without its year takes the year of the nearest full date line on the
  page (segment.lines); on a page that prints no year it dates nothing;
- a run of date lines with nothing between them is a list cut down to its dates: the heading
  under the run is kept but undated (which of them was its own, if any, cannot be told), unless
  the heading's own date follows it (printed again, or a date line between it and its text);
- a labelled fact with a date ("Date of ratification: 19.06.2003", "Upcoming: 12-14 June 2024")
  titles and dates nothing; short lines under a line ending with a colon are its list, text of
  the story; a staff list's "Title: Name" lines are text (segment.lines);
- a paragraph that plainly goes on the story (a connective, "The meeting ..." after a meeting, a
  "please click here" link) goes on it whatever the page's spacing; an article signed and dated
  at its foot (a page of that one article) takes the foot's date;
- on a page of untitled teasers, an undated heading that shares no word with the paragraph under
  it is the page's label ("Now at headquarters"), not that paragraph's title; a long lead ending
  with a colon ("The following statement was issued by X:") is a teaser of its own, and when the
  page prints that lead more than once, the paragraph under it is not its text but the next teaser.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from communique.dates import DateSpan, find_dates
from communique.model import Item, Page, PartialDate, Source, item_id, normalize_text
from communique.segment.lines import Kind, Line, rare, split_lines, unstamped

__all__ = ["segment_page", "segment_text"]

# Openers that make a paragraph lean on the one before it. A closed class of English
# function words (pronouns, connectives), not phrases from any site.
_CONTINUES = re.compile(
    r"^(?:He|She|They|It|Its|His|Her|Their|This|These|Those|Also|Besides|Moreover|Furthermore|"
    r"Meanwhile|However|Additionally|In addition|At the same time|Then|Afterwards|Thereafter|There|Both|"
    r"In conclusion|Finally|According to|During the|In the course of|At the end of|As a result|"
    r"In this (?:regard|context|connection)|On the same day)\b"
)
# The first words of a paragraph, up to its verb or first lower-case word: who it is about.
_OPENING_NAMES = re.compile(r"^(?:[A-Z][\w.\u2019'-]*\s+(?:and\s+)?){1,6}")
_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")
_WORD = re.compile(r"\w+")
# Capitalised words that open sentences or name dates, not people (a closed class of English words).
_NOT_NAMES = frozenset("""
on in at for from with by to the a an during according after before following since until as of
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
""".split())
_ANAPHORIC_THE = re.compile(r"^The (?!following\b)[a-z]")  # "The following ..." announces something new
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


@dataclass
class _Draft:
    opened_by: str  # "title" | "date" | "para"
    offset: int
    titles: list[Line] = field(default_factory=list)
    date: PartialDate | None = None
    body: list[Line] = field(default_factory=list)
    stacked: bool = False  # opened by the last of a run of date lines: its date is nobody's
    lone: bool = False  # a page cut down to one long heading line: that line is the item
    words: set[str] = field(default_factory=set)  # the words of the body, to tell a name named again

    def add(self, line: Line) -> None:
        self.body.append(line)
        self.words.update(_WORD.findall(line.text))

    def title(self) -> str | None:
        if not self.titles:
            return None
        headings = [line for line in self.titles if not _fact_row(line.text)] or self.titles
        return unstamped(max(headings, key=lambda line: len(line.text)).text)

    def keep(self) -> bool:
        """Enough to be a news item: a title with a date or text, or a real sentence."""
        if self.titles:
            return bool(self.body or self.date or self.stacked or self.lone)
        # a lead that announces what the page left out ("The following statement was issued by X:")
        return any(_SENTENCE_END.search(line.text.rstrip(" *|"))
                   or (line.text.endswith(":") and line.words >= MIN_CUT_SENTENCE_WORDS) for line in self.body)


def _repeated_short_lines(lines: list[Line]) -> set[str]:
    """Short lines printed several times on one page ("Read More") are navigation."""
    counts = Counter(line.text for line in lines if line.words <= 6 and line.kind is not Kind.DATE)
    return {text for text, n in counts.items() if n > 1}


# A trailing unpunctuated line this long is running text cut off by the page, not a link.
MIN_CUT_SENTENCE_WORDS = 12


def _opens_with_date(text: str) -> bool:
    """'On 29 November 2021, the Secretary General ...': a sentence set in a date, not a heading;
    '09.01.2022On January 9, ...': a date line run into the text under it."""
    spans = find_dates(text[:40])
    return bool(spans) and spans[0].start <= 5 and (
        text[spans[0].end:spans[0].end + 1] == "," or _run_in(text, spans[0]))


def _run_in(text: str, span: DateSpan) -> bool:
    """Is the date span a date line run into the text after it ('09.01.2022On January 9, ...')?"""
    return span.start == 0 and text[span.end:span.end + 1].isalpha()


def _run_in_date(text: str) -> PartialDate | None:
    """The date of a date line the page ran into the text after it, or None."""
    spans = find_dates(text[:40])
    return spans[0].date if spans and _run_in(text, spans[0]) else None


def _drop_footer(lines: list[Line]) -> list[Line]:
    """Cut what trails the last paragraph (links back, menus) unless it holds a date; a long
    unpunctuated line there is a paragraph the page cut off, and stays."""
    last_para = max(
        (i for i, line in enumerate(lines)
         if line.kind is Kind.PARA or (line.kind is Kind.TITLE and i > 0 and (
             line.words >= MIN_CUT_SENTENCE_WORDS or _opens_with_date(line.text)))),
        default=-1,
    )
    tail = lines[last_para + 1:]
    if any(line.kind is Kind.DATE or line.date is not None for line in tail):
        return lines  # dated lines (a date line, a heading stamped with a date) are items, not links
    if last_para < 0 and lines and lines[0].kind is Kind.TITLE and lines[0].words >= MIN_CUT_SENTENCE_WORDS:
        return lines[:1]  # a page cut down to its first line, which reads as a sentence
    last_word = tail[0].text.split()[-1] if len(tail) == 1 else ""
    if last_para >= 0 and tail and tail[0].kind is Kind.TITLE and tail[0].words >= 3 and last_word.istitle() \
            and rare(last_word):
        # a statement signed at its foot ("Secretary General of the X Imangali Tasmagambetov"):
        # the signature is the story's, its last word a name no English word
        return lines[: last_para + 1] + [replace(tail[0], kind=Kind.PARA)]
    return lines[: last_para + 1]


def _contact_blocks(lines: list[Line]) -> tuple[list[Line], dict[int, str]]:
    """Drop press-contact blocks; a heading directly above contact lines names the contact
    ("Press Secretary N. N."): it is kept aside, by position, for the item above it."""
    keep: list[Line] = []
    names: dict[int, str] = {}
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if line.kind in (Kind.TITLE, Kind.LABEL) and nxt is not None and nxt.kind in (Kind.CONTACT, Kind.NOISE):
            if any(x.kind is Kind.CONTACT for x in lines[i + 1: i + 4]):
                names[line.offset] = line.text
                continue
        keep.append(line)
    return keep, names


def _continues(previous: Line, line: Line, grouped_gap: int | None, before: set[str],
               leads: frozenset[str] = frozenset()) -> bool:
    """Does an untitled paragraph belong to the untitled teaser above it? `before`: the words of
    the teaser so far; `leads`: leads ending with a colon that the page prints more than once."""
    if grouped_gap is not None:
        # a paragraph that plainly goes on the story ("The meeting participants ...", "He also ...")
        # goes on it, whatever the spacing (not one that names again someone named above: a
        # listing's next teaser may be about the same person)
        return line.gap <= grouped_gap or (not previous.text.endswith(":") and (
            bool(_CONTINUES.match(line.text) or _LINK_PROMPT.search(line.text)) or _body_again(line.text, before)))
    if previous.text.endswith(":"):
        # a lead printed again and again is a listing's teaser cut after its colon (each press
        # statement's "The following statement was issued by X:"): what follows is not its text
        return previous.text not in leads
    if _plainly_continues(line.text, before):
        return True
    return bool(_ANAPHORIC_THE.match(line.text)) and line.date is None and not find_dates(line.text)


def _plainly_continues(text: str, before: set[str]) -> bool:
    return bool(_CONTINUES.match(text) or _LINK_PROMPT.search(text)) or _names_again(text, before) \
        or _body_again(text, before)


# "For the full text of the Statement, please click here.": the story's own link, not a story
_LINK_PROMPT = re.compile(r"(?i)\b(?:click|tap)\s+here\b|^(?:for|to\s+read|read)\s+the\s+full\s+text\b")


# A body or gathering named by its head noun alone ("the Commission", "the meeting") refers back
# to one named in full before it. A closed class of English head nouns.
_BARE_HEAD = re.compile(r"\b(?i:the)\s+(Commission|Council|Committee|Assembly|Secretariat|Board|Agency|Meeting|"
                        r"Session|Summit|Conference|meeting|session|summit|conference)\b(?!\s+(?:of|on|for|in)\b)")


def _body_again(text: str, before: set[str]) -> bool:
    """Does the paragraph's first sentence name, by its head noun alone, a body or a gathering the
    teaser above named ("The Chairperson of the Commission ... chaired the meeting" under "The
    meeting ... of the Commission on Economic Affairs")? A new teaser names its bodies in full."""
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    heads = {m.group(1).lower() for m in _BARE_HEAD.finditer(first)}
    return bool(heads) and heads <= {w.lower() for w in before}


def _names_again(text: str, before: set[str]) -> bool:
    """Does the paragraph open by naming, by one word of the name, someone the teaser above already
    named ("SG Minh also briefed ..." under "H.E. Le Luong Minh, Secretary-General ...")? A new
    teaser introduces its people in full; a paragraph that needs only a surname goes on the story."""
    opening = _OPENING_NAMES.match(text)
    if not opening or opening.group().split()[0].lower() in _NOT_NAMES:
        return False  # "On December 3, ...", "The CSTO ...": a date or a description, not a name
    words = [w for w in _NAME_WORD.findall(opening.group()) if w.lower() not in _NOT_NAMES]
    # the run's last word is the surname ("SG Minh", "Ambassador Kim Heng Meas"); titles before it
    # ("Secretary General ...") are shared by teasers about different people
    return bool(words) and words[-1] in before


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def _label_over_teasers(teasers: bool, cur: _Draft, line: Line) -> bool:
    """On a page of untitled teasers (`teasers`: a paragraph has opened an item already), is the
    undated heading over this paragraph a label of the page ("In progress at HQ"), not the
    paragraph's title? A headline shares a word with its lead; a label shares none."""
    if not teasers or cur.opened_by != "title" or cur.body or cur.date is not None or len(cur.titles) != 1:
        return False
    words = {w.lower() for w in _CONTENT_WORD.findall(cur.titles[0].text)}
    return not words & {w.lower() for w in _CONTENT_WORD.findall(line.text)}


def _opens_next(lines: list[Line], i: int) -> bool:
    """Inside an article, does the heading at i open a new item (see the module docstring)?"""
    nxt = next((x for x in lines[i + 1:]), None)
    if nxt is None:
        return False
    if nxt.kind in (Kind.TITLE, Kind.DATE):
        return True
    return nxt.kind is Kind.PARA and nxt.date is not None


def _dated_next(lines: list[Line], i: int) -> bool:
    """Is the heading at i dated by the date line right under it? Under a dated heading with no
    text yet, a heading dated by its own line or stamp is the next headline of a list of dated
    headlines, not the first one's text."""
    return i + 1 < len(lines) and lines[i + 1].kind is Kind.DATE


def _retitled(draft: _Draft, line: Line) -> bool:
    """Is the date line the draft's heading printed again with a date ("Title 17.06.2022")? A
    heading the page set as a sentence ("Title.") is the one line of the draft's text so far."""
    if draft.titles and not draft.body:
        shown = draft.titles[-1].text
    elif not draft.titles and len(draft.body) == 1 and draft.body[0].text.endswith("."):
        shown = draft.body[0].text
    else:
        return False
    heading = normalize_text(shown)
    return bool(heading) and (normalize_text(line.text).startswith(heading)  # "Title 17.06.2022 Moscow"
                              or _same_heading(shown, unstamped(line.text)))  # "17.06.2022 Title"


_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)$")


def _same_heading(shown: str, again: str) -> bool:
    """Is `again` (a stamped heading, its stamp taken off) the heading `shown` printed once more?
    The listing may have cut it ("Title of the ..."), or written a word differently."""
    a, b = normalize_text(_ELLIPSIS.sub("", shown)), normalize_text(again)
    if not a or not b:
        return False
    if a == b or (len(a) >= 20 and b.startswith(a)):
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa) >= 4 and len(wa & wb) / len(wa | wb) >= 0.8


def _fact_row(text: str) -> bool:
    """'Date of accession to the Treaty: 15.05.1992', 'Upcoming: 12-14 June 2024, Geneva': a
    labelled fact with a date, no heading."""
    label, _, value = text.partition(":")
    return bool(label.strip()) and bool(find_dates(value))


def _signed_at_the_foot(drafts: list[_Draft]) -> list[_Draft]:
    """An article signed and dated at its foot ("Press service of the Secretariat" over
    "02.06.2015", nothing after): the date is the article's, the signature no item of its own.
    Only on a page of that one article: a listing's last heading with its date is a teaser cut short."""
    if len(drafts) != 2:
        return drafts
    story, foot = drafts
    if foot.body or foot.date is None or len(foot.titles) != 1 or story.date is not None or not story.body:
        return drafts
    story.date = foot.date
    return [story]


def _listed(lines: list[Line]) -> list[Line]:
    """The lines run on under one ending with a colon ("Heads of State:" over "A - President of X
    (1991-2019)") are that list's items, text of the story, not headings of new ones."""
    out = list(lines)
    listing = False
    for k, line in enumerate(out):
        if listing and line.kind is Kind.TITLE and line.gap == 0 and line.date is None:
            out[k] = replace(line, kind=Kind.PARA)
            continue
        listing = line.kind is Kind.PARA and line.text.endswith(":") and line.words <= 8
    return out


def _group(lines: list[Line], breaks: frozenset[int] = frozenset()) -> list[_Draft]:
    """`breaks`: offsets of lines printed right after a dropped per-teaser line ("Read more")."""
    gaps = {line.gap for line in lines[1:] if line.kind is Kind.PARA}
    counts = Counter(line.text for line in lines if line.kind is Kind.PARA and line.text.endswith(":"))
    leads = frozenset(text for text, n in counts.items() if n > 1)
    grouped_gap = min(gaps) if len(gaps) > 1 else None
    lone_date = sum(1 for line in lines if line.kind is Kind.DATE or line.date is not None) == 1
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    teasers = False  # an untitled paragraph has opened an item

    def start(opened_by: str, line: Line) -> _Draft:
        draft = _Draft(opened_by, line.offset)
        drafts.append(draft)
        return draft

    for i, line in enumerate(lines):
        if line.kind is Kind.DATE:
            if cur is not None and _retitled(cur, line):
                cur.date, cur.stacked = line.date, False
                if cur.body:  # the heading set as a sentence is the title, not the text
                    cur.titles, cur.body, cur.words = cur.body, [], set()
            elif cur is not None and not cur.body and cur.titles and cur.date == line.date:
                pass  # the same date again under the heading ("21 Sep, 2020", then "Abuja, September 21, 2020")
            elif cur is not None and not cur.body and cur.date is None and not cur.stacked:
                cur.date = line.date
            elif cur is not None and cur.titles and cur.date is None and not cur.stacked and len(cur.body) == 1 \
                    and lone_date and i + 1 < len(lines) and lines[i + 1].kind is Kind.PARA:
                cur.date = line.date  # "Title / lead / date / text": an article's one date, under its lead
            elif cur is not None and not cur.body and cur.titles and cur.stacked \
                    and i + 1 < len(lines) and lines[i + 1].kind is Kind.PARA:
                cur.date, cur.stacked = line.date, False  # under a run of dates, a heading dated below, text under it
            else:
                bare = cur is not None and cur.opened_by == "date" and not cur.titles and not cur.body
                cur = start("date", line)
                cur.date = line.date
                if bare:
                    cur.date, cur.stacked = None, True
        elif line.kind is Kind.TITLE:
            if line.date is not None and cur is not None and not cur.titles and len(cur.body) == 1 \
                    and _same_heading(cur.body[0].text.rstrip("."), unstamped(line.text).rstrip(".")):
                cur.titles, cur.body, cur.words = cur.body, [], set()  # a heading set as a sentence ("Title.")
            shown = next((k for k, t in enumerate(cur.titles) if _same_heading(t.text, unstamped(line.text))), None) \
                if line.date is not None and cur is not None and cur.date is None \
                and all(b.kind is Kind.TITLE for b in cur.body) else None  # no text yet: at most a lead
            if shown is not None:
                cur.date, cur.stacked = line.date, False  # the heading printed again with its date stamped on it
                for lead in cur.titles[shown + 1:]:  # a lead printed between the two prints is text
                    cur.add(lead)
                del cur.titles[shown + 1:]
            elif cur is None or (cur.body and (cur.opened_by == "para" or line.offset in breaks
                                               or line.date is not None or _opens_next(lines, i))) \
                    or (cur.titles and cur.date is not None and not cur.body
                        and (line.date is not None or _dated_next(lines, i))):
                cur = start("title", line)  # a heading stamped with a date opens an item, as a date line does
                cur.titles.append(line)
                cur.date = line.date
            elif not cur.body and not (cur.titles and (cur.date or cur.stacked)):
                cur.titles.append(line)  # one more line of the heading block
                cur.date = cur.date or line.date
            else:
                cur.add(line)  # a sub-heading, or a sentence that lost its full stop
        else:  # PARA
            if cur is not None and _label_over_teasers(teasers, cur, line):
                cur.titles, cur.opened_by = [], "para"  # a page's label among untitled teasers
            if cur is None or (cur.body and line.offset in breaks):
                cur = start("para", line)
            elif cur.body and line.date is not None and line.date != cur.date:
                cur = start("date", line)  # a dateline opens the next press release
            elif cur.opened_by == "para" and cur.body and not _continues(cur.body[-1], line, grouped_gap, cur.words, leads):
                cur = start("para", line)
            if cur.date is None and line.date is not None:
                cur.date = line.date
            teasers = teasers or cur.opened_by == "para"
            cur.add(line)
    return drafts


def _dated_below(drafts: list[_Draft]) -> list[_Draft]:
    """A page of one undated article whose only date line closes it ("... text.\n12.05.2012"):
    a site that prints the date under the article, so that date is the article's."""
    kept = [d for d in drafts if d.keep()]
    if len(kept) == 1 and len(drafts) >= 2 and drafts[-2] is kept[0] and kept[0].date is None:
        last = drafts[-1]
        if last.opened_by == "date" and not last.titles and not last.body and not last.stacked:
            kept[0].date = last.date
    return drafts


def _dates_below(lines: list[Line]) -> list[Line]:
    """A listing that prints each teaser's date under its text: the page opens with text, closes
    with a date line, and every date line closes a paragraph. Each date line is moved to the head
    of the block it closes (at that block's offset), so that it is read as every other layout's
    date line is. A page whose dates close headings ("Title / date / text") is not such a page."""
    dates = [i for i, line in enumerate(lines) if line.kind is Kind.DATE]
    if len(dates) < 2 or dates[0] == 0 or dates[-1] != len(lines) - 1:
        return lines
    if any(lines[i - 1].kind is not Kind.PARA for i in dates):
        return lines
    out: list[Line] = []
    block: list[Line] = []
    for line in lines:
        if line.kind is Kind.DATE:
            out += [replace(line, offset=block[0].offset, gap=block[0].gap), *block]
            block = []
        else:
            block.append(line)
    return out


def _cut_article(drafts: list[_Draft]) -> list[_Draft]:
    """A page that gives no item but one block of unpunctuated lines is an article whose text was
    cut short (a site's truncated body, lines lost): its first line is the headline, the lines under
    it the start of its text ("On 29 May, the Secretary General St"). Teaser lists cut down to
    their date lines or to bare headings still give nothing."""
    if len(drafts) == 1 and len(drafts[0].titles) >= 2 and not drafts[0].body and not drafts[0].keep():
        block = drafts[0]
        block.body, block.titles = block.titles[1:], block.titles[:1]
        block.date = block.date or _run_in_date(block.body[0].text)
    elif len(drafts) == 1 and len(drafts[0].titles) == 1 and not drafts[0].body and not drafts[0].keep():
        # a page cut down to one long line ("The Secretary General raises concerns about ... on Septem")
        drafts[0].lone = drafts[0].titles[0].words >= MIN_CUT_SENTENCE_WORDS
    return drafts


def segment_text(text: str, uri: str = "") -> list[Item]:
    """The items of one page's text (see the module docstring for the rules)."""
    lines = split_lines(text)
    nav = _repeated_short_lines(lines)
    breaks = frozenset(b.offset for a, b in zip(lines, lines[1:], strict=False)
                       if a.text in nav and b.text not in nav)
    lines = [line for line in lines if line.text not in nav]
    lines, contacts = _contact_blocks(lines)
    lines = [line for line in _listed(lines) if line.kind not in (Kind.NOISE, Kind.CONTACT, Kind.LABEL)]
    lines = _drop_footer(lines)
    lines = [line for line in lines if line.kind is not Kind.SEP]
    items = []
    drafts = _signed_at_the_foot(_dated_below(_cut_article(_group(_dates_below(lines), breaks))))
    for k, draft in enumerate(drafts):
        if not draft.keep():
            continue
        until = drafts[k + 1].offset if k + 1 < len(drafts) else len(text) + 1
        contact = next((name for off, name in sorted(contacts.items()) if draft.offset < off < until), None)
        title = draft.title()
        body = "\n".join(line.text for line in draft.body)
        items.append(
            Item(
                id=item_id(title, body),
                title=title,
                text=body,
                published=draft.date,
                sources=(Source(uri, draft.offset),),
                kind="article" if len(draft.body) > 1 else "teaser",
                contact=contact,
            )
        )
    return items


def segment_page(page: Page) -> list[Item]:
    return segment_text(page.text, page.uri)
