"""Full-text search in the database (FTS5 on SQLite, tsvector on PostgreSQL): one API, same answers."""

from __future__ import annotations

import sqlite3

import pytest

from communique.model import Item, Page, PartialDate, Source
from communique.store import search as search_module
from communique.store.search import (
    FACETS,
    fts5_query,
    parse_query,
    rebuild_index,
    search,
    snapshot,
    tsquery_text,
)
from test_web_data import sample_store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    db = str(tmp_path / "f.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = sample_store(db)
    yield s
    s.close()


def text_of(spans) -> str:
    return "".join(s.text for s in spans)


def test_words_match_rank_and_highlight(store):
    r = search(store, "Masadikov Geneva", max_age=0)
    assert r.total == 1
    (hit,) = r.hits
    assert "Taalatbek Masadikov" in text_of(hit.snippet)
    marked = {s.text.lower() for s in hit.snippet if s.hit}
    assert "masadikov" in marked and marked <= {"masadikov", "geneva"}


def test_stemming_phrase_exclusion_and_prefix(store):
    assert search(store, "meetings", max_age=0).total == search(store, "meeting", max_age=0).total > 3
    phrase = search(store, '"Deputy Secretary General"', max_age=0).total
    loose = search(store, "Deputy General Secretary", max_age=0).total
    assert 0 < phrase <= loose
    assert search(store, "Minsk -conference", max_age=0).total < search(store, "Minsk", max_age=0).total
    assert search(store, "Tasmagamb*", max_age=0).total >= 2


def test_hostile_queries_are_no_syntax_errors(store):
    for q in ['"', "AND OR NOT", "NEAR(a b)", "title:x", "%", "*", "'; DROP TABLE items; --", "a^b", "(", "-minsk"]:
        r = search(store, q, max_age=0)
        assert r.total >= 0
    assert search(store, "%", max_age=0).total == 0
    assert search(store, "-minsk", max_age=0).total == 0


def test_facets_count_and_filter(store):
    r = search(store, "CSTO", max_age=0)
    facets = {f: {v.value: v.count for v in vals} for f, vals in r.facets.items()}
    assert facets["place"]["e_geneva"] == 1 and facets["person"]["e_masad"] >= 2
    assert {v.label for v in r.facets["body"]} >= {"Collective Security Treaty Organization"}
    assert sum(facets["kind"].values()) == r.total
    narrowed = search(store, "CSTO", person="e_masad", max_age=0)
    assert 0 < narrowed.total < r.total
    # the chosen facet still lists its other values (counted without its own filter)
    assert {v.value for v in narrowed.facets["person"]} >= {"e_masad", "e_tasma"}
    assert search(store, "CSTO", year="2022", max_age=0).total == facets["year"]["2022"]
    assert search(store, "", place="e_minsk", max_age=0).total == 1


def test_pagination_and_empty_query(store):
    everything = search(store, "", limit=5, max_age=0)
    assert everything.total == len(store.items()) and len(everything.hits) == 5
    page2 = search(store, "", limit=5, offset=5, max_age=0)
    assert not {h.id for h in everything.hits} & {h.id for h in page2.hits}


def test_index_follows_writes_and_absorbed_items(store):
    run = store.begin_run(["x"])
    item = Item("i_zanzibar0000001", "Zanzibar summit", "Leaders met in Zanzibar.", PartialDate(2025, 1, 2),
                (Source("file:///z.txt", 0),))
    store.save_page(Page(uri="file:///z.txt", text="x"), run, [(item, b"\x00" * 8)], [])
    (hit,) = search(store, "zanzibar", max_age=0).hits
    assert hit.id == item.id and text_of(hit.title_spans) == "Zanzibar summit"
    assert [s.text for s in hit.title_spans if s.hit] == ["Zanzibar"]
    other = store.items()[0]
    store.save_page(Page(uri="file:///y.txt", text="y"), run, [], [], absorbed=[(item.id, other.id)])
    assert search(store, "zanzibar", max_age=0).total == 0


def newest_first(hits) -> list[str]:
    """Ids in the snapshot's order: newest first, undated last, ties by id."""
    by_id = sorted(hits, key=lambda h: h.id)
    return [h.id for h in sorted(by_id, key=lambda h: h.published or "", reverse=True)]


def counts(result) -> dict[str, dict[str, int]]:
    return {f: {v.value: v.count for v in vals} for f, vals in result.facets.items()}


def test_queries_within_the_limit_are_exact(store):
    full = search(store, "CSTO", limit=50, max_age=0)
    assert full.total == 18 and full.total_exact and full.order == "relevance"
    assert full.facets_approximate == () and full.facets_sample is None
    at_limit = search(store, "CSTO", limit=50, max_age=0, exact_limit=18)
    assert (at_limit.total, at_limit.total_exact, at_limit.facets_approximate) == (18, True, ())
    assert counts(at_limit) == counts(full) and [h.id for h in at_limit.hits] == [h.id for h in full.hits]


def test_broad_queries_list_the_newest_count_a_bound_and_flag_sampled_facets(store):
    full = search(store, "CSTO", limit=50, max_age=0)
    expected = newest_first(full.hits)
    # more matches than exact_limit: newest first, the total a lower bound, every facet sampled
    broad = search(store, "CSTO", limit=1, max_age=0, exact_limit=2)
    assert broad.order == "newest" and not broad.total_exact
    assert 2 <= broad.total < full.total
    assert [h.id for h in broad.hits] == expected[:1]
    assert broad.facets_approximate == FACETS and 3 <= broad.facets_sample <= full.total
    sampled, exact = counts(broad), counts(full)
    assert sum(sampled["kind"].values()) == broad.facets_sample  # every item has one kind: the sample's size
    for f, values in sampled.items():
        assert all(0 < n <= exact[f][v] for v, n in values.items()), f
    # pages follow one another in the same order
    pages = [h.id for k in range(4) for h in search(store, "CSTO", limit=3, offset=3 * k, max_age=0, exact_limit=2).hits]
    assert pages == expected[:12]


def test_broad_queries_with_a_narrow_filter_are_exact_again(store):
    full = search(store, "CSTO", person="e_masad", limit=50, max_age=0)
    narrowed = search(store, "CSTO", person="e_masad", limit=50, max_age=0, exact_limit=2)
    # every candidate checked: the total and the other facets are exact; the chosen one is sampled
    assert narrowed.total_exact and narrowed.total == full.total == 3
    assert narrowed.facets_approximate == ("person",) and narrowed.facets_sample >= 3
    assert {f: c for f, c in counts(narrowed).items() if f != "person"} == \
        {f: c for f, c in counts(full).items() if f != "person"}
    assert [h.id for h in narrowed.hits] == newest_first(full.hits)
    assert "e_masad" in counts(narrowed)["person"]


def test_snapshot_rereads_after_a_write_and_skips_the_counts_while_postgresql_wrote_nothing(store, monkeypatch):
    pg = store.engine.dialect.name == "postgresql"
    first, wal = snapshot(store, max_age=0), search_module._wal_position(store)
    run = store.begin_run(["x"])
    item = Item("i_walwal000000001", "Tbilisi", "Leaders met in Tbilisi.", PartialDate(2025, 1, 3),
                (Source("file:///w.txt", 0),))
    store.save_page(Page(uri="file:///w.txt", text="x"), run, [(item, b"\x00" * 8)], [])
    assert (search_module._wal_position(store) != wal) if pg else wal is None
    second = snapshot(store, max_age=0)
    assert second is not first and item.id in {m[0] for m in second.meta}
    monkeypatch.setattr(search_module, "_wal_position", lambda s: "0/1" if pg else None)
    third = snapshot(store, max_age=0)  # records the (pretended) position

    def no_fingerprint(s):
        raise AssertionError("fingerprint read although nothing was written")

    monkeypatch.setattr(search_module, "fingerprint", no_fingerprint if pg else search_module.fingerprint)
    assert snapshot(store, max_age=0) is third


def test_parse_query_renders_safe_expressions():
    terms = parse_query('war "peace talks" -army pref* x"y')
    assert fts5_query(terms) == '("war" AND "peace talks" AND "pref"* AND "x" AND "y") NOT "army"'
    assert tsquery_text(terms) == "war & (peace <-> talks) & !army & pref:* & x & y"
    assert fts5_query(parse_query("-only")) is None and tsquery_text(parse_query("-only")) is None


def test_sqlite_file_has_a_datasette_detectable_fts_table(tmp_path):
    db = tmp_path / "d.db"
    store = sample_store(str(db))
    store.close()
    conn = sqlite3.connect(db)
    # datasette.utils.detect_fts: a virtual FTS table whose SQL names content="items"
    (name,) = conn.execute("""select name from sqlite_master where rootpage = 0 and (
        sql like '%VIRTUAL TABLE%USING FTS%content="items"%' or sql like '%VIRTUAL TABLE%USING FTS%content=[items]%'
        or (tbl_name = 'items' and sql like '%VIRTUAL TABLE%USING FTS%'))""").fetchone()
    assert name == "items_fts"
    # Datasette's table search: rowid in (select rowid from items_fts where items_fts match ...)
    n = conn.execute("select count(*) from items where rowid in (select rowid from items_fts where items_fts match ?)",
                     ("Geneva",)).fetchone()[0]
    assert n == 1
    conn.close()


def test_rebuild_index_restores_search_after_a_vacuum(tmp_path):
    store = sample_store(str(tmp_path / "v.db"))
    before = search(store, "Geneva", max_age=0).total
    with store.engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")
    rebuild_index(store)
    assert search(store, "Geneva", max_age=0).total == before == 1
