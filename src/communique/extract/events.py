"""Events: what an item says happened, or will happen, once per happening.

    find_events(analysis, profile) -> [EventDraft]

The sentences are read in order, the title first. A trigger from `eventtypes.toml` (a noun
such as "meeting", "exercise", "parade", or a phrase such as "met with", "briefed the media")
types a happening. Within a sentence each date expression goes to the nearest trigger, and a
trigger keeps the most precise of its dates. A trigger then either opens a new event or joins
one the item already has:

- a dated trigger joins the event of the same type and date, else opens one;
- an undated one joins the title's event of its type, the latest event of its type when it
  refers back ("the meeting", "The event was attended by ..."), and opens one when it is
  indefinite ("a joint meeting"), names a body the earlier event did not have, or is the
  first of its type; a bare noun opens an event only when its sentence says something
  happens (held, attended, took part ...) or the noun is particular ("the 42nd meeting");
- a weak trigger ("visit", "said:") yields to any other trigger in its sentence, and a
  trigger for a background happening ("signed", "entered into force") counts only with a
  date of its own ("was signed on May 15, 1992").

A date that no trigger claims goes to an event of the item still waiting for one (the title's,
or one named in the sentence before); else, in a past-tense clause, it is a background
happening of type "other" ("This happened in December 2003"), which a demonstrative in the next
sentence may type ("this peacekeeping operation"). An event with no date takes the date of the
last dated event when a pronoun carries the story on ("He will meet with ..."), else the item's
published date. It is "announced" when its date is after the item's date or its sentence speaks
of the future ("will be held", "is expected to", "upcoming"), unless its own verb is past
("..., the envoy told the Council today").

People and bodies in an event's sentences are its participants and organizations (each to the
nearest trigger; a speaker goes to the main event, a message's sender nowhere); a sentence
without a trigger adds its people to the current event when they attended, took part, spoke.
The place is the most specific place named "in"/"at" it ("in the Kremlin in Moscow" -> Moscow).
First-person sentences (speeches) name no event.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from communique.extract import documents as docmod
from communique.extract.analysis import ItemAnalysis
from communique.extract.dates import anniversary_spans, named_year
from communique.model import Mention, PartialDate

__all__ = ["EventDraft", "find_events"]


@dataclass(frozen=True)
class EventDraft:
    type: str  # meeting | conference | training | ceremony | visit | media | operation | other
    date: PartialDate | None
    date_end: PartialDate | None
    status: str  # reported | announced
    evidence: str  # the sentence that names it
    participants: tuple[Mention, ...]
    organizations: tuple[Mention, ...]
    place: Mention | None
    start: int  # the evidence sentence's span in analysis.text
    end: int



@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    text = resources.files("communique.extract").joinpath("eventtypes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _alt(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    cues = {name: re.compile(r"\b(?:" + _alt(lex[name]) + r")(?!\w)", re.I)
            for name in ("eventive", "future", "past", "speech", "participation", "happened")}
    cues["past"] = re.compile(r"\b(?:" + _alt(lex["past"]) + r")\b")  # lower case: "United" is no verb
    cues["future_local"] = re.compile(r"\b(?:" + _alt(lex["future_local"]) + r")\s+(?:\S+\s+){0,2}$", re.I)
    cues["future_title"] = re.compile(r"\b(?:" + _alt(lex["future_title"]) + r")\b", re.I)
    cues["particular"] = re.compile(r"\b(?:" + _alt(lex["particular"]) + r")\s+(?:\S+\s+){0,2}$", re.I)
    cues["homograph"] = re.compile(r"(?:" + _alt(lex["verb_homographs"]) + r")$", re.I)
    cues["not_participant"] = re.compile(r"(?:" + _alt(lex["not_participant_before"]) + r")$", re.I)
    cues["not_event_date"] = re.compile(r"\b(?:" + _alt(lex["date_not_event_before"]) + r")\s+(?:the\s+)?$", re.I)
    cues["site"] = re.compile(r"\b(?:" + _alt(lex["site_words"]) + r")\b")
    return cues


@lru_cache(maxsize=1)
def _trigger_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(type, strength, pattern): strength is strong | weak | dated | title | generic."""
    lex = _lexicon()
    out = []
    for type_, spec in lex["types"].items():
        strength_of = {"strong": "weak" if type_ in lex["weak_types"] else "strong", "verbs": "verb"}
        for key in ("strong", "verbs", "weak", "dated", "title"):
            for p in spec.get(key, []):
                body = p[1:] if p.startswith("^") else p
                out.append((type_, strength_of.get(key, key), re.compile(r"\b(?:" + body + r")(?!\w)", re.I)))
    out += [("other", "generic", re.compile(r"\b(?:" + p + r")\b", re.I)) for p in lex["generic"]]
    return tuple(out)



@lru_cache(maxsize=4096)
def names_an_event(phrase: str) -> bool:
    """Does a (capitalized) phrase hold an event's noun ('Round Table', 'Conference')?"""
    return _event_nouns().search(phrase) is not None


@lru_cache(maxsize=1)
def _event_nouns() -> re.Pattern[str]:
    """Every strong, weak or dated trigger in one alternation: a yes or no needs one scan."""
    return re.compile("|".join(f"(?:{pat.pattern})" for _type, strength, pat in _trigger_patterns()
                               if strength in ("strong", "weak", "dated")), re.I)


@dataclass
class _Trigger:
    start: int
    end: int
    type: str
    strength: str
    det: str = ""  # indef | def | ""
    particular: bool = False
    inside_name: bool = False
    date: Any = None  # the DateMention it keeps
    name: str | None = None  # a quoted name right after it: operation "Channel"


_INDEF = {"a", "an", "another"}
_DEF = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "today's", "yesterday's",
        "today\u2019s", "yesterday\u2019s"}
_QUOTES = ("\u201c", "\u201d", "\u00ab", "\u00bb", '"')


