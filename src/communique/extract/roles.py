"""Who held which office of which organization, and when the sources say so.

    find_tenures(analyses, resolution, profile) -> [Tenure]

An observation is an office mention tied to a person: the name written after the title
("CSTO Secretary General Ivan Petrenko", "Chief of the Joint Staff Colonel General Oleg
Baranov", titles chained with commas or "and") or before it in apposition ("Pavel Orlov,
Director of the Institute ..."). The office's organization is the one written with it
("of the Republic of Belarus", "CSTO", "German") -- a body's organization, with the body
kept in the office ("Chairman of the Collective Security Council") -- or, for an
international organization's office written bare, the organization the item is about.
Its date is the sentence's date (the event), and the item's own date when the sentence is
about recent days. Observations merge into one Tenure per person, office and organization,
from the earliest to the latest date; two holders of a single-seat office on overlapping
dates are both marked with a conflict.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from communique.dates import find_dates
from communique.extract.documents import title_span
from communique.extract.names import LIST_GAP, REMIT_LIST
from communique.extract.orgnames import ACRONYM_DEF
from communique.model import Evidence, Mention, PartialDate, Tenure
from communique.profiles import Profile
from communique.profiles.lexicon import fold_key, lexicon

__all__ = ["Observation", "find_tenures", "merge_observations", "observe"]

_LEVEL = re.compile(r"\s+at\s+the\s+[A-Za-z-]+\s+level\b")
_QUALIFIER = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?(?:[a-z0-9][\w-]*\s+){0,2}")
_CLOSES = re.compile(r"\s*(?:[,.;)]|$)")
_PAST = re.compile(r"(?:\bformer|\bex-|\blate|\bthen-|\bone-time|\bprevious)\s*$", re.I)
_GAP = re.compile(r"^[\s,]*$")
_POSSESSIVE = re.compile(r"['\u2019]s\s+")
_RECENT_DAYS = 31


@dataclass(frozen=True)
class Observation:
    person: str  # entity id
    office: str  # as the source writes it ("Foreign Minister"), with its body ("Chairman of the ...")
    organization: str | None  # entity id
    date: PartialDate | None
    date_end: PartialDate | None
    item_id: str
    text: str
    single_seat: bool
    canonical: str = ""  # the profile's name of the office: observations merge on it


def _as_title(office: str) -> str:
    """An office as a title is written: "the commander of the Forces" names the Commander."""
    return office[:1].upper() + office[1:]


# --- dates ----------------------------------------------------------------------------------------

def _resolver():
    try:
        from communique.extract.dates import resolve_dates  # written by the dates helper
    except ImportError:
        return None
    return resolve_dates


def sentence_dates(analysis, start: int, end: int) -> list[tuple[int, PartialDate, PartialDate | None]]:
    """Dates written in text[start:end] as (offset, date, end date), resolved against the item's anchor."""
    text = analysis.text[start:end]
    resolve_dates = _resolver()
    if resolve_dates is not None:
        try:
            found = resolve_dates(text, analysis.anchor)
            return [(start + d.start, d.date, d.date_end) for d in found if d.date is not None]
        except Exception:  # a helper's failure must not lose the role
            pass
    return [(start + d.start, d.date, None) for d in find_dates(text)]


def _as_date(d: PartialDate) -> date | None:
    if d.day is None:
        return None
    return date(d.year, d.month, d.day)


def _recent(event: PartialDate, published: PartialDate | None) -> bool:
    a, b = _as_date(event), _as_date(published) if published else None
    return a is not None and b is not None and 0 <= (b - a).days <= _RECENT_DAYS


def event_date(analysis, offset: int) -> tuple[PartialDate, PartialDate | None] | None:
    """The date of what the sentence tells: a date written before the title, or a day or month after it
    (a bare year after the title is more often a plan or a name: "to be implemented in 2023")."""
    start, end = analysis.sentence_at(offset)
    found = sentence_dates(analysis, start, end)
    before = [(d, e) for pos, d, e in found if pos < offset]
    if before:
        return before[0]
    after = [(d, e) for pos, d, e in found if pos >= offset and d.precision != "year"]
    return after[0] if after else None


_LEAD: dict[str, PartialDate | None] = {}  # the last item's lead date: its offices ask one after another


def _lead_date(analysis) -> PartialDate | None:
    """The first date of the story's first sentences (after the title), kept for the item being
    read: its offices ask one after another."""
    key = analysis.item.id
    if key in _LEAD:
        return _LEAD.get(key)  # .get: another thread may have cleared it since
    span = title_span(analysis)
    body = [(a, b) for a, b in analysis.sentences if a >= (span[1] if span else 0)][:3]
    lead = next((found[0][1] for a, b in body if (found := sentence_dates(analysis, a, b))), None)
    _LEAD.clear()
    _LEAD[key] = lead
    return lead


