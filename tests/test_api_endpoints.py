"""The HTTP API on a real SQLite file and a real PostgreSQL server: same answers on both."""

from __future__ import annotations

import warnings

import pytest

from communique.web import create_app
from test_web_data import TODAY, sample_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(params=["sqlite", "postgres"])
def client(request, tmp_path):
    db = str(tmp_path / "a.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    sample_store(db).close()
    app = create_app(db, None, max_age=0, today=lambda: TODAY)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_items_paginate_newest_first(client):
    first = client.get("/api/items", params={"limit": 5}).json()
    assert first["total"] == 21 and first["limit"] == 5 and first["offset"] == 0 and len(first["results"]) == 5
    dates = [r["published"] for r in first["results"]]
    assert dates[0] == "2025-12-05" and dates == sorted(dates, reverse=True)
    rest = client.get("/api/items", params={"limit": 50, "offset": 5}).json()["results"]
    assert len(rest) == 16 and not {r["id"] for r in first["results"]} & {r["id"] for r in rest}
    assert all(r["lead"] for r in rest)


def test_one_item_lists_every_source_and_its_facts(client):
    hits = client.get("/api/search", params={"q": "Masadikov Geneva"}).json()["results"]
    item = client.get(f"/api/items/{hits[0]['id']}").json()
    assert len(item["sources"]) == 2 and all(s["uri"].startswith("file://") for s in item["sources"])
    assert [e["id"] for e in item["events"]] == ["v_geneva"]
    assert item["tenures"][0]["person"]["name"] == "Taalatbek Masadikov"


def test_search_with_facets(client):
    r = client.get("/api/search", params={"q": "CSTO", "limit": 3}).json()
    assert r["total"] > 3 and len(r["results"]) == 3
    assert any(s["hit"] for s in r["results"][0]["snippet"])
    people = {f["value"]: f for f in r["facets"]["person"]}
    assert people["e_masad"]["label"] == "Taalatbek Masadikov"
    narrowed = client.get("/api/search", params={"q": "CSTO", "place": "e_geneva"}).json()
    assert narrowed["total"] == 1


def test_events_filters_like_the_cli(client):
    def ids(**params):
        return [e["id"] for e in client.get("/api/events", params=params).json()["results"]]

    assert ids() == ["v_kremlin", "v_cfm", "v_minsk", "v_geneva", "v_soon"]
    assert ids(**{"from": "2025-12"}) == ["v_geneva", "v_soon"]
    assert ids(to="2022") == ["v_kremlin", "v_cfm"]
    assert ids(type="conference") == ["v_minsk"]
    assert ids(place="Geneva") == ["v_geneva"]
    assert ids(person="I. Tasmagambetov") == ["v_kremlin", "v_cfm", "v_soon"]
    assert ids(status="announced") == ["v_soon"]
    ev = client.get("/api/events/v_minsk").json()
    assert ev["place"] == {"id": "e_minsk", "name": "Minsk"} and ev["date_end"] == "2025-11-27"


def test_entities_by_type_and_one(client):
    orgs = client.get("/api/entities", params={"type": "organization"}).json()
    assert [e["name"] for e in orgs["results"]] == ["Collective Security Treaty Organization", "Council of Foreign Ministers"]
    assert client.get("/api/entities", params={"name": "CSTO"}).json()["results"][0]["id"] == "e_csto"
    cfm = client.get("/api/entities/e_cfm").json()
    assert cfm["entity"]["parent"]["id"] == "e_csto" and cfm["documents"][0]["kind"] == "statement"
    csto = client.get("/api/entities/e_csto").json()
    assert {m["person"]["id"] for m in csto["members"]} == {"e_tasma", "e_semer", "e_masad"}


def test_who_person_tenures_documents_runs_graph(client):
    who = client.get("/api/who", params={"office": "secretary general", "org": "CSTO", "on": "2024-06-01"}).json()
    assert [h["person"]["name"] for h in who["holders"]] == ["Imangali Tasmagambetov"]
    assert "Tasmagambetov" in who["holders"][0]["evidence"][0]["text"]
    assert client.get("/api/who", params={"office": "Secretary General", "on": "2019"}).json()["holders"] == []
    people = client.get("/api/people", params={"name": "Semerikov"}).json()
    assert people["total"] == 1 and people["results"][0]["tenures"][0]["office"] == "Deputy Secretary General"
    tenures = client.get("/api/people/e_masad/tenures").json()
    assert tenures[0]["start"] == "2024" and tenures[0]["organization"]["id"] == "e_csto"
    docs = client.get("/api/documents", params={"body": "e_cfm"}).json()
    assert docs["total"] == 1 and docs["results"][0]["body"]["name"] == "Council of Foreign Ministers"
    runs = client.get("/api/runs").json()
    assert runs["total"] == 1 and runs["results"][0]["counts"]["pages_read"] == 5
    graph = client.get("/api/graph").json()
    weights = {(e["source"], e["target"]): e["weight"] for e in graph["edges"]}
    assert weights[("e_masad", "e_semer")] == 2 and len(graph["nodes"]) == 3
