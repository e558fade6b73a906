"""Who held an office (of an organization) on a date, with the sentences that say so."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from communique import query
from communique.web import serialize
from communique.web.deps import DATE_HELP, DATE_PATTERN, StateDep, parse_date
from communique.web.schemas import WhoOut

router = APIRouter(tags=["who"])


@router.get("/who", response_model=WhoOut, summary="The holders of an office on a date")
def who(
    state: StateDep,
    office: Annotated[str, Query(min_length=1, max_length=200, description='e.g. "Secretary General"')],
    on: Annotated[str, Query(pattern=DATE_PATTERN, description=DATE_HELP)],
    org: Annotated[str | None, Query(max_length=200, description="Organization name or acronym")] = None,
) -> dict:
    """The answer of `communique who`, read from the office's whole timeline: `holders` are the stored
    tenures, `stints` each holder's interval (each end with how it is known) and evidence pages."""
    day = parse_date(on, "on")
    view = state.view()
    found = query.who(state.cached, office, org, day)  # type: ignore[arg-type]
    return {"office": office, "org": org, "on": day.iso() if day else on,
            "holders": [serialize.tenure(view, h.tenure) for h in found],
            "stints": query.stints_json(state.cached, (h.stint for h in found), view.snap.names)}  # type: ignore[arg-type]
