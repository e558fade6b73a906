"""WARC archives (plain or gzip): each archived HTML or text response becomes a Page.

    read_warc(uri, stream, options, known=None) -> Iterator[Page | SourceError | Unchanged]

The Page's uri is the record's WARC-Target-URI, its date the WARC-Date. Responses that
are not 2xx (redirects, 404s) or not HTML/text (images, PDFs) are skipped silently: an
archive holds a whole crawl and they are not pages. A record whose target is a `javascript:`,
`data:`, `about:` or `blob:` URI is skipped with one line. A damaged or truncated archive gives
one SourceError line, after the pages read before the damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from communique.model import Page, SourceError
from communique.sources.decoding import decode
from communique.sources.html import page_from_html
from communique.sources.options import KnownPages, SourceOptions, Unchanged, unchanged
from communique.sources.sniff import GZIP_MAGIC, markup_root

__all__ = ["read_warc"]

_TEXT_TYPES = ("text/plain",)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
# Target URI schemes that name no document, and what they name.
_NOT_ADDRESSES = {"javascript": "a script", "data": "inline data", "about": "a browser's internal page",
                  "blob": "a browser's in-memory object"}


class GzipBomb(Exception):
    """A WARC.gz member (or the archive) inflates far more than any real crawl does."""


# Reliability: inflation is bounded. Past the size limit, a member (or the whole archive)
# may inflate at most this many times its compressed size; real crawls inflate 3-20 times,
# a gzip bomb about 1000 times. The check runs as warcio reads, before warcio inflates.
BOMB_RATIO = 100


def _consumed(inflate: zlib._Decompress, fed: bytes) -> int:
    """Compressed bytes the last decompress() call used of `fed`."""
    return len(fed) - len(inflate.unused_data if inflate.eof else inflate.unconsumed_tail)


class _GzipWatch:
    """Passes a gzip stream through to warcio while checking that every member is complete.

    warcio stops quietly at a truncated gzip member (it treats it as the end of the file), so
    a cut-off download would look like a smaller archive. This reader inflates each chunk as
    warcio reads it (output discarded) and remembers whether the last member was finished.
    It also counts what the chunks inflate to and raises GzipBomb past `limit` bytes when a
    member or the archive inflates more than BOMB_RATIO times its compressed size, so a small
    file that inflates to gigabytes is refused after about `limit` bytes."""

    def __init__(self, raw: IO[bytes], limit: int | None = None) -> None:
        self.raw = raw
        self.offset = 0
        self._inflate: zlib._Decompress | None = None
        self.damaged: str | None = None
        self.limit = limit
        self.inflated = 0  # bytes out, whole archive
        self.member_in = 0  # compressed bytes of the open member
        self.member_out = 0  # bytes it inflated to so far

    def tell(self) -> int:
        return self.offset

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.offset += len(data)
        if self.damaged is None:
            self._watch(data)
        return data

    def _count(self, consumed: int, out: int) -> None:
        self.member_in += consumed
        self.member_out += out
        self.inflated += out
        if self.limit is None:
            return
        if self.member_out > max(self.limit, BOMB_RATIO * self.member_in) or self.inflated > max(
            self.limit, BOMB_RATIO * self.offset
        ):
            raise GzipBomb(
                f"inflates to over {BOMB_RATIO} times its compressed size past the "
                f"{self.limit / 1e6:.0f} MB limit (a gzip bomb?)"
            )

    def _watch(self, data: bytes) -> None:
        try:
            while data:
                if self._inflate is None:
                    self._inflate = zlib.decompressobj(31)  # one gzip member
                    self.member_in = self.member_out = 0
                inflate = self._inflate
                out = len(inflate.decompress(data, _CHUNK))  # bounded output, discarded
                self._count(_consumed(inflate, data), out)
                # Fix: stop at the member's end. CPython's zlib leaves the leftover input in
                # unconsumed_tail as well as unused_data when a member ends inside a call fed
                # from unconsumed_tail, so looping on unconsumed_tail alone never ended (a hang
                # on any WARC.gz whose record inflates past 64 KB with the next member in the
                # same read).
                while inflate.unconsumed_tail and not inflate.eof:
                    tail = inflate.unconsumed_tail
                    out = len(inflate.decompress(tail, _CHUNK))
                    self._count(_consumed(inflate, tail), out)
                if inflate.eof:
                    data = inflate.unused_data  # the next member starts here
                    self._inflate = None
                else:
                    data = b""
        except zlib.error as exc:
            self.damaged = f"damaged gzip data ({exc})"

    @property
    def truncated(self) -> bool:
        """A member was started and never finished: the file was cut off."""
        return self._inflate is not None


class _QuietArchiveIterator(ArchiveIterator):
    """warcio writes a warning straight to stderr for a record with a wrong Content-Length;
    the run reports damage as one SourceError line instead (see err_count in read_warc)."""

    INC_RECORD = ""


def _http_header(record, name: str) -> str | None:
    headers = record.http_headers
    return headers.get_header(name) if headers is not None else None


def _status(record) -> int | None:
    headers = record.http_headers
    if headers is None:
        return 200 if record.rec_type == "resource" else None
    try:
        return int(headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _media_type(record) -> str:
    if record.rec_type == "resource":
        value = record.rec_headers.get_header("Content-Type") or ""
    else:
        value = _http_header(record, "Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _charset(record) -> str | None:
    value = _http_header(record, "Content-Type") or ""
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            return val.strip().strip("\"'") or None
    return None


def _not_an_address(archive: str, uri: str) -> SourceError | None:
    """One line for a record whose target URI names no document (a browser-driven crawl
    archives `javascript:` and `data:` URIs); warcio does not parse such a record's HTTP
    headers, so it had been dropped without a word."""
    scheme = uri.partition(":")[0].strip().lower()
    if scheme not in _NOT_ADDRESSES:
        return None
    shown = "".join(c if c.isprintable() else "?" for c in uri[:60]) + ("..." if len(uri) > 60 else "")
    return SourceError(archive, f"record {shown} skipped: a {scheme}: URI is {_NOT_ADDRESSES[scheme]}, not the address of a page")


def _record_page(record, options: SourceOptions, archive: str) -> Page | SourceError | None:
    """The Page of one response/resource record; None for records that are not pages."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if (skipped := _not_an_address(archive, uri)) is not None:
        return skipped
    status = _status(record)
    if not uri or status is None or not 200 <= status < 300:
        return None
    media = _media_type(record)
    if media and not media.startswith(_HTML_TYPES + _TEXT_TYPES):
        return None
    body = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        return SourceError(uri, f"archived page too large (> {options.max_bytes / 1e6:.0f} MB limit), skipped")
    if not body.strip():
        return None
    fetched_at = record.rec_headers.get_header("WARC-Date")
    if media.startswith(_HTML_TYPES) or (not media and markup_root(body[:4096]) == "html"):
        page = page_from_html(uri, body, _charset(record), fetched_at)
        if isinstance(page, SourceError):
            return None  # an empty shell page in a crawl is not worth a line
    else:
        text = decode(body)
        if text is None:
            return None
        page = Page(uri=uri, text=text.replace("\r\n", "\n"), fetched_at=fetched_at)
    return replace(page, etag=_http_header(record, "ETag"), last_modified=_http_header(record, "Last-Modified"))


