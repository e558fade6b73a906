"""Hostile inputs, generated at test time (nothing big is ever committed).

    CASES: {name: Case}          every hostile input, small and large
    case.write(folder) -> Path   writes the input into `folder` and returns its path

Each case is a function of a folder, so the tests write into pytest's tmp_path and the
files vanish with it. `LONG_CASES` are the variants too slow for the default run
(COMMUNIQUE_LONG=1 / --long).
"""

from __future__ import annotations

import gzip
import io
import os
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1024 * 1024
BOMB = "gzip bomb?"


def long_run() -> bool:
    """The long variants are on: COMMUNIQUE_LONG=1 (which `pytest --long` sets)."""
    return os.environ.get("COMMUNIQUE_LONG", "").lower() not in ("", "0", "false", "no")
GOOD_TEXT = (
    "12.03.2024\n"
    "The Council of Ministers met in Minsk and discussed regional security.\n\n"
    "The ministers adopted a statement on cooperation with the United Nations.\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], Path]
    note: str  # what it attacks
    expect: str = "any"  # "page", "error" or "any" (Pages and/or one-line SourceErrors, never a crash)
    message: str | None = None  # an error line must hold this
    seconds: float | None = None  # its time bound, when not the default (20 s)


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write


def _chunks(name: str, chunk: bytes, total: int, head: bytes = b"", tail: bytes = b"") -> Callable[[Path], Path]:
    """A big file written in chunks (the whole never sits in memory)."""

    def write(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as fh:
            fh.write(head)
            block = chunk * max(1, MB // len(chunk))
            written = 0
            while written < total:
                part = block[: total - written]
                fh.write(part)
                written += len(part)
            fh.write(tail)
        return path

    return write


# --- WARC helpers -------------------------------------------------------------------------


def warc_record(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": "2024-03-12T10:00:00Z"}))
    return buf.getvalue()


def small_warc_gz(n: int = 3) -> bytes:
    """A WARC.gz of n small pages, one gzip member per record (as crawlers write them)."""
    return b"".join(
        gzip.compress(warc_record(f"https://example.org/news/{i}", f"<h2>Council meets {i}</h2><p>12.03.2024</p>"
                                   f"<p>The council met in Vienna for the {i}th time.</p>".encode()))
        for i in range(n)
    )


def gzip_bomb_warc(inflated: int, content_type: str = "text/html", split_header: bool = False) -> Callable[[Path], Path]:
    """A .warc.gz of a few MB whose one record inflates to `inflated` bytes of zeros.

    Built without compressing `inflated` bytes: a full flush resets the deflate state, so the
    compressed form of every further MB of zeros is the same byte string, written again and
    again. `split_header`: the zeros are the value of a header line instead (no line end)."""

    def write(folder: Path) -> Path:
        path = folder / ("bomb-header.warc.gz" if split_header else f"bomb-{content_type.split('/')[1]}.warc.gz")
        if split_header:
            head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/"
        else:
            http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {inflated}\r\n\r\n".encode()
            head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
                    b"WARC-Date: 2024-03-12T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
                    b"Content-Type: application/http; msgtype=response\r\n"
                    + f"Content-Length: {len(http) + inflated}\r\n\r\n".encode() + http)
        zeros = b"\0" * MB
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        n = inflated // MB
        with path.open("wb") as fh:
            fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header
            fh.write(comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH))
            block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
            for _ in range(n):
                fh.write(block)
            fh.write(comp.flush(zlib.Z_FINISH))
            # The trailer's CRC is that of the header only: hashing gigabytes of zeros would
            # cost seconds, and a reader that gets that far has failed the test already.
            fh.write(zlib.crc32(head).to_bytes(4, "little") + ((len(head) + n * MB) & 0xFFFFFFFF).to_bytes(4, "little"))
        return path

    return write


def _multi_member_bomb(members: int) -> Callable[[Path], Path]:
    """Many small records, each a gzip member inflating 1 MB of zeros in a skipped image."""

    def write(folder: Path) -> Path:
        member = gzip.compress(warc_record("https://example.org/zeros.png", b"\0" * MB, "image/png"), 9)
        path = folder / "bomb-members.warc.gz"
        with path.open("wb") as fh:
            for _ in range(members):
                fh.write(member)
        return path

    return write


def _truncated_warc_gz(folder: Path) -> Path:
    data = small_warc_gz(4)
    path = folder / "truncated.warc.gz"
    path.write_bytes(data[: len(data) - 40])
    return path


def _truncated_plain_gz(folder: Path) -> Path:
    path = folder / "truncated.txt.gz"
    path.write_bytes(gzip.compress(GOOD_TEXT.encode() * 100)[:50])
    return path


def _warc_nul_uri(folder: Path) -> Path:
    path = folder / "nul-uri.warc"
    path.write_bytes(warc_record("https://example.org/a\x00b\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
                                  b"<p>The council met in Vienna on 12 May 2022 and adopted a plan.</p>"))
    return path


def _warc_nul_body(folder: Path) -> Path:
    path = folder / "nul-body.warc"
    body = b"<p>The council met in Vienna.</p>" + b"\0" * 9000 + b"<p>The ministers adopted a plan.</p>"
    path.write_bytes(warc_record("https://example.org/nul", body) + warc_record("https://example.org/txt", b"Text\0 with NUL.", "text/plain"))
    return path


def _warc_script_uris(folder: Path) -> Path:
    """Records of javascript: and data: URIs (a browser-driven crawl archives them) around a page."""
    path = folder / "script-uris.warc"
    body = b"<p>The council met in Vienna on 12 May 2022 and adopted a plan.</p>"
    path.write_bytes(warc_record("javascript:void(0)", body) + warc_record("https://example.org/page", body)
                     + b"".join(warc_record(f"data:text/html,<p>{i}</p>", body) for i in range(50)))
    return path


# --- folders ------------------------------------------------------------------------------


def _symlink_loops(folder: Path) -> Path:
    """A folder of one page and links that loop: to itself, to each other, to its own parent."""
    root = folder / "loops"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "self").symlink_to("self")
    (root / "ping").symlink_to("pong")
    (root / "pong").symlink_to("ping")
    (root / "up").symlink_to("..", target_is_directory=True)
    return root


def _feed_of_empty_entries(folder: Path) -> Path:
    path = folder / "empty-entries.rss"
    path.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                     + b"<item/>" * 43_000 + b"</channel></rss>")
    return path


