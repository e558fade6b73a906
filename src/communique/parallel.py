"""CPU-bound stages spread over processes (segmentation, signatures, the rules and spaCy are
Python: threads would share one core under the GIL).

    ordered_map(fn, iterable, workers)            streaming, in order (pages through segmentation)
    with Workers(n, context, size) as pool:
        pool.map(fn, seq)                          fn(chunk, context) -> list, in order (extraction)

Results come back in input order, so a parallel run stores and exports exactly what a serial
run does. Workers are forked: modules, profiles, lexicons and compiled patterns are inherited,
not pickled or rebuilt; a worker loads the spaCy model itself the first time it needs it.
Small jobs stay in-process (a pool's start-up would cost more than it saves), and so does
every caller that asks for one worker: the web server does, since forking a threaded process
is unsafe.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["Workers", "default_workers", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

MIN_CHUNKED = 200  # Workers.map: fewer elements than this run in-process
WARMUP = 64  # ordered_map: the first elements run in-process; a pool starts only if more follow
IN_FLIGHT = 4  # ordered_map: tasks per worker submitted ahead of the caller
_CHUNKS_PER_WORKER = 16


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _fork() -> Any | None:
    """The fork start method's context, where the platform has it."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def ordered_map(fn: Callable[[T], R], iterable: Iterable[T], workers: int, chunksize: int = 4) -> Iterator[R]:
    """fn over the elements, in order; after WARMUP elements the rest go through `workers`
    processes, chunksize elements per task, while the caller consumes the results.

    At most IN_FLIGHT tasks per worker are submitted and not yet consumed: the input is
    drawn only as results are taken, so a caller slower than the workers (the store) holds
    a bounded window of pages, not the whole input. (Pool.imap has no such bound: its
    feeder thread reads the whole iterable into the task queue, and finished results pile
    up in the caller; at 100k pages that was gigabytes.)"""
    it = iter(iterable)
    for x in itertools.islice(it, WARMUP if workers > 1 else None):
        yield fn(x)
    ctx = _fork()
    if workers <= 1 or ctx is None:
        yield from map(fn, it)
        return
    with ctx.Pool(workers) as pool:
        pending: deque[Any] = deque()
        for chunk in iter(lambda: list(itertools.islice(it, chunksize)), []):
            pending.append(pool.apply_async(_apply, (fn, chunk)))
            if len(pending) >= workers * IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(x) for x in chunk]


_context: Any = None  # a Workers pool's shared context, set in each worker by the initializer


def _init(context: Any) -> None:
    global _context
    _context = context


def _call(fn: Callable[[Sequence[Any], Any], list[Any]], chunk: Sequence[Any]) -> list[Any]:
    return fn(chunk, _context)


class Workers:
    """A pool for map(fn, seq) over contiguous chunks, fn(chunk, context) -> one result per element."""

    def __init__(self, workers: int, context: Any, size: int):
        self.context = context
        parallel = workers > 1 and size >= MIN_CHUNKED and _fork() is not None
        self.workers = workers if parallel else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.workers > 1:
            # The workers fork from a parent that may hold the whole corpus. Objects moved to
            # the permanent generation are not traversed by the collector, in the parent or in
            # the children, so the children's collections do not write into (and copy) every
            # inherited page; the Python docs' advice for forking servers (gc.freeze).
            gc.freeze()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_fork(), initializer=_init,
                                             initargs=(self.context,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def map(self, fn: Callable[[Sequence[T], Any], list[R]], seq: Sequence[T]) -> list[R]:
        if self._pool is None or len(seq) < 2:
            return fn(seq, self.context)
        size = max(1, -(-len(seq) // (self.workers * _CHUNKS_PER_WORKER)))
        chunks = [seq[k:k + size] for k in range(0, len(seq), size)]
        out: list[R] = []
        for part in self._pool.map(_call, [fn] * len(chunks), chunks):
            out.extend(part)
        return out
