"""The crawler against a local stdlib HTTP server (127.0.0.1, allow_private=True), and the
address guard. Nothing here reaches the internet: refused addresses are refused before any
connection is made."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from communique.model import Page, SourceError
from communique.sources import crawl as crawl_module
from communique.sources import netguard, read_inputs
from communique.sources.crawl import (
    conditional_headers,
    content_kind,
    crawl,
    extract_links,
    in_scope,
    normalize_url,
    parse_sitemap,
    scope_prefix,
)
from communique.sources.netguard import PRIVATE_REFUSAL, address_allowed, check_url
from communique.sources.options import SourceOptions, Unchanged

# --- a local test server -------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """Routes of the test server: path (with query) -> reply, or a function of the request."""

    routes: dict[str, Reply | Callable[[BaseHTTPRequestHandler], Reply]] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.log]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        site: Site = self.server.site  # type: ignore[attr-defined]
        site.log.append((self.path, dict(self.headers)))
        route = site.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>Not found.</p>"))
        status, headers, body = route(self) if callable(route) else route
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up waiting (the timeout test)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


@pytest.fixture
def site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = Site(port=server.server_address[1])
    server.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def html(body: str, headers: dict[str, str] | None = None, status: int = 200) -> Reply:
    return status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, f"<html><body>{body}</body></html>".encode()


def opts(**kw) -> SourceOptions:
    return SourceOptions(**{"allow_private": True, "delay": 0, "timeout": 2.0, **kw})


class Known:
    """What a store remembers: built from a previous crawl's pages."""

    def __init__(self, pages: list[Page]) -> None:
        self.states = {p.uri: (p.sha256, p.etag, p.last_modified) for p in pages}

    def page_state(self, uri: str):
        return self.states.get(uri)


ROBOTS = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /site/private/\n")
LISTING = """<nav><a href="/site/about.html">About</a></nav>
<h1>News</h1>
<div><span>12.05.2022</span><h2><a href="a.html">Ministers meet</a></h2><p>The ministers met.</p></div>
<div><span>03.05.2022</span><h2><a href="/site/b.html#top">Visit</a></h2><p>The visit took place.</p></div>
<p><a href="/site/private/secret.html">Secret</a> <a href="/outside/x.html">Outside</a>
<a href="http://other.invalid/site/">Other host</a> <a href="/site/report.pdf">Report</a>
<a href="/site/error">Broken</a> <a href="/site/slow">Slow</a> <a href="/site/loop">Loop</a>
<a href="/site/nofollow.html" rel="nofollow">No</a> <a href="mailto:x@example.org">Mail</a></p>"""


def _etag_page(handler: BaseHTTPRequestHandler) -> Reply:
    if handler.headers.get("If-None-Match") == '"v1"':
        return 304, {"ETag": '"v1"'}, b""
    return html("<h1>Ministers meet</h1><p>12.05.2022</p><p>The ministers met in Vienna.</p>",
                {"ETag": '"v1"', "Last-Modified": "Thu, 12 May 2022 10:00:00 GMT"})


def _slow(handler: BaseHTTPRequestHandler) -> Reply:
    time.sleep(1.0)
    return html("<p>Too late.</p>")


def _standard_site(site: Site) -> None:
    site.routes.update({
        "/robots.txt": ROBOTS,
        "/site/": html(LISTING),
        "/site/a.html": _etag_page,
        "/site/b.html": html("<h1>Visit</h1><p>03.05.2022</p><p>The visit took place. <a href='a.html'>Back</a></p>"),
        "/site/about.html": html("<p>About us.</p>"),
        "/site/private/secret.html": html("<p>Secret.</p>"),
        "/outside/x.html": html("<p>Outside.</p>"),
        "/site/error": (500, {"Content-Type": "text/plain"}, b"Internal error"),
        "/site/slow": _slow,
        "/site/loop": (302, {"Location": "/site/loop2"}, b""),
        "/site/loop2": (302, {"Location": "/site/loop"}, b""),
    })


# --- crawling ------------------------------------------------------------------------------


