"""Entities: people, organizations, places, documents; one with what is known about it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from communique import query
from communique.web import serialize
from communique.web.deps import PagingDep, StateDep
from communique.web.errors import not_found
from communique.web.schemas import EntityDetail, EntityOut, Page
from communique.web.state import View

router = APIRouter(tags=["entities"])


def entity_detail(view: View, entity_id: str) -> dict:
    e = view.entities.get(entity_id)
    if e is None:
        raise not_found(f"entity {entity_id!r}")
    k = view.k
    return {
        "entity": serialize.entity(view, e),
        "tenures": [serialize.tenure(view, r) for r in view.tenures_by_person.get(e.id, [])],
        "events": [serialize.event(view, v) for v in view.events_by_entity.get(e.id, [])],
        "documents": [serialize.document(view, d) for d in k.documents if e.id in (d.body, d.id)],
        "members": [serialize.tenure(view, r) for r in k.tenures if r.organization == e.id],
    }


@router.get("/entities", response_model=Page[EntityOut], summary="Entities by type, or matching a name")
def entities(
    state: StateDep,
    paging: PagingDep,
    type: Annotated[str | None, Query(max_length=16, description="person, organization, place, document")] = None,
    name: Annotated[str | None, Query(max_length=200, description="A name or alias")] = None,
) -> dict:
    view = state.view()
    if name:
        found = query.find_entities(view.k, name, type)
    else:
        found = sorted((e for e in view.k.entities if type is None or e.type == type), key=lambda e: e.name.casefold())
    return serialize.page([serialize.entity(view, e) for e in paging.slice(found)], len(found),
                          paging.limit, paging.offset)


@router.get("/entities/{entity_id}", response_model=EntityDetail, summary="One entity: offices, events, documents")
def entity(state: StateDep, entity_id: Annotated[str, Path(max_length=64)]) -> dict:
    return entity_detail(state.view(), entity_id)
