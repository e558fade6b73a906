"""Several worker processes give exactly what one process gives: the same items, in the same
store order, and the same knowledge (communique.parallel)."""

from __future__ import annotations

import pytest

from communique import extract, parallel
from communique.export import build_export
from communique.extract import build_knowledge
from communique.pipeline import Settings, ingest
from communique.store import Store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, make_corpus):
    out = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(out, 60, seed=5, near_dup_rate=0.15, listing_rate=0.25)
    return out / "pages"


@pytest.fixture
def small_thresholds(monkeypatch):
    """Pools start after a few elements instead of hundreds, and the finders get the analyses a
    few at a time (forked workers inherit this)."""
    monkeypatch.setattr(parallel, "WARMUP", 8)
    monkeypatch.setattr(parallel, "MIN_CHUNKED", 10)
    monkeypatch.setattr(extract, "FIND_WINDOW", 7)


def test_two_workers_store_and_export_what_one_does(tmp_path, corpus, small_thresholds):
    exports = []
    for workers in (1, 2):
        store = Store(str(tmp_path / f"w{workers}.db"))
        counts = ingest(store, [str(corpus)], Settings(workers=workers, commit_pages=16))
        assert counts.errors == 0 and counts.pages_read == 60
        exports.append(build_export(store.items(), store.knowledge()))
    assert exports[0]["items"] and exports[0]["events"] and exports[0]["entities"]
    assert exports[0] == exports[1]


def test_knowledge_does_not_depend_on_the_number_of_workers(tmp_path, corpus, small_thresholds):
    store = Store(str(tmp_path / "s.db"))
    ingest(store, [str(corpus)], Settings(extract=False))
    items = store.items()
    one, three = build_knowledge(items, workers=1), build_knowledge(items, workers=3)
    assert one == three and len(one.entities) > 10


def test_ordered_keeps_order_and_passes_through_every_element():
    with parallel.Workers(2) as pool:
        out = list(pool.ordered(_square, range(300), chunksize=7))
    assert out == [k * k for k in range(300)]


def test_small_jobs_stay_in_process():
    with parallel.Workers(4) as pool:
        assert pool.map(_squares, list(range(parallel.MIN_CHUNKED - 1)))[:3] == [0, 1, 4]
        assert pool._pool is None  # no process was started for it


def _square(k: int) -> int:
    return k * k


def _squares(chunk, _context) -> list[int]:
    return [k * k for k in chunk]


def test_ordered_keeps_order_and_reads_its_input_only_a_bounded_window_ahead(small_thresholds):
    """A consumer slower than the workers must not make the input be read to the end (at 100k
    pages that held every page in memory): at most workers x IN_FLIGHT tasks run ahead."""
    drawn = 0

    def source():
        nonlocal drawn
        for x in range(2_000):
            drawn += 1
            yield x

    workers, chunk = 2, 4
    bound = parallel.WARMUP + (workers * parallel.IN_FLIGHT + 1) * chunk
    ahead = []
    out = []
    with parallel.Workers(workers) as pool:
        for y in pool.ordered(_square, source(), chunk):
            out.append(y)
            ahead.append(drawn - len(out))
    assert out == [x * x for x in range(2_000)]
    assert max(ahead) <= bound
    assert max(ahead) > 0  # the workers did run ahead of the consumer


def test_pages_parsed_in_the_workers_are_settled_in_input_order(tmp_path, corpus, small_thresholds):
    """Local pages are parsed in the workers (sources.Reading defer=True); the main process still
    tells, in input order, a page this run already read (an input listed twice) and a page the
    store holds in this version (the next run): both are unchanged, nothing is stored twice."""
    store = Store(str(tmp_path / "twice.db"))
    first = ingest(store, [str(corpus), str(corpus)], Settings(workers=2, extract=False))
    assert (first.pages_read, first.pages_unchanged, first.errors) == (60, 60, 0)
    items = store.items()
    again = ingest(store, [str(corpus)], Settings(workers=2, extract=False))
    assert (again.pages_read, again.pages_unchanged, again.items_new, again.duplicates_merged) == (0, 60, 0, 0)
    assert store.items() == items
