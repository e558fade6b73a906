"""People: offices over time (tenures) and the events they took part in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from communique import query
from communique.web import serialize
from communique.web.deps import PagingDep, StateDep
from communique.web.errors import not_found
from communique.web.schemas import Page, PersonOut, TenureOut
from communique.web.state import View

router = APIRouter(tags=["people"])
PersonId = Annotated[str, Path(max_length=64, description="A person entity id (e_...)")]


def person_view(view: View, person_id: str) -> dict:
    e = view.entities.get(person_id)
    if e is None or e.type != "person":
        raise not_found(f"person {person_id!r}")
    tenures = sorted(view.tenures_by_person.get(e.id, []), key=lambda r: r.start.iso() if r.start else "")
    return {"entity": serialize.entity(view, e), "tenures": [serialize.tenure(view, r) for r in tenures],
            "events": [serialize.event(view, v) for v in view.events_by_entity.get(e.id, []) if e.id in v.participants]}


@router.get("/people", response_model=Page[PersonOut], summary="People matching a name or alias (as `communique person`)")
def people(state: StateDep, paging: PagingDep, name: Annotated[str, Query(min_length=1, max_length=200)]) -> dict:
    view = state.view()
    found = query.person(state.cached, name)  # type: ignore[arg-type]
    return serialize.page([person_view(view, p.entity.id) for p in paging.slice(found)], len(found),
                          paging.limit, paging.offset)


@router.get("/people/{person_id}", response_model=PersonOut, summary="A person's offices over time and events")
def person(state: StateDep, person_id: PersonId) -> dict:
    return person_view(state.view(), person_id)


@router.get("/people/{person_id}/tenures", response_model=list[TenureOut], summary="A person's offices over time")
def tenures(state: StateDep, person_id: PersonId) -> list:
    return person_view(state.view(), person_id)["tenures"]
