"""Run one input through the readers and the segmenter in a forked child, under a time bound.

    outcome = read_bounded(path, seconds=20)

The child reads the path (`sources.read_path`), segments every Page and looks for dates in
it (`dates.find_dates`, `extract.dates.resolve_dates`), and sends back one line per result:
"page URI ITEMS" or "error MESSAGE". The parent waits at most `seconds`, then kills the
child: a hang is reported as such, and so is a crash (a signal, an exception, a memory
error under the child's address-space limit). Forking after the imports makes each run
cost milliseconds, and a regex stuck in C code is killed like anything else.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

# Imported here, in the parent, so that every forked child has them already.
from communique.dates import find_dates
from communique.extract.dates import resolve_dates
from communique.model import Page, PartialDate, SourceError
from communique.segment import segment_page
from communique.sources import SourceOptions, read_inputs

MEMORY_LIMIT = 3 * 1024**3  # bytes of address space added to what the parent already maps


@dataclass
class Outcome:
    lines: list[str]
    seconds: float
    status: str  # "ok" | "hang" | "crash"
    detail: str = ""

    @property
    def pages(self) -> list[str]:
        return [line for line in self.lines if line.startswith("page ")]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.lines if line.startswith("error ")]


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def read_all(path: str, max_bytes: int | None = None) -> list[str]:
    """What the child does (also callable in-process)."""
    options = SourceOptions() if max_bytes is None else SourceOptions(max_bytes=max_bytes)
    out = []
    for result in read_inputs([path], options):
        if isinstance(result, SourceError):
            assert "\n" not in str(result), f"an error of more than one line: {result!r}"
            out.append(f"error {result}")
        elif isinstance(result, Page):
            result.text.encode("utf-8")  # storable: no lone surrogates
            assert "\x00" not in result.text and "\x00" not in result.uri, "NUL in a page (PostgreSQL refuses it)"
            items = segment_page(result)
            for item in items:
                assert 0 <= item.sources[0].offset <= len(result.text)
            find_dates(result.text)
            resolve_dates(result.text[:2_000_000], PartialDate(2024, 3, 12))
            out.append(f"page {result.uri} {len(items)}")
        else:
            out.append(f"unchanged {result.uri}")
    return out


def _child(conn, path: str, max_bytes: int | None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + MEMORY_LIMIT, resource.RLIM_INFINITY))
    try:
        conn.send(("ok", read_all(path, max_bytes), ""))
    except BaseException as exc:  # noqa: BLE001 - everything is reported to the parent
        conn.send(("crash", [], f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-2000:]}"))
    conn.close()


def read_bounded(path: Path | str, seconds: float = 20.0, max_bytes: int | None = None) -> Outcome:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(path), max_bytes), daemon=True)
    started = time.monotonic()
    proc.start()
    child.close()
    result = None
    if parent.poll(seconds):
        try:
            result = parent.recv()
        except EOFError:
            result = None
    elapsed = time.monotonic() - started
    if result is None and proc.is_alive() and elapsed >= seconds:
        proc.kill()
        proc.join()
        return Outcome([], elapsed, "hang", f"no result within {seconds:g} s")
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if result is None:
        return Outcome([], elapsed, "crash", f"child died with exit code {proc.exitcode}")
    status, lines, detail = result
    return Outcome(lines, elapsed, status, detail)
