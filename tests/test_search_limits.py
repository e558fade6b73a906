"""A query matching more items than the database reads in full: the API and the search page say
that the total is a lower bound and which facet counts come from a sample (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest

import test_api_endpoints
from communique.store import search as search_module
from communique.web.pages import search as search_page

client = test_api_endpoints.client  # the sample store's app, on SQLite and on PostgreSQL


@pytest.fixture
def small_limit(monkeypatch):
    """Both databases read at most 2 matches in full (the sample store has 18 for "CSTO")."""
    for dialect in ("sqlite", "postgresql"):
        monkeypatch.setitem(search_module.EXACT_LIMIT, dialect, 2)


def summary(html: str) -> str:
    return re.search(r'<p class="summary">(.*?)</p>', html, re.S).group(1)


def test_api_says_when_counts_are_exact(client):
    r = client.get("/api/search", params={"q": "CSTO", "limit": 5}).json()
    assert r["total"] == 18 and r["total_exact"] is True and r["order"] == "relevance"
    assert r["facets_approximate"] == [] and r["facets_sample"] is None


def test_api_flags_a_lower_bound_and_sampled_facets(client, small_limit):
    r = client.get("/api/search", params={"q": "CSTO", "limit": 1}).json()
    assert r["total_exact"] is False and 2 <= r["total"] < 18 and r["order"] == "newest"
    assert r["facets_approximate"] == list(search_module.FACETS) and r["facets_sample"] >= 3
    assert sum(f["count"] for f in r["facets"]["kind"]) == r["facets_sample"]
    assert [h["published"] for h in r["results"]] == ["2025-12-05"]
    # a narrow filter: every candidate is checked, so the total is exact again
    narrowed = client.get("/api/search", params={"q": "CSTO", "person": "e_masad"}).json()
    assert narrowed["total_exact"] is True and narrowed["total"] == 3
    assert narrowed["facets_approximate"] == ["person"]


def test_search_page_shows_bounds_and_approximate_counts(client, small_limit, monkeypatch):
    monkeypatch.setattr(search_page, "PER_PAGE", 1)  # a page of 20 would check all 21 sample items
    html = client.get("/search", params={"q": "CSTO"}, headers={"accept": "text/html"}).text
    assert re.match(r"\s*<span[^>]*>\d+\+</span> item\(s\)", summary(html)) and "newest first" in summary(html)
    assert "approx-note" in html and html.count('class="approx"') == 6
    assert re.search(r"1–1 of \d+\+</span>\s*<a [^>]*>next →</a>", html)
    narrowed = client.get("/search", params={"q": "CSTO", "person": "e_masad"}, headers={"accept": "text/html"}).text
    assert summary(narrowed).startswith("3 item(s)") and narrowed.count('class="approx"') == 1


def test_search_page_without_limits_shows_plain_counts(client):
    html = client.get("/search", params={"q": "CSTO"}, headers={"accept": "text/html"}).text
    assert summary(html).startswith("18 item(s)") and "approx" not in html
