"""CPU-bound stages spread over processes (segmentation, signatures, the rules and spaCy are
Python: threads would share one core under the GIL).

    with Workers(n, context, warm) as pool:         one pool for a whole run
        pool.ordered(fn, iterable)                  streaming, in order (pages through segmentation)
        pool.map(fn, seq)                           fn(chunk, context) -> list, in order (extraction)

Results come back in input order, so a parallel run stores and exports exactly what a serial
run does. Workers are forked: modules, profiles, lexicons and compiled patterns are inherited,
not pickled or rebuilt. The pool starts when the first job big enough for it comes, and an
ingest's one pool serves its segmentation and then its extraction: `warm(context)` runs in each
worker, on a thread of its own, as soon as the worker starts, so the spaCy model loads while the
worker still cuts pages (the segmentation leaves the workers idle about half the time, waiting on
the store), not after. Small jobs stay in-process (a pool's start-up would cost more than it
saves), and so does every caller that asks for one worker: the web server does, since forking a
threaded process is unsafe.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["Workers", "default_workers"]

T = TypeVar("T")
R = TypeVar("R")

MIN_CHUNKED = 200  # Workers.map: fewer elements than this run in-process (unless the pool is already up)
WARMUP = 64  # Workers.ordered: the first elements run in-process; the pool starts only if more follow
IN_FLIGHT = 4  # Workers.ordered: tasks per worker submitted ahead of the caller
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


_context: Any = None  # the pool's shared context, set in each worker by the initializer


def _init(context: Any, warm: Callable[[Any], None] | None) -> None:
    global _context
    _context = context
    if warm is not None:
        threading.Thread(target=warm, args=(context,), name="warm", daemon=True).start()


def _call(fn: Callable[[Sequence[Any], Any], list[Any]], chunk: Sequence[Any]) -> list[Any]:
    return fn(chunk, _context)


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(x) for x in chunk]


class Workers:
    """A pool of `workers` forked processes, started at its first big enough job; with one
    worker (or no fork on the platform) every job runs in-process."""

    def __init__(self, workers: int, context: Any = None, warm: Callable[[Any], None] | None = None):
        self.context, self.warm = context, warm
        self.workers = workers if workers > 1 and _fork() is not None else 1
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # The workers fork from a parent that may hold much of the corpus. Objects moved to
            # the permanent generation are not traversed by the collector, in the parent or in
            # the children, so the children's collections do not write into (and copy) every
            # inherited object; the Python docs' advice for forking servers (gc.freeze).
            gc.freeze()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_fork(), initializer=_init,
                                             initargs=(self.context, self.warm))
        return self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            gc.unfreeze()

    def map(self, fn: Callable[[Sequence[T], Any], list[R]], seq: Sequence[T]) -> list[R]:
        """fn(chunk, context) over contiguous chunks of seq, the results joined in order."""
        if self.workers == 1 or len(seq) < 2 or (self._pool is None and len(seq) < MIN_CHUNKED):
            return fn(seq, self.context)
        pool = self._started()
        size = max(1, -(-len(seq) // (self.workers * _CHUNKS_PER_WORKER)))
        chunks = [seq[k:k + size] for k in range(0, len(seq), size)]
        out: list[R] = []
        for part in pool.map(_call, [fn] * len(chunks), chunks):
            out.extend(part)
        return out

    def ordered(self, fn: Callable[[T], R], iterable: Iterable[T], chunksize: int = 4) -> Iterator[R]:
        """fn over the elements, in order; after WARMUP elements the rest go to the workers,
        chunksize elements per task, while the caller consumes the results.

        At most IN_FLIGHT tasks per worker are submitted and not yet consumed: the input is
        drawn only as results are taken, so a caller slower than the workers (the store) holds
        a bounded window of elements, not the whole input. (Pool.imap has no such bound: its
        feeder thread reads the whole iterable into the task queue, and finished results pile
        up in the caller; at 100k pages that was gigabytes.)"""
        it = iter(iterable)
        for x in itertools.islice(it, WARMUP if self.workers > 1 else None):
            yield fn(x)
        chunks = iter(lambda: list(itertools.islice(it, chunksize)), [])
        first = next(chunks, None)
        if first is None:
            return
        pool = self._started()
        pending: deque[Future[list[R]]] = deque()
        for chunk in itertools.chain([first], chunks):
            pending.append(pool.submit(_apply, fn, chunk))
            if len(pending) >= self.workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

