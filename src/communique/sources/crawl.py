"""Crawl an http(s) site politely and incrementally.

    crawl(url, options, known=None) -> Iterator[Page | SourceError | Unchanged]

- A sitemap (a URL ending in sitemap.xml, or any response whose root is <urlset> or
  <sitemapindex>) enqueues its <loc> URLs on the same host; those pages are fetched but
  their links are not followed.
- Otherwise the URL is fetched and, if it is HTML, its same-host links under the start
  page's path prefix are followed breadth first, up to `options.max_pages` fetches.
- A feed URL yields its entries (see `sources.feeds`).
- robots.txt is obeyed as RFC 9309 reads it, by protego (the longest matching rule wins,
  Allow wins a tie, `*` and `$` patterns; a missing one allows everything, an unreachable
  one forbids the host), requests to one host are `options.delay` seconds apart (or the
  robots.txt Crawl-delay, whichever is longer), redirects are followed by hand, at most
  `options.max_redirects`, and every hop is checked by `netguard` again.
- Re-crawls are incremental: the stored version's ETag / Last-Modified go out as
  If-None-Match / If-Modified-Since; a 304, or a page whose text hashes the same, is
  yielded as Unchanged. (A 304 has no body, so the links of an unchanged page are not
  followed again; an unchanged listing has no new links.)
- A timeout, a refused address, a connection error or an HTTP error status is one
  SourceError line for that URL and the crawl goes on.
"""

from __future__ import annotations

import posixpath
import time
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
import lxml.html
from lxml import etree
from protego import Protego

from communique.model import Page, SourceError
from communique.sources.decoding import decode
from communique.sources.feeds import read_feed
from communique.sources.html import defuse, page_from_html
from communique.sources.netguard import check_url, guarded_client
from communique.sources.options import KnownPages, SourceOptions, Unchanged, bounded_errors, unchanged
from communique.sources.sniff import GZIP_MAGIC, markup_root

__all__ = [
    "crawl", "normalize_url", "scope_prefix", "in_scope", "extract_links", "parse_sitemap",
    "conditional_headers", "content_kind",
]

MAX_SITEMAPS = 100  # sitemap documents read per crawl (an index of indexes stays bounded)
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 lets a crawler stop reading robots.txt here
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped, not obeyed
ALLOW_ALL = ""  # robots.txt texts standing for a 4xx (no rules) and an unreachable host
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
REDIRECTS = {301, 302, 303, 307, 308}
# Links to these are not pages; fetching them would only cost a request and give an error.
SKIP_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".zip", ".gz", ".tgz",
    ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".mp3", ".mp4", ".m4a", ".avi", ".mov", ".wmv", ".webm", ".ogg", ".wav", ".css", ".js", ".json",
    ".exe", ".dmg", ".iso", ".apk", ".epub", ".ics", ".woff", ".woff2", ".ttf",
)


# --- pure helpers --------------------------------------------------------------------------


