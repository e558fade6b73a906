"""Throughput of `resolve_dates` against dateparser's `search_dates` on the seed texts.

    python benchmarks/bench_dates.py [--seeds DIR] [--seconds 2]

Prints sentences per second for each, and how many date mentions each found. dateparser
is not a dependency of communique: install it into a throwaway virtual environment to
compare (the benchmark says "dateparser not installed" and times only resolve_dates
otherwise):

    python3 -m venv /tmp/dpvenv && /tmp/dpvenv/bin/pip install dateparser
    PYTHONPATH=src /tmp/dpvenv/bin/python benchmarks/bench_dates.py
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from communique.extract.dates import resolve_dates
from communique.model import PartialDate

DEFAULT_SEEDS = Path("/work/shared/seeds")
ANCHOR = PartialDate(2025, 12, 5)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+")

# Used when the seed folder is missing, so the script always has something to time.
FALLBACK = [
    "On December 4, at the invitation of the Iranian side, a delegation took part in the final stage.",
    "A delegation took part from 1 to 5 December in the VIII Coordination Meeting in Geneva.",
    "On November 26 and 27, 2025, Minsk hosted the International Military Scientific Conference.",
    "The Collective Security Treaty was signed on May 15, 1992, in Tashkent.",
    "The next meeting will be held in the second quarter of 2023 in Minsk.",
    "The Secretary General briefed media on Tuesday (14 February 2017) on the agenda.",
]

# The forms the issue lists, each with what it should resolve to (anchor 2025-12-05).
FORMS = [
    ("05.12.2025", "2025-12-05"), ("28 April 2003", "2003-04-28"), ("May 16, 2022", "2022-05-16"),
    ("14 Feb. 2017", "2017-02-14"), ("2 April, 2004", "2004-04-02"), ("On December 4", "2025-12-04"),
    ("on 19 October", "2025-10-19"), ("in September 2021", "2021-09"), ("in 1992", "1992"),
    ("today", "2025-12-05"), ("yesterday", "2025-12-04"), ("last year", "2024"),
    ("from 1 to 5 December", "2025-12-01"), ("8-9 June 2017", "2017-06-08"),
    ("January 20-23, 2026", "2026-01-20"), ("November 26 and 27, 2025", "2025-11-26"),
]


def sentences(seeds: Path) -> list[str]:
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    found = [s.strip() for f in files for s in _SENTENCE_END.split(f.read_text(encoding="utf-8"))]
    return [s for s in found if s] or FALLBACK


def throughput(run: Callable[[str], int], texts: list[str], seconds: float) -> tuple[float, int]:
    """(sentences per second, mentions found in one pass) over `texts`, for about `seconds`."""
    mentions = sum(run(t) for t in texts)
    done, start = 0, time.perf_counter()
    while True:
        for text in texts:
            run(text)
        done += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, mentions


def ours(text: str) -> int:
    return len(resolve_dates(text, ANCHOR))


def dateparser_runner() -> Callable[[str], int] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    settings = {"RELATIVE_BASE": datetime(ANCHOR.year, ANCHOR.month or 1, ANCHOR.day or 1)}

    def run(text: str) -> int:
        return len(search_dates(text, languages=["en"], settings=settings) or [])

    return run


# Numbers that are not dates; each tool is scored on how many of these it leaves alone.
NOT_DATES = ["the 30th anniversary", "the 42nd meeting", "about 96 delegates", "+7-495-795-27-10",
             "under Article 5", "after 9/11", "resolution No. 59/50", "threats may become acute"]


def score_ours() -> str:
    right = sum(any(m.date.iso() == want for m in resolve_dates(text, ANCHOR)) for text, want in FORMS)
    clean = sum(not resolve_dates(text, ANCHOR) for text in NOT_DATES)
    return f"forms resolved right {right}/{len(FORMS)}, non-dates left alone {clean}/{len(NOT_DATES)}"


def score_dateparser() -> str:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(ANCHOR.year, ANCHOR.month or 1, ANCHOR.day or 1)}

    def found(text: str) -> list[str]:
        return [d.date().isoformat() for _, d in search_dates(text, languages=["en"], settings=settings) or []]

    right = sum(any(d.startswith(want) for d in found(text)) for text, want in FORMS)
    clean = sum(not found(text) for text in NOT_DATES)
    return f"forms resolved right {right}/{len(FORMS)}, non-dates left alone {clean}/{len(NOT_DATES)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args(argv)
    texts = sentences(args.seeds)
    print(f"{len(texts)} sentences, {sum(map(len, texts))} characters, anchor {ANCHOR}")
    rate, found = throughput(ours, texts, args.seconds)
    print(f"resolve_dates        {rate:12,.0f} sentences/s  {found:5d} mentions")
    print(f"  {score_ours()}")
    theirs = dateparser_runner()
    if theirs is None:
        print("dateparser not installed")
        return 0
    their_rate, their_found = throughput(theirs, texts, args.seconds)
    print(f"dateparser.search    {their_rate:12,.0f} sentences/s  {their_found:5d} mentions")
    print(f"  {score_dateparser()}")
    print(f"resolve_dates is {rate / their_rate:,.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
