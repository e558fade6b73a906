"""Offices over the whole corpus: the stored tenures of each office become its timeline.

    timelines(knowledge, profile, texts=None) -> [Timeline]
    holders_on(timeline, on)                  -> [Stint] (the holder(s) on a date)
    contradictions(timelines)                 -> [Contradiction]

Extraction stores one Tenure per person, office and organization, spanning the dates its
pages were seen on. Here they are read together, per office (its profile name: "Acting
Secretary General" is the Secretary General's seat, held by an acting holder; "Head of the
CSTO Joint Staff" is a variant of "Chief of the Joint Staff"):

- each holder's interval has a start and an end, each with how it is known: `stated` (a page
  says so: "took office", "was appointed", "since", "term ended"), `witnessed` (only the first
  or last page that shows the holder), `successor` (a single-seat office passes on at the
  successor's first evidence) or `open` (the last holder of a single-seat office: no successor
  has appeared, the tenure runs on, last seen on a date);
- a single-seat office has one holder at a time: a holder seen again after a successor took
  over is not merged over the successor's interval but flagged (a contradiction to review),
  as is a person holding two single-seat offices at once.

Stated dates come from cue words in the evidence sentence (the item's sentence when the
item texts are given, else the evidence phrase), so the extraction rules need not change.
Pure: records in, records out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from communique.dates import find_dates
from communique.model import Evidence, Knowledge, PartialDate, Tenure
from communique.profiles import Profile
from communique.profiles.lexicon import fold_key, lexicon

__all__ = ["Contradiction", "End", "Stint", "Timeline", "canonical_office", "contradictions", "holders_on",
           "timelines"]

STATED, WITNESSED, SUCCESSOR, OPEN = "stated", "witnessed", "successor", "open"
_ACTING = re.compile(r"^(?:acting|interim)\s+", re.I)
_ACTING_CUE = re.compile(r"\b(?:acting|interim)\b", re.I)
_START_CUE = re.compile(r"\b(?:took\s+office|assumed\s+(?:the\s+)?(?:office|post|duties)|(?:was|been|were)\s+"
                        r"(?:appointed|elected|sworn\s+in)|inaugurat\w*|newly\s+appointed)\b", re.I)
_SINCE = re.compile(r"\bsince\s+", re.I)
_END_CUE = re.compile(r"\b(?:(?:term|mandate)\b[^.;]{0,60}?\b(?:ended|expired)|stepped\s+down|resigned|left\s+office|"
                      r"was\s+(?:dismissed|relieved)|completed\s+(?:his|her)\s+(?:term|mandate))\b", re.I)
# Single-seat when the profile does not know the office: one holder at a time heads a body.
_HEADS = re.compile(r"^(?:secretary[\s-]general|chairman|chairperson|chairwoman|chair|chief|head|"
                    r"executive\s+secretary|president|director[\s-]general)\b", re.I)
_DEPUTY = re.compile(r"\b(?:deputy|vice|assistant|first\s+deputy)\b", re.I)


@dataclass(frozen=True)
class End:
    """One end of an interval: the date and how it is known (stated, witnessed, successor, open)."""

    date: PartialDate | None
    how: str

    def __str__(self) -> str:
        if self.how == OPEN:
            return f"open (last seen {self.date})" if self.date else "open"
        return f"{self.date or '?'} ({self.how})"


@dataclass(frozen=True)
class Stint:
    """One holder's interval in an office."""

    person: str  # entity id
    office: str  # the office's canonical name
    organization: str | None
    start: End
    end: End
    first_seen: PartialDate | None
    last_seen: PartialDate | None
    acting: bool
    evidence: tuple[Evidence, ...]
    tenures: tuple[Tenure, ...]  # the stored records it is read from
    conflict: str | None = None
    stray: tuple[PartialDate, ...] = ()  # dates the holder was seen while another held the seat

    def covers(self, on: PartialDate) -> bool:
        """Does the interval meet the date (a month or a year: any day of it)? The successor's
        first day belongs to the successor."""
        lo, hi = on.first_day(), on.last_day()
        start = self.start.date
        if start is None or start.first_day() > hi:
            return False
        end = self.end
        if end.how == OPEN:
            return True
        if end.date is None:
            return False
        return lo < end.date.first_day() if end.how == SUCCESSOR else lo <= end.date.last_day()


@dataclass(frozen=True)
class Timeline:
    office: str
    organization: str | None
    single_seat: bool
    holders: tuple[Stint, ...]  # in order of start


