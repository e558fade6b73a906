"""POST /api/ingest: read a URL or an uploaded file into the store (needs the server's token).

An upload is written as <sha256 prefix>/<safe name> in the server's own upload folder (made
private, mode 0700, by tempfile.mkdtemp when the first upload arrives; removed when the server
stops), so the same file uploaded twice to one server is the same page (unchanged, skipped).
URLs go through the crawler's guards (no private or loopback addresses, robots.txt, size limits).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
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


def save_upload(uploads: Path, name: str | None, data: bytes) -> Path:
    """Write the upload as uploads/<sha256 prefix>/<safe name>; the same bytes under the same
    name are the file already there.

    Fix (outside probe): uploads went to a fixed communique-uploads/ folder in the shared temp
    folder, and the write followed a symbolic link planted there, so another local user could
    make the server overwrite any file it may write. `uploads` is now the server's private
    folder; the hash folder is made without following links, and the file is created with
    O_EXCL | O_NOFOLLOW: never through a link, never over a file that another hand put there."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "upload").name).strip("._") or "upload"
    folder = uploads / hashlib.sha256(data).hexdigest()[:16]
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not stat.S_ISDIR(folder.lstat().st_mode):  # a link or a file where the folder goes
            raise ApiError(500, "the upload folder was tampered with") from None
    path = folder / safe[:100]
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        existing = path.lstat()
        if stat.S_ISREG(existing.st_mode) and existing.st_size == len(data):  # uploaded before
            return path
        raise ApiError(500, "the upload folder was tampered with") from None
    with os.fdopen(fd, "wb") as out:
        out.write(data)
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
        target = str(save_upload(state.uploads(), file.filename, data))  # type: ignore[union-attr]
    with _LOCK:
        counts = ingest(state.store, [target], Settings(extract=extract))
    state.snapshots.reload()  # the writer reads what it wrote in its next request
    return asdict(counts)
