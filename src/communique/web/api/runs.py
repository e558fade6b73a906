"""Runs: every ingest recorded with its inputs, counts and error lines, newest first.

Local paths are the server's business: the full paths of the files and folders read (and of
the files named in error lines) go only to a request carrying the server's token, the one who
may already write to it. Anyone else, and everyone on a server started without a token, sees
each local input by its last name (`csto`, `page.html`) and error lines with the inputs'
folders cut off (`csto/x.html: ...`): what they were given, not where it lies on the machine.
URLs are shown whole (they are public addresses).
"""

from __future__ import annotations

import os
import re
from typing import Any

from fastapi import APIRouter, Request

from communique.web import serialize
from communique.web.deps import PagingDep, StateDep, has_token
from communique.web.schemas import Page, RunOut

router = APIRouter(tags=["runs"])
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _folders(inputs: list[Any]) -> list[str]:
    """The folders holding the local inputs, longest first (so the deepest is cut first)."""
    out = set()
    for x in inputs:
        if isinstance(x, str) and (not _URL.match(x) or x.lower().startswith("file://")):
            path = x[len("file://"):] if x.lower().startswith("file://") else x
            parent = os.path.dirname(path.rstrip(os.sep + "/")).rstrip(os.sep + "/")
            if parent:  # not the root itself, nor a relative name
                out.add(parent)
    return sorted(out, key=len, reverse=True)


def _without(text: Any, folders: list[str]) -> Any:
    if not isinstance(text, str):
        return text
    for folder in folders:
        for prefix in ("file://" + folder, folder):
            text = text.replace(prefix + "/", "").replace(prefix + os.sep, "")
    return text


def public(run: dict) -> dict:
    """The run as anyone may see it: local inputs by their last name, error lines without the
    inputs' folders."""
    folders = _folders(run["inputs"])
    return {**run, "inputs": [_without(x, folders) for x in run["inputs"]],
            "errors": [_without(e, folders) for e in run["errors"]]}


@router.get("/runs", response_model=Page[RunOut],
            summary="Ingest runs, newest first (full local paths only with the server's token)")
def runs(state: StateDep, paging: PagingDep, request: Request) -> dict:
    rows = list(reversed(state.store.runs()))
    shown = [{**r, "counts": r["counts"] or {}, "errors": r["errors"] or [], "inputs": r["inputs"] or []}
             for r in paging.slice(rows)]
    if not has_token(request):
        shown = [public(r) for r in shown]
    return serialize.page(shown, len(rows), paging.limit, paging.offset)
