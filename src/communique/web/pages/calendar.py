"""Announced events ahead: a month calendar page and an iCalendar feed (/calendar.ics)."""

from __future__ import annotations

import calendar as cal
from datetime import UTC, datetime, time

from fastapi import APIRouter, Request, Response

from communique.export.formats import ics_bytes
from communique.web.deps import StateDep
from communique.web.render import page
from communique.web.views import month_grid, upcoming

router = APIRouter()
MONTHS_SHOWN = 6


@router.get("/calendar")
def calendar_page(request: Request, state: StateDep):
    view = state.view()
    today = state.today()
    events = upcoming(view, today)
    keys = sorted({(v.date.year, v.date.month) for v in events if v.date and v.date.month})[:MONTHS_SHOWN]
    if not keys:
        keys = [(today.year, today.month)]
    months = [{"label": f"{cal.month_name[m]} {y}", "month": m, "grid": month_grid(y, m, events)} for y, m in keys]
    return page(request, "calendar.html", title="Calendar", view=view, today=today, events=events, months=months,
                weekdays=[cal.day_abbr[i] for i in range(7)])


@router.get("/calendar.ics")
def calendar_ics(state: StateDep):
    view = state.view()
    today = state.today()
    stamp = datetime.combine(today, time.min, tzinfo=UTC)  # the day's feed: one DTSTAMP, one ETag
    body = ics_bytes(upcoming(view, today), view.snap.names, name="communique: announced events", stamp=stamp)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'inline; filename="communique.ics"'})