def observation_dates(analysis, offset: int) -> list[tuple[PartialDate | None, PartialDate | None]]:
    """The event's date, and the item's own date when the event was recent news."""
    found = event_date(analysis, offset)
    published = analysis.item.published
    if found is None and _EARLIER.search(analysis.text, *analysis.sentence_at(offset)):
        return [(None, None)]  # "Before that, he served as X": held once, when the sentence does not say
    if found is None:
        # the sentence tells no date: the item's date, and the day its story opens with when that
        # is recent news ("... on the 16th" in the lead, the item printed on the 18th)
        lead = _lead_date(analysis) if published is not None else None
        if lead is not None and lead != published and _recent(lead, published):
            return [(analysis.anchor, None), (lead, None)]
        return [(analysis.anchor, None)]
    out = [found]
    if published is not None and published != found[0] and (
            _recent(found[0], published) or _SINCE.search(analysis.text, *analysis.sentence_at(offset))):
        out.append((published, None))  # recent news, or held "since" that day: held on the item's day too
    return out


_SINCE = re.compile(r"(?i)\bsince\b")
# A sentence telling an office held before: not held on the item's day.
_EARLIER = re.compile(r"(?i)\b(?:previously|formerly|before\s+(?:that|this|joining|his|her|their)|prior\s+to\s+"
                      r"(?:that|this|joining|his|her)|had\s+(?:served|worked|headed|been|led|chaired)|served\s+as|"
                      r"used\s+to)\b")


# --- reading one item ----------------------------------------------------------------------------

