"""The benchmark corpus generator: deterministic, and it plants what it says it plants."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from communique.dedup import item_words, signature
from communique.export import build_export
from communique.pipeline import Settings, ingest
from communique.segment import segment_page
from communique.sources.html import page_from_html
from communique.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_pages(make_corpus, tmp_path):
    make_corpus.generate(tmp_path / "a", 120, seed=11)
    make_corpus.generate(tmp_path / "b", 120, seed=11)
    make_corpus.generate(tmp_path / "c", 120, seed=12)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a" / "pages") != _digest(tmp_path / "c" / "pages")
    assert len(list((tmp_path / "a" / "pages").rglob("*.html"))) == 120


def test_command_line_writes_the_corpus(make_corpus, tmp_path, capsys):
    assert make_corpus.main(["--pages", "30", "--out", str(tmp_path), "--seed", "2"]) == 0
    assert "30 pages" in capsys.readouterr().out
    assert json.loads((tmp_path / "manifest.json").read_text())["pages"] == 30


def _first_item(path: Path):
    page = page_from_html(path.as_uri(), path.read_bytes())
    return segment_page(page)[0]


def test_near_duplicates_are_planted_at_the_stated_rate(make_corpus, tmp_path):
    manifest = make_corpus.generate(tmp_path, 400, seed=5, near_dup_rate=0.05, listing_rate=0.2)
    pairs = manifest["near_duplicates"]
    assert len(pairs) == round(400 * 0.05) == manifest["counts"]["reprint"]
    assert manifest["counts"]["listing"] == 80
    for pair in pairs:
        original, reprint = (_first_item(tmp_path / pair[k]) for k in ("original", "reprint"))
        assert original.id != reprint.id  # not an exact copy...
        sim = signature(item_words(original)).jaccard(signature(item_words(reprint)))
        assert 0.8 <= sim < 1.0  # ...but a near-duplicate at the default threshold


def test_the_local_engine_finds_what_was_planted(make_corpus, tmp_path):
    """Repeated teasers merge into one item, and so do planted near-duplicates, up to the LSH's
    misses (bands of 13 rows: a pair at Jaccard 0.88 is no candidate about one time in seven)."""
    manifest = make_corpus.generate(tmp_path, 150, seed=9, near_dup_rate=0.1, listing_rate=0.2)
    store = Store(str(tmp_path / "c.db"))
    ingest(store, [str(tmp_path / "pages")], Settings(extract=False))
    items = build_export(store.items())["items"]
    by_uri: dict[str, set[str]] = {}
    for it in items:
        for src in it["sources"]:
            by_uri.setdefault(src["uri"].rsplit("/", 1)[-1], set()).add(it["id"])
    found = sum(by_uri[Path(p["original"]).name] == by_uri[Path(p["reprint"]).name] for p in manifest["near_duplicates"])
    assert found >= 0.7 * len(manifest["near_duplicates"])
    gold = json.loads((tmp_path / "gold.json").read_text())
    assert len(gold["items"]) == manifest["counts"]["stories_seen"]
    assert sum(1 for it in items if it["duplicates"]) >= len(manifest["near_duplicates"])
