"""Full-text search over items in the database itself, the same API on SQLite and PostgreSQL.

    search(store, q, kind=, type=, year=, place=, person=, body=, limit=, offset=) -> SearchResult

SQLite uses the FTS5 table `items_fts` (external content over `items`, kept in sync by
triggers: migration 0002); PostgreSQL the generated tsvector column `items.search` with a
GIN index. Both rank (bm25 / ts_rank_cd) and mark the words found; the marks come back as
structured spans (text, hit), never as HTML, so a page escapes the text and wraps the hits.

The query: words must all occur; "quoted words" are a phrase; -word excludes; word* is a
prefix. Anything else (punctuation, FTS operators) is ignored, so no input is a syntax error.

Facets (counts over the matches, after the other facets' filters):
    kind    teaser | article                 (items.kind)
    year    year published                   (items.published)
    type    event types read in the item     (events.type)
    place   places of those events           (entity ids)
    person  participants, and holders whose tenure evidence cites the item (entity ids)
    body    organizations of the events, tenures and documents adopted (entity ids)
The entity facets come from the stored knowledge, read once and cached per store until
the store changes (`snapshot`).

Bounded work: a query matching more than EXACT_LIMIT items is not read in full, so its cost
does not grow with its matches. Reading a match costs ~0.2 us on SQLite (an FTS5 doclist, handed
over as one string) but a heap visit on PostgreSQL (2-7 us: ~0.3 s for a word in 60k items), so
the limit is 20,000 on SQLite and 500 on PostgreSQL. Up to it everything is exact, and up to
RANK_LIMIT matches ordered by relevance. A broader query is listed newest first (PostgreSQL's
plan over its `published` index, or the newest candidates checked against the query in growing
chunks), its total is a lower bound (`total_exact` False: "500+"), and its facet counts are
taken over a sample -- the first EXACT_LIMIT + 1 matches the index yields, plus the hits found
-- and say so (`facets_approximate` names those facets, `facets_sample` the sample's size).
Facet filters that leave at most VERIFY_ALL candidates have every candidate checked: the total
and the counts of the facets not chosen are exact again.
"""

from __future__ import annotations

import re
import time
import weakref
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
    total_exact: bool = True  # False: more items match; `total` is a lower bound
    facets_approximate: tuple[str, ...] = ()  # facets whose counts are over a sample of the matches
    facets_sample: int | None = None  # that sample's size


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
    value_facet: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))  # value number -> FACETS index
    value_text: np.ndarray = field(default_factory=lambda: np.zeros(0, str))  # value number -> value (no facet)
    rowids: np.ndarray | None = None  # SQLite: rowid -> position (-1: none)
    _masks: dict[str, np.ndarray] = field(default_factory=dict)
    wal: str | None = None  # PostgreSQL: the WAL position read before the fingerprint

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

    def matched(self, keys: Any) -> np.ndarray:
        """A boolean array by position of the items with these keys."""
        m = np.zeros(len(self.keys), bool)
        if len(keys) == 0:
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

    def count(self, m: np.ndarray) -> np.ndarray:
        """By value number: how many of the items in the mask hold it."""
        return np.bincount(self.occ_value[m[self.occ_item]], minlength=len(self.values))


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
    split = [fv.partition(SEP) for fv in snap.values]
    snap.value_facet = np.array([FACETS.index(f) for f, _, _ in split], np.int8)
    snap.value_text = np.array([v for _, _, v in split], str)
    snap.occ_item = np.array(occ_item, np.int32)
    snap.occ_value = np.array(occ_value, np.int32)
    if store.engine.dialect.name == "sqlite" and snap.keys:
        snap.rowids = np.full(max(snap.keys) + 1, -1, np.int64)
        snap.rowids[np.asarray(snap.keys, np.int64)] = np.arange(len(snap.keys))
    return snap


def _wal_position(store: Store) -> str | None:
    """PostgreSQL's WAL position: every committed write moves it, so while it stands still the
    store has not changed and the fingerprint's counts (~20 ms over 100k items) can be skipped."""
    if store.engine.dialect.name != "postgresql":
        return None
    sql = "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END::text"
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


def snapshot(store: Store, max_age: float = 1.0) -> Snapshot:
    """The store's knowledge and its items' facet values; re-read when the store has changed
    (checked at most every `max_age` seconds)."""
    snap = _SNAPSHOTS.get(store)
    if snap is not None and time.monotonic() - snap.checked < max_age:
        return snap
    snap = load_snapshot(store, snap)
    _SNAPSHOTS[store] = snap
    return snap


