"""The per-record functions an engine ships to its workers: pure, picklable, no Spark here.

The local engine decides, item by item in input order, whether an item is new or one more
source of a known one (`pipeline.place_items` over a `dedup.Deduplicator`). A parallel engine
gets the same answers by cutting that sequence into independent parts:

- every decision about an item only ever looks at items that share its id, share a MinHash
  band with it *and* reach the threshold, or share its lead key (the teaser rule);
- so the connected components of the graph with those three kinds of edges are independent,
  and replaying the local engine's rules inside each component, in input order, gives the
  decisions the one sequential pass gives. A component larger than necessary (a band-key
  hash collision, an id-hash collision) changes nothing: the replay inside it is exact.

Records: an occurrence is one item as segmented from one page, `Occ(order, idx, item, sig)`,
where `order` is the page's position in the input and `idx` the item's position on it.
A `Decision` is what the local engine would have done with that occurrence.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from communique.dedup import (
    Deduplicator,
    item_words,
    lead_key,
    signature,
    signature_bytes,
    signature_from_bytes,
)
from communique.model import Item, Page, normalize_text
from communique.segment import segment_page


@dataclass(frozen=True)
class Occ:
    order: int  # the page's position in the input
    idx: int  # the item's position on its page
    item: Item
    sig: bytes  # dedup.signature_bytes of the item's words
    lead: str | None = None  # dedup.lead_key of the item's words


@dataclass(frozen=True)
class Prior:
    """An item already in the store before this run (the local engine's `load_index`)."""

    rank: int  # position in id order
    id: str
    title: str | None
    text: str
    sig: bytes

    def words(self) -> list[str]:
        return normalize_text(self.text or self.title or "").split()


@dataclass(frozen=True)
class Decision:
    order: int
    idx: int
    item: Item
    how: str  # new | exact | near | teaser
    target: str  # the stored item's id (the item's own id when new)
    similarity: float = 1.0
    sig: bytes | None = None  # for a new item: its signature, stored with it
    absorbed: tuple[str, str] | None = None  # (teaser id, this article's id)


# --- keys -------------------------------------------------------------------------------------


def _int64(text: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") >> 1


def page_key(uri: str) -> int:
    """A page's stable partitioning key (a hash of its address, the same on every run)."""
    return int(hashlib.sha256(uri.encode("utf-8")).hexdigest()[:15], 16)


def node_of(item_id: str) -> int:
    """The graph node of an item id: every occurrence with one id is one node."""
    return _int64(item_id.encode("utf-8"))


def form_id(node: int, sig: bytes) -> int:
    """One distinct signature of a node (occurrences of one id almost always share it)."""
    return _int64(node.to_bytes(8, "big") + sig)


def lsh_params(threshold: float) -> tuple[int, int]:
    """(bands, rows): the banding of the local engine's own LSH index for this threshold
    (read off a Deduplicator, so a change there is followed here)."""
    lsh = _empty_deduplicator(threshold)._lsh
    ranges = list(lsh.hashranges)
    rows = ranges[0][1] - ranges[0][0]
    if ranges != [(i * rows, (i + 1) * rows) for i in range(len(ranges))]:
        raise ValueError(f"unexpected LSH bands {ranges[:3]}...")
    return len(ranges), rows


def band_keys(sig: bytes, bands: int, rows: int) -> list[int]:
    """One key per band: two signatures share a key iff they agree on that band's rows
    (datasketch's candidate rule), up to 63-bit hash collisions, which only add edges."""
    width = rows * 8
    return [_int64(b.to_bytes(2, "big") + sig[b * width: (b + 1) * width]) for b in range(bands)]


def similarity(a: bytes, b: bytes) -> float:
    """MinHash's Jaccard estimate, computed as `MinHash.jaccard` does."""
    x, y = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float(np.float64(np.count_nonzero(x == y)) / np.float64(len(x)))


# --- segment ----------------------------------------------------------------------------------


def segment_record(order: int, uri: str, text: str) -> list[Occ] | str:
    """The occurrences of one page, or the line the local engine reports when it fails."""
    try:
        items = segment_page(Page(uri=uri, text=text))
    except Exception as exc:  # a bug on one page must not stop the run (as in pipeline.ingest)
        return f"{uri}: could not segment: {exc}"
    return [_occ(order, i, it) for i, it in enumerate(items)]


def _occ(order: int, idx: int, item: Item) -> Occ:
    words = item_words(item)
    return Occ(order, idx, item, signature_bytes(signature(words)), lead_key(words))


def segment_partition(rows: Iterable[tuple[int, tuple[int, str, str]]]) -> Iterator[tuple[int, list[Occ] | str]]:
    """mapPartitions over (page key, (order, uri, text)) -> (order, occurrences or error line)."""
    for _key, (order, uri, text) in rows:
        yield order, segment_record(order, uri, text)


# --- graph edges ------------------------------------------------------------------------------


def bucket_pairs(forms: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Every pair of distinct forms in one band bucket, smaller first."""
    members = sorted(set(forms))
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            yield a, b


def star_edges(nodes: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Connect a group (one lead key) with as few edges as possible: all to its smallest."""
    members = sorted(set(nodes))
    for other in members[1:]:
        yield members[0], other


# --- replay -----------------------------------------------------------------------------------


def _sort_key(member: Occ | Prior) -> tuple[int, int]:
    return (-1, member.rank) if isinstance(member, Prior) else (member.order, member.idx)


def place_one(dedup: Deduplicator, occ: Occ) -> Decision:
    """`pipeline.place_items` for one item (both apply `Deduplicator.place`)."""
    placed = dedup.place(occ.item, item_words(occ.item), signature_from_bytes(occ.sig))
    if placed.how == "new":
        absorbed = (placed.absorbed, occ.item.id) if placed.absorbed is not None else None
        return Decision(occ.order, occ.idx, occ.item, "new", occ.item.id, 1.0, occ.sig, absorbed)
    return Decision(occ.order, occ.idx, occ.item, placed.how, placed.target, placed.similarity)


def _trivial(occs: list[Occ]) -> list[Decision]:
    """One id alone: the first occurrence is new, the others exact duplicates of it."""
    first = occs[0]
    out = [Decision(first.order, first.idx, first.item, "new", first.item.id, 1.0, first.sig)]
    out += [Decision(o.order, o.idx, o.item, "exact", first.item.id, 1.0) for o in occs[1:]]
    return out


@lru_cache(maxsize=4)
def _empty_deduplicator(threshold: float) -> Deduplicator:
    return Deduplicator(threshold)


def fresh_deduplicator(threshold: float) -> Deduplicator:
    """An empty Deduplicator: a copy of a cached one, because building one picks the LSH's
    bands by numerical integration (about 30 ms), and a run replays thousands of components."""
    return copy.deepcopy(_empty_deduplicator(threshold))


def replay_component(members: Iterable[Occ | Prior], threshold: float) -> list[Decision]:
    """The local engine's decisions for one component's occurrences, in input order."""
    ordered = sorted(members, key=_sort_key)
    priors = [m for m in ordered if isinstance(m, Prior)]
    occs = [m for m in ordered if isinstance(m, Occ)]
    if not occs:
        return []
    if not priors and len({o.item.id for o in occs}) == 1:
        return _trivial(occs)
    dedup = fresh_deduplicator(threshold)
    for p in priors:  # as pipeline.load_index: every stored item, in id order
        dedup.add(p.id, p.words(), signature_from_bytes(p.sig))
    return [place_one(dedup, o) for o in occs]


def page_lists(decisions: Iterable[Decision]):
    """save_page's arguments for one page, in item order: new, merges, absorbed."""
    new, merges, absorbed = [], [], []
    for d in sorted(decisions, key=lambda d: d.idx):
        if d.how == "new":
            new.append((d.item, d.sig))
            if d.absorbed is not None:
                absorbed.append(d.absorbed)
        else:
            merges.append((d.target, d.item, d.how, d.similarity))
    return new, merges, absorbed
