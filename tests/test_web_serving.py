"""The server while its store changes, and what it lets in: the knowledge snapshot reloaded once,
in the background; uploads in a private folder; the Host header checked; local paths shown
only to the token's holder; HEAD answered as GET without the body."""

from __future__ import annotations

import dataclasses
import hashlib
import stat
import tempfile
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

from communique.model import Entity
from communique.pipeline import Settings, ingest
from communique.store import Store
from communique.store import search as search_module
from communique.web import create_app
from communique.web import state as state_module
from test_web_data import TODAY, sample_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "a.db")
    sample_store(path).close()
    return path


def add_person(db: str, name: str) -> None:
    store = Store(db)
    k = store.knowledge()
    store.replace_knowledge(dataclasses.replace(k, entities=(*k.entities, Entity("e_new", "person", name))))
    store.close()


def people_named(client: TestClient, name: str) -> int:
    r = client.get("/api/people", params={"name": name})
    assert r.status_code == 200, r.text
    return r.json()["total"]


def test_requests_during_a_reload_are_answered_from_the_previous_snapshot_built_once(db, monkeypatch):
    """While the store changes, many requests start one reload between them, in the background,
    and are answered from the snapshot they had meanwhile (they used to build it, each)."""
    monkeypatch.setattr(state_module, "REST", 0, raising=False)
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as client:
        assert people_named(client, "Newly Added") == 0
        builds, started, release = [], threading.Event(), threading.Event()
        real = search_module._build

        def held(*args, **kwargs):
            builds.append(threading.current_thread().name)
            started.set()
            release.wait(10)  # bounded, so that code which builds in the request threads ends
            return real(*args, **kwargs)

        monkeypatch.setattr(search_module, "_build", held)
        add_person(db, "Newly Added")
        with ThreadPoolExecutor(8) as pool:
            during = list(pool.map(lambda _: people_named(client, "Newly Added"), range(24)))
        answered_while_held = not release.is_set()
        assert started.wait(10), "no reload began"
        release.set()
        assert answered_while_held and during == [0] * 24
        client.app.state.communique.snapshots.reload()  # waits for the reload in flight
        assert people_named(client, "Newly Added") == 1
        assert builds == ["communique-snapshot"]


def test_a_failed_reload_keeps_the_previous_snapshot(db, monkeypatch):
    monkeypatch.setattr(state_module, "REST", 0, raising=False)
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY), raise_server_exceptions=False) as client:
        assert people_named(client, "Masadikov") == 1
        failed = threading.Event()

        def broken(*_args, **_kwargs):
            failed.set()
            raise RuntimeError("the database went away")

        monkeypatch.setattr(search_module, "_build", broken)
        add_person(db, "Newly Added")
        assert people_named(client, "Masadikov") == 1
        assert failed.wait(10)
        assert people_named(client, "Masadikov") == 1 and people_named(client, "Newly Added") == 0


# --- uploads -------------------------------------------------------------------------------

PAGE = b"Notice of the Council\n\n12 March 2025\n\nThe Council of Foreign Ministers met in Minsk on 12 March 2025.\n"
AUTH = {"authorization": "Bearer t0ken"}


def upload(client: TestClient, name: str, data: bytes):
    return client.post("/api/ingest", files={"file": (name, data, "text/plain")}, data={"extract": "false"},
                       headers=AUTH)


