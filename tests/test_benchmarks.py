"""The benchmark scripts still run against the code (they are scripts, not tests: nothing here
is timed; a tiny corpus only checks that each one runs to its table and that what it reports
holds together)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, make_corpus):
    out = tmp_path_factory.mktemp("bench")
    make_corpus.generate(out, 40, seed=3, near_dup_rate=0.2, listing_rate=0.25)
    return out


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| dedup") and not line.startswith("| pipeline")]


def test_bench_dedup_runs_and_both_engines_merge_the_planted_near_duplicates(tiny, capsys, benchmark_script):
    assert benchmark_script("bench_dedup.py").main(["--corpus", str(tiny)]) == 0
    rows = {r[0]: r for r in table_rows(capsys.readouterr().out)}
    assert set(rows) == {"communique Deduplicator", "datasketch MinHashLSH"}
    ours, theirs = rows["communique Deduplicator"], rows["datasketch MinHashLSH"]
    assert int(ours[3]) <= int(theirs[3])  # teasers absorbed into their articles as well
    assert float(ours[4]) >= float(theirs[4]) > 0


def test_bench_pipeline_one_writes_each_pipelines_export(tiny, tmp_path, benchmark_script):
    bench = benchmark_script("bench_pipeline.py")
    for name in ("communique", "peer chain"):
        out = tmp_path / f"{name}.json"
        assert bench.main(["one", name, "--corpus", str(tiny / "pages"), "--out", str(out)]) == 0
        export = json.loads(out.read_text(encoding="utf-8"))
        assert export["schema"] == "communique/1" and export["items"] and export["entities"]


def test_bench_paragraph_runs_to_its_table(capsys, benchmark_script):
    """One small paragraph: the three ingests run and their row is printed (nothing is timed here)."""
    assert benchmark_script("bench_paragraph.py").main(["--sizes", "0.003", "--workers", "1"]) == 0
    rows = table_rows(capsys.readouterr().out)
    assert [r[0] for r in rows] == ["paragraph MB", "0.003"]