def load_snapshot(store: Store, known: Snapshot | None = None) -> Snapshot:
    """`known` if the store has not changed since it was read (marked as checked now), else the
    store read again. The caller keeps it (the web server reloads in one background thread)."""
    now = time.monotonic()
    wal = _wal_position(store)  # before the fingerprint: a write after it moves the position
    if known is not None and wal is not None and wal == known.wal:
        known.checked = now
        return known
    fp = fingerprint(store)
    snap = known if known is not None and known.fingerprint == fp else _build(store, store.knowledge(), fp)
    snap.checked, snap.wal = now, wal
    return snap


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

RANK_LIMIT = 2_000  # broader queries are listed newest first: bm25 / ts_rank_cd cost ~5 us a match
EXACT_LIMIT = {"sqlite": 20_000, "postgresql": 500}  # matches read in full (see the module doc)
VERIFY_ALL = 500  # a broad query's filters leaving at most this many candidates: check them all


def _match_keys(store: Store, terms: list[Term], limit: int) -> Any:
    """Keys of up to `limit` items matching the query, in the index's order. SQLite hands them
    over as one string (a row per match through the driver costs more than the match itself)."""
    if store.engine.dialect.name == "sqlite":
        expr = fts5_query(terms)
        sql = "SELECT group_concat(rowid) FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH :q LIMIT :n)"
    else:
        expr = tsquery_text(terms)
        sql = "SELECT id FROM items WHERE search @@ to_tsquery('english', :q) LIMIT :n"
    if expr is None:
        return []
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql), {"q": expr, "n": int(limit)}).scalars().all()
    if store.engine.dialect.name != "sqlite":
        return rows
    return np.fromstring(rows[0], dtype=np.int64, sep=",") if rows and rows[0] else []


def _verify(store: Store, terms: list[Term], keys: list) -> set:
    """Which of these keys are items matching the query."""
    if not keys:
        return set()
    if store.engine.dialect.name == "sqlite":
        sql = text("SELECT rowid FROM items_fts WHERE items_fts MATCH :q AND rowid IN ("
                   + ", ".join(str(int(k)) for k in keys) + ")")
        params: dict[str, Any] = {"q": fts5_query(terms)}
    else:
        sql = text("SELECT id FROM items WHERE id = ANY(:ids) AND search @@ to_tsquery('english', :q)")
        params = {"q": tsquery_text(terms), "ids": list(keys)}
    with store.engine.connect() as conn:
        return set(conn.execute(sql, params).scalars())


def _newest_sql(store: Store, terms: list[Term], snap: Snapshot, need: int) -> list[int]:
    """Positions of the `need` newest items matching the query, by PostgreSQL's own plan: its
    index on `published` read backwards, checking each item, for a common query; the matches
    sorted for a rarer one. Dated items first, as in the snapshot."""
    one = ("SELECT id FROM items WHERE search @@ to_tsquery('english', :q) AND published IS {} NULL "
           "ORDER BY {}id LIMIT :n")
    sql = text(f"SELECT id FROM (({one.format('NOT', 'published DESC, ')}) UNION ALL ({one.format('', '')})) s LIMIT :n")
    with store.engine.connect() as conn:
        keys = conn.execute(sql, {"q": tsquery_text(terms), "n": int(need)}).scalars().all()
    return sorted(i for i in map(snap.position.get, keys) if i is not None)