def test_uploads_go_to_a_private_folder_and_never_through_a_link(db, tmp_path, monkeypatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    # Another local user plants a link where uploads used to be written (a fixed folder).
    planted = temp / "communique-uploads" / hashlib.sha256(PAGE).hexdigest()[:16]
    planted.mkdir(parents=True)
    (planted / "notice.txt").symlink_to(victim)
    with TestClient(create_app(db, "t0ken", max_age=0, today=lambda: TODAY), raise_server_exceptions=False) as client:
        first = upload(client, "notice.txt", PAGE)
        assert victim.read_text() == "precious"
        assert first.status_code == 200 and first.json()["pages_read"] == 1, first.text
        uploads = client.app.state.communique.uploads()
        assert uploads.parent == temp and uploads.name.startswith("communique-uploads-")
        assert stat.S_IMODE(uploads.stat().st_mode) == 0o700
        assert upload(client, "notice.txt", PAGE).json()["pages_unchanged"] == 1  # the same file again
        # Even inside the server's own folder, a link in the way is refused, not followed.
        other = PAGE.replace(b"Minsk", b"Astana")
        inside = uploads / hashlib.sha256(other).hexdigest()[:16]
        inside.mkdir()
        (inside / "other.txt").symlink_to(victim)
        refused = upload(client, "other.txt", other)
        assert refused.status_code == 500 and refused.json()["error"]["code"] == "internal_error"
        assert victim.read_text() == "precious"
    assert not uploads.exists()  # removed when the server stops


# --- local paths in /api/runs ----------------------------------------------------------------


def test_runs_show_local_paths_only_to_the_tokens_holder(tmp_path):
    folder = tmp_path / "private-project" / "pages"
    folder.mkdir(parents=True)
    (folder / "notice.txt").write_bytes(PAGE)
    (folder / "broken.warc").write_bytes(b"WARC/1.0\r\nnot really\r\n")
    db = str(tmp_path / "runs.db")
    store = Store(db)
    ingest(store, [str(folder)], Settings(extract=False))
    store.close()
    for token in (None, "t0ken"):
        with TestClient(create_app(db, token, max_age=0, today=lambda: TODAY)) as client:
            (run,) = client.get("/api/runs").json()["results"]
            assert run["inputs"] == ["pages"]
            assert run["errors"] and all(str(tmp_path) not in e and "private-project" not in e for e in run["errors"])
            assert any("pages/broken.warc" in e for e in run["errors"]), run["errors"]
            if token:
                (full,) = client.get("/api/runs", headers=AUTH).json()["results"]
                assert full["inputs"] == [str(folder)] and any(str(folder) in e for e in full["errors"])
                wrong = client.get("/api/runs", headers={"authorization": "Bearer nope"}).json()["results"]
                assert wrong[0]["inputs"] == ["pages"]


# --- the Host header -------------------------------------------------------------------------


def served_app(monkeypatch, db, *args) -> object:
    """The app `communique serve` would run (uvicorn.run caught)."""
    import uvicorn
    from typer.testing import CliRunner

    from communique.cli import app as cli

    caught = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: caught.update(app=app, **kw))
    result = CliRunner().invoke(cli, ["serve", "--db", db, *args])
    assert result.exit_code == 0, result.output
    return caught["app"]


@pytest.mark.parametrize(("args", "ok", "refused"), [
    ([], ["127.0.0.1:8000", "localhost:8000", "localhost", "[::1]:8000"], ["evil.example", "evil.example:8000", "127.0.0.2"]),
    (["--allow-host", "kb.example.org"], ["kb.example.org", "KB.example.org:8000", "localhost:8000"], ["evil.example"]),
    (["--host", "::1"], ["[::1]:8000", "localhost"], ["evil.example", "[::2]"]),
    (["--host", "192.0.2.7"], ["192.0.2.7:8000"], ["localhost", "evil.example"]),
    (["--host", "0.0.0.0"], ["anything.example", "192.0.2.7"], []),
    (["--host", "0.0.0.0", "--allow-host", "kb.example.org"], ["kb.example.org", "127.0.0.1"], ["evil.example"]),
    (["--allow-host", "*"], ["evil.example"], []),
])
def test_serve_answers_only_the_hosts_it_is_bound_to(db, monkeypatch, args, ok, refused):
    """DNS rebinding: a page on evil.example that points its name at 127.0.0.1 sends
    `Host: evil.example`; the server must not answer it."""
    with TestClient(served_app(monkeypatch, db, *args)) as client:
        for host in ok:
            assert client.get("/api/items", headers={"host": host}).status_code == 200, host
        for host in refused:
            assert client.get("/api/items", headers={"host": host}).status_code == 400, host


# --- names that are no words -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["%", "_", "%%", "%_%", " - "])
def test_a_name_without_a_word_matches_no_one(db, name):
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as client:
        assert people_named(client, name) == 0
        assert people_named(client, "Masadikov") == 1
        assert client.get("/api/entities", params={"name": name}).json()["total"] == 0


# --- HEAD ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/search?q=CSTO", "/timeline", "/calendar", "/graph", "/feed.atom",
                                  "/calendar.ics", "/api/items", "/api/search?q=CSTO", "/api/runs",
                                  "/openapi.json", "/docs", "/static/app.css"])
def test_head_answers_as_get_without_the_body(db, path):
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as client:
        got, head = client.get(path), client.head(path)
        assert got.status_code == 200 and got.content
        assert head.status_code == 200 and head.content == b""
        for name in ("content-type", "content-length", "etag", "cache-control", "content-security-policy"):
            assert head.headers.get(name) == got.headers.get(name), name
        again = client.head(path, headers={"if-none-match": got.headers["etag"]}) if "etag" in got.headers else None
        assert again is None or again.status_code == 304


def test_head_of_a_missing_page_is_404_without_the_body(db):
    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as client:
        r = client.head("/api/items/i_nope")
        assert r.status_code == 404 and r.content == b""


def test_the_calendar_feed_keeps_its_bytes_and_etag_from_one_second_to_the_next(db):
    import time as _time

    with TestClient(create_app(db, None, max_age=0, today=lambda: TODAY)) as client:
        first = client.get("/calendar.ics")
        _time.sleep(1.1)  # DTSTAMP was the second the feed was made: every request had another ETag
        second = client.get("/calendar.ics")
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
