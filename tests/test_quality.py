"""The knowledge figures do not fall: every evaluation set is ingested with the project's CLI,
exported, scored with the evaluation's own scorer (../shared/eval/score.py), and compared with
the figures docs/quality.md records ("## Scores" table: a set, then its score).

The pages are read where the evaluation keeps them (../shared/eval/dev/, ../shared/seeds/); the
evaluation's README allows tests to read them there, not to copy them into the project. The
evaluation sits beside the project in CI: its absence is a failure, not a skip.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
QUALITY = ROOT / "docs" / "quality.md"
TOLERANCE = 0.02  # a set may fall this far below its recorded score (runs are deterministic; rounding)


def recorded_scores() -> dict[str, float]:
    """{set: score} from the first table under '## Scores' in docs/quality.md."""
    text = QUALITY.read_text(encoding="utf-8")
    section = text.split("## Scores", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*(seeds|dev-[a-z])\s*\|\s*([01]\.\d{3})\s*\|", section, re.M)
    return {name: float(score) for name, score in rows}


def _scorer():
    spec = importlib.util.spec_from_file_location("eval_score", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "communique"
    return [str(script)] if script.exists() else [sys.executable, "-m", "communique.cli"]


def _sets() -> list[tuple[str, Path, Path]]:
    assert EVAL.is_dir(), f"the evaluation is not at {EVAL} (CI puts ../shared beside the project)"
    out = [("seeds", SHARED / "seeds", EVAL / "seeds.gold.json")]
    out += [(g.name.removesuffix(".gold.json"), EVAL / "dev" / g.name.removesuffix(".gold.json"), g)
            for g in sorted((EVAL / "dev").glob("*.gold.json"))]
    return out


def test_quality_md_records_every_set():
    recorded = recorded_scores()
    assert {name for name, _, _ in _sets()} <= set(recorded), recorded


def test_no_set_falls_below_its_recorded_score(tmp_path):
    recorded = recorded_scores()
    score = _scorer()
    got: dict[str, float] = {}
    for name, pages, gold in _sets():
        db, out = tmp_path / f"{name}.db", tmp_path / f"{name}.json"
        for args in (["ingest", "--db", str(db), str(pages)], ["export", "--db", str(db), "--format", "json", str(out)]):
            run = subprocess.run(_cli() + args, capture_output=True, text=True, timeout=600)
            assert run.returncode == 0, f"{name}: {' '.join(args[:1])} failed: {run.stderr[-2000:]}"
        figures = score.score(json.loads(gold.read_text(encoding="utf-8")), json.loads(out.read_text(encoding="utf-8")))
        got[name] = figures["score"]
    fallen = {n: (round(s, 3), recorded[n]) for n, s in got.items() if s < recorded[n] - TOLERANCE}
    assert not fallen, f"below docs/quality.md by more than {TOLERANCE} (got, recorded): {fallen}"

