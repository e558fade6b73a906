"""The `communique/1` document: the public, stable interface that users diff and score.py reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from communique.model import Item, Knowledge, PartialDate

SCHEMA = "communique/1"


def _iso(d: PartialDate | None) -> str | None:
    return d.iso() if d else None


def item_record(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "text": item.text,
        "published": _iso(item.published),
        "kind": item.kind,
        "contact": item.contact,
        "sources": [{"uri": s.uri, "offset": s.offset} for s in item.sources],
        "duplicates": len(item.sources) - 1,
    }


def knowledge_records(knowledge: Knowledge) -> dict[str, list[dict[str, Any]]]:
    entities = [
        {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "parent": e.parent,
         "reasons": list(e.reasons)}
        for e in knowledge.entities
    ]
    events = [
        {"id": v.id, "type": v.type, "date": _iso(v.date), "date_end": _iso(v.date_end), "place": v.place,
         "participants": list(v.participants), "organizations": list(v.organizations), "status": v.status,
         "item": v.item_id, "evidence": v.evidence, "linked": v.linked}
        for v in knowledge.events
    ]
    roles = [
        {"person": t.person, "office": t.office, "organization": t.organization, "start": _iso(t.start),
         "end": _iso(t.end), "conflict": t.conflict,
         "evidence": [{"item": ev.item_id, "date": _iso(ev.date), "text": ev.text} for ev in t.evidence]}
        for t in knowledge.tenures
    ]
    documents = [
        {"id": d.id, "title": d.title, "kind": d.kind, "body": d.body, "date": _iso(d.date), "item": d.item_id,
         "evidence": d.evidence}
        for d in knowledge.documents
    ]
    return {"entities": entities, "events": events, "roles": roles, "documents": documents}


def build_export(items: Iterable[Item], knowledge: Knowledge | None = None) -> dict[str, Any]:
    """The whole knowledge base as one JSON-ready object, items sorted by id for stable diffs."""
    ordered: Sequence[Item] = sorted(items, key=lambda it: it.id)
    doc: dict[str, Any] = {"schema": SCHEMA, "items": [item_record(it) for it in ordered]}
    doc.update(knowledge_records(knowledge or Knowledge()))
    return doc
