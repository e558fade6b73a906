"""Crash safety and concurrency: `communique ingest` SIGKILLed at random moments, readers
during an ingest, two ingests at once; on SQLite and on PostgreSQL.

The ingests run as `communique` CLI processes forked from a fork server that has done the
imports once (tests/hostile/zygote.py), so dozens of them fit in seconds; the reference
runs and the final exports use the real console script. Kill moments are drawn from a
seeded generator (COMMUNIQUE_KILL_SEED); COMMUNIQUE_LONG=1 (or --long) raises the number of
kills (COMMUNIQUE_KILLS overrides it).
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from communique.dedup import NUM_PERM
from communique.model import Entity, Knowledge
from communique.pipeline import Settings, ingest
from communique.store import Store
from hostile import long_run
from hostile.cli import CliRunner, run_console_script
from hostile.corpus import write_corpus

LONG = long_run()
KILLS = int(os.environ.get("COMMUNIQUE_KILLS", "30" if LONG else "5"))
SEED = int(os.environ.get("COMMUNIQUE_KILL_SEED", "20240312"))
NO_EXTRACT = Settings(extract=False)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "pages"
    assert len(write_corpus(folder, pages=40)) == 40
    return folder


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    with CliRunner(tmp_path_factory.mktemp("cli-logs")) as runner:
        yield runner


@pytest.fixture(scope="module")
def reference(corpus, cli, tmp_path_factory) -> dict:
    """One clean run with the real console script (--no-extract), and its export."""
    folder = tmp_path_factory.mktemp("reference")
    db, out = str(folder / "clean.db"), folder / "clean.json"
    done = run_console_script(["ingest", "--no-extract", "--db", db, str(corpus)])
    assert done.returncode == 0, done.stderr
    code, log = cli.run(["export", "--db", db, "--format", "json", str(out)])
    assert code == 0, log
    doc = json.loads(out.read_text())
    assert len(doc["items"]) >= 20 and any(it["duplicates"] >= 2 for it in doc["items"])
    return doc


@pytest.fixture
def new_db(tmp_path, request):
    """A factory of empty stores of the test's backend ("sqlite" or "postgresql")."""
    backend = request.param
    counter = iter(range(1000))

    def make() -> str:
        if backend == "sqlite":
            return str(tmp_path / f"store{next(counter)}.db")
        return _fresh_pg(request)

    return make


def _fresh_pg(request) -> str:
    import psycopg

    server = request.getfixturevalue("pg_server")
    name = f"k{time.time_ns() % 10**12}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


# --- what "consistent" means -------------------------------------------------------------------


def inconsistencies(db: str) -> list[str]:
    """Every way the store could be half-written, as readable lines (empty: consistent)."""
    checks = {
        "item without a source": "SELECT i.id FROM items i WHERE NOT EXISTS (SELECT 1 FROM item_sources s WHERE s.item_id = i.id)",
        "source whose page is missing": "SELECT s.item_id || ' ' || s.uri FROM item_sources s WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.uri = s.uri)",
        "source whose item is missing": "SELECT s.item_id FROM item_sources s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.item_id)",
        "item without a signature": f"SELECT id FROM items WHERE signature IS NULL OR length(signature) != {NUM_PERM * 8}",
        "alias of a missing item": "SELECT a.old_id FROM item_aliases a WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = a.item_id)",
        "alias that is still an item": "SELECT a.old_id FROM item_aliases a JOIN items i ON i.id = a.old_id",
        "event of a missing item": "SELECT v.id FROM events v WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = v.item_id)",
        "document of a missing item": "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = d.item_id)",
        "page without text": "SELECT uri FROM pages WHERE text IS NULL OR sha256 IS NULL",
    }
    store = Store(db)
    try:
        with store.engine.connect() as conn:
            return [f"{what}: {row[0]}" for what, sql in checks.items() for row in conn.execute(text(sql))]
    finally:
        store.close()


def export_items(cli: CliRunner, db: str, out: Path) -> list[dict]:
    code, log = cli.run(["export", "--db", db, "--format", "json", str(out)])
    assert code == 0, log
    return json.loads(out.read_text())["items"]


# --- SIGKILL at random moments -------------------------------------------------------------------


