"""Items: the stored news items, newest first; one item with every source it was read on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import func, select

from communique.store import schema as t
from communique.web import serialize
from communique.web.deps import PagingDep, StateDep
from communique.web.errors import not_found
from communique.web.schemas import ItemOut, ItemSummary, Page
from communique.web.state import AppState

router = APIRouter(tags=["items"])
ID = Annotated[str, Path(max_length=64, description="An item id (i_...); an absorbed teaser's old id works too.")]


def list_items(state: AppState, kind: str | None, limit: int, offset: int) -> tuple[list[dict], int]:
    cond = [t.items.c.kind == kind] if kind else []
    lead = func.substr(t.items.c.text, 1, 90).label("lead")
    q = (select(t.items.c.id, t.items.c.title, t.items.c.published, t.items.c.kind, lead).where(*cond)
         .order_by(t.items.c.published.desc().nulls_last(), t.items.c.id).limit(limit).offset(offset))
    with state.store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(t.items).where(*cond)).scalar_one()
        rows = conn.execute(q).fetchall()
        ids = [r.id for r in rows]
        counts = dict(conn.execute(select(t.item_sources.c.item_id, func.count()).where(
            t.item_sources.c.item_id.in_(ids)).group_by(t.item_sources.c.item_id)).fetchall()) if ids else {}
    return [{"id": r.id, "title": r.title, "published": r.published, "kind": r.kind, "lead": r.lead + "…",
             "sources": counts.get(r.id, 0)} for r in rows], int(total)


def get_item(state: AppState, item_id: str):
    found = state.store.items([state.store.resolve_item_id(item_id)])
    if not found:
        raise not_found(f"item {item_id!r}")
    return found[0]


@router.get("/items", response_model=Page[ItemSummary], summary="List items, newest first")
def items(state: StateDep, paging: PagingDep,
          kind: Annotated[str | None, Query(max_length=16, description="teaser or article")] = None) -> dict:
    rows, total = list_items(state, kind, paging.limit, paging.offset)
    return serialize.page(rows, total, paging.limit, paging.offset)


@router.get("/items/{item_id}", response_model=ItemOut, summary="One item, its sources and the facts read in it")
def item(state: StateDep, item_id: ID) -> dict:
    return serialize.item(state.view(), get_item(state, item_id))
