"""Local files and directories: plain text, and anything else by content type.

Directories are walked recursively in sorted order (so runs are deterministic) and never
follow a symlink out of the folder given. Bytes are decoded by their declared or detected
charset (charset-normalizer); binary files are refused with one clear line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from communique.model import Page, SourceError
from communique.sources.options import KnownPages, SourceOptions, Unchanged

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 when it is, else the charset detected; None when binary."""
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_file(path: Path, options: SourceOptions, known: KnownPages | None = None) -> Iterator[Page | SourceError | Unchanged]:
    uri = path.resolve().as_uri()
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield SourceError(uri, f"too large ({size / 1e6:.1f} MB > {options.max_bytes / 1e6:.0f} MB limit), skipped")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield SourceError(uri, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield SourceError(uri, "empty file, skipped")
        return
    text = decode(data)
    if text is None:
        yield SourceError(uri, "binary content, not a text, HTML, feed or WARC file; skipped")
        return
    page = Page(uri=uri, text=text.replace("\r\n", "\n").replace("\r", "\n"), content_type="text/plain", fetched_at=_now())
    if known is not None:
        state = known.page_state(uri)
        if state is not None and state[0] == page.sha256:
            yield Unchanged(uri)
            return
    yield page


def _walk(root: Path) -> Iterator[Path]:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                continue  # never follow a link out of the folder given
            yield path


def read_path(target: str, options: SourceOptions, known: KnownPages | None = None) -> Iterator[Page | SourceError | Unchanged]:
    path = Path(target)
    if not path.exists():
        yield SourceError(target, "no such file or directory")
        return
    paths = _walk(path) if path.is_dir() else iter([path])
    for p in paths:
        yield from read_file(p, options, known)
