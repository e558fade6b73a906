"""The graph of who met whom (cytoscape.js, vendored), with a table of the strongest links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from communique.web.deps import StateDep
from communique.web.render import page
from communique.web.views import meeting_graph

router = APIRouter()


@router.get("/graph")
def graph_page(request: Request, state: StateDep, min_weight: Annotated[int, Query(ge=1, le=1000)] = 1,
               focus: Annotated[str, Query(max_length=64)] = ""):
    view = state.view()
    return page(request, "graph.html", title="Who met whom", view=view, min_weight=min_weight, focus=focus,
                graph=meeting_graph(view, min_weight, 500))
