"""The web: an HTTP API under /api/ and server-rendered pages over the same queries.

    create_app(db, token=None) -> FastAPI

A thin layer over communique.query and communique.store.search; read-only unless started
with a token (then POST /api/ingest takes `Authorization: Bearer <token>`).
"""

from communique.web.app import create_app

__all__ = ["create_app"]
