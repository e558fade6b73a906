"""Coverage-guided fuzzing (atheris / libFuzzer) of the readers of untrusted bytes.

    python fuzz/fuzz_readers.py -max_total_time=300 -timeout=20 fuzz/corpus

The first byte of an input picks the reader, the rest is the document:

    0 HTML (page_from_html)      1 plain text / any file by sniffing (files._read_document)
    2 WARC (read_warc, plain)    3 WARC.gz (read_warc, gzip)      4 RSS/Atom (read_feed)

Every Page that comes out is segmented and scanned for dates. A crash is any exception,
or a broken promise: a result that is not a Page/SourceError/Unchanged, a multi-line
error, a Page that PostgreSQL could not store (NUL, lone surrogate) or with no text.
libFuzzer's -timeout catches hangs, -rss_limit_mb memory blow-ups. See fuzz/README.md.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["communique"]):
    from communique.dates import find_dates
    from communique.extract.dates import resolve_dates
    from communique.model import Page, PartialDate, SourceError
    from communique.segment import segment_page
    from communique.sources.feeds import read_feed
    from communique.sources.files import _read_document, sniff
    from communique.sources.html import page_from_html
    from communique.sources.options import SourceOptions, Unchanged
    from communique.sources.warc import read_warc

from pathlib import PurePath  # noqa: E402 - after the instrumented imports on purpose

OPTIONS = SourceOptions(max_bytes=2_000_000)
ANCHOR = PartialDate(2024, 3, 12)
KINDS = ("html", "text", "warc", "warc.gz", "feed")
SUFFIX = {"html": "page.html", "text": "page.txt", "warc": "a.warc", "warc.gz": "a.warc.gz", "feed": "feed.rss"}


def read(kind: str, body: bytes) -> list:
    uri = f"file:///fuzz/{SUFFIX[kind]}"
    if kind == "html":
        return [page_from_html(uri, body)]
    if kind == "text":
        return list(_read_document(uri, sniff(PurePath(SUFFIX[kind]), body[:4096]), body, None))
    if kind in ("warc", "warc.gz"):
        return list(read_warc(uri, io.BytesIO(body), OPTIONS, gzipped=kind == "warc.gz"))
    return list(read_feed(uri, body))


def check(results: list) -> None:
    for r in results:
        if isinstance(r, SourceError):
            if not r.message or "\n" in str(r):
                raise AssertionError(f"bad error line: {r!r}")
        elif isinstance(r, Page):
            if not r.text.strip() or "\x00" in r.text or "\x00" in r.uri:
                raise AssertionError(f"bad page: {r!r}"[:500])
            r.text.encode("utf-8")
            r.uri.encode("utf-8")
            items = segment_page(r)
            for item in items:
                offset = item.sources[0].offset
                if not 0 <= offset < len(r.text):
                    raise AssertionError(f"offset {offset} outside a page of {len(r.text)}")
            find_dates(r.text)
            resolve_dates(r.text, ANCHOR)
        elif not isinstance(r, Unchanged):
            raise AssertionError(f"not a reader result: {r!r}"[:500])


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    if not data:
        return
    check(read(KINDS[data[0] % len(KINDS)], data[1:]))


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