@lru_cache(maxsize=16)
def _text_matches(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every trigger match in an item's text, found once per item rather than once per
    sentence (the per-call overhead of ~150 patterns x every sentence dominated the profile)."""
    lowered: str | None = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets would shift
        lowered = None
    out = []
    for type_, strength, pat, folded in _scan_patterns():
        on_lowered = folded and lowered is not None
        scan = pat if on_lowered else _case_blind(pat)
        out += [(a, b, type_, strength) for a, b in _word_matches(scan, lowered if on_lowered else text, text)]
    return tuple(sorted(out, key=lambda m: m[0]))


@lru_cache(maxsize=1)
def _scan_patterns() -> tuple[tuple[str, str, re.Pattern[str], bool], ...]:
    """The non-title trigger patterns as _text_matches scans them: unanchored (see _unanchored)
    and, where nothing in one depends on case (no capital letter, no (?-i:...)), compiled without
    re.I for the lower-cased text, folded=True: sre has no fast scan for a case-insensitive
    pattern, and over the lower-cased text the same matches come about six times faster."""
    out = []
    for type_, strength, pat in _trigger_patterns():
        if strength == "title":
            continue
        unanchored = _unanchored(pat)
        if re.search(r"[A-Z]|\(\?-i", re.sub(r"\\[A-Za-z]", "", unanchored.pattern)):
            out.append((type_, strength, unanchored, False))
        else:
            out.append((type_, strength, re.compile(unanchored.pattern, unanchored.flags & ~re.I), True))
    return tuple(out)


def _case_blind(pat: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with re.I (back: a folded scan pattern, for a text that cannot be lower-cased)."""
    return pat if pat.flags & re.I else re.compile(pat.pattern, pat.flags | re.I)


@lru_cache(maxsize=512)
def _unanchored(pat: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its leading \\b: the regex engine can then skip ahead to the characters
    a match may start with (an assertion first disables that), several times faster."""
    return re.compile(pat.pattern[2:], pat.flags) if pat.pattern.startswith("\\b") else pat


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _word_matches(pat: re.Pattern[str], scan: str, text: str | None = None) -> Iterator[tuple[int, int]]:
    """What finditer of \\b + pat gives: each match kept where a word boundary precedes it; one
    that starts inside a word is retried one character later (a later match may overlap it).
    `scan` is searched (the text, or its lower case of the same length), `text` gives the boundaries."""
    text = scan if text is None else text
    pos, n = 0, len(scan)
    while pos <= n and (m := pat.search(scan, pos)):
        a, b = m.span()
        before = a > 0 and _is_word(text[a - 1])
        if a < n and _is_word(text[a]) != before or a == n and before:
            yield a, b
            pos = b if b > a else a + 1
        else:
            pos = a + 1


def _matches_in(text: str, sent: tuple[int, int]) -> list[tuple[int, int, str, str]]:
    """The item's trigger matches inside one sentence (they are sorted by start: bisect, not a scan)."""
    matches = _text_matches(text)
    lo = bisect_left(matches, sent[0], key=lambda m: m[0])
    hi = bisect_right(matches, sent[1], lo=lo, key=lambda m: m[0])
    return [m for m in matches[lo:hi] if m[1] <= sent[1]]


def _raw_triggers(text: str, sent: tuple[int, int], is_title: bool) -> list[_Trigger]:
    found = []
    if is_title:
        for type_, strength, pat in _trigger_patterns():
            if strength == "title" and (m := pat.match(text, sent[0], sent[1])):
                found.append(_Trigger(m.start(), m.end(), type_, "strong"))
    found += [_Trigger(a, b, type_, strength) for a, b, type_, strength in _matches_in(text, sent)]
    found.sort(key=lambda t: (t.start, t.start - t.end))
    kept: list[_Trigger] = []
    for t in found:
        if kept and t.start < kept[-1].end:
            continue
        if kept and re.fullmatch(r"[\s-]?", text[kept[-1].end:t.start]):  # "training session", "press conference"
            prev = kept[-1]
            prev.end = t.end
            if prev.strength in ("weak", "generic", "dated") and t.strength in ("strong", "verb"):
                prev.type, prev.strength = t.type, t.strength
            elif t.strength in ("verb", "weak") and t.type == "meeting" and text[prev.start:prev.start + 1].isupper() \
                    and prev.start > sent[0] and re.search(r"[A-Z][\w-]*\s+$", text[sent[0]:prev.start]):
                prev.type = t.type  # "the Pacific Islands Forum met": a body named "Forum" met, no forum
            continue
        kept.append(t)
    return [t for k, t in enumerate(kept) if not (
        t.strength == "dated" and k + 1 < len(kept) and kept[k + 1].strength in ("strong", "verb")
        and _OBJECT_BETWEEN.fullmatch(text, t.end, kept[k + 1].start))]


# Between a dated verb and the happening it is said of: "concluded (yesterday) its 158th ordinary
# session" is that session, not a happening of its own.
_OBJECT_BETWEEN = re.compile(r"(?:\s+(?:yesterday|today|on\s+[\w,]+(?:\s+[\w,]+){0,2}))?"
                             r"\s+(?:its|the|their|his|her|a|an)\s+(?:[\w-]+\s+){0,4}", re.I)


def _describe(a: ItemAnalysis, t: _Trigger, sent: tuple[int, int], orgs: list[Mention]) -> _Trigger:
    text, cues = a.text, _cues()
    before = text[sent[0]:t.start]
    words = re.findall(r"[\w\u2019']+", before)[-4:]
    for w in reversed(words):
        if w.lower() in _INDEF:
            t.det = "indef"
            break
        if w.lower() in _DEF or w.endswith(("'s", "\u2019s")):
            t.det = "def"
            break
    t.inside_name = docmod.quoted(text, t.start) or any(o.start <= t.start < o.end for o in orgs)
    capital = text[t.start].isupper() and t.start > sent[0] and not text[t.start:t.end].isupper()
    named = re.match(r"\s{0,2}[\"\u201c\u00ab]([^\"\u201d\u00bb]{2,60})[\"\u201d\u00bb]", text[t.end:t.end + 70])
    t.name = named.group(1) if named else None
    t.particular = bool(cues["particular"].search(before[-40:])) or capital or named is not None
    return t


# An -ing trigger with its object right after it (a determiner, then a word in lower case) is a verb.
_GERUND = re.compile(r"(?i:meeting|training|debating|exercising)\s+(?:the|its|their|these|those|all|our|his|her|such)"
                     r"\s+(?-i:[a-z])")


def _triggers(a: ItemAnalysis, sent: tuple[int, int], is_title: bool, blocked: list[tuple[int, int]]) -> list[_Trigger]:
    text, cues = a.text, _cues()
    orgs = a.mentions_in(sent[0], sent[1], "organization")
    out = []
    for t in _raw_triggers(text, sent, is_title):
        if (any(s <= t.start < e for s, e in blocked) and not (is_title and t.start == sent[0])
                and not (t.type == "media" and t.strength == "weak")):
            # part of a document's name (a title may both head a statement and be one); issuing
            # a statement ("the following press statement was issued by X") is a happening too
            continue
        if text[max(0, t.start - 3):t.start].lower() == "to " and cues["homograph"].match(text[t.start:t.end]):
            continue  # "to exercise restraint"
        if _GERUND.match(text, t.start, sent[1]):
            continue  # "meeting the challenges of ...", "meeting their obligations": a verb
        if _RECEIVED.fullmatch(text, t.start, t.end) and not a.mentions_in(t.end, min(sent[1], t.end + 60), "person") \
                and not a.mentions_in(t.end, min(sent[1], t.end + 30), "office") \
                and not _DELEGATION.match(text, t.end, sent[1]):
            continue  # one receives a visitor (a meeting), not "received an award" or "received the Order"
        out.append(_describe(a, t, sent, orgs))
    # "The next Foreign Affairs Council will take place in ...": the body's sitting (not "a meeting
    # of the Council took place": that is the meeting's)
    for m in orgs:
        if _BODY_SITS.match(text, m.end, sent[1]) and _head(m.text) in _DELIBERATIVE \
                and not _OF_BEFORE.search(text, max(sent[0], m.start - 8), m.start) \
                and not any(t.start < m.end and m.start < t.end for t in out):
            out.append(_describe(a, _Trigger(m.start, m.end, "meeting", "strong"), sent, orgs))
    out.sort(key=lambda t: t.start)
    out = [t for t in out if not t.inside_name or cues["eventive"].search(text, max(sent[0], t.start - 60), t.start)
           or (is_title and t.strength != "generic") or all(u.inside_name or u.strength == "generic" for u in out)]
    if any(t.strength in ("strong", "verb") for t in out):
        out = [t for t in out if t.strength != "weak" or _dated_right_after(a, t, sent) or _came_for(text, t, out)]
    if any(not _HELD.fullmatch(text, t.start, t.end) for t in out):
        # "the elections ... to be held on 2 April": "held" says when the named happening is, it
        # is no meeting of its own
        out = [t for t in out if not _HELD.fullmatch(text, t.start, t.end)]
    return out


# A trigger that is itself a verb in the past ("told the Council", "the Council heard", "met with",
# "announced at a press conference today"): whatever else the sentence says will happen, this did.
_PAST_TRIGGER = re.compile(r"(?i)(?:told|briefed|informed|warned|urged|met|visited|heard|received|announced|"
                           r"(?:Council|Assembly|Parliament|Committee)\s+heard)\b")
_PAST_AT = re.compile(r"(?i)\b(?:[a-z]+ed|told|met|spoke|gave|took)\s+(?:at|in|during)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$")
_DEMONSTRATIVE = re.compile(r"(?i)\b(?:this|that|these|those)\s+(?:[\w-]+\s+){0,2}$")
_RECEIVED = re.compile(r"(?i:received|receives)")
_DELEGATION = re.compile(r"\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}delegations?\b", re.I)
_HELD = re.compile(r"(?i:was|were|will be|is being|are being|to be)\s+held")
_BODY_SITS = re.compile(r"\s+(?:will\s+(?:take\s+place|be\s+held|convene)|took\s+place|was\s+held|"
                        r"is\s+(?:to\s+be\s+held|scheduled)|takes\s+place)\b", re.I)


# A journey made for a happening ("arrived in X today to participate in the Summit"): the arrival
# is a visit of its own, beside the happening it was made for.
_JOURNEY = re.compile(r"(?i:arriv\w*|travel\w*|came|comes)\b")
_PURPOSE = re.compile(r"(?i)\bto\s+(?:participate|take\s+part|attend|join)\b")


def _came_for(text: str, t: _Trigger, out: list[_Trigger]) -> bool:
    if t.type != "visit" or not _JOURNEY.match(text, t.start, t.end):
        return False
    later = [u.start for u in out if u.strength in ("strong", "verb") and u.start > t.end]
    return bool(later) and _PURPOSE.search(text, t.end, min(later)) is not None


_OWN_DATE_GAP = re.compile(r"\s*(?:(?:held|scheduled|set|planned)\s+)?(?:of|on|in|for)\s+")


def _dated_right_after(a: ItemAnalysis, t: _Trigger, sent: tuple[int, int]) -> bool:
    """Does a weak trigger carry its own date ("the elections of 10 March 2019", "the visit on 5
    May")? Then it is a happening of its own, not a word that yields to the sentence's event."""
    for d in docmod.date_mentions(a.text, docmod.item_anchor(a)):
        if t.end <= d.start <= t.end + 24 and d.start < sent[1] and _OWN_DATE_GAP.fullmatch(a.text, t.end, d.start):
            return True
    return False



@dataclass(frozen=True)
class _Date:
    mention: Any
    quoted: bool
    own_doc_date: bool = False


def _sentence_dates(a: ItemAnalysis, sent: tuple[int, int], trigs: list[_Trigger],
                    docs: list[tuple[int, int, int | None]]) -> list[_Date]:
    text, cues = a.text, _cues()
    out = []
    origins = anniversary_spans(text, sent[0], sent[1])
    for d in docmod.date_mentions(a.text, docmod.item_anchor(a)):
        if not sent[0] <= d.start < sent[1]:
            continue
        if any(s <= d.start < e for s, e in origins):
            continue  # "the 60th anniversary of the founding in 1965": the date of what is remembered
        doc = next(((s, e, own) for s, e, own in docs if s <= d.start <= e + 24), None)
        if doc is not None and doc[2] == d.start:
            out.append(_Date(d, False, True))
            continue
        if doc is not None and d.start <= doc[1]:
            continue  # a date inside a document's name ("Plan ... for 2022-2024")
        before = text[max(sent[0], d.start - 30):d.start]
        if cues["not_event_date"].search(before):
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        if re.match(r"\s*[-\u2013\u2014]\s", text[d.end:d.end + 4]) and d.start - line_start < 40:
            continue  # a dateline: "VIENNA, 2 April 2004 - ..."
        if d.start == line_start and _STAMP.fullmatch(text, d.start, d.end) and _STAMP_AFTER.match(text, d.end):
            continue  # a listing's stamp on its teaser ("17.09.2014 On September 16, ..."): the item's date
        if re.search(r"\w\s+of\s+$", before) and not any(0 <= d.start - t.end <= 6 for t in trigs):
            continue  # "the War of 1941-1945": the date of something else
        out.append(_Date(d, docmod.quoted(text, d.start)))
    return out


_STAMP = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_STAMP_AFTER = re.compile(r"[ \t]+(?=[A-Z\u0410-\u042f])")


_NEXT_CLAUSE = re.compile(r",?\s+and\s+(?:also\s+)?")


def _gap(t: _Trigger, d: _Date) -> int:
    return max(t.start - d.mention.end, d.mention.start - t.end, 0)


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    return a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())


_REACH = 80  # a date further than this from every trigger belongs to none, unless it opens the sentence


def _told_of(text: str, t: _Trigger, d: _Date, specific: Any, dates: list[_Date],
             trigs: list[_Trigger] | None = None) -> bool:
    """A happening and a date after it joined by a verb of happening however long the name
    between ("The active phase of the exercise with the ... Forces started in X on 1 September",
    "... and the ordinary session of the Board of ... scheduled for 18 April"): the sentence's
    one happening and one date, or a happening with no other trigger or date before the date."""
    if t.end > d.mention.start:
        return False
    if not (len(specific) == 1 and len(dates) == 1):
        between = [trigs[k] for k in specific if trigs[k] is not t] if trigs else []
        if trigs is None or any(t.end <= u.start < d.mention.start for u in between) \
                or any(t.end <= x.mention.start < d.mention.start for x in dates if x is not d):
            return False
    return _cues()["happened"].search(text, t.end, d.mention.start) is not None


def _assign_dates(text: str, sent: tuple[int, int], trigs: list[_Trigger], dates: list[_Date]) -> list[_Date]:
    """Each date to its nearest trigger (first to one a verb of happening ties it to); a trigger
    keeps its best date. Returns the dates left over."""
    claims: dict[int, list[_Date]] = {}
    orphans = []
    for d in dates:
        leading = re.fullmatch(r"\W*(?:\w+\W+){0,2}", text[sent[0]:d.mention.start]) is not None
        leading = leading or (len(dates) == 1 and all(t.start > d.mention.start for t in trigs))
        specific = [k for k in range(len(trigs)) if trigs[k].strength != "generic"] or range(len(trigs))
        told = {k for k in specific if _told_of(text, trigs[k], d, specific, dates, trigs)}
        near = [k for k in specific if leading or _gap(trigs[k], d) <= _REACH or k in told]
        if not near:
            orphans.append(d)
            continue
        # a happening joined to the date by a verb of happening ("the meeting ... to be held on X")
        # has it before a nearer trigger that follows the date
        # and a happening named ("at its session in Yerevan on X, adopted") before a verb that only dates
        # (not a document's own date: "resolution 2254 (2015)")
        nouns = any(trigs[k].strength != "dated" for k in near)
        # and not to a verb after it that opens another clause ("... adopted in Moscow on X and approved")
        i = min(near, key=lambda k: (k not in told, nouns and trigs[k].strength == "dated" and _gap(trigs[k], d) > 0,
                                     _NEXT_CLAUSE.fullmatch(text, d.mention.end, trigs[k].start) is not None,
                                     _gap(trigs[k], d),
                                     trigs[k].start > d.mention.start))
        claims.setdefault(i, []).append(d)
    for i, ds in claims.items():
        best = max(ds, key=lambda d: (not d.quoted, docmod.rank(d.mention.date), -_gap(trigs[i], d)))
        trigs[i].date = best.mention
        orphans += [d for d in ds if d is not best and not d.quoted and not _compatible(d.mention.date, best.mention.date)]
    return orphans


# --- events being built --------------------------------------------------------------------------


@dataclass
class _Event:
    type: str
    date: PartialDate | None
    date_end: PartialDate | None
    explicit: bool  # the date was printed for it (not the item's date)
    status: str
    sentence: tuple[int, int]
    created: int  # index of the sentence that opened it
    title: bool
    background: bool = False
    confirmed: bool = False  # a body sentence has spoken of the title's event
    persons: list[Mention] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    place: Mention | None = None
    place_in_title: bool = False
    name: str | None = None
    nouns: set[str] = field(default_factory=set)  # the trigger words told of it ("summit", "session")
    beside: bool = False  # dated by the happening its sentence placed it beside ("On the margins of ...")


@dataclass
class _Item:
    a: ItemAnalysis
    profile: Any
    anchor: PartialDate | None
    events: list[_Event] = field(default_factory=list)
    current: _Event | None = None
    current_at: int = -1  # the sentence that last told of the current event
    no_past: dict[tuple[int, int], bool] = field(default_factory=dict)  # clause -> tells no past happening

    def main(self) -> _Event | None:
        return next((e for e in self.events if not e.background), None)


def _after(a: PartialDate, b: PartialDate | None) -> bool:
    """Is `a` later than `b`, compared at the coarser precision of the two?"""
    if b is None:
        return False
    n = min(len(a.iso()), len(b.iso()))
    return a.iso()[:n] > b.iso()[:n]


def _status(item: _Item, t: _Trigger | None, sent: tuple[int, int], is_title: bool, date: Any) -> str:
    text, cues = item.a.text, _cues()
    if date is not None:
        if _after(date.date, item.a.item.published):  # a date found in the text is no publication date
            return "announced"
        if item.anchor is not None and _after(item.anchor, date.date):
            return "reported"
    clause = text[sent[0]:sent[1]]
    if t is not None and (_PAST_TRIGGER.match(text, t.start, t.end)
                          or _PAST_AT.search(text, max(sent[0], t.start - 50), t.start)):
        # "..., the envoy told the Council today", "..., its President announced at a press
        # conference today": the happening's own verb is past, whatever the sentence says will be
        return "reported"
    if cues["future"].search(clause) or (is_title and cues["future_title"].search(clause)):
        return "announced"
    if t is not None and cues["future_local"].search(text[max(sent[0], t.start - 30):t.start]):
        return "announced"
    return "reported"


def _new_event(item: _Item, type_: str, t: _Trigger | None, date: Any, sent: tuple[int, int], idx: int,
               is_title: bool, background: bool = False) -> _Event:
    beside = None if date else _alongside(item, sent)
    fallback = None if date else (beside or item.a.item.published or named_year(item.a.text, *sent)
                                  or (item.anchor if not item.events else None))
    ev = _Event(type_, date.date if date else fallback, date.date_end if date else None, date is not None,
                _status(item, t, sent, is_title, date), sent, idx, is_title, background,
                name=t.name if t else None, beside=beside is not None)
    item.events.append(ev)
    return ev


# A sentence that opens by placing itself beside the happening just told ("On the margins of the
# Council, ...", "After the meeting, ..."): what it tells happened that day too.
_BESIDE = re.compile(r"\W*(?:on|at)\s+the\s+(?:margins|sidelines|eve|end|close|conclusion)\s+of\b|"
                     r"\W*(?:after|following|during|in\s+the\s+course\s+of)\s+(?:the|this|that|its)\b", re.I)


def _alongside(item: _Item, sent: tuple[int, int]) -> PartialDate | None:
    cur = item.current
    if cur is None or not (cur.explicit or cur.beside) or cur.status != "reported" or not _BESIDE.match(item.a.text, sent[0]):
        return None
    return cur.date_end if re.match(r"\W*(?:on|at)\s+the\s+(?:end|close|conclusion)\b", item.a.text[sent[0]:sent[0] + 30],
                                    re.I) and cur.date_end else cur.date


def _set_date(item: _Item, ev: _Event, date: Any, sent: tuple[int, int], t: _Trigger | None) -> None:
    ev.date, ev.date_end, ev.explicit = date.date, date.date_end, True
    ev.status = _status(item, t, sent, False, date) if ev.status == "reported" else ev.status
    if ev.status == "announced" and item.anchor is not None and _after(item.anchor, date.date):
        ev.status = "reported"


def _names_new_body(item: _Item, t: _Trigger, ev: _Event, sent: tuple[int, int]) -> bool:
    """Does the trigger's own phrase name a body the earlier event did not have ("The CSC session")?"""
    text = item.a.text
    det = None
    for m in re.finditer(r"\b(?:the|a|an|this|its|their)\s", text[max(sent[0], t.start - 60):t.start], re.I):
        det = m
    start = t.start - (len(text[max(sent[0], t.start - 60):t.start]) - det.start()) if det else t.start
    end = t.end
    if re.match(r"\s+of\s", text[t.end:t.end + 5]):
        stop = re.search(r"[,;.(]|\s(?:was|were|is|are|will|has|have|held|took|on|in|at)\s", text[t.end + 4:sent[1]])
        end = t.end + 4 + (stop.start() if stop else min(80, sent[1] - t.end - 4))
    known = [set(re.findall(r"\w+", o.text.lower())) for o in ev.orgs]
    near = item.a.mentions_in(start, end, "organization")
    return any(not any(set(re.findall(r"\w+", o.text.lower())) <= k for k in known) for o in near)


def _place_trigger(item: _Item, t: _Trigger, sent: tuple[int, int], idx: int, is_title: bool,
                   eventive: bool, touched: list[_Event]) -> _Event | None:
    date = t.date
    if t.strength == "generic":
        if date is None:
            return item.current
        same_day = next((e for e in item.events if e.date == date.date), None)
        return same_day or _new_event(item, "other", t, date, sent, idx, is_title, background=True)
    if date is not None and t.strength == "dated" and _sitting(item.a, t, sent):
        t.type, t.strength = "meeting", "strong"  # "The Assembly today adopted ...": the Assembly sat today
    same = [e for e in item.events if e.type == t.type]
    if date is not None:
        for e in reversed(same):
            coarser = e.explicit and e.date is not None and _compatible(e.date, date.date) \
                and docmod.rank(date.date) < docmod.rank(e.date)  # "the Astana session of 2016" after its day
            if e.date == date.date or coarser or (not e.explicit and not _other_one(item, t, sent)
                                                  and ((e.title and idx <= 3) or e.created == idx)):
                if not e.explicit:
                    _set_date(item, e, date, sent, t)
                e.confirmed = e.confirmed or not is_title
                return e
        if t.strength == "dated" and (any(e.date == date.date for e in item.events)
                                      or _cues()["future"].search(item.a.text, *_clause_around(item.a.text, sent, t.start))):
            return None
        return _new_event(item, t.type, t, date, sent, idx, is_title, background=t.strength == "dated")
    if t.strength == "dated":
        return None
    twin = next((e for e in same if e.title and not e.confirmed), None)
    if twin is not None and not is_title:
        twin.confirmed = True
        return twin
    noun = t.strength in ("strong", "generic")
    before = item.events[-1] if item.events else None
    if not same and noun and before is not None and before.background and before.type == "other" \
            and before.created == idx - 1 and _DEMONSTRATIVE.search(item.a.text, max(sent[0], t.start - 40), t.start):
        # "... in stabilizing the situation in January 2022. On the basis of this peacekeeping
        # operation, ...": the demonstrative names what the sentence before told
        before.type, before.background = t.type, False
        return before
    here = [e for e in same if e in touched]
    if here and not _another(item, t, here[-1], sent):
        return here[-1]  # "The meeting was held in a plenary session"
    if same and (t.det != "indef" or not noun):
        # "Following the summit, ...": the one told of as a summit, not the last meeting told
        told = [e for e in same if _noun(item.a.text, t) in e.nouns] if t.det == "def" else []
        if told and not _another(item, t, told[-1], sent):
            return told[-1]
        if not _another(item, t, same[-1], sent):
            return same[-1]
    if t.strength == "strong" and not (eventive or t.particular or is_title):
        return None
    cur = item.current
    if not same and t.det == "def" and t.type == "meeting" and not is_title and cur is not None \
            and cur.type in ("conference", "training") and cur.explicit and item.current_at == idx - 1 \
            and not _another(item, t, cur, sent):
        # "... took part in the conference in Minsk. Speaking at the plenary session, he ...": the
        # session is the conference's, told on; no meeting of its own
        return cur
    return _new_event(item, t.type, t, None, sent, idx, is_title)


def _noun(text: str, t: _Trigger) -> str:
    """The trigger's last word, lower-cased and singular: "summit", "session", "press conference"."""
    words = re.findall(r"\w+", text[t.start:t.end].lower())
    return _singular(words[-1]) if words else ""


def _singular(word: str) -> str:
    return re.sub(r"(?<=[^s])s$", "", word)


_DECIDING = re.compile(r"(?i)adopted|approved|endorsed|decided|elected")
# Bodies that sit to decide (a closed class of English head nouns).
_DELIBERATIVE = frozenset({"assembly", "council", "committee", "commission", "parliament", "summit", "conference",
                           "board", "senate", "congress", "bureau", "presidium", "meeting", "session"})
_SUBJECT_GAP = re.compile(r"[\s,]*(?:(?:today|yesterday|formally|unanimously|also|on\s+\w+(?:\s+\w+){0,2}|"
                          r"by\s+consensus)[\s,]*)*")


def _year_of_a_day_told(d: _Date, dates: list[_Date]) -> bool:
    """Is a document's own date only a year, and the sentence tells a day of that year?"""
    return d.mention.date.precision == "year" and any(
        o is not d and o.mention.date.year == d.mention.date.year and o.mention.date.precision != "year" for o in dates)


def _sitting(a: ItemAnalysis, t: _Trigger, sent: tuple[int, int]) -> bool:
    """Is a dated 'adopted' said of a body that sits to decide, as its subject ("The Seventy-eighth
    World Health Assembly today formally adopted ...")? Then the body met that day."""
    if not _DECIDING.fullmatch(a.text, t.start, t.end):
        return False
    subject = [m for m in a.mentions_in(sent[0], t.start, "organization")
               if _SUBJECT_GAP.fullmatch(a.text, m.end, t.start)]
    return bool(subject) and _head(subject[-1].text) in _DELIBERATIVE


def _head(name: str) -> str:
    """A body's head word: its last, or the last before "of" ("Assembly of the Union")."""
    words = re.split(r"\s+of\s+", name)[0].split()
    return words[-1].lower() if words else ""


def _another(item: _Item, t: _Trigger, ev: _Event, sent: tuple[int, int]) -> bool:
    """Does the trigger name another happening than `ev`: another name, or a body `ev` did not have?"""
    if t.name and ev.name and t.name != ev.name:
        return True
    return t.strength in ("strong", "generic") and _names_new_body(item, t, ev, sent)


def _other_one(item: _Item, t: _Trigger, sent: tuple[int, int]) -> bool:
    """'the next meeting', 'its last session': another happening than the one being told."""
    before = item.a.text[max(sent[0], t.start - 30):t.start]
    return bool(re.search(r"(?i)\b(?:next|last|previous|past|former|upcoming|forthcoming|future)\s+(?:\S+\s+){0,2}$", before))


def _absorb(item: _Item, d: _Date, sent: tuple[int, int], idx: int) -> _Event | None:
    """An undated event takes the first date that follows: the title's from the first sentences,
    another's from a sentence right after it that opens with the date ("On Wednesday, ...")."""
    leading = re.fullmatch(r"\W*(?:\w+\W+){0,2}", item.a.text[sent[0]:d.mention.start]) is not None
    for e in reversed(item.events):
        if e.explicit or e.background or e.created >= idx:
            continue
        if (e.title and idx <= 3) or (leading and idx - e.created == 1):
            _set_date(item, e, d.mention, sent, None)
            return e
    return None


_PERIOD_FROM = re.compile(r"(?i)\bfrom\s+$")
_PERIOD_TO = re.compile(r"\s+(?:to|until|till|through)\s")
_PERIOD_END = re.compile(r"(?i)\bfrom\s+[^,.;]{1,30}?\s+(?:to|until|till|through)\s+$")


def _in_period(text: str, d: _Date, sent: tuple[int, int]) -> bool:
    """Is the date one end of a period ("an audit of the accounts from May 2020 to 31 March 2022")?
    A period no trigger claims is what something covers, not a happening."""
    before = text[max(sent[0], d.mention.start - 80):d.mention.start]  # bounded: a sentence may hold 100k dates
    return bool(_PERIOD_FROM.search(before) and _PERIOD_TO.match(text, d.mention.end)) or bool(
        _PERIOD_END.search(before[-60:]))


def _clause_around(text: str, sent: tuple[int, int], pos: int) -> tuple[int, int]:
    """The relative clause a position is in ("..., which became a partner in April last year"),
    to the sentence's end, else the whole sentence: its tense is the clause's own."""
    opener = None
    for m in docmod.RELATIVE_CLAUSE.finditer(text, max(sent[0], pos - 300), pos):  # bounded: a page-long sentence of dates
        opener = m
    return (opener.start(), sent[1]) if opener else sent


def _orphan(item: _Item, d: _Date, sent: tuple[int, int], idx: int, touched: list[_Event]) -> _Event | None:
    if d.quoted or _in_period(item.a.text, d, sent):
        return None
    absorbed = _absorb(item, d, sent, idx)
    if absorbed is not None:
        return absorbed
    text, cues = item.a.text, _cues()
    bounds = _clause_around(text, sent, d.mention.start)
    silent = item.no_past.get(bounds)
    if silent is None:  # once per clause: a page-long sentence of dates asks it for every date
        clause = text[slice(*bounds)]
        silent = item.no_past[bounds] = bool(cues["future"].search(clause)) or not cues["past"].search(clause)
    if silent:
        return None
    for e in touched:  # "The first 2023 meeting ... was held on 16 May": the day refines the year
        if e.date is not None and _compatible(e.date, d.mention.date):
            if docmod.rank(d.mention.date) > docmod.rank(e.date):
                e.date, e.date_end = d.mention.date, d.mention.date_end
            return None
    plural = next((e for e in touched if e.explicit and not e.background and _told_in_plural(text, e, sent, d)), None)
    if plural is not None:  # "hosted the sessions ... on 20 December 2010 and in Astana on 14 October 2016"
        return _new_event(item, plural.type, None, d.mention, sent, idx, False)
    return _new_event(item, "other", None, d.mention, sent, idx, False, background=True)


def _told_in_plural(text: str, e: _Event, sent: tuple[int, int], d: _Date) -> bool:
    """Does the sentence name e's happenings in the plural, the date coming after an "and"?"""
    before = text[sent[0]:d.mention.start]
    return " and " in before[-60:] and any(
        re.search(rf"\b{re.escape(n)}(?:s|es)\b", before, re.I) for n in e.nouns if len(n) > 3)


# --- people, bodies and places ---------------------------------------------------------------------


def _nearest(pos: int, touched: list[tuple[_Event, int]]) -> _Event:
    return min(touched, key=lambda ep: abs(ep[1] - pos))[0]


def _speaker(text: str, p: Mention, sent_end: int, touched: list[tuple[_Event, int]]) -> bool:
    """Is the person the subject of a speech verb that the triggers follow ("X noted that ... the operation")?"""
    m = _cues()["speech"].search(text, p.end, min(sent_end, p.end + 60))
    return bool(m) and all(pos > m.end() for _, pos in touched)


def _attach_people(item: _Item, sent: tuple[int, int], touched: list[tuple[_Event, int]]) -> None:
    a, cues = item.a, _cues()
    persons = [p for p in a.mentions_in(sent[0], sent[1], "person")
               if not cues["not_participant"].search(a.text[max(sent[0], p.start - 90):p.start])]
    orgs = a.mentions_in(sent[0], sent[1], "organization")
    if not touched:
        clause = a.text[sent[0]:sent[1]]
        target = item.current if cues["participation"].search(clause) else None
        if target is None and cues["speech"].search(clause):
            target = item.main()
        if target is not None:
            target.persons += persons
            target.orgs += orgs
        return
    main = item.main()
    for p in persons:
        if _speaker(a.text, p, sent[1], touched):
            if main is not None:
                main.persons.append(p)
        else:
            _nearest(p.start, touched).persons.append(p)
    for o in orgs:
        _nearest(o.start, touched).orgs.append(o)
    for ev, pos in touched:
        if ev.place is None or (ev.place_in_title and not _in_title(item.a, sent)):
            place = _best_place(item, sent, pos, touched)
            if place is not None or ev.place is None:
                ev.place, ev.place_in_title = place, _in_title(item.a, sent)


def _in_title(a: ItemAnalysis, sent: tuple[int, int]) -> bool:
    span = docmod.title_span(a)
    return bool(span and sent[0] < span[1])


def _known(profile: Any, name: str) -> str:
    """'city', 'state' or '' for a place name, from the profile's states when it has them."""
    low = name.lower().removeprefix("the ")
    return _place_kinds(profile).get(low, "")


_PLACE_KINDS: list[tuple[Any, dict[str, str]]] = []  # the profile's place names, built once per profile


def _place_kinds(profile: Any) -> dict[str, str]:
    """Lower-cased place name -> 'state' or 'city' (a state's names first, as read before)."""
    cached = _PLACE_KINDS[0] if _PLACE_KINDS else None
    if cached is not None and cached[0] is profile:
        return cached[1]
    kinds: dict[str, str] = {}
    for c in getattr(profile, "cities", ()) or ():
        kinds[c.lower()] = "city"
    for state in reversed(tuple(getattr(profile, "states", ()) or ())):  # the first state's reading wins
        for c in ((state.capital,) if state.capital else ()) + tuple(state.cities):
            kinds[c.lower()] = "city"
        for x in (state.name, *state.aliases):
            kinds[x.lower()] = "state"
    _PLACE_KINDS[:] = [(profile, kinds)]
    return kinds


_LOCATIVE = re.compile(r"(?i)\b(?:in|at|near|inside|visit(?:ed|ing|s)?(?:\s+to)?)\s+(?:the\s+)?(?:(?:city|town|village|capital)\s+of\s+(?:the\s+)?)?$")
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$")
_AREA_OF = re.compile(r"(?i)\b(?:city|town|village|region|territory|province|capital|district|oblast)\s+of\s+(?:the\s+)?$")


def _best_place(item: _Item, sent: tuple[int, int], pos: int, touched: list[tuple[_Event, int]]) -> Mention | None:
    a = item.a
    orgs = a.mentions_in(sent[0], sent[1], "organization")
    scored = []
    for p in a.mentions_in(sent[0], sent[1], "place"):
        if any(o.start <= p.start < o.end for o in orgs):
            continue
        before, after = a.text[max(sent[0], p.start - 40):p.start], a.text[p.end:p.end + 14]
        if _OF_BEFORE.search(before) and not _AREA_OF.search(before):
            continue  # "President of the Republic of X"
        score = 2 * bool(_LOCATIVE.search(before) or re.match(r"\s+(?:hosted|hosts|will host)\b", after))
        if score and _nearest(p.start, touched) is _nearest(pos, touched):
            kind = _known(item.profile, p.text)
            scored.append((score + (kind == "city") - (kind == "state"), -abs(p.start - pos), p))
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], s[1]))[2]
    for _, _, other in scored:  # "in the Kremlin in Moscow", "at the headquarters in Geneva"
        gap = a.text[best.end:other.start]
        if other.start > best.end and re.fullmatch(r"(?:'s)?\s+in\s+(?:the\s+)?", gap) and _known(item.profile, other.text) != "state":
            if _cues()["site"].search(best.text) or _known(item.profile, other.text) == "city" or not _known(item.profile, best.text):
                best = other
    return best


