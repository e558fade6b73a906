"""Load: concurrent clients against a real `communique serve` on loopback, zero errors.

benchmarks/load/run_load.py ingests samples/ into a SQLite store, starts the server (the
console script, 127.0.0.1, a free port), runs locust headless over search, who and the HTML
pages (benchmarks/load/locustfile.py), which stops by itself, then stops the server. By
default 100 clients for 10 s; COMMUNIQUE_LONG=1 (or --long) runs the full 100 clients for
60 s (`make load` runs that alone). COMMUNIQUE_LOAD_USERS / COMMUNIQUE_LOAD_SECONDS override.
Latency is reported (printed, see -s, and written to load.json in the test's tmp dir), never
asserted: the machine may be shared.
"""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hostile import long_run

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("COMMUNIQUE_LOAD_USERS", "100"))
SECONDS = int(os.environ.get("COMMUNIQUE_LOAD_SECONDS", "60" if long_run() else "10"))
# Every kind of request the locustfile sends: search, who, and the pages.
KINDS = ["/api/search (common words)", "/api/search (rare words)", "/api/who", "/search (page)",
         "/items/{id} (page)", "/people/{id} (page)", "/timeline (page)", "/graph (page)", "/calendar (page)",
         "/ (page)"]


@pytest.fixture(scope="module")
def run_load(benchmark_script):
    return benchmark_script("load/run_load.py")


def test_concurrent_clients_over_search_who_and_pages_get_no_error(run_load, tmp_path):
    result = run_load.run(USERS, SECONDS, workdir=tmp_path)
    (tmp_path / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n" + run_load.table(result) + f"\n(figures in {tmp_path / 'load.json'})")

    assert result["failures"] == 0, run_load.table(result)
    assert result["exceptions"] == [], run_load.table(result)
    assert result["server_errors"] == [], run_load.table(result)
    assert result["locust_exit"] == 0, result["locust_log"]
    # Served, not only survived: every kind of request, and at least 10 requests a second
    # (about 180/s on the 2-core development machine, under other load).
    assert sorted(result["endpoints"]) == sorted(KINDS)
    assert all(s["requests"] > 0 for s in result["endpoints"].values()), run_load.table(result)
    assert result["requests"] >= 10 * SECONDS, run_load.table(result)


def test_clients_get_no_error_while_ingests_write_the_served_file(run_load, tmp_path):
    """Serving while ingesting (outside probe: ingests into the served file stalled the server
    until requests timed out): two ingests of generated pages into the file being served, a few
    seconds into the load. Every request is answered, some of them while the ingests ran, and
    the ingests succeed. The latency by phase (quiet, ingesting, after) is printed, not asserted:
    `run_load.py --ingests 3 --ingest-pages 150` measures it (docs/reliability.md)."""
    seconds = max(SECONDS, 15)
    result = run_load.run(min(USERS, 30), seconds, workdir=tmp_path, ingests=2, ingest_pages=30, ingest_after=3)
    (tmp_path / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print("\n" + run_load.table(result))

    assert result["failures"] == 0 and result["exceptions"] == [], run_load.table(result)
    assert result["server_errors"] == [], run_load.table(result)
    runs = result["ingests"]["runs"]
    assert len(runs) == 2 and all(r["exit"] == 0 for r in runs), runs
    phases = result["ingests"]["phases"]
    assert phases is not None and phases["ingesting"]["requests"] > 0, run_load.table(result)
    assert run_load.ok(result)


class _Broken(BaseHTTPRequestHandler):
    """A stand-in server: the ids the locustfile reads, then a 500, a redirect and a cut body."""

    protocol_version = "HTTP/1.1"
    ANSWERS = {"/api/items": (200, {"results": [{"id": "i_1"}]}),
               "/api/entities": (200, {"results": [{"id": "e_1"}]}),
               "/api/people/e_1/tenures": (200, [{"office": "Chair", "organization": {"name": "X"},
                                                  "start": "2025-01-01", "end": None}]),
               "/graph": (500, "boom"), "/calendar": (302, ""), "/timeline": (200, "<html><body>cut")}

    def do_GET(self):
        status, body = self.ANSWERS.get(self.path.split("?")[0], (200, '{"total": 0, "holders": []} </html>'))
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        if status == 302:
            self.send_header("Location", "/")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_the_load_harness_counts_errors_redirects_and_cut_bodies(run_load, tmp_path):
    """The zero above means something: against a server that fails some pages, the same
    harness reports exactly those, and locust exits with 1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_load.load(f"http://127.0.0.1:{server.server_port}", 5, 2, tmp_path)
    finally:
        server.shutdown()
    failing = {name for name, s in result["endpoints"].items() if s["failures"]}
    assert failing == {"/graph (page)", "/calendar (page)", "/timeline (page)"}, run_load.table(result)
    assert all(s["failures"] == s["requests"] for name, s in result["endpoints"].items() if name in failing)
    assert any("status 500" in row for row in result["failure_rows"])
    assert any("status 302" in row for row in result["failure_rows"])
    assert any("incomplete body" in row for row in result["failure_rows"])
    assert result["locust_exit"] == 1 and not run_load.ok(result)
