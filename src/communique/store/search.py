"""Full-text search over items in the database itself, the same API on SQLite and PostgreSQL.

    search(store, q, kind=, type=, year=, place=, person=, body=, limit=, offset=) -> SearchResult

SQLite uses the FTS5 table `items_fts` (external content over `items`, kept in sync by
triggers: migration 0002); PostgreSQL the generated tsvector column `items.search` with a
GIN index. Both rank (bm25 / ts_rank_cd) and mark the words found; the marks come back as
structured spans (text, hit), never as HTML, so a page escapes the text and wraps the hits.

The query: words must all occur; "quoted words" are a phrase; -word excludes; word* is a
prefix. Anything else (punctuation, FTS operators) is ignored, so no input is a syntax error.

Facets (counts over every match, after the other facets' filters):
    kind    teaser | article                 (items.kind)
    year    year published                   (items.published)
    type    event types read in the item     (events.type)
    place   places of those events           (entity ids)
    person  participants, and holders whose tenure evidence cites the item (entity ids)
    body    organizations of the events, tenures and documents adopted (entity ids)
The entity facets come from the stored knowledge, read once and cached per store until
the store changes (`snapshot`).
"""

from __future__ import annotations

import re
import time
import weakref
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from communique.model import Knowledge
from communique.store import Store
from communique.store import schema as t

START, STOP = "\ue000", "\ue001"  # private-use marks around hits, parsed into spans
FACETS = ("kind", "year", "type", "place", "person", "body")
ENTITY_FACETS = ("place", "person", "body")


@dataclass(frozen=True)
class Span:
    text: str
    hit: bool = False


@dataclass(frozen=True)
class Hit:
    id: str
    title: str | None
    published: str | None
    kind: str
    title_spans: tuple[Span, ...]
    snippet: tuple[Span, ...]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int
    facets: dict[str, tuple[FacetValue, ...]]


# --- the knowledge snapshot: entity links per item, cached until the store changes ---------


@dataclass
class Snapshot:
    knowledge: Knowledge
    fingerprint: tuple
    checked: float
    names: dict[str, str] = field(default_factory=dict)
    links: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # item -> facet -> values

    def link(self, item_id: str | None, facet: str, value: str | None) -> None:
        if item_id and value:
            self.links.setdefault(item_id, {}).setdefault(facet, set()).add(value)


_SNAPSHOTS: weakref.WeakKeyDictionary[Store, Snapshot] = weakref.WeakKeyDictionary()


def fingerprint(store: Store) -> tuple:
    """Cheap figures that change whenever items or knowledge are written."""
    def count(table):  # noqa: ANN001, ANN202
        return select(func.count()).select_from(table).scalar_subquery()

    q = select(
        count(t.items), count(t.entities), count(t.events), count(t.tenures), count(t.documents),
        select(func.max(t.tenures.c.id)).scalar_subquery(), select(func.max(t.runs.c.id)).scalar_subquery(),
        select(func.max(t.runs.c.finished_at)).scalar_subquery(),
        select(func.max(t.events.c.id)).scalar_subquery(), select(func.min(t.events.c.id)).scalar_subquery(),
    )
    with store.engine.connect() as conn:
        return tuple(conn.execute(q).one())


def _build(k: Knowledge, fp: tuple) -> Snapshot:
    snap = Snapshot(k, fp, time.monotonic(), {e.id: e.name for e in k.entities})
    for v in k.events:
        snap.link(v.item_id, "type", v.type)
        snap.link(v.item_id, "place", v.place)
        for p in v.participants:
            snap.link(v.item_id, "person", p)
        for o in v.organizations:
            snap.link(v.item_id, "body", o)
    for r in k.tenures:
        for ev in r.evidence:
            snap.link(ev.item_id, "person", r.person)
            snap.link(ev.item_id, "body", r.organization)
    for d in k.documents:
        snap.link(d.item_id, "body", d.body)
    return snap


def snapshot(store: Store, max_age: float = 1.0) -> Snapshot:
    """The store's knowledge and its per-item links; re-read when the store has changed
    (checked at most every `max_age` seconds)."""
    snap = _SNAPSHOTS.get(store)
    now = time.monotonic()
    if snap is not None and now - snap.checked < max_age:
        return snap
    fp = fingerprint(store)
    if snap is None or snap.fingerprint != fp:
        snap = _build(store.knowledge(), fp)
        _SNAPSHOTS[store] = snap
    snap.checked = now
    return snap


def invalidate(store: Store) -> None:
    _SNAPSHOTS.pop(store, None)


# --- the query language --------------------------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False


def parse_query(q: str) -> list[Term]:
    terms = []
    for m in _TOKEN.finditer(q or ""):
        neg, raw = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
        words = tuple(_WORD.findall(raw))
        if words:
            terms.append(Term(words, bool(neg), m.group(2) is None and raw.endswith("*") and len(words) == 1))
    return terms


def fts5_query(terms: list[Term]) -> str | None:
    pos = [_fts5_term(x) for x in terms if not x.negated]
    if not pos:
        return None
    expr = "(" + " AND ".join(pos) + ")"
    for x in terms:
        if x.negated:
            expr += " NOT " + _fts5_term(x)
    return expr


def _fts5_term(x: Term) -> str:
    return '"' + " ".join(x.words) + '"' + ("*" if x.prefix else "")


def tsquery_text(terms: list[Term]) -> str | None:
    if not any(not x.negated for x in terms):
        return None
    parts = []
    for x in terms:
        body = " <-> ".join(x.words) + (":*" if x.prefix else "")
        parts.append(("!" if x.negated else "") + (f"({body})" if len(x.words) > 1 else body))
    return " & ".join(parts)


