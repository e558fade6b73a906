"""The initial store: runs, pages, items and their sources, and the derived knowledge.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
    )
    op.create_table(
        "pages",
        sa.Column("uri", sa.Text, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("fetched_at", sa.String(32)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("contact", sa.Text),
    )
    op.create_table(
        "item_sources",
        sa.Column("item_id", sa.String(24), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("uri", sa.Text, primary_key=True),
        sa.Column("offset", sa.Integer, primary_key=True),
        sa.Column("how", sa.String(24), nullable=False),
        sa.Column("similarity", sa.Float),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
    )
    op.create_table(
        "item_aliases",
        sa.Column("old_id", sa.String(24), primary_key=True),
        sa.Column("item_id", sa.String(24), sa.ForeignKey("items.id"), nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("parent", sa.String(24)),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("place", sa.String(24)),
        sa.Column("participants", sa.JSON, nullable=False),
        sa.Column("organizations", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(24), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("linked", sa.String(24)),
    )
    op.create_table(
        "tenures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.String(24), nullable=False),
        sa.Column("office", sa.Text, nullable=False),
        sa.Column("organization", sa.String(24)),
        sa.Column("start", sa.String(10)),
        sa.Column("end", sa.String(10)),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("conflict", sa.Text),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("body", sa.String(24)),
        sa.Column("date", sa.String(10)),
        sa.Column("item_id", sa.String(24), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_index("ix_item_sources_uri", "item_sources", ["uri"])
    op.create_index("ix_events_date", "events", ["date"])


def downgrade() -> None:
    for table in ("documents", "tenures", "events", "entities", "item_aliases", "item_sources", "items", "pages", "runs"):
        op.drop_table(table)