def _utf8_with_bad_bytes(name: str, text: str) -> Callable[[Path], Path]:
    """UTF-8 but for one stray byte and one cut-off sequence (a browser shows two U+FFFD)."""
    half = text.encode() * 3
    return _bytes(name, half + b"\xff" + half + b"\xe2\x80 " + half)


# --- encodings ----------------------------------------------------------------------------

_TEXTS = {
    "utf-8": "Министры иностранных дел встретились в Вене. Réunion à Genève. 会議は東京で開催された。",
    "cp1251": "Министры иностранных дел встретились в Вене и обсудили план работы организации.",
    "koi8_r": "Министры иностранных дел встретились в Вене и обсудили план работы организации.",
    "cp1252": "Réunion à Genève du Comité des délégués des ministres, “progress” — noted.",
    "iso-8859-7": "Οι υπουργοί εξωτερικών συναντήθηκαν στη Βιέννη και συζήτησαν το σχέδιο.",
    "shift_jis": "外務大臣会合が東京で開催され、地域の安全保障について議論した。",
    "gb2312": "外交部长会议在北京举行，讨论了地区安全问题。",
    "utf-16": "Министры иностранных дел встретились в Вене и обсудили план работы.",
    "iso-8859-8": "שרי החוץ נפגשו בווינה ודנו בתוכנית העבודה של הארגון.",
}
_LIES = ["utf-8", "windows-1251", "iso-8859-1", "shift_jis", "utf-16", "x-unknown-charset", "utf-7", "hz"]


