"""The app factory: `create_app(db, token)` -> a FastAPI app serving /api/, the pages and /static/.

    uvicorn.run(create_app("communique.db"), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from communique.web import errors
from communique.web.api import router as api_router
from communique.web.middleware import HeadersMiddleware, HeadMiddleware
from communique.web.pages import router as pages_router
from communique.web.state import AppState

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """The knowledge base read from organizations' news pages: items with every page they
were read on, events, people and their offices over time, bodies, documents.

Every list takes `limit` and `offset` and answers `{total, limit, offset, results}`. Every
error answers `{"error": {"status", "code", "message"}}`. GET answers carry an ETag (send
it back in `If-None-Match` for a 304); HEAD answers as GET, without the body. Writes
(`POST /api/ingest`) need `Authorization: Bearer <token>` and a server started with `--token`."""
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def _host(name: str) -> str:
    """A name as the Host header carries it: lower case, an IPv6 address in brackets."""
    name = name.strip().lower()
    try:
        return f"[{ipaddress.IPv6Address(name.strip('[]'))}]"
    except ValueError:
        return name


def trusted_hosts(bind: str, allowed: Iterable[str] = ()) -> list[str] | None:
    """The Host header values a server bound to `bind` answers (None: any).

    Bound to one address or name: that one, plus localhost and the loopback addresses when it
    is loopback, plus `allowed` (`--allow-host`; "*" allows any). A page elsewhere that points
    its own name at 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
    Bound to every address (0.0.0.0, ::) the server is meant to be reached by names it cannot
    know: not checked, unless `allowed` names them (then those and the loopback names)."""
    extra = [_host(a) for a in allowed if a.strip()]
    if "*" in extra:
        return None
    try:
        ip = ipaddress.ip_address(bind.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None and ip.is_unspecified:
        return list(dict.fromkeys([*extra, *LOOPBACK])) if extra else None
    own = [_host(bind)]
    if bind.lower() == "localhost" or (ip is not None and ip.is_loopback):
        own += LOOPBACK
    return list(dict.fromkeys([*own, *extra]))


def create_app(db: str, token: str | None = None, *, max_age: float = 1.0,
               today: Callable[[], date] = date.today, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The web app over the store at `db` (a SQLite path or a postgresql:// URL).

    token: the bearer token that allows writes; None keeps the server read-only.
    allowed_hosts: the Host header values answered (others get 400; see trusted_hosts); None: any.
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
    app.add_middleware(HeadMiddleware)  # outside the ETag middleware: a HEAD gets the GET's ETag
    if allowed_hosts is not None:  # outermost: a foreign Host is refused before anything runs
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