# --- the whole item --------------------------------------------------------------------------------


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")
_SPEECH = re.compile(r"(?i)\b(?:would (?:\w+ )?like|allow me|let me)\b")


def _read_sentence(item: _Item, sent: tuple[int, int], idx: int, is_title: bool,
                   docs: list[tuple[int, int, int | None]]) -> None:
    a, cues = item.a, _cues()
    clause = a.text[sent[0]:sent[1]]
    if not is_title and _FIRST_PERSON.search(clause) and (cues["future"].search(clause) or _SPEECH.search(clause)
                                                          or not cues["past"].search(clause)):
        return  # a speech: "I am convinced that today's debate will ...", not "I raised it in a phone call"
    trigs = _triggers(a, sent, is_title, [(s, e) for s, e, _ in docs])
    dates = _sentence_dates(a, sent, trigs, docs)
    for d in [d for d in dates if d.own_doc_date and not _year_of_a_day_told(d, dates)]:
        # "Trilateral Agreements of November 9, 2020"; not "resolution 2779 (2025)" adopted on a day of 2025
        trigs.append(_Trigger(d.mention.start, d.mention.end, "other", "dated"))
    trigs.sort(key=lambda t: t.start)
    orphans = _assign_dates(a.text, sent, trigs, dates)
    eventive = bool(cues["eventive"].search(a.text, sent[0], sent[1]))
    touched: list[tuple[_Event, int]] = []
    for t in trigs:
        ev = _place_trigger(item, t, sent, idx, is_title, eventive, [e for e, _ in touched])
        if ev is not None:
            ev.nouns.update(_singular(w) for w in re.findall(r"\w+", a.text[t.start:t.end].lower()))
            touched.append((ev, t.start))
    for d in orphans:
        ev = _orphan(item, d, sent, idx, [e for e, _ in touched])
        if ev is not None:
            touched.append((ev, d.mention.start))
    _date_from_neighbour(touched, idx)
    _date_from_sentence_before(item, sent, touched, idx)
    _attach_people(item, sent, touched)
    fresh = [e for e, _ in touched if not e.background]
    if fresh:
        item.current, item.current_at = fresh[-1], idx


