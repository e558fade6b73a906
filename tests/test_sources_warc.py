"""WARC archives built here with warcio's WARCWriter: pages out, damage reported, progress kept."""

from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.model import Page, SourceError
from communique.sources.files import read_path
from communique.sources.options import SourceOptions, Unchanged
from communique.sources.warc import read_warc

RUSSIAN = "Министры иностранных дел встретились в Вене и обсудили план работы организации на следующий год."


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK", extra=()):
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2022-05-12T10:00:00Z"})
    writer.write_record(record)


def build_warc(gz: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    request = writer.create_warc_record("https://example.org/news/", "request", payload=io.BytesIO(b"GET /news/ HTTP/1.1\r\n\r\n"))
    writer.write_record(request)
    listing = (b"<html><body><nav><a href=/>Home</a></nav><h2>Council meets</h2><p>12.05.2022</p>"
               b"<p>The council met in Vienna.</p></body></html>")
    _response(writer, "https://example.org/news/", listing, "text/html; charset=utf-8", extra=[("ETag", '"v1"')])
    _response(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    _response(writer, "https://example.org/gone", b"<html><body><p>Not found.</p></body></html>", "text/html", "404 Not Found")
    _response(writer, "https://example.org/old", b"", "text/html", "301 Moved Permanently", [("Location", "/news/")])
    _response(writer, "https://example.org/ru", f"<html><body><p>{RUSSIAN}</p></body></html>".encode("cp1251"),
              "text/html; charset=windows-1251")
    _response(writer, "https://example.org/notes.txt", b"Plain text note.\r\n", "text/plain")
    return buf.getvalue()


def _read(data: bytes, known=None, **options) -> list:
    return list(read_warc("file:///crawl.warc", io.BytesIO(data), SourceOptions(**options), known))


@pytest.mark.parametrize("gz", [True, False])
def test_each_html_or_text_response_becomes_a_page(gz):
    results = _read(build_warc(gz))
    assert all(isinstance(r, Page) for r in results), results
    assert [r.uri for r in results] == ["https://example.org/news/", "https://example.org/ru", "https://example.org/notes.txt"]
    news, ru, notes = results
    assert news.text == "Council meets\n\n12.05.2022\n\nThe council met in Vienna."
    assert news.content_type == "text/html" and news.html is not None
    assert news.etag == '"v1"'
    assert news.fetched_at == "2022-05-12T10:00:00Z"
    assert ru.text == RUSSIAN  # the HTTP header's charset
    assert notes.text == "Plain text note.\n" and notes.content_type == "text/plain"


def test_truncated_gzip_gives_one_error_and_keeps_the_pages_before():
    data = build_warc(gz=True)
    results = _read(data[: len(data) - 40])
    pages = [r for r in results if isinstance(r, Page)]
    errors = [r for r in results if isinstance(r, SourceError)]
    assert [p.uri for p in pages] == ["https://example.org/news/", "https://example.org/ru"]
    assert len(errors) == 1 and results[-1] is errors[0]
    assert errors[0].uri == "file:///crawl.warc"
    assert errors[0].message.startswith("truncated WARC")
    assert "\n" not in str(errors[0])


def test_truncated_plain_warc_drops_the_cut_record():
    data = build_warc(gz=False)
    results = _read(data[: len(data) - 10])
    assert [r.uri for r in results if isinstance(r, Page)] == ["https://example.org/news/", "https://example.org/ru"]
    assert isinstance(results[-1], SourceError) and "notes.txt is cut off" in results[-1].message


def test_garbage_is_one_error():
    results = _read(b"WARC/1.0\r\nthis is not a record\r\n\r\n" + b"\x00" * 50)
    assert len(results) == 1 and isinstance(results[0], SourceError)


def test_record_over_the_size_limit_is_refused():
    results = _read(build_warc(), max_bytes=100)
    assert any(isinstance(r, SourceError) and "too large" in r.message for r in results)
    assert [r.uri for r in results if isinstance(r, Page)] == ["https://example.org/notes.txt"]


def test_unchanged_records_are_skipped():
    first = _read(build_warc())

    class Known:
        def page_state(self, uri):
            return (first[0].sha256, None, None) if uri == first[0].uri else None

    again = _read(build_warc(), known=Known())
    assert again[0] == Unchanged("https://example.org/news/")
    assert isinstance(again[1], Page)


def test_truncated_warc_gz_file_through_read_path(tmp_path):
    data = build_warc(gz=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[: len(data) // 2])
    results = list(read_path(str(path), SourceOptions()))
    assert isinstance(results[-1], SourceError)
    assert results[-1].uri == path.resolve().as_uri()
    assert sum(isinstance(r, SourceError) for r in results) == 1


def test_an_in_memory_gzip_archive_cut_anywhere_in_its_last_record_gives_one_error():
    data = build_warc(gz=True)
    for cut in range(1, 60):
        results = _read(data[: len(data) - cut])
        errors = [r for r in results if isinstance(r, SourceError)]
        assert len(errors) == 1 and errors[0].message.startswith("truncated WARC"), (cut, results)


def test_records_of_javascript_and_data_uris_are_one_line_each(tmp_path):
    """Outside probe: records whose target is a javascript: or data: URI vanished without a
    line (warcio leaves their HTTP headers unparsed)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    body = b"<html><body><p>The council met in Vienna.</p></body></html>"
    _response(writer, "javascript:void(0)", body, "text/html")
    _response(writer, "https://example.org/news/", body, "text/html")
    _response(writer, "data:text/html," + "x" * 500, body, "text/html")
    results = _read(buf.getvalue())
    assert [type(r) for r in results] == [SourceError, Page, SourceError]
    assert results[0] == SourceError("file:///crawl.warc", "record javascript:void(0) skipped: a javascript: URI is a script, "
                                     "not the address of a page")
    assert results[2].message == f"record data:text/html,{'x' * 45}... skipped: a data: URI is inline data, not the address of a page"
    # Through a file, thousands of them are five lines and a count.
    for n in range(2000):
        _response(writer, f"javascript:go({n})", body, "text/html")
    path = tmp_path / "scripts.warc.gz"
    path.write_bytes(buf.getvalue())
    results = list(read_path(str(path), SourceOptions()))
    assert [r.uri for r in results if isinstance(r, Page)] == ["https://example.org/news/"]
    errors = [r for r in results if isinstance(r, SourceError)]
    assert len(errors) == 6 and errors[-1] == SourceError(path.as_uri(), "... and 1,997 more errors in this input, not listed")
