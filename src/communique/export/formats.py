"""More export formats: Parquet tables, GraphML, iCalendar, FollowTheMoney entities.

    export_parquet(items, knowledge, dir)   one Parquet file per section (items, entities, events, roles, documents);
                                            dates typed (date32, the first day of a month or year) with a
                                            `<column>_precision` column beside each: day, month or year
    export_graphml(items, knowledge, path)  entities and events as nodes; offices, participation, places as edges
    export_ics(items, knowledge, path)      every event dated to the day, as an all-day VEVENT
    export_ftm(items, knowledge, path)      FollowTheMoney entities as JSON lines: Person, Organization,
                                            Position + Occupancy (offices over time), Event; built and
                                            checked with the followthemoney package (ids: e_x -> e-x)
Each returns the number of records written. The sections and fields are those of
`communique/1` (communique1.py), so every format carries the same facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from communique.errors import ExportError
from communique.export.communique1 import build_export
from communique.model import Event, Item, Knowledge, PartialDate, stable_id

SECTIONS = ("items", "entities", "events", "roles", "documents")


# --- Parquet -------------------------------------------------------------------------------


# Dates of communique/1 that are partial (2022, 2022-05) are written as date32 of their first day
# with a precision column beside, so that tools sort and filter them as dates while "2022" is
# not mistaken for 1 January 2022.
DATE_COLUMNS = {
    "items": ("published",), "events": ("date", "date_end"), "roles": ("start", "end"), "documents": ("date",),
    "evidence": ("date",),  # a role's evidence, a list of structs
}


def _parquet_schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, lst = pa.string(), pa.int64(), pa.list_

    def fields(section: str, *columns: tuple[str, Any]) -> list[tuple[str, Any]]:
        """The columns, each date one as date32 followed by its precision."""
        out: list[tuple[str, Any]] = []
        for name, kind in columns:
            if name in DATE_COLUMNS.get(section, ()):
                out += [(name, pa.date32()), (f"{name}_precision", s)]
            else:
                out.append((name, kind))
        return out

    evidence = pa.struct(fields("evidence", ("item", s), ("date", s), ("text", s)))
    return {
        "items": pa.schema(fields("items", ("id", s), ("title", s), ("text", s), ("published", s), ("kind", s),
                                  ("sources", lst(pa.struct([("uri", s), ("offset", i)]))), ("duplicates", i))),
        "entities": pa.schema([("id", s), ("type", s), ("name", s), ("aliases", lst(s)), ("parent", s),
                               ("reasons", lst(s))]),
        "events": pa.schema(fields("events", ("id", s), ("type", s), ("date", s), ("date_end", s), ("place", s),
                                   ("participants", lst(s)), ("organizations", lst(s)), ("status", s), ("item", s),
                                   ("evidence", s), ("linked", s))),
        "roles": pa.schema(fields("roles", ("person", s), ("office", s), ("organization", s), ("start", s),
                                  ("end", s), ("conflict", s), ("evidence", lst(evidence)))),
        "documents": pa.schema(fields("documents", ("id", s), ("title", s), ("kind", s), ("body", s), ("date", s),
                                      ("item", s), ("evidence", s))),
    }


def _typed_dates(section: str, row: dict[str, Any]) -> dict[str, Any]:
    """The row with its ISO partial dates as (first day, precision) pairs."""
    row = dict(row)
    for name in DATE_COLUMNS.get(section, ()):
        partial = PartialDate.parse_iso(row[name])
        row[name] = partial.first_day() if partial else None
        row[f"{name}_precision"] = partial.precision if partial else None
    if section == "roles":
        row["evidence"] = [_typed_dates("evidence", ev) for ev in row["evidence"]]
    return row


def export_parquet(items: Sequence[Item], knowledge: Knowledge, directory: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    doc = build_export(items, knowledge)
    directory = Path(directory)
    try:
        directory.mkdir(exist_ok=True)  # the folder, not its parents: a mistyped path is an error
        for section, schema in _parquet_schemas().items():
            table = pa.Table.from_pylist([_typed_dates(section, row) for row in doc[section]], schema=schema)
            pq.write_table(table, directory / f"{section}.parquet", compression="zstd")
    except OSError as exc:
        raise ExportError(f"cannot write {directory}: {exc.strerror or exc}") from exc
    return len(doc["items"])


# --- GraphML -------------------------------------------------------------------------------


def _attrs(**values: Any) -> dict[str, Any]:
    """GraphML holds scalars only: drop None, join lists."""
    out = {}
    for k, v in values.items():
        if v is None:
            continue
        out[k] = "; ".join(v) if isinstance(v, (list, tuple)) else str(v) if isinstance(v, PartialDate) else v
    return out


def knowledge_graph(knowledge: Knowledge):  # noqa: ANN201 (networkx.MultiDiGraph)
    import networkx as nx

    g = nx.MultiDiGraph(name="communique")
    for e in knowledge.entities:
        g.add_node(e.id, **_attrs(kind="entity", type=e.type, name=e.name, aliases=list(e.aliases)))
        if e.parent:
            g.add_edge(e.id, e.parent, **_attrs(relation="part_of"))
    for v in knowledge.events:
        g.add_node(v.id, **_attrs(kind="event", type=v.type, date=v.date, date_end=v.date_end, status=v.status,
                                  item=v.item_id, name=v.evidence[:200]))
        for p in v.participants:
            g.add_edge(p, v.id, **_attrs(relation="took_part"))
        for o in v.organizations:
            g.add_edge(o, v.id, **_attrs(relation="organized"))
        if v.place:
            g.add_edge(v.id, v.place, **_attrs(relation="held_in"))
    for r in knowledge.tenures:
        if r.organization:
            g.add_edge(r.person, r.organization, **_attrs(relation="holds_office", office=r.office, start=r.start,
                                                          end=r.end, conflict=r.conflict))
    for d in knowledge.documents:
        g.add_node(d.id, **_attrs(kind="document", type=d.kind, name=d.title, date=d.date, item=d.item_id))
        if d.body:
            g.add_edge(d.body, d.id, **_attrs(relation="adopted", date=d.date))
    for node, data in g.nodes(data=True):  # ends of edges that name no known entity
        data.setdefault("kind", "unknown")
        data.setdefault("name", node)
    return g


def export_graphml(items: Sequence[Item], knowledge: Knowledge, path: Path) -> int:
    import networkx as nx

    g = knowledge_graph(knowledge)
    try:
        nx.write_graphml(g, str(path), encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return g.number_of_nodes()


# --- iCalendar -----------------------------------------------------------------------------


def _day(d: PartialDate | None) -> date | None:
    return date(d.year, d.month, d.day) if d and d.day is not None and d.month is not None else None


def ics_bytes(events: Iterable[Event], names: Mapping[str, str], name: str = "communique events",
              stamp: datetime | None = None) -> bytes:
    """An iCalendar of the events dated to the day (all-day VEVENTs; DTEND is exclusive). `stamp`
    is every VEVENT's DTSTAMP (now by default): a server passes one that stays put while the
    knowledge does, so the feed's bytes and ETag do not change from one second to the next."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//communique//events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    for v in events:
        start = _day(v.date)
        if start is None:
            continue
        end = _day(v.date_end) or start
        ev = VEvent()
        ev.add("uid", f"{v.id}@communique")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        ev.add("dtend", max(end, start) + timedelta(days=1))
        people = ", ".join(names.get(p, p) for p in v.participants)
        ev.add("summary", f"{v.type}" + (f": {people}" if people else ""))
        ev.add("description", v.evidence)
        if v.place:
            ev.add("location", names.get(v.place, v.place))
        ev.add("status", "TENTATIVE" if v.status == "announced" else "CONFIRMED")
        ev.add("categories", [v.type])
        cal.add_component(ev)
    return cal.to_ical()


