"""The benchmark scripts still run against the code (they are scripts, not tests: nothing here
is timed; a tiny corpus only checks that each one runs to its table and that what it reports
holds together)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def script(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, make_corpus):
    out = tmp_path_factory.mktemp("bench")
    make_corpus.generate(out, 40, seed=3, near_dup_rate=0.2, listing_rate=0.25)
    return out


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| dedup") and not line.startswith("| pipeline")]


def test_bench_dedup_runs_and_both_engines_merge_the_planted_near_duplicates(tiny, capsys):
    assert script("bench_dedup").main(["--corpus", str(tiny)]) == 0
    rows = {r[0]: r for r in table_rows(capsys.readouterr().out)}
    assert set(rows) == {"communique Deduplicator", "datasketch MinHashLSH"}
    ours, theirs = rows["communique Deduplicator"], rows["datasketch MinHashLSH"]
    assert int(ours[3]) <= int(theirs[3])  # teasers absorbed into their articles as well
    assert float(ours[4]) >= float(theirs[4]) > 0


def test_bench_pipeline_one_writes_each_pipelines_export(tiny, tmp_path):
    bench = script("bench_pipeline")
    for name in ("communique", "peer chain"):
        out = tmp_path / f"{name}.json"
        assert bench.main(["one", name, "--corpus", str(tiny / "pages"), "--out", str(out)]) == 0
        export = json.loads(out.read_text(encoding="utf-8"))
        assert export["schema"] == "communique/1" and export["items"] and export["entities"]
