"""POST /api/ingest: read a URL or an uploaded file into the store (needs the server's token).

An upload is written under the system temp folder as uploads/<sha256 prefix>/<safe name>, so
the same file uploaded twice is the same page (unchanged, skipped). URLs go through the
crawler's guards (no private or loopback addresses, robots.txt, size limits).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile

from communique.pipeline import Settings, ingest
from communique.web.deps import StateDep, require_token
from communique.web.errors import ApiError
from communique.web.schemas import ErrorOut, IngestOut

router = APIRouter(tags=["ingest"])
MAX_UPLOAD = 20 * 1024 * 1024
_LOCK = threading.Lock()  # one write at a time from this server
AUTH_ERRORS = {401: {"model": ErrorOut, "description": "Token missing or wrong"},
               403: {"model": ErrorOut, "description": "Server is read-only"},
               413: {"model": ErrorOut, "description": "Upload too large"}}


def save_upload(name: str | None, data: bytes) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "upload").name).strip("._") or "upload"
    folder = Path(tempfile.gettempdir()) / "communique-uploads" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe[:100]
    path.write_bytes(data)
    return path


@router.post("/ingest", response_model=IngestOut, dependencies=[Depends(require_token)], responses=AUTH_ERRORS,
             summary="Ingest an http(s) URL or an uploaded page (Authorization: Bearer <token>)")
def ingest_page(
    state: StateDep,
    url: Annotated[str | None, Form(max_length=2000, description="An http(s) URL or sitemap")] = None,
    file: Annotated[UploadFile | None, File(description="A page: text, HTML, WARC or feed")] = None,
    extract: Annotated[bool, Form(description="Re-run extraction after reading")] = True,
) -> dict:
    if (url is None) == (file is None):
        raise ApiError(422, "give exactly one of `url` or `file`", "validation_error")
    if url is not None:
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise ApiError(422, "url: only http:// and https:// URLs are read", "validation_error")
        target = url
    else:
        data = file.file.read(MAX_UPLOAD + 1)  # type: ignore[union-attr]
        if len(data) > MAX_UPLOAD:
            raise ApiError(413, f"upload larger than {MAX_UPLOAD // (1024 * 1024)} MiB")
        target = str(save_upload(file.filename, data))  # type: ignore[union-attr]
    with _LOCK:
        counts = ingest(state.store, [target], Settings(extract=extract))
    state.snapshots.reload()  # the writer reads what it wrote in its next request
    return asdict(counts)
