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
    options = options or SourceOptions()
    for target in inputs:
        if target.lower().startswith(("http://", "https://")):
            yield from crawl_url(target, options, known)
        else:
            yield from read_path(target, options, known)
