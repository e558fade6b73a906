"""The pipeline's guarantees: a crash loses nothing committed and the next run completes it."""

from __future__ import annotations

import pytest

from communique.export import build_export
from communique.pipeline import Settings, ingest
from communique.store import Store

NO_EXTRACT = Settings(extract=False)


def snapshot(store: Store):
    return build_export(store.items())["items"]


@pytest.mark.parametrize("commit_pages", [1, 2])
def test_crash_mid_run_then_rerun_equals_one_clean_run(tmp_path, samples, monkeypatch, commit_pages):
    clean = Store(str(tmp_path / "clean.db"))
    ingest(clean, [str(samples)], NO_EXTRACT)

    crashed = Store(str(tmp_path / "crashed.db"))
    real_save = Store.save_pages
    calls = {"n": 0}

    def dying_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")  # like a kill between two transactions
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_pages", dying_save)
    settings = Settings(extract=False, commit_pages=commit_pages, commit_seconds=3600)
    with pytest.raises(KeyboardInterrupt):
        ingest(crashed, [str(samples)], settings)
    assert crashed.stats()["pages"] == commit_pages  # what was committed stays; the batch in flight is lost
    assert crashed.runs()[-1]["status"] == "failed"
    monkeypatch.setattr(Store, "save_pages", real_save)

    again = ingest(crashed, [str(samples)], settings)
    assert again.pages_unchanged == commit_pages and again.pages_read == 5 - commit_pages
    assert snapshot(crashed) == snapshot(clean)


def test_pages_are_committed_in_batches(tmp_path, samples, monkeypatch):
    sizes: list[int] = []
    real_save = Store.save_pages

    def counting_save(self, writes, run_id):
        sizes.append(len(writes))
        return real_save(self, writes, run_id)

    monkeypatch.setattr(Store, "save_pages", counting_save)
    store = Store(str(tmp_path / "s.db"))
    ingest(store, [str(samples)], Settings(extract=False, commit_pages=2, commit_seconds=3600))
    assert sizes == [2, 2, 1]
    assert store.stats()["pages"] == 5


def test_a_page_over_the_size_limit_is_refused_in_one_line(tmp_path, samples):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b"A long line of text. " * (50 * 1024 * 1024 // 21 + 1))
    store = Store(str(tmp_path / "s.db"))
    counts = ingest(store, [str(big), str(samples)], NO_EXTRACT)
    assert counts.errors == 1 and "too large" in counts.error_lines[0]
    assert counts.pages_read == 5


def test_undecodable_bytes_are_decoded_by_detected_charset(tmp_path):
    page = tmp_path / "cp1251.txt"
    text = ("12.03.2024\nСовет министров иностранных дел государств-членов провел очередное заседание в Минске. "
            "Министры обсудили международную и региональную безопасность и приняли заявление о сотрудничестве.")
    page.write_bytes(text.encode("cp1251"))
    store = Store(str(tmp_path / "s.db"))
    counts = ingest(store, [str(page)], NO_EXTRACT)
    assert counts.errors == 0
    (item,) = store.items()
    assert "Минске" in item.text
