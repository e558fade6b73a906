"""Full-text search with facets (store.search: FTS5 on SQLite, tsvector on PostgreSQL)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from communique.store.search import SearchResult, search
from communique.web.deps import PagingDep, StateDep
from communique.web.schemas import SearchOut
from communique.web.state import AppState

router = APIRouter(tags=["search"])
Facet = Annotated[str | None, Query(max_length=64)]


def run_search(state: AppState, q: str, facets: dict[str, str | None], limit: int, offset: int) -> SearchResult:
    return search(state.store, q, limit=limit, offset=offset, snap=state.view().snap,
                  **{k: v for k, v in facets.items() if v})


@router.get("/search", response_model=SearchOut, summary="Items matching words, with highlighted snippets and facets")
def search_items(
    state: StateDep,
    paging: PagingDep,
    q: Annotated[str, Query(max_length=500, description='Words (all must occur), "a phrase", -excluded, prefix*')] = "",
    kind: Facet = None,
    year: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    type: Facet = None,
    place: Annotated[str | None, Query(max_length=64, description="A place entity id")] = None,
    person: Annotated[str | None, Query(max_length=64, description="A person entity id")] = None,
    body: Annotated[str | None, Query(max_length=64, description="An organization entity id")] = None,
) -> dict:
    facets = {"kind": kind, "year": year, "type": type, "place": place, "person": person, "body": body}
    r = run_search(state, q, facets, paging.limit, paging.offset)
    return {"query": q, "total": r.total, "total_exact": r.total_exact, "limit": paging.limit, "offset": paging.offset,
            "order": r.order, "results": [asdict(h) for h in r.hits],
            "facets": {f: [asdict(v) for v in vals] for f, vals in r.facets.items()},
            "facets_approximate": list(r.facets_approximate), "facets_sample": r.facets_sample}
