"""HTML becomes a Page whose text has one block (paragraph, heading, list item, cell) per line.

    page_from_html(uri, data, charset=None) -> Page | SourceError
    html_to_text(html) -> str

The segmenter downstream works on lines: a date line, a title (no closing punctuation), a
paragraph. So this module keeps the page's *layout*, not only its prose: every teaser of a
listing page stays, each heading and date on its own line, and blocks are separated by a
blank line. That is why it walks the lxml tree itself instead of handing the page to a
main-content extractor (trafilatura keeps one article and drops the teasers around it).

Chrome is dropped first: scripts and styles, page-level header/footer/nav/aside, forms, and
elements whose class, id or role names navigation, a menu, breadcrumbs or a cookie banner.
None of these is dropped when it wraps the page's content (ASP.NET pages put the whole body
in one <form>; some themes put class="has-menu" on the main wrapper).
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

import lxml.html
from lxml import etree

from communique.dates import find_dates, parse_date
from communique.model import Page, SourceError
from communique.sources.decoding import decode, mostly_utf8

__all__ = ["decode_html", "defuse", "html_to_text", "page_from_html", "meta_published", "NO_TEXT"]

NO_TEXT = "no text found"

# Never content: removed with everything inside them (the tail text after them stays).
ALWAYS_DROP = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "button", "select", "option", "input", "textarea", "head", "title", "meta", "link", "dialog",
}
# Sectioning headers/footers inside an article or main hold its title, date and byline.
SCOPED_CHROME = {"header", "footer"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Inline elements that may carry a date printed on its own ("<span class=date>12.05.2022</span>").
_DATE_CARRIERS = {"time", "span", "small", "em", "strong", "b", "i", "a", "font", "abbr", "data", "label"}

_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|megamenu|submenu|breadcrumbs?|skip-?links?)(?:$|[\s_-])"
    r"|breadcrumb|cookie|consent|gdpr|navigation|navbar|mainmenu|topmenu",
    re.I,
)
_CHROME_ROLES = {"navigation", "menu", "menubar", "banner", "contentinfo", "search", "dialog", "alertdialog"}
# Text only screen readers get ("Read more <span class=sr-only>about the summit</span>").
_SCREEN_READER_ONLY = re.compile(r"(?:^|\s)(?:sr-only|visually-hidden|screen-reader-text|element-invisible|show-for-sr)(?:$|\s)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2009\u202f]+")
# WHATWG's prescan looks for the charset in the first 1024 bytes; pages in the wild put it later.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.I)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


# --- decoding -----------------------------------------------------------------------------


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, with the WHATWG aliases pages rely on."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    # Browsers read latin-1/ascii labels as windows-1252, and so do we (the pages assume it).
    if label in {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, declared: str | None = None) -> str | None:
    """Text of an HTML document: BOM, then UTF-8 if the bytes are UTF-8 (a few malformed
    sequences replaced by U+FFFD, see decoding.mostly_utf8), then the HTTP
    charset, then <meta charset>, then detection.

    A declared charset is only trusted when the bytes decode with it, because pages often
    declare one thing and are saved as another. None when the bytes are binary."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    # Fix (mislabelled pages): bytes that are valid UTF-8 are UTF-8, whatever a label says.
    # A single-byte label (windows-1251, latin-1) "decodes" any bytes, so it could not be
    # checked and a UTF-8 page under a stale label became mojibake. Text in a legacy
    # charset is practically never valid UTF-8. (NUL bytes: UTF-16 without a BOM, not this.)
    # Fix (outside probe): nor UTF-8 but for a few bad bytes, which a browser shows with a
    # U+FFFD each; they had sent a page under <meta charset=utf-8> to detection (mojibake).
    if b"\x00" not in data:
        text = mostly_utf8(data)
        if text is not None:
            return text
    text = _strict(data, _codec(declared))
    if text is not None:
        return text
    match = _META_CHARSET.search(data[:8192])
    meta = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    # Fix: a <meta> that could be read as ASCII is not in UTF-16/32 (WHATWG: such a label
    # means UTF-8); decoding ASCII-compatible bytes as UTF-16 gave a page of CJK noise.
    if meta is not None and meta.startswith(("utf-16", "utf-32")):
        meta = None
    text = _strict(data, meta)
    if text is not None:
        return text
    # Fix (outside probe): a declared charset is honoured when only a few bytes do not fit it
    # (a browser shows U+FFFD for them); detection had read such a UTF-8 page as a legacy
    # charset ("don\x92t" as "don㦙"). A page in another charset misfits it all through.
    for label in (_codec(declared), meta):
        text = _lenient(data, label)
        if text is not None:
            return text
    return decode(data)