def spans(marked: str | None) -> tuple[Span, ...]:
    out, hit = [], False
    for part in re.split(f"({START}|{STOP})", marked or ""):
        if part == START:
            hit = True
        elif part == STOP:
            hit = False
        elif part:
            out.append(Span(part, hit))
    return tuple(out)


# --- matching ------------------------------------------------------------------------------


def _matches(store: Store, terms: list[Term]) -> list[tuple[str, str | None, str, object]]:
    """(id, published, kind, key) of every matching item, best first; key finds its snippet."""
    with store.engine.connect() as conn:
        if not terms:
            q = select(t.items.c.id, t.items.c.published, t.items.c.kind, t.items.c.id).order_by(
                t.items.c.published.desc(), t.items.c.id)
            return [tuple(r) for r in conn.execute(q)]
        if store.engine.dialect.name == "sqlite":
            expr = fts5_query(terms)
            if expr is None:
                return []
            sql = text("SELECT i.id, i.published, i.kind, i.rowid FROM items_fts "
                       "JOIN items i ON i.rowid = items_fts.rowid WHERE items_fts MATCH :q "
                       "ORDER BY bm25(items_fts, 4.0, 1.0), i.id")
            return [tuple(r) for r in conn.execute(sql, {"q": expr})]
        tsq = tsquery_text(terms)
        if tsq is None:
            return []
        sql = text("SELECT id, published, kind, id FROM items, to_tsquery('english', :q) query "
                   "WHERE search @@ query ORDER BY ts_rank_cd(search, query) DESC, id")
        return [tuple(r) for r in conn.execute(sql, {"q": tsq})]


def _snippets(store: Store, terms: list[Term], keys: list) -> dict:
    """key -> (marked title, marked snippet) for the page of hits."""
    if not keys:
        return {}
    with store.engine.connect() as conn:
        if not terms:
            rows = conn.execute(select(t.items.c.id, t.items.c.title, func.substr(t.items.c.text, 1, 240))
                                .where(t.items.c.id.in_(keys)))
            return {r[0]: (r[1], r[2] + ("…" if len(r[2]) >= 240 else "")) for r in rows}
        if store.engine.dialect.name == "sqlite":
            marks = ", ".join(f"'{m}'" for m in (START, STOP))
            sql = text(f"SELECT rowid, highlight(items_fts, 0, {marks}), snippet(items_fts, 1, {marks}, '…', 40) "
                       "FROM items_fts WHERE items_fts MATCH :q AND rowid IN (" +
                       ", ".join(str(int(k)) for k in keys) + ")")
            return {r[0]: (r[1], r[2]) for r in conn.execute(sql, {"q": fts5_query(terms)})}
        opts = f"StartSel={START}, StopSel={STOP}"
        sql = text("SELECT id, CASE WHEN title IS NULL THEN NULL ELSE ts_headline('english', title, query, :all) END, "
                   "ts_headline('english', text, query, :frag) FROM items, to_tsquery('english', :q) query "
                   "WHERE id = ANY(:ids)")
        params = {"q": tsquery_text(terms), "ids": list(keys), "all": opts + ", HighlightAll=true",
                  "frag": opts + ", MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \""}
        return {r[0]: (r[1], r[2]) for r in conn.execute(sql, params)}


# --- the search ----------------------------------------------------------------------------


def _values(snap: Snapshot, item_id: str, published: str | None, kind: str, facet: str) -> set[str]:
    if facet == "kind":
        return {kind}
    if facet == "year":
        return {published[:4]} if published else set()
    return snap.links.get(item_id, {}).get(facet, set())


def search(
    store: Store,
    q: str = "",
    *,
    kind: str | None = None,
    year: str | None = None,
    type: str | None = None,
    place: str | None = None,
    person: str | None = None,
    body: str | None = None,
    limit: int = 20,
    offset: int = 0,
    max_age: float = 1.0,
) -> SearchResult:
    """Items matching the query and the facet filters, best first, with facet counts."""
    wanted = {"kind": kind, "year": year, "type": type, "place": place, "person": person, "body": body}
    wanted = {f: v for f, v in wanted.items() if v}
    terms = parse_query(q)
    if q.strip() and not terms:
        return SearchResult((), 0, {f: () for f in FACETS})
    snap = snapshot(store, max_age)
    rows = _matches(store, terms)
    keep, counts = [], {f: Counter() for f in FACETS}
    for row in rows:
        vals = {f: _values(snap, *row[:3], f) for f in FACETS}
        fails = [f for f, v in wanted.items() if v not in vals[f]]
        if not fails:
            keep.append(row)
        for f in FACETS:  # a facet's counts ignore its own filter (so other values stay choosable)
            if not fails or fails == [f]:
                counts[f].update(vals[f])
    page = keep[offset: offset + limit]
    marked = _snippets(store, terms, [k for *_, k in page])
    hits = []
    for item_id, published, knd, key in page:
        title, snip = marked.get(key, (None, ""))
        plain = "".join(s.text for s in spans(title)) or None
        hits.append(Hit(item_id, plain, published, knd, spans(title), spans(snip)))
    return SearchResult(tuple(hits), len(keep), _facets(counts, snap))


def _facets(counts: dict[str, Counter], snap: Snapshot) -> dict[str, tuple[FacetValue, ...]]:
    out = {}
    for f in FACETS:
        pairs = counts[f].most_common(30) if f in ENTITY_FACETS else sorted(counts[f].items(), reverse=f == "year")
        out[f] = tuple(FacetValue(v, snap.names.get(v, v) if f in ENTITY_FACETS else v, n) for v, n in pairs)
    return out


def rebuild_index(store: Store) -> None:
    """Re-index every item (SQLite, after a VACUUM); PostgreSQL's column needs no rebuild."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO items_fts(items_fts) VALUES ('rebuild')"))
