"""Offices over time: an office's whole timeline, and the contradictions to fix."""

from __future__ import annotations

import weakref
from typing import Annotated

from fastapi import APIRouter, Query

from communique import query
from communique.resolve.tenures import Contradiction, Timeline
from communique.web.deps import StateDep
from communique.web.schemas import ContradictionOut, OfficesOut
from communique.web.state import AppState, View

router = APIRouter(tags=["offices"])
# the last snapshot's contradictions, per server; the snapshot weakly held, so that a reloaded
# one is not kept alive until the next request here
_CHECKED: dict[int, tuple[weakref.ref[View], list[Contradiction]]] = {}


def timelines(state: AppState, office: str | None, org: str | None) -> list[Timeline]:
    return query.office_timelines(state.cached, office, org)  # type: ignore[arg-type]


def checked(state: AppState) -> list[Contradiction]:
    """The served snapshot's contradictions, computed once per snapshot."""
    view = state.view()
    kept = _CHECKED.get(id(state))
    if kept is None or kept[0]() is not view:
        kept = (weakref.ref(view), query.check(state.cached))  # type: ignore[arg-type]
        _CHECKED[id(state)] = kept
    return kept[1]


@router.get("/offices", response_model=OfficesOut, summary="An office's holders in order (every office without one)")
def offices(
    state: StateDep,
    office: Annotated[str | None, Query(max_length=200, description='e.g. "Secretary General"')] = None,
    org: Annotated[str | None, Query(max_length=200, description="Organization name or acronym")] = None,
) -> dict:
    tls = timelines(state, office or None, org or None)
    return {"office": office, "org": org,
            "timelines": query.timelines_json(state.cached, tls, state.view().snap.names)}  # type: ignore[arg-type]


@router.get("/contradictions", response_model=list[ContradictionOut],
            summary="Single-seat offices with two holders at once; people in two exclusive offices at once")
def contradictions(state: StateDep) -> list[dict]:
    return query.contradictions_json(state.cached, checked(state), state.view().snap.names)  # type: ignore[arg-type]
