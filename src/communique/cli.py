"""The command line: thin wrappers that parse options, call one library function and map errors.

Exit codes: 0 ok, 1 some inputs failed (listed) or an error, 2 usage error (a reading command
given a store that does not exist is one: it is refused before anything is created).

A database URL is shown with its password masked everywhere (`store.address.masked`).
"""

from __future__ import annotations

import time
from enum import StrEnum
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from communique.errors import CommuniqueError
from communique.model import Knowledge, PartialDate
from communique.parallel import default_workers
from communique.pipeline import Settings, extract, ingest
from communique.sources import SourceOptions
from communique.store import Store
from communique.store.address import exists, masked

app = typer.Typer(
    help="communique: read organizations' news pages into a time-aware knowledge base with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file path, or a postgresql://user@host/db URL.")]
DEFAULT_DB = "communique.db"


def _fail(message: str, code: int) -> typer.Exit:
    """One line on stderr (not wrapped at the terminal's width, markup in the message escaped)."""
    err.print(f"[red]Error:[/red] {escape(message)}", soft_wrap=True, highlight=False)
    return typer.Exit(code)


def _open(db: str) -> Store:
    try:
        return Store(db)
    except CommuniqueError as exc:
        raise _fail(str(exc), 1) from exc


def _require_store(db: str) -> None:
    """A command that reads refuses a store that does not exist (exit 2): opening it would create
    it empty, to answer "nothing found"."""
    try:
        there = exists(db)
    except CommuniqueError as exc:
        raise _fail(str(exc), 1) from exc
    if not there:
        shown = masked(db)
        raise _fail(f"no store at {shown} (run `communique ingest --db {shown} PAGES` first)", 2)


def _open_existing(db: str) -> Store:
    _require_store(db)
    return _open(db)


class _Reading:
    """A store for a command that only reads: its knowledge read once, though the query and the
    names printed beside its answer both ask for it (each read is every entity, event and tenure)."""

    def __init__(self, store: Store):
        self._store = store
        self._k: Knowledge | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def knowledge(self) -> Knowledge:
        if self._k is None:
            self._k = self._store.knowledge()
        return self._k


def _open_reading(db: str) -> Store:
    return cast(Store, _Reading(_open_existing(db)))  # answers what a Store answers


def _version(value: bool) -> None:
    if value:
        console.print(f"communique {package_version('communique')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.",
    )] = False,
) -> None:
    pass


