"""Offices: an office's holders in order, and the contradictions an analyst should fix."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from communique.web.api.offices import checked, timelines
from communique.web.deps import StateDep
from communique.web.render import page

router = APIRouter()


@router.get("/offices")
def offices_page(request: Request, state: StateDep,
                 office: Annotated[str, Query(max_length=200)] = "",
                 org: Annotated[str, Query(max_length=200)] = ""):
    """With an office: its timeline; always: the contradictions (two holders of a single seat at
    once, one person in two exclusive offices at once), each with its evidence."""
    view = state.view()
    tls = timelines(state, office, org or None) if office else []
    return page(request, "offices.html", title="Offices", view=view, office=office, org=org, timelines=tls,
                contradictions=checked(state))