def _date_from_neighbour(touched: list[tuple[_Event, int]], idx: int) -> None:
    """An undated event opened in a sentence that also names a dated one happens then too
    ("After the talks, the minister briefed the media")."""
    dated = [e for e, _ in touched if e.explicit and not e.background]
    for e, _ in touched:
        if dated and e.created == idx and not e.explicit and not e.background:
            e.date, e.date_end, e.explicit = dated[0].date, None, True


_PRONOUN_SUBJECT = re.compile(r"\s*(?:He|She|They)\s+(?!\w+\s+(?:said|says|noted|stressed|added)\b)")


def _date_from_sentence_before(item: _Item, sent: tuple[int, int], touched: list[tuple[_Event, int]], idx: int) -> None:
    """An undated event told by a sentence whose subject is a pronoun, when the last event told (at
    most three sentences before) was dated, happens then and there ("X will visit Valmora on 17
    January. ... He will meet with the President ..."): the pronoun carries the same occasion on."""
    before = item.current
    if before is None or idx - item.current_at > 3 or not before.explicit or before.background \
            or not _PRONOUN_SUBJECT.match(item.a.text, sent[0]):
        return
    for e, _ in touched:
        if e.created == idx and not e.explicit and not e.background and e.status == before.status:
            e.date, e.date_end, e.explicit = before.date, before.date_end, True
            e.place = e.place or before.place


