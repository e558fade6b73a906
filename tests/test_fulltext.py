"""Full-text search in the database (FTS5 on SQLite, tsvector on PostgreSQL): one API, same answers."""

from __future__ import annotations

import sqlite3

import pytest

from communique.model import Item, Page, PartialDate, Source
from communique.store.search import fts5_query, parse_query, rebuild_index, search, tsquery_text
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
