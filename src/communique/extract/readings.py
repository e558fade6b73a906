"""What reading one item gave, kept between runs, so that a run reads only new or changed items.

    version(profile) -> str                   the extractor's fingerprint (code, model, profile)
    key(item, version) -> str                 what a kept reading must match to be used again
    encode(reading) -> bytes / decode(pieces, item, data) -> ItemReading

An item's reading is its windows' analyses as the names and the model read them (before the
corpus's known names are added), and, completed with the known names it contains, each window's
analysis and event and document drafts placed in the item (extract.windows). The first part depends on the item alone; the second
also on the corpus's known names that occur in the item (`known_key`), so it is used again only
while that set is the same. Corpus-wide work (known names, resolution, tenures, links) is redone
by every run, from the kept readings.

The fingerprint hashes the source of the extraction code, the model's and spaCy's versions and
the working profile: any change to the rules, the model or the profile reads every item again,
as `communique extract` always does. Readings are compressed JSON (pydantic, from the dataclasses' own
annotations): a store opened from elsewhere can hold no code to run, as a pickle could.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import TypeAdapter

from communique.extract.documents import DocumentDraft
from communique.extract.events import EventDraft
from communique.extract.known import KnownNames
from communique.extract.names import Analysis
from communique.extract.nlp import MODEL_PACKAGE
from communique.model import Item
from communique.profiles import Profile

__all__ = ["ItemReading", "decode", "encode", "key", "known_key", "version"]

_PACKAGE = Path(__file__).resolve().parent.parent  # src/communique
# What a reading depends on: the extraction code and its tables, the date reader, the records,
# the profiles' code. (resolve/ runs every time: it is not part of a reading.)
_SOURCES = ("extract", "profiles", "dates.py", "model.py")


@dataclass
class ItemReading:
    parts: list[Analysis]  # each window's analysis before the known names (windows.split order)
    known_key: tuple[str, ...]  # the known names `found` was completed with
    found: list[tuple[Analysis, list[EventDraft], list[DocumentDraft]]]  # per window, placed in the item


@lru_cache(maxsize=1)
def _code_digest() -> str:
    h = hashlib.sha256()
    for name in _SOURCES:
        root = _PACKAGE / name
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.suffix in (".py", ".toml") and path.is_file():
                h.update(str(path.relative_to(_PACKAGE)).encode())
                h.update(path.read_bytes())
    for dist in ("spacy", MODEL_PACKAGE.replace("_", "-")):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    return h.hexdigest()


def version(profile: Profile) -> str:
    """The extractor's fingerprint for this working profile (its repr is deterministic: tuples
    of frozen records)."""
    return hashlib.sha256(f"{_code_digest()}\n{profile!r}".encode()).hexdigest()[:32]


def key(item: Item, fingerprint: str) -> str:
    """A kept reading of `item` is good while this is unchanged: the fingerprint and every field a
    reading reads (not the sources: resolution reads them, from the item, every run)."""
    published = item.published.iso() if item.published else ""
    fields = (fingerprint, item.id, item.title or "", item.text, published, item.kind, item.contact or "")
    return hashlib.sha256("\x00".join(fields).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def known_key(parts: list[Analysis], known: KnownNames) -> tuple[str, ...]:
    """The known names that completing these analyses uses (extract.known.add_known_names reads
    the names only through candidates(text) and the place mentions that are known names)."""
    names: set[str] = set()
    for a in parts:
        names.update(known.candidates(a.text))
        names.update(m.text for m in a.mentions if m.kind == "place" and m.text in known)
    return tuple(sorted(names))


_ANALYSIS = TypeAdapter(Analysis)
_EVENTS = TypeAdapter(list[EventDraft])
_DOCUMENTS = TypeAdapter(list[DocumentDraft])
_BARE = {"item", "text"}  # given back by the item when read


def encode(reading: ItemReading) -> bytes:
    return zlib.compress(pydantic_core.to_json({
        "parts": [_ANALYSIS.dump_python(a, mode="json", exclude=_BARE) for a in reading.parts],
        "known": list(reading.known_key),
        "found": [{"analysis": _ANALYSIS.dump_python(a, mode="json", exclude=_BARE),
                   "events": _EVENTS.dump_python(events, mode="json"),
                   "documents": _DOCUMENTS.dump_python(documents, mode="json")}
                  for a, events, documents in reading.found],
    }), 1)  # mentions repeat their item id and kind: a tenth of the size, at little cost


def decode(pieces: list[Item], item: Item, data: bytes) -> ItemReading:
    """A kept reading given back its items: `pieces` are the item's windows (windows.split).
    ValueError when `data` is not a reading this code wrote."""
    try:
        raw: dict[str, Any] = pydantic_core.from_json(zlib.decompress(data))
    except zlib.error as exc:
        raise ValueError(str(exc)) from exc
    if len(raw["parts"]) != len(pieces) or len(raw["found"]) != len(pieces):
        raise ValueError("the item's windows changed")
    parts = [_ANALYSIS.validate_python({**d, "item": p, "text": p.full_text}) for d, p in zip(raw["parts"], pieces, strict=True)]
    text = item.full_text
    found = [(_ANALYSIS.validate_python({**f["analysis"], "item": item, "text": text}),
              _EVENTS.validate_python(f["events"]), _DOCUMENTS.validate_python(f["documents"])) for f in raw["found"]]
    return ItemReading(parts, tuple(raw["known"]), found)
