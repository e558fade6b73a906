"""The Spark engine (local[2]) leaves the same store as the local engine on the same inputs."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from communique.dedup import Deduplicator, signature, signature_bytes
from communique.engines.stages import Occ, place_one, replay_component
from communique.export import build_export
from communique.model import Item, Page, RunCounts, Source, item_id
from communique.pipeline import Segmented, Settings, ingest, place_items
from communique.store import Store


@pytest.fixture(scope="session")
def spark():
    """One shared local[2] session (two shuffle partitions, no UI) for every Spark test."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.fail("PySpark is missing: pip install -e '.[spark]' (make test installs it)")
    if shutil.which("java") is None:
        pytest.fail("no Java runtime: apt-get install openjdk-17-jre-headless (make test installs it)")
    from communique.engines.session import spark_session, stop_session

    session = spark_session("local[2]")
    assert session.conf.get("spark.sql.shuffle.partitions") == "2"
    yield session
    stop_session()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, make_corpus) -> Path:
    """A small generated corpus: listings with repeated teasers, articles, planted near-duplicates."""
    out = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(out, 40, seed=3, near_dup_rate=0.15, listing_rate=0.25)
    return out / "pages"


def _export(store: Store) -> dict:
    return build_export(store.items(), store.knowledge())


def test_spark_run_exports_what_the_local_run_exports(spark, tmp_path, samples, corpus):
    from communique.engines.spark import ingest_spark

    inputs = [str(samples), str(corpus), str(samples)]  # listed twice: unchanged the second time
    local, distributed = Store(str(tmp_path / "local.db")), Store(str(tmp_path / "spark.db"))
    want = ingest(local, inputs, Settings())
    got = ingest_spark(distributed, inputs, Settings(), master="local[2]")
    assert got == want
    assert want.duplicates_merged > 0 and want.pages_unchanged == 5
    assert _export(distributed) == _export(local)  # items, and the knowledge extracted from them
    assert distributed.stats() == local.stats()


def test_spark_run_on_a_filled_store_deduplicates_against_it(spark, tmp_path, samples, corpus):
    from communique.engines.spark import ingest_spark

    no_extract = Settings(extract=False)
    local, distributed = Store(str(tmp_path / "local.db")), Store(str(tmp_path / "spark.db"))
    for store in (local, distributed):
        ingest(store, [str(samples)], no_extract)
    first = sorted(corpus.rglob("*.html"))
    half = [str(p) for p in first[: len(first) // 2]]
    ingest(local, half, no_extract)
    ingest(distributed, half, no_extract)
    rest = [str(corpus)]  # the first half again (unchanged) and the second half, new
    assert ingest_spark(distributed, rest, no_extract) == ingest(local, rest, no_extract)
    assert _export(distributed)["items"] == _export(local)["items"]


# --- the replay, without Spark ---------------------------------------------------------------

BASE = ("the council of foreign ministers met in astana to review the joint programme of cooperation for the coming "
        "year and agreed to hold consultations on border security drug trafficking illegal migration and information "
        "security with partner organizations the ministers also discussed the supply of modern equipment to the "
        "collective forces and approved a plan for training officers at the academies of the member states and the "
        "next meeting of the council will take place in bishkek in the second half of the year after the summit of "
        "heads of state where the declaration on regional stability will be adopted by all delegations present").split()


def _item(words: list[str], uri: str, title: str | None = None) -> Item:
    text = " ".join(words) + "."
    return Item(item_id(title, text), title, text, None, (Source(uri, 0),))


def _edit(words: list[str], positions: set[int], tag: str) -> list[str]:
    return [f"{w}{tag}" if i in positions else w for i, w in enumerate(words)]


def _local_decisions(items: list[Item], threshold: float = 0.8):
    dedup, out = Deduplicator(threshold), []
    for it in items:
        w = place_items(dedup, Segmented.of(Page(uri=it.sources[0].uri, text=it.text), [it]), RunCounts())
        out.append(("new", it.id, w.absorbed) if w.new else (w.merges[0][2], w.merges[0][0], []))
    return out


def test_a_chain_of_near_duplicates_is_resolved_in_input_order():
    """A ~ B and B ~ C but A !~ C: the local engine merges B into A and keeps C; so does the replay."""
    a = _item(BASE, "a")
    b = _item(_edit(BASE, {5, 12}, "x"), "b")  # two words changed: Jaccard 0.89 to A
    c = _item(_edit(_edit(BASE, {5, 12}, "x"), {8, 15}, "y"), "c")  # two more: 0.87 to B, 0.77 to A
    sig = {it.id: signature(it.text.rstrip(".").split()) for it in (a, b, c)}
    assert sig[a.id].jaccard(sig[b.id]) >= 0.8 and sig[b.id].jaccard(sig[c.id]) >= 0.8
    assert sig[a.id].jaccard(sig[c.id]) < 0.8
    occs = [Occ(0, i, it, signature_bytes(sig[it.id])) for i, it in enumerate((a, b, c))]
    replayed = [(d.how, d.target) for d in replay_component(reversed(occs), 0.8)]
    assert replayed == [(how, target) for how, target, _ in _local_decisions([a, b, c])]
    assert replayed == [("new", a.id), ("near", a.id), ("new", c.id)]


def test_an_article_after_its_teaser_absorbs_it_in_the_replay_too():
    teaser = _item(BASE[:24], "listing", "Ministers meet")
    article = _item(BASE + "the next meeting will take place in bishkek in the second half of the year".split(),
                    "article", "Ministers meet in Astana")
    occs = [Occ(i, 0, it, signature_bytes(signature(it.text.rstrip(".").split()))) for i, it in enumerate((teaser, article))]
    decisions = replay_component(occs, 0.8)
    assert [(d.how, d.absorbed) for d in decisions] == [("new", None), ("new", (teaser.id, article.id))]
    assert _local_decisions([teaser, article])[1] == ("new", article.id, [(teaser.id, article.id)])
    dedup = Deduplicator(0.8)
    place_one(dedup, occs[1])
    assert place_one(dedup, occs[0]).how == "teaser"  # the other order: the teaser merges into it
