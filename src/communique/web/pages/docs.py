"""/docs: Swagger UI from the vendored swagger-ui-dist files, started by a static script (CSP)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from communique.web.render import env

router = APIRouter()


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(env.get_template("docs.html").render())
