"""Extraction on one huge paragraph, and the small ingest that follows it (issue 17).

    .venv/bin/python benchmarks/bench_paragraph.py [--sizes 0.1 0.25 0.5] [--cli PATH] [--workers N]

For each size (megabytes): one HTML page whose article is a single `<p>` of English prose (the
sentences of benchmarks/make_corpus.py's stories, one after another), ingested by
`communique ingest` in a fresh process into a fresh SQLite file: the wall time with extraction
and with `--no-extract`; then a one-line page ingested into that same store (the time a later
small ingest pays for what is already stored). Each figure: wall seconds, and in parentheses the
CPU seconds of the ingest and its workers (the steadier figure on a shared machine).

Prints a markdown table; nothing here is a test (tests/test_benchmarks.py runs it on a tiny size).
"""

from __future__ import annotations

import argparse
import html
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_story  # noqa: E402

ONE_LINE = "On 3 March 2024 the Secretary General of the Organization met the press in Geneva.\n"


def prose(size: int, seed: int = 7) -> str:
    """At least `size` bytes of sentences from the corpus generator's stories, as one paragraph."""
    parts: list[str] = []
    total, k = 0, 0
    while total < size:
        for paragraph in make_story(seed, k).paragraphs:
            parts.append(paragraph)
            total += len(paragraph) + 1
        k += 1
    return " ".join(parts)


def page(size: int) -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>A long statement</title></head>\n'
            '<body><article>\n<h1>A long statement of the Organization</h1>\n<p class="date">12 May 2023</p>\n'
            f"<p>{html.escape(prose(size), quote=False)}</p>\n</article></body></html>\n")


def timed_ingest(cli: list[str], db: Path, path: Path, *extra: str) -> str:
    """Wall seconds (CPU seconds of the process and its workers): on a shared machine the CPU
    time is the steadier figure."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([*cli, "ingest", "--db", str(db), *extra, str(path)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return f"{time.perf_counter() - start:.1f} ({_children_cpu() - cpu:.1f})"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.25, 0.5], help="megabytes of the paragraph")
    ap.add_argument("--cli", default=None, help="the communique command (default: this interpreter's communique)")
    ap.add_argument("--workers", type=int, default=None, help="--workers for each ingest (default: the CLI's)")
    args = ap.parse_args(argv)
    cli = [args.cli] if args.cli else [sys.executable, "-c", "import sys; from communique.cli import main; sys.exit(main())"]
    extra = ("--workers", str(args.workers)) if args.workers else ()
    print("| paragraph MB | ingest s (CPU s) | --no-extract s (CPU s) | next one-line ingest s (CPU s) |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        line = d / "line.txt"
        line.write_text(ONE_LINE, encoding="utf-8")
        for mb in args.sizes:
            path = d / f"p{mb}.html"
            path.write_text(page(int(mb * 1e6)), encoding="utf-8")
            bare = timed_ingest(cli, d / f"bare{mb}.db", path, "--no-extract", *extra)
            full = timed_ingest(cli, d / f"full{mb}.db", path, *extra)
            after = timed_ingest(cli, d / f"full{mb}.db", line, *extra)
            print(f"| {mb:g} | {full} | {bare} | {after} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
