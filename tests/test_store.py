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


def test_an_absorbed_teaser_moves_its_sources_date_and_id_onto_its_article(store):
    """Absorbing (a teaser whose article came later): every source of the teaser moves onto the
    article, keeping its run and similarity (none counts as 1.0), a source the article already has
    is kept once; the article takes the teaser's date only when it has none; the teaser's id
    becomes an alias of the article's."""
    from sqlalchemy import select

    from communique.model import Item, Source
    from communique.store import PageWrite
    from communique.store import schema as t

    run1, run2 = store.begin_run(["a"]), store.begin_run(["b"])
    teaser = Item("i_teaser000000001", "T", "Short teaser.", PartialDate(2024, 3, 1),
                  (Source("file:///list.html", 0), Source("file:///both.html", 5)))
    undated = Item("i_article00000001", "A", "The full article.", None, (Source("file:///both.html", 5),))
    dated_teaser = Item("i_teaser000000002", "T2", "Another teaser.", PartialDate(2024, 4, 2),
                        (Source("file:///list.html", 40),))
    dated = Item("i_article00000002", "A2", "Another article.", PartialDate(2024, 4, 1),
                 (Source("file:///a2.html", 0),))
    store.save_page(Page(uri="file:///list.html", text="l"), run1, [(teaser, b"s"), (dated_teaser, b"s")], [])
    store.save_page(Page(uri="file:///a2.html", text="a"), run2, [(dated, b"s")], [])
    store.save_pages([PageWrite(Page(uri="file:///both.html", text="b"), [(undated, b"s")], [],
                                [(teaser.id, undated.id), (dated_teaser.id, dated.id)])], run2)
    with store.engine.connect() as conn:
        rows = {(r.item_id, r.uri, r.offset): (r.how, r.similarity, r.run_id)
                for r in conn.execute(select(t.item_sources))}
    assert rows == {
        (undated.id, "file:///both.html", 5): ("first", 1.0, run2),
        (undated.id, "file:///list.html", 0): ("teaser", 1.0, run1),
        (dated.id, "file:///a2.html", 0): ("first", 1.0, run2),
        (dated.id, "file:///list.html", 40): ("teaser", 1.0, run1),
    }
    by_id = {it.id: it for it in store.items()}
    assert set(by_id) == {undated.id, dated.id}
    assert by_id[undated.id].published == PartialDate(2024, 3, 1)  # took the teaser's
    assert by_id[dated.id].published == PartialDate(2024, 4, 1)  # kept its own
    assert store.resolve_item_id(teaser.id) == undated.id and store.resolve_item_id(dated_teaser.id) == dated.id


