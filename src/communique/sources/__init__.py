"""Sources: everything that reads the outside world and yields Pages (or one-line errors).

    read_inputs(inputs, options, known) -> Iterator[Page | SourceError | Unchanged]

An input is a path (file or directory) or an http(s) URL. Each kind of source is a module:
`files` (local files and directories) dispatches by content type to `html`, `feeds`
(RSS/Atom) and `warc` (WARC/WARC.gz); `crawl` fetches http(s) URLs through `netguard`,
which keeps requests off loopback and private networks unless options.allow_private.
"""

from __future__ import annotations

from collections.abc import Iterator

from communique.model import Page, SourceError
from communique.sources.crawl import crawl as crawl_url  # keeps `sources.crawl` the module
from communique.sources.files import read_path
from communique.sources.options import KnownPages, SourceOptions, Unchanged

__all__ = ["read_inputs", "SourceOptions", "KnownPages", "Unchanged"]


def read_inputs(
    inputs: list[str], options: SourceOptions | None = None, known: KnownPages | None = None
) -> Iterator[Page | SourceError | Unchanged]:
    """Every page of the inputs, in order; a page read earlier in the same call, or stored
    before, in exactly this version is `Unchanged` (an input listed twice is read once)."""
    options = options or SourceOptions()
    run = _ReadThisRun(known)
    for target in inputs:
        if target.lower().startswith(("http://", "https://")):
            results = crawl_url(target, options, run)
        else:
            results = read_path(target, options, run)
        for result in results:
            if isinstance(result, Page):
                run.seen[result.uri] = (result.sha256, result.etag, result.last_modified)
            yield result


class _ReadThisRun:
    """What the store knows of a page, and the pages this run has read (written to the store in
    batches, so not yet there when the same page comes again)."""

    def __init__(self, known: KnownPages | None):
        self.known = known
        self.seen: dict[str, tuple[str | None, str | None, str | None]] = {}

    def page_state(self, uri: str) -> tuple[str | None, str | None, str | None] | None:
        return self.seen.get(uri) or (self.known.page_state(uri) if self.known is not None else None)