def normalize_url(url: str) -> str | None:
    """The URL as a crawl key: no fragment, lower-case scheme and host, no default port, a path.

    None for anything that is not an absolute http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def _host_key(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    port = parts.port if parts.port not in (80, 443) else None
    return (parts.hostname or "", port)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def scope_prefix(url: str) -> str:
    """The path a crawl from `url` stays under: its folder ("/news/" for /news/ or
    /news/index.html; a last segment without a dot, "/news", is read as the folder /news/)."""
    path = urlsplit(url).path or "/"
    if path.endswith("/"):
        return path
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        return posixpath.dirname(path).rstrip("/") + "/"
    return path + "/"


def in_scope(url: str, start: str, prefix: str) -> bool:
    """Same host (and port) as the start page, and under its path prefix."""
    if _host_key(url) != _host_key(start):
        return False
    path = urlsplit(url).path or "/"
    return path.startswith(prefix) or path + "/" == prefix


def _skipped_suffix(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(SKIP_SUFFIXES)


def extract_links(html: str, base: str) -> list[str]:
    """Absolute, normalized http(s) links of a page, in document order, without duplicates.

    Honours <base href>, skips rel=nofollow and links to documents that are not pages."""
    try:
        root = lxml.html.document_fromstring(defuse(html).encode("utf-8", "replace"))  # defuse: see html.MAX_ATTRIBUTES
    except (etree.ParserError, ValueError):
        return []
    base_el = next(root.iter("base"), None)
    if base_el is not None and base_el.get("href"):
        base = urljoin(base, base_el.get("href").strip())
    links: list[str] = []
    seen: set[str] = set()
    for a in root.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or "nofollow" in (a.get("rel") or "").lower():
            continue
        url = normalize_url(urljoin(base, href))
        if url and url not in seen and not _skipped_suffix(url):
            seen.add(url)
            links.append(url)
    return links


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_sitemap(data: bytes) -> tuple[str, list[str]] | None:
    """("urlset" | "sitemapindex", its <loc> URLs), or None if this is not a sitemap.

    Parsed without DTDs, entities or network access: a sitemap is untrusted input."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        return None
    kind = _local(root.tag)
    locs = []
    for entry in root:
        for child in entry:
            if _local(child.tag) == "loc" and child.text and child.text.strip():
                locs.append(child.text.strip())
    return kind, locs


def conditional_headers(state: tuple[str | None, str | None, str | None] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for the stored version of a page."""
    if state is None:
        return {}
    _, etag, last_modified = state
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def content_kind(content_type: str, head: bytes) -> str:
    """"html", "feed", "sitemap", "text" or "other", from the media type and the first bytes.

    The bytes win for feeds and sitemaps, which servers often send as text/html or text/plain."""
    media = content_type.split(";")[0].strip().lower()
    root = markup_root(head)
    if root in ("feed", "sitemap"):
        return root
    if media in ("text/html", "application/xhtml+xml") or (not media and root == "html"):
        return "html"
    if media == "text/plain" or (not media and root is None):
        return "text"
    if "xml" in media or "rss" in media:
        return "html" if root == "html" else "feed" if root is None else "other"
    return "other"


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """A gzipped sitemap's XML, at most `limit` bytes (a gzip bomb stops there)."""
    try:
        inflate = zlib.decompressobj(31)
        out = inflate.decompress(data, limit + 1)
    except zlib.error:
        return None
    return out if len(out) <= limit else None


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:300]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- fetching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    charset: str | None