def _target(record) -> str:
    return record.rec_headers.get_header("WARC-Target-URI") or record.rec_type


def _cut_off(record) -> bool:
    """Did the file end before this record's declared length (an uncompressed cut-off WARC)?"""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return getattr(raw, "limit", 0) > 0


def _starts_gzipped(stream: IO[bytes]) -> bool:
    """Does the stream start with the gzip magic? Looked at without consuming it: peek on a
    buffered file, read-and-seek-back on other seekable streams (an in-memory archive was taken
    for uncompressed, so a cut-off .gz in memory was not checked for a truncated member)."""
    if hasattr(stream, "peek"):
        return stream.peek(2)[:2] == GZIP_MAGIC
    if stream.seekable():
        at = stream.tell()
        head = stream.read(2)
        stream.seek(at)
        return head == GZIP_MAGIC
    return False


def read_warc(
    uri: str, stream: IO[bytes], options: SourceOptions, known: KnownPages | None = None, gzipped: bool | None = None
) -> Iterator[Page | SourceError | Unchanged]:
    """Pages of the HTML/text responses in a WARC or WARC.gz stream, in archive order."""
    if gzipped is None:
        gzipped = _starts_gzipped(stream)
    watch = _GzipWatch(stream, options.max_bytes) if gzipped else None
    count = yielded = 0
    records = _QuietArchiveIterator(watch or stream)
    try:
        for record in records:
            if record.format != "warc" or record.rec_type is None:
                yield SourceError(uri, f"damaged WARC: not a WARC record after {count} pages")
                return
            result = _record_page(record, options, uri)
            if _cut_off(record):
                yield SourceError(uri, f"truncated WARC: the record of {_target(record)} is cut off; kept the {count} pages read before")
                return
            if result is None:
                continue
            yielded += 1
            if isinstance(result, Page):
                count += 1
                if unchanged(result.uri, result.sha256, known):
                    result = Unchanged(result.uri)
            yield result
    except GzipBomb as exc:
        yield SourceError(uri, f"refused: the archive {exc}; kept the {count} pages read before")
        return
    except Exception as exc:  # warcio fails in many ways on a damaged archive: each is one line
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield SourceError(uri, f"damaged WARC after {count} pages: cannot parse a record ({reason})")
        return
    if watch is not None and (watch.damaged or watch.truncated):
        yield SourceError(uri, f"truncated WARC: {watch.damaged or 'gzip data ends mid-record'}; kept the {count} pages read before")
    elif records.err_count:
        yield SourceError(uri, f"damaged WARC: {records.err_count} records with a wrong Content-Length")
    elif not yielded:
        # Fix: an empty archive, or one of images and redirects only, said nothing at all.
        yield SourceError(uri, "no HTML or text page in the archive, skipped")
