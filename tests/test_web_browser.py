"""The pages in a real browser (Debian's Chromium through Playwright; no browser download).

A uvicorn server runs the app on a free loopback port; every request the page makes to any
other address is refused and recorded (the app must work offline: vendored JS, no CDN).
Screenshots of each page type go to $COMMUNIQUE_SCREENSHOTS (docs/screenshots/ in the repo
is made with COMMUNIQUE_SCREENSHOTS=docs/screenshots), else to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from communique.web import create_app
from test_web_data import PAYLOAD, TODAY, hostile_store, sample_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(db, None, max_age=0, today=lambda: TODAY)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: run `make test` (installs it) or `apt-get install chromium`")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("site") / "site.db")
    sample_store(db).close()
    with Server(db) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    hostile_store(str(folder / "h.db"), folder / "pages").close()
    with Server(str(folder / "h.db")) as server:
        yield server


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("COMMUNIQUE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """A page that records what must not happen: dialogs, script errors, CSP refusals, outside requests."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport={"width": 960, "height": 720})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def route(r):
            if r.request.url.startswith(base) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def pwned(self) -> bool:
        return bool(self.page.evaluate("() => window.__pwned === 1 || document.title === 'PWNED'"))

    def close(self) -> None:
        self.context.close()


def test_click_through_search_item_person_timeline(browser, site, shots):
    w = Watch(browser, site.url)
    page = w.page
    page.goto(f"{site.url}/")
    page.fill("#quick-q", "Masadikov Geneva")
    page.press("#quick-q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits li.hit").count() == 1
    assert {m.lower() for m in page.locator("li.hit mark").all_inner_texts()} >= {"masadikov"}
    assert page.locator(".facet[data-facet=place] a", has_text="Geneva").count() == 1
    page.goto(f"{site.url}/search?q=CSTO")
    page.screenshot(path=str(shots / "search.png"))
    page.locator(".facet[data-facet=person] a", has_text="Taalatbek Masadikov").click()
    page.wait_for_selector(".facet li.chosen")
    assert "person=e_masad" in page.url
    page.locator("li.hit", has_text="Masadikov").locator("a.title").first.click()

    page.wait_for_selector("article.item")
    assert page.locator(".text mark.ev, .text a.ent.ev").count() >= 1
    assert page.locator(".text a.ent.person", has_text="Taalatbek Masadikov").count() >= 1
    assert page.locator("ul.sources li").count() == 2
    page.screenshot(path=str(shots / "item.png"))
    page.locator(".text a.ent.person", has_text="Taalatbek Masadikov").first.click()

    page.wait_for_selector("svg.gantt")
    assert page.locator("h1").inner_text() == "Taalatbek Masadikov"
    assert page.locator("svg.gantt g.bar").count() == 1
    assert "Deputy Secretary General" in page.locator("table.tenures").inner_text()
    assert page.locator("ul.events li.event").count() == 3  # Minsk, Geneva, the announced one
    page.screenshot(path=str(shots / "person.png"))

    page.locator("header nav a", has_text="Timeline").click()
    page.wait_for_selector("svg.timeline")
    assert page.locator("svg.timeline g.bar").count() == 2  # 2022, 2025
    page.screenshot(path=str(shots / "timeline-years.png"))
    page.locator("svg.timeline a").last.click()
    page.wait_for_url("**year=2025")
    assert page.locator("svg.timeline g.bar").count() == 12
    page.locator("svg.timeline a[href*='month=12']").click()
    page.wait_for_url("**month=12")
    assert page.locator("h3#d1").count() == 1 and page.locator("h3#d30").count() == 1
    assert "Geneva" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "timeline-days.png"))
    assert not w.dialogs and not w.errors and not w.outside and not w.pwned()
    w.close()


def test_body_graph_calendar_docs_and_home(browser, site, shots):
    w = Watch(browser, site.url)
    page = w.page
    page.goto(f"{site.url}/bodies/e_csto")
    assert "Members and office holders" in page.inner_text("main")
    assert page.locator("table.tenures tbody tr").count() == 3
    page.screenshot(path=str(shots / "body.png"))

    page.goto(f"{site.url}/graph")
    page.wait_for_function("() => document.getElementById('graph').dataset.ready !== undefined")
    assert page.get_attribute("#graph", "data-ready") == "3"
    assert page.locator("#graph canvas").count() >= 1
    page.screenshot(path=str(shots / "graph.png"))

    page.goto(f"{site.url}/calendar")
    assert page.locator("table.cal td.busy").count() == 1
    assert "Yerevan" in page.inner_text("ul.events")
    page.screenshot(path=str(shots / "calendar.png"))

    page.goto(f"{site.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    page.screenshot(path=str(shots / "api-docs.png"))

    page.goto(f"{site.url}/")
    assert "Coming up" in page.inner_text("main")
    page.screenshot(path=str(shots / "home.png"))
    assert not w.dialogs and not w.outside and not w.pwned()
    assert not [e for e in w.errors if "Content Security Policy" in e or "Refused" in e], w.errors
    w.close()


def test_hostile_pages_and_knowledge_never_run(browser, hostile_site, shots):
    w = Watch(browser, hostile_site.url)
    page = w.page
    page.goto(f"{hostile_site.url}/search?q=Minsk")
    items = page.eval_on_selector_all("li.hit a.title", "els => els.map(e => e.getAttribute('href'))")
    assert len(items) >= 4
    page.screenshot(path=str(shots / "hostile-search.png"))
    urls = ["/", "/search?q=script", "/search?q=Minsk&person=e_evil", *items, "/people/e_evil", "/bodies/e_evorg",
            "/entities/e_minsk", "/people", "/bodies", "/timeline", "/timeline?year=2025",
            "/timeline?year=2025&month=12", "/graph", "/calendar", "/nothing<script>"]
    for url in urls:
        page.goto(hostile_site.url + url)
        page.wait_for_load_state("load")
        if url == "/graph":
            page.wait_for_function("() => document.getElementById('graph').dataset.ready !== undefined")
        assert not w.pwned(), url
        assert page.locator("a[href^='javascript:' i], a[href^='data:' i], iframe, img, object, embed").count() == 0, url
        assert page.locator("script:not([src])").count() == 0, url
        assert page.eval_on_selector_all("*", "els => els.filter(e => [...e.attributes].some("
                                              "a => a.name.startsWith('on'))).length") == 0, url
    page.goto(f"{hostile_site.url}{items[0]}")
    assert "<script>" in page.inner_text("main") or "onerror" in page.inner_text("main")
    page.goto(f"{hostile_site.url}/people/e_evil")
    assert page.inner_text("h1") == '<img src=x onerror="' + PAYLOAD + '">'
    page.screenshot(path=str(shots / "hostile-person.png"))
    shown = []
    for i in range(2):  # the two items read from a javascript: and a data: URI: shown, never linked
        page.goto(f"{hostile_site.url}/search?q=bold")
        page.locator("li.hit a.title").nth(i).click()
        shown.append(page.inner_text("ul.sources"))
        assert page.locator("ul.sources a").count() == 0
    assert sorted(x.split(":")[0] for x in shown) == ["data", "javascript"]
    assert not w.dialogs and not w.outside and not w.pwned()
    assert page.title() != "PWNED"
    w.close()
