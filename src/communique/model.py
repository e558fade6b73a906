"""The records that travel between the pipeline's stages.

Each stage is a pure function over these small immutable records, so a single page can
be pushed through any stage in a test without a database (see DESIGN.md).
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date that keeps its precision: "2022" stays a year, never padded to 2022-01-01.

    Ordered by year, month, day, a missing part before any present one (2022 < 2022-01 <
    2022-01-01): fix, the generated order compared None with int and raised TypeError for
    dates of one year and different precision, which ended a run in extraction (max() of a
    tenure's dates)."""

    year: int
    month: int | None = None
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            date(self.year, self.month, self.day)  # raises ValueError on 31 February

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        """The first day the date covers (2022: 1 January 2022)."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day the date covers (2022-02: 28 February 2022)."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @classmethod
    def parse_iso(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Page:
    """One source document as read: its address, when, its type and its text."""

    uri: str
    text: str
    content_type: str = "text/plain"
    fetched_at: str | None = None  # ISO timestamp
    html: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    def __post_init__(self) -> None:
        # Fix: every Page can be stored and hashed. A NUL character (a NUL byte past the 8 KB
        # that decoding sniffs, a WARC header) made PostgreSQL refuse the page and end the
        # run; a lone surrogate (from a feed's "&#xD800;") made .sha256 raise.
        for name in ("uri", "text"):
            value = getattr(self, name)
            clean = _storable(value)
            if clean is not value:
                object.__setattr__(self, name, clean)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Source:
    """Where an item was read: the page and the character offset of the item in its text."""

    uri: str
    offset: int


@dataclass(frozen=True)
class Item:
    """What a reader calls one news item: a teaser, an announcement or a full article."""

    id: str
    title: str | None
    text: str
    published: PartialDate | None
    sources: tuple[Source, ...]
    kind: str = "teaser"  # teaser | article
    # The signature of a press-contact block printed under the item ("Press Secretary N. N."):
    # not part of the text a reader reads, but a fact extraction may use.
    contact: str | None = None

    @property
    def full_text(self) -> str:
        """Title, text and contact line: the coordinates extraction's spans index into."""
        parts = [self.title] if self.title else []
        parts.append(self.text)
        if self.contact:
            parts.append(self.contact)
        return "\n".join(parts)


@dataclass(frozen=True)
class SourceError:
    """An input that could not be read: one clear line for the user, the run goes on."""

    uri: str
    message: str

    def __str__(self) -> str:
        return f"{self.uri}: {self.message}"


_WORD = re.compile(r"[^\W_]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(text: str) -> str:
    """`text` without NUL characters and with lone surrogates replaced by U+FFFD (the same
    object when there is nothing to change)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def normalize_text(text: str) -> str:
    """Case-folded words without diacritics, joined by single spaces (any script: Cyrillic
    pages must not all normalize to the empty string); the basis of ids and shingles."""
    if not text.isascii():  # ASCII has nothing to decompose: skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text.casefold()))


def item_id(title: str | None, text: str) -> str:
    """Stable id: the same normalized title and text give the same id on every run."""
    basis = normalize_text(f"{title or ''} {text}")
    return "i_" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


@dataclass
class RunCounts:
    pages_read: int = 0
    pages_unchanged: int = 0
    items_seen: int = 0
    items_new: int = 0
    duplicates_merged: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)


# --- Knowledge: what extraction and resolution make of the stored items --------------------


@dataclass(frozen=True)
class Mention:
    """A span of an item's text that names something; everything extracted points back here.

    `start`/`end` index into `Item.full_text` (title, newline, text)."""

    item_id: str
    start: int
    end: int
    text: str
    kind: str  # person | organization | place | office | date | document


@dataclass(frozen=True)
class Entity:
    id: str  # e_ + stable hash of type and canonical name
    type: str  # person | organization | place | document
    name: str
    aliases: tuple[str, ...] = ()
    # Why the aliases were merged into this entity: one human-readable line per merge.
    reasons: tuple[str, ...] = ()
    parent: str | None = None  # organization entity id (a body's parent organization)


@dataclass(frozen=True)
class Evidence:
    item_id: str
    text: str  # the sentence or phrase that says so
    date: PartialDate | None = None


@dataclass(frozen=True)
class Tenure:
    """A person seen holding an office of an organization, from the earliest to the latest date."""

    person: str  # entity id
    office: str
    organization: str | None  # entity id
    start: PartialDate | None
    end: PartialDate | None
    evidence: tuple[Evidence, ...] = ()
    conflict: str | None = None  # set when a single-seat office has another holder on a date here


@dataclass(frozen=True)
class Event:
    id: str  # v_ + stable hash
    type: str  # meeting | conference | training | ceremony | visit | media | operation | other
    date: PartialDate | None
    date_end: PartialDate | None
    place: str | None  # entity id
    participants: tuple[str, ...]  # person entity ids
    organizations: tuple[str, ...]  # organization entity ids
    status: str  # reported | announced
    item_id: str
    evidence: str
    linked: str | None = None  # the announced/reported twin's event id


@dataclass(frozen=True)
class Document:
    id: str  # the document's entity id
    title: str
    kind: str  # statement | joint statement | declaration | decision | plan | agreement | other
    body: str | None  # adopting body's entity id
    date: PartialDate | None
    item_id: str
    evidence: str = ""


@dataclass(frozen=True)
class Knowledge:
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    documents: tuple[Document, ...] = ()


def stable_id(prefix: str, *parts: str) -> str:
    basis = "\x1f".join(normalize_text(p) if p else "" for p in parts)
    return prefix + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
