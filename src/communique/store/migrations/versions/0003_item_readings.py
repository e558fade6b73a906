"""Each item's reading kept between runs (extract.readings), so a run reads only new or changed items.

item_readings: item id, the key the reading is good for (the extractor's fingerprint and the
item's fields, hashed) and the reading (zlib-compressed JSON). Derived data, like the knowledge:
`communique extract` replaces all of it.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_readings",
        sa.Column("item_id", sa.String(24), primary_key=True),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("item_readings")
