"""The timeline of events: years -> months of a year -> days of a month (query parameters)."""

from __future__ import annotations

import calendar as cal
from typing import Annotated

from fastapi import APIRouter, Query, Request

from communique.web.deps import StateDep
from communique.web.errors import ApiError
from communique.web.render import page
from communique.web.svg import bar_chart
from communique.web.views import timeline

router = APIRouter()


@router.get("/timeline")
def timeline_page(request: Request, state: StateDep,
                  year: Annotated[int | None, Query(ge=1, le=9999)] = None,
                  month: Annotated[int | None, Query(ge=1, le=12)] = None,
                  type: Annotated[str | None, Query(max_length=32)] = None):
    if month is not None and year is None:
        raise ApiError(422, "month: give a year with the month", "validation_error")
    view = state.view()
    type = type or None
    buckets, events = timeline(view, year, month, type)
    by_day: dict[int, list] = {}
    undated = []
    for v in events if month else []:
        (by_day.setdefault(v.date.day, []) if v.date.day else undated).append(v)
    types = sorted({v.type for v in view.k.events})
    label = f"{cal.month_name[month]} {year}" if month else str(year) if year else "All years"
    return page(request, "timeline.html", title=f"Timeline · {label}", view=view, year=year, month=month, type=type,
                month_name=cal.month_name[month] if month else "", buckets=buckets, bars=bar_chart(buckets),
                events=events, by_day=sorted(by_day.items()), undated=undated, types=types)
