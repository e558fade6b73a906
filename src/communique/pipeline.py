"""Wires the stages: sources -> segment -> dedup -> store, then extract over stored items.

    ingest(store, inputs, settings, progress) -> RunCounts

Only `sources` reads the outside world and only `store` writes; everything between is a
pure function over records (see DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from communique.dedup import Deduplicator, item_words, signature_bytes, signature_from_bytes
from communique.model import Item, Knowledge, Page, RunCounts, SourceError, normalize_text
from communique.segment import segment_page
from communique.sources import SourceOptions, Unchanged, read_inputs
from communique.store import Store


@dataclass(frozen=True)
class Settings:
    dedup_threshold: float = 0.8
    profile: str | None = None  # None: every built-in profile
    extract: bool = True
    sources: SourceOptions = SourceOptions()


def load_index(store: Store, threshold: float) -> Deduplicator:
    dedup = Deduplicator(threshold)
    for item_id, title, text, sig in store.signatures():
        words = normalize_text(text or title or "").split()
        dedup.add(item_id, words, signature_from_bytes(sig))
    return dedup


def place_items(dedup: Deduplicator, page: Page, items: list[Item], counts: RunCounts):
    """Decide for each item of a page: new, or one more source of a known item."""
    new: list[tuple[Item, bytes]] = []
    merges: list[tuple[str, Item, str, float]] = []
    absorbed: list[tuple[str, str]] = []
    for item in items:
        counts.items_seen += 1
        words = item_words(item)
        match, mh = dedup.match(item, words)
        if match is not None and match.how == "article-of-teaser":
            absorbed.append((match.item_id, item.id))
            dedup.forget(match.item_id)
            match = None
        if match is None:
            dedup.add(item.id, words, mh)
            new.append((item, signature_bytes(mh)))
            counts.items_new += 1
        else:
            merges.append((match.item_id, item, match.how, match.similarity))
            counts.duplicates_merged += 1
    return new, merges, absorbed


def needs_extraction(store: Store, counts: RunCounts) -> bool:
    """Must this run rebuild the knowledge? When it stored new items or sources, when there
    is none yet, and (fix) when pages were stored after the last run that extracted: a run
    killed between its last page and the end of its extraction left the knowledge stale,
    and its successor, finding every page unchanged, used to skip extraction for good."""
    return bool(counts.items_new or counts.duplicates_merged or store.knowledge_stale()
                or not store.stats()["entities"])


def ingest(
    store: Store,
    inputs: list[str],
    settings: Settings = Settings(),
    on_page: Callable[[str, str], None] | None = None,
) -> RunCounts:
    """Read every input into the store; returns the run's counts (errors listed in them)."""
    with store.writer_lock():
        return _ingest_locked(store, inputs, settings, on_page)


def _ingest_locked(store, inputs, settings, on_page) -> RunCounts:
    counts = RunCounts()
    run_id = store.begin_run(inputs)
    status = "failed"
    extracted = False
    try:
        dedup = load_index(store, settings.dedup_threshold)
        for result in read_inputs(inputs, settings.sources, store):
            if isinstance(result, SourceError):
                counts.errors += 1
                counts.error_lines.append(str(result))
                if on_page:
                    on_page(result.uri, "error")
                continue
            if isinstance(result, Unchanged):
                counts.pages_unchanged += 1
                if on_page:
                    on_page(result.uri, "unchanged")
                continue
            page = result
            try:
                items = segment_page(page)
            except Exception as exc:  # a bug on one page must not stop the run
                counts.errors += 1
                counts.error_lines.append(f"{page.uri}: could not segment: {exc}")
                continue
            new, merges, absorbed = place_items(dedup, page, items, counts)
            store.save_page(page, run_id, new, merges, absorbed)
            counts.pages_read += 1
            if on_page:
                on_page(page.uri, "read")
        if settings.extract and needs_extraction(store, counts):
            extract(store, settings.profile)
            extracted = True
        status = "partial" if counts.errors else "ok"
    finally:
        store.finish_run(run_id, counts, status, extracted=extracted)
    return counts


def build(items: list[Item], profile: str | None) -> Knowledge:
    """The knowledge the items hold (pure: no store)."""
    from communique.extract import build_knowledge
    from communique.profiles import load_profile

    return build_knowledge(items, load_profile(profile))


def extract(store: Store, profile: str | None = None) -> Knowledge:
    """(Re)build the knowledge from every stored item and replace the stored knowledge."""
    knowledge = build(store.items(), profile)
    store.replace_knowledge(knowledge)
    return knowledge
