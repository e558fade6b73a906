"""Tables (SQLAlchemy Core). They mirror the records of model.py: facts reference items,
items reference pages through item_sources, so every fact can be traced to where it was read.
The migrations under migrations/versions create exactly these tables."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("status", String(16), nullable=False),  # running | ok | partial | failed | killed
    Column("inputs", JSON, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
)

pages = Table(
    "pages", metadata,
    Column("uri", Text, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("fetched_at", String(32)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("text", Text, nullable=False),
)

items = Table(
    "items", metadata,
    Column("id", String(24), primary_key=True),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("published", String(10)),
    Column("kind", String(16), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("signature", LargeBinary, nullable=False),
    Column("contact", Text),
)

item_sources = Table(
    "item_sources", metadata,
    Column("item_id", String(24), ForeignKey("items.id"), primary_key=True),
    Column("uri", Text, primary_key=True),
    Column("offset", Integer, primary_key=True),
    Column("how", String(24), nullable=False),  # first | exact | near | teaser | article-of-teaser
    Column("similarity", Float),
    Column("run_id", Integer, ForeignKey("runs.id")),
)

# An item absorbed into another (a teaser whose full article arrived later) keeps its id here.
item_aliases = Table(
    "item_aliases", metadata,
    Column("old_id", String(24), primary_key=True),
    Column("item_id", String(24), ForeignKey("items.id"), nullable=False),
)

# Knowledge derived from the items; `communique extract` replaces these and nothing else.
entities = Table(
    "entities", metadata,
    Column("id", String(24), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("parent", String(24)),
)

events = Table(
    "events", metadata,
    Column("id", String(24), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("date", String(10)),
    Column("date_end", String(10)),
    Column("place", String(24)),
    Column("participants", JSON, nullable=False),
    Column("organizations", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("item_id", String(24), ForeignKey("items.id"), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("linked", String(24)),
)

tenures = Table(
    "tenures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(24), nullable=False),
    Column("office", Text, nullable=False),
    Column("organization", String(24)),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("evidence", JSON, nullable=False),
    Column("conflict", Text),
)

documents = Table(
    "documents", metadata,
    Column("id", String(24), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("body", String(24)),
    Column("date", String(10)),
    Column("item_id", String(24), ForeignKey("items.id"), nullable=False),
    Column("evidence", Text, nullable=False),
)

# Each item's reading (extract.readings), kept so that the next run reads only new or changed
# items; derived like the knowledge (no foreign key: the reading of a teaser absorbed into its
# article is dropped when the next readings are kept).
item_readings = Table(
    "item_readings", metadata,
    Column("item_id", String(24), primary_key=True),
    Column("key", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),  # zlib-compressed JSON
)