class _PageRate:
    """Progress over pages as they arrive (the total is unknown for crawls and directories)."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = progress.add_task("ingest", total=None, rate="")
        self.started = time.monotonic()
        self.n = 0

    def __call__(self, uri: str, what: str) -> None:
        self.n += 1
        rate = self.n / max(time.monotonic() - self.started, 1e-6)
        self.progress.update(self.task, advance=1, rate=f"{rate:.1f} pages/s", description=uri.rsplit("/", 1)[-1][:40])


WorkersOption = Annotated[int, typer.Option(min=0, help="Processes for segmentation and extraction (0: one per core).")]


class Engine(StrEnum):
    local = "local"
    spark = "spark"


@app.command("ingest")
def ingest_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, WARC/feeds, or http(s) URLs.")],
    db: DbOption = DEFAULT_DB,
    dedup_threshold: Annotated[float, typer.Option(min=0.05, max=1.0, help="MinHash Jaccard for near-duplicates.")] = 0.8,
    profile: Annotated[str | None, typer.Option(help="Organization profile name or .toml file (default: all built-in).")] = None,
    allow_private: Annotated[bool, typer.Option(help="Let the crawler reach private/loopback addresses.")] = False,
    max_pages: Annotated[int, typer.Option(min=1, help="Most pages fetched per crawl.")] = 1000,
    delay: Annotated[float, typer.Option(min=0.0, help="Seconds between requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds before a request is given up.")] = 20.0,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store items only; run `extract` later.")] = False,
    engine: Annotated[Engine, typer.Option(help="local: one process; spark: PySpark (pip install 'communique[spark]').")] = Engine.local,
    master: Annotated[str, typer.Option(help="Spark master URL, with --engine spark.")] = "local[2]",
    workers: WorkersOption = 0,
    commit_pages: Annotated[int, typer.Option(min=1, help="Pages per store transaction (a crash loses at most these).")] = 64,
) -> None:
    """Read pages into the store: every distinct news item once, with every place it was read."""
    store = _open(db)
    settings = Settings(
        dedup_threshold=dedup_threshold, profile=profile, extract=not no_extract,
        sources=SourceOptions(allow_private=allow_private, max_pages=max_pages, delay=delay, timeout=timeout),
        workers=workers or default_workers(), commit_pages=commit_pages,
    )
    started = time.monotonic()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} pages"),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True,
    ) as progress:
        try:
            if engine is Engine.spark:
                from communique.engines.spark import ingest_spark

                counts = ingest_spark(store, inputs, settings, master, _PageRate(progress))
            else:
                counts = ingest(store, inputs, settings, _PageRate(progress))
        except CommuniqueError as exc:
            raise _fail(str(exc), 1) from exc
    elapsed = time.monotonic() - started
    table = Table(title=escape(f"ingest into {masked(db)}"), show_header=False)
    table.add_row("pages read", str(counts.pages_read))
    table.add_row("pages unchanged (skipped)", str(counts.pages_unchanged))
    table.add_row("items new", str(counts.items_new))
    table.add_row("duplicates merged", str(counts.duplicates_merged))
    table.add_row("errors", str(counts.errors))
    table.add_row("pages/s", f"{counts.pages_read / max(elapsed, 1e-6):.1f}")
    console.print(table)
    for line in counts.error_lines:
        err.print(f"[yellow]failed:[/yellow] {escape(line)}", highlight=False)
    store.close()
    if counts.errors:
        raise typer.Exit(1)


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    ics = "ics"
    ftm = "ftm"
    quickstatements = "quickstatements"


@app.command("export")
def export_cmd(
    path: Annotated[Path, typer.Argument(help="Output file (json, jsonl) or directory (csv: one file per section).")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[Format, typer.Option(
        "--format", "-f",
        help="json (communique/1), jsonl, csv, parquet (a table per section), graphml (Gephi), ics, ftm (Aleph).",
    )] = Format.json,
    qids: Annotated[Path | None, typer.Option(
        help="quickstatements: a CSV 'name,qid' mapping people, offices ('Secretary General of CSTO') and organizations to Wikidata ids.",
    )] = None,
) -> None:
    """Write the knowledge base: communique/1 JSON, JSON lines, CSV, Parquet, GraphML, iCalendar, FtM,
    or the tenures as Wikidata QuickStatements."""
    from communique.export import formats
    from communique.export.writers import write_export

    if format is Format.quickstatements and qids is None:
        raise typer.BadParameter("quickstatements needs --qids MAP.csv (header name,qid)", param_hint="--qids")
    store = _open_reading(db)
    try:
        if format is Format.quickstatements:
            _export_quickstatements(store, path, qids)  # type: ignore[arg-type]
            return
        if format.value in ("parquet", "graphml", "ics", "ftm"):
            n = getattr(formats, f"export_{format.value}")(store.items(), store.knowledge(), path)
        else:
            n = write_export(store.items(), store.knowledge(), path, format.value)
    except CommuniqueError as exc:
        raise _fail(str(exc), 1) from exc
    console.print(f"wrote {n} records to {path} ({format.value})")


def _export_quickstatements(store: Store, path: Path, qids: Path) -> None:
    from communique import query
    from communique.export.quickstatements import read_qids, unmapped_path, write_quickstatements

    mapping = read_qids(qids)
    tls = query.office_timelines(store)
    pages = query.evidence_pages(store, (e.item_id for tl in tls for s in tl.holders for e in s.evidence))
    try:
        written, left = write_quickstatements(tls, store.knowledge().entities, pages, mapping, path,
                                              query.page_read_dates(store))
    except OSError as exc:
        raise CommuniqueError(f"{path}: {exc.strerror or exc}") from exc
    console.print(f"wrote {written} statements to {escape(str(path))} (quickstatements)")
    if left:
        err.print(f"{left} tenures not written (unmapped or acting): {escape(str(unmapped_path(path)))}",
                  soft_wrap=True, highlight=False)


@app.command("extract")
def extract_cmd(
    db: DbOption = DEFAULT_DB,
    profile: Annotated[str | None, typer.Option(help="Organization profile name or .toml file.")] = None,
    workers: WorkersOption = 0,
) -> None:
    """Re-run extraction over the stored items (after a profile or model change)."""
    store = _open_existing(db)
    k = extract(store, profile, workers or default_workers())
    console.print(f"{len(k.entities)} entities, {len(k.events)} events, {len(k.tenures)} roles, {len(k.documents)} documents")


@app.command("stats")
def stats_cmd(db: DbOption = DEFAULT_DB) -> None:
    """Counts of what the store holds, and the last runs."""
    store = _open_existing(db)
    table = Table(title=escape(f"communique store {masked(db)}"))
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in store.stats().items():
        table.add_row(k, str(v))
    console.print(table)
    runs = Table(title="runs")
    for col in ("id", "started", "status", "pages", "new items", "merged", "errors"):
        runs.add_column(col)
    for r in store.runs()[-10:]:
        c = r["counts"] or {}
        runs.add_row(str(r["id"]), r["started_at"], r["status"], str(c.get("pages_read", "")),
                     str(c.get("items_new", "")), str(c.get("duplicates_merged", "")), str(c.get("errors", "")))
    console.print(runs)


@app.command("serve")
def serve_cmd(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="COMMUNIQUE_TOKEN", help="Bearer token that allows POST /api/ingest; without it the server is read-only.",
    )] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        help="Another name the server may be reached by (the Host header is checked against --host; '*': any).",
    )] = None,
) -> None:
    """Serve the knowledge: HTTP API under /api/ (docs at /docs), pages, feeds."""
    import uvicorn

    from communique.web import create_app
    from communique.web.app import trusted_hosts

    _require_store(db)
    try:
        web_app = create_app(db, token, allowed_hosts=trusted_hosts(host, allow_host or ()))
    except CommuniqueError as exc:
        raise _fail(str(exc), 1) from exc
    console.print(f"serving {escape(masked(db))} on http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})")
    uvicorn.run(web_app, host=host, port=port, log_level="info")


def _date(value: str | None, flag: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse_iso(value)
    except (ValueError, TypeError):
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param_hint=flag) from None


def _entity_names(store: Store) -> dict[str, str]:
    return {e.id: e.name for e in store.knowledge().entities}


JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")]


def _print_json(data: object) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _seen(s) -> str:
    return f"seen {s.first_seen or '?'}..{s.last_seen or '?'}"


@app.command("who")
def who_cmd(
    office: Annotated[str, typer.Option(help='The office, e.g. "Secretary General".')],
    on: Annotated[str, typer.Option(help="The date: YYYY-MM-DD (or YYYY-MM, YYYY).")],
    org: Annotated[str | None, typer.Option(help="The organization (name or acronym).")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Who held an office on a date (read from the office's whole timeline), with the sentences that say so."""
    from communique import query

    day = _date(on, "--on")
    store = _open_reading(db)
    holders = query.who(store, office, org, day)
    names = _entity_names(store)
    if as_json:
        _print_json({"office": office, "org": org, "on": day.iso() if day else on,
                     "holders": query.stints_json(store, (h.stint for h in holders), names)})
        raise typer.Exit(0 if holders else 1)
    if not holders:
        console.print(f"no holder of {escape(office)!r}{' of ' + escape(org) if org else ''} known on {day}")
        raise typer.Exit(1)
    for h in holders:
        s = h.stint
        org_name = names.get(h.tenure.organization or "", "")
        acting = " (acting)" if s.acting else ""
        console.print(f"[bold]{escape(h.person.name)}[/bold], {escape(s.office)}{acting} {escape(org_name)}: "
                      f"from {escape(str(s.start))} to {escape(str(s.end))}; {_seen(s)}", highlight=False)
        if s.conflict:
            console.print(f"  [red]conflict:[/red] {escape(s.conflict)}")
        for ev in s.evidence[:5]:
            console.print(f"  {ev.date or ''} {escape(f'[{ev.item_id}]')} {escape(ev.text)}", highlight=False)


