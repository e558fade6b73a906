"""An item: its text with every extracted fact highlighted, and every page it was read on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from communique.web.api.items import get_item
from communique.web.deps import StateDep
from communique.web.render import page
from communique.web.views import highlighted

router = APIRouter()


@router.get("/items/{item_id}")
def item_page(request: Request, state: StateDep, item_id: Annotated[str, Path(max_length=64)]):
    item = get_item(state, item_id)
    view = state.view()
    title_segments, text_segments, missing = highlighted(view, item)
    tenures = [r for r in view.k.tenures if any(e.item_id == item.id for e in r.evidence)]
    return page(request, "item.html", title=item.title or item.id, item=item, view=view,
                title_segments=title_segments, text_segments=text_segments, missing=missing,
                events=view.events_by_item.get(item.id, []), tenures=tenures,
                documents=[d for d in view.k.documents if d.item_id == item.id])
