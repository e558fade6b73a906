"""People: the list, and a person's page (offices over time as bars, events, aliases, evidence)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from communique.web.deps import StateDep
from communique.web.errors import not_found
from communique.web.render import page
from communique.web.svg import gantt
from communique.web.views import entity_rows

router = APIRouter()
PER_PAGE = 50


@router.get("/people")
def people_page(request: Request, state: StateDep, name: Annotated[str, Query(max_length=200)] = "",
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    rows = entity_rows(state.view(), "person", name)
    return page(request, "entities.html", title="People", heading="People", name=name, count_label="Events",
                rows=rows[offset: offset + PER_PAGE], total=len(rows), limit=PER_PAGE, offset=offset,
                params={"name": name or None})


@router.get("/people/{person_id}")
def person_page(request: Request, state: StateDep, person_id: Annotated[str, Path(max_length=64)]):
    view = state.view()
    e = view.entities.get(person_id)
    if e is None or e.type != "person":
        raise not_found(f"person {person_id!r}")
    tenures = sorted(view.tenures_by_person.get(e.id, []), key=lambda r: r.start.iso() if r.start else "")
    events = [v for v in view.events_by_entity.get(e.id, []) if e.id in v.participants]
    met = Counter(p for v in events for p in set(v.participants) if p != e.id)
    return page(request, "person.html", title=e.name, entity=e, view=view, tenures=tenures, events=events,
                gantt=gantt(tenures, view.snap.names), met=met.most_common(20))