def test_crawl_follows_links_breadth_first_within_the_prefix_and_reports_errors(site):
    _standard_site(site)
    results = list(crawl(site.url("/site/"), opts(timeout=0.3)))
    pages = [r for r in results if isinstance(r, Page)]
    errors = {r.uri: r.message for r in results if isinstance(r, SourceError)}
    assert [p.uri for p in pages] == [site.url(p) for p in ("/site/", "/site/about.html", "/site/a.html", "/site/b.html")]
    assert errors == {
        site.url("/site/error"): "HTTP 500",
        site.url("/site/slow"): "timed out after 0.3 s",
        site.url("/site/loop"): "too many redirects (more than 5)",
    }
    assert all("\n" not in str(r) for r in results if isinstance(r, SourceError))
    listing = pages[0]
    assert listing.content_type == "text/html" and listing.html is not None
    assert "12.05.2022\n\nMinisters meet\n\nThe ministers met." in listing.text
    a = pages[2]
    assert a.etag == '"v1"' and a.last_modified == "Thu, 12 May 2022 10:00:00 GMT"
    requested = site.paths()
    assert requested[0] == "/robots.txt" and requested.count("/robots.txt") == 1
    for never in ("/site/private/secret.html", "/outside/x.html", "/site/report.pdf", "/site/nofollow.html"):
        assert never not in requested
    # The redirect loop is cut after max_redirects hops: 1 request + 5 redirects followed.
    assert sum(p in ("/site/loop", "/site/loop2") for p in requested) == 6
    # Every request carries the crawler's User-Agent.
    assert all(headers.get("User-Agent", "").startswith("communique/") for _, headers in site.log)


def test_recrawl_sends_validators_and_yields_unchanged(site):
    _standard_site(site)
    first = [r for r in crawl(site.url("/site/"), opts(timeout=0.3)) if isinstance(r, Page)]
    site.log.clear()
    again = list(crawl(site.url("/site/"), opts(timeout=0.3), Known(first)))
    assert Unchanged(site.url("/site/a.html")) in again  # 304 Not Modified
    assert Unchanged(site.url("/site/")) in again  # same text, same hash
    assert Unchanged(site.url("/site/b.html")) in again
    headers = dict(site.log)["/site/a.html"]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Thu, 12 May 2022 10:00:00 GMT"
    # An unchanged listing's links are still followed (its body came back).
    assert "/site/b.html" in site.paths()


def test_page_cap(site):
    _standard_site(site)
    results = list(crawl(site.url("/site/"), opts(max_pages=2)))
    assert [r.uri for r in results] == [site.url("/site/"), site.url("/site/about.html")]
    assert [p for p in site.paths() if p != "/robots.txt"] == ["/site/", "/site/about.html"]


def test_robots_txt_disallowing_the_start_url(site):
    _standard_site(site)
    results = list(crawl(site.url("/site/private/secret.html"), opts()))
    assert results == [SourceError(site.url("/site/private/secret.html"), "disallowed by robots.txt")]
    assert site.paths() == ["/robots.txt"]


def test_robots_txt_longest_match_wins_with_wildcards(site):
    # RFC 9309 2.2.2: the most specific (longest) matching rule wins, Allow wins a tie;
    # `*` matches any run of characters and `$` anchors the end. The stdlib's parser took
    # the first matching line and refused /news/public/a.html.
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, (
        b"User-agent: *\nDisallow: /news/\nAllow: /news/public/\n"
        b"Disallow: /*.php$\nAllow: /tie\nDisallow: /tie\n"
    ))
    for path in ("/news/public/a.html", "/news/secret.html", "/page.php", "/page.php?x=1", "/tie"):
        site.routes[path] = html("<p>Page.</p>")
    outcome = {}
    for path in ("/news/public/a.html", "/news/secret.html", "/page.php", "/page.php?x=1", "/tie"):
        [result] = crawl(site.url(path), opts())
        outcome[path] = "fetched" if isinstance(result, Page) else result.message
    assert outcome == {
        "/news/public/a.html": "fetched",
        "/news/secret.html": "disallowed by robots.txt",
        "/page.php": "disallowed by robots.txt",
        "/page.php?x=1": "fetched",  # `$` ends the pattern: a query string is past the end
        "/tie": "fetched",
    }


def test_missing_robots_txt_allows_all_and_unreachable_one_forbids_the_host(site):
    site.routes["/p"] = html("<p>Page.</p>")
    assert [type(r) for r in crawl(site.url("/p"), opts())] == [Page]  # robots.txt is a 404
    site.routes["/robots.txt"] = (503, {}, b"")
    [error] = crawl(site.url("/p"), opts())
    assert isinstance(error, SourceError)
    assert error.uri == site.url("/robots.txt") and error.message.startswith("unreachable (HTTP 503)")


def test_crawl_delay_spaces_requests_to_one_host(site):
    _standard_site(site)
    started = time.monotonic()
    list(crawl(site.url("/site/"), opts(max_pages=3, delay=0.15)))
    assert time.monotonic() - started >= 0.15 * 3  # robots.txt + 3 pages, 3 pauses between