def test_the_head_revision_the_store_checks_is_alembics_head():
    """Opening a store compares its alembic_version with HEAD_REVISION without loading Alembic;
    a new migration must move HEAD_REVISION with it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from communique.store import HEAD_REVISION, MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_a_store_behind_the_head_is_migrated_when_opened(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from communique.store import HEAD_REVISION, MIGRATIONS

    db = tmp_path / "old.db"
    Store(str(db)).close()
    engine = create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # back to the first revision, as a store made before the newest migration
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    engine.dispose()
    store = Store(str(db))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        assert conn.execute(text("SELECT count(*) FROM items_fts")).scalar() == 0  # the newest migration's table


def _open_and_report(db: str, results) -> None:
    try:
        Store(db).close()
        results.put("ok")
    except Exception as exc:  # reported to the test, which shows it
        results.put(str(exc))


def test_two_processes_opening_one_new_sqlite_store_at_once_both_open(tmp_path):
    """Switching a new file to WAL needs an exclusive lock, which SQLite refuses at once, without
    waiting, while the other process holds one: both opens must still succeed (about one in five
    pairs failed before _wal retried)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    failures = []
    for k in range(20):
        db, results = str(tmp_path / f"new{k}.db"), ctx.Queue()
        procs = [ctx.Process(target=_open_and_report, args=(db, results)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        failures += [r for r in (results.get(timeout=5), results.get(timeout=5)) if r != "ok"]
    assert failures == []


def _teaser_and_article(run_id_text: str = "t"):
    from communique.model import Item, Source

    teaser = Item("i_teaser00000000" + run_id_text, "T", "Short teaser.", PartialDate(2024, 2, 16),
                  (Source("file:///list.txt", 0),))
    article = Item("i_article0000000" + run_id_text, "A", "Short teaser. And the whole article.", None,
                   (Source("file:///article.html", 0),))
    return teaser, article


def test_absorbing_a_teaser_moves_the_knowledge_read_from_it(store):
    """Found by an outside probe: a teaser with events, documents or tenures read from it, absorbed by
    its article in a later run, failed the FOREIGN KEY check at `DELETE FROM items` on every retry,
    so the article could never be stored. The knowledge rows now follow the teaser onto its article."""
    from communique.model import Document, Event
    from communique.store import PageWrite

    teaser, article = _teaser_and_article()
    run1 = store.begin_run(["list.txt"])
    store.save_page(Page(uri="file:///list.txt", text="l"), run1, [(teaser, b"s")], [])
    store.replace_knowledge(Knowledge(
        events=(Event("v_1", "meeting", PartialDate(2024, 2, 16), None, None, (), (), "reported", teaser.id, "met"),),
        tenures=(Tenure("e_1", "Secretary General", None, PartialDate(2024, 2, 16), PartialDate(2024, 2, 16),
                        (Evidence(teaser.id, "the Secretary General", PartialDate(2024, 2, 16)),)),),
        documents=(Document("e_2", "Statement", "statement", None, PartialDate(2024, 2, 16), teaser.id, "adopted"),),
    ))
    run2 = store.begin_run(["article.html"])
    store.save_pages([PageWrite(Page(uri="file:///article.html", text="a"), [(article, b"s")], [],
                                [(teaser.id, article.id)])], run2)
    k = store.knowledge()
    assert [v.item_id for v in k.events] == [article.id]
    assert [d.item_id for d in k.documents] == [article.id]
    assert [e.item_id for r in k.tenures for e in r.evidence] == [article.id]
    assert [it.id for it in store.items()] == [article.id]
    assert store.resolve_item_id(teaser.id) == article.id


def test_absorbing_a_teaser_that_is_itself_an_alias_target_follows_the_chain(store):
    """Alias chains: item A was absorbed by teaser-like item B (A -> B), then B by its article C.
    Deleting B failed the aliases' foreign key; now A and B both resolve to C. And an id that was
    absorbed once, stored again and absorbed again does not repeat the alias's primary key."""
    from communique.model import Item, Source
    from communique.store import PageWrite

    first = Item("i_first0000000001", None, "Brief.", None, (Source("file:///one.txt", 0),))
    teaser, article = _teaser_and_article()
    run = store.begin_run(["x"])
    store.save_page(Page(uri="file:///one.txt", text="1"), run, [(first, b"s")], [])
    store.save_pages([PageWrite(Page(uri="file:///list.txt", text="l"), [(teaser, b"s")], [],
                                [(first.id, teaser.id)])], run)
    store.save_pages([PageWrite(Page(uri="file:///article.html", text="a"), [(article, b"s")], [],
                                [(teaser.id, article.id)])], run)
    assert store.resolve_item_id(first.id) == article.id and store.resolve_item_id(teaser.id) == article.id
    # the teaser's id comes back (its page changed), is stored, and is absorbed again
    store.save_page(Page(uri="file:///list2.txt", text="l2"), run, [(teaser, b"s")], [])
    store.save_pages([PageWrite(Page(uri="file:///article2.html", text="a2"), [], [(article.id, article, "exact", 1.0)],
                                [(teaser.id, article.id)])], run)
    assert [it.id for it in store.items()] == [article.id]
    assert store.resolve_item_id(teaser.id) == article.id
