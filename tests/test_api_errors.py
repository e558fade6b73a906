"""One error shape, caching headers, security headers and the write token."""

from __future__ import annotations

import warnings

import pytest

from communique.web import create_app
from communique.web.middleware import CSP
from test_web_data import SAMPLES, TODAY, sample_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("err") / "e.db")
    sample_store(path).close()
    return path


def client_for(db: str, token: str | None = None) -> TestClient:
    return TestClient(create_app(db, token, max_age=0, today=lambda: TODAY), raise_server_exceptions=False)


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("url,status,code", [
    ("/api/nothing-here", 404, "not_found"),
    ("/nothing-here", 404, "not_found"),
    ("/api/items/i_doesnotexist", 404, "not_found"),
    ("/api/people/e_csto", 404, "not_found"),
    ("/api/items?limit=0", 422, "validation_error"),
    ("/api/items?limit=abc", 422, "validation_error"),
    ("/api/items?offset=-1", 422, "validation_error"),
    ("/api/who?office=Secretary+General", 422, "validation_error"),
    ("/api/who?office=Secretary+General&on=2022-13-01", 422, "validation_error"),
    ("/api/events?from=16+May", 422, "validation_error"),
    ("/api/search?year=22", 422, "validation_error"),
])
def test_every_error_has_one_shape(db, url, status, code):
    err = assert_error(client_for(db).get(url), status, code)
    if code == "validation_error" and "2022-13" not in url:
        assert err["details"][0]["where"]


def test_wrong_method_and_browser_404(db):
    c = client_for(db)
    assert_error(c.delete("/api/items"), 405, "method_not_allowed")
    page = c.get("/nothing-here", headers={"accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "not_found" in page.text


def test_etag_and_304(db):
    c = client_for(db)
    for url in ("/api/items", "/api/search?q=CSTO", "/api/events", "/", "/timeline", "/feed.atom"):
        r = c.get(url)
        assert r.status_code == 200 and r.headers["etag"].startswith('"')
        assert r.headers["cache-control"] == "no-cache"
        again = c.get(url, headers={"if-none-match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == r.headers["etag"]
        assert c.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    static = c.get("/static/app.css")
    assert static.status_code == 200 and "max-age" in static.headers["cache-control"]
    assert c.get("/static/app.css", headers={"if-none-match": static.headers["etag"]}).status_code == 304


def test_security_headers_everywhere(db):
    c = client_for(db)
    for r in (c.get("/"), c.get("/api/items"), c.get("/api/nope"), c.post("/api/ingest"), c.get("/docs")):
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    for part in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                 "frame-ancestors 'none'"):
        assert part in CSP


def test_writes_need_the_token(db, tmp_path):
    page = SAMPLES / "000_ff356012d94ae253.txt"
    files = {"file": ("news.txt", page.read_bytes(), "text/plain")}
    read_only = client_for(db)
    assert_error(read_only.post("/api/ingest", files=files), 403, "forbidden")
    c = client_for(db, token="s3cret")
    err = c.post("/api/ingest", files=files)
    assert_error(err, 401, "unauthorized")
    assert err.headers["www-authenticate"].startswith("Bearer")
    assert_error(c.post("/api/ingest", files=files, headers={"authorization": "Bearer wrong"}), 401, "unauthorized")
    auth = {"authorization": "Bearer s3cret"}
    assert_error(c.post("/api/ingest", headers=auth), 422, "validation_error")
    assert_error(c.post("/api/ingest", data={"url": "javascript:alert(1)"}, headers=auth), 422, "validation_error")
    fresh = str(tmp_path / "fresh.db")
    w = client_for(fresh, token="s3cret")
    ok = w.post("/api/ingest", files=files, data={"extract": "false"}, headers=auth)
    assert ok.status_code == 200 and ok.json()["pages_read"] == 1 and ok.json()["items_new"] > 0
    assert w.get("/api/items").json()["total"] == ok.json()["items_new"]
    again = w.post("/api/ingest", files=files, data={"extract": "false"}, headers=auth).json()
    assert again["pages_unchanged"] == 1 and again["items_new"] == 0
    refused = w.post("/api/ingest", data={"url": "http://127.0.0.1:9/x", "extract": "false"}, headers=auth).json()
    assert refused["errors"] == 1 and refused["pages_read"] == 0
