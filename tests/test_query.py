"""Queries over a store whose knowledge is set by hand (independent of extraction quality)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from communique import query
from communique.cli import app
from communique.model import Entity, Event, Evidence, Knowledge, PartialDate, Tenure
from communique.pipeline import Settings, ingest
from communique.store import Store

D = PartialDate


@pytest.fixture
def store(tmp_path, samples):
    s = Store(str(tmp_path / "q.db"))
    ingest(s, [str(samples)], Settings(extract=False))
    item = s.items()[0].id
    k = Knowledge(
        entities=(
            Entity("e_p1", "person", "Anna Petrova", ("A. Petrova",), ("'A. Petrova' is an initial of 'Anna Petrova'",)),
            Entity("e_p2", "person", "Boris Ivanov"),
            Entity("e_o1", "organization", "Eurasian Security Union", ("ESU",)),
            Entity("e_c1", "place", "Minsk"),
        ),
        tenures=(
            Tenure("e_p1", "Secretary General", "e_o1", D(2020, 1, 1), D(2022, 12, 31),
                   (Evidence(item, "ESU Secretary General Anna Petrova", D(2022, 5, 16)),)),
            Tenure("e_p2", "Secretary General", "e_o1", D(2023, 1, 10), D(2024, 6, 1),
                   (Evidence(item, "Secretary General of the ESU Boris Ivanov", D(2023, 1, 10)),)),
        ),
        events=(
            Event("v_1", "meeting", D(2022, 5, 16), None, "e_c1", ("e_p1",), ("e_o1",), "reported", item, "They met."),
            Event("v_2", "training", D(2023, 9, 1), None, None, ("e_p2",), (), "announced", item, "An exercise."),
        ),
    )
    s.replace_knowledge(k)
    return s


def test_who_answers_the_holder_on_a_date_with_evidence(store):
    (h,) = query.who(store, "Secretary General", "ESU", D(2022, 5, 16))
    assert h.person.name == "Anna Petrova"
    assert "Anna Petrova" in h.tenure.evidence[0].text
    assert [x.person.name for x in query.who(store, "secretary general", "Eurasian Security Union", D(2023, 2, 1))] == ["Boris Ivanov"]
    assert query.who(store, "Secretary General", "ESU", D(2019, 1, 1)) == []
    assert query.who(store, "Deputy Secretary General", "ESU", D(2022, 5, 16)) == []


def test_person_finds_by_alias_and_lists_offices_and_events(store):
    (v,) = query.person(store, "A. Petrova")
    assert v.entity.id == "e_p1" and v.tenures[0].office == "Secretary General"
    assert [e.id for e in v.events] == ["v_1"]


def test_events_filters(store):
    assert [v.id for v in query.events(store, date_from=D(2023))] == ["v_2"]
    assert [v.id for v in query.events(store, date_to=D(2022, 12))] == ["v_1"]
    assert [v.id for v in query.events(store, type="meeting")] == ["v_1"]
    assert [v.id for v in query.events(store, place="Minsk")] == ["v_1"]
    assert [v.id for v in query.events(store, person_name="Boris Ivanov")] == ["v_2"]


def test_search_needs_every_word_and_escapes_like_wildcards(store):
    hits = query.search(store, "Bishkek statutory")
    assert hits and all("Bishkek" in (h.title or "") + h.text for h in hits)
    assert query.search(store, "%") == []


def test_cli_who_and_explain(store, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "q.db")
    out = runner.invoke(app, ["who", "--db", db, "--office", "Secretary General", "--org", "ESU", "--on", "2022-05-16"])
    assert out.exit_code == 0 and "Anna Petrova" in out.output and "ESU Secretary General Anna Petrova" in out.output
    bad = runner.invoke(app, ["who", "--db", db, "--office", "Secretary General", "--on", "16 May"])
    assert bad.exit_code == 2
    ex = runner.invoke(app, ["explain", "--db", db, "Anna Petrova"])
    assert ex.exit_code == 0 and "initial" in ex.output