@dataclass(frozen=True)
class Contradiction:
    kind: str  # "two holders" (a single-seat office) | "two offices" (one person, two exclusive offices)
    office: str
    organization: str | None
    people: tuple[str, ...]
    on: PartialDate | None
    note: str
    evidence: tuple[Evidence, ...]
    other_office: str | None = None
    other_organization: str | None = None


@dataclass
class _Offices:
    """The profile's office names and variants (fold keys) -> (name, single_seat)."""

    known: dict[str, tuple[str, bool]] = field(default_factory=dict)

    @classmethod
    def of(cls, profile: Profile | None) -> _Offices:
        return cls(lexicon(profile).office_forms if profile else {})  # built once per profile

    def name(self, label: str) -> tuple[str, bool]:
        """(canonical name, acting) of an office as stored."""
        text = " ".join(label.split())
        acting = bool(_ACTING.match(text))
        bare = _ACTING.sub("", text) if acting else text
        if not acting and fold_key(text) in self.known:
            return self.known[fold_key(text)][0], False
        hit = self.known.get(fold_key(bare))
        return (hit[0] if hit else bare), acting

    def single(self, name: str) -> bool:
        hit = self.known.get(fold_key(name))
        if hit is not None:
            return hit[1]
        return bool(_HEADS.match(name)) and not _DEPUTY.search(name)


def canonical_office(label: str, profile: Profile | None) -> str:
    return _Offices.of(profile).name(label)[0]


def _sentence(ev: Evidence, texts: Mapping[str, str] | None) -> str:
    """The sentence of the item that holds the evidence phrase (the phrase itself when the item's
    text is not given). Hand-written: a full stop or a line break is enough to bound a sentence
    around a phrase already found; the extraction's sentence splitter needs the item's analysis."""
    text = (texts or {}).get(ev.item_id)
    if not text:
        return ev.text
    flat = " ".join(text.split())
    at = flat.find(" ".join(ev.text.split()))
    if at < 0:
        return ev.text
    lo = max(flat.rfind(". ", 0, at) + 1, 0)
    hi = flat.find(". ", at + len(ev.text))
    return flat[lo:hi if hi >= 0 else len(flat)].strip()


def _stated_start(ev: Evidence, sentence: str) -> PartialDate | None:
    m = _SINCE.search(sentence)
    if m:
        dates = find_dates(sentence[m.end():m.end() + 40])
        if dates and dates[0].start == 0:
            return dates[0].date
    return ev.date if ev.date is not None and _START_CUE.search(sentence) else None


def _stated_end(ev: Evidence, sentence: str) -> PartialDate | None:
    return ev.date if ev.date is not None and _END_CUE.search(sentence) else None


@dataclass
class _Holder:
    person: str
    tenures: list[Tenure]
    acting: bool = False

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        evs = dict.fromkeys(e for t in self.tenures for e in t.evidence)
        return tuple(sorted(evs, key=lambda e: (e.date or PartialDate(1), e.item_id, e.text)))

    @property
    def seen(self) -> list[PartialDate]:
        dates = {e.date for e in self.evidence if e.date is not None}
        dates |= {d for t in self.tenures for d in (t.start, t.end) if d is not None}
        return sorted(dates)


def timelines(k: Knowledge, profile: Profile | None = None, texts: Mapping[str, str] | None = None) -> list[Timeline]:
    """Every office's timeline."""
    names = _Offices.of(profile)
    groups: dict[tuple[str, str | None], dict[str, _Holder]] = {}
    for t in k.tenures:
        office, acting = names.name(t.office)
        seat = groups.setdefault((office, t.organization), {})
        h = seat.setdefault(t.person, _Holder(t.person, []))
        h.tenures.append(t)
        h.acting = h.acting or acting or any(_ACTING_CUE.search(e.text) for e in t.evidence)
    out = [_timeline(office, org, names.single(office) and org is not None, list(seat.values()), texts)
           for (office, org), seat in groups.items()]
    return sorted(out, key=lambda tl: (fold_key(tl.office), tl.organization or ""))