class _Item:
    def __init__(self, analysis, res, profile: Profile):
        self.a = analysis
        self.res = res
        self.profile = profile
        self.lex = lexicon(profile)
        self.mentions = sorted(analysis.mentions, key=lambda m: (m.start, -m.end))
        self.text = analysis.text
        self.titles = _title_pattern(profile)

    def at(self, pos: int, kinds: tuple[str, ...]) -> Mention | None:
        """The mention (of the kinds) starting at pos once spaces, commas, ranks, 'the' are skipped."""
        m = self.titles.match(self.text, pos)
        skipped = m.end() if m else pos
        best = None
        for x in self.mentions:
            if x.kind not in kinds or not pos <= x.start <= skipped:
                continue
            # the mention starts after the titles, or holds the last of them ("Lord Robertson")
            if (x.start == skipped or self.titles.fullmatch(self.text, pos, x.start)) and (best is None or x.end > best.end):
                best = x
        return best

    def before(self, pos: int, kinds: tuple[str, ...], gap: re.Pattern[str]) -> Mention | None:
        """The mention ending just before pos with only `gap` text between."""
        best = None
        for x in self.mentions:
            if x.end <= pos and x.kind in kinds and gap.fullmatch(self.text[x.end:pos]):
                if best is None or x.end > best.end or (x.end == best.end and x.start < best.start):
                    best = x
        return best

    def longest_end(self, start: int, kinds: tuple[str, ...]) -> int:
        """The end of the longest mention (of the kinds) starting at `start`."""
        return max(x.end for x in self.mentions if x.start == start and x.kind in kinds)

    def remit(self, pos: int, office: str = "") -> tuple[str, int] | None:
        """The remit right after an office ("for Counter-Terrorism", "for Fisheries and Oceans"; a
        minister's portfolio: "of Foreign Trade", "of Police"), up to the name run on after it, and
        where it ends."""
        m = _REMIT.match(self.text, pos)
        if not m and _MINISTER.search(office):
            m = _PORTFOLIO.match(self.text, pos)
            if m and (self.at(m.start(1), ("organization", "place")) or self.at(m.start(1), ("person",))):
                return None  # "Minister of Ghana", "Minister of the X Council": whose, not what
        if not m:
            return None
        end = m.end()
        for x in self.mentions:
            if not m.start() < x.start < end:
                continue
            if x.kind in ("person", "office"):  # "... for Central Asia Ambassador A": another title
                end = x.start
                break
            elif x.kind in ("organization", "place") and (of := _OF_BEFORE.search(self.text, m.start(), x.start)):
                end = of.start()  # "for Fisheries and Oceans of the X Commission": a qualifier follows
        if end == m.end() and (more := REMIT_LIST.match(self.text, end)) is not None \
                and self.at(more.end(1), ("person",)) is not None:
            end = more.end(1)  # "for Customs, Tariffs and Trade, A": the remit is a list
        end = self._before_titles(m.start(), end)  # "of Energy HRH Prince A": not the name's honorifics
        written = " ".join(self.text[pos:end].split()).rstrip(",")
        return (written, pos + len(self.text[pos:end].rstrip(", \n\t"))) if len(written.split()) >= 2 else None

    def _before_titles(self, start: int, end: int) -> int:
        """Where text[start:end] ends once the ranks and honorifics closing it are left out."""
        for gap in re.finditer(r"\s+", self.text[start:end]):
            tail = self.titles.fullmatch(self.text, start + gap.start(), end)
            if tail and tail.end() > tail.start() and self.text[start + gap.end():end].strip():
                return start + gap.start()
        return end

    def qualifier_after(self, office: Mention, start: int | None = None) -> tuple[Mention | None, int]:
        """'of the Republic of Belarus', 'of the 57-nation OSCE', 'of Iran to China':
        the first mention, and where the qualifying phrase ends (`start`: where to read it from,
        when not at the office's end)."""
        first, end = None, office.end if start is None else start
        while True:
            m = _QUALIFIER.match(self.text, end)
            if not m:
                level = _LEVEL.match(self.text, end) if first is not None else None
                return first, (level.end() if level else end)  # "... Council at the ministerial level A"
            q = self.at(m.end(), ("organization", "place"))
            if q is None or q.start != m.end():
                return first, end
            first = first or q
            end = self.longest_end(q.start, ("organization", "place"))
            aside = ACRONYM_DEF.match(self.text, end)  # "... Community (SADC), Elias Magosi"
            if aside and any(x.start == aside.start(1) and x.end == aside.end(1) and x.kind == "organization"
                             for x in self.mentions):
                end = aside.end()
            owned = _POSSESSIVE.match(self.text, end)  # "of the X Secretariat's Department for Y": Y's
            if owned and (body := self.at(owned.end(), ("organization",))) is not None and body.start == owned.end():
                first = body if first is q else first
                end = self.longest_end(body.start, ("organization",))

    def accredited_to(self, office: Mention, end: int) -> str:
        """' to China', ' to the CSTO': where an ambassador or representative is sent (kept in the
        office); not the 'to' inside a body's name ("of the AU Mission to Somalia")."""
        m = re.search(r"\s+to\s+((?:the\s+)?\S.*)$", self.text[office.end:end])
        if not m or m.start() == 0:
            return ""
        at = office.end + m.start()
        if any(x.kind == "organization" and x.start < at < x.end for x in self.mentions):
            return ""
        return f" to {m.group(1)}"

    def qualifier_before(self, office: Mention) -> Mention | str | None:
        """'CSTO Secretary General', 'Bulgaria's Foreign Minister', or an adjective: 'German Chancellor'."""
        q = self.before(office.start, ("organization", "place"), _ADJOINING)
        if q is not None and not self.text[q.end:office.start].strip() and re.search(r"\bof\s+(?:the\s+)?$", self.text[max(0, q.start - 8):q.start]):
            return None  # "Director of the X Secretariat Ambassador A": X is the first title's
        if q is not None:
            return q
        m = re.search(r"([A-Z][\w.-]*)\s+$", self.text[max(0, office.start - 40):office.start])
        if m:
            adj = self.lex.matches(m.group(1), ("adjective",))
            if adj:
                return adj[0].target
        return None

    def holder_after(self, pos: int, depth: int = 0) -> Mention | None:
        """The person named after a title, following chains: 'Chairman of X and President of Y Z'."""
        p = self.at(pos, ("person",))
        if p is not None:
            return p
        if depth > 3:
            return None
        # titles chained by commas, dashes, 'and', or written one after the other ("Executive Director
        # of the X Secretariat Ambassador A B": the second title is said of the same name)
        m = re.compile(r"(?:\s*[,–—]\s*|\s+-\s+|\s+and\s+|\s+)(?:the\s+)?").match(self.text, pos)
        if not m:
            return None
        nxt = m.end()
        office = self._office_at(nxt)
        if office is None:
            return None
        _, end = self.qualifier_after(office)
        return self.holder_after(end, depth + 1)

    def _office_at(self, pos: int) -> Mention | None:
        o = self.at(pos, ("office",))
        if o is not None:
            return o
        pre = self.at(pos, ("organization", "place"))
        if pre is not None:
            gap = re.compile(r"(?:['’]s)?\s+").match(self.text, pre.end)
            return self.at(gap.end(), ("office",)) if gap else None
        m = re.compile(r"[A-Z][\w.-]*\s+").match(self.text, pos)
        if m and self.lex.matches(m.group().strip(), ("adjective",)):
            return self.at(m.end(), ("office",))
        return None

    def holder_before(self, office: Mention, start: int, closed: bool) -> Mention | None:
        """'Pavel Orlov, Director of ...', 'Ivan Petrenko, the CSTO Secretary General, told'.
        With 'the', the title must close (a comma, a full stop): 'Responding to X, the Secretary-General
        stated' has the Secretary-General speak, not X."""
        found = (self.before(start, ("person",), re.compile(r"\s*,\s*")) or self.before(start, ("person",), _NEWLY)
                 or self.before(start, ("person",), _DASH))  # "A.G. Petrov - President of X, B - ..."
        if found is not None:
            return found
        found = (self.before(start, ("person",), _TAKES_OFFICE)  # "A took office as Secretary General"
                 or self.before(start, ("person",), _AS))  # "the candidacy of A as the Head of X"
        if found is not None:
            return found
        return self.before(start, ("person",), re.compile(r"\s*,\s*the\s+")) if closed else None


_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
# Between an organization or state and the title it qualifies: "CSTO Secretary General", "Bulgaria's
# Foreign Minister".
_ADJOINING = re.compile(r"\s+|['\u2019]s?\s+|\s+['\u2019]s\s+")  # "Barbados' Minister" too

# "the candidacy of A as the Head of X", "B served as Secretary General": the name before the title.
_AS = re.compile(r"\s+(?:(?:served|serves|serving|acted|acts|acting|worked|works|working)\s+)?as\s+(?:the\s+)?(?:new\s+)?")

# "A, new Secretary General", "B, the newly appointed Chairman of X": a fresh appointment in apposition.
_NEWLY = re.compile(r"\s*,\s*(?:the\s+)?(?:new|newly|incoming|recently|current)(?:\s+(?:appointed|elected))?\s+", re.I)