class _Crawler:
    """The state of one crawl: the client, robots rules and last request time per host."""

    def __init__(self, options: SourceOptions, known: KnownPages | None, client: httpx.Client) -> None:
        self.options = options
        self.known = known
        self.client = client
        self.robots: dict[str, Protego] = {}
        self.last_request: dict[str, float] = {}
        self.notes: list[SourceError] = []  # errors met on the side (robots.txt), yielded next

    # polite timing ----------------------------------------------------------------------

    def _delay(self, origin: str) -> float:
        rules = self.robots.get(origin)
        robots_delay = rules.crawl_delay(self.options.user_agent) if rules is not None else None
        return max(self.options.delay, min(float(robots_delay or 0), MAX_CRAWL_DELAY))

    def _wait(self, url: str) -> None:
        origin = _origin(url)
        last = self.last_request.get(origin)
        if last is not None:
            pause = last + self._delay(origin) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self.last_request[origin] = time.monotonic()

    # robots.txt -------------------------------------------------------------------------

    def _robots(self, url: str) -> Protego:
        origin = _origin(url)
        if origin not in self.robots:
            self.robots[origin] = self._load_robots(origin)
        return self.robots[origin]

    def _load_robots(self, origin: str) -> Protego:
        """The host's rules. RFC 9309: 4xx means no rules; 5xx or no answer means stay away."""
        result = self.get(f"{origin}/robots.txt", robots_txt=True, limit=MAX_ROBOTS_BYTES)
        if isinstance(result, Response) and result.status < 300:
            return Protego.parse(decode(result.body) or "")
        if isinstance(result, Response) and 400 <= result.status < 500:
            return Protego.parse(ALLOW_ALL)
        reason = result.message if isinstance(result, SourceError) else f"HTTP {result.status}"
        self.notes.append(SourceError(f"{origin}/robots.txt", f"unreachable ({reason}); not crawling {origin}"))
        return Protego.parse(DISALLOW_ALL)

    def allowed(self, url: str) -> bool:
        return self._robots(url).can_fetch(url, self.options.user_agent)

    # HTTP -------------------------------------------------------------------------------

    def _read_body(self, response: httpx.Response, url: str, limit: int, truncate: bool = False) -> bytes | SourceError:
        """At most `limit` bytes; a bigger page is refused without reading the rest (robots.txt
        is cut at the limit instead, as RFC 9309 allows)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and not truncate:
            return SourceError(url, f"too large ({int(declared) / 1e6:.1f} MB > {limit / 1e6:.0f} MB limit), skipped")
        chunks, size = [], 0
        deadline = time.monotonic() + 3 * self.options.timeout  # a slow drip of bytes ends too
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if truncate:
                    return b"".join(chunks)[:limit]
                return SourceError(url, f"too large (> {limit / 1e6:.0f} MB limit), skipped")
            if time.monotonic() > deadline:
                return SourceError(url, f"timed out reading the page (over {3 * self.options.timeout:g} s)")
        return b"".join(chunks)

    def get(self, url: str, *, robots_txt: bool = False, limit: int | None = None) -> Response | SourceError | Unchanged:
        """GET with redirects followed by hand: every hop passes the address guard (and
        robots.txt), and each hop's stored version is asked for conditionally.

        For robots.txt itself (robots_txt=True) nothing is conditional and an error status
        comes back as a Response, since its status decides the host's rules."""
        limit = limit or self.options.max_bytes
        current = url
        for _hop in range(self.options.max_redirects + 1):
            refusal = check_url(current, self.options.allow_private)
            if refusal:
                return SourceError(url, refusal if current == url else f"redirected to {current}: {refusal}")
            if not robots_txt and current != url and not self.allowed(current):
                return SourceError(url, f"redirected to {current}, which robots.txt disallows")
            known_state = self.known.page_state(current) if (self.known is not None and not robots_txt) else None
            self._wait(current)
            try:
                with self.client.stream("GET", current, headers=conditional_headers(known_state)) as response:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECTS and location:
                        target = normalize_url(urljoin(current, location))
                        if target is None:
                            return SourceError(url, f"redirected to an unsupported URL: {_one_line(location)}")
                        current = target
                        continue
                    if response.status_code == 304 and known_state is not None:
                        return Unchanged(current)
                    if response.status_code >= 300 and not robots_txt:
                        return SourceError(current, f"HTTP {response.status_code}")
                    body = self._read_body(response, current, limit, truncate=robots_txt)
                    if isinstance(body, SourceError):
                        return body
                    return Response(current, response.status_code, response.headers, body, response.charset_encoding)
            except httpx.TimeoutException:
                return SourceError(current, f"timed out after {self.options.timeout:g} s")
            except httpx.ConnectError as exc:
                message = _one_line(exc) or type(exc).__name__
                return SourceError(current, message if message.startswith("refused") else f"cannot connect: {message}")
            except httpx.TransportError as exc:
                return SourceError(current, f"network error: {_one_line(exc) or type(exc).__name__}")
            except httpx.HTTPError as exc:
                return SourceError(current, _one_line(exc) or type(exc).__name__)
        return SourceError(url, f"too many redirects (more than {self.options.max_redirects})")

    # reading ----------------------------------------------------------------------------

    def page_of(self, response: Response, kind: str) -> Page | SourceError:
        if kind == "html":
            page = page_from_html(response.url, response.body, response.charset, _now())
        else:
            text = decode(response.body)
            if text is None:
                return SourceError(response.url, "binary content, skipped")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if not text.strip():
                return SourceError(response.url, "empty page, skipped")
            page = Page(response.url, text, "text/plain", _now())
        if isinstance(page, SourceError):
            return page
        return replace(page, etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))