def _timeline(office: str, org: str | None, single: bool, holders: list[_Holder],
              texts: Mapping[str, str] | None) -> Timeline:
    drafts = []
    for h in holders:
        evs = h.evidence
        sentences = [(e, _sentence(e, texts)) for e in evs]
        starts = [d for e, s in sentences if (d := _stated_start(e, s)) is not None]
        ends = [d for e, s in sentences if (d := _stated_end(e, s)) is not None]
        seen = h.seen
        first, last = (seen[0], seen[-1]) if seen else (None, None)
        start = End(min(starts), STATED) if starts else End(first, WITNESSED)
        end = End(max(ends), STATED) if ends else End(last, WITNESSED)
        drafts.append((h, start, end, first, last, evs))
    drafts.sort(key=lambda d: (d[1].date is None, d[1].date._key() if d[1].date else (0, 0, 0), d[0].person))
    stints = []
    for n, (h, start, end, first, last, evs) in enumerate(drafts):
        stray: tuple[PartialDate, ...] = ()
        note = None
        if single and start.date is not None:
            nxt = next((d for d in drafts[n + 1:] if d[1].date is not None and d[1].date != start.date), None)
            if nxt is not None and (end.how != STATED or end.date is None or end.date > nxt[1].date):
                end = End(nxt[1].date, SUCCESSOR)
                # seen after the successor took over: flagged, not merged over the successor's interval
                stray = tuple(d for d in h.seen if d.first_day() > nxt[1].date.last_day())
            elif nxt is None and end.how != STATED:
                end = End(last, OPEN)
            if stray:
                note = f"seen again on {', '.join(map(str, stray[:3]))} after the successor took office on {nxt[1].date}"  # type: ignore[index]
        stints.append(Stint(h.person, office, org, start, end, first, last, h.acting, evs, tuple(h.tenures),
                            note, stray))
    return Timeline(office, org, single, tuple(stints))


def holders_on(tl: Timeline, on: PartialDate) -> list[Stint]:
    """The holder(s) on a date: every seat's holder, and for a single-seat office also a holder
    seen that day while another held it (the record contradicting itself)."""
    found = [s for s in tl.holders if s.covers(on)]
    if tl.single_seat:
        lo, hi = on.first_day(), on.last_day()
        found += [s for s in tl.holders if s not in found and any(lo <= d.first_day() and d.last_day() <= hi
                                                                    for d in s.stray)]
    return found


def contradictions(tls: Iterable[Timeline]) -> list[Contradiction]:
    """Single-seat offices with two holders at once, and people holding two single-seat offices
    (of different organizations or bodies) on the same date: each with its evidence."""
    tls = list(tls)
    out = []
    for tl in tls:
        for s in tl.holders:
            if not s.stray:
                continue
            others = [o for o in tl.holders if o is not s and any(o.covers(d) for d in s.stray)]
            evs = tuple(e for e in s.evidence if e.date in s.stray)
            for o in others:
                on = next(d for d in s.stray if o.covers(d))
                out.append(Contradiction("two holders", tl.office, tl.organization, (s.person, o.person), on,
                                         s.conflict or "", evs + tuple(e for e in o.evidence[:2])))
        for i, s in enumerate(tl.holders if tl.single_seat else ()):
            for o in tl.holders[i + 1:]:
                if s.start.date is not None and s.start.date == o.start.date:  # two first seen at once
                    out.append(Contradiction("two holders", tl.office, tl.organization, (s.person, o.person),
                                             s.start.date, f"two holders first seen on {s.start.date}",
                                             s.evidence[:2] + o.evidence[:2]))
    by_person: dict[str, list[Stint]] = {}
    for tl in tls:
        if tl.single_seat:
            for s in tl.holders:
                by_person.setdefault(s.person, []).append(s)
    for person, stints in by_person.items():
        for i, a in enumerate(stints):
            for b in stints[i + 1:]:
                if _may_combine(a, b):
                    continue
                on = next((e.date for e in a.evidence if e.date is not None and b.covers(e.date)
                           and _witnessed_inside(b, e.date)), None)
                if on is None:
                    continue
                out.append(Contradiction(
                    "two offices", a.office, a.organization, (person,), on,
                    f"also {b.office} on {on}", a.evidence[:2] + b.evidence[:2], b.office, b.organization))
    return out


def _may_combine(a: Stint, b: Stint) -> bool:
    """Offices one person may hold together: an office and the acting one of it, the chair of a
    body of a state and that state's presidency (the Chairman of a council is a head of state)."""
    if a.office == b.office:
        return True
    chair = re.compile(r"^(?:chairman|chairperson|chair)\b", re.I)
    return bool(chair.match(a.office) or chair.match(b.office))


def _witnessed_inside(s: Stint, d: PartialDate) -> bool:
    """A date inside the holder's own witnessed span (not only in a run-on to a successor)."""
    return s.first_seen is not None and s.last_seen is not None and s.first_seen <= d <= s.last_seen
