"""Shared request parameters: pagination, dates, the write token."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from communique.model import PartialDate
from communique.web.errors import ApiError
from communique.web.state import AppState, get_state

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"
MAX_LIMIT = 200


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    def slice(self, rows: list) -> list:
        return rows[self.offset: self.offset + self.limit]


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Results to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
StateDep = Annotated[AppState, Depends(get_state)]


def parse_date(value: str | None, name: str) -> PartialDate | None:
    if value is None or value == "":
        return None
    try:
        return PartialDate.parse_iso(value)
    except (ValueError, TypeError):
        raise ApiError(422, f"{name}: {value!r} is not a date ({DATE_HELP})", "validation_error") from None


def has_token(request: Request) -> bool:
    """Does the request carry the server's token (`Authorization: Bearer <token>`)? Never on a
    server started without one."""
    state: AppState = request.app.state.communique
    if state.token is None:
        return False
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), state.token.encode())


def require_token(request: Request) -> None:
    """Writes need the server's token: 403 when it has none (read-only), 401 when it is not given."""
    state: AppState = request.app.state.communique
    if state.token is None:
        raise ApiError(403, "this server is read-only (start it with --token to allow writes)")
    if not has_token(request):
        raise ApiError(401, "a valid 'Authorization: Bearer <token>' header is required",
                       headers={"WWW-Authenticate": 'Bearer realm="communique"'})
