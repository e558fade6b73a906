"""What kind of document some bytes are, from their first bytes (and a file suffix or an HTTP
content type when there is one).

    markup_root(head) -> "html" | "feed" | "sitemap" | "xml" | None

Hand-written because it only needs the first tag of the document: parsing a 20 MB file to
learn that it is a feed would be wasteful, and an HTML parser accepts anything as HTML.
"""

from __future__ import annotations

import re

HEAD_BYTES = 4096
GZIP_MAGIC = b"\x1f\x8b"

# The prolog before the root element: XML declaration, stylesheets, comments, a doctype.
# Fix: possessive (`*+`). A lazy comment can also end at a later "-->", so with a plain `*`
# a head of many comments and no root backtracked through every way of splitting them
# (exponential: 4 KB of "<!---->" hung). Nothing after the prolog can start inside it, so
# giving back a prolog item never helps a match.
_PROLOG = rb"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!doctype(?!\s+html)[^>]*>)*+"
_ROOT = re.compile(_PROLOG + rb"<(!doctype\s+html|html|head|body|rss|feed|rdf:rdf|urlset|sitemapindex|[a-z_][\w:.-]*)", re.I | re.S)
# A saved fragment ("<div class=...>") is HTML too.
_HTML_TAGS = {
    b"div", b"p", b"table", b"meta", b"title", b"link", b"script", b"style", b"section", b"article",
    b"main", b"header", b"nav", b"ul", b"ol", b"span", b"a", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6",
    b"base", b"form", b"center", b"font", b"br", b"img", b"li", b"dl", b"blockquote", b"pre", b"figure",
}
_ROOTS = {
    b"!doctype html": "html", b"html": "html", b"head": "html", b"body": "html",
    b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap",
}


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def markup_root(head: bytes) -> str | None:
    """The kind of markup document `head` opens (its first element), or None if not markup."""
    m = _ROOT.match(_strip_bom(head))
    if not m:
        return None
    name = re.sub(rb"\s+", b" ", m.group(1).lower())
    return _ROOTS.get(name) or ("html" if name in _HTML_TAGS else "xml")


def is_warc(head: bytes) -> bool:
    return _strip_bom(head).startswith(b"WARC/")
