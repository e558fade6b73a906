"""Who held an office (of an organization) on a date, with the sentences that say so."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from communique import query
from communique.model import Knowledge, PartialDate
from communique.web import serialize
from communique.web.deps import DATE_HELP, DATE_PATTERN, StateDep, parse_date
from communique.web.schemas import WhoOut
from communique.web.state import Fixed, View

router = APIRouter(tags=["who"])


def holders(view: View, office: str, org: str | None, day: PartialDate) -> list[query.Holder]:
    """query.who over the tenures of matching offices only (the distinct office names are few),
    with the same answers as over the whole knowledge."""
    tenures = tuple(r for name, rs in view.tenures_by_office.items() if query.office_matches(office, name) for r in rs)
    people = tuple(view.entities[p] for p in dict.fromkeys(r.person for r in tenures) if p in view.entities)
    return query.who(Fixed(Knowledge(entities=view.non_persons + people, tenures=tenures)), office, org, day)  # type: ignore[arg-type]


@router.get("/who", response_model=WhoOut, summary="The holders of an office on a date")
def who(
    state: StateDep,
    office: Annotated[str, Query(min_length=1, max_length=200, description='e.g. "Secretary General"')],
    on: Annotated[str, Query(pattern=DATE_PATTERN, description=DATE_HELP)],
    org: Annotated[str | None, Query(max_length=200, description="Organization name or acronym")] = None,
) -> dict:
    day = parse_date(on, "on")
    view = state.view()
    found = holders(view, office, org, day)  # type: ignore[arg-type]
    return {"office": office, "org": org, "on": day.iso() if day else on,
            "holders": [serialize.tenure(view, h.tenure) for h in found]}
