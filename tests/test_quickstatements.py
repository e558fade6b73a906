"""The tenures as Wikidata QuickStatements (V1): parsed back, dates and precision checked against
the pages of tests/pages/offices (written for these tests in the CSTO style)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.export.quickstatements import QidMapError, read_qids, time_value
from communique.model import PartialDate
from communique.pipeline import Settings, ingest
from communique.store import Store

ARCHIVE = Path(__file__).parent / "pages" / "offices"
MAP = """name,qid
Nikolai Bordyuzha,Q11
Yuri Khachaturov,Q12
Valery Semerikov,Q13
Stanislav Zas,Q14
Andrei Serdyukov,Q15
Secretary General of CSTO,Q101
Chief of the Joint Staff of the Collective Security Treaty Organization,Q102
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("qs") / "offices.db")
    ingest(Store(db), [str(ARCHIVE)], Settings(workers=1))
    return db


def test_time_values_keep_the_precision():
    assert time_value(PartialDate(2017, 1, 1)) == "+2017-01-01T00:00:00Z/11"
    assert time_value(PartialDate(2017, 3)) == "+2017-03-00T00:00:00Z/10"
    assert time_value(PartialDate(2017)) == "+2017-00-00T00:00:00Z/9"


def test_qid_map_is_checked(tmp_path):
    bad = tmp_path / "map.csv"
    bad.write_text("person,id\nA,Q1\n")
    with pytest.raises(QidMapError, match="header"):
        read_qids(bad)
    bad.write_text("name,qid\nA,P31\n")
    with pytest.raises(QidMapError, match="line 2"):
        read_qids(bad)


def test_export_parsed_back_states_only_the_dates_pages_state(archive, tmp_path):
    qids = tmp_path / "map.csv"
    qids.write_text(MAP)
    out = tmp_path / "p39.qs"
    result = CliRunner().invoke(app, ["export", "--db", archive, "--format", "quickstatements", str(out),
                                      "--qids", str(qids)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    by_person = {}
    for row in rows:
        assert row[1] == "P39" and len(row) % 2 == 1
        by_person[row[0]] = (row[2], dict(zip(row[3::2], row[4::2], strict=True)))
    # Khachaturov took office on January 1, 2017 (a page says so): start written, no end (only a successor's)
    office, claims = by_person["Q12"]
    assert office == "Q101" and claims["P580"] == "+2017-01-01T00:00:00Z/11" and "P582" not in claims
    assert claims["S854"] == '"' + (ARCHIVE / "2017-01.txt").resolve().as_uri() + '"'
    assert claims["S813"].endswith("/11")
    # Serdyukov was appointed on December 19, 2022; the office mapped by the organization's full name
    assert by_person["Q15"] == ("Q102", by_person["Q15"][1]) and by_person["Q15"][1]["P580"].startswith("+2022-12-19")
    # Bordyuzha is only witnessed (first page 2011): no start, no end
    assert "P580" not in by_person["Q11"][1] and "P582" not in by_person["Q11"][1]
    # the acting Secretary General is not written as holding the office; he and the unmapped are listed
    assert "Q13" not in by_person
    with (tmp_path / "p39.qs.unmapped.csv").open() as f:
        left = list(csv.DictReader(f))
    acting = [r for r in left if r["person"] == "Valery Semerikov" and r["acting"] == "yes"]
    assert acting and "acting" in acting[0]["why"]
    assert any(r["person"] == "Imangali Tasmagambetov" and r["office_qid"] == "Q101" and r["person_qid"] == ""
               for r in left)


def test_export_needs_the_map(archive, tmp_path):
    result = CliRunner().invoke(app, ["export", "--db", archive, "--format", "quickstatements", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--qids" in result.output
