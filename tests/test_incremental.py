"""Extraction work bounded per window and per new item (issue 17): a huge paragraph is read in
windows with the results of the windows read alone, and a later ingest reads only the items it
has no good kept reading of, with the export of a run that read everything."""

from __future__ import annotations

from dataclasses import replace

import pytest

import communique.extract as extract_module
from communique.export import build_export
from communique.extract import build_knowledge, read_items, windows, working_profile
from communique.model import Item, PartialDate
from communique.pipeline import Settings, extract, ingest
from communique.segment import segment_text
from communique.store import Store


def sample_items(samples) -> list[Item]:
    items: list[Item] = []
    for path in sorted(samples.iterdir()):
        items.extend(segment_text(path.read_text(encoding="utf-8"), path.resolve().as_uri()))
    return items


@pytest.fixture
def paragraph(samples) -> Item:
    """Every sample item's text run together into one paragraph (about 20k characters)."""
    text = " ".join(" ".join(it.text.split()) for it in sample_items(samples))
    return Item("i_paragraph000000", "A long statement", text, PartialDate(2025, 12, 1), ())


def test_a_huge_paragraph_is_cut_between_sentences_into_bounded_windows(paragraph, monkeypatch):
    monkeypatch.setattr(windows, "WINDOW_CHARS", 2000)
    cut = windows.split(paragraph)
    assert len(cut) >= len(paragraph.full_text) // 2000
    assert "".join(w.piece.full_text for w in cut) == paragraph.full_text
    for w in cut:
        assert len(w.piece.full_text) <= 2000
        assert paragraph.full_text[w.offset:w.offset + len(w.piece.full_text)] == w.piece.full_text
        assert w is cut[0] or w.piece.full_text[0].isupper()  # a window opens a sentence
    assert cut[0].piece.title == paragraph.title and all(w.piece.title is None for w in cut[1:])
    assert windows.split(replace(paragraph, text="Short.")) == [windows.Window(replace(paragraph, text="Short."), 0,
                                                                              replace(paragraph, text="Short."))]


def test_a_sentence_longer_than_a_window_is_cut_at_spaces(monkeypatch):
    item = Item("i_words0000000000", None, "word " * 1000, None, ())
    cut = windows.split(item, size=300)
    assert all(len(w.piece.full_text) <= 300 for w in cut)
    assert "".join(w.piece.full_text for w in cut) == item.full_text


def test_a_huge_paragraph_reads_as_its_windows_read_alone(paragraph, monkeypatch):
    """The same people, organizations, places, events and documents as the windows read as items
    of their own, every mention pointing at its words in the whole text."""
    monkeypatch.setattr(windows, "WINDOW_CHARS", 3000)
    whole = build_knowledge([paragraph])
    pieces = [replace(w.piece, id=f"i_window{k:010d}") for k, w in enumerate(windows.split(paragraph))]
    alone = build_knowledge(pieces)
    assert len(pieces) > 5
    assert {(e.type, e.name) for e in whole.entities} == {(e.type, e.name) for e in alone.entities}
    # (one item: a sentence printed twice in it is one event, as in any item)
    assert {(v.type, v.evidence) for v in whole.events} == {(v.type, v.evidence) for v in alone.events}
    assert {d.title for d in whole.documents} == {d.title for d in alone.documents}
    assert {v.item_id for v in whole.events} == {paragraph.id}

    profile = working_profile(None)
    cut = windows.split(paragraph)
    parts = read_items([w.piece for w in cut], profile)
    found = extract_module._find([(a, extract_module.KnownNames(set())) for a in parts], profile)
    placed = windows.placed(paragraph, cut, found)
    assert len(placed) == len(cut)
    for (a, events, documents), w in zip(placed, cut, strict=True):
        assert a.item == paragraph and a.text == paragraph.full_text
        assert all(w.offset <= m.start and a.text[m.start:m.end] == m.text for m in a.mentions)
        assert all(w.offset <= d.start < d.end for d in events + documents)
        assert [" ".join(a.text[d.start:d.end].split()) for d in events] == [d.evidence for d in events]
    assert any(a.mentions for a, _, _ in placed) and any(ev for _, ev, _ in placed)


def test_an_item_within_a_window_is_read_whole(samples):
    """Up to WINDOW_CHARS (every item of the samples, seeds and development sets) nothing changes."""
    for item in sample_items(samples):
        assert windows.split(item) == [windows.Window(item, 0, item)]


def _reading(monkeypatch) -> list[str]:
    """The ids of the items read (by names and the model) from now on."""
    seen: list[str] = []
    real = extract_module.read_items

    def spy(items, profile, *args, **kwargs):
        seen.extend(it.id for it in items)
        return real(items, profile, *args, **kwargs)

    monkeypatch.setattr(extract_module, "read_items", spy)
    return seen


def test_a_second_ingest_reads_only_its_new_items(tmp_path, samples, monkeypatch):
    pages = sorted(str(p) for p in samples.iterdir())
    once = Store(str(tmp_path / "once.db"))
    ingest(once, pages, Settings())

    store = Store(str(tmp_path / "twice.db"))
    ingest(store, pages[:3], Settings())
    before = {it.id for it in store.items()}
    seen = _reading(monkeypatch)
    ingest(store, pages[3:], Settings())
    assert seen and set(seen) == {it.id for it in store.items()} - before
    assert build_export(store.items(), store.knowledge()) == build_export(once.items(), once.knowledge())

    seen.clear()
    extract(store)  # `communique extract`: every item read again, the same knowledge
    assert sorted(seen) == sorted(it.id for it in store.items())
    assert store.knowledge() == once.knowledge()
    assert set(store.kept_readings()) == {it.id for it in store.items()}


def test_kept_readings_are_read_again_after_a_change_of_extractor(tmp_path, samples, monkeypatch):
    store = Store(str(tmp_path / "s.db"))
    ingest(store, [str(samples)], Settings())
    knowledge = store.knowledge()
    seen = _reading(monkeypatch)
    extract(store, reuse=True)
    assert store.knowledge() == knowledge and seen == []  # nothing new: nothing read

    monkeypatch.setattr(extract_module.readings, "version", lambda profile: "another extractor")
    extract(store, reuse=True)
    assert store.knowledge() == knowledge
    assert sorted(seen) == sorted(it.id for it in store.items())


def test_kept_readings_round_trip_in_postgresql(pg_url, samples, monkeypatch):
    store = Store(pg_url)
    ingest(store, [str(samples)], Settings())
    kept = store.kept_readings()
    assert set(kept) == {it.id for it in store.items()} and all(isinstance(d, bytes) for _, d in kept.values())
    knowledge = store.knowledge()
    seen = _reading(monkeypatch)
    extract(store, reuse=True)
    assert store.knowledge() == knowledge and seen == []
