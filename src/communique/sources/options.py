"""Settings shared by all sources, and what the store already knows about pages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from communique.model import SourceError

T = TypeVar("T")

# Error lines one input (a file, a fetched feed) may print; the rest are counted in one line.
MAX_ERROR_LINES = 5


@dataclass(frozen=True)
class SourceOptions:
    max_bytes: int = 20_000_000  # larger inputs are refused with a clear error
    allow_private: bool = False  # let the crawler reach loopback/private/link-local addresses
    max_pages: int = 1000  # per crawl
    delay: float = 1.0  # seconds between requests to one host
    timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = "communique/0.1 (+https://example.org/communique)"


@dataclass(frozen=True)
class Unchanged:
    """A page the store already holds in this exact version: skipped, nothing to do."""

    uri: str


class KnownPages(Protocol):
    """What the store remembers of a page, so re-reads are incremental."""

    def page_state(self, uri: str) -> tuple[str | None, str | None, str | None] | None:
        """(sha256 of text, etag, last_modified) of the stored version, or None."""
        ...


def unchanged(uri: str, sha256: str, known: KnownPages | None) -> bool:
    """Does the store already hold this page's text in exactly this version?"""
    if known is None:
        return False
    state = known.page_state(uri)
    return state is not None and state[0] == sha256


def bounded_errors(uri: str, results: Iterable[T], limit: int = MAX_ERROR_LINES) -> Iterator[T | SourceError]:
    """`results` with at most `limit` SourceErrors, then one line "... and N more" naming `uri`.

    Fix (outside probe): a 300 KB feed of empty entries printed 43,000 error lines (one per
    entry). Pages pass through, in order; the count comes after the input's last result."""
    hidden = shown = 0
    for result in results:
        if isinstance(result, SourceError):
            if shown >= limit:
                hidden += 1
                continue
            shown += 1
        yield result
    if hidden:
        yield SourceError(uri, f"... and {hidden:,} more errors in this input, not listed")
