"""What every request reads: the store, the token, and a cached view of the knowledge.

The knowledge is read once and kept until the store changes, so `who`, `person`, `events`
and the search facets answer from memory instead of re-reading every table per request.
`Snapshots` keeps the current one and reloads it in one background thread: a request never
waits for a reload (only the very first request of a server waits for the first read).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request

from communique.model import Document, Entity, Event, Knowledge, Tenure
from communique.store import Store
from communique.store.search import Snapshot, load_snapshot

T = TypeVar("T")
log = logging.getLogger("communique.web")
REST = 3  # after a reload that took b seconds, the next check waits at least REST * b


class CachedStore:
    """A Store whose knowledge() comes from the served snapshot: hand it to communique.query."""

    def __init__(self, store: Store, view: Callable[[], View]):
        self._store = store
        self._view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def knowledge(self) -> Knowledge:
        return self._view().k


def _group(records: Iterable[T], keys: Callable[[T], Iterable[str]]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for r in records:
        for key in keys(r):
            out.setdefault(key, []).append(r)
    return out


@dataclass
class View:
    """Indexes over one snapshot of the knowledge (built once per snapshot)."""

    snap: Snapshot

    @property
    def k(self) -> Knowledge:
        return self.snap.knowledge

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return {e.id: e for e in self.k.entities}

    @cached_property
    def events(self) -> dict[str, Event]:
        return {v.id: v for v in self.k.events}

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {d.id: d for d in self.k.documents}

    @cached_property
    def events_by_item(self) -> dict[str, list[Event]]:
        return _group(self.k.events, lambda v: [v.item_id])

    @cached_property
    def documents_by_item(self) -> dict[str, list[Document]]:
        return _group(self.k.documents, lambda d: [d.item_id])

    @cached_property
    def tenures_by_item(self) -> dict[str, list[Tenure]]:
        """Tenures whose evidence cites the item."""
        return _group(self.k.tenures, lambda r: dict.fromkeys(e.item_id for e in r.evidence))

    @cached_property
    def tenures_by_person(self) -> dict[str, list[Tenure]]:
        return _group(self.k.tenures, lambda r: [r.person])

    @cached_property
    def events_by_entity(self) -> dict[str, list[Event]]:
        out: dict[str, list[Event]] = {}
        for v in sorted(self.k.events, key=lambda v: (v.date.iso() if v.date else "", v.id)):
            for eid in {*v.participants, *v.organizations, *([v.place] if v.place else [])}:
                out.setdefault(eid, []).append(v)
        return out

    @cached_property
    def tenures_by_office(self) -> dict[str, list[Tenure]]:
        return _group(self.k.tenures, lambda r: [r.office])

    @cached_property
    def non_persons(self) -> tuple[Entity, ...]:
        return tuple(e for e in self.k.entities if e.type != "person")

    def name(self, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        e = self.entities.get(entity_id)
        return e.name if e else entity_id

    def warm(self) -> View:
        """Build every index now (in the reloading thread), not in the first requests that ask."""
        for name, attr in vars(type(self)).items():
            if isinstance(attr, cached_property):
                getattr(self, name)
        return self


class Snapshots:
    """The served View of the knowledge, reloaded at most once at a time, in the background.

    Fix (outside probe): each request thread checked the store's fingerprint once `max_age`
    had passed and, when it had changed, read the whole knowledge and built the snapshot
    itself. While an ingest writes the served file the fingerprint changes at every commit,
    so dozens of request threads rebuilt the same snapshot at once, under one GIL: 100
    clients got 12 requests/s and timeouts at 30 s. Now a request takes the current View and,
    when a check is due, only wakes the one reloading thread; that thread checks the
    fingerprint, builds the next snapshot and its indexes while requests are answered from
    the previous one, and puts it in place with one assignment. A build that took b seconds
    is followed by a rest of at least REST * b, so reloads during a long ingest take at most
    about a quarter of the process's time. Written by hand: a thread and an Event are all
    it takes, and no kept library does "stale while revalidate" for an in-process value."""

    def __init__(self, store: Store, max_age: float):
        self._store = store
        self._max_age = max_age
        self._view: View | None = None
        self._building = threading.Lock()  # one build at a time (the thread's, or a forced one)
        self._due = 0.0  # time.monotonic() at which the next check is due
        self._wanted = threading.Event()  # a check is due (or close() was called)
        self._closed = False
        # Started with the server and idle until a request wakes it (no lazy start to guard).
        self._thread = threading.Thread(target=self._run, name="communique-snapshot", daemon=True)
        self._thread.start()

    def view(self) -> View:
        view = self._view
        if view is None:  # the first request: nothing to answer from yet (the others wait for it)
            return self._reload(first=True)
        if time.monotonic() >= self._due:
            self._wanted.set()
        return view

    def reload(self) -> View:
        """Check now and wait for the result (after a write by this server, so that its writer
        reads what it wrote)."""
        return self._reload()

    def close(self) -> None:
        self._closed = True
        self._wanted.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closed:
                return
            if time.monotonic() < self._due:  # woken by a request that read the old due time
                continue
            try:
                self._reload()
            except Exception:  # keep answering from the previous snapshot; try again later
                log.exception("reading the knowledge snapshot failed; serving the previous one")
                self._due = time.monotonic() + max(self._max_age, 1.0)

    def _reload(self, first: bool = False) -> View:
        with self._building:
            old = self._view
            if first and old is not None:  # another request read it while this one waited
                return old
            started = time.monotonic()
            snap = load_snapshot(self._store, old.snap if old is not None else None)
            if old is None or snap is not old.snap:
                self._view = View(snap).warm()
            ended = time.monotonic()
            self._due = ended + max(self._max_age, REST * (ended - started))
            return self._view


class AppState:
    def __init__(self, db: str, token: str | None, max_age: float = 1.0,
                 today: Callable[[], date] = date.today):
        self.db = db
        self.today = today
        self.token = token or None
        self.store = Store(db)
        self.snapshots = Snapshots(self.store, max_age)
        self.cached = CachedStore(self.store, self.view)
        self._uploads: Path | None = None
        self._uploads_lock = threading.Lock()

    def view(self) -> View:
        """The served snapshot's View: current within `max_age` seconds, plus a reload's time."""
        return self.snapshots.view()

    def uploads(self) -> Path:
        """This server's upload folder: made on the first upload by tempfile.mkdtemp (mode 0700,
        a new random name, so no other user can have put anything in it), removed at close."""
        with self._uploads_lock:
            if self._uploads is None:
                self._uploads = Path(tempfile.mkdtemp(prefix="communique-uploads-"))
            return self._uploads

    def close(self) -> None:
        self.snapshots.close()
        self.store.close()
        if self._uploads is not None:
            shutil.rmtree(self._uploads, ignore_errors=True)


def get_state(request: Request) -> AppState:
    return request.app.state.communique