def _sitemap_body(response: Response, limit: int) -> bytes:
    if response.body.startswith(GZIP_MAGIC):
        return _gunzip(response.body, limit) or b""
    return response.body


def _is_sitemap_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(("sitemap.xml", "sitemap.xml.gz")) or posixpath.basename(path).startswith("sitemap") and path.endswith(".xml")


def crawl(url: str, options: SourceOptions | None = None, known: KnownPages | None = None) -> Iterator[Page | SourceError | Unchanged]:
    """Pages of a site from `url` (see the module docstring for what is fetched and how)."""
    options = options or SourceOptions()
    start = normalize_url(url)
    if start is None:
        yield SourceError(url, "invalid URL: only absolute http(s) URLs can be crawled")
        return
    with guarded_client(options) as client:
        yield from _run(_Crawler(options, known, client), start)


@dataclass(frozen=True)
class _Task:
    url: str
    sitemap: bool  # fetch as a sitemap: enqueue its <loc>s
    follow: bool  # follow the links of this page


def _run(crawler: _Crawler, start: str) -> Iterator[Page | SourceError | Unchanged]:
    options = crawler.options
    queue: deque[_Task] = deque([_Task(start, _is_sitemap_url(start), not _is_sitemap_url(start))])
    seen = {start}
    scope: tuple[str, str] | None = None  # (start URL after redirects, path prefix)
    fetched: set[str] = set()
    pages = sitemaps = 0
    while queue:
        task = queue.popleft()
        if task.url in fetched:  # reached already through a redirect
            continue
        if not task.sitemap and pages >= options.max_pages:
            break
        if task.sitemap and sitemaps >= MAX_SITEMAPS:
            continue
        allowed = crawler.allowed(task.url)
        notes = list(_drain(crawler))
        yield from notes
        if not allowed:
            if task.url == start and not notes:
                yield SourceError(task.url, "disallowed by robots.txt")
            continue
        if task.sitemap:
            sitemaps += 1
        else:
            pages += 1
        fetched.add(task.url)
        result = crawler.get(task.url)
        yield from _drain(crawler)
        if not isinstance(result, Response):
            yield result
            continue
        if result.url != task.url:
            if result.url in fetched:
                continue
            fetched.add(result.url)
            seen.add(result.url)
        if scope is None:
            scope = (result.url, scope_prefix(result.url))
        kind = content_kind(result.headers.get("content-type", ""), result.body[:4096])
        if task.sitemap or kind == "sitemap":
            parsed = parse_sitemap(_sitemap_body(result, options.max_bytes))
            if parsed is None:
                yield SourceError(result.url, "not a sitemap (no <urlset> or <sitemapindex>)")
                continue
            sitemap_kind, locs = parsed
            for loc in locs:
                target = normalize_url(loc)
                if target and target not in seen and _host_key(target) == _host_key(result.url) and len(queue) < 10 * options.max_pages:
                    seen.add(target)
                    queue.append(_Task(target, sitemap_kind == "sitemapindex", False))
            continue
        if kind == "feed":
            yield from bounded_errors(result.url, read_feed(result.url, result.body, crawler.known))
            continue
        if kind not in ("html", "text"):
            media = result.headers.get("content-type", "unknown type").split(";")[0]
            yield SourceError(result.url, f"not HTML, text or a feed ({media}), skipped")
            continue
        page = crawler.page_of(result, kind)
        if isinstance(page, Page) and unchanged(page.uri, page.sha256, crawler.known):
            yield Unchanged(page.uri)
        else:
            yield page
        if task.follow and kind == "html" and isinstance(page, Page) and page.html is not None:
            for link in extract_links(page.html, result.url):
                if link not in seen and in_scope(link, *scope) and len(queue) < 10 * options.max_pages:
                    seen.add(link)
                    queue.append(_Task(link, False, True))


def _drain(crawler: _Crawler) -> Iterator[SourceError]:
    while crawler.notes:
        yield crawler.notes.pop(0)
