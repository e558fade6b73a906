"""The start page: counts, newest items, events coming up."""

from __future__ import annotations

from fastapi import APIRouter, Request

from communique.web.api.items import list_items
from communique.web.deps import StateDep
from communique.web.render import page
from communique.web.views import upcoming

router = APIRouter()


@router.get("/")
def home(request: Request, state: StateDep):
    view = state.view()
    rows, _ = list_items(state, None, 12, 0)
    return page(request, "home.html", title="Start", stats=state.store.stats(), items=rows, view=view,
                upcoming=upcoming(view, state.today())[:8])
