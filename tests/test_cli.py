"""The CLI end to end on a real SQLite file: exit codes, summary, exports, bad input."""

from __future__ import annotations

import csv
import json
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.store import Store
from communique.store.address import masked, redact

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


READING_COMMANDS = (
    ["stats"], ["serve"], ["extract"], ["who", "--office", "Secretary General", "--on", "2022-05-16"],
    ["person", "Masadykov"], ["events"], ["search", "meeting"], ["explain", "Masadykov"],
    *(["export", "--format", f, "out." + f] for f in ("json", "jsonl", "csv", "parquet", "graphml", "ics", "ftm")),
)


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:3:2]))
def test_reading_commands_refuse_a_missing_store_and_create_nothing(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)  # an export's output path lands here too
    missing = str(tmp_path / "a long folder name" / ".." / "none.db")
    result = runner.invoke(app, [*command, "--db", missing])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"Error: no store at {missing} (run `communique ingest --db {missing} PAGES` first)"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_reading_commands_refuse_an_empty_postgres_database_and_create_no_table(pg_url):
    import psycopg

    for command in (["stats"], ["who", "--office", "Secretary General", "--on", "2022"], ["export", "x.json"]):
        result = runner.invoke(app, [*command, "--db", pg_url])
        assert result.exit_code == 2 and f"no store at {pg_url}" in result.output, result.output
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone() == (0,)


def _unwrapped(output: str) -> str:
    """The output without white space: a table title is wrapped at its table's width."""
    return "".join(output.split())


@pytest.mark.postgres
def test_a_database_password_is_masked_in_the_stats_table_and_in_errors(pg_url, tmp_path):
    Store(pg_url).close()  # a migrated, empty store (the test server trusts any password)
    with_password = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret@")
    stats = runner.invoke(app, ["stats", "--db", with_password])
    assert stats.exit_code == 0, stats.output
    assert "postgres:***@" in _unwrapped(stats.output) and "s3cret" not in _unwrapped(stats.output)
    (tmp_path / "p.txt").write_text("12.05.2022\n\nMinisters meet\n\nThe ministers met in Vienna.\n")
    ingested = ingest(with_password, tmp_path / "p.txt")
    assert ingested.exit_code == 0, ingested.output
    assert "postgres:***@" in _unwrapped(ingested.output) and "s3cret" not in _unwrapped(ingested.output)
    # An unreachable server and a database that does not exist: the error names the URL, masked.
    for url in ("postgresql://bob:s3cret@127.0.0.1:1/db", with_password + "_missing"):
        for command in (["stats"], ["ingest", str(tmp_path / "p.txt")]):
            result = runner.invoke(app, [*command, "--db", url])
            assert result.exit_code == 1 and "s3cret" not in result.output, result.output
            assert "bob:***@" in result.output or "postgres:***@" in result.output


def test_masked_urls_keep_everything_but_the_password():
    assert masked("postgresql://bob:s3cret@host/db") == "postgresql://bob:***@host/db"
    assert masked("postgres://bob:s%40c:r@host:5432/db?sslmode=require") == "postgres://bob:***@host:5432/db?sslmode=require"
    assert masked("postgresql://host/db?user=bob&password=s3cret") == "postgresql://host/db?user=bob&password=***"
    for unchanged in ("postgresql://bob@host/db", "sqlite:///x.db", "x.db", "/tmp/a:b@c.db"):
        assert masked(unchanged) == unchanged
    db = "postgresql://bob:s%40cret@host/db"
    assert redact(f"at {db}: s@cret, s%40cret", db) == "at postgresql://bob:***@host/db: ***, ***"


def test_version_prints_the_package_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"communique {version('communique')}\n"


@pytest.mark.parametrize("db, says", [
    ("mysql://bob:s3cret@host/db", "unsupported database address 'mysql://bob:***@host/db'"),
    ("http://example.org/x.db", "unsupported database address 'http://example.org/x.db'"),
    ("postgresql://bob:s3cret@[::1/db", "malformed database address 'postgresql://bob:***@[::1/db': Invalid IPv6"),
    ("postgresql://bob:s3cret@[zz::1]:5432/db", "malformed database address 'postgresql://bob:***@[zz::1]:5432/db'"),
])
def test_a_database_address_of_another_kind_or_malformed_is_named_in_one_line(db, says, tmp_path, samples):
    """Found by an outside probe: mysql:// answered "No module named 'MySQLdb'", http:// "Can't load
    plugin", and a bad IPv6 host a traceback (or "invalid literal for int()")."""
    for args in (["stats", "--db", db], ["ingest", "--db", db, "--no-extract", str(samples)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert says in result.output and "s3cret" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("fmt, name", [("json", "x.json"), ("jsonl", "x.jsonl"), ("csv", "tables"),
                                       ("parquet", "tables"), ("graphml", "g.graphml"), ("ics", "c.ics"),
                                       ("ftm", "f.ftm.json")])
def test_export_into_a_folder_that_does_not_exist_creates_nothing(fmt, name, tmp_path, samples):
    """Found by an outside probe: `export /nonexistent/x.json` created /nonexistent. A mistyped path
    is one line (exit 1); a folder output (csv, parquet) may be created, but not its parents."""
    db = str(tmp_path / "s.db")
    assert ingest(db, samples).exit_code == 0
    missing = tmp_path / "no" / "such"
    result = runner.invoke(app, ["export", "--db", db, "--format", fmt, str(missing / name)])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert not (tmp_path / "no").exists()
    ok = runner.invoke(app, ["export", "--db", db, "--format", fmt, str(tmp_path / name)])
    assert ok.exit_code == 0 and (tmp_path / name).exists()