def _clean_run_seconds(cli: CliRunner, db: str, corpus: Path) -> float:
    started = time.monotonic()
    code, log = cli.run(["ingest", "--no-extract", "--commit-pages", "3", "--db", db, str(corpus)])
    assert code == 0, log
    return time.monotonic() - started


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_sigkill_at_random_moments_then_rerun_equals_one_clean_run(new_db, corpus, cli, reference, tmp_path):
    """Ingest runs are SIGKILLed at random moments (from an empty store: during the schema
    migration too). After every kill the store is consistent; the run after the kills
    completes, and its export equals one clean run's. A killed run's successor goes on
    from where it stopped; when a run completes, the next round starts from a new store."""
    rnd = random.Random(SEED)
    seconds = _clean_run_seconds(cli, new_db(), corpus)  # how long one forked run takes here
    kills = landed = rounds = 0
    db = new_db()
    for _ in range(KILLS * 20):  # a bound, should runs keep finishing before their kill
        if kills >= KILLS:
            break
        # small transactions, so kills land between and inside them
        pid = cli.start(["ingest", "--no-extract", "--commit-pages", "3", "--db", db, str(corpus)])
        time.sleep(rnd.uniform(0.0, seconds * 1.1))
        code = cli.kill(pid)
        assert code in (-9, 0), cli.log(pid)  # killed, or it had finished
        problems = inconsistencies(db)
        assert not problems, f"after kill {kills + 1} ({code}):\n" + "\n".join(problems[:20])
        if code == -9:
            kills += 1
            landed += 0 < _pages(db) < 40
            continue
        # This run completed before the kill came: it must equal the clean run.
        assert export_items(cli, db, tmp_path / f"round{rounds}.json") == reference["items"]
        rounds += 1
        db = new_db()
    assert kills == KILLS, f"only {kills} of {KILLS} kills landed before their run finished"
    code, log = cli.run(["ingest", "--no-extract", "--db", db, str(corpus)])
    assert code == 0, log
    assert not inconsistencies(db)
    assert export_items(cli, db, tmp_path / "final.json") == reference["items"]
    statuses = [r["status"] for r in Store(db).runs()]
    assert "running" not in statuses and statuses[-1] == "ok"  # the killed runs are marked killed
    print(f"\n{KILLS} kills survived ({landed} with part of the pages stored), {rounds} rounds completed")


def test_sigkill_while_a_new_store_is_created_leaves_one_that_opens(cli, tmp_path):
    """Killed while the schema is created (Alembic migrations), a new SQLite store is either
    absent or whole: the next open works. Regression: it used to keep half the tables and
    refuse every later open ("table runs already exists")."""
    rnd = random.Random(SEED + 1)
    attempts = 100 if LONG else 12
    for k in range(attempts):
        db = Path(tmp_path / f"new{k}.db")
        pid = cli.start(["ingest", "--no-extract", "--db", str(db), str(tmp_path / "missing")])  # opens, then fails
        deadline = time.monotonic() + 10
        while not db.exists() and time.monotonic() < deadline:  # the file appears as the schema is made
            time.sleep(0.001)
        time.sleep(rnd.uniform(0.0, 0.06))
        cli.kill(pid)
        Store(str(db)).close()  # raised StoreError before the fix
        assert not inconsistencies(str(db))


@pytest.mark.skipif(not LONG, reason="three runs with extraction (~10 s): COMMUNIQUE_LONG=1 or --long; "
                    "test_knowledge_left_stale_by_a_crash_is_rebuilt_by_the_next_run checks the same logic quickly")
def test_sigkill_during_extraction_then_rerun_equals_one_clean_run(cli, samples, tmp_path):
    """With extraction: a run killed while it extracts (its pages stored, the knowledge not
    yet replaced) is completed by the next run, knowledge included."""
    rnd = random.Random(SEED + 2)
    clean, out = str(tmp_path / "clean.db"), tmp_path / "export.json"
    started = time.monotonic()
    code, log = cli.run(["ingest", "--db", clean, str(samples)])
    assert code == 0, log
    seconds = time.monotonic() - started
    code, log = cli.run(["export", "--db", clean, "--format", "json", str(out)])
    want = json.loads(out.read_text())
    assert want["entities"]
    for attempt in range(5):  # until a kill lands between the last page and the end of extraction
        db = str(tmp_path / f"killed{attempt}.db")
        pid = cli.start(["ingest", "--db", db, str(samples)])
        deadline = time.monotonic() + 60
        while cli.poll(pid) is None and time.monotonic() < deadline:
            if Path(db).exists() and _pages(db) == 5:  # every page stored: extracting now
                time.sleep(rnd.uniform(0.0, seconds / (4 * (attempt + 1))))
                break
            time.sleep(0.01)
        if cli.kill(pid) == -9:
            break
    else:
        pytest.fail("every run finished before it could be killed during extraction")
    assert _pages(db) == 5 and not inconsistencies(db)
    code, log = cli.run(["ingest", "--db", db, str(samples)])
    assert code == 0, log
    code, log = cli.run(["export", "--db", db, "--format", "json", str(out)])
    assert json.loads(out.read_text()) == want


def _pages(db: str) -> int:
    store = Store(db)
    try:
        return store.stats()["pages"]
    except Exception:  # noqa: BLE001 - the schema may not be there yet
        return -1
    finally:
        store.close()


