"""The HTTP API under /api/: one router per resource."""

from fastapi import APIRouter

from communique.web.api import (
    documents,
    entities,
    events,
    graph,
    ingest,
    items,
    offices,
    people,
    runs,
    search,
    who,
)
from communique.web.schemas import ErrorOut

ERRORS = {404: {"model": ErrorOut, "description": "Not found"},
          422: {"model": ErrorOut, "description": "Invalid parameters"}}

router = APIRouter(prefix="/api", responses=ERRORS)
for module in (items, search, events, entities, people, who, offices, documents, runs, graph, ingest):
    router.include_router(module.router)
