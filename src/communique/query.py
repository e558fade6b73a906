"""Questions over the store: library functions first, the CLI and web are thin layers on them.

    who(store, office, org, on)      the holders of an office on a date, with evidence
    find_entities(store, name)       entities whose name or alias matches
    person(store, name)              offices over time, events, aliases
    events(store, ...)               events filtered by date range, type, place, person
    search(store, text)              items whose title or text hold all the words
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from communique.model import Entity, Event, Item, Knowledge, PartialDate, Tenure, normalize_text
from communique.resolve.people import translit_key
from communique.store import Store
from communique.store import schema as t


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
    tenure: Tenure


def who(store: Store, office: str, org: str | None, on: PartialDate) -> list[Holder]:
    k = store.knowledge()
    by_id = {e.id: e for e in k.entities}
    orgs = {e.id for e in find_entities(k, org)} if org else None
    found = []
    for tenure in k.tenures:
        if not office_matches(office, tenure.office) or not covers(tenure, on):
            continue
        if orgs is not None and tenure.organization not in orgs:
            continue
        if tenure.person in by_id:
            found.append(Holder(by_id[tenure.person], tenure))
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
