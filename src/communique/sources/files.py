"""Local files and directories: plain text, and anything else by content type.

    read_path(target, options, known=None) -> Iterator[Page | SourceError | Unchanged]

A file's first bytes (then its suffix) pick the reader: HTML pages (`sources.html`),
WARC/WARC.gz archives (`sources.warc`), RSS/Atom feeds (`sources.feeds`), else plain text.

Directories are walked recursively in sorted order (so runs are deterministic) and never
follow a symlink out of the folder given; a symlink loop or a folder that cannot be read is one
line, and the walk goes on. Bytes are decoded by their declared or detected
charset (charset-normalizer); binary files are refused with one clear line.
"""

from __future__ import annotations

import errno
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from communique.model import Page, SourceError
from communique.sources.decoding import decode
from communique.sources.feeds import read_feed
from communique.sources.html import page_from_html
from communique.sources.options import KnownPages, SourceOptions, Unchanged, bounded_errors
from communique.sources.sniff import GZIP_MAGIC, HEAD_BYTES, is_warc, markup_root
from communique.sources.warc import read_warc

__all__ = ["Unparsed", "decode", "read_file", "read_path", "sniff"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _suffixes(path: Path) -> str:
    """".warc.gz", ".html", ...: the lower-cased suffixes that say what a file holds."""
    return "".join(path.suffixes[-2:]).lower()


def _gunzip_head(head: bytes) -> bytes:
    """The first bytes inside a gzip stream (to tell a .warc.gz from any other .gz)."""
    try:
        return zlib.decompressobj(31).decompress(head, 64)
    except zlib.error:
        return b""


def sniff(path: Path, head: bytes) -> str:
    """What a file holds: "warc", "html", "feed", "sitemap", "xml", "gzip" or "text".

    The bytes decide first (a page saved as .txt is still HTML); the suffix breaks ties for
    documents whose first bytes say nothing (an HTML fragment, an empty-prolog feed)."""
    suffix = _suffixes(path)
    if head.startswith(GZIP_MAGIC):
        return "warc" if suffix.endswith((".warc.gz", ".warcgz")) or is_warc(_gunzip_head(head)) else "gzip"
    if is_warc(head) or suffix.endswith(".warc"):
        return "warc"
    root = markup_root(head)
    if root in ("html", "feed", "sitemap"):
        return root
    if suffix.endswith(HTML_SUFFIXES):
        return "html"
    if suffix.endswith(FEED_SUFFIXES):
        return "xml" if root == "xml" else "feed"
    return "text"


def _text_page(uri: str, data: bytes) -> Page | SourceError:
    text = decode(data)
    if text is None:
        return SourceError(uri, "binary content, not a text, HTML, feed or WARC file; skipped")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return SourceError(uri, "empty file, skipped")
    return Page(uri=uri, text=text, content_type="text/plain", fetched_at=_now())


@dataclass(frozen=True)
class Unparsed:
    """A local HTML or text file read but not yet parsed (sources.Reading with defer=True).
    parse() gives its Page, the SourceError, or Unchanged when its text is the version the store
    (or this run) held when the file was read; the reader's `settle` still sees each page, in order."""

    uri: str
    kind: str  # "html", "xml" or "text", as `sniff` said
    data: bytes
    known_sha256: str | None = None

    def parse(self) -> Page | SourceError | Unchanged:
        page = page_from_html(self.uri, self.data) if self.kind in ("html", "xml") else _text_page(self.uri, self.data)
        if isinstance(page, Page) and page.sha256 == self.known_sha256:
            return Unchanged(self.uri)
        return page


def _read_limited(handle: BinaryIO, limit: int) -> bytes | None:
    """At most `limit` bytes; None when there is more (the file grew, or is a device)."""
    data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _too_large(size: float, options: SourceOptions) -> str:
    return f"too large ({size / 1e6:.1f} MB > {options.max_bytes / 1e6:.0f} MB limit), skipped"


def read_file(path: Path, options: SourceOptions, known: KnownPages | None = None,
              defer: bool = False) -> Iterator[Page | SourceError | Unchanged | Unparsed]:
    """The Pages of one file, read by what it holds (see `sniff`); with defer, an HTML or text
    file comes Unparsed."""
    return _read_file(path, _file_uri(path), options, known, defer)


def _read_file(path: Path, uri: str, options: SourceOptions, known: KnownPages | None,
               defer: bool) -> Iterator[Page | SourceError | Unchanged | Unparsed]:
    try:
        if not path.is_file():
            yield SourceError(uri, "not a regular file, skipped")
            return
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            kind = sniff(path, head)
            if kind == "warc":  # an archive is streamed record by record, each one size-checked
                handle.seek(0)
                yield from read_warc(uri, handle, options, known, gzipped=head.startswith(GZIP_MAGIC))
                return
            size = os.fstat(handle.fileno()).st_size
            if size > options.max_bytes:
                yield SourceError(uri, _too_large(size, options))
                return
            rest = _read_limited(handle, options.max_bytes - len(head))
    except OSError as exc:
        yield SourceError(uri, f"cannot read: {exc.strerror or exc}")
        return
    if rest is None:
        yield SourceError(uri, _too_large(options.max_bytes + 1, options))
        return
    data = head + rest
    if not data.strip():
        yield SourceError(uri, "empty file, skipped")
        return
    yield from _read_document(uri, kind, data, known, defer)


def _read_document(uri: str, kind: str, data: bytes, known: KnownPages | None,
                   defer: bool = False) -> Iterator[Page | SourceError | Unchanged | Unparsed]:
    if kind == "gzip":
        yield SourceError(uri, "compressed file (not a .warc.gz), skipped; decompress it first")
        return
    if kind == "sitemap":
        yield SourceError(uri, "a sitemap lists pages to crawl: give its http(s) URL instead; skipped")
        return
    if kind == "feed":
        yield from read_feed(uri, data, known)
        return
    state = known.page_state(uri) if known is not None else None
    unparsed = Unparsed(uri, kind, data, state[0] if state else None)
    yield unparsed if defer else unparsed.parse()


def _file_uri(path: Path) -> str:
    """The file: URI of a path; its absolute form where it cannot be resolved (a symlink loop:
    Python 3.11 raises RuntimeError, later versions OSError)."""
    try:
        return path.resolve().as_uri()
    except (OSError, RuntimeError):
        return path.absolute().as_uri()


def _link_uri(path: Path) -> str:
    """The file: URI of a symlink itself (not of where it leads)."""
    return (path.parent.resolve() / path.name).as_uri()


def _unreadable(errors: list[OSError]) -> Iterator[SourceError]:
    """One line for each folder os.walk could not list (it hands them to onerror and goes on)."""
    while errors:
        exc = errors.pop(0)
        where = _file_uri(Path(exc.filename)) if exc.filename else "?"
        yield SourceError(where, f"cannot read folder: {exc.strerror or exc}; skipped")


def _walk(root: Path) -> Iterator[Path | SourceError]:
    """The files under `root` in sorted order, and one line for each symlink loop and each
    folder that cannot be read (the walk goes on past them). Links to folders are not followed;
    a link to a file is, when it stays inside the folder given."""
    real_root = root.resolve()
    unreadable: list[OSError] = []
    # Fix (outside probe): onerror, so an unreadable subfolder is a line instead of nothing.
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append, followlinks=False):
        yield from _unreadable(unreadable)
        here = Path(dirpath)
        folders = []
        for name in sorted(dirnames):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():  # not followed; a link to a folder holding it would loop: say so
                target = path.resolve()
                if here.resolve().is_relative_to(target):
                    yield SourceError(_link_uri(path), f"symlink loop (it points to {target}, a folder holding it); not followed")
                continue
            folders.append(name)
        dirnames[:] = folders
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if path.is_symlink():
                try:
                    target = Path(os.path.realpath(path, strict=True))
                except OSError as exc:
                    # Fix (outside probe): a link leading back to itself ended the run with
                    # RuntimeError from Path.resolve(). A dangling link is read (one line).
                    if exc.errno == errno.ELOOP:
                        yield SourceError(_link_uri(path), "symlink loop (the link leads back to itself); skipped")
                        continue
                    target = Path(os.path.realpath(path))
                if not target.is_relative_to(real_root):
                    continue  # never follow a link out of the folder given
            yield path
    yield from _unreadable(unreadable)


def read_path(target: str, options: SourceOptions, known: KnownPages | None = None,
              defer: bool = False) -> Iterator[Page | SourceError | Unchanged | Unparsed]:
    """The pages of a file or of every file under a folder; a file's error lines are bounded
    (see `bounded_errors`)."""
    path = Path(target)
    if not path.exists():
        yield SourceError(target, "symlink loop or broken symlink" if path.is_symlink() else "no such file or directory")
        return
    for p in _walk(path) if path.is_dir() else iter([path]):
        if isinstance(p, SourceError):
            yield p
        else:
            uri = _file_uri(p)  # resolved once per file: it names the file's pages and its error count
            yield from bounded_errors(uri, _read_file(p, uri, options, known, defer))
