"""Runs: every ingest recorded with its inputs, counts and error lines, newest first."""

from __future__ import annotations

from fastapi import APIRouter

from communique.web import serialize
from communique.web.deps import PagingDep, StateDep
from communique.web.schemas import Page, RunOut

router = APIRouter(tags=["runs"])


@router.get("/runs", response_model=Page[RunOut], summary="Ingest runs, newest first")
def runs(state: StateDep, paging: PagingDep) -> dict:
    rows = list(reversed(state.store.runs()))
    return serialize.page([{**r, "counts": r["counts"] or {}, "errors": r["errors"] or [], "inputs": r["inputs"] or []}
                           for r in paging.slice(rows)], len(rows), paging.limit, paging.offset)
