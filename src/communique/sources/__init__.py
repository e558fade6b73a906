"""Sources: everything that reads the outside world and yields Pages (or one-line errors).

    read_inputs(inputs, options, known) -> Iterator[Page | SourceError | Unchanged]
    Reading(inputs, options, known, defer=True)    the same, local pages left Unparsed (see Reading)

An input is a path (file or directory) or an http(s) URL. Each kind of source is a module:
`files` (local files and directories) dispatches by content type to `html`, `feeds`
(RSS/Atom) and `warc` (WARC/WARC.gz); `crawl` fetches http(s) URLs through `netguard`,
which keeps requests off loopback and private networks unless options.allow_private.
"""

from __future__ import annotations

from collections.abc import Iterator

from communique.model import Page, SourceError
from communique.sources.crawl import crawl as crawl_url  # keeps `sources.crawl` the module
from communique.sources.files import Unparsed, read_path
from communique.sources.options import KnownPages, SourceOptions, Unchanged, unchanged

__all__ = ["read_inputs", "Reading", "SourceOptions", "KnownPages", "Unchanged", "Unparsed"]


def read_inputs(
    inputs: list[str], options: SourceOptions | None = None, known: KnownPages | None = None
) -> Iterator[Page | SourceError | Unchanged]:
    """Every page of the inputs, in order; a page read earlier in the same call, or stored
    before, in exactly this version is `Unchanged` (an input listed twice is read once)."""
    return iter(Reading(inputs, options, known))  # type: ignore[arg-type]


class Reading:
    """One run's reading of its inputs (iterate it). With defer=True, local HTML and text files
    come as `Unparsed`, for the caller to parse where it likes (a pipeline: in its worker
    processes, parsing being most of a local page's reading cost) and then to hand each parsed
    page to `settle`, in input order, which tells a version this run or the store already has."""

    def __init__(self, inputs: list[str], options: SourceOptions | None = None, known: KnownPages | None = None,
                 defer: bool = False):
        self.inputs, self.options, self.defer = inputs, options or SourceOptions(), defer
        self.run = _ReadThisRun(known)

    def __iter__(self) -> Iterator[Page | SourceError | Unchanged | Unparsed]:
        for target in self.inputs:
            if target.lower().startswith(("http://", "https://")):
                results = crawl_url(target, self.options, self.run)
            else:
                results = read_path(target, self.options, self.run, defer=self.defer)
            for result in results:
                if isinstance(result, Page):
                    self.run.note(result)
                yield result

    def settle(self, page: Page) -> Page | Unchanged:
        """A page parsed from an Unparsed, in input order: Unchanged when this run read, or the
        store holds, exactly this version; else the page, now known to this run."""
        if unchanged(page.uri, page.sha256, self.run):
            return Unchanged(page.uri)
        self.run.note(page)
        return page


class _ReadThisRun:
    """What the store knows of a page, and the pages this run has read (written to the store in
    batches, so not yet there when the same page comes again)."""

    def __init__(self, known: KnownPages | None):
        self.known = known
        self.seen: dict[str, tuple[str | None, str | None, str | None]] = {}

    def note(self, page: Page) -> None:
        self.seen[page.uri] = (page.sha256, page.etag, page.last_modified)

    def page_state(self, uri: str) -> tuple[str | None, str | None, str | None] | None:
        return self.seen.get(uri) or (self.known.page_state(uri) if self.known is not None else None)
