"""Deduplication: one stored item per distinct news item, however many pages repeat it.

Three ways an incoming item is recognised as one already known, checked in order:

1. exact: the same normalized title and text give the same id (`model.item_id`);
2. near-duplicate: MinHash LSH (datasketch) over word 3-shingles of the item's text;
   a candidate is accepted when its estimated Jaccard similarity reaches the threshold
   (a setting, `--dedup-threshold`, default 0.8);
3. teaser of a full article: a short item whose opening words are the opening words of
   a longer item (a listing's teaser, often cut with "...", is the lead of the article).
   Such a teaser is MERGED into the article, as one more source of it, rather than kept
   as a linked item: a reader counts one news item, and the article carries all the text.

The index is rebuilt from the signatures the store keeps, so later runs deduplicate
against everything stored before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from communique.model import Item, normalize_text

NUM_PERM = 128
LSH_WEIGHTS = (0.1, 0.9)  # (false positive, false negative) weights for the band layout
SCHEME = "affine32"  # pinned: stored signatures must stay comparable across datasketch releases
SHINGLE = 3
LEAD_WORDS = 12  # opening words that identify an article's lead
HEAD_WORDS = LEAD_WORDS * 12  # opening words a teaser is compared with
TEASER_SHORTER = 0.8  # a teaser has at most this share of its article's words
TEASER_CONTAINMENT = 0.8  # share of a teaser's shingles that must occur in the article's lead


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i: i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """The distinct shingles of the words as sorted 64-bit hashes: the teaser rule's sets, kept
    for every lead in the index, at 8 bytes a shingle instead of ~70 for a set of bytes (at
    100k pages the sets and the word lists they replace were over a gigabyte). Python's str
    hash is enough: the values never leave the one Deduplicator (one process) that made them,
    and a 64-bit collision would at worst count one shingle as shared."""
    return np.unique(np.array([hash(s) for s in _shingles(words)], dtype=np.int64))


def _contained(part: np.ndarray, whole: np.ndarray) -> float:
    """Share of `part`'s shingles that occur in `whole`."""
    return np.intersect1d(part, whole, assume_unique=True).size / part.size if part.size else 0.0


def item_words(item: Item) -> list[str]:
    return normalize_text(item.text or item.title or "").split()


