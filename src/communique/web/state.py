"""What every request reads: the store, the token, and a cached view of the knowledge.

The knowledge is read once and kept until the store changes (store.search.snapshot checks
a cheap fingerprint at most every `max_age` seconds), so `who`, `person` and `events`
answer from memory instead of re-reading every table per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from fastapi import Request

from communique.model import Document, Entity, Event, Knowledge, Tenure
from communique.store import Store
from communique.store.search import Snapshot, snapshot

T = TypeVar("T")


class CachedStore:
    """A Store whose knowledge() comes from the snapshot: hand it to communique.query."""

    def __init__(self, store: Store, max_age: float):
        self._store = store
        self._max_age = max_age

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def knowledge(self) -> Knowledge:
        return snapshot(self._store, self._max_age).knowledge


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


class Fixed:
    """A store-like object answering knowledge() with a given Knowledge (for communique.query)."""

    def __init__(self, k: Knowledge):
        self._k = k

    def knowledge(self) -> Knowledge:
        return self._k


class AppState:
    def __init__(self, db: str, token: str | None, max_age: float = 1.0,
                 today: Callable[[], date] = date.today):
        self.db = db
        self.today = today
        self.token = token or None
        self.max_age = max_age
        self.store = Store(db)
        self.cached = CachedStore(self.store, max_age)
        self._view: View | None = None

    def view(self) -> View:
        snap = snapshot(self.store, self.max_age)
        if self._view is None or self._view.snap is not snap:
            self._view = View(snap)
        return self._view

    def close(self) -> None:
        self.store.close()


def get_state(request: Request) -> AppState:
    return request.app.state.communique
