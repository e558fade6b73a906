"""The store: a SQLite file by default, PostgreSQL when given a postgresql:// URL.

The only stage that writes. Every page is committed in its own transaction together with
its items and sources, so a crash loses at most the page being written and the next run
picks up where it stopped (pages already stored in the same version are skipped).
The schema is created and upgraded by Alembic migrations when the store is opened.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import (
    JSON,
    Engine,
    Text,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InternalError, OperationalError

from communique.errors import StoreError
from communique.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Item,
    Knowledge,
    Page,
    PartialDate,
    RunCounts,
    Source,
    Tenure,
)
from communique.store import schema as t
from communique.store.address import masked, redact

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD_REVISION = "0003"  # the newest migration's revision (a test holds it to Alembic's own reading)
_LOCK_KEY = 0x636F6D6D  # "comm": the advisory lock id of the writer
_MIGRATE_KEY = _LOCK_KEY + 1
_MIGRATING = threading.Lock()


def database_url(db: str) -> str:
    """A path becomes a SQLite URL; postgresql:// URLs get the psycopg 3 driver; any other
    scheme is refused in one line (mysql:// had said "No module named 'MySQLdb'", http://
    "Can't load plugin")."""
    if db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        try:
            urlsplit(db).port  # noqa: B018 (parsed for its errors: SQLAlchemy's own say "invalid literal for int()")
        except ValueError as exc:
            raise StoreError(f"malformed database address {masked(db)!r}: {exc}") from exc
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith("sqlite://"):
        return db
    if "://" in db:
        raise StoreError(f"unsupported database address {masked(db)!r}: give a SQLite file path "
                         "or a postgresql://user@host/dbname URL")
    return f"sqlite:///{Path(db).expanduser()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(d: PartialDate | None) -> str | None:
    return d.iso() if d else None


class PageStates(dict):
    """uri -> (sha256, etag, last_modified) of stored pages: a KnownPages for the sources."""

    def page_state(self, uri: str) -> tuple[str | None, str | None, str | None] | None:
        return self.get(uri)


@dataclass
class PageWrite:
    """What one page adds to the store: the page, its new items (with their MinHash signatures),
    merges of its items into stored ones (stored id, item, how, similarity) and absorbed
    teasers (teaser id, article id)."""

    page: Page
    new: list[tuple[Item, bytes]] = field(default_factory=list)
    merges: list[tuple[str, Item, str, float]] = field(default_factory=list)
    absorbed: list[tuple[str, str]] = field(default_factory=list)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # a second writer waits for the lock, then goes on
    _wal(cur)  # readers see a consistent snapshot during an ingest
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _wal(cur: Any, tries: int = 600) -> None:
    """Put the database in WAL mode (it stays so, in the file). Fix: switching needs an exclusive
    lock, and SQLite answers "database is locked" at once there, without its busy handler, when
    another process holds any lock: two processes opening one new store together (two ingests
    queued on the writer lock) failed about one time in five. Already WAL: nothing to do;
    locked: try again shortly, for up to half a minute."""
    for _ in range(tries):
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA journal_mode=WAL")  # the last try raises what SQLite says


class Store:
    def __init__(self, db: str):
        self.db = db
        self.url = database_url(db)
        try:
            self.engine: Engine = create_engine(self.url)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open database {masked(db)!r}: {redact(str(exc), db)}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            if not self._at_head():
                with _MIGRATING, self._lock("migrate", _MIGRATE_KEY):
                    self._migrate()
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open database {masked(db)!r}: {redact(str(exc).splitlines()[0], db)}") from exc

    def _at_head(self) -> bool:
        """Is the database at HEAD_REVISION? Read with one query: Alembic itself (its import and
        its reading of the migration scripts, half a second) is needed only to migrate."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return False
            return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars()) == [HEAD_REVISION]

    def _migrate(self) -> None:
        # Alembic's `context` is process-global: _MIGRATING serializes threads, the lock
        # serializes processes opening a new store at the same moment.
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "sqlite":
                # Fix: one real transaction for the whole upgrade. Python's sqlite3 driver
                # runs DDL outside any transaction, so a process killed while creating a new
                # store left some tables and no alembic_version, and every later open failed
                # ("table runs already exists"). SQLite's DDL is transactional once BEGIN is
                # explicit; the commit at the end of this block ends it.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def _snapshot(self) -> Iterator[Any]:
        """A connection whose queries all read one committed state of the database.

        Fix: items() reads the items, then their sources, and stats() counts table after
        table. The sqlite3 driver runs each SELECT in a transaction of its own and
        PostgreSQL's READ COMMITTED gives each statement a new snapshot, so a reader during
        an ingest saw a teaser, then not its sources (moved onto its article in between):
        an item without sources. An explicit read transaction (SQLite WAL) or REPEATABLE
        READ (PostgreSQL) gives all the queries one snapshot; neither blocks the writer."""
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")  # ended by the rollback when the connection closes
            else:
                conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """One write transaction; a database that refuses the write (a read-only file or
        transaction, a full disk, a lost server) becomes one StoreError line instead of a
        traceback. The transaction is rolled back, so nothing stored before is touched."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except (OperationalError, InternalError) as exc:
            reason = redact(str(exc.orig or exc).strip().splitlines()[0], self.db)
            raise StoreError(f"cannot write to database {masked(self.db)!r}: {reason}") from exc

    def writer_lock(self):
        """One ingest at a time per store: a second one waits its turn (a queue, not an error).

        SQLite: an exclusive flock on a file beside the database; PostgreSQL: a session
        advisory lock. Readers are never blocked (SQLite WAL, PostgreSQL MVCC)."""
        return self._lock("lock", _LOCK_KEY)

    @contextmanager
    def _lock(self, suffix: str, key: int) -> Iterator[None]:
        if self.engine.dialect.name == "sqlite":
            path = self.engine.url.database
            if not path or path == ":memory:":
                yield
                return
            try:
                fh = open(f"{path}.{suffix}", "a+")  # closed by the with below
            except OSError as exc:  # a read-only folder, a full disk: one line, not a traceback
                raise StoreError(f"cannot lock database {masked(self.db)!r}: {exc.strerror}: {exc.filename}") from exc
            with fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
        else:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()

    # --- pages -----------------------------------------------------------------------------

    def page_state(self, uri: str) -> tuple[str | None, str | None, str | None] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.pages.c.sha256, t.pages.c.etag, t.pages.c.last_modified).where(t.pages.c.uri == uri)
            ).first()
        return tuple(row) if row else None  # type: ignore[return-value]

    def page_states(self) -> PageStates:
        """Every stored page's state, read in one query (a look-up per page read was a tenth
        of an ingest's time)."""
        with self.engine.connect() as conn:
            q = select(t.pages.c.uri, t.pages.c.sha256, t.pages.c.etag, t.pages.c.last_modified)
            return PageStates({r[0]: (r[1], r[2], r[3]) for r in conn.execute(q)})

    # --- runs ------------------------------------------------------------------------------

    def begin_run(self, inputs: list[str]) -> int:
        """A new run. Called under the writer lock (one ingest at a time), so a run still marked
        running then was killed (kill -9, power loss) before it could record how it ended: it is
        marked `killed` (it stayed `running` forever)."""
        with self._writing() as conn:
            conn.execute(update(t.runs).where(t.runs.c.status == "running").values(status="killed"))
            result = conn.execute(
                insert(t.runs).values(started_at=_now(), status="running", inputs=inputs, counts={}, errors=[])
            )
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, counts: RunCounts, status: str, extracted: bool = False) -> None:
        """extracted: the run rebuilt the knowledge (kept in counts; see knowledge_stale)."""
        figures: dict[str, Any] = {k: v for k, v in vars(counts).items() if k != "error_lines"}
        if extracted:
            figures["extracted"] = True
        with self._writing() as conn:
            conn.execute(
                update(t.runs).where(t.runs.c.id == run_id).values(
                    finished_at=_now(), status=status, counts=figures, errors=counts.error_lines
                )
            )

    def knowledge_stale(self) -> bool:
        """Were pages stored after the last run that rebuilt the knowledge (finish_run(extracted=True))?

        True after a run killed before the end of its extraction, after --no-extract runs,
        and for a store that has pages but no run that extracted."""
        with self._snapshot() as conn:
            last_page_run = conn.execute(select(func.max(t.pages.c.run_id))).scalar()
            if last_page_run is None:
                return False
            extracted = [r.id for r in conn.execute(select(t.runs.c.id, t.runs.c.counts))
                         if (_json(r.counts) or {}).get("extracted")]
        return not extracted or last_page_run > max(extracted)

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t.runs).order_by(t.runs.c.id))]

    # --- items -----------------------------------------------------------------------------

    def signatures(self) -> Iterator[tuple[str, str | None, str, bytes]]:
        """(id, title, text, signature) of every stored item, to rebuild the dedup index."""
        with self.engine.connect() as conn:
            q = select(t.items.c.id, t.items.c.title, t.items.c.text, t.items.c.signature).order_by(t.items.c.id)
            for row in conn.execute(q):
                yield row[0], row[1], row[2], bytes(row[3])

    def save_page(
        self,
        page: Page,
        run_id: int,
        new_items: list[tuple[Item, bytes]],
        merges: list[tuple[str, Item, str, float]],
        absorbed: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        """One page in one transaction (see save_pages)."""
        self.save_pages([PageWrite(page, new_items, merges, list(absorbed))], run_id)

    def save_pages(self, writes: list[PageWrite], run_id: int) -> None:
        """One transaction for a batch of pages, written in order: each page, its new items, the
        sources of merged duplicates. Rows go in with one executemany per table and page (a
        statement per row was the ingest's largest cost); a crash loses the whole batch and
        nothing else, and the next run reads those pages again.

        merges: (stored item id, incoming item, how, similarity); the incoming item's
        published date and title fill the stored item's when it has none.
        absorbed: (teaser id, article id): the teaser's sources move onto the article."""
        with self._writing() as conn:
            for w in writes:
                self._write_page(conn, w, run_id)

    def _write_page(self, conn: Any, w: PageWrite, run_id: int) -> None:
        page = w.page
        stmts = _statements(conn.dialect.name)
        conn.execute(stmts.delete_page, {"page_uri": page.uri})
        conn.execute(stmts.insert_page, {
            "uri": page.uri, "sha256": page.sha256, "content_type": page.content_type, "fetched_at": page.fetched_at,
            "etag": page.etag, "last_modified": page.last_modified, "run_id": run_id, "text": page.text,
        })
        if w.new:
            conn.execute(stmts.insert_items, [
                {"id": item.id, "title": item.title, "text": item.text, "published": _iso(item.published),
                 "kind": item.kind, "run_id": run_id, "signature": sig, "contact": item.contact}
                for item, sig in w.new
            ])
        sources = [(item.id, src, "first", 1.0) for item, _sig in w.new for src in item.sources]
        sources += [(stored_id, src, how, sim) for stored_id, incoming, how, sim in w.merges for src in incoming.sources]
        self._add_sources(conn, sources, run_id)
        if w.merges:
            self._fill_merged(conn, w.merges)
        for teaser_id, article_id in w.absorbed:
            self._absorb(conn, teaser_id, article_id)

    @staticmethod
    def _fill_merged(conn: Any, merges: list[tuple[str, Item, str, float]]) -> None:
        """A stored item without a title or contact takes the first duplicate's that has one; its
        date is the earliest any of its copies prints (at no coarser precision). Fix (outside
        probe): the first copy read kept its date, so a feed's later pubDate, read before the
        article page, silently moved the item's date, and the end of a tenure witnessed by it,
        depending on the order the pages were read in."""
        ids = sorted({stored_id for stored_id, *_ in merges})
        q = select(t.items.c.id, t.items.c.published, t.items.c.title, t.items.c.contact).where(t.items.c.id.in_(ids))
        rows = {r[0]: [r[1], r[2], r[3]] for r in conn.execute(q)}
        for stored_id, incoming, _how, _sim in merges:
            row = rows.get(stored_id)
            if row is None:
                continue
            fill: dict[str, Any] = {}
            if _earlier(incoming.published, row[0]):
                fill["published"] = row[0] = _iso(incoming.published)
            if row[1] is None and incoming.title:
                fill["title"] = row[1] = incoming.title
            if row[2] is None and incoming.contact:
                fill["contact"] = row[2] = incoming.contact
            if fill:
                conn.execute(update(t.items).where(t.items.c.id == stored_id).values(**fill))

    @staticmethod
    def _add_sources(conn: Any, sources: list[tuple[str, Source, str, float]], run_id: int) -> None:
        """Record sources once: a repeat of (item, uri, offset) is ignored by the database itself
        (one statement instead of a look-up and an insert on the ingest's hot path)."""
        if not sources:
            return
        conn.execute(_statements(conn.dialect.name).add_sources, [
            {"item_id": item_id, "uri": src.uri, "offset": src.offset, "how": how, "similarity": sim, "run_id": run_id}
            for item_id, src, how, sim in sources
        ])

    @staticmethod
    def _absorb(conn: Any, teaser_id: str, article_id: str) -> None:
        """Move a teaser's sources onto its article (each keeps the run that first read it); the
        article takes the teaser's date when it has none; the teaser id stays as an alias."""
        for stmt in _statements(conn.dialect.name).absorb:
            conn.execute(stmt, {"teaser": teaser_id, "article": article_id})

    def items(self, ids: list[str] | None = None) -> list[Item]:
        """Stored items with all their sources, ordered by id."""
        with self._snapshot() as conn:
            q = select(t.items.c.id, t.items.c.title, t.items.c.text, t.items.c.published, t.items.c.kind,
                       t.items.c.contact)
            if ids is not None:
                q = q.where(t.items.c.id.in_(ids))
            rows = conn.execute(q.order_by(t.items.c.id)).fetchall()
            sources: dict[str, list[Source]] = {}
            sq = select(t.item_sources.c.item_id, t.item_sources.c.uri, t.item_sources.c.offset).order_by(
                t.item_sources.c.item_id, t.item_sources.c.uri, t.item_sources.c.offset
            )
            if ids is not None:  # a few items asked for (the evidence of an answer): their sources only
                sq = sq.where(t.item_sources.c.item_id.in_(ids))
            for item_id, uri, offset in conn.execute(sq):
                sources.setdefault(item_id, []).append(Source(uri, offset))
        return [
            Item(id=r[0], title=r[1], text=r[2], published=PartialDate.parse_iso(r[3]),
                 sources=tuple(sources.get(r[0], ())), kind=r[4], contact=r[5])
            for r in rows
        ]

    def resolve_item_id(self, item_id: str) -> str:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.item_aliases.c.item_id).where(t.item_aliases.c.old_id == item_id)).first()
        return row[0] if row else item_id

    def stats(self) -> dict[str, int]:
        with self._snapshot() as conn:
            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            return {
                "pages": count(t.pages), "items": count(t.items), "sources": count(t.item_sources),
                "runs": count(t.runs), "entities": count(t.entities), "events": count(t.events),
                "roles": count(t.tenures), "documents": count(t.documents),
            }

    # --- kept readings -----------------------------------------------------------------------

    def kept_readings(self) -> dict[str, tuple[str, bytes]]:
        """item id -> (key, data) of every item's kept reading (extract.readings)."""
        with self.engine.connect() as conn:
            q = select(t.item_readings.c.item_id, t.item_readings.c.key, t.item_readings.c.data)
            return {r[0]: (r[1], bytes(r[2])) for r in conn.execute(q)}

    def keep_readings(self, readings: dict[str, tuple[str, bytes]], all_readings: bool = False) -> None:
        """Keep these readings (item id -> (key, data)) in place of the items' former ones, in one
        transaction; all_readings: they are all there are (a full rebuild), else the readings of
        items no longer stored (teasers absorbed into their articles) are dropped. A reading is
        used only while its key matches its item, so these need no transaction with the knowledge."""
        r = t.item_readings
        with self._writing() as conn:
            if all_readings:
                conn.execute(delete(r))
            else:
                conn.execute(delete(r).where(r.c.item_id.not_in(select(t.items.c.id))))
                if readings:
                    conn.execute(delete(r).where(r.c.item_id == bindparam("gone")), [{"gone": i} for i in readings])
            if readings:
                conn.execute(insert(r), [{"item_id": i, "key": k, "data": d} for i, (k, d) in readings.items()])

    # --- knowledge ---------------------------------------------------------------------------

    def replace_knowledge(self, k: Knowledge) -> None:
        """Replace everything derived from the items (and nothing else) in one transaction."""
        with self._writing() as conn:
            for table in (t.documents, t.events, t.tenures, t.entities):
                conn.execute(delete(table))
            if k.entities:
                conn.execute(insert(t.entities), [
                    {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases),
                     "reasons": list(e.reasons), "parent": e.parent} for e in k.entities])
            if k.events:
                conn.execute(insert(t.events), [
                    {"id": v.id, "type": v.type, "date": _iso(v.date), "date_end": _iso(v.date_end),
                     "place": v.place, "participants": list(v.participants), "organizations": list(v.organizations),
                     "status": v.status, "item_id": v.item_id, "evidence": v.evidence, "linked": v.linked}
                    for v in k.events])
            if k.tenures:
                conn.execute(insert(t.tenures), [
                    {"person": r.person, "office": r.office, "organization": r.organization,
                     "start": _iso(r.start), "end": _iso(r.end), "conflict": r.conflict,
                     "evidence": [{"item": e.item_id, "text": e.text, "date": _iso(e.date)} for e in r.evidence]}
                    for r in k.tenures])
            if k.documents:
                conn.execute(insert(t.documents), [
                    {"id": d.id, "title": d.title, "kind": d.kind, "body": d.body, "date": _iso(d.date),
                     "item_id": d.item_id, "evidence": d.evidence} for d in k.documents])

    def knowledge(self) -> Knowledge:
        pd = PartialDate.parse_iso
        with self._snapshot() as conn:
            ents = tuple(
                Entity(r.id, r.type, r.name, tuple(_json(r.aliases)), tuple(_json(r.reasons)), r.parent)
                for r in conn.execute(select(t.entities).order_by(t.entities.c.id))
            )
            evs = tuple(
                Event(r.id, r.type, pd(r.date), pd(r.date_end), r.place, tuple(_json(r.participants)),
                      tuple(_json(r.organizations)), r.status, r.item_id, r.evidence, r.linked)
                for r in conn.execute(select(t.events).order_by(t.events.c.id))
            )
            tens = tuple(
                Tenure(r.person, r.office, r.organization, pd(r.start), pd(r.end),
                       tuple(Evidence(e["item"], e["text"], pd(e.get("date"))) for e in _json(r.evidence)), r.conflict)
                for r in conn.execute(select(t.tenures).order_by(t.tenures.c.id))
            )
            docs = tuple(
                Document(r.id, r.title, r.kind, r.body, pd(r.date), r.item_id, r.evidence)
                for r in conn.execute(select(t.documents).order_by(t.documents.c.id))
            )
        return Knowledge(ents, evs, tens, docs)