@lru_cache(maxsize=1)
def _permutations():
    """Built once: MinHash() otherwise draws its 128 permutations again for every item."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(words: list[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    mh.update_batch(list(_shingles(words)))
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64),
                   permutations=_permutations())


def lead_key(words: list[str]) -> str | None:
    return " ".join(words[:LEAD_WORDS]) if len(words) >= LEAD_WORDS else None


def _similar_length(a: int, b: int) -> bool:
    return min(a, b) > TEASER_SHORTER * max(a, b)


@dataclass
class Match:
    item_id: str
    how: str  # exact | near | teaser
    similarity: float


@dataclass(frozen=True)
class Placement:
    """Where an incoming item went: `new` (stored as itself), or one more source of the
    stored item `target` (`exact`, `near`, `teaser`). A new item may also take over a
    stored teaser of itself (`absorbed`: that teaser's id; its sources move onto the item)."""

    how: str
    target: str
    similarity: float
    mh: MinHash
    absorbed: str | None = None


@dataclass
class Deduplicator:
    threshold: float = 0.8
    _lsh: MinHashLSH = field(init=False)
    _sigs: dict[str, MinHash] = field(init=False, default_factory=dict)
    # lead key -> every indexed item with that lead. Fix (outside probe): only the longest item of a
    # key was kept, ties to the first indexed; an ingest indexes in input order and a later run
    # rebuilds the index in id order, so two teasers of one lead could hold the key in either
    # order and an article arriving later absorbed its teaser in one run, not across two.
    _leads: dict[str, list[str]] = field(init=False, default_factory=dict)
    _heads: dict[str, np.ndarray] = field(init=False, default_factory=dict)  # an item's opening shingles
    _lengths: dict[str, int] = field(init=False, default_factory=dict)
    _lead_of: dict[str, str] = field(init=False, default_factory=dict)  # item id -> its lead key

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"dedup threshold must be in (0, 1], got {self.threshold}")
        # The LSH bands only find candidates; each is checked against the real threshold.
        # Above ~0.9 datasketch cannot form two bands of 128 permutations, so cap the index.
        # Weights favour recall (fewer missed pairs near the threshold, e.g. 87% instead of 40%
        # at Jaccard 0.8) since every candidate is verified anyway.
        self._lsh = MinHashLSH(threshold=min(self.threshold, 0.9), num_perm=NUM_PERM, weights=LSH_WEIGHTS)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._sigs

    def add(self, item_id: str, words: list[str], mh: MinHash | None = None) -> MinHash:
        """Index a stored item; returns its signature (for the store to keep)."""
        mh = mh if mh is not None else signature(words)
        if item_id in self._sigs:
            return self._sigs[item_id]
        self._sigs[item_id] = mh
        self._lengths[item_id] = len(words)
        self._lsh.insert(item_id, mh)
        key = lead_key(words)
        if key is not None:
            self._leads.setdefault(key, []).append(item_id)
            self._lead_of[item_id] = key
            self._heads[item_id] = _shingle_hashes(words[:HEAD_WORDS])
        return mh

    def forget(self, item_id: str) -> None:
        """Drop an item absorbed into another (a teaser whose article arrived later)."""
        if item_id in self._sigs:
            self._lsh.remove(item_id)
            del self._sigs[item_id]
            self._lengths.pop(item_id, None)
            self._heads.pop(item_id, None)
            key = self._lead_of.pop(item_id, None)
            if key is not None:
                holders = self._leads[key]
                holders.remove(item_id)
                if not holders:
                    del self._leads[key]

    def match(
        self, item: Item, words: list[str] | None = None, mh: MinHash | None = None
    ) -> tuple[Match | None, MinHash]:
        """The known item this one repeats, if any, and the item's own signature."""
        words = item_words(item) if words is None else words
        mh = signature(words) if mh is None else mh
        if item.id in self._sigs:
            return Match(item.id, "exact", 1.0), mh
        best: Match | None = None
        for candidate in sorted(self._lsh.query(mh)):
            sim = mh.jaccard(self._sigs[candidate])
            if sim >= self.threshold and (best is None or sim > best.similarity):
                best = Match(candidate, "near", sim)
        if best is not None:
            return best, mh
        key = lead_key(words)
        return self._lead_match(words, self._leads.get(key, ()) if key else ()), mh

    def _lead_match(self, words: list[str], holders: list[str] | tuple[()]) -> Match | None:
        """The teaser rule against every indexed item with the same lead, whatever the order they
        were indexed in: this item as the teaser of a longer one, else as the article of a stored
        teaser, the best of each chosen by _best. Same opening and similar length is a
        near-duplicate or not, judged before."""
        n = len(words)
        longer = [h for h in holders if self._lengths[h] > n and not _similar_length(n, self._lengths[h])]
        if longer:
            mine = _shingle_hashes(words)
            contained, best = self._best((_contained(mine, self._heads[h]), h) for h in longer)
            if contained >= TEASER_CONTAINMENT:
                return Match(best, "teaser", contained)
        # A stored teaser of this longer item: the caller stores this item and moves the teaser's
        # sources onto it (see module docstring). The whole stored teaser must be in this item's
        # opening (a stored item longer than HEAD_WORDS is no teaser).
        shorter = [h for h in holders if self._lengths[h] < n and self._lengths[h] <= HEAD_WORDS
                   and not _similar_length(n, self._lengths[h])]
        if shorter:
            head = _shingle_hashes(words[:HEAD_WORDS])
            contained, best = self._best((_contained(self._heads[h], head), h) for h in shorter)
            if contained >= TEASER_CONTAINMENT:
                return Match(best, "article-of-teaser", contained)
        return None

    def _best(self, scored: Iterable[tuple[float, str]]) -> tuple[float, str]:
        """(containment, id) of the best holder: the most contained, then the longest, then the
        smallest id (an order that does not depend on the order items were indexed in)."""
        contained, _length, best = min((-c, -self._lengths[h], h) for c, h in scored)
        return -contained, best

    def place(self, item: Item, words: list[str], mh: MinHash | None = None) -> Placement:
        """Decide for one incoming item, and index it when it is new: the one decision rule
        every engine replays (`pipeline.place_items`, `engines.stages.place_one`)."""
        match, mh = self.match(item, words, mh)
        absorbed = None
        if match is not None and match.how == "article-of-teaser":
            absorbed = match.item_id
            self.forget(absorbed)
            match = None
        if match is None:
            self.add(item.id, words, mh)
            return Placement("new", item.id, 1.0, mh, absorbed)
        return Placement(match.how, match.item_id, match.similarity, mh)
