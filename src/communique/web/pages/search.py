"""The search page: highlighted hits (spans, escaped by the template) and facets to narrow them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from communique.web.api.search import run_search
from communique.web.deps import StateDep
from communique.web.render import page

router = APIRouter()
LABELS = {"kind": "Kind", "year": "Year", "type": "Event type", "place": "Place", "person": "Person", "body": "Body"}
PER_PAGE = 20
Opt = Annotated[str | None, Query(max_length=64)]


@router.get("/search")
def search_page(request: Request, state: StateDep, q: Annotated[str, Query(max_length=500)] = "",
                kind: Opt = None, year: Opt = None, type: Opt = None, place: Opt = None, person: Opt = None,
                body: Opt = None, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    chosen = {k: v for k, v in {"kind": kind, "year": year, "type": type, "place": place, "person": person,
                                "body": body}.items() if v}
    result = run_search(state, q, chosen, PER_PAGE, offset)
    view = state.view()
    params = {"q": q or None, **chosen}
    return page(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, chosen=chosen, result=result,
                params=params, labels=LABELS, names=view.snap.names, limit=PER_PAGE, offset=offset)