def _unique(mentions: list[Mention]) -> tuple[Mention, ...]:
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(" ".join(m.text.split()).lower(), m)
    return tuple(seen.values())


def _settle(item: _Item) -> list[_Event]:
    """Drop a background event told twice ("signed on May 15, 1992" ... "concluded in 1992"), and
    give an event without a place the main event's place when they share a date."""
    kept: list[_Event] = []
    for e in item.events:
        twin = next((k for k in kept if k.background and e.background and k.type == e.type and k.date and e.date
                     and _compatible(k.date, e.date)), None)
        if twin is None:
            kept.append(e)
        elif docmod.rank(e.date) > docmod.rank(twin.date):  # type: ignore[arg-type]
            kept[kept.index(twin)] = e
    main = item.main()
    for e in kept:
        if e.place is None and main is not None and not e.background and e.date == main.date:
            e.place = main.place
    return kept


# between a dateline's place and its date: another place ("Lome/Addis Ababa"), the state or
# region ("Washington, D.C.,", "Ostin (Valmora),")
_DATELINE_GAP = re.compile(r"(?:/[^,\n/]{2,40})?(?:[ \t]*\([^()\n]{2,30}\))?"
                           r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}(?=,))?,[ \t]+")
_DATELINE_END = re.compile(r"[ \t]*[:\u2013\u2014-]")
_CITY_DASH = re.compile(r"[ \t]+[\u2013\u2014-][ \t]+(?=[A-Z])")  # "GENEVA – The Assembly ..."


