"""The address of a store (a SQLite path or a database URL): how it may be shown, in messages,
log lines and tables, never with its password; and whether a store is there.

    masked("postgresql://bob:s3cret@host/db") == "postgresql://bob:***@host/db"
    redact(text, db)  -> text with db's password (in any spelling of it) replaced by ***
    exists(db)        -> is there a store at db? (asks without creating one)
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from communique.errors import StoreError

MASK = "***"

__all__ = ["MASK", "masked", "redact", "exists"]


def _query_passwords(query: str) -> list[str]:
    return [value for key, _, value in (pair.partition("=") for pair in query.split("&")) if key == "password"]


def masked(db: str) -> str:
    """The URL with the password of its user part (and a libpq `password=` query parameter)
    masked; a plain path as it is. urlsplit takes the URL apart; it is put together again here
    by hand so that everything but the password reads exactly as the user wrote it (SQLAlchemy's
    render_as_string re-spells the URL and percent-encodes a masked query value)."""
    if "://" not in db:
        return db
    try:
        parts = urlsplit(db)
    except ValueError:  # unparsable (a bad IPv6 host): mask whatever stands between user: and @
        return re.sub(r"(://[^/@:]*:)[^/@]*@", rf"\1{MASK}@", db)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = parts.netloc
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{hostport}"
    query = parts.query
    if _query_passwords(query):
        query = "&".join(f"password={MASK}" if pair.partition("=")[0] == "password" else pair for pair in query.split("&"))
    if (netloc, query) == (parts.netloc, parts.query):
        return db
    return parts._replace(netloc=netloc, query=query).geturl()


def redact(text: str, db: str) -> str:
    """`text` (an error's message, say) with the URL shown masked and its password, raw or
    percent-decoded, replaced wherever a driver may have repeated it."""
    if "://" not in db:
        return text
    text = text.replace(db, masked(db))
    try:
        parts = urlsplit(db)
    except ValueError:  # unparsable: the password is what masked() hides
        found = re.search(r"://[^/@:]*:([^/@]+)@", db)
        return text.replace(found.group(1), MASK) if found else text
    userinfo, at, _ = parts.netloc.rpartition("@")
    secrets = _query_passwords(parts.query)
    if at and ":" in userinfo:
        secrets.append(userinfo.split(":", 1)[1])
    for secret in sorted({s for raw in secrets for s in (raw, unquote(raw)) if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def exists(db: str) -> bool:
    """Is there a store at `db`? Opening a Store creates a missing SQLite file and migrates an
    empty database, so a command that only reads asks this first. A SQLite store is its file; a
    server's database is a store once migrated (it has Alembic's version table)."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url

    from communique.store import database_url

    url = database_url(db)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            return bool(parsed.database) and parsed.database != ":memory:" and Path(parsed.database).is_file()
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                return inspect(conn).has_table("alembic_version")
        finally:
            engine.dispose()
    except Exception as exc:  # bad URL, missing driver, server unreachable
        raise StoreError(f"cannot open database {masked(db)!r}: {redact(str(exc).splitlines()[0], db)}") from exc