def _earlier(date: PartialDate | None, stored: str | None) -> bool:
    """Does `date` date an item better than its stored ISO date: there is none, or `date` is
    earlier and at least as precise ("2019" never replaces "2019-03-05")."""
    if date is None:
        return False
    if stored is None:
        return True
    known = PartialDate.parse_iso(stored)
    return known is None or (len(date.iso()) >= len(stored) and date < known)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class _Writes:
    """The statements the ingest runs for every page and teaser, built once per dialect: a
    statement built per call cost more than its execution (SQLAlchemy constructs and keys it
    each time), and the ingest's store writes are its main process's largest cost."""

    delete_page: Any
    insert_page: Any
    insert_items: Any
    add_sources: Any  # a repeat of (item, uri, offset) is ignored
    absorb: tuple[Any, ...]


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Writes:
    src = t.item_sources
    teaser_item = t.items.alias("teaser_item")
    dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    moved = select(bindparam("article", type_=t.items.c.id.type), src.c.uri, src.c.offset, literal("teaser"),
                   func.coalesce(func.nullif(src.c.similarity, 0), 1.0), src.c.run_id)
    return _Writes(
        delete_page=delete(t.pages).where(t.pages.c.uri == bindparam("page_uri")),
        insert_page=insert(t.pages),
        insert_items=insert(t.items),
        add_sources=dialect_insert(src).on_conflict_do_nothing(),
        absorb=(
            dialect_insert(src).from_select(["item_id", "uri", "offset", "how", "similarity", "run_id"],
                                            moved.where(src.c.item_id == bindparam("teaser"))).on_conflict_do_nothing(),
            # the article takes the teaser's date as _fill_merged would (none, or earlier and as precise)
            update(t.items).where(t.items.c.id == bindparam("article"), or_(
                t.items.c.published.is_(None),
                select(teaser_item.c.id).where(
                    teaser_item.c.id == bindparam("teaser"), teaser_item.c.published < t.items.c.published,
                    func.length(teaser_item.c.published) >= func.length(t.items.c.published)).exists(),
            )).values(
                published=func.coalesce(
                    select(teaser_item.c.published).where(teaser_item.c.id == bindparam("teaser")).scalar_subquery(),
                    t.items.c.published)),
            # Fix (outside probe): everything that points at the teaser follows it onto the article
            # before the teaser row goes, or the foreign keys refused the delete on every retry and
            # the article could never be stored: knowledge read from the teaser in an earlier run,
            # and ids absorbed into the teaser before (an alias chain).
            *_repoint(dialect),
            delete(src).where(src.c.item_id == bindparam("teaser")),
            delete(t.items).where(t.items.c.id == bindparam("teaser")),
            # an id absorbed once, stored again (its page changed) and absorbed again: the newest wins
            dialect_insert(t.item_aliases).values(old_id=bindparam("teaser"), item_id=bindparam("article"))
            .on_conflict_do_update(index_elements=["old_id"], set_={"item_id": bindparam("article")}),
        ),
    )


def _repoint(dialect: str) -> tuple[Any, ...]:
    """Statements that move the references to an absorbed teaser onto its article: the rows of
    events and documents read from it, the item ids in tenures' evidence, and aliases."""
    teaser, article = bindparam("teaser", type_=Text), bindparam("article", type_=Text)
    # Tenure evidence is a JSON list of {"item": id, ...}; ids are fixed-form hashes, so the quoted
    # id is replaced as text (SQLite keeps JSON as text; PostgreSQL's json is cast there and back).
    quoted_t, quoted_a = literal('"') + teaser + literal('"'), literal('"') + article + literal('"')
    evidence = cast(t.tenures.c.evidence, Text)
    moved = func.replace(evidence, quoted_t, quoted_a)
    return (
        update(t.events).where(t.events.c.item_id == teaser).values(item_id=article),
        update(t.documents).where(t.documents.c.item_id == teaser).values(item_id=article),
        update(t.tenures).where(evidence.contains(quoted_t)).values(
            evidence=moved if dialect == "sqlite" else cast(moved, JSON)),
        update(t.item_aliases).where(t.item_aliases.c.item_id == teaser).values(item_id=article),
    )