def export_ics(items: Sequence[Item], knowledge: Knowledge, path: Path) -> int:
    names = {e.id: e.name for e in knowledge.entities}
    body = ics_bytes(knowledge.events, names)
    try:
        Path(path).write_bytes(body)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return sum(1 for v in knowledge.events if _day(v.date))


# --- FollowTheMoney ------------------------------------------------------------------------

FTM_SCHEMA = {"person": "Person", "organization": "Organization"}


def ftm_id(our_id: str) -> str:
    """FtM ids allow letters, digits, '.' and '-': our e_/v_ ids become e-/v- ids."""
    return our_id.replace("_", "-")


def ftm_entities(items: Sequence[Item], knowledge: Knowledge) -> list[dict[str, Any]]:
    """FtM entities (followthemoney's model validates every property) as plain dicts."""
    from followthemoney import model

    sources = {it.id: [s.uri for s in it.sources if s.uri.startswith(("http://", "https://"))] for it in items}
    out: list[dict[str, Any]] = []

    def make(schema: str, id: str, **props: Any) -> Any:
        e = model.make_entity(schema)
        e.id = ftm_id(id)
        for prop, value in props.items():
            for v in value if isinstance(value, (list, tuple)) else [value]:
                if v not in (None, ""):
                    e.add(prop, str(v), quiet=True)
        out.append(e.to_dict())
        return e

    for ent in knowledge.entities:
        if ent.type in FTM_SCHEMA:
            extra = {"abbreviation": [a for a in ent.aliases if a.isupper()]} if ent.type == "organization" else {}
            make(FTM_SCHEMA[ent.type], ent.id, name=ent.name, alias=list(ent.aliases), **extra)
    known = {e.id for e in knowledge.entities if e.type in FTM_SCHEMA}
    for r in knowledge.tenures:
        post_id = stable_id("pos_", r.office, r.organization or "")
        make("Position", post_id, name=r.office,
             organization=ftm_id(r.organization) if r.organization in known else None)
        make("Occupancy", stable_id("occ_", r.person, r.office, r.organization or "", str(r.start), str(r.end)),
             holder=ftm_id(r.person), post=ftm_id(post_id), startDate=r.start, endDate=r.end,
             description=[e.text for e in r.evidence[:3]])
    for v in knowledge.events:
        make("Event", v.id, name=f"{v.type} {v.date or ''}".strip(), date=v.date, startDate=v.date, endDate=v.date_end,
             summary=v.evidence, involved=[ftm_id(p) for p in v.participants if p in known],
             organizer=[ftm_id(o) for o in v.organizations if o in known],
             location=[e.name for e in knowledge.entities if e.id == v.place],
             sourceUrl=sources.get(v.item_id, []))
    return _dedupe(out)


def _dedupe(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for e in entities:
        seen.setdefault(e["id"], e)
    return list(seen.values())


def export_ftm(items: Sequence[Item], knowledge: Knowledge, path: Path) -> int:
    entities = ftm_entities(items, knowledge)
    try:
        with Path(path).open("w", encoding="utf-8") as fh:
            for e in entities:
                fh.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(entities)