# At most one malformed sequence per this many bytes (and one in any page) for a declared
# charset to be honoured over detection; a legacy page under a wrong label has one every few
# characters of its own script.
_BYTES_PER_BAD = 1000


def _lenient(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        return None
    return text if text.count("\ufffd") <= max(1, len(data) // _BYTES_PER_BAD) else None


# --- cleaning -----------------------------------------------------------------------------


def _wraps_content(el: etree._Element) -> bool:
    """Does this element hold the page's content (a <main>, an <article> or the <h1>)?"""
    return next(el.iter("main", "article", "h1"), None) is not None


def _inside_content(el: etree._Element) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _mostly_links(el: etree._Element) -> bool:
    """Menus are short or mostly link text; a wrapper of the page's prose is neither."""
    total = len(" ".join(el.text_content().split()))
    if total < 200:
        return True
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked * 2 >= total


def _is_chrome(el: etree._Element) -> bool:
    """Navigation, menus, banners and hidden elements, by tag, class, id, role or style."""
    tag = el.tag
    if tag in ("html", "body", "main", "article"):
        return False
    if tag in SCOPED_CHROME:
        return not _inside_content(el) and next(el.iter("main", "article"), None) is None
    if tag in ("nav", "menu", "aside"):
        return not _wraps_content(el)
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if tag == "form" or el.get("role", "").lower() in _CHROME_ROLES or _CHROME_NAME.search(names):
        return not _wraps_content(el) and _mostly_links(el)
    hidden = (
        el.get("hidden") is not None
        or el.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
        or bool(_SCREEN_READER_ONLY.search(el.get("class", "")))
    )
    return hidden and not _wraps_content(el)


def clean(root: etree._Element) -> etree._Element:
    """Strip comments and processing instructions (keeping text around them), then chrome.

    drop_tree() keeps an element's tail, so the text after a dropped menu survives."""
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    for el in list(root.iter(*ALWAYS_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    # Outermost first, so a dropped menu's own sub-menus are not inspected again.
    stack = [root]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            if _is_chrome(child):
                child.drop_tree()
            else:
                stack.append(child)
    return root


# --- walking ------------------------------------------------------------------------------


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _standalone_date(el: etree._Element) -> bool:
    """An inline element that prints a date alone, between other elements, is its own line.

    Listing pages print "<span class=date>12.05.2022</span><a>Title</a>"; joined they would
    make one line that is neither a date line nor a clean title for the segmenter. A date
    inside running text ("held on <b>12 May 2022</b>.") has text around it and stays inline."""
    if el.tag not in _DATE_CARRIERS or len(el) > 3:
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else el.getparent().text
    if not (_blank(before) and _blank(el.tail)):
        return False
    text = el.text_content()
    if len(text) > 40:
        return False
    return parse_date(" ".join(text.split())) is not None


class _Lines:
    """Collects inline text into lines and lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.current: list[str] = []  # lines of the open block
        self.buffer: list[str] = []  # inline text of the open line

    def text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def space(self) -> None:
        self.buffer.append(" ")

    def newline(self) -> None:
        line = _SPACE.sub(" ", "".join(self.buffer).replace("\n", " ")).strip()
        self.buffer = []
        if line:
            self.current.append(line)

    def preformatted(self, text: str | None) -> None:
        """Text of a <pre>: each of its lines is a line."""
        if not text:
            return
        parts = text.split("\n")
        for part in parts[:-1]:
            self.buffer.append(part)
            self.newline()
        self.buffer.append(parts[-1])

    def block(self) -> None:
        self.newline()
        if self.current:
            self.blocks.append(self.current)
            self.current = []


def _glued_to_sibling(el: etree._Element) -> bool:
    """Two inline siblings with nothing between ("<span>Title</span><span>Place</span>") are
    set apart with a space; text glued to an element ("UN<sup>1</sup>", "<a>UN</a>.") is not."""
    prev = el.getprevious()
    return prev is not None and not prev.tail


def _walk(root: etree._Element) -> list[list[str]]:
    out = _Lines()
    pre_depth = 0
    as_block: set[etree._Element] = set()
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "br":
                out.newline()
                continue
            if tag in BLOCKS or _standalone_date(el):
                as_block.add(el)
                out.block()
            elif _glued_to_sibling(el):
                out.space()
            if tag == "pre":
                pre_depth += 1
            (out.preformatted if pre_depth else out.text)(el.text)
        else:
            if tag == "pre":
                pre_depth -= 1
            if el in as_block:
                out.block()
            (out.preformatted if pre_depth else out.text)(el.tail)
    out.block()
    return out.blocks


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment, one block per line, blank lines between."""
    root = _parse(html)
    if root is None:
        return ""
    blocks = _walk(clean(root))
    return "\n\n".join("\n".join(lines) for lines in blocks)


# Fix: libxml2's HTML parser compares each attribute of a tag with all the earlier ones
# (quadratic): one tag with 100k attributes (900 KB) parsed for minutes. A tag with more than
# MAX_ATTRIBUTES attributes keeps only its name; no real page has that many. Only tags with
# a long attribute section are counted, and both patterns run in linear time (the tag name
# is possessive, and a section ends at the next "<" or ">").
MAX_ATTRIBUTES = 1000
_LONG_TAG = re.compile(r"<([a-zA-Z][^\s/<>]*+)([^<>]{2000,})")
_ATTRIBUTE = re.compile(r"""[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']*))?""")


def _defuse_tag(m: re.Match[str]) -> str:
    if len(_ATTRIBUTE.findall(m.group(2))) <= MAX_ATTRIBUTES:
        return m.group(0)
    return f"<{m.group(1)}"


def defuse(html: str) -> str:
    """The HTML with the attributes of absurdly attributed tags dropped (see MAX_ATTRIBUTES)."""
    return _LONG_TAG.sub(_defuse_tag, html)


# Fix: C0 control characters (other than tab and line ends) are no text. libxml2 keeps them,
# raw or written as references ("&#8;"), and lxml then refuses to set a text holding one:
# drop_tree() on the element before such a character raised ValueError, which ended the
# whole run. Form feed and vertical tab are blanks in HTML; the rest go. Raw ones are
# removed before parsing; the tree is cleaned after it only when a reference could make one.
_BLANK_CONTROLS = re.compile("[\x0b\x0c]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
_ANY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_REF = re.compile(r"&#0*(?:[0-8]|1[124-9]|2\d|3[01])(?!\d)|&#[xX]0*(?:[0-8bcefBCEF]|1[0-9a-fA-F])(?![0-9a-fA-F])")


def _no_controls(text: str | None) -> str | None:
    return None if text is None else _CONTROLS.sub("", _BLANK_CONTROLS.sub(" ", text))


def _clean_controls(root: etree._Element) -> None:
    for el in root.iter():
        if el.text and _ANY_CONTROL.search(el.text):
            el.text = _no_controls(el.text)
        if el.tail and _ANY_CONTROL.search(el.tail):
            el.tail = _no_controls(el.tail)


def _parse(html: str) -> etree._Element | None:
    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input with an encoding declaration
    html = _no_controls(html) or ""
    html = defuse(html)
    if not html.strip():
        return None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if _CONTROL_REF.search(html):
        _clean_controls(root)
    return root


# --- metadata -----------------------------------------------------------------------------

_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "dcterms.created", "pubdate", "publishdate", "publication_date",
    "citation_publication_date", "sailthru.date",
)


def meta_published(root: etree._Element) -> str | None:
    """The publication day (DD.MM.YYYY) declared in the page's <meta> tags, if any."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content") or ""
        if key in _META_DATE_KEYS and key not in found:
            found[key] = content
    for key in _META_DATE_KEYS:
        m = _ISO_DAY.match(found.get(key, ""))
        if m:
            year, month, day = m.groups()
            try:
                datetime(int(year), int(month), int(day))
            except ValueError:
                continue
            return f"{day}.{month}.{year}"
    return None


def _with_meta_date(blocks: list[list[str]], root: etree._Element, day: str | None) -> list[list[str]]:
    """A single article whose text prints no date gets its <meta> date as a line under the <h1>.

    Listing pages print their teasers' dates, so only an undated page is touched; the date
    goes right under the heading, where the segmenter expects an article's date line."""
    if day is None:
        return blocks
    if any(find_dates(line) for lines in blocks for line in lines):
        return blocks
    headings = [h for h in root.iter("h1") if h.text_content().strip()]
    if len(headings) != 1:
        return blocks
    title = " ".join(headings[0].text_content().split())
    for i, lines in enumerate(blocks):
        if lines and lines[-1] == title:
            return [*blocks[: i + 1], [day], *blocks[i + 1:]]
    return blocks


# --- pages --------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def page_from_html(
    uri: str, data: bytes | str, charset: str | None = None, fetched_at: str | None = None
) -> Page | SourceError:
    """A Page from an HTML document's bytes (or text), or one line saying why not."""
    html = data if isinstance(data, str) else decode_html(data, charset)
    if html is None:
        return SourceError(uri, "binary content, not an HTML page; skipped")
    root = _parse(html)
    if root is None:
        return SourceError(uri, NO_TEXT)
    day = meta_published(root)  # before clean(), which drops <head>
    root = clean(root)
    blocks = _with_meta_date(_walk(root), root, day)
    text = "\n\n".join("\n".join(lines) for lines in blocks)
    if not text.strip():
        return SourceError(uri, NO_TEXT)
    return Page(uri=uri, text=text, content_type="text/html", fetched_at=fetched_at or _now(), html=html)