# "A took office as CSTO Secretary General", "B was appointed Chief of the Joint Staff": the name
# before the title, with the verb that states when the office began.
_TAKES_OFFICE = re.compile(r"(?:\s*\([^()\n]{1,40}\))?"  # "Ms A (Norway) is appointed ..."
                           r"\s+(?:took\s+office\s+as|assumed\s+(?:the\s+)?office\s+of|became|(?:was|has\s+been|had\s+been|is)\s+"
                           r"(?:appointed|elected|named|re-?elected|reappointed)"
                           r"(?:\s+(?:as|to\s+the\s+(?:post|position)\s+of))?"
                           # "A is the CSTO Secretary General", "B has been the Chairman since 2020"
                           r"|(?:is|was|has\s+been|had\s+been|remains|remained)(?=\s+the\s))\s+(?:the\s+)?(?:new\s+)?")


def _title_pattern(profile: Profile) -> re.Pattern[str]:
    """What may stand between a title and its holder's name: commas, 'the', a dash ('Head of the
    Joint Staff - Colonel General A') or a colon (a staff list's 'Secretary General: A'), ranks and
    honorifics."""
    words = sorted({*profile.ranks, *profile.honorifics}, key=len, reverse=True)
    alt = "|".join(re.escape(w) + (r"(?![\w])" if w[-1].isalnum() else "") for w in words)
    return re.compile(rf"(?:[\s,]*(?:[-–—:]\s+)?(?:the\s+)?)(?:(?:{alt})\s*)*")  # "Secretary General: A"


def _office_name(profile: Profile, mention: Mention) -> tuple[str, str, bool, str]:
    """The office as written, its canonical name, whether it is single-seat, and its scope."""
    lex = lexicon(profile)
    text = re.sub(r"\s+", " ", mention.text)
    hits = lex.matches(text, ("office",))
    if hits:
        spec = profile.office(hits[0].target)
        return text, hits[0].target, bool(spec and spec.single_seat), spec.scope if spec else "any"
    # modifiers + a known office: "First Deputy Chairman"
    words = text.split()
    for k in range(1, len(words)):
        hits = lex.matches(" ".join(words[k:]), ("office",))
        if hits:
            spec = profile.office(hits[0].target)
            name = " ".join(words[:k] + [hits[0].target])
            deputy = any(w.lower() in ("deputy", "vice", "assistant") for w in words[:k])
            return text, name, bool(spec and spec.single_seat and not deputy), spec.scope if spec else "any"
    return text, text, False, "any"


def _body_title(res, office: str, org_id: str | None, written: str | None = None) -> tuple[str, str | None]:
    """An office of a body becomes '<office> of the <body>', held in the body's organization: the
    profile's name of that office; a body the profile does not list is named as the page writes it
    ("President of the ECOWAS Commission": the organization's acronym is part of the title), the
    organization's name after it aside ("... of the Economic Community of West African States")."""
    org = res.org_name(org_id)
    if org is not None and org.state and not org.top:
        body = _strip_state(res.profile, org.name, org.state)
        if any(fold_key(body).startswith(fold_key(b)) for b in res.profile.state_bodies):
            # "Deputy Secretary of the Security Council of the Republic of Tajikistan": the state's office
            return f"{office} of the {body}", res.state(org.state)
        return office, org_id
    if org is None or org.top is None or org.top == org.name:
        return office, org_id
    body = org.name
    parent = res.profile.organization(org.top)
    if parent is not None:
        for prefix in sorted((parent.name, *parent.acronyms), key=len, reverse=True):
            if body.startswith(prefix + " "):  # "CSTO Joint Staff", "United Nations Security Council"
                body = body[len(prefix) + 1:]
                break
    if org.state:
        return f"{office} of the {body}", res.state(org.state)
    top_id = res.organization(org.top)
    res.used.add(top_id)
    known = res.profile.office(f"{office} of the {body}")
    if known is None and written and res.profile.organization(org.name) is None:
        printed = _printed_body(written, parent)
        if printed and set(fold_key(body).split()) <= set(fold_key(printed).split()):
            body = printed  # "VU Standing Commission on ...": the page's words, none of the name's lost
    return (known.name if known else f"{office} of the {body}"), top_id


def _printed_body(written: str, parent) -> str | None:
    """A body as the page names it in a title, its organization's name after it aside, and a long
    one before it (a short one and an acronym before the body stay: "African Union Commission",
    "VU Standing Commission on ..."): "Authority of Heads of State and Government of the
    Economic Community of West African States (ECOWAS)" -> "Authority of Heads of State and
    Government". None when nothing is left."""
    body = re.sub(r"^the\s+", "", " ".join(written.split()))
    body = re.sub(r"\s*\([^()]*\)$", "", body)
    if parent is not None:
        for form in sorted((parent.name, *parent.acronyms, *parent.aliases), key=len, reverse=True):
            body = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(form)}$", "", body)
        if len(body.split()) > 4:  # "African Union Commission" is the title's; a long name is left out
            for form in sorted((parent.name, *parent.aliases), key=len, reverse=True):
                body = re.sub(rf"^{re.escape(form)}\s+(?=\S)", "", body)  # its acronym before the body stays
    return body if body and (parent is None or body not in (parent.name, *parent.acronyms)) else None


