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
from typing import Any

import numpy as np
from sqlalchemy import bindparam, func, select, text

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
    order: str = "relevance"  # relevance | newest


# --- the snapshot: every item's facet values, cached until the store changes ---------------


@dataclass
class Snapshot:
    """The knowledge, and every item's facet values as arrays to filter and count with numpy.

    Items are numbered newest first (position i); keys[i] is the item's key in the database
    (its rowid on SQLite, its id on PostgreSQL). Facet values ("facet\x1fvalue") are numbered
    too: occurrence j says item occ_item[j] has value occ_value[j]."""

    knowledge: Knowledge
    fingerprint: tuple
    checked: float
    names: dict[str, str] = field(default_factory=dict)
    links: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # item id -> facet -> values
    keys: list[Any] = field(default_factory=list)
    meta: list[tuple[str, str | None, str]] = field(default_factory=list)  # i -> (id, published, kind)
    position: dict[Any, int] = field(default_factory=dict)  # key -> i
    values: list[str] = field(default_factory=list)  # value number -> "facet\x1fvalue"
    value_no: dict[str, int] = field(default_factory=dict)
    occ_item: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    occ_value: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    rowids: np.ndarray | None = None  # SQLite: rowid -> position (-1: none)
    _masks: dict[str, np.ndarray] = field(default_factory=dict)

    def link(self, item_id: str | None, facet: str, value: str | None) -> None:
        if item_id and value:
            self.links.setdefault(item_id, {}).setdefault(facet, set()).add(value)

    def mask(self, facet: str, value: str) -> np.ndarray:
        """Which items have this facet value (a boolean array by position; cached)."""
        fv = f"{facet}{SEP}{value}"
        if fv not in self._masks:
            m = np.zeros(len(self.keys), bool)
            if fv in self.value_no:
                m[self.occ_item[self.occ_value == self.value_no[fv]]] = True
            self._masks[fv] = m
        return self._masks[fv]

    def matched(self, keys: list) -> np.ndarray:
        """A boolean array by position of the items with these keys."""
        m = np.zeros(len(self.keys), bool)
        if not keys:
            return m
        if self.rowids is not None:  # SQLite: rowid -> position through a lookup table
            rows = np.asarray(keys, np.int64)
            rows = rows[rows < len(self.rowids)]
            pos = self.rowids[rows]
            m[pos[pos >= 0]] = True
        else:
            get = self.position.get
            m[[i for i in map(get, keys) if i is not None]] = True
        return m

    def count(self, m: np.ndarray) -> dict[str, int]:
        """Facet value -> number of the items in the mask holding it."""
        n = np.bincount(self.occ_value[m[self.occ_item]], minlength=len(self.values))
        return {self.values[v]: int(n[v]) for v in np.flatnonzero(n)}


SEP = "\x1f"
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


def _key_column(store: Store) -> str:
    return "rowid" if store.engine.dialect.name == "sqlite" else "id"


def _build(store: Store, k: Knowledge, fp: tuple) -> Snapshot:
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
    sql = text(f"SELECT {_key_column(store)}, id, published, kind FROM items ORDER BY published DESC, id")
    with store.engine.connect() as conn:
        rows = conn.execute(sql).fetchall()
    rows.sort(key=lambda r: r[2] is None)  # undated last on both databases (stable: keeps the order)
    occ_item: list[int] = []
    occ_value: list[int] = []
    for i, (key, item_id, published, kind) in enumerate(rows):
        vals = [f"kind{SEP}{kind}"] + ([f"year{SEP}{published[:4]}"] if published else [])
        for facet, values in snap.links.get(item_id, {}).items():
            vals += [f"{facet}{SEP}{v}" for v in values]
        for fv in vals:
            occ_item.append(i)
            occ_value.append(snap.value_no.setdefault(fv, len(snap.value_no)))
        snap.keys.append(key)
        snap.meta.append((item_id, published, kind))
        snap.position[key] = i
    snap.values = list(snap.value_no)
    snap.occ_item = np.array(occ_item, np.int32)
    snap.occ_value = np.array(occ_value, np.int32)
    if store.engine.dialect.name == "sqlite" and snap.keys:
        snap.rowids = np.full(max(snap.keys) + 1, -1, np.int64)
        snap.rowids[np.asarray(snap.keys, np.int64)] = np.arange(len(snap.keys))
    return snap


def snapshot(store: Store, max_age: float = 1.0) -> Snapshot:
    """The store's knowledge and its items' facet values; re-read when the store has changed
    (checked at most every `max_age` seconds)."""
    snap = _SNAPSHOTS.get(store)
    now = time.monotonic()
    if snap is not None and now - snap.checked < max_age:
        return snap
    fp = fingerprint(store)
    if snap is None or snap.fingerprint != fp:
        snap = _build(store, store.knowledge(), fp)
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

RANK_LIMIT = 10_000  # broader queries are listed newest first: ranking them all costs too much


def _match_keys(store: Store, terms: list[Term]) -> list:
    """Keys of every item matching the query, in no order (through the driver's own cursor:
    this list can be most of the store)."""
    if store.engine.dialect.name == "sqlite":
        expr, sql = fts5_query(terms), "SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
    else:
        expr, sql = tsquery_text(terms), "SELECT id FROM items WHERE search @@ to_tsquery('english', %s)"
    if expr is None:
        return []
    with store.engine.connect() as conn:
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(sql, (expr,))
            return [r[0] for r in cur.fetchall()]
        finally:
            cur.close()


