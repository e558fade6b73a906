"""Parquet, GraphML, iCalendar and FollowTheMoney exports of a store whose knowledge is set by hand."""

from __future__ import annotations

import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from icalendar import Calendar

from communique.export.formats import export_ftm, export_graphml, export_ics, export_parquet
from communique.model import Entity, Knowledge, Tenure
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
