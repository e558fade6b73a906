"""Server-rendered pages without a browser: escaping, links, feeds, templates free of inline script."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from icalendar import Calendar

import communique.web
from communique.web import create_app
from communique.web.views import safe_href, segments
from test_web_data import TODAY, hostile_store, sample_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WEB = Path(communique.web.__file__).parent
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("p") / "p.db")
    sample_store(db).close()
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("h")
    hostile_store(str(folder / "h.db"), folder / "pages").close()
    with TestClient(create_app(str(folder / "h.db"), None, max_age=0, today=lambda: TODAY)) as c:
        yield c


def test_templates_have_no_inline_script_style_or_handlers():
    for path in (WEB / "templates").glob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path.name
        assert not re.search(r"\son[a-z]+\s*=", text), path.name
        assert " style=" not in text and "<style" not in text, path.name
        assert "|safe" not in text and "Markup(" not in text, path.name
        assert "http://" not in text and "https://" not in text, path.name  # nothing from elsewhere


def test_vendored_libraries_are_there_with_their_licenses():
    vendor = WEB / "static" / "vendor"
    for f in ("cytoscape/cytoscape.min.js", "cytoscape/LICENSE", "swagger-ui/swagger-ui-bundle.js",
              "swagger-ui/swagger-ui.css", "swagger-ui/LICENSE"):
        assert (vendor / f).stat().st_size > 500, f


def test_every_page_links_to_the_others(client):
    home = client.get("/", headers=HTML).text
    for href in ("/search", "/timeline", "/people", "/bodies", "/graph", "/calendar", "/docs", "/feed.atom"):
        assert f'href="{href}"' in home
    assert 'href="/people/e_semer"' in client.get("/bodies/e_csto").text
    assert 'href="/bodies/e_csto"' in client.get("/people/e_semer").text
    assert 'href="/entities/e_geneva"' in client.get("/timeline?year=2025&month=12").text
    assert client.get("/entities/e_csto", follow_redirects=False).headers["location"] == "/bodies/e_csto"


def test_timeline_zoom_levels(client):
    years = client.get("/timeline").text
    assert 'href="/timeline?year=2022"' in years and 'href="/timeline?year=2025"' in years
    months = client.get("/timeline?year=2025").text
    assert 'href="/timeline?year=2025&amp;month=11"' in months and "3 event(s) in 2025" in months
    days = client.get("/timeline?year=2025&month=11&type=conference").text
    assert 'id="d26"' in days and "Minsk" in days
    assert client.get("/timeline?month=3", headers=HTML).status_code == 422


def test_person_page_draws_offices_as_bars(client):
    page = client.get("/people/e_tasma").text
    assert page.count('<g class="bar') == 1 and "<svg" in page
    assert "I. Tasmagambetov" in page and "Secretary General" in page and "Imangali Tasmagambetov took part" in page


def test_atom_and_ics_feeds(client):
    atom = client.get("/feed.atom")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 5 and all(e.find("a:updated", ns).text.endswith("Z") for e in entries)
    ics = client.get("/calendar.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    (ev,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(ev["uid"]) == "v_soon@communique" and str(ev["location"]) == "Yerevan"


def test_hostile_text_is_escaped_on_every_page(hostile):
    item_ids = [h["id"] for h in hostile.get("/api/search", params={"q": "Minsk"}).json()["results"]]
    urls = ["/", "/search?q=Minsk", "/search?q=script", "/people/e_evil", "/bodies/e_evorg", "/people", "/bodies",
            "/timeline?year=2025&month=12", "/graph", "/calendar", *[f"/items/{i}" for i in item_ids]]
    for url in urls:
        html = hostile.get(url, headers=HTML).text
        assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html, url
        assert not re.search(r'href="\s*(javascript|data):', html, re.I), url
    page = hostile.get("/people/e_evil").text
    assert "&lt;img src=x onerror=" in page
    feed = hostile.get("/feed.atom").content
    assert b"<script>" not in feed and ET.fromstring(feed) is not None


def test_safe_href():
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("file:///tmp/x.txt") == "file:///tmp/x.txt"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,x", "vbscript:x", "", None, "http://exa mple.org"):
        assert safe_href(bad) is None, bad


def test_segments_mark_evidence_and_names():
    segs = segments("Anna Petrova met Boris in Minsk.", ["Anna Petrova met Boris"],
                    {"e_a": ["Anna Petrova", "A. Petrova"], "e_m": ["Minsk"]}, {"e_a": "person", "e_m": "place"})
    assert "".join(s.text for s in segs) == "Anna Petrova met Boris in Minsk."
    assert [(s.text, s.evidence, s.entity) for s in segs] == [
        ("Anna Petrova", True, "e_a"), (" met Boris", True, None), (" in ", False, None), ("Minsk", False, "e_m"),
        (".", False, None)]
