"""Who met whom: people as nodes, an edge weighted by the events they took part in together."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from communique.web.deps import StateDep
from communique.web.schemas import GraphOut
from communique.web.views import meeting_graph

router = APIRouter(tags=["graph"])


@router.get("/graph", response_model=GraphOut, summary="Co-participation of people in events")
def graph(
    state: StateDep,
    min_weight: Annotated[int, Query(ge=1, le=1000, description="Fewest shared events for an edge")] = 1,
    limit: Annotated[int, Query(ge=1, le=2000, description="Most edges (the heaviest)")] = 500,
) -> dict:
    return meeting_graph(state.view(), min_weight, limit)