def _mislabelled(codec: str, lie: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        text = _TEXTS[codec]
        html = f'<html><head><meta charset="{lie}"><title>t</title></head><body><h2>News</h2><p>{text}</p></body></html>'
        path = folder / f"enc-{codec}-as-{lie}.html"
        path.write_bytes(html.encode(codec))
        return path

    return write


# --- the corpus ---------------------------------------------------------------------------


def _cases() -> list[Case]:
    rnd = random.Random(20240312)
    cases = [
        Case("good", _bytes("good.txt", GOOD_TEXT.encode()), "a good page between the hostile ones", "page"),
        Case("binary", _bytes("binary.bin", rnd.randbytes(MB)), "random bytes", "error"),
        Case("binary-html", _bytes("binary.html", rnd.randbytes(256 * 1024)), "random bytes named .html", "error"),
        Case("binary-warc", _bytes("binary.warc", b"WARC/1.0\r\n" + rnd.randbytes(64 * 1024)), "a WARC head, then noise", "error"),
        Case("binary-warc-gz", _bytes("binary.warc.gz", b"\x1f\x8b\x08\x00" + rnd.randbytes(64 * 1024)), "a gzip head, then noise", "error"),
        Case("elf", _bytes("program", b"\x7fELF\x02\x01\x01" + rnd.randbytes(32 * 1024)), "an executable", "error"),
        Case("empty", _bytes("empty.txt", b""), "an empty file", "error"),
        Case("truncated-warc-gz", _truncated_warc_gz, "a WARC.gz cut off mid-record", "any"),
        Case("truncated-gz", _truncated_plain_gz, "a truncated non-WARC gzip", "error"),
        Case("gzip-bomb", gzip_bomb_warc(4 * 1024 * MB), "a 4 MB WARC.gz that inflates to 4 GiB (HTML record)", "error",
             BOMB, 10),
        Case("gzip-bomb-skipped-type", gzip_bomb_warc(4 * 1024 * MB, "image/png"), "4 GiB of zeros in an image record a reader skips",
             "error", BOMB, 10),
        Case("gzip-bomb-header", gzip_bomb_warc(4 * 1024 * MB, split_header=True), "a WARC header line of 4 GiB (no line end)",
             "error", BOMB, 10),
        Case("gzip-bomb-members", _multi_member_bomb(400), "400 gzip members of 1 MB of zeros each (500 KB)", "error", BOMB, 10),
        Case("line-100mb", _chunks("line-100mb.txt", b"word ", 100 * MB), "a 100 MB single line (over the size limit)", "error",
             "too large (104.9 MB > 20 MB limit)"),
        Case("line-2mb-letters", _chunks("line-letters.txt", b"a", 2 * MB), "2 MB of letters in one line, no space", "page"),
        Case("line-1mb-words", _chunks("line-words.txt", b"Word ", MB, tail=b"."), "1 MB of capitalized words in one line", "page"),
        Case("dots", _chunks("dots.txt", b"1.1.", MB), "1 MB of 1.1.1.1.", "any"),
        Case("spaces", _chunks("spaces.txt", b" ", 200_000, head=b"Head line of text\n", tail=b"tail."), "200k spaces", "any"),
        Case("on-on-on", _chunks("onon.txt", b"On ", 300_000), "100k 'On On On'", "any"),
        Case("on-lines", _chunks("onlines.txt", b"On\n", 300_000), "100k lines of 'On'", "any"),
        Case("months", _chunks("months.txt", b"12 May ", 210_000, tail=b"2022."), "30k '12 May' before one year", "any"),
        Case("date-ish", _chunks("dateish.txt", b"1/1/20 ", MB // 2), "512 KB of almost-dates", "any"),
        Case("emails", _chunks("emails.txt", b"a.b-c+d", MB, tail=b"@"), "1 MB of an e-mail local part, no domain", "page"),
        Case("phone", _chunks("phone.txt", b"1-", MB // 2), "512 KB of digits and dashes", "any"),
        Case("rules", _chunks("rules.txt", b"-_", MB // 2, tail=b"x"), "512 KB of a rule line ending in a letter", "page"),
        Case("sniff-comments", _bytes("comments.txt", b"<!---->" * 580 + b"!"), "HTML comments before no root (sniffer)", "page",
             seconds=2),
        Case("sniff-comments-html", _bytes("comments.html", b"<!-- a -->" * 400 + b"<p>Text after comments.</p>"), "comments before a root", "any"),
        Case("deep-div", _chunks("deep-div.html", b"<div>", 500_000, tail=b"<p>Deep text.</p>"), "HTML nested 100k levels", "any"),
        Case("deep-nav", _chunks("deep-nav.html", b"<div class=menu>", 1_600_000, tail=b"<main><p>Deep main text.</p></main>"),
             "100k nested menus around the main content", "any"),
        Case("deep-header", _chunks("deep-header.html", b"<header>", 800_000, tail=b"<p>Deep header text.</p>"), "100k nested headers", "any"),
        Case("deep-pre", _chunks("deep-pre.html", b"<pre>a\n", 700_000), "100k nested pre", "any"),
        Case("many-attrs", _bytes("attrs.html", b"<div " + b" ".join(b"a%d=x" % i for i in range(100_000)) + b"><p>Attrs.</p></div>"),
             "100k attributes", "page", seconds=5),
        Case("entities", _chunks("entities.html", b"&#0;&#xD800;&#x110000;&#65533;", 500_000, head=b"<p>", tail=b"</p>"),
             "NUL, surrogate and out-of-range character references", "any"),
        Case("controls-html", _bytes("controls.html", b"<div>a<script>x</script>\x01tail &#8; &#x1f;<nav>m</nav>&#12;b\x0bc</div>"
                                     * 2000), "control characters, raw and as references, after dropped elements", "page"),
        Case("nul-text", _bytes("nul.txt", GOOD_TEXT.encode() * 200 + b"\0" + GOOD_TEXT.encode()), "a NUL byte after the 8 KB sniffed", "any"),
        Case("nul-html", _bytes("nul.html", b"<p>The council met\0 in Vienna.</p>" + b"<p>More text.\0</p>" * 500), "NUL bytes in HTML", "any"),
        Case("nul-warc-uri", _warc_nul_uri, "NUL and a surrogate in a WARC target URI", "any"),
        Case("nul-warc-body", _warc_nul_body, "NUL bytes in archived bodies", "any"),
        Case("surrogates-text", _bytes("surrogates.txt", b"The council met in Vienna \xed\xa0\x80 and adopted a plan.\n" * 10),
             "UTF-8-encoded lone surrogates in text", "any"),
        Case("surrogates-html", _bytes("surrogates.html", b"<meta charset=utf-8><p>Council \xed\xa0\x80\xed\xbf\xbf met.</p>"),
             "UTF-8-encoded lone surrogates in HTML", "any"),
        Case("surrogates-feed", _bytes("feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                       b"<item><title>Council &#xD800; meets</title><link>https://example.org/s\xed\xa0\x80</link>"
                                       b"<description>The council met &#55296;&#0; in Vienna.</description></item></channel></rss>"),
             "lone surrogates and NUL in a feed", "any"),
        Case("overlong-utf8", _bytes("overlong.txt", b"The council \xc0\x80\xe0\x80\x80\xf8\x88\x80\x80\x80 met in Vienna.\n" * 50),
             "overlong and 5-byte UTF-8 forms", "any"),
        Case("utf16-no-bom", _bytes("utf16.txt", "The council met in Vienna.\n".encode("utf-16-le") * 100), "UTF-16 without a BOM", "any"),
        Case("bom-only", _bytes("bom.html", b"\xef\xbb\xbf"), "a byte-order mark and nothing else", "error"),
        Case("crlf-cr", _bytes("cr.txt", b"Title line\r\rThe council met in Vienna.\r" * 1000), "old Mac line ends", "any"),
        Case("xml-bomb", _bytes("lol.xml", b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(1, 10))
                                + b']><rss version="2.0"><channel><item><title>&lol9;</title><description>x</description></item></channel></rss>'),
             "billion laughs in a feed", "any"),
        Case("xxe-feed", _bytes("xxe.rss", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                b'<rss version="2.0"><channel><item><title>&x;</title><description>x &x;</description></item></channel></rss>'),
             "an external entity in a feed", "any"),
        Case("symlink-loops", _symlink_loops, "symlink loops in a folder (self, ping/pong, up -> ..)", "any", "symlink loop"),
        Case("feed-empty-entries", _feed_of_empty_entries, "a 300 KB feed of 43,000 empty entries", "any",
             "... and 42,995 more errors in this input, not listed"),
        Case("warc-script-uris", _warc_script_uris, "WARC records of javascript: and data: URIs", "any", "a javascript: URI is a script"),
        Case("utf8-bad-bytes-html", _utf8_with_bad_bytes("bad-bytes.html", "<meta charset=utf-8><h2>Council meets</h2>"
             "<p>12.03.2024</p><p>The ministers said “we agree” in Minsk.</p>"), "UTF-8 HTML with two bad bytes", "page"),
        Case("utf8-bad-bytes-ru", _utf8_with_bad_bytes("bad-bytes-ru.txt", "12.03.2024\nМинистры встретились в Минске и обсудили региональную безопасность и план работы "
                                                    "организации на следующий год.\n\n"),
             "Russian UTF-8 text with two bad bytes", "page"),
    ]
    for codec in _TEXTS:
        for lie in _LIES:
            if lie.replace("-", "").replace("_", "") != codec.replace("-", "").replace("_", ""):
                cases.append(Case(f"enc-{codec}-as-{lie}", _mislabelled(codec, lie), f"{codec} bytes labelled {lie}", "any"))
    return cases


def _long_cases() -> list[Case]:
    return [
        Case("months-700k", _chunks("months.txt", b"12 May ", 700_000, tail=b"2022."), "100k '12 May' before one year", "any"),
        Case("line-2mb-words", _chunks("line-words.txt", b"Word ", 2 * MB, tail=b"."), "2 MB of capitalized words in one line", "page"),
        # Linear, but 19 MB of one line is read, segmented and date-scanned in about 1.5 s per MB.
        Case("line-19mb-letters", _chunks("line-19mb.txt", b"a", 19 * MB), "a 19 MB single line just under the limit", "page",
             seconds=90),
        Case("line-19mb-words", _chunks("line-19mb-words.txt", b"Aa ", 19 * MB, tail=b"."), "19 MB of short words in one line",
             "page", seconds=90),
        Case("gzip-bomb-16g", gzip_bomb_warc(16 * 1024 * MB), "16 GiB of zeros in a 16 MB WARC.gz", "error", BOMB, 10),
        Case("deep-div-1m", _chunks("deep-div-1m.html", b"<div>", 5_000_000, tail=b"<p>Deep.</p>"), "1M nested divs", "any"),
    ]


CASES: dict[str, Case] = {c.name: c for c in _cases()}
LONG_CASES: dict[str, Case] = {c.name: c for c in _long_cases()}
