"""Security headers on every response, and ETag / Cache-Control on GET responses.

A pure ASGI middleware (no buffering of streamed bodies other than the GET responses it
hashes): the ETag is a hash of the body, so `If-None-Match` gets a 304 whenever the
answer would be the same bytes.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
STATIC_CACHE = "public, max-age=86400"
DYNAMIC_CACHE = "no-cache"  # may be stored, but revalidated (cheap: 304 on the same ETag)


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [x.strip() for x in header.split(",")]
    return "*" in tags or etag in tags or etag.removeprefix("W/") in [x.removeprefix("W/") for x in tags]


class HeadersMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            await self._cached(scope, receive, send)
            return

        async def secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY.items():
                    headers.setdefault(k, v)
                headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, secure)

    async def _cached(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False
        static = scope["path"].startswith("/static/")

        async def buffer(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY.items():
                    headers.setdefault(k, v)
                headers.setdefault("cache-control", STATIC_CACHE if static else DYNAMIC_CACHE)
                if message["status"] != 200 or "etag" in headers:
                    passthrough = True
                    await send(message)
                else:
                    start = message
                return
            if passthrough:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffer)

    @staticmethod
    async def _finish(scope: Scope, start: Message | None, body: bytes, send: Send) -> None:
        assert start is not None
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = MutableHeaders(scope=start)
        headers["etag"] = etag
        if _etag_matches(Headers(scope=scope).get("if-none-match"), etag):
            keep = {k: headers[k] for k in ("etag", "cache-control", *SECURITY) if k in headers}
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k.encode(), v.encode()) for k, v in keep.items()]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})


class HeadMiddleware:
    """HEAD answered as GET without the body (RFC 9110 9.3.2): the same status and headers
    (Content-Length and ETag included), so link checkers, uptime monitors and caches get what
    a GET would, without the bytes.

    Fix: every HEAD answered 405. Written by hand: FastAPI's routes accept only the methods they
    declare (Starlette's own Route adds HEAD to GET, FastAPI's APIRoute does not), and adding
    HEAD to each route would double every operation in the OpenAPI document."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