def test_knowledge_left_stale_by_a_crash_is_rebuilt_by_the_next_run(tmp_path, samples, monkeypatch):
    """A run that stored new pages and died before extraction: the next run finds every
    page unchanged, and still rebuilds the knowledge (which misses those pages' items)."""
    import communique.extract as extraction

    def fake_build(items, profile, workers=1, kept=None):  # one entity per item: shows which items it covers
        entities = tuple(Entity(f"e_{it.id[2:]}", "organization", it.id) for it in items)
        return Knowledge(entities=entities), {}

    monkeypatch.setattr(extraction, "rebuild_knowledge", fake_build)
    pages = sorted(samples.iterdir())
    db = str(tmp_path / "s.db")
    store = Store(db)
    ingest(store, [str(p) for p in pages[:2]], Settings())
    assert {e.name for e in store.knowledge().entities} == {it.id for it in store.items()}

    def dying_build(items, profile, workers=1, kept=None):
        raise KeyboardInterrupt("killed while extracting")

    monkeypatch.setattr(extraction, "rebuild_knowledge", dying_build)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, [str(p) for p in pages], Settings())
    monkeypatch.setattr(extraction, "rebuild_knowledge", fake_build)
    again = ingest(store, [str(p) for p in pages], Settings())
    assert again.items_new == 0 and again.pages_unchanged == len(pages)
    assert {e.name for e in store.knowledge().entities} == {it.id for it in store.items()}
    # ... and a run after that, with nothing new, leaves the knowledge alone.
    monkeypatch.setattr(extraction, "rebuild_knowledge", dying_build)
    ingest(store, [str(p) for p in pages], Settings())


# --- concurrency -----------------------------------------------------------------------------------


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_readers_during_an_ingest_never_see_an_item_without_sources(new_db, corpus, cli):
    """A reader polling items() and stats() while an ingest writes (SQLite WAL, PostgreSQL
    MVCC) sees consistent snapshots: every item has a source, never fewer sources than items."""
    db = new_db()
    Store(db).close()  # schema first, so the reader can start at once
    reader = Store(db)
    seen = {"during": 0, "items": 0}
    problems: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        done = False
        while not done:
            done = stop.is_set()  # one last snapshot after the ingest has ended
            items = reader.items()
            stats = reader.stats()
            seen["during"] += not done  # begun before the ingest had ended
            seen["items"] = max(seen["items"], len(items))
            problems.extend(f"{it.id} has no source" for it in items if not it.sources)
            if stats["sources"] < stats["items"]:
                problems.append(f"stats: {stats['items']} items but {stats['sources']} sources")

    thread = threading.Thread(target=poll)
    thread.start()
    try:
        # a commit per page: the reader sees the store grow, not only its final state
        code, log = cli.run(["ingest", "--no-extract", "--commit-pages", "1", "--db", db, str(corpus)])
    finally:
        stop.set()
        thread.join(30)
    assert code == 0, log
    assert not problems, problems[:10]
    # at least one snapshot read while the ingest wrote (how many depends on the machine: the
    # ingest got faster and a loaded CI machine saw 2, where 3 had been asked), and the last one
    # after it saw the items
    assert seen["during"] >= 1 and seen["items"] > 0
    reader.close()


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_two_ingests_at_once_in_one_process_queue(new_db, samples, tmp_path):
    """Two threads, each with its own Store on one database: the writer lock queues them, the
    second finds nothing new, and the store is what one clean run leaves."""
    db = new_db()
    Store(db).close()
    results = []

    def run() -> None:
        store = Store(db)
        results.append(ingest(store, [str(samples)], NO_EXTRACT))
        store.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert len(results) == 2 and all(r.errors == 0 for r in results)
    assert sorted(r.pages_read for r in results) == [0, 5]  # the second waited, then found nothing new
    store = Store(db)
    clean = Store(str(tmp_path / "clean.db"))
    ingest(clean, [str(samples)], NO_EXTRACT)
    from communique.export import build_export

    assert build_export(store.items())["items"] == build_export(clean.items())["items"]
    assert not inconsistencies(db)


@pytest.mark.parametrize("new_db", BACKENDS, indirect=True)
def test_two_ingest_processes_at_once_queue(new_db, corpus, cli, reference, tmp_path):
    """Two `communique ingest` processes on one store: the writer lock queues them."""
    db = new_db()
    pids = [cli.start(["ingest", "--no-extract", "--db", db, str(corpus)]) for _ in range(2)]
    logs = []
    for pid in pids:
        code = cli.wait(pid)
        logs.append(cli.log(pid))
        assert code == 0, logs[-1]
    read = sorted(int(re.search(r"pages read\D+(\d+)", log).group(1)) for log in logs)
    assert read == [0, 40], logs
    assert export_items(cli, db, tmp_path / "two.json") == reference["items"]
