"""RSS and Atom feeds: each entry becomes a Page laid out the way the segmenter reads a teaser.

    read_feed(uri, data, known=None) -> Iterator[Page | SourceError | Unchanged]

An entry's text is "Title", a blank line, "DD.MM.YYYY", a blank line and its content (or
summary) as text, so the line-based segmenter sees a title, a date line and a body. The
Page's uri is the entry's link (or the feed's uri + "#n" when it has none).
"""

from __future__ import annotations

import email.utils
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import feedparser

from communique.model import Page, SourceError
from communique.sources.html import html_to_text
from communique.sources.options import KnownPages, Unchanged, unchanged

__all__ = ["read_feed", "entry_date", "entry_text"]

_DATE_KEYS = ("published", "updated", "created")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _local_day(raw: str) -> date | None:
    """The day as the feed wrote it, in its own time zone (a UTC shift would move late-evening
    entries to the next day, which feedparser's *_parsed fields do)."""
    try:
        return email.utils.parsedate_to_datetime(raw).date()  # RFC 822, as RSS writes dates
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()  # Atom's RFC 3339
    except ValueError:
        return None


def entry_date(entry: Any) -> date | None:
    """The entry's publication (else update) day."""
    for key in _DATE_KEYS:
        raw = entry.get(key)
        if raw:
            day = _local_day(raw)
            if day is not None:
                return day
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _as_text(value: str, content_type: str | None) -> str:
    if content_type and not content_type.startswith(_HTML_TYPES) and "<" not in value:
        return value.strip()
    return html_to_text(value)


def _body(entry: Any) -> tuple[str, str | None]:
    """The entry's longest text (full content over summary) and its HTML, if it was HTML."""
    candidates = [(c.get("value", ""), c.get("type")) for c in entry.get("content", [])]
    detail = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append((entry.get("summary", ""), detail.get("type")))
    best_text, best_html = "", None
    for value, content_type in candidates:
        text = _as_text(value, content_type)
        if len(text) > len(best_text):
            best_text, best_html = text, value if "<" in value else None
    return best_text, best_html


def entry_text(entry: Any) -> tuple[str, str | None]:
    """"Title\\n\\nDD.MM.YYYY\\n\\nbody" (parts it lacks left out), and the body's HTML."""
    title = " ".join(html_to_text(entry.get("title", "")).split()) if entry.get("title") else ""
    day = entry_date(entry)
    body, html = _body(entry)
    parts = [title, day.strftime("%d.%m.%Y") if day else "", body]
    return "\n\n".join(p for p in parts if p), html


def _link(entry: Any) -> str | None:
    """The entry's web address; feedparser falls back to the id, which may be a "urn:"."""
    link = entry.get("link") or ""
    return link if link.lower().startswith(("http://", "https://")) else None


def read_feed(uri: str, data: bytes, known: KnownPages | None = None) -> Iterator[Page | SourceError | Unchanged]:
    """The entries of an RSS/Atom document, one Page each; one SourceError if it is not a feed."""
    # A stream, never a str or bytes: feedparser fetches a string that looks like a URL and
    # tries to open() one that names a file, so a body reading "/etc/passwd" must not reach it.
    try:
        feed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": uri, "content-type": "application/xml"})
    except Exception as exc:  # Fix: feedparser raises on some input ("&#xD800;" -> UnicodeEncodeError); one line, the run goes on
        yield SourceError(uri, f"not a readable RSS/Atom feed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")
        return
    if not feed.entries:
        if feed.get("version"):
            yield SourceError(uri, "feed has no entries")
        else:
            reason = " ".join(str(feed.get("bozo_exception", "") or "no RSS or Atom root").split())[:200]
            yield SourceError(uri, f"not a readable RSS/Atom feed ({reason})")
        return
    fetched_at = _now()
    for n, entry in enumerate(feed.entries, start=1):
        text, html = entry_text(entry)
        link = _link(entry) or f"{uri}#{n}"
        if not text.strip():
            yield SourceError(link, "feed entry without title or text, skipped")
            continue
        page = Page(uri=link, text=text, content_type="text/html" if html else "text/plain",
                    fetched_at=fetched_at, html=html)
        yield Unchanged(link) if unchanged(link, page.sha256, known) else page
