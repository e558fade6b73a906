"""/feed.atom: the events most recently learned (by the run that stored their item), newest first."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from communique.store import schema as t
from communique.web.deps import StateDep
from communique.web.state import AppState

router = APIRouter()
ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50


def _learned(state: AppState, item_ids: set[str]) -> dict[str, str]:
    q = select(t.items.c.id, t.runs.c.started_at).join(t.runs, t.runs.c.id == t.items.c.run_id)
    with state.store.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(q) if r[0] in item_ids}


def atom_feed(state: AppState, base: str) -> bytes:
    view = state.view()
    learned = _learned(state, {v.item_id for v in view.k.events})
    ranked = sorted(view.k.events, key=lambda v: (learned.get(v.item_id, ""), v.date.iso() if v.date else "", v.id),
                    reverse=True)[:ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "communique: new events"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + "/feed.atom"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + "/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(max(learned.values(), default=""))
    for v in ranked:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        people = ", ".join(view.name(p) for p in v.participants)
        place = f" in {view.name(v.place)}" if v.place else ""
        title = f"{v.date or 'undated'} {v.type}{place}" + (f": {people}" if people else "")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:communique:event:{v.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=f"{base}/items/{v.item_id}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(learned.get(v.item_id, ""))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = v.evidence
        ET.SubElement(entry, f"{{{ATOM}}}category", term=v.type)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(iso: str) -> str:
    """Atom wants RFC 3339 with a zone; runs are stored as UTC ISO timestamps."""
    if not iso:
        return "1970-01-01T00:00:00Z"
    return iso.replace("+00:00", "Z") if ("+" in iso[10:] or iso.endswith("Z")) else iso + "Z"


@router.get("/feed.atom")
def feed(request: Request, state: StateDep):
    base = str(request.base_url).rstrip("/")
    return Response(atom_feed(state, base), media_type="application/atom+xml; charset=utf-8")
