"""The app factory: `create_app(db, token)` -> a FastAPI app serving /api/, the pages and /static/.

    uvicorn.run(create_app("communique.db"), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from communique.web import errors
from communique.web.api import router as api_router
from communique.web.middleware import HeadersMiddleware
from communique.web.pages import router as pages_router
from communique.web.state import AppState

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """The knowledge base read from organizations' news pages: items with every page they
were read on, events, people and their offices over time, bodies, documents.

Every list takes `limit` and `offset` and answers `{total, limit, offset, results}`. Every
error answers `{"error": {"status", "code", "message"}}`. GET answers carry an ETag (send
it back in `If-None-Match` for a 304). Writes (`POST /api/ingest`) need
`Authorization: Bearer <token>` and a server started with `--token`."""


def create_app(db: str, token: str | None = None, *, max_age: float = 1.0,
               today: Callable[[], date] = date.today) -> FastAPI:
    """The web app over the store at `db` (a SQLite path or a postgresql:// URL).

    token: the bearer token that allows writes; None keeps the server read-only.
    max_age: seconds between checks whether the stored knowledge changed.
    today: the date "upcoming" counts from (tests pin it)."""
    state = AppState(db, token, max_age, today)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(title="communique", version="1", description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.communique = state
    errors.install(app)
    app.add_middleware(HeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
