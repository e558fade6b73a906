"""The store on a real SQLite file and a real PostgreSQL server: same behaviour on both."""

from __future__ import annotations

import pytest

from communique.model import Evidence, Knowledge, Page, PartialDate, Tenure
from communique.pipeline import Settings, ingest
from communique.store import Store, database_url


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(str(tmp_path / "s.db"))
    else:
        s = Store(request.getfixturevalue("pg_url"))
    yield s
    s.close()


NO_EXTRACT = Settings(extract=False)


def test_database_url_forms():
    assert database_url("x.db") == "sqlite:///x.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_ingest_stores_each_item_once_with_all_sources(store, samples):
    counts = ingest(store, [str(samples)], NO_EXTRACT)
    assert counts.errors == 0 and counts.pages_read == 5
    items = store.items()
    assert len(items) == counts.items_new
    # the three teasers repeated on two pages are one item each with two sources
    multi = [it for it in items if len(it.sources) > 1]
    assert len(multi) >= 4
    assert all(len({s.uri for s in it.sources}) == len(it.sources) for it in multi)


def test_reingest_changes_nothing(store, samples):
    ingest(store, [str(samples)], NO_EXTRACT)
    before = [(it.id, it.title, it.text, it.published, it.sources) for it in store.items()]
    again = ingest(store, [str(samples)], NO_EXTRACT)
    assert again.pages_unchanged == 5 and again.items_new == 0
    assert [(it.id, it.title, it.text, it.published, it.sources) for it in store.items()] == before


def test_duplicate_fills_missing_published_date(store, samples):
    ingest(store, [str(samples)], NO_EXTRACT)
    dated = [it for it in store.items() if it.published == PartialDate(2025, 12, 5)]
    assert len(dated) == 3  # the date printed on one of the two pages is kept


def test_runs_are_recorded(store, samples, tmp_path):
    ingest(store, [str(samples), str(tmp_path / "missing")], NO_EXTRACT)
    (run,) = store.runs()
    assert run["status"] == "partial"
    assert run["counts"]["pages_read"] == 5 and run["counts"]["errors"] == 1
    assert "no such file" in run["errors"][0]


def test_knowledge_round_trip_replaces_only_knowledge(store, samples):
    ingest(store, [str(samples)], NO_EXTRACT)
    item = store.items()[0]
    k = Knowledge(tenures=(Tenure("e_1", "Secretary General", None, PartialDate(2022), PartialDate(2022, 5, 16),
                                  (Evidence(item.id, "the Secretary General", PartialDate(2022, 5, 16)),)),))
    store.replace_knowledge(k)
    assert store.knowledge().tenures == k.tenures
    store.replace_knowledge(Knowledge())
    assert store.knowledge().tenures == () and len(store.items()) > 0


def test_page_state_for_incremental_reads(store):
    page = Page(uri="file:///x.txt", text="05.12.2025\nOn 4 December the council met in Minsk.", etag='"abc"')
    run = store.begin_run(["x"])
    store.save_page(page, run, [], [])
    assert store.page_state("file:///x.txt") == (page.sha256, '"abc"', None)
    assert store.page_state("file:///other.txt") is None
