"""The Spark engine (local[N]) against the local engine on one corpus, without extraction.

    python benchmarks/bench_spark.py --corpus DIR/pages [--master local[2]]

Both ingest the same pages into fresh SQLite files; the Spark session is started (and timed)
before its run, so the run's time is the engine's own. The items of both exports are
compared: they must be equal.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args(argv)

    from communique.engines.session import spark_session, stop_session
    from communique.engines.spark import ingest_spark
    from communique.export import build_export
    from communique.parallel import default_workers
    from communique.pipeline import Settings, ingest
    from communique.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    settings = Settings(extract=False, workers=default_workers())  # the local engine as the CLI runs it
    mb = sum(p.stat().st_size for p in args.corpus.rglob("*") if p.is_file()) / 1e6

    local = Store(str(tmp / "local.db"))
    t = time.perf_counter()
    counts = ingest(local, [str(args.corpus)], settings)
    t_local = time.perf_counter() - t
    rss_local = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024

    t = time.perf_counter()
    spark_session(args.master)
    t_session = time.perf_counter() - t
    distributed = Store(str(tmp / "spark.db"))
    t = time.perf_counter()
    spark_counts = ingest_spark(distributed, [str(args.corpus)], settings, master=args.master)
    t_spark = time.perf_counter() - t
    stop_session()

    same = build_export(local.items())["items"] == build_export(distributed.items())["items"]
    pages = counts.pages_read
    print(f"\ncorpus {args.corpus}: {pages} pages, {mb:.1f} MB; items new {counts.items_new}, "
          f"merged {counts.duplicates_merged}; driver peak RSS after the local run {rss_local:.2f} GB\n")
    print("| engine | wall s | pages/s | MB/s | same counts | same items |")
    print("|---|---|---|---|---|---|")
    print(f"| local, {settings.workers} workers | {t_local:.1f} | {pages / t_local:.1f} | {mb / t_local:.2f} | - | - |")
    print(f"| spark {args.master} (session start {t_session:.1f}s not included) | {t_spark:.1f} | "
          f"{pages / t_spark:.1f} | {mb / t_spark:.2f} | {spark_counts == counts} | {same} |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
