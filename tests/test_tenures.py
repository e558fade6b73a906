"""Offices over a whole history (resolve.tenures): holders in order, each end with how it is known,
acting holders, open last tenures, contradictions; and `who` over an archive of CSTO-style pages
written for this test (tests/pages/offices), ingested in one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import query
from communique.cli import app
from communique.model import Entity, Evidence, Knowledge, PartialDate, Tenure
from communique.pipeline import Settings, ingest
from communique.profiles import load_profiles
from communique.resolve.tenures import contradictions, holders_on, timelines
from communique.store import Store

D = PartialDate
ARCHIVE = Path(__file__).parent / "pages" / "offices"


def tenure(person, office, org, *dated, texts=None):
    evs = tuple(Evidence(f"i_{person}_{k}", (texts or {}).get(k, f"{office} {person}"), d) for k, d in enumerate(dated))
    return Tenure(person, office, org, min(dated), max(dated), evs)


def one(k, office="Secretary General", texts=None):
    (tl,) = [t for t in timelines(k, load_profiles(), texts) if t.office == office]
    return tl


def test_single_seat_holder_runs_to_the_successor_and_the_last_stays_open():
    k = Knowledge(tenures=(tenure("a", "Secretary General", "o", D(2011, 9, 22), D(2016, 10, 19)),
                           tenure("b", "Secretary General", "o", D(2017, 9, 11), D(2018, 10, 1))))
    a, b = one(k).holders
    assert (a.start.how, a.end.how, a.end.date) == ("witnessed", "successor", D(2017, 9, 11))
    assert (b.end.how, b.end.date, b.last_seen) == ("open", D(2018, 10, 1), D(2018, 10, 1))
    assert [s.person for s in holders_on(one(k), D(2017, 3))] == ["a"]
    assert [s.person for s in holders_on(one(k), D(2030, 1, 1))] == ["b"]
    assert holders_on(one(k), D(2010)) == []


def test_acting_holder_holds_the_seat_and_stated_dates_come_from_the_cues():
    k = Knowledge(tenures=(
        tenure("a", "Secretary General", "o", D(2017, 1, 1), D(2018, 10, 1),
               texts={0: "a took office as Secretary General"}),
        tenure("b", "Acting Secretary General", "o", D(2019, 3, 13), D(2019, 7, 10)),
        tenure("c", "Secretary General", "o", D(2020, 1, 1), D(2020, 9, 30)),
    ))
    a, b, c = one(k).holders
    assert (a.start.how, a.start.date) == ("stated", D(2017, 1, 1))
    assert b.acting and not a.acting and (b.end.how, b.end.date) == ("successor", D(2020, 1, 1))
    assert [s.person for s in holders_on(one(k), D(2019, 12, 15))] == ["b"]


def test_since_and_term_ended_read_from_the_item_sentence():
    texts = {"i_a_0": "Executive Secretary a, in office since 12 March 2014, opened the forum.",
             "i_a_1": "The term of office of Executive Secretary a ended on 2 April 2016."}
    k = Knowledge(tenures=(Tenure("a", "Executive Secretary", "o", D(2015, 6, 1), D(2016, 4, 2), (
        Evidence("i_a_0", "Executive Secretary a", D(2015, 6, 1)),
        Evidence("i_a_1", "Executive Secretary a", D(2016, 4, 2)))),))
    (a,) = one(k, "Executive Secretary", texts).holders
    assert (a.start.date, a.start.how) == (D(2014, 3, 12), "stated")
    assert (a.end.date, a.end.how) == (D(2016, 4, 2), "stated")
    assert holders_on(one(k, "Executive Secretary", texts), D(2017)) == []


def test_several_seats_end_where_last_seen():
    k = Knowledge(tenures=(tenure("a", "Deputy Secretary General", "o", D(2020, 1, 1), D(2021, 1, 1)),
                           tenure("b", "Deputy Secretary General", "o", D(2020, 6, 1))))
    tl = one(k, "Deputy Secretary General")
    assert not tl.single_seat
    assert sorted(s.person for s in holders_on(tl, D(2020, 6, 1))) == ["a", "b"]
    assert [s.person for s in holders_on(tl, D(2020, 9, 1))] == ["a"]
    assert holders_on(tl, D(2022)) == []


def test_a_holder_seen_again_after_the_successor_is_flagged_not_merged():
    k = Knowledge(tenures=(tenure("a", "Secretary General", "o", D(2011, 1, 1), D(2012, 1, 1), D(2014, 5, 5)),
                           tenure("b", "Secretary General", "o", D(2013, 1, 1), D(2015, 1, 1))))
    a, b = one(k).holders
    assert a.end.date == D(2013, 1, 1) and a.stray == (D(2014, 5, 5),) and "2014-05-05" in a.conflict
    assert sorted(s.person for s in holders_on(one(k), D(2014, 5, 5))) == ["a", "b"]
    assert [s.person for s in holders_on(one(k), D(2014, 6, 1))] == ["b"]
    (c,) = contradictions([one(k)])
    assert (c.kind, c.people, c.on) == ("two holders", ("a", "b"), D(2014, 5, 5))


def test_two_exclusive_offices_at_once():
    k = Knowledge(tenures=(tenure("a", "Secretary General", "o", D(2020, 1, 1), D(2020, 12, 1)),
                           tenure("a", "Executive Secretary", "p", D(2020, 6, 1), D(2020, 7, 1))))
    found = contradictions(timelines(k, load_profiles()))
    assert [(c.kind, c.people) for c in found] == [("two offices", ("a",))]


# --- an archive of CSTO-style pages, 2011-2026 ------------------------------------------------------

QUESTIONS = [  # office, org, date, the holders the pages support
    ("Secretary General", "CSTO", "2012-06-15", {"Nikolai Bordyuzha"}),
    ("Secretary General", "CSTO", "2016-12-01", {"Nikolai Bordyuzha"}),  # after his last page, before the successor
    ("Secretary General", "CSTO", "2018-03-01", {"Yuri Khachaturov"}),
    ("Secretary General", "CSTO", "2019-05-01", {"Valery Semerikov"}),  # acting
    ("Secretary General", "CSTO", "2019-12-15", {"Valery Semerikov"}),
    ("Secretary General", "CSTO", "2021-06-01", {"Stanislav Zas"}),
    ("Secretary General", "CSTO", "2023-03-01", {"Imangali Tasmagambetov"}),  # from "took office"
    ("Secretary General", "CSTO", "2025-06-01", {"Imangali Tasmagambetov"}),
    ("Secretary General", "CSTO", "2026-09-01", {"Taalatbek Masadykov"}),  # "now", after the last page
    ("Chief of the Joint Staff", "CSTO", "2014-01-01", {"Alexander Studenikin"}),
    ("Chief of the Joint Staff", "CSTO", "2016-06-01", {"Alexander Studenikin"}),
    ("Chief of the Joint Staff", "CSTO", "2020-06-01", {"Anatoly Sidorov"}),  # "Head of the CSTO Joint Staff - ..."
    ("Chief of the Joint Staff", "CSTO", "2026-03-01", {"Andrei Serdyukov"}),
    ("Deputy Secretary General", "CSTO", "2025-12-05", {"Valery Semerikov", "Taalatbek Masadykov"}),
    ("Secretary General", "OSCE", "2011-09-22", {"Lamberto Zannier"}),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("offices") / "offices.db")
    ingest(Store(db), [str(ARCHIVE)], Settings(workers=1))
    return db


def test_who_answers_the_questions_the_archive_supports(archive):
    store = Store(archive)
    answered = [q for q in QUESTIONS
                if {h.person.name for h in query.who(store, q[0], q[1], D.parse_iso(q[2]))} == q[3]]
    assert len(answered) >= 13, [q for q in QUESTIONS if q not in answered]


def test_cli_office_who_json_and_check(archive):
    runner = CliRunner()
    out = runner.invoke(app, ["office", "Secretary General", "--org", "CSTO", "--db", archive, "--json"])
    assert out.exit_code == 0, out.output
    (tl,) = json.loads(out.output)
    names = [h["person"]["name"] for h in tl["holders"]]
    assert names.index("Nikolai Bordyuzha") < names.index("Stanislav Zas") < names.index("Taalatbek Masadykov")
    assert tl["holders"][-1]["end"]["how"] == "open"
    assert any(h["acting"] for h in tl["holders"] if h["person"]["name"] == "Valery Semerikov")
    table = runner.invoke(app, ["office", "Secretary General", "--org", "CSTO", "--db", archive], env={"COLUMNS": "200"})
    assert "Bordyuzha" in table.output and "successor" in table.output and "last seen" in table.output
    out = runner.invoke(app, ["who", "--office", "Chief of the Joint Staff", "--org", "CSTO", "--on", "2026-03-01",
                              "--db", archive, "--json"])
    (h,) = json.loads(out.output)["holders"]
    assert h["person"]["name"] == "Andrei Serdyukov" and h["start"]["how"] == "stated"
    assert all(e["page"].startswith("file://") and e["sentence"] for e in h["evidence"])
    none = runner.invoke(app, ["who", "--office", "Secretary General", "--org", "CSTO", "--on", "2005", "--db", archive,
                               "--json"])
    assert none.exit_code == 1 and json.loads(none.output)["holders"] == []
    check = runner.invoke(app, ["check", "--db", archive, "--json"])
    assert check.exit_code == 0 and isinstance(json.loads(check.output), list)


@pytest.fixture
def contradicted(tmp_path, samples):
    s = Store(str(tmp_path / "c.db"))
    ingest(s, [str(samples)], Settings(extract=False))
    item = s.items()[0].id
    ev = lambda who, d: Evidence(item, f"<script>alert(1)</script> Secretary General {who}", d)  # noqa: E731
    s.replace_knowledge(Knowledge(
        entities=(Entity("e_a", "person", "Anna <b>Petrova</b>"), Entity("e_b", "person", "Boris Ivanov"),
                  Entity("e_o", "organization", "Eurasian Security Union", ("ESU",))),
        tenures=(Tenure("e_a", "Secretary General", "e_o", D(2020, 1, 1), D(2023, 5, 5),
                        (ev("Petrova", D(2020, 1, 1)), ev("Petrova", D(2023, 5, 5)))),
                 Tenure("e_b", "Secretary General", "e_o", D(2022, 1, 1), D(2024, 1, 1),
                        (ev("Ivanov", D(2022, 1, 1)), ev("Ivanov", D(2024, 1, 1)))))))
    return str(tmp_path / "c.db")


def test_contradictions_in_cli_api_and_page_escaped(contradicted):
    from fastapi.testclient import TestClient

    from communique.web import create_app

    out = CliRunner().invoke(app, ["check", "--db", contradicted, "--json"])
    (c,) = json.loads(out.output)
    assert c["kind"] == "two holders" and c["on"] == "2023-05-05" and c["evidence"][0]["page"]
    client = TestClient(create_app(contradicted))
    (api,) = client.get("/api/contradictions").json()
    assert [p["name"] for p in api["people"]] == ["Anna <b>Petrova</b>", "Boris Ivanov"]
    who = client.get("/api/who", params={"office": "Secretary General", "org": "ESU", "on": "2023-05-05"}).json()
    assert sorted(s["person"]["name"] for s in who["stints"]) == ["Anna <b>Petrova</b>", "Boris Ivanov"]
    timeline = client.get("/api/offices", params={"office": "Secretary General", "org": "ESU"}).json()
    assert [h["end"]["how"] for h in timeline["timelines"][0]["holders"]] == ["successor", "open"]
    html = client.get("/offices", params={"office": "Secretary General", "org": "ESU"}).text
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Petrova" not in html and "two holders" in html
