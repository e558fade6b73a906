"""Bodies and organizations: the list, a body's page (members, sessions, documents), other entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse

from communique.web.deps import StateDep
from communique.web.errors import not_found
from communique.web.render import page
from communique.web.views import entity_href, entity_rows

router = APIRouter()
PER_PAGE = 50


@router.get("/bodies")
def bodies_page(request: Request, state: StateDep, name: Annotated[str, Query(max_length=200)] = "",
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    rows = entity_rows(state.view(), "organization", name)
    return page(request, "entities.html", title="Bodies", heading="Bodies and organizations", name=name,
                count_label="Events", rows=rows[offset: offset + PER_PAGE], total=len(rows), limit=PER_PAGE,
                offset=offset, params={"name": name or None})


@router.get("/bodies/{body_id}")
def body_page(request: Request, state: StateDep, body_id: Annotated[str, Path(max_length=64)]):
    view = state.view()
    e = view.entities.get(body_id)
    if e is None or e.type != "organization":
        raise not_found(f"body {body_id!r}")
    members = sorted((r for r in view.k.tenures if r.organization == e.id),
                     key=lambda r: (r.start.iso() if r.start else "", r.office))
    documents = sorted((d for d in view.k.documents if d.body == e.id), key=lambda d: d.date.iso() if d.date else "",
                       reverse=True)
    events = [v for v in view.events_by_entity.get(e.id, []) if e.id in v.organizations]
    children = [c for c in view.k.entities if c.parent == e.id]
    return page(request, "body.html", title=e.name, entity=e, view=view, members=members, events=events,
                documents=documents, children=children)


@router.get("/entities/{entity_id}")
def entity_page(request: Request, state: StateDep, entity_id: Annotated[str, Path(max_length=64)]):
    view = state.view()
    e = view.entities.get(entity_id)
    if e is None:
        raise not_found(f"entity {entity_id!r}")
    if e.type in ("person", "organization"):
        return RedirectResponse(entity_href(e.id, e.type) or "/", status_code=307)
    documents = [d for d in view.k.documents if e.id in (d.id, d.body)]
    return page(request, "entity.html", title=e.name, entity=e, view=view,
                events=view.events_by_entity.get(e.id, []), documents=documents)
