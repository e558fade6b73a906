"""Documents adopted (statements, declarations, decisions...), by body and kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from communique.web import serialize
from communique.web.deps import PagingDep, StateDep
from communique.web.errors import not_found
from communique.web.schemas import DocumentOut, Page

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=Page[DocumentOut], summary="Documents, newest first")
def documents(
    state: StateDep,
    paging: PagingDep,
    body: Annotated[str | None, Query(max_length=64, description="The adopting body's entity id")] = None,
    kind: Annotated[str | None, Query(max_length=24)] = None,
) -> dict:
    view = state.view()
    found = [d for d in view.k.documents if (body is None or d.body == body) and (kind is None or d.kind == kind)]
    found.sort(key=lambda d: (d.date.iso() if d.date else "", d.id), reverse=True)
    return serialize.page([serialize.document(view, d) for d in paging.slice(found)], len(found),
                          paging.limit, paging.offset)


@router.get("/documents/{document_id}", response_model=DocumentOut, summary="One document")
def document(state: StateDep, document_id: Annotated[str, Path(max_length=64)]) -> dict:
    view = state.view()
    if document_id not in view.documents:
        raise not_found(f"document {document_id!r}")
    return serialize.document(view, view.documents[document_id])
