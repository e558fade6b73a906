"""Sources: everything that reads the outside world and yields Pages (or one-line errors).

    read_inputs(inputs, options, known) -> Iterator[Page | SourceError | Unchanged]

An input is a path (file or directory) or an http(s) URL. Each kind of source is a module:
`files` (plain text and directories), and the readers it dispatches to by content type.
"""

from __future__ import annotations

from collections.abc import Iterator

from communique.model import Page, SourceError
from communique.sources.files import read_path
from communique.sources.options import KnownPages, SourceOptions, Unchanged

__all__ = ["read_inputs", "SourceOptions", "KnownPages", "Unchanged"]


def read_inputs(
    inputs: list[str], options: SourceOptions | None = None, known: KnownPages | None = None
) -> Iterator[Page | SourceError | Unchanged]:
    options = options or SourceOptions()
    for target in inputs:
        if target.startswith(("http://", "https://")):
            try:
                from communique.sources.crawl import crawl
            except ImportError:  # pragma: no cover - until the crawler lands
                yield SourceError(target, "URLs are not supported yet")
                continue
            yield from crawl(target, options, known)
        else:
            yield from read_path(target, options, known)