@app.command("office")
def office_cmd(
    office: Annotated[str, typer.Argument(help='The office, e.g. "Secretary General".')],
    org: Annotated[str | None, typer.Option(help="The organization (name or acronym).")] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """An office's whole timeline: one line per holder (from, to, how each end is known, evidence count)."""
    from communique import query

    store = _open_reading(db)
    tls = query.office_timelines(store, office, org)
    names = _entity_names(store)
    if as_json:
        _print_json(query.timelines_json(store, tls, names))
        raise typer.Exit(0 if tls else 1)
    if not tls:
        console.print(f"no holder of {escape(office)!r}{' of ' + escape(org) if org else ''} known")
        raise typer.Exit(1)
    for tl in tls:
        table = Table(title=escape(f"{tl.office} of {names.get(tl.organization or '', '?')}"
                                   f"{'' if tl.single_seat else ' (several seats)'}"))
        for col in ("holder", "from", "to", "evidence", "note"):
            table.add_column(col)
        for s in tl.holders:
            name = names.get(s.person, s.person) + (" (acting)" if s.acting else "")
            table.add_row(escape(name), escape(str(s.start)), escape(str(s.end)), str(len(s.evidence)),
                          escape(s.conflict or ""))
        console.print(table)


@app.command("check")
def check_cmd(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Contradictions to fix: single-seat offices with two holders at once, people in two exclusive offices at once."""
    from communique import query

    store = _open_reading(db)
    found = query.check(store)
    names = _entity_names(store)
    if as_json:
        _print_json(query.contradictions_json(store, found, names))
        return
    if not found:
        console.print("no contradictions found")
        return
    for c in found:
        who = " and ".join(names.get(p, p) for p in c.people)
        org = names.get(c.organization or "", "")
        console.print(f"[red]{escape(c.kind)}[/red] {escape(c.office)} {escape(org)} on {c.on}: {escape(who)}"
                      f" ({escape(c.note)})", highlight=False)
        for ev in c.evidence:
            console.print(f"  {ev.date or ''} {escape(f'[{ev.item_id}]')} {escape(ev.text)}", highlight=False)


@app.command("person")
def person_cmd(name: Annotated[str, typer.Argument(help="A name or alias.")], db: DbOption = DEFAULT_DB) -> None:
    """A person's offices over time, events and aliases."""
    from communique import query

    store = _open_reading(db)
    views = query.person(store, name)
    if not views:
        console.print(f"no person matching {name!r}")
        raise typer.Exit(1)
    names = _entity_names(store)
    for v in views:
        console.print(f"[bold]{escape(v.entity.name)}[/bold] ({v.entity.id})")
        if v.entity.aliases:
            console.print("  also: " + escape(", ".join(v.entity.aliases)))
        for r in v.tenures:
            console.print(f"  {r.start or '?'} .. {r.end or '?'}  {escape(r.office)} {escape(names.get(r.organization or '', ''))}")
        for e in v.events:
            console.print(f"  {e.date or '?'} {e.type}: {escape(e.evidence[:120])}")


@app.command("events")
def events_cmd(
    date_from: Annotated[str | None, typer.Option("--from", help="From date (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To date (YYYY[-MM[-DD]]).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="meeting, conference, training, ceremony, visit, media, operation, other.")] = None,
    place: Annotated[str | None, typer.Option(help="A place name.")] = None,
    person: Annotated[str | None, typer.Option(help="A participant's name.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Events filtered by dates, type, place and participant."""
    from communique import query

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    store = _open_reading(db)
    names = _entity_names(store)
    table = Table("date", "type", "status", "place", "participants", "evidence")
    for v in query.events(store, start, end, type, place, person):
        table.add_row(str(v.date or ""), v.type, v.status, escape(names.get(v.place or "", "")),
                      escape(", ".join(names.get(p, p) for p in v.participants)), escape(v.evidence[:100]))
    console.print(table)


@app.command("search")
def search_cmd(
    text: Annotated[str, typer.Argument(help="Words that must all occur.")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1)] = 20,
) -> None:
    """Items holding all the words given."""
    from communique import query

    store = _open_existing(db)
    for item in query.search(store, text, limit):
        console.print(f"[bold]{item.id}[/bold] {item.published or ''} {escape(item.title or '')}")
        console.print("  " + escape(item.text[:160].replace(chr(10), " ")))


@app.command("explain")
def explain_cmd(name: Annotated[str, typer.Argument(help="An entity id, name or alias.")], db: DbOption = DEFAULT_DB) -> None:
    """Why the spellings of an entity were merged into one."""
    from communique import query

    store = _open_existing(db)
    k = store.knowledge()
    found = [e for e in k.entities if e.id == name] or query.find_entities(k, name)
    if not found:
        console.print(f"no entity matching {name!r}")
        raise typer.Exit(1)
    for e in found:
        console.print(f"[bold]{escape(e.name)}[/bold] ({e.type}, {e.id})")
        for alias in e.aliases:
            console.print(f"  alias: {escape(alias)}")
        for reason in e.reasons or ("no merge: a single spelling",):
            console.print(f"  why: {escape(reason)}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
