"""Stores for the web, API and search tests: the bundled sample pages plus knowledge set by
hand (independent of extraction), and a hostile store whose pages and knowledge carry
markup and script that must never run. Imported by the test_web_* / test_api_* modules."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from communique.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Item,
    Knowledge,
    Page,
    PartialDate,
    Source,
    Tenure,
)
from communique.pipeline import Settings, ingest
from communique.store import Store

D = PartialDate
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "csto"
TODAY = date(2025, 12, 10)  # the apps under test count "upcoming" from here
PAYLOAD = "window.__pwned=1;document.title='PWNED'"


def find(items: list[Item], phrase: str) -> Item:
    return next(it for it in items if phrase in it.text)


def sentence(item: Item, phrase: str) -> str:
    """The sentence of the item's text holding the phrase (evidence must quote the text)."""
    for s in re.split(r"(?<=[.!?])\s+", item.text):
        if phrase in s:
            return s
    raise AssertionError(phrase)


def knowledge(items: list[Item]) -> Knowledge:
    sg = find(items, "Secretary General Imangali Tasmagambetov took part")
    semer = find(items, "Deputy Secretary General Valery Semerikov")
    masad = find(items, "Deputy Secretary General Taalatbek Masadikov")
    minsk = find(items, "Minsk hosted")
    kremlin = find(items, "in the Kremlin in Moscow")
    cfm = find(items, "Yerevan hosted a regular meeting")
    soon = next((i for i in items if (i.title or "").startswith("Announcement")), cfm)
    ahead = TODAY + timedelta(days=20)
    return Knowledge(
        entities=(
            Entity("e_tasma", "person", "Imangali Tasmagambetov", ("I. Tasmagambetov",), ("'I. Tasmagambetov' is an initial",)),
            Entity("e_semer", "person", "Valery Semerikov"),
            Entity("e_masad", "person", "Taalatbek Masadikov"),
            Entity("e_csto", "organization", "Collective Security Treaty Organization", ("CSTO",)),
            Entity("e_cfm", "organization", "Council of Foreign Ministers", ("CFM",), (), "e_csto"),
            Entity("e_minsk", "place", "Minsk"),
            Entity("e_moscow", "place", "Moscow"),
            Entity("e_geneva", "place", "Geneva"),
            Entity("e_yerevan", "place", "Yerevan"),
        ),
        tenures=(
            Tenure("e_tasma", "Secretary General", "e_csto", D(2023, 1, 1), D(2025, 12, 31),
                   (Evidence(sg.id, sentence(sg, "Imangali Tasmagambetov"), D(2025, 3)),)),
            Tenure("e_semer", "Deputy Secretary General", "e_csto", D(2022, 5), D(2025, 12, 5),
                   (Evidence(semer.id, sentence(semer, "Valery Semerikov"), D(2025, 12, 5)),)),
            Tenure("e_masad", "Deputy Secretary General", "e_csto", D(2024), D(2025, 12, 5),
                   (Evidence(masad.id, sentence(masad, "Taalatbek Masadikov"), D(2025, 12, 5)),)),
        ),
        events=(
            Event("v_kremlin", "meeting", D(2022, 5, 16), None, "e_moscow", ("e_tasma", "e_semer"), ("e_csto",),
                  "reported", kremlin.id, sentence(kremlin, "in the Kremlin in Moscow")),
            Event("v_minsk", "conference", D(2025, 11, 26), D(2025, 11, 27), "e_minsk", ("e_semer", "e_masad"),
                  ("e_csto",), "reported", minsk.id, sentence(minsk, "Minsk hosted")),
            Event("v_geneva", "meeting", D(2025, 12, 1), D(2025, 12, 5), "e_geneva", ("e_masad", "e_semer"),
                  ("e_csto",), "reported", masad.id, sentence(masad, "Taalatbek Masadikov")),
            Event("v_cfm", "meeting", D(2022, 11, 23), None, "e_yerevan", ("e_tasma",), ("e_cfm",), "reported",
                  cfm.id, sentence(cfm, "Yerevan hosted")),
            Event("v_soon", "meeting", D(ahead.year, ahead.month, ahead.day), None, "e_yerevan",
                  ("e_tasma", "e_masad"), ("e_cfm",), "announced", soon.id, soon.text.split(".")[0] + "."),
        ),
        documents=(
            Document("e_doc1", "Statement on international security", "statement", "e_cfm", D(2022, 11, 23), cfm.id,
                     sentence(cfm, "Yerevan hosted")),
        ),
    )