def test_sitemap_enqueues_its_locs_without_following_links(site):
    _standard_site(site)
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>{site.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>"""
    news = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
      <url><loc>{site.url('/site/b.html')}</loc><image:image><image:loc>{site.url('/img.png')}</image:loc></image:image></url>
      <url><loc>{site.url('/outside/x.html')}</loc></url>
      <url><loc>http://other.invalid/page</loc></url>
      <url><loc>{site.url('/site/private/secret.html')}</loc></url></urlset>"""
    site.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, index.encode())
    site.routes["/sitemap-news.xml"] = (200, {"Content-Type": "text/xml"}, news.encode())
    results = list(crawl(site.url("/sitemap.xml"), opts()))
    assert [r.uri for r in results] == [site.url("/site/b.html"), site.url("/outside/x.html")]
    assert "/site/a.html" not in site.paths()  # b.html links to it, but sitemap pages are not followed
    assert "/img.png" not in site.paths()


def test_feed_url_yields_its_entries(site):
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
      <item><title>Ministers meet</title><link>https://example.org/n/1</link>
      <pubDate>Thu, 12 May 2022 10:00:00 GMT</pubDate><description>They met.</description></item></channel></rss>"""
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss)
    [page] = crawl(site.url("/feed"), opts())
    assert page.uri == "https://example.org/n/1"
    assert page.text == "Ministers meet\n\n12.05.2022\n\nThey met."


def test_a_fetched_feed_of_empty_entries_gives_a_bounded_report(site):
    """Outside probe: a feed of 1,000 empty entries was 1,000 error lines."""
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>' + b"<item/>" * 1000 + b"</channel></rss>"
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss)
    results = list(crawl(site.url("/feed"), opts()))
    assert len(results) == 6 and all(isinstance(r, SourceError) for r in results)
    assert results[-1] == SourceError(site.url("/feed"), "... and 995 more errors in this input, not listed")


def test_redirect_is_followed_and_the_page_has_its_final_address(site):
    site.routes["/old"] = (301, {"Location": "/new/"}, b"")
    site.routes["/new/"] = html('<p>Moved here.</p><a href="/new/child">Child</a> <a href="/old">Old</a>')
    site.routes["/new/child"] = html("<p>Child page.</p>")
    results = list(crawl(site.url("/old"), opts()))
    assert [r.uri for r in results] == [site.url("/new/"), site.url("/new/child")]


def test_too_large_and_non_html_responses_are_one_line_each(site):
    site.routes["/big"] = (200, {"Content-Type": "text/html", "Content-Length": "5000"}, b"x" * 5000)
    site.routes["/doc"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    [big] = crawl(site.url("/big"), opts(max_bytes=1000))
    assert isinstance(big, SourceError) and big.message.startswith("too large")
    [doc] = crawl(site.url("/doc"), opts())
    assert doc == SourceError(site.url("/doc"), "not HTML, text or a feed (application/pdf), skipped")


def test_charset_from_the_http_header(site):
    text = "Заседание Совета министров прошло в Вене."
    site.routes["/ru"] = (200, {"Content-Type": "text/html; charset=windows-1251"}, f"<p>{text}</p>".encode("cp1251"))
    [page] = crawl(site.url("/ru"), opts())
    assert page.text == text


def test_read_inputs_dispatches_urls_to_the_crawler(site):
    site.routes["/p"] = html("<p>Page.</p>")
    [page] = read_inputs([site.url("/p")], opts())
    assert isinstance(page, Page) and page.text == "Page."


def test_invalid_url_is_one_line():
    [error] = crawl("http://", opts())
    assert isinstance(error, SourceError) and error.message.startswith("invalid URL")


# --- the address guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/", "http://127.8.9.10:8080/x", "http://10.1.2.3/", "http://172.16.0.1/",
        "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
        "http://[fe80::1]/", "http://[fc00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
        "http://100.64.0.1/", "http://224.0.0.1/", "http://240.0.0.1/", "http://localhost/",
        "http://[2002:a00:1::]/",  # 6to4 wrapping 10.0.0.1
    ],
)
def test_guard_refuses_private_addresses(url):
    assert check_url(url, allow_private=False) == PRIVATE_REFUSAL
    assert check_url(url, allow_private=True) is None


def test_guard_allows_public_addresses_and_refuses_other_schemes():
    assert check_url("http://93.184.215.14/", allow_private=False) is None
    assert check_url("https://[2606:4700::1111]/", allow_private=False) is None
    assert check_url("file:///etc/passwd", allow_private=True).startswith("refused: only http and https")
    assert check_url("ftp://example.org/", allow_private=False).startswith("refused: only http and https")
    assert not address_allowed("not an address")


def test_guard_refuses_a_name_if_any_address_is_private(monkeypatch):
    monkeypatch.setattr(netguard, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    assert check_url("http://mixed.example/", allow_private=False) == PRIVATE_REFUSAL


def test_crawl_refuses_loopback_without_allow_private(site):
    site.routes["/p"] = html("<p>Page.</p>")
    results = list(crawl(site.url("/p"), opts(allow_private=False)))
    assert results == [SourceError(site.url("/robots.txt"), f"unreachable ({PRIVATE_REFUSAL}); not crawling {site.url('')}")]
    assert site.log == []


def _treat_test_server_as_public(monkeypatch) -> None:
    """Let 127.0.0.1 (the test server) pass the guard, so a redirect from it can be tested."""
    real = netguard.address_allowed
    monkeypatch.setattr(netguard, "address_allowed", lambda a: a == "127.0.0.1" or real(a))


@pytest.mark.parametrize("target", ["http://10.0.0.1/admin", "http://169.254.169.254/", "http://[::1]:8080/"])
def test_redirect_to_a_private_address_is_refused(site, monkeypatch, target):
    _treat_test_server_as_public(monkeypatch)
    site.routes["/go"] = (302, {"Location": target}, b"")
    [error] = crawl(site.url("/go"), opts(allow_private=False))
    assert error == SourceError(site.url("/go"), f"redirected to {normalize_url(target)}: {PRIVATE_REFUSAL}")


def test_guard_checks_again_at_connect_time(site, monkeypatch):
    """DNS rebinding: the name looks public when checked, then resolves to 127.0.0.1."""
    calls = []

    def rebinding(host: str, port: int | None) -> list[str]:
        calls.append(host)
        return ["93.184.215.14"] if len(calls) == 1 else ["127.0.0.1"]

    monkeypatch.setattr(netguard, "resolve", rebinding)
    monkeypatch.setattr(crawl_module._Crawler, "allowed", lambda self, url: True)  # skip robots.txt
    site.routes["/p"] = html("<p>Page.</p>")
    [error] = crawl(f"http://rebind.test:{site.port}/p", opts(allow_private=False))
    assert error == SourceError(f"http://rebind.test:{site.port}/p", PRIVATE_REFUSAL)
    assert site.log == []
    assert calls == ["rebind.test", "rebind.test"]


# --- pure helpers --------------------------------------------------------------------------


def test_normalize_url():
    assert normalize_url("HTTP://Example.ORG:80/a?b=1#frag") == "http://example.org/a?b=1"
    assert normalize_url("https://example.org") == "https://example.org/"
    assert normalize_url("https://example.org:8443/x") == "https://example.org:8443/x"
    assert normalize_url("http://[::1]:8080/") == "http://[::1]:8080/"
    assert normalize_url("mailto:x@example.org") is None
    assert normalize_url("/relative") is None
    assert normalize_url("http://example.org:99999/") is None


def test_scope_prefix_and_in_scope():
    assert scope_prefix("https://e.org/news/") == "/news/"
    assert scope_prefix("https://e.org/news/index.html") == "/news/"
    assert scope_prefix("https://e.org/news") == "/news/"
    assert scope_prefix("https://e.org") == "/"
    start = "https://e.org/news/"
    assert in_scope("https://e.org/news/2022/a", start, "/news/")
    assert in_scope("http://e.org/news/a", start, "/news/")  # scheme may change, host may not
    assert in_scope("https://e.org/news", start, "/news/")
    assert not in_scope("https://e.org/newsletter", start, "/news/")
    assert not in_scope("https://www.e.org/news/a", start, "/news/")
    assert not in_scope("https://e.org:8443/news/a", start, "/news/")


def test_extract_links():
    page = """<html><head><base href="https://e.org/news/"></head><body>
      <a href="a.html#x">A</a> <a href="a.html">A again</a> <a href="/doc.PDF">PDF</a>
      <a href="javascript:void(0)">JS</a> <a href="#top">Top</a> <a rel="nofollow" href="b.html">B</a>
      <a href="https://other.org/">Other</a> <map><area href="c.html"></map></body></html>"""
    assert extract_links(page, "https://ignored.org/") == [
        "https://e.org/news/a.html", "https://other.org/", "https://e.org/news/c.html",
    ]


def test_parse_sitemap_does_not_expand_entities():
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.org/&e;</loc></url>
      <url><loc> https://e.org/b </loc></url></urlset>"""
    kind, locs = parse_sitemap(evil)
    assert kind == "urlset"
    assert locs[-1] == "https://e.org/b"
    assert not any("root:" in loc for loc in locs)
    assert parse_sitemap(b"<html><body>no</body></html>") is None


def test_conditional_headers_and_content_kind():
    assert conditional_headers(None) == {}
    assert conditional_headers(("sha", '"e"', None)) == {"If-None-Match": '"e"'}
    assert content_kind("text/html; charset=utf-8", b"<!doctype html>") == "html"
    assert content_kind("text/html", b"<?xml version='1.0'?><rss>") == "feed"
    assert content_kind("application/xml", b"<urlset>") == "sitemap"
    assert content_kind("text/plain", b"Hello") == "text"
    assert content_kind("image/png", b"\x89PNG") == "other"
    assert content_kind("", b"<html>") == "html"
