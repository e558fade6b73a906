"""Records -> JSON-ready dicts (the shapes of schemas.py), names resolved through a View."""

from __future__ import annotations

from typing import Any

from communique.model import Document, Entity, Event, Item, PartialDate, Tenure
from communique.web.state import View


def iso(d: PartialDate | None) -> str | None:
    return d.iso() if d else None


def ref(view: View, entity_id: str | None) -> dict[str, str] | None:
    return {"id": entity_id, "name": view.name(entity_id)} if entity_id else None


def entity(view: View, e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "reasons": list(e.reasons),
            "parent": ref(view, e.parent)}


def event(view: View, v: Event) -> dict[str, Any]:
    return {"id": v.id, "type": v.type, "date": iso(v.date), "date_end": iso(v.date_end), "place": ref(view, v.place),
            "participants": [ref(view, p) for p in v.participants],
            "organizations": [ref(view, o) for o in v.organizations], "status": v.status, "item": v.item_id,
            "evidence": v.evidence, "linked": v.linked}


def tenure(view: View, r: Tenure) -> dict[str, Any]:
    return {"person": ref(view, r.person), "office": r.office, "organization": ref(view, r.organization),
            "start": iso(r.start), "end": iso(r.end), "conflict": r.conflict,
            "evidence": [{"item": e.item_id, "text": e.text, "date": iso(e.date)} for e in r.evidence]}


def document(view: View, d: Document) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "kind": d.kind, "body": ref(view, d.body), "date": iso(d.date),
            "item": d.item_id, "evidence": d.evidence}


def item(view: View, it: Item) -> dict[str, Any]:
    cited = view.tenures_by_item.get(it.id, [])
    return {"id": it.id, "title": it.title, "text": it.text, "published": iso(it.published), "kind": it.kind,
            "sources": [{"uri": s.uri, "offset": s.offset} for s in it.sources],
            "events": [event(view, v) for v in view.events_by_item.get(it.id, [])],
            "documents": [document(view, d) for d in view.documents_by_item.get(it.id, [])],
            "tenures": [tenure(view, r) for r in cited]}


def page(results: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "results": results}