def sample_store(db: str) -> Store:
    store = Store(db)
    ingest(store, [str(SAMPLES)], Settings(extract=False))
    store.replace_knowledge(knowledge(store.items()))
    return store


HOSTILE_TXT = f"""05.12.2025
Council meets <script>{PAYLOAD}</script> in Minsk

On 4 December the council met in Minsk. <img src=x onerror="{PAYLOAD}"> was said.
<svg onload="{PAYLOAD}"></svg> <a href="javascript:{PAYLOAD}">read more</a> </textarea><iframe src="javascript:{PAYLOAD}">
"""

HOSTILE_HTML = f"""<!doctype html><html><head><title>&lt;img src=x onerror="{PAYLOAD}"&gt;</title></head>
<body><article><h1>Summit &lt;script&gt;{PAYLOAD}&lt;/script&gt; ends</h1>
<p>05.12.2025</p>
<p>On 5 December the summit ended in Minsk. &lt;svg onload="{PAYLOAD}"&gt;&lt;/svg&gt; and
<a href="javascript:{PAYLOAD}">a javascript link</a> and <img src=x onerror="{PAYLOAD}"> were on the page.</p>
<script>{PAYLOAD}</script></article></body></html>
"""

EVIL = f'<img src=x onerror="{PAYLOAD}">'


def hostile_store(db: str, folder: Path) -> Store:
    """Pages full of markup, a javascript: source URI, and entity names / evidence that are markup."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    store = Store(db)
    ingest(store, [str(folder)], Settings(extract=False))
    run = store.begin_run(["javascript:"])
    for uri in (f"javascript:{PAYLOAD}", "data:text/html,<script>alert(1)</script>"):
        text = f"05.12.2025\nA page read from {uri} about the council in Minsk and its <b>bold</b> claims."
        page = Page(uri=uri, text=text)
        item = Item(f"i_evil{len(uri):012d}", None, text.split("\n", 1)[1], D(2025, 12, 5), (Source(uri, 11),))
        store.save_page(page, run, [(item, b"\x00" * 8)], [])
    items = store.items()
    first = items[0]
    store.replace_knowledge(Knowledge(
        entities=(Entity("e_evil", "person", EVIL, (f"<script>{PAYLOAD}</script>",)),
                  Entity("e_evorg", "organization", f'<svg onload="{PAYLOAD}">', ()),
                  Entity("e_minsk", "place", "Minsk")),
        tenures=(Tenure("e_evil", f'"><script>{PAYLOAD}</script>', "e_evorg", D(2024), D(2025, 12, 5),
                        (Evidence(first.id, f"<script>{PAYLOAD}</script>", D(2025, 12, 5)),)),),
        events=tuple(Event(f"v_evil{i}", "meeting", D(2025, 12, 4 + i), None, "e_minsk", ("e_evil",), ("e_evorg",),
                           "reported" if i else "announced", it.id, f"<script>{PAYLOAD}</script> met")
                     for i, it in enumerate(items)),
    ))
    return store


def test_sample_store_knowledge_quotes_the_items(tmp_path):
    store = sample_store(str(tmp_path / "d.db"))
    by_id = {it.id: it for it in store.items()}
    k = store.knowledge()
    assert all(v.evidence in by_id[v.item_id].text for v in k.events if v.status == "reported")
    assert all(e.text in by_id[e.item_id].text for r in k.tenures for e in r.evidence)