def _newest(store: Store, terms: list[Term], snap: Snapshot, candidates: np.ndarray,
            need: int) -> tuple[list[int], bool]:
    """The first `need` candidates (positions, newest first) matching the query, checked in
    growing chunks; and whether every candidate was checked."""
    found: list[int] = []
    done, chunk = 0, max(2 * need, 16)
    while done < len(candidates) and len(found) < need:
        part = candidates[done: done + chunk]
        done += len(part)
        ok = _verify(store, terms, [snap.keys[i] for i in part])
        found += [int(i) for i in part if snap.keys[i] in ok]
        rate = max(len(found), 1) / done  # size the next chunk for what is still needed
        chunk = int(min(max((need - len(found)) / rate * 1.5, 16), 8 * chunk))
    return found, done >= len(candidates)


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
                  filters: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Counts per facet (by value number) over the kept items; a chosen facet is counted
    without its own filter (so its other values stay choosable)."""
    kept = snap.count(keep)
    counts = {f: kept for f in FACETS}
    for f in filters:
        others = matched.copy()
        for g, m in filters.items():
            if g != f:
                others &= m
        counts[f] = snap.count(others)
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
    exact_limit: int | None = None,
    snap: Snapshot | None = None,
) -> SearchResult:
    """Items matching the query and the facet filters, with facet counts over them.

    Order: by relevance, unless the query is empty or matches more than RANK_LIMIT items (or
    `exact_limit`, by default EXACT_LIMIT for the database): then newest first (`order` says
    which). Beyond `exact_limit` matches the total is a lower bound and the facet counts come
    from a sample (see the module doc; the result says so). `snap`: the snapshot to answer
    with (default: this module's, re-read when older than `max_age`)."""
    wanted = {"kind": kind, "year": year, "type": type, "place": place, "person": person, "body": body}
    terms = parse_query(q)
    if q.strip() and not terms:
        return SearchResult((), 0, {f: () for f in FACETS}, "relevance")
    cap = EXACT_LIMIT[store.engine.dialect.name] if exact_limit is None else max(int(exact_limit), 1)
    snap = snap if snap is not None else snapshot(store, max_age)
    filters = {f: snap.mask(f, v) for f, v in wanted.items() if v}
    keys = _match_keys(store, terms, cap + 1) if terms else []
    if len(keys) > cap:
        return _broad(store, terms, snap, snap.matched(keys), filters, limit, offset, cap)
    matched = snap.matched(keys) if terms else np.ones(len(snap.keys), bool)
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
    return SearchResult(_hits(store, terms, snap, page), total, _facets(counts, snap),
                        "relevance" if relevance else "newest")


def _broad(store: Store, terms: list[Term], snap: Snapshot, sample: np.ndarray, filters: dict[str, np.ndarray],
           limit: int, offset: int, cap: int) -> SearchResult:
    """A query matching more than `cap` items, of which `sample` holds the first cap + 1 the
    index yields: the newest hits are found by checking the newest candidates; the counts are
    over the sample and the hits found, unless few candidates made checking them all cheap."""
    candidates = np.arange(len(snap.keys))
    if filters:
        allowed = np.logical_and.reduce(list(filters.values()))
        candidates = np.flatnonzero(allowed)
        sample_kept = sample & allowed
    else:
        sample_kept = sample
    need = len(candidates) if filters and len(candidates) <= VERIFY_ALL else offset + limit
    if filters or store.engine.dialect.name == "sqlite":
        found, everything = _newest(store, terms, snap, candidates, need)
    else:  # PostgreSQL, no filter: its plan beats checking the newest items one by one
        found = _newest_sql(store, terms, snap, need)
        everything = len(found) < need
    hits = np.zeros(len(snap.keys), bool)
    hits[found] = True
    if everything:  # every candidate checked: the total and the counts over the kept items are exact
        keep, total = hits, len(found)
    else:  # a lower bound, rounded down to the cap ("1,000+") unless the pages read went further
        keep = sample_kept | hits
        total = min(int(keep.sum()), max(cap, len(found)))
    seen = sample | hits
    counts = _facet_counts(snap, seen, keep, filters)
    approximate = tuple(f for f in FACETS if f in filters or not everything)
    return SearchResult(_hits(store, terms, snap, found[offset: offset + limit]), total, _facets(counts, snap),
                        "newest", everything, approximate, int(seen.sum()) if approximate else None)


def _hits(store: Store, terms: list[Term], snap: Snapshot, page: list[int]) -> tuple[Hit, ...]:
    marked = _snippets(store, terms, [snap.keys[i] for i in page])
    hits = []
    for i in page:
        item_id, published, knd = snap.meta[i]
        title, snip = marked.get(snap.keys[i], (None, ""))
        title_spans = spans(title)
        hits.append(Hit(item_id, "".join(x.text for x in title_spans) or None, published, knd, title_spans,
                        spans(snip)))
    return tuple(hits)


def _facets(counts: dict[str, np.ndarray], snap: Snapshot) -> dict[str, tuple[FacetValue, ...]]:
    """Each facet's values with their counts: entities the 30 most frequent, years newest first,
    the others by value."""
    out = {}
    for k, f in enumerate(FACETS):
        n = counts[f]
        v = np.flatnonzero((snap.value_facet == k) & (n > 0))
        if f in ENTITY_FACETS:
            if len(v) > 30:  # only those counted at least as often as the 30th (ties sort by id)
                v = v[n[v] >= np.partition(n[v], len(v) - 30)[len(v) - 30]]
            v = v[np.lexsort((snap.value_text[v], -n[v]))[:30]]
        else:
            order = np.argsort(snap.value_text[v], kind="stable")
            v = v[order[::-1] if f == "year" else order]
        values = [str(x) for x in snap.value_text[v]]
        out[f] = tuple(FacetValue(x, snap.names.get(x, x) if f in ENTITY_FACETS else x, int(c))
                       for x, c in zip(values, n[v], strict=True))
    return out


def rebuild_index(store: Store) -> None:
    """Re-index every item (SQLite, after a VACUUM); PostgreSQL's column needs no rebuild."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO items_fts(items_fts) VALUES ('rebuild')"))
