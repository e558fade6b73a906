"""What the pages show, computed from one knowledge snapshot: the meeting graph, the
timeline's buckets, upcoming events, an item's text split into highlighted segments, and
which URIs may be links. Pure functions over records; the templates only lay them out."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from urllib.parse import urlencode, urlsplit

from communique import query
from communique.model import Entity, Event, Item
from communique.web.state import View

LINK_SCHEMES = {"http", "https", "file"}


def safe_href(uri: str | None) -> str | None:
    """The URI when it may be a link (http, https, file; no whitespace or control characters)."""
    if not uri or re.search(r"[\x00-\x20\x7f]", uri):
        return None
    try:
        scheme = urlsplit(uri).scheme.lower()
    except ValueError:
        return None
    return uri if scheme in LINK_SCHEMES else None


# --- listings of entities of one type -------------------------------------------------------


def entity_rows(view: View, etype: str, name: str) -> list[tuple[Entity, int]]:
    """Entities of a type (those matching `name` when given), most events first."""
    pool = query.find_entities(view.k, name, etype) if name else [e for e in view.k.entities if e.type == etype]
    return sorted(((e, len(view.events_by_entity.get(e.id, []))) for e in pool), key=lambda p: (-p[1], p[0].name))


# --- the graph of who met whom -------------------------------------------------------------


def meeting_graph(view: View, min_weight: int = 1, limit: int = 500) -> dict:
    pairs: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()
    for v in view.k.events:
        people = sorted(set(v.participants))
        seen.update(people)
        pairs.update(combinations(people, 2))
    edges = [(a, b, n) for (a, b), n in pairs.most_common() if n >= min_weight][:limit]
    ids = sorted({x for a, b, _ in edges for x in (a, b)})
    return {"nodes": [{"id": i, "name": view.name(i), "events": seen[i]} for i in ids],
            "edges": [{"source": a, "target": b, "weight": n} for a, b, n in edges]}


# --- the timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    key: str  # "2025", "2025-12", "2025-12-05"
    label: str
    count: int
    href: str | None


def _dated(view: View, type: str | None) -> list[Event]:
    return sorted((v for v in view.k.events if v.date and (type is None or v.type == type)),
                  key=lambda v: (v.date.iso(), v.id))  # type: ignore[union-attr]


def timeline(view: View, year: int | None, month: int | None, type: str | None) -> tuple[list[Bucket], list[Event]]:
    """Buckets at the zoom level (years; months of a year; days of a month) and the events in view."""
    events = _dated(view, type)
    def href(**params: int) -> str:
        return "/timeline?" + urlencode({**params, **({"type": type} if type else {})})

    if year is None:
        counts = Counter(v.date.year for v in events)  # type: ignore[union-attr]
        return [Bucket(str(y), str(y), n, href(year=y)) for y, n in sorted(counts.items())], []
    inside = [v for v in events if v.date.year == year]  # type: ignore[union-attr]
    if month is None:
        counts = Counter(v.date.month for v in inside if v.date.month)  # type: ignore[union-attr]
        return [Bucket(f"{year}-{m:02d}", calendar.month_abbr[m], counts.get(m, 0),
                       href(year=year, month=m)) for m in range(1, 13)], inside
    inside = [v for v in inside if v.date.month == month]  # type: ignore[union-attr]
    counts = Counter(v.date.day for v in inside if v.date.day)  # type: ignore[union-attr]
    days = calendar.monthrange(year, month)[1]
    return [Bucket(f"{year}-{month:02d}-{d:02d}", str(d), counts.get(d, 0), f"#d{d}" if counts.get(d) else None)
            for d in range(1, days + 1)], inside


# --- upcoming events -----------------------------------------------------------------------


def upcoming(view: View, today: date) -> list[Event]:
    """Announced events on or after today (compared at each date's precision)."""
    iso = today.isoformat()
    return [v for v in _dated(view, None)
            if v.status == "announced" and v.date.iso() >= iso[: len(v.date.iso())]]  # type: ignore[union-attr]


def month_grid(year: int, month: int, events: list[Event]) -> list[list[tuple[date, list[Event]]]]:
    by_day: dict[date, list[Event]] = {}
    for v in events:
        if v.date and v.date.day and v.date.year == year and v.date.month == month:
            by_day.setdefault(date(v.date.year, v.date.month, v.date.day), []).append(v)
    weeks = calendar.Calendar().monthdatescalendar(year, month)
    return [[(d, by_day.get(d, []) if d.month == month else []) for d in week] for week in weeks]


# --- an item's text with its facts highlighted -----------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    evidence: bool = False
    entity: str | None = None  # entity id
    kind: str | None = None  # its type


def item_facts(view: View, item: Item) -> tuple[list[str], list[str]]:
    """(evidence sentences, entity ids) extracted from this item."""
    sentences, ids = [], []
    for v in view.events_by_item.get(item.id, []):
        sentences.append(v.evidence)
        ids += [*v.participants, *v.organizations, *([v.place] if v.place else [])]
    for r in view.tenures_by_item.get(item.id, []):
        for e in r.evidence:
            if e.item_id == item.id:
                sentences.append(e.text)
                ids += [r.person, *([r.organization] if r.organization else [])]
    for d in view.documents_by_item.get(item.id, []):
        sentences.append(d.evidence)
        ids += [x for x in (d.body, d.id) if x]
    return [s for s in dict.fromkeys(sentences) if s], [i for i in dict.fromkeys(ids) if i in view.entities]


def segments(text: str, sentences: list[str], entity_names: dict[str, list[str]], kinds: dict[str, str]) -> list[Segment]:
    """Split text where the highlighting changes: inside an evidence sentence, on an entity name."""
    n = len(text)
    ev = [False] * n
    ent: list[str | None] = [None] * n
    for s in sentences:
        for m in re.finditer(re.escape(s), text):
            ev[m.start(): m.end()] = [True] * (m.end() - m.start())
    names = sorted(((nm, eid) for eid, nms in entity_names.items() for nm in nms if len(nm) > 1), key=lambda p: -len(p[0]))
    for nm, eid in names:
        for m in re.finditer(r"(?<!\w)" + re.escape(nm) + r"(?!\w)", text):
            if all(x is None for x in ent[m.start(): m.end()]):
                ent[m.start(): m.end()] = [eid] * (m.end() - m.start())
    out: list[Segment] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or ev[i] != ev[start] or ent[i] != ent[start]:
            out.append(Segment(text[start:i], ev[start], ent[start], kinds.get(ent[start] or "")))
            start = i
    return out


def highlighted(view: View, item: Item) -> tuple[list[Segment], list[Segment], list[str]]:
    """The title's and the text's segments, and the evidence sentences found nowhere in the text."""
    sentences, ids = item_facts(view, item)
    names = {i: [view.entities[i].name, *view.entities[i].aliases] for i in ids}
    kinds = {i: view.entities[i].type for i in ids}
    full = f"{item.title}\n{item.text}" if item.title else item.text
    missing = [s for s in sentences if s not in full]
    return (segments(item.title or "", sentences, names, kinds), segments(item.text, sentences, names, kinds), missing)


def entity_href(entity_id: str | None, kind: str | None) -> str | None:
    if not entity_id:
        return None
    return {"person": "/people/", "organization": "/bodies/"}.get(kind or "", "/entities/") + entity_id
