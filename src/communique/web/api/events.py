"""Events, filtered like `communique events`: dates, type, place, participant, status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from communique import query
from communique.model import Event
from communique.web import serialize
from communique.web.deps import DATE_HELP, DATE_PATTERN, PagingDep, StateDep, parse_date
from communique.web.errors import not_found
from communique.web.schemas import EventOut, Page
from communique.web.state import AppState

router = APIRouter(tags=["events"])
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description=DATE_HELP)]
Text = Annotated[str | None, Query(max_length=200)]


def find_events(state: AppState, date_from: str | None = None, date_to: str | None = None, type: str | None = None,
                place: str | None = None, person: str | None = None, status: str | None = None) -> list[Event]:
    start, end = parse_date(date_from, "from"), parse_date(date_to, "to")
    found = query.events(state.cached, start, end, type, place, person)  # type: ignore[arg-type]
    return [v for v in found if status is None or v.status == status]


@router.get("/events", response_model=Page[EventOut], summary="Events by date range, type, place, participant")
def events(
    state: StateDep,
    paging: PagingDep,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE_PATTERN, description=DATE_HELP)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE_PATTERN, description=DATE_HELP)] = None,
    type: Text = None,
    place: Annotated[str | None, Query(max_length=200, description="A place name")] = None,
    person: Annotated[str | None, Query(max_length=200, description="A participant's name")] = None,
    status: Annotated[str | None, Query(max_length=16, description="reported or announced")] = None,
) -> dict:
    found = find_events(state, date_from, date_to, type, place, person, status)
    view = state.view()
    return serialize.page([serialize.event(view, v) for v in paging.slice(found)], len(found),
                          paging.limit, paging.offset)


@router.get("/events/{event_id}", response_model=EventOut, summary="One event")
def event(state: StateDep, event_id: Annotated[str, Path(max_length=64)]) -> dict:
    view = state.view()
    if event_id not in view.events:
        raise not_found(f"event {event_id!r}")
    return serialize.event(view, view.events[event_id])
