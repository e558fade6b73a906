"""Write a small seed corpus for fuzz_readers.py (generated, never committed).

    python fuzz/make_seeds.py fuzz/corpus

One file per reader and sample: the bundled test pages as HTML, text pages, a WARC and a
WARC.gz built with warcio, an RSS and an Atom feed, each prefixed with its reader's byte.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent


def _warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, body, ctype in [
        ("https://e.org/news/", (ROOT / "tests/pages/listing.html").read_bytes(), "text/html; charset=utf-8"),
        ("https://e.org/ru", "<p>Министры встретились в Вене.</p>".encode("cp1251"), "text/html; charset=windows-1251"),
        ("https://e.org/a.txt", b"12.05.2022\nThe council met in Vienna.", "text/plain"),
        ("https://e.org/logo.png", b"\x89PNG\r\n\x1a\n\0\0", "image/png"),
        ("javascript:void(0)", b"<p>A script, not a page.</p>", "text/html"),  # skipped with a line
        ("data:text/html,<p>x</p>", b"<p>Inline data, not a page.</p>", "text/html"),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><item><title>Council meets</title>'
       b"<link>https://e.org/1</link><pubDate>Thu, 12 May 2022 10:00:00 +0200</pubDate>"
       b"<description>&lt;p&gt;The council met in Vienna.&lt;/p&gt;</description></item></channel></rss>")
ATOM = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>'
        b"<entry><title>Summit</title><link href='https://e.org/2'/><updated>2022-05-12T10:00:00Z</updated>"
        b"<content type='html'>&lt;p&gt;Leaders met.&lt;/p&gt;</content></entry></feed>")


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    seeds = {f"html-{p.stem}": b"\x00" + p.read_bytes() for p in sorted((ROOT / "tests/pages").glob("*.html"))}
    for p in sorted((ROOT / "tests/pages/segment").glob("*.txt")) + sorted((ROOT / "samples/csto").glob("*.txt"))[:2]:
        seeds[f"text-{p.stem}"] = b"\x01" + p.read_bytes()[:20000]
    seeds["warc"] = b"\x02" + _warc(False)
    seeds["warc-gz"] = b"\x03" + _warc(True)
    seeds["warc-gz-cut"] = b"\x03" + _warc(True)[:-30]
    seeds["rss"] = b"\x04" + RSS
    seeds["atom"] = b"\x04" + ATOM
    seeds["gzip-text"] = b"\x01" + gzip.compress(b"not an archive")
    # UTF-8 but for a stray byte and a cut-off sequence (read as UTF-8 with U+FFFD).
    quotes = "<p>The ministers said “we agree” in Минск.</p>".encode()
    seeds["html-utf8-bad-bytes"] = b"\x00<meta charset=utf-8>" + quotes + b"\xff" + quotes + b"\xe2\x80" + quotes
    seeds["text-utf8-bad-bytes"] = b"\x01" + "12.05.2022\nМинистры встретились в Вене.\n".encode() * 3 + b"\xc3("
    seeds["rss-empty-entries"] = b"\x04" + RSS.replace(b"</channel>", b"<item/>" * 200 + b"</channel>")
    for name, data in seeds.items():
        (out / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus")
