"""One error shape for every error: {"error": {"status": 404, "code": "not_found", "message": "..."}}.

API clients (and any request not asking for HTML) get the JSON; a browser asking for a
page gets the same facts as a small HTML page.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("communique.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "validation_error", 429: "too_many_requests", 500: "internal_error"}


class ApiError(StarletteHTTPException):
    """Raised by handlers: a status, a machine code and a human message."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code or CODES.get(status, "error")


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


def error_body(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details:
        err["details"] = details
    return {"error": err}


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def _respond(request: Request, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    status = body["error"]["status"]
    if _wants_html(request):
        from communique.web.render import render_error

        return render_error(request, body["error"], headers)
    return JSONResponse(body, status_code=status, headers=headers)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    status = exc.status_code
    code = getattr(exc, "code", None) or CODES.get(status, "error")
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    if status == 404 and message == "Not Found":
        message = f"no such resource: {request.url.path}"
    return _respond(request, error_body(status, code, message), getattr(exc, "headers", None))


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    details = [{"where": _where(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()]
    message = "; ".join(f"{d['where']}: {d['message']}" for d in details) or "invalid request"
    return _respond(request, error_body(422, "validation_error", message, details))


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(request, error_body(500, "internal_error", "internal error (logged on the server)"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, server_error)
