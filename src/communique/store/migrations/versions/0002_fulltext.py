"""Full-text search over items (title + text), kept in sync by the database itself.

SQLite: an FTS5 external-content table `items_fts` (content="items", the rowid of `items`)
with AFTER INSERT/UPDATE/DELETE triggers on `items`; the standard naming lets Datasette
detect it. Existing rows are indexed by a 'rebuild'. The index follows the rowid of
`items`: after a VACUUM (which may renumber the rowids of a table without an INTEGER
PRIMARY KEY) run `communique.store.search.rebuild_index(store)`.

PostgreSQL: a stored generated tsvector column `items.search` (title weighted A, text B,
configuration 'english') with a GIN index; the database computes it on every write.

Also indexes events/documents by item, which the item and search pages look up.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE items_fts USING fts5(
        title, text, content="items", content_rowid="rowid",
        tokenize="porter unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO items_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    "INSERT INTO items_fts(items_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS items_fts_au",
    "DROP TRIGGER IF EXISTS items_fts_ad",
    "DROP TRIGGER IF EXISTS items_fts_ai",
    "DROP TABLE IF EXISTS items_fts",
]

PG_UP = [
    """ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')) STORED""",
    "CREATE INDEX ix_items_search ON items USING gin (search)",
]

PG_DOWN = [
    "DROP INDEX IF EXISTS ix_items_search",
    "ALTER TABLE items DROP COLUMN IF EXISTS search",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in SQLITE_UP if dialect == "sqlite" else PG_UP if dialect == "postgresql" else []:
        op.execute(sql)
    op.create_index("ix_events_item_id", "events", ["item_id"])
    op.create_index("ix_documents_item_id", "documents", ["item_id"])
    op.create_index("ix_items_published", "items", ["published"])


def downgrade() -> None:
    op.drop_index("ix_items_published", "items")
    op.drop_index("ix_documents_item_id", "documents")
    op.drop_index("ix_events_item_id", "events")
    dialect = op.get_bind().dialect.name
    for sql in SQLITE_DOWN if dialect == "sqlite" else PG_DOWN if dialect == "postgresql" else []:
        op.execute(sql)
