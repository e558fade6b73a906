"""The API's response shapes (they document /openapi.json and are checked by Schemathesis)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(BaseModel):
    error: ErrorInfo


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    results: list[T]


class Ref(BaseModel):
    id: str
    name: str


class SourceOut(BaseModel):
    uri: str
    offset: int


class ItemSummary(BaseModel):
    id: str
    title: str | None
    lead: str
    published: str | None
    kind: str
    sources: int


class EvidenceOut(BaseModel):
    item: str
    text: str
    date: str | None


class EventOut(BaseModel):
    id: str
    type: str
    date: str | None
    date_end: str | None
    place: Ref | None
    participants: list[Ref]
    organizations: list[Ref]
    status: str
    item: str
    evidence: str
    linked: str | None


class TenureOut(BaseModel):
    person: Ref
    office: str
    organization: Ref | None
    start: str | None
    end: str | None
    conflict: str | None
    evidence: list[EvidenceOut]


class DocumentOut(BaseModel):
    id: str
    title: str
    kind: str
    body: Ref | None
    date: str | None
    item: str
    evidence: str


class ItemOut(BaseModel):
    id: str
    title: str | None
    text: str
    published: str | None
    kind: str
    sources: list[SourceOut]
    events: list[EventOut]
    documents: list[DocumentOut]
    tenures: list[TenureOut]


class EntityOut(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str]
    reasons: list[str]
    parent: Ref | None


class EntityDetail(BaseModel):
    entity: EntityOut
    tenures: list[TenureOut]
    events: list[EventOut]
    documents: list[DocumentOut]
    members: list[TenureOut]


class PersonOut(BaseModel):
    entity: EntityOut
    tenures: list[TenureOut]
    events: list[EventOut]


class SpanOut(BaseModel):
    text: str
    hit: bool


class HitOut(BaseModel):
    id: str
    title: str | None
    published: str | None
    kind: str
    title_spans: list[SpanOut]
    snippet: list[SpanOut]


class FacetOut(BaseModel):
    value: str
    label: str
    count: int


class SearchOut(BaseModel):
    query: str
    total: int
    total_exact: bool = Field(description="False: more items match than were counted; `total` is a lower bound")
    limit: int
    offset: int
    order: str = Field(description="relevance, or newest (an empty query, or one matching very many items)")
    results: list[HitOut]
    facets: dict[str, list[FacetOut]]
    facets_approximate: list[str] = Field(
        description="Facets whose counts are taken over a sample of the matches (a query matching very many items)")
    facets_sample: int | None = Field(description="How many matches that sample holds (null: every count is exact)")


class RunOut(BaseModel):
    id: int
    started_at: str
    finished_at: str | None
    status: str
    inputs: list[Any]
    counts: dict[str, Any]
    errors: list[Any]


class EndOut(BaseModel):
    date: str | None
    how: str = Field(description="stated (a page says so), witnessed (first/last page), successor, open")


class StintEvidenceOut(BaseModel):
    page: str | None
    item: str
    sentence: str
    date: str | None


class StintOut(BaseModel):
    """A holder's interval in an office's timeline."""

    person: Ref
    office: str
    organization: Ref | None
    acting: bool
    start: EndOut
    end: EndOut
    first_seen: str | None
    last_seen: str | None
    conflict: str | None
    evidence: list[StintEvidenceOut]


class WhoOut(BaseModel):
    office: str
    org: str | None
    on: str
    holders: list[TenureOut]
    stints: list[StintOut] = Field(default=[], description="Each holder's interval (same order as holders)")


class TimelineOut(BaseModel):
    office: str
    organization: Ref | None
    single_seat: bool
    holders: list[StintOut]


class OfficesOut(BaseModel):
    office: str | None
    org: str | None
    timelines: list[TimelineOut]


class ContradictionOut(BaseModel):
    kind: str = Field(description="two holders (a single-seat office) or two offices (one person)")
    office: str
    organization: str | None
    other_office: str | None
    people: list[Ref]
    on: str | None
    note: str
    evidence: list[StintEvidenceOut]


class GraphNode(BaseModel):
    id: str
    name: str
    events: int


class GraphEdge(BaseModel):
    source: str
    target: str
    weight: int


class GraphOut(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class IngestOut(BaseModel):
    pages_read: int
    pages_unchanged: int
    items_new: int
    duplicates_merged: int
    errors: int
    error_lines: list[str]
