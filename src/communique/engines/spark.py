"""The Spark engine: `pipeline.ingest`'s result, computed on PySpark.

    ingest_spark(store, inputs, settings, master="local[2]", on_page=None) -> RunCounts

1. The driver reads the inputs with `sources.read_inputs`, exactly as the local engine does
   (source errors and unchanged pages are counted the same way).
2. The pages are partitioned by a stable hash of their address (cut on the driver, which
   holds them anyway: no shuffle of page text) and Spark segments them
   (`segment.segment_page`, per partition), computing each item's MinHash signature
   (`dedup.signature`) and lead key (`dedup.lead_key`).
3. Candidate near-duplicates are the pairs sharing a MinHash band, with the bands and rows
   the local engine's LSH uses for the threshold; a group-by on band keys finds them and a
   join checks each pair against the threshold with the same Jaccard estimate. Items with
   one id, and items with one lead key (the teaser rule), are linked too.
4. Connected components of those links are computed in Spark (`engines.components`).
5. Choice for chains (A ~ B ~ C, A !~ C): the local engine's rules are *replayed* inside each
   component in input order (a `dedup.Deduplicator` per component, `stages.replay_component`)
   rather than merging a whole component into one item. A component only bounds which items
   can influence each other, so the replay gives exactly the local engine's decisions: the
   first item seen is the representative, later duplicates fill a missing date or title,
   an article arriving after its teaser absorbs it.
   The labels are broadcast, so the items cross the network once, grouped by component.
6. The driver writes the pages in input order with `Store.save_page`, then extraction runs
   on the driver (`pipeline.extract`), so the store, and `communique export`, equal a local
   run's on the same inputs.

Limits: every page read is held in the driver's memory until it is written (the local engine
streams them); a page listed twice whose segmentation fails is an error once and then
`Unchanged` here, an error twice in the local engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from communique.dedup import lead_key
from communique.engines.components import connected_components
from communique.engines.session import DEFAULT_MASTER, spark_session
from communique.engines.stages import (
    Decision,
    Occ,
    Prior,
    band_keys,
    bucket_pairs,
    form_id,
    lsh_params,
    node_of,
    page_key,
    page_lists,
    replay_component,
    segment_partition,
    similarity,
    star_edges,
)
from communique.model import Page, RunCounts, SourceError
from communique.pipeline import Settings, extract, needs_extraction
from communique.sources import Unchanged, read_inputs
from communique.store import Store

PAGES_PER_PARTITION = 4000


def read_pages(inputs: list[str], settings: Settings, store: Store, counts: RunCounts,
               errors: list[tuple[int, str]], on_page: Callable[[str, str], None] | None) -> list[tuple[int, Page]]:
    """(sequence number, page) for every page to ingest; errors and unchanged pages counted."""
    pages: list[tuple[int, Page]] = []
    for seq, result in enumerate(read_inputs(inputs, settings.sources, store.page_states())):
        if isinstance(result, SourceError):
            counts.errors += 1
            errors.append((seq, str(result)))
            what = "error"
        elif isinstance(result, Unchanged):
            counts.pages_unchanged += 1
            what = "unchanged"
        else:
            pages.append((seq, result))
            continue
        if on_page:
            on_page(result.uri, what)
    return pages


def prior_items(store: Store) -> list[Prior]:
    """The stored items the dedup index starts from (`pipeline.load_index`), in id order."""
    return [Prior(rank, i, title, text, sig) for rank, (i, title, text, sig) in enumerate(store.signatures())]


# --- Spark plan -----------------------------------------------------------------------------
# Module-level functions (not lambdas) so workers unpickle them by reference.


def _identity(x: Any) -> Any:
    return x


def partitioned(pages: list[tuple[int, Page]], n: int) -> list[list[tuple[int, tuple[int, str, str]]]]:
    """The pages cut into n partitions by a stable hash of their address, on the driver
    (the same placement partitionBy would give, without shuffling every page's text once)."""
    parts: list[list[tuple[int, tuple[int, str, str]]]] = [[] for _ in range(n)]
    for order, (_seq, p) in enumerate(pages):
        key = page_key(p.uri)
        parts[key % n].append((key, (order, p.uri, p.text)))
    return parts


def _occurrences(row: tuple[int, list[Occ] | str]) -> list[Occ]:
    return [] if isinstance(row[1], str) else row[1]


def _is_error(row: tuple[int, list[Occ] | str]) -> bool:
    return isinstance(row[1], str)


def _member_node(m: Occ | Prior) -> tuple[int, Occ | Prior]:
    return node_of(m.item.id if isinstance(m, Occ) else m.id), m


def _form(keyed: tuple[int, Occ | Prior]) -> tuple[int, tuple[int, bytes]]:
    node, m = keyed
    return form_id(node, m.sig), (node, m.sig)


def _lead(keyed: tuple[int, Occ | Prior]) -> tuple[str | None, int]:
    node, m = keyed
    return (m.lead if isinstance(m, Occ) else lead_key(m.words())), node


def _first(a: Any, _b: Any) -> Any:
    return a


def near_edges(forms: Any, threshold: float, n: int) -> Any:
    """(node, node) for every pair of forms sharing a band whose similarity reaches the threshold."""
    bands, rows = lsh_params(threshold)

    def keys(row: tuple[int, tuple[int, bytes]]) -> list[tuple[int, int]]:
        fid, (_node, sig) = row
        return [(k, fid) for k in band_keys(sig, bands, rows)]

    def verified(row: tuple[int, tuple[tuple[int, bytes], tuple[int, bytes]]]) -> bool:
        _fid, ((node_a, sig_a), (node_b, sig_b)) = row
        return node_a != node_b and similarity(sig_a, sig_b) >= threshold

    # A true pair shares several bands: the copies are joined twice and dropped with the
    # adjacency's distinct (cheaper than one more shuffle here).
    pairs = forms.flatMap(keys).groupByKey(n).flatMap(lambda kv: bucket_pairs(kv[1]))
    joined = pairs.join(forms, n).map(lambda kv: (kv[1][0], kv[1][1])).join(forms, n)
    return joined.filter(verified).map(lambda kv: (kv[1][0][0], kv[1][1][0]))


def lead_edges(members: Any, n: int) -> Any:
    """Star edges inside every group of nodes sharing a lead key (the teaser rule)."""
    leads = members.map(_lead).filter(lambda kv: kv[0] is not None)
    return leads.groupByKey(n).flatMap(lambda kv: star_edges(kv[1]))


def decide(sc: Any, members: Any, threshold: float, n: int) -> Any:
    """Every occurrence's Decision: components, then the local rules replayed inside each.

    The component labels (one per node on an edge: a few per distinct story) are broadcast
    rather than joined, so the items themselves cross the network once, to their component."""
    forms = members.map(_form).reduceByKey(_first, n).cache()
    labels = connected_components(near_edges(forms, threshold, n).union(lead_edges(members, n)), n)
    table = sc.broadcast(dict(labels.collect()))
    forms.unpersist()

    def component(keyed: tuple[int, Occ | Prior]) -> tuple[int, Occ | Prior]:
        node, member = keyed
        return table.value.get(node, node), member

    return members.map(component).groupByKey(n).flatMap(lambda kv: replay_component(kv[1], threshold))


def resolve(sc: Any, pages: list[tuple[int, Page]], priors: list[Prior], threshold: float):
    """(segmentation errors by page order, iterator of (page order, decisions) in page order)."""
    n = max(sc.defaultParallelism, len(pages) // PAGES_PER_PARTITION)
    segmented = sc.parallelize(partitioned(pages, n), n).flatMap(_identity).mapPartitions(segment_partition).cache()
    errors = dict(segmented.filter(_is_error).collect())
    members = segmented.flatMap(_occurrences)
    if priors:
        members = members.union(sc.parallelize(priors, n))
    members = members.map(_member_node).cache()
    decisions = decide(sc, members, threshold, n)
    total = len(pages)

    def page_range(key: tuple[int, int]) -> int:  # contiguous page ranges: no sampling pass
        return key[0] * n // total

    ordered = decisions.map(lambda d: ((d.order, d.idx), d)).repartitionAndSortWithinPartitions(n, page_range)
    return errors, _by_page(ordered.values().toLocalIterator())


def _by_page(decisions: Iterator[Decision]) -> Iterator[tuple[int, list[Decision]]]:
    """Consecutive decisions of one page, grouped: (page order, decisions in item order)."""
    order, group = -1, []
    for d in decisions:
        if d.order != order and group:
            yield order, group
            group = []
        order = d.order
        group.append(d)
    if group:
        yield order, group


# --- the run --------------------------------------------------------------------------------


def _save_all(store: Store, run_id: int, pages: list[tuple[int, Page]], seg_errors: dict[int, str],
              decided: Iterator[tuple[int, Any]], counts: RunCounts, errors: list[tuple[int, str]],
              on_page: Callable[[str, str], None] | None) -> None:
    upcoming = next(decided, None)
    for order, (seq, page) in enumerate(pages):
        if order in seg_errors:
            counts.errors += 1
            errors.append((seq, seg_errors[order]))
            continue
        ds: list[Decision] = []
        if upcoming is not None and upcoming[0] == order:
            ds = upcoming[1]
            upcoming = next(decided, None)
        new, merges, absorbed = page_lists(ds)
        counts.items_seen += len(ds)
        counts.items_new += len(new)
        counts.duplicates_merged += len(merges)
        store.save_page(page, run_id, new, merges, absorbed)
        counts.pages_read += 1
        if on_page:
            on_page(page.uri, "read")


def ingest_spark(
    store: Store,
    inputs: list[str],
    settings: Settings | None = None,
    master: str = DEFAULT_MASTER,
    on_page: Callable[[str, str], None] | None = None,
) -> RunCounts:
    """`pipeline.ingest` on Spark: the same store afterwards, the same counts (and, like it,
    one writer at a time: a second ingest into the same store waits for this one)."""
    settings = settings or Settings()
    if not 0.0 < settings.dedup_threshold <= 1.0:
        raise ValueError(f"dedup threshold must be in (0, 1], got {settings.dedup_threshold}")
    with store.writer_lock():
        return _ingest_spark_locked(store, inputs, settings, master, on_page)


def _ingest_spark_locked(store: Store, inputs: list[str], settings: Settings, master: str,
                         on_page: Callable[[str, str], None] | None) -> RunCounts:
    counts = RunCounts()
    errors: list[tuple[int, str]] = []
    run_id = store.begin_run(inputs)
    status = "failed"
    extracted = False
    try:
        priors = prior_items(store)
        pages = read_pages(inputs, settings, store, counts, errors, on_page)
        if pages:
            sc = spark_session(master).sparkContext
            seg_errors, decided = resolve(sc, pages, priors, settings.dedup_threshold)
            _save_all(store, run_id, pages, seg_errors, decided, counts, errors, on_page)
        counts.error_lines = [line for _seq, line in sorted(errors, key=lambda e: e[0])]
        if settings.extract and needs_extraction(store, counts):
            extract(store, settings.profile, settings.workers)
            extracted = True
        status = "partial" if counts.errors else "ok"
    finally:
        counts.error_lines = [line for _seq, line in sorted(errors, key=lambda e: e[0])]
        store.finish_run(run_id, counts, status, extracted=extracted)
    return counts