def _dateline(a: ItemAnalysis) -> Mention | None:
    """The place of a dateline opening a line ("Addis Ababa, 29 July 2018: ...", "Lome/Addis Ababa,
    29 July 2018 -", "Washington, D.C., March 4, 2021 -", "GENEVA – ..."): where the report was
    written."""
    anchor = a.item.published or a.anchor
    for p in a.mentions:
        if p.kind != "place" or (p.start and a.text[p.start - 1] != "\n"):
            continue
        if _CITY_DASH.match(a.text, p.end):
            return p
        gap = _DATELINE_GAP.match(a.text, p.end)
        if gap is None:
            continue
        date = next((d for d in docmod.date_mentions(a.text, anchor) if d.start == gap.end()), None)
        if date is not None and _DATELINE_END.match(a.text, date.end):
            return p
    return None


def _dateline_place(a: ItemAnalysis, events: list[_Event]) -> None:
    """A statement told in a dateline's sentence or in the title above it was made at the
    dateline's place; another event told there without a place of its own, but a visit, took
    place there."""
    where = _dateline(a)
    if where is None:
        return
    title = docmod.title_span(a)
    for e in events:
        told = e.sentence[0] <= where.start < e.sentence[1] or (title is not None and e.sentence[0] < title[1])
        if told and (e.type == "media" or (e.place is None and e.type != "visit")):
            e.place = where  # a visit is made elsewhere than where it is reported from


def find_events(analysis: ItemAnalysis, profile: Any = None) -> list[EventDraft]:
    """The item's events in the order they are first named (see the module docstring)."""
    item = _Item(analysis, profile, analysis.item.published or docmod.item_anchor(analysis))
    docs = docmod.document_spans(analysis)
    span = docmod.title_span(analysis)
    for idx, sent in enumerate(docmod.sentences(analysis)):
        _read_sentence(item, sent, idx, bool(span and sent[0] < span[1]), docs)
    settled = _settle(item)
    _dateline_place(analysis, settled)
    out = []
    for e in settled:
        evidence = " ".join(analysis.text[e.sentence[0]:e.sentence[1]].split())
        out.append(EventDraft(e.type, e.date, e.date_end, e.status, evidence, _unique(e.persons), _unique(e.orgs),
                              e.place, e.sentence[0], e.sentence[1]))
    return out
