"""Extraction throughput next to spaCy en_core_web_sm's own pipeline, on the same text, in one run.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N] [PAGES_DIR]

Segments the pages (default: the bundled samples), then times (a) communique's whole
extraction (names, resolution, tenures, events, documents) and (b) spaCy's full
en_core_web_sm pipeline (nlp.pipe over the same item texts), and prints items/s and words/s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from communique.extract import build_knowledge
from communique.extract.nlp import load_nlp
from communique.profiles import load_profile
from communique.segment import segment_text


def load_items(folder: Path, repeat: int):
    items = []
    for path in sorted(folder.rglob("*.txt")):
        items.extend(segment_text(path.read_text(encoding="utf-8"), path.resolve().as_uri()))
    # Repeat with distinct ids so resolution sees a larger corpus, not a cache.
    from dataclasses import replace

    return [replace(it, id=f"{it.id}_{k}") for k in range(repeat) for it in items]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="?", default=str(Path(__file__).resolve().parent.parent / "samples"))
    ap.add_argument("--repeat", type=int, default=10, help="copies of the corpus (default 10)")
    args = ap.parse_args()
    items = load_items(Path(args.pages), args.repeat)
    texts = [it.full_text for it in items]
    words = sum(len(t.split()) for t in texts)
    profile = load_profile("csto")
    nlp = load_nlp()
    build_knowledge(items[:5], profile)  # warm up: load the model and profiles once
    ours = timed(lambda: build_knowledge(items, profile))
    full = timed(lambda: list(nlp.pipe(texts, batch_size=64)))
    print(f"{len(items)} items, {words} words")
    print(f"{'pipeline':40s} {'seconds':>8s} {'items/s':>9s} {'words/s':>10s}")
    for name, secs in (("communique extraction (all stages)", ours), ("spaCy en_core_web_sm (nlp.pipe)", full)):
        print(f"{name:40s} {secs:8.2f} {len(items) / secs:9.1f} {words / secs:10.0f}")


if __name__ == "__main__":
    main()
