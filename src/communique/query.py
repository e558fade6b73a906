"""Questions over the store: library functions first, the CLI and web are thin layers on them.

    who(store, office, org, on)      the holders of an office on a date, with evidence
    office_timelines(store, office)  an office's holders in order, each end with how it is known
    find_entities(store, name)       entities whose name or alias matches
    person(store, name)              offices over time, events, aliases
    events(store, ...)               events filtered by date range, type, place, person
    search(store, text)              items whose title or text hold all the words
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, or_, select

from communique.model import Entity, Event, Evidence, Item, Knowledge, PartialDate, Tenure, normalize_text
from communique.profiles import Profile, load_profiles
from communique.resolve.people import translit_key
from communique.resolve.tenures import (
    Contradiction,
    End,
    Stint,
    Timeline,
    canonical_office,
    contradictions,
    holders_on,
    timelines,
)
from communique.store import Store
from communique.store import schema as t


@lru_cache(maxsize=1)
def default_profile() -> Profile:
    """Every built-in profile merged: which offices are single-seat, and their variants."""
    return load_profiles()


def _norm(text: str | None) -> str:
    n = normalize_text(text or "")
    return n[4:] if n.startswith("the ") else n


def _names(entity: Entity) -> set[str]:
    return {_norm(entity.name)} | {_norm(a) for a in entity.aliases}


def office_matches(wanted: str, office: str) -> bool:
    """Same office, spelled alike: "Secretary-General" is "secretary general", but a
    "Deputy Secretary General" is not a "Secretary General"."""
    a, b = _norm(wanted), _norm(office)
    return bool(a) and a == b


def covers(tenure: Tenure, on: PartialDate) -> bool:
    """Does [start, end] hold the date, compared at the date's precision? A tenure seen
    only without any date says nothing about a given day."""
    if tenure.start is None and tenure.end is None:
        return False
    n = len(on.iso())
    start = tenure.start.iso()[:n] if tenure.start else "0000"
    end = tenure.end.iso()[:n] if tenure.end else "9999"
    return start <= on.iso() <= end


def find_entities(k: Knowledge, name: str, type: str | None = None) -> list[Entity]:
    """Exact name/alias matches first; else entities whose names contain every word given.
    A name without a word matches nothing."""
    wanted = _norm(name)
    if not wanted.split():
        # Fix (outside probe): "%" or "_" normalized to no word at all, and an empty set of
        # words is in every name, so /api/people?name=% listed everyone, as a LIKE wildcard would.
        return []
    pool = [e for e in k.entities if type is None or e.type == type]
    exact = [e for e in pool if wanted in _names(e)]
    if exact:
        return exact
    words = set(wanted.split())
    found = [e for e in pool if any(words <= set(n.split()) for n in _names(e))]
    if found:
        return found
    # Last, spelling-blind: "Masadykov" finds "Masadikov" (the transliteration key of resolve).
    keys = {translit_key(w) for w in words}
    return [e for e in pool if e.type == "person"
            and any(keys <= {translit_key(w) for w in n.split()} for n in _names(e))]


@dataclass(frozen=True)
class Holder:
    person: Entity
    tenure: Tenure  # the stored tenure (the first, when the holder's stint is read from several)
    stint: Stint  # the holder's interval in the office's timeline, each end with how it is known


def _office_knowledge(k: Knowledge, office: str | None, org: str | None) -> Knowledge:
    """The tenures of one office (every office when None), of one organization when given, with
    the entities they name."""
    names = {_norm(office), _norm(canonical_office(office, default_profile()))} if office is not None else None
    orgs = {e.id for e in find_entities(k, org)} if org else None
    tenures = tuple(t for t in k.tenures if (orgs is None or t.organization in orgs)
                    and (names is None or _norm(canonical_office(t.office, default_profile())) in names))
    return Knowledge(entities=k.entities, tenures=tenures)


def evidence_texts(store: object, tenures: Iterable[Tenure]) -> dict[str, str]:
    """The full text of every item the tenures cite (the sentences that state dates), when the
    store can give items (a store-like object answering knowledge() only gives none)."""
    read = getattr(store, "items", None)
    ids = sorted({e.item_id for t in tenures for e in t.evidence})
    if read is None or not ids:
        return {}
    return {it.id: it.full_text for it in read(ids)}


def evidence_pages(store: object, item_ids: Iterable[str]) -> dict[str, str]:
    """The first page address each item was read on."""
    read = getattr(store, "items", None)
    ids = sorted(set(item_ids))
    if read is None or not ids:
        return {}
    return {it.id: it.sources[0].uri for it in read(ids) if it.sources}


def office_timelines(store: Store, office: str | None = None, org: str | None = None) -> list[Timeline]:
    """The timelines of an office (every office when None), optionally of one organization."""
    return _timelines(store, store.knowledge(), office, org)


def _timelines(store: Store, k: Knowledge, office: str | None, org: str | None) -> list[Timeline]:
    k = _office_knowledge(k, office, org)
    return timelines(k, default_profile(), evidence_texts(store, k.tenures))


def who(store: Store, office: str, org: str | None, on: PartialDate) -> list[Holder]:
    """The holder(s) of an office on a date, read from the office's whole timeline: a single-seat
    office's holder holds it until the successor's first evidence, the last one until now; an acting
    holder holds it; several holders where the office has several seats or the record contradicts
    itself."""
    k = store.knowledge()
    by_id = {e.id: e for e in k.entities}
    found = []
    for tl in _timelines(store, k, office, org):
        for s in holders_on(tl, on):
            if s.person in by_id:
                found.append(Holder(by_id[s.person], s.tenures[0], s))
    return found


@dataclass(frozen=True)
class PersonView:
    entity: Entity
    tenures: tuple[Tenure, ...]
    events: tuple[Event, ...]


def person(store: Store, name: str) -> list[PersonView]:
    k = store.knowledge()
    views = []
    for entity in find_entities(k, name, "person"):
        tenures = tuple(sorted((r for r in k.tenures if r.person == entity.id), key=lambda r: (r.start or PartialDate(1),)))
        evs = tuple(sorted((v for v in k.events if entity.id in v.participants), key=_event_key))
        views.append(PersonView(entity, tenures, evs))
    return views


def _event_key(v: Event) -> str:
    return v.date.iso() if v.date else ""


def events(
    store: Store,
    date_from: PartialDate | None = None,
    date_to: PartialDate | None = None,
    type: str | None = None,
    place: str | None = None,
    person_name: str | None = None,
) -> list[Event]:
    k = store.knowledge()
    places = {e.id for e in find_entities(k, place)} if place else None
    people = {e.id for e in find_entities(k, person_name, "person")} if person_name else None
    out = []
    for v in k.events:
        day = v.date.iso() if v.date else None
        if date_from and (day is None or day < date_from.iso()[: len(day)]):
            continue
        if date_to and (day is None or day[: len(date_to.iso())] > date_to.iso()):
            continue
        if type and v.type != type:
            continue
        if places is not None and v.place not in places:
            continue
        if people is not None and not people & set(v.participants):
            continue
        out.append(v)
    return sorted(out, key=_event_key)


def search(store: Store, text: str, limit: int = 20) -> list[Item]:
    """Items whose title or text contain every word of the query (case-insensitive)."""
    words = [w for w in text.split() if w]
    if not words:
        return []
    def like(w: str) -> str:
        return "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    conds = [or_(t.items.c.text.ilike(like(w), escape="\\"), t.items.c.title.ilike(like(w), escape="\\"))
             for w in words]
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(t.items.c.id).where(and_(*conds)).order_by(t.items.c.id).limit(limit))]
    return store.items(ids)


def _iso(d: PartialDate | None) -> str | None:
    return d.iso() if d else None


def _end_json(end: End) -> dict:
    return {"date": _iso(end.date), "how": end.how}


def _evidence_json(evidence: Iterable[Evidence], pages: dict[str, str]) -> list[dict]:
    return [{"page": pages.get(e.item_id), "item": e.item_id, "sentence": e.text, "date": _iso(e.date)}
            for e in evidence]


def stint_json(s: Stint, names: dict[str, str], pages: dict[str, str]) -> dict:
    """A holder's interval as data: who, the office, each end with how it is known, the evidence
    (page address, sentence, date)."""
    return {
        "person": {"id": s.person, "name": names.get(s.person, s.person)},
        "office": s.office,
        "organization": {"id": s.organization, "name": names.get(s.organization, s.organization)} if s.organization else None,
        "acting": s.acting,
        "start": _end_json(s.start), "end": _end_json(s.end),
        "first_seen": _iso(s.first_seen),
        "last_seen": _iso(s.last_seen),
        "conflict": s.conflict,
        "evidence": _evidence_json(s.evidence, pages),
    }


def timeline_json(tl: Timeline, names: dict[str, str], pages: dict[str, str]) -> dict:
    return {"office": tl.office, "organization": {"id": tl.organization, "name": names.get(tl.organization or "", tl.organization)} if tl.organization else None,
            "single_seat": tl.single_seat, "holders": [stint_json(s, names, pages) for s in tl.holders]}


def check(store: Store) -> list[Contradiction]:
    """Single-seat offices with two holders at once, people holding two exclusive offices at once."""
    return contradictions(office_timelines(store))


def contradiction_json(c: Contradiction, names: dict[str, str], pages: dict[str, str]) -> dict:
    return {"kind": c.kind, "office": c.office, "organization": names.get(c.organization or "", c.organization),
            "other_office": c.other_office,
            "people": [{"id": p, "name": names.get(p, p)} for p in c.people],
            "on": _iso(c.on), "note": c.note, "evidence": _evidence_json(c.evidence, pages)}


def stints_json(store: Store, stints: Iterable[Stint], names: dict[str, str]) -> list[dict]:
    """The holders' intervals as data (`who --json`, /api/who), with the pages of their evidence."""
    stints = list(stints)
    pages = evidence_pages(store, (e.item_id for s in stints for e in s.evidence))
    return [stint_json(s, names, pages) for s in stints]


def timelines_json(store: Store, tls: Iterable[Timeline], names: dict[str, str]) -> list[dict]:
    """Offices' timelines as data (`office --json`, /api/offices), with the pages of their evidence."""
    tls = list(tls)
    pages = evidence_pages(store, (e.item_id for tl in tls for s in tl.holders for e in s.evidence))
    return [timeline_json(tl, names, pages) for tl in tls]


def contradictions_json(store: Store, found: Iterable[Contradiction], names: dict[str, str]) -> list[dict]:
    """Contradictions as data (`check --json`, /api/contradictions), with the pages of their evidence."""
    found = list(found)
    pages = evidence_pages(store, (e.item_id for c in found for e in c.evidence))
    return [contradiction_json(c, names, pages) for c in found]


def page_read_dates(store: Store) -> dict[str, PartialDate]:
    """Each stored page's address -> the day it was read (fetched_at), where recorded."""
    out = {}
    with store.engine.connect() as conn:
        for uri, fetched in conn.execute(select(t.pages.c.uri, t.pages.c.fetched_at)):
            if fetched and len(fetched) >= 10:
                try:
                    out[uri] = PartialDate.parse_iso(fetched[:10])
                except (ValueError, TypeError):
                    continue
    return out
