"""Parquet, GraphML, iCalendar and FollowTheMoney exports of a store whose knowledge is set by hand."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from icalendar import Calendar

from communique.export.formats import export_ftm, export_graphml, export_ics, export_parquet
from communique.model import Document, Entity, Event, Evidence, Item, Knowledge, PartialDate, Source, Tenure
from test_web_data import EVIL, sample_store


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    store = sample_store(str(tmp_path_factory.mktemp("x") / "x.db"))
    yield store.items(), store.knowledge()
    store.close()


def test_parquet_has_a_table_per_section(data, tmp_path):
    items, k = data
    assert export_parquet(items, k, tmp_path / "pq") == len(items)
    tables = {p.stem: pq.read_table(p) for p in (tmp_path / "pq").glob("*.parquet")}
    assert set(tables) == {"items", "entities", "events", "roles", "documents"}
    assert tables["items"].num_rows == len(items) and tables["events"].num_rows == len(k.events)
    rows = tables["items"].to_pylist()
    assert any(len(r["sources"]) == 2 and r["sources"][0]["uri"].startswith("file://") for r in rows)
    roles = tables["roles"].to_pylist()
    assert roles[0]["evidence"][0]["item"] and tables["events"].schema.field("participants").type.value_type == "string"
    export_parquet([], Knowledge(), tmp_path / "empty")
    assert pq.read_table(tmp_path / "empty" / "events.parquet").num_rows == 0


def test_parquet_dates_are_typed_with_their_precision_beside(tmp_path):
    D = PartialDate
    items = [Item(f"i_{n}", None, "Text.", published, (Source("file:///p", 0),))
             for n, published in enumerate((D(2022, 5, 12), D(2021), D(2022, 3), None))]
    k = Knowledge(
        events=(Event("v_1", "meeting", D(2022, 5), D(2022, 5, 14), None, (), (), "reported", "i_0", "Met."),),
        tenures=(Tenure("e_p", "Secretary General", None, D(2019), None, (Evidence("i_1", "Said.", D(2021, 2)),)),),
        documents=(Document("e_d", "Declaration", "declaration", None, D(2022, 5, 12), "i_0"),),
    )
    export_parquet(items, k, tmp_path)
    tables = {name: pq.read_table(tmp_path / f"{name}.parquet") for name in ("items", "events", "roles", "documents")}
    for name, columns in {"items": ["published"], "events": ["date", "date_end"], "roles": ["start", "end"],
                          "documents": ["date"]}.items():
        fields = tables[name].schema.names
        for column in columns:
            assert tables[name].schema.field(column).type == pa.date32()
            assert fields[fields.index(column) + 1] == f"{column}_precision"
    published = tables["items"].select(["id", "published", "published_precision"]).to_pylist()
    assert published == [
        {"id": "i_0", "published": date(2022, 5, 12), "published_precision": "day"},
        {"id": "i_1", "published": date(2021, 1, 1), "published_precision": "year"},
        {"id": "i_2", "published": date(2022, 3, 1), "published_precision": "month"},
        {"id": "i_3", "published": None, "published_precision": None},
    ]
    # Sorting and filtering work on the dates themselves.
    ordered = tables["items"].sort_by([("published", "ascending")]).column("id").to_pylist()
    assert ordered == ["i_1", "i_2", "i_0", "i_3"]
    in_2022 = tables["items"].filter(pc.greater_equal(tables["items"]["published"], pa.scalar(date(2022, 1, 1))))
    assert in_2022.column("id").to_pylist() == ["i_0", "i_2"]
    [event] = tables["events"].to_pylist()
    assert (event["date"], event["date_precision"], event["date_end"], event["date_end_precision"]) == (
        date(2022, 5, 1), "month", date(2022, 5, 14), "day")
    [role] = tables["roles"].to_pylist()
    assert (role["start"], role["start_precision"], role["end"], role["end_precision"]) == (date(2019, 1, 1), "year", None, None)
    assert role["evidence"] == [{"item": "i_1", "date": date(2021, 2, 1), "date_precision": "month", "text": "Said."}]
    assert tables["documents"].to_pylist()[0]["date"] == date(2022, 5, 12)


def test_graphml_round_trips_with_networkx(data, tmp_path):
    items, k = data
    n = export_graphml(items, k, tmp_path / "k.graphml")
    g = nx.read_graphml(tmp_path / "k.graphml")
    assert g.number_of_nodes() == n
    assert g.nodes["e_masad"]["name"] == "Taalatbek Masadikov" and g.nodes["v_geneva"]["kind"] == "event"
    offices = [d for _, _, d in g.edges(data=True) if d.get("relation") == "holds_office"]
    assert {d["office"] for d in offices} == {"Secretary General", "Deputy Secretary General"}
    assert g.has_edge("e_cfm", "e_csto") and g.has_edge("e_cfm", "e_doc1")


def test_graphml_escapes_markup(tmp_path):
    k = Knowledge(entities=(Entity("e_x", "person", EVIL + " & <b>"),), tenures=(
        Tenure("e_x", "<office>", "e_y", None, None),))
    export_graphml([], k, tmp_path / "x.graphml")
    assert nx.read_graphml(tmp_path / "x.graphml").nodes["e_x"]["name"] == EVIL + " & <b>"


def test_ics_has_the_events_dated_to_the_day(data, tmp_path):
    items, k = data
    assert export_ics(items, k, tmp_path / "e.ics") == 5
    cal = Calendar.from_ical((tmp_path / "e.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    minsk = events["v_minsk@communique"]
    assert minsk.decoded("dtstart").isoformat() == "2025-11-26" and minsk.decoded("dtend").isoformat() == "2025-11-28"
    assert str(minsk["location"]) == "Minsk" and "Masadikov" in str(minsk["summary"])
    assert str(events["v_soon@communique"]["status"]) == "TENTATIVE"


def test_ftm_entities_validate_against_the_model(data, tmp_path):
    from followthemoney import model

    items, k = data
    n = export_ftm(items, k, tmp_path / "e.ftm.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "e.ftm.jsonl").read_text().splitlines()]
    assert len(lines) == n and len({e["id"] for e in lines}) == n
    by_schema: dict[str, list] = {}
    for e in lines:
        by_schema.setdefault(e["schema"], []).append(e)
        model.get_proxy(e)  # raises on an unknown schema or property
    assert {"Person", "Organization", "Position", "Occupancy", "Event"} <= set(by_schema)
    geneva = next(e for e in by_schema["Event"] if e["id"] == "v-geneva")
    assert set(geneva["properties"]["involved"]) == {"e-masad", "e-semer"} and geneva["properties"]["location"] == ["Geneva"]
    occ = next(e for e in by_schema["Occupancy"] if e["properties"]["holder"] == ["e-masad"])
    assert occ["properties"]["startDate"] == ["2024"] and occ["properties"]["endDate"] == ["2025-12-05"]
    post = next(e for e in by_schema["Position"] if e["id"] == occ["properties"]["post"][0])
    assert post["properties"]["name"] == ["Deputy Secretary General"] and post["properties"]["organization"] == ["e-csto"]
    csto = next(e for e in by_schema["Organization"] if e["id"] == "e-csto")
    assert csto["properties"]["abbreviation"] == ["CSTO"]
