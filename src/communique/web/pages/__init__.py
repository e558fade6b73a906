"""Server-rendered pages and feeds (not in the OpenAPI schema): one router per page kind."""

from fastapi import APIRouter

from communique.web.pages import (
    bodies,
    calendar,
    docs,
    feeds,
    graph,
    home,
    items,
    offices,
    people,
    search,
    timeline,
)

router = APIRouter(include_in_schema=False)
for module in (home, search, items, people, offices, bodies, timeline, graph, calendar, feeds, docs):
    router.include_router(module.router)