def _ranked(store: Store, terms: list[Term], snap: Snapshot, keep: np.ndarray, n: int, filtered: bool) -> list[int]:
    """Positions of the first n kept items by relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL)."""
    limit = "" if filtered else f" LIMIT {int(n)}"  # unfiltered: the database keeps only the top n
    if store.engine.dialect.name == "sqlite":
        sql = text("SELECT rowid FROM items_fts WHERE items_fts MATCH :q ORDER BY bm25(items_fts, 4.0, 1.0), rowid"
                   + limit)
        params = {"q": fts5_query(terms)}
    else:
        sql = text("SELECT id FROM items, to_tsquery('english', :q) query WHERE search @@ query "
                   "ORDER BY ts_rank_cd(search, query) DESC, id" + limit)
        params = {"q": tsquery_text(terms)}
    out: list[int] = []
    with store.engine.connect() as conn:
        for key in conn.execute(sql, params).scalars():
            i = snap.position.get(key)
            if i is not None and keep[i]:
                out.append(i)
                if len(out) >= n:
                    break
    return out


def _snippets(store: Store, terms: list[Term], keys: list) -> dict:
    """key -> (marked title, marked snippet) for the page of hits."""
    if not keys:
        return {}
    with store.engine.connect() as conn:
        if not terms:
            col = t.items.c.id if store.engine.dialect.name != "sqlite" else text("rowid")
            rows = conn.execute(select(col, t.items.c.title, func.substr(t.items.c.text, 1, 240))
                                .select_from(t.items).where(text(f"{_key_column(store)} IN :keys")
                                                           .bindparams(bindparam("keys", expanding=True))),
                                {"keys": list(keys)})
            return {r[0]: (r[1], r[2] + ("…" if len(r[2]) >= 240 else "")) for r in rows}
        if store.engine.dialect.name == "sqlite":
            marks = ", ".join(f"'{m}'" for m in (START, STOP))
            sql = text(f"SELECT rowid, highlight(items_fts, 0, {marks}), snippet(items_fts, 1, {marks}, '…', 48) "
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


def _facet_counts(snap: Snapshot, matched: np.ndarray, keep: np.ndarray,
                  filters: dict[str, np.ndarray]) -> dict[str, Counter]:
    """Counts per facet over the kept items; a chosen facet is counted without its own filter
    (so its other values stay choosable)."""
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    for fv, n in snap.count(keep).items():
        f, _, v = fv.partition(SEP)
        counts[f][v] = n
    for f in filters:
        others = matched.copy()
        for g, m in filters.items():
            if g != f:
                others &= m
        prefix = f + SEP
        counts[f] = Counter({fv[len(prefix):]: n for fv, n in snap.count(others).items() if fv.startswith(prefix)})
    return counts


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
    """Items matching the query and the facet filters, with facet counts over all of them.

    Order: by relevance, unless the query is empty or matches more than RANK_LIMIT items:
    then newest first (`SearchResult.order` says which)."""
    wanted = {"kind": kind, "year": year, "type": type, "place": place, "person": person, "body": body}
    terms = parse_query(q)
    if q.strip() and not terms:
        return SearchResult((), 0, {f: () for f in FACETS}, "relevance")
    snap = snapshot(store, max_age)
    matched = snap.matched(_match_keys(store, terms)) if terms else np.ones(len(snap.keys), bool)
    filters = {f: snap.mask(f, v) for f, v in wanted.items() if v}
    keep = matched.copy()
    for m in filters.values():
        keep &= m
    counts = _facet_counts(snap, matched, keep, filters)
    total = int(keep.sum())
    relevance = bool(terms) and int(matched.sum()) <= RANK_LIMIT
    if not total:
        page = []
    elif relevance:
        page = _ranked(store, terms, snap, keep, offset + limit, bool(filters))[offset:]
    else:
        page = [int(i) for i in np.flatnonzero(keep)[offset: offset + limit]]  # positions are newest first
    marked = _snippets(store, terms, [snap.keys[i] for i in page])
    hits = []
    for i in page:
        item_id, published, knd = snap.meta[i]
        title, snip = marked.get(snap.keys[i], (None, ""))
        title_spans = spans(title)
        hits.append(Hit(item_id, "".join(x.text for x in title_spans) or None, published, knd, title_spans,
                        spans(snip)))
    return SearchResult(tuple(hits), total, _facets(counts, snap), "relevance" if relevance else "newest")


def _facets(counts: dict[str, Counter], snap: Snapshot) -> dict[str, tuple[FacetValue, ...]]:
    out = {}
    for f in FACETS:
        pairs = (sorted(counts[f].items(), key=lambda p: (-p[1], p[0]))[:30] if f in ENTITY_FACETS
                 else sorted(counts[f].items(), reverse=f == "year"))
        out[f] = tuple(FacetValue(v, snap.names.get(v, v) if f in ENTITY_FACETS else v, n) for v, n in pairs)
    return out


def rebuild_index(store: Store) -> None:
    """Re-index every item (SQLite, after a VACUUM); PostgreSQL's column needs no rebuild."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO items_fts(items_fts) VALUES ('rebuild')"))
