"""Wires the stages: sources -> segment -> dedup -> store, then extract over stored items.

    ingest(store, inputs, settings, progress) -> RunCounts

Only `sources` reads the outside world and only `store` writes; everything between is a
pure function over records (see DESIGN.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from communique.dedup import Deduplicator, item_words, signature, signature_bytes, signature_from_bytes
from communique.model import Item, Knowledge, Page, RunCounts, SourceError, normalize_text
from communique.parallel import Workers
from communique.segment import segment_page
from communique.sources import Reading, SourceOptions, Unchanged, Unparsed
from communique.store import PageWrite, Store


@dataclass(frozen=True)
class Settings:
    dedup_threshold: float = 0.8
    profile: str | None = None  # None: every built-in profile
    extract: bool = True
    sources: SourceOptions = SourceOptions()
    workers: int = 1  # processes for segmentation and extraction (the CLI gives one per core)
    commit_pages: int = 64  # pages per store transaction (a crash loses at most these, re-read next run)
    commit_seconds: float = 2.0  # ... and a slow crawl commits at least this often


def load_index(store: Store, threshold: float) -> Deduplicator:
    dedup = Deduplicator(threshold)
    for item_id, title, text, sig in store.signatures():
        words = normalize_text(text or title or "").split()
        dedup.add(item_id, words, signature_from_bytes(sig))
    return dedup


@dataclass
class Segmented:
    """A page cut into items, with each item's words and MinHash signature (pure work, done in
    worker processes when there are several), or the one-line reason it could not be cut."""

    page: Page
    items: list[Item]
    words: list[list[str]]
    signatures: list[bytes]
    error: str | None = None
    parsed_here: bool = False  # parsed from an Unparsed: the Reading must still settle it

    @classmethod
    def of(cls, page: Page, items: list[Item], parsed_here: bool = False) -> Segmented:
        words = [item_words(it) for it in items]
        return cls(page, items, words, [signature_bytes(signature(w)) for w in words], parsed_here=parsed_here)


def segment(result: Page | SourceError | Unchanged | Unparsed) -> Segmented | SourceError | Unchanged:
    """A page's items with their words and signatures (an Unparsed page parsed first); errors
    and unchanged pages pass through."""
    parsed_here = isinstance(result, Unparsed)
    if parsed_here:
        try:
            result = result.parse()
        except Exception as exc:  # as below: one page's bug is that page's error
            return SourceError(result.uri, f"could not parse: {exc}")
    if not isinstance(result, Page):
        return result
    try:
        items = segment_page(result)
    except Exception as exc:  # a bug on one page must not stop the run
        return Segmented(result, [], [], [], error=f"{result.uri}: could not segment: {exc}")
    return Segmented.of(result, items, parsed_here)


def place_items(dedup: Deduplicator, page: Segmented, counts: RunCounts) -> PageWrite:
    """Decide for each item of a page: new, or one more source of a known item."""
    write = PageWrite(page.page)
    for item, words, sig in zip(page.items, page.words, page.signatures, strict=True):
        counts.items_seen += 1
        placed = dedup.place(item, words, signature_from_bytes(sig))
        if placed.absorbed is not None:
            write.absorbed.append((placed.absorbed, item.id))
        if placed.how == "new":
            write.new.append((item, sig))
            counts.items_new += 1
        else:
            write.merges.append((placed.target, item, placed.how, placed.similarity))
            counts.duplicates_merged += 1
    return write


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
        with _run_pool(settings) as pool:
            _read_and_store(store, inputs, settings, on_page, counts, run_id, pool)
            if settings.extract and needs_extraction(store, counts):
                extract(store, settings.profile, pool, reuse=True)
                extracted = True
        status = "partial" if counts.errors else "ok"
    finally:
        store.finish_run(run_id, counts, status, extracted=extracted)
    return counts


def _run_pool(settings: Settings) -> Workers:
    """The run's one pool: it cuts pages, then (when the run extracts) reads items; its workers
    load what reading needs (extract.prepare) while they still cut pages."""
    if not settings.extract:
        return Workers(settings.workers)
    from communique.extract import prepare, working_profile
    from communique.profiles import load_profile

    return Workers(settings.workers, working_profile(load_profile(settings.profile)), prepare)


def _read_and_store(store, inputs, settings, on_page, counts: RunCounts, run_id: int, pool: Workers) -> None:
    """Every input page segmented, deduplicated and stored. The dedup index lives only in
    here: at 100k pages it is a gigabyte or more, which the extraction that follows needs."""
    dedup = load_index(store, settings.dedup_threshold)
    batch = _Batch(store, run_id, settings)
    reading = Reading(inputs, settings.sources, store.page_states(), defer=True)  # pages parse in the workers
    for result in pool.ordered(segment, reading):
        if isinstance(result, Segmented) and result.parsed_here and result.error is None:
            result = _settled(reading, result)
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
        if result.error is not None:
            counts.errors += 1
            counts.error_lines.append(result.error)
            continue
        batch.add(place_items(dedup, result, counts))
        counts.pages_read += 1
        if on_page:
            on_page(result.page.uri, "read")
    batch.flush()


def _settled(reading: Reading, result: Segmented) -> Segmented | Unchanged:
    settled = reading.settle(result.page)
    return result if isinstance(settled, Page) else settled


class _Batch:
    """Pages waiting for their transaction: written every `commit_pages` pages or
    `commit_seconds` seconds, whichever comes first, and at the end of the run."""

    def __init__(self, store: Store, run_id: int, settings: Settings):
        self.store, self.run_id, self.settings = store, run_id, settings
        self.writes: list[PageWrite] = []
        self.since = time.monotonic()

    def add(self, write: PageWrite) -> None:
        self.writes.append(write)
        if len(self.writes) >= self.settings.commit_pages or time.monotonic() - self.since >= self.settings.commit_seconds:
            self.flush()

    def flush(self) -> None:
        if self.writes:
            self.store.save_pages(self.writes, self.run_id)
        self.writes = []
        self.since = time.monotonic()


def extract(store: Store, profile: str | None = None, workers: int | Workers = 1, reuse: bool = False) -> Knowledge:
    """(Re)build the knowledge from every stored item and replace the stored knowledge, keeping
    each item's reading for the next run. reuse: read only the items without a good kept reading
    (an ingest); else read every item again (`communique extract`, after a change to the model
    or the profile)."""
    from communique.extract import rebuild_knowledge
    from communique.profiles import load_profile

    kept = store.kept_readings() if reuse else {}
    knowledge, made = rebuild_knowledge(store.items(), None if isinstance(workers, Workers) else load_profile(profile),
                                        workers, kept)
    del kept
    store.replace_knowledge(knowledge)
    store.keep_readings(made, all_readings=not reuse)
    return knowledge
