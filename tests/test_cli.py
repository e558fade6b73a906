"""The CLI end to end on a real SQLite file: exit codes, summary, exports, bad input."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from communique.cli import app

runner = CliRunner()


def ingest(db, *paths, extra=()):
    return runner.invoke(app, ["ingest", "--db", db, "--no-extract", *extra, *map(str, paths)])


def test_help_on_every_command():
    for cmd in ([], ["ingest"], ["export"], ["stats"], ["extract"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0, cmd
        assert "Usage" in result.output


def test_ingest_prints_summary_and_twice_keeps_the_count(db_path, samples):
    first = ingest(db_path, samples)
    assert first.exit_code == 0, first.output
    assert "items new" in first.output and "duplicates merged" in first.output
    out = runner.invoke(app, ["export", "--db", db_path, "--format", "json", db_path + ".json"])
    assert out.exit_code == 0
    n1 = len(json.loads(open(db_path + ".json").read())["items"])
    second = ingest(db_path, samples)
    assert second.exit_code == 0
    runner.invoke(app, ["export", "--db", db_path, "--format", "json", db_path + ".2.json"])
    assert len(json.loads(open(db_path + ".2.json").read())["items"]) == n1


def test_export_json_follows_communique1(db_path, samples, tmp_path):
    ingest(db_path, samples)
    path = tmp_path / "x.json"
    assert runner.invoke(app, ["export", "--db", db_path, "--format", "json", str(path)]).exit_code == 0
    doc = json.loads(path.read_text())
    assert doc["schema"] == "communique/1"
    for key in ("items", "entities", "events", "roles", "documents"):
        assert isinstance(doc[key], list)
    for item in doc["items"]:
        assert item["id"].startswith("i_") and item["text"]
        assert item["duplicates"] == len(item["sources"]) - 1
        assert all(s["uri"].startswith("file://") and s["offset"] >= 0 for s in item["sources"])


def test_export_jsonl_and_csv(db_path, samples, tmp_path):
    ingest(db_path, samples)
    assert runner.invoke(app, ["export", "--db", db_path, "--format", "jsonl", str(tmp_path / "x.jsonl")]).exit_code == 0
    lines = [json.loads(x) for x in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert lines and all(x["section"] in {"items", "entities", "events", "roles", "documents"} for x in lines)
    assert runner.invoke(app, ["export", "--db", db_path, "--format", "csv", str(tmp_path / "csv")]).exit_code == 0
    rows = list(csv.DictReader((tmp_path / "csv" / "items.csv").open()))
    assert len(rows) == sum(1 for x in lines if x["section"] == "items")


def test_bad_inputs_get_one_line_each_and_exit_1_while_good_ones_are_stored(db_path, samples, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 10)
    result = ingest(db_path, samples, tmp_path / "empty.txt", tmp_path / "binary.bin", tmp_path / "nope.txt")
    assert result.exit_code == 1
    out = result.output
    assert "empty file" in out and "binary" in out and "no such file" in out
    stats = runner.invoke(app, ["stats", "--db", db_path])
    assert stats.exit_code == 0 and "items" in stats.output


def test_usage_error_exits_2(db_path):
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", db_path, "--format", "yaml", "x"]).exit_code == 2


def test_stats_on_a_missing_database_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database" in result.output