def _strip_state(profile: Profile, name: str, state: str) -> str:
    """'Security Council of the Republic of Tajikistan' -> 'Security Council'; 'Russian Ministry' -> 'Ministry'."""
    spec = profile.state(state)
    forms = sorted({state, *(spec.aliases if spec else ())}, key=len, reverse=True)
    for form in forms:
        name = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(form)}$", "", name)
    for adj in spec.adjectives if spec else ():
        name = re.sub(rf"^{re.escape(adj)}\s+", "", name)
    return name


# "President of the Republic, Mr. X": a state named by its form of government only; which state
# the item says elsewhere (_item_state).
_GENERIC_REALM = re.compile(r"\s+of\s+the\s+(?:Republic|Kingdom|Federation|Country|State)\b(?!\s+of\b)")
_AND = re.compile(r"\s*,?\s+and\s+(?:the\s+)?$|\s*,\s*(?:the\s+)?$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_TO = re.compile(r"\s+to\s")
_RANKED = re.compile(r"[^\W\d_]{2,}(?<!\bthe)\W*$")  # a rank or honorific between a title and a name


def observe(analysis, res, profile: Profile) -> list[Observation]:
    """Every (person, office, organization, date) the item states."""
    it = _Item(analysis, res, profile)
    out: list[Observation] = []
    appositive: dict[int, Mention] = {}  # an office's end -> the person it was said of before it
    bosses: set[int] = set()  # offices read as another office's superior ("... of the Secretary-General")
    for office in (m for m in it.mentions if m.kind == "office"):
        if office.start in bosses:
            continue
        sub = _subordinate(it, office)
        if sub is not None:
            bosses.add(sub.boss.start)
            out.extend(_subordinate_observations(it, office, sub))
            continue
        remit = it.remit(office.end, office.text)
        after, end = it.qualifier_after(office, remit[1] if remit else None)
        realm = _GENERIC_REALM.match(analysis.text, end) if after is None else None
        if realm:
            end = realm.end()
        before = it.qualifier_before(office)
        lead = _start_of(office, before)
        if _PAST.search(analysis.text[max(0, lead - 12):lead]) or _PAST.search(office.text.split()[0] + " "):
            continue  # "former CSTO Secretary General ...": not a holder now
        holder = it.holder_after(end)
        if holder is None or ("," in (gap := analysis.text[end:holder.start]) and not _RANKED.search(gap)):
            # "A, Prime Minister of X, B, Prime Minister of Y": in a list of names each followed by
            # its title, a title set off by commas on both sides belongs to the name before it
            # (not "..., the Minister of X, Colonel General B,": a rank goes before its own name)
            holder = it.holder_before(office, lead, closed=bool(_CLOSES.match(analysis.text, end))) or holder
        if holder is None:
            holder = _shared_holder(it, lead, appositive)
        if holder is None:
            holder = it.before(lead, ("person",), re.compile(r"[ \t]+"))  # "H.E. Mr. A B Ambassador of X"
        if holder is None:
            continue
        if holder.end <= office.start:
            appositive[end] = holder
        person = res.entity_for(holder)
        if person is None:
            continue
        out.extend(_observations(it, office, after, before, holder, person, end, bool(realm),
                                 remit[0] if remit else ""))
    return out + _listed_holders(it) + _verb_holders(it)


@dataclass(frozen=True)
class _Subordinate:
    boss: Mention  # the superior's office ("Secretary-General")
    org: Mention | None  # the organization or state the superior's office is of
    end: int  # where the whole title ends (with its "for ..." remit)


_OF_THE = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?")
_OF_BEFORE = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?$")
_REMIT = re.compile(r"\s+(?:for|on)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:(?:\s+(?:and|of|the|in|on))*\s+[A-Z][\w'\u2019-]*)*")
_PORTFOLIO = re.compile(r"\s+of\s+([A-Z][\w'\u2019-]*(?:(?:\s+(?:and|of|the|in|on))*\s+[A-Z][\w'\u2019-]*)*)")
_MINISTER = re.compile(r"\bMinister\Z")


def _subordinate(it: _Item, office: Mention) -> _Subordinate | None:
    """'Special Representative of the UN Secretary-General for Children and Armed Conflict',
    'Assistant to the President of Azerbaijan': an office held under another office. The whole
    title is one office, held in the superior's organization or state; the superior is no holder."""
    text = it.text
    of = _OF_THE.match(text, office.end)
    if not of:
        return None
    org = it.at(of.end(), ("organization", "place"))
    pos = org.end + 1 if org is not None and org.start == of.end() and text[org.end:org.end + 1] == " " else of.end()
    boss = next((m for m in it.mentions if m.kind == "office" and m.start == pos), None)
    if boss is None:
        return None
    after, end = it.qualifier_after(boss)
    remit = _REMIT.match(text, end)
    if of.group().split()[0] == "of" and after is None and remit is None and _named_right_after(it, end):
        return None  # "Executive Director of the X Secretariat Ambassador A": a second title of A's
    return _Subordinate(boss, after or (org if org is not None and org.start == of.end() else None),
                        remit.end() if remit else end)


def _named_right_after(it: _Item, end: int) -> bool:
    """Is a person's name written right after `end`, with nothing but a blank between?"""
    p = it.at(end, ("person",))
    return p is not None and not it.text[end:p.start].strip()


def _subordinate_observations(it: _Item, office: Mention, sub: _Subordinate) -> list[Observation]:
    holder = it.holder_after(sub.end)
    if holder is None or "," in it.text[sub.end:holder.start]:
        holder = it.holder_before(office, office.start, closed=bool(_CLOSES.match(it.text, sub.end))) or holder
    person = it.res.entity_for(holder) if holder is not None else None
    if person is None:
        return []
    org_id = it.res.entity_for(sub.org) if sub.org is not None else None
    if org_id is not None:
        it.res.used.add(org_id)
    name = re.sub(r"\s+", " ", it.text[office.start:sub.end]).strip()
    lo, hi = min(office.start, holder.start), max(sub.end, holder.end)
    evidence = re.sub(r"\s+", " ", it.text[lo:hi]).strip()
    name = _as_title(name)
    return [Observation(person, name, org_id, d, e, it.a.item.id, evidence, False, name)
            for d, e in observation_dates(it.a, office.start)]


# "A, who heads the X": the office a verb in the present names, held in the body after it.
_HOLDS = re.compile(r"\s*,\s+who\s+(?:(?:currently|now|also)\s+)?(heads|leads|chairs|directs|commands)\s+(?:the\s+)?",
                    re.I)
_TITLE_OF_VERB = {"heads": "Head", "leads": "Head", "chairs": "Chairman", "directs": "Director", "commands": "Commander"}


def _verb_holders(it: _Item) -> list[Observation]:
    """'A, who heads the Joint Staff, ...': A is the Head of the Joint Staff."""
    out = []
    for p in (m for m in it.mentions if m.kind == "person"):
        m = _HOLDS.match(it.text, p.end)
        if m is None:
            continue
        org = next((o for o in it.mentions if o.kind == "organization" and o.start == m.end()), None)
        person = it.res.entity_for(p)
        if org is None or person is None:
            continue
        office = Mention(it.a.item.id, m.start(1), m.end(1), _TITLE_OF_VERB[m.group(1).lower()], "office")
        out += _observations(it, office, org, None, p, person, org.end)
    return out


_PAREN_AFTER = re.compile(r"\s*\(([^()\n]{2,40})\)")


_OF_STATE = re.compile(r"\s+of\s+(?:State|Government)s?\b", re.I)
# Modifiers written before a plural title: "Deputy Secretaries General A and B".
_PLURAL_MODIFIER = re.compile(r"(?:^|\s)((?:First\s+)?(?:Deputy|Vice|Acting|Assistant)\s+)$")


def _listed_holders(it: _Item) -> list[Observation]:
    """An office written in the plural before the names that hold it:
    - 'The Ministers of Foreign Affairs took part: A (Belarus), B (Kazakhstan)': each name with a
      state in parentheses after it holds the office in that state;
    - 'The X Deputy Secretaries General A and B', 'Deputy Secretaries General of X A, B and C':
      the names listed right after it hold it in the organization written with it."""
    pattern, forms = it.lex.plural_offices
    if pattern is None:
        return []
    out = []
    text = it.a.text
    for start, end in it.a.sentences:
        m = pattern.search(text, start, end)
        if not m or _OF_STATE.match(text, m.end()):
            continue  # "Heads of State: A (Armenia), ...": each holds his state's own office, unnamed here
        office = forms[" ".join(m.group().lower().split())]
        spec = it.profile.office(office)
        pre = _PLURAL_MODIFIER.search(text, start, m.start())
        lead = pre.start(1) if pre else m.start()
        title = f"{' '.join(pre.group(1).split())} {office}" if pre else office
        seat = bool(spec and spec.single_seat and not pre)
        org = it.before(lead, ("organization",), _ADJOINING)
        listed_at = m.end()
        qual = _QUALIFIER.match(text, m.end())
        if org is None and qual and (q := it.at(qual.end(), ("organization",))) is not None and q.start == qual.end():
            org, listed_at = q, it.longest_end(q.start, ("organization",))
        cursor, chained = listed_at, True
        for p in it.a.mentions_in(m.end(), end, "person"):
            paren = _PAREN_AFTER.match(text, p.end, end)
            states = it.lex.matches(paren.group(1).strip(), ("state",)) if paren else []
            gap = text[cursor:p.start]
            chained = chained and p.start >= cursor and (
                it.titles.fullmatch(gap) is not None if cursor == listed_at else LIST_GAP.fullmatch(gap) is not None)
            person = it.res.entity_for(p)
            if person is None:
                continue
            if states:
                org_id, held = it.res.state(states[0].target), f"{m.group()} ... {text[p.start:paren.end()]}"
            elif chained and org is not None:
                org_id, held = it.res.entity_for(org), text[lead:p.end]
            else:
                continue
            if org_id is None:
                continue
            cursor = paren.end() if paren else p.end
            it.res.used.add(org_id)
            evidence = re.sub(r"\s+", " ", held)
            title = _as_title(title)
            out += [Observation(person, title, org_id, d, e, it.a.item.id, evidence, seat, title)
                    for d, e in observation_dates(it.a, p.start)]
    return out


def _shared_holder(it: _Item, lead: int, appositive: dict[int, Mention]) -> Mention | None:
    """'A, President of X and Minister of Foreign Affairs of Y', 'A, President of X, Chairman of
    Y': a title joined by 'and' or a comma to a title said of a name before it is said of that
    name too."""
    m = _AND.search(it.text, max(0, lead - 12), lead)
    return appositive.get(m.start()) if m else None


def _item_state(it: _Item) -> str | None:
    """The one state an item's places name (a state, or a city the profile places in it), else None."""
    found = set()
    for m in it.mentions:
        if m.kind != "place":
            continue
        states = it.lex.matches(re.sub(r"\s+", " ", m.text), ("state",))
        if states:
            found.add(states[0].target)
        elif (state := it.profile.state_of_city(m.text)) is not None:
            found.add(state)
    return found.pop() if len(found) == 1 else None


# "the Russian delegation", "the delegation of Belarus", "the Kazakh side": whose a delegation is.
_DELEGATION_OF = re.compile(r"(?i)\b(\w[\w-]*)\s+(?:delegation|side)\b|\b(?:delegation|side)\s+of\s+(?:the\s+)?(?=\w)")


def _delegation_state(it: _Item, office: Mention) -> str | None:
    """The state of the one delegation the office's sentence names before it ("The head of the
    Russian delegation, Deputy Foreign Minister A, ..."): a title without a state is the
    delegation's state's."""
    start, _ = it.a.sentence_at(office.start)
    states = set()
    for m in _DELEGATION_OF.finditer(it.text, start, office.start):
        if m.group(1) is not None:
            words = m.group(1)
        else:
            place = next((p for p in it.mentions if p.kind == "place" and p.start == m.end()), None)
            words = re.sub(r"\s+", " ", place.text) if place is not None else ""
        states.update(f.target for f in it.lex.matches(words, ("state", "adjective")))  # a state, or its adjective
    return states.pop() if len(states) == 1 else None


def _start_of(office: Mention, before) -> int:
    return before.start if isinstance(before, Mention) else office.start


def _observations(it: _Item, office: Mention, after, before, holder: Mention, person: str,
                  end: int, realm: bool = False, remit: str = "") -> list[Observation]:
    res, profile = it.res, it.profile
    name, canonical, single, scope = _office_name(profile, office)
    if remit:  # "Commissioner for Fisheries and Oceans": the remit is part of the office
        name, canonical, single = f"{name} {remit}", f"{canonical} {remit}", False
    qual = after or before
    if after is not None and before is not None and (sent_to := _TO.match(it.text, office.end, after.start)):
        qual, after = before, None  # "Kenya's Ambassador to Ghana": Kenya's, sent to Ghana
        sent = " to " + " ".join(it.text[sent_to.end():end].split())
        name, canonical = name + sent, canonical + sent
    if after is not None:
        to = it.accredited_to(office, end)
        name, canonical = name + to, canonical + to
    org_id = None
    if isinstance(qual, Mention):
        org_id = res.entity_for(qual)
    elif isinstance(qual, str):
        org_id = res.state(qual)
    if org_id is not None and res.drafts.get(org_id) and res.drafts[org_id].type == "organization":
        body_org = org_id
        name, org_id = _body_title(res, name, body_org, qual.text if isinstance(qual, Mention) else None)
        canonical, _ = _body_title(res, canonical, body_org)
    if org_id is None and " of " in holder.text:
        realm = it.lex.matches(holder.text.split(" of ", 1)[1], ("state",))
        org_id = res.state(realm[0].target) if realm else None  # "Queen Sofia of Norway"
    if org_id is None and holder.start > office.start and (of := _OF.match(it.text, holder.end)):
        after = it.at(of.end(), ("place",))  # "President Cyril Ramaphosa of the Republic of South Africa"
        realm = it.lex.matches(after.text, ("state",)) if after is not None and after.start == of.end() else []
        org_id = res.state(realm[0].target) if realm else None
    if org_id is None and scope == "organization":
        org_id = res.dominant.get(it.a.item.id)
    if org_id is None and scope == "state":
        state = _delegation_state(it, office)  # "the head of the Russian delegation, Deputy Minister X"
        org_id = res.state(state) if state else None
    if org_id is None and (scope == "state" or realm):
        state = _item_state(it)  # "the Prime Minister, Mr. X" on a visit to the one state the item names
        org_id = res.state(state) if state else None
    if org_id is not None:
        res.used.add(org_id)
    lo = min(office.start, holder.start, qual.start if isinstance(qual, Mention) else office.start)
    hi = max(office.end, holder.end)
    text = re.sub(r"\s+", " ", it.text[lo:hi]).strip()
    name, canonical = _as_title(name), _as_title(canonical)
    return [Observation(person, name, org_id, d, e, it.a.item.id, text, single, canonical)
            for d, e in (_term(it.a, end) or observation_dates(it.a, office.start))]


# "President of X (1991-2019)", "(since 2019)", "(2011 - 2016)": the years the office was held
_TERM = re.compile(r"[ \t]*\((?:(?P<since>since|from)\s+)?(?P<a>1[89]\d\d|20\d\d)"
                   r"(?:\s*[-\u2013\u2014]\s*(?P<b>1[89]\d\d|20\d\d|present|now))?\)", re.I)


def _term(analysis, end: int) -> list[tuple[PartialDate | None, PartialDate | None]]:
    m = _TERM.match(analysis.text, end)
    if not m:
        return []
    start = PartialDate(int(m.group("a")))
    if m.group("b") and m.group("b").isdigit():
        return [(start, PartialDate(int(m.group("b"))))]
    if m.group("since") or m.group("b"):  # held since then: on the item's day too
        return [(start, None)] + ([(analysis.item.published, None)] if analysis.item.published else [])
    return [(start, None)]


# --- tenures ----------------------------------------------------------------------------------

def merge_observations(observations: list[Observation]) -> list[Tenure]:
    """One Tenure per (person, office, organization), spanning its observations' dates.

    Observations without any date stay apart, in a tenure of unknown dates: merged into a
    dated one they would silently take its dates."""
    groups: dict[tuple[str, str, str | None, bool], list[Observation]] = defaultdict(list)
    orgs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in observations:
        if o.organization:
            orgs_of[(o.person, fold_key(o.canonical or o.office))].add(o.organization)
    for o in observations:
        known = orgs_of.get((o.person, fold_key(o.canonical or o.office)), set())
        if o.organization is None and len(known) == 1:
            o = replace(o, organization=next(iter(known)))  # "Foreign Minister Borg": the one he holds
        groups[(o.person, fold_key(o.canonical or o.office), o.organization, o.date is None)].append(o)
    tenures = []
    for (person, _, org, _undated), obs in groups.items():
        dates = [d for o in obs for d in (o.date, o.date_end) if d is not None]
        evidence = tuple(dict.fromkeys(Evidence(o.item_id, o.text, o.date) for o in obs))
        labels = Counter(o.office for o in obs)
        label = max(labels, key=lambda x: (labels[x], -[o.office for o in obs].index(x)))
        tenures.append(Tenure(person, label, org, min(dates) if dates else None,
                              max(dates) if dates else None, evidence))
    return tenures


def _overlap(a: Tenure, b: Tenure) -> bool:
    if None in (a.start, a.end, b.start, b.end):
        return False
    return a.start <= b.end and b.start <= a.end


CONFLICTS_NAMED = 5  # a conflict note names this many other holders, then counts the rest


def mark_conflicts(tenures: list[Tenure], single_seat: set[str], canon, names) -> list[Tenure]:
    """Two holders of a single-seat office on overlapping dates: each tenure says who else.

    `canon(tenure)` is the office's canonical name ("Foreign Minister" and "Minister of Foreign
    Affairs" are one seat); `single_seat` holds the canonical names of single-seat offices."""
    seats: dict[tuple[str, str], list[int]] = {}  # compare only within one seat
    for k, t in enumerate(tenures):
        if t.organization and t.start is not None and t.end is not None and canon(t) in single_seat:
            seats.setdefault((canon(t), t.organization), []).append(k)
    notes: dict[int, str] = {}
    for members in seats.values():
        notes.update(_seat_conflicts(tenures, members, names))
    return [replace(t, conflict=notes.get(k)) for k, t in enumerate(tenures)]


def _seat_conflicts(tenures: list[Tenure], members: list[int], names) -> dict[int, str]:
    """Conflict notes of one seat's dated tenures. Overlaps are counted with bisect over the
    sorted starts and ends (a generated corpus puts thousands of holders on one seat: comparing
    every pair took minutes at 100k pages); the others named are the latest-starting ones."""
    span = {k: (tenures[k].start._key(), tenures[k].end._key()) for k in members}  # type: ignore[union-attr]
    by_start = sorted(members, key=lambda k: (span[k][0], k))
    starts = [span[k][0] for k in by_start]
    ends = sorted(span[k][1] for k in members)
    mine: dict[str, list[int]] = {}
    for k in members:
        mine.setdefault(tenures[k].person, []).append(k)
    notes = {}
    for k in members:
        t, (lo, hi) = tenures[k], span[k]
        reach = bisect_right(starts, hi)  # tenures starting by this one's end
        overlapping = reach - bisect_left(ends, lo)  # minus those that ended before this start
        overlapping -= sum(1 for j in mine[t.person] if _overlap(tenures[j], t))  # this holder's own
        if overlapping <= 0:
            continue
        named = []
        for i in range(reach - 1, -1, -1):
            j = by_start[i]
            if tenures[j].person != t.person and lo <= span[j][1]:
                named.append(j)
                if len(named) == CONFLICTS_NAMED:
                    break
        named.sort(key=lambda j: (span[j][0], j))
        note = "; ".join(f"{names(tenures[j].person)} also held it {tenures[j].start}..{tenures[j].end}" for j in named)
        if overlapping > len(named):
            note += f"; and {overlapping - len(named)} others"
        notes[k] = note
    return notes


def find_tenures(analyses: list, res, profile: Profile) -> list[Tenure]:
    """Every tenure the corpus supports, single-seat conflicts marked, sorted by person and office."""
    observations = [o for a in analyses for o in observe(a, res, profile)]
    canonical = {(o.person, fold_key(o.office)): fold_key(o.canonical or o.office) for o in observations}
    single = {fold_key(o.canonical or o.office) for o in observations if o.single_seat}
    tenures = merge_observations(observations)

    def canon(t: Tenure) -> str:
        return canonical.get((t.person, fold_key(t.office)), fold_key(t.office))

    tenures = mark_conflicts(tenures, single, canon, res.name)
    return sorted(tenures, key=lambda t: (res.name(t.person), t.office, str(t.start)))
