"""Deduplication alone: communique's Deduplicator against a plain datasketch MinHashLSH.

    python benchmarks/bench_dedup.py --corpus DIR   (a make_corpus.py output folder)

Both see the same items (segmented beforehand, not timed) in input order, with the same word
3-shingles and 128 permutations at threshold 0.8:
  - communique: `pipeline.place_items` over a `dedup.Deduplicator` (exact ids, MinHash LSH
    checked against the threshold, teasers merged into their articles);
  - datasketch: exact ids, then MinHashLSH query + Jaccard check, insert when new.
Printed: time, items/s, distinct items kept, and the share of the planted near-duplicate
pairs (manifest.json) that ended up as one item.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def segmented(corpus: Path):
    from communique.segment import segment_page
    from communique.sources import read_inputs

    pages = []
    for page in read_inputs([str(corpus / "pages")]):
        if hasattr(page, "text"):
            pages.append((page, segment_page(page)))
    return pages


def run_communique(pages, threshold: float):
    from communique.dedup import Deduplicator
    from communique.model import RunCounts
    from communique.pipeline import Segmented, place_items

    dedup, counts, owner, alias = Deduplicator(threshold), RunCounts(), {}, {}
    for page, items in pages:
        write = place_items(dedup, Segmented.of(page, items), counts)  # words and signatures made here too
        for item, _sig in write.new:
            owner[item.sources[0].uri, item.sources[0].offset] = item.id
        for target, item, _how, _sim in write.merges:
            owner[item.sources[0].uri, item.sources[0].offset] = target
        alias.update(write.absorbed)  # teaser id -> the article that absorbed it

    def final(item_id: str) -> str:
        while item_id in alias:
            item_id = alias[item_id]
        return item_id

    return counts.items_new - len(alias), {k: final(v) for k, v in owner.items()}


def run_datasketch(pages, threshold: float):
    from datasketch import MinHashLSH

    from communique.dedup import item_words, signature

    lsh, sigs, owner, kept = MinHashLSH(threshold=threshold, num_perm=128), {}, {}, 0
    for _page, items in pages:
        for item in items:
            where = (item.sources[0].uri, item.sources[0].offset)
            if item.id in sigs:
                owner[where] = item.id
                continue
            mh = signature(item_words(item))
            best = max(((mh.jaccard(sigs[k]), k) for k in lsh.query(mh)), default=(0.0, None))
            if best[1] is not None and best[0] >= threshold:
                owner[where] = best[1]
                continue
            lsh.insert(item.id, mh)
            sigs[item.id] = mh
            owner[where] = item.id
            kept += 1
    return kept, owner


def planted_recall(corpus: Path, owner: dict) -> float:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    by_page: dict[str, set[str]] = {}
    for (uri, _offset), item in owner.items():
        by_page.setdefault(uri.rsplit("/", 1)[-1], set()).add(item)
    pairs = manifest["near_duplicates"]
    same = sum(1 for p in pairs if by_page[Path(p["original"]).name] == by_page[Path(p["reprint"]).name])
    return same / len(pairs) if pairs else 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    pages = segmented(args.corpus)
    n_items = sum(len(items) for _p, items in pages)
    print(f"{len(pages)} pages, {n_items} items segmented in {time.perf_counter() - started:.1f}s (not timed below)\n")
    print("| dedup | seconds | items/s | distinct items | planted near-duplicates merged |")
    print("|---|---|---|---|---|")
    for name, fn in (("communique Deduplicator", run_communique), ("datasketch MinHashLSH", run_datasketch)):
        t = time.perf_counter()
        _kept, owner = fn(pages, args.threshold)
        secs = time.perf_counter() - t
        distinct = len(set(owner.values()))
        print(f"| {name} | {secs:.1f} | {n_items / secs:.0f} | {distinct} | {planted_recall(args.corpus, owner):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
