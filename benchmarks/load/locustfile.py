"""Locust users for `communique serve`: full-text search, who held an office, and the HTML pages.

    .venv/bin/locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8000 --headless -u 100 -r 100 -t 60s

`benchmarks/load/run_load.py` (`make load`) starts its own server over the sample store and
runs this file. Each user sends its next request as soon as the previous one is answered (no
think time), so 100 users keep 100 requests in flight. Item ids, person ids and the
(office, organization, date) triples asked of /api/who are read from the server once, before
the users start. A request counts as failed unless it answers 2xx or 304 with a complete body
(connection errors, timeouts, redirects and 4xx/5xx are failures).
"""

from __future__ import annotations

import json
import os
import random
from urllib.parse import quote, urlencode
from urllib.request import urlopen

from locust import FastHttpUser, constant, events, task

# Words that occur in many sample items, and words that occur in one or two (or none).
COMMON = ["CSTO", "security", "Secretary General", "cooperation", "delegation", "secur*", "CSTO -Yerevan"]
RARE = ["Semerikov", "BRICS", "Yerevan", "Masadikov", "Iranian", '"Joint Staff"', "Tajikistan exercise", "zzyzx"]
TARGETS: dict[str, list] = {"items": [], "people": [], "who": []}
# Every request by name: its response times (ms) and its failures (message -> count); and the
# exceptions raised in tasks. Written at the end for run_load.py (locust's CSV files are
# written once a second, so they miss the last requests, and its percentiles are rounded).
# "starts" holds each request's start (seconds since the epoch), so that run_load.py can tell
# the requests sent while an ingest wrote the store from the others.
RECORD: dict = {"requests": {}, "errors": []}


def _get(host: str, path: str) -> dict | list:
    with urlopen(host.rstrip("/") + path, timeout=30) as r:
        return json.load(r)


@events.test_start.add_listener
def read_targets(environment, **_kwargs) -> None:
    """Ids and office triples from the server under test (not counted in the statistics)."""
    host = environment.host
    TARGETS["items"] = [i["id"] for i in _get(host, "/api/items?limit=100")["results"]]
    TARGETS["people"] = [p["id"] for p in _get(host, "/api/entities?type=person&limit=100")["results"]]
    who = []
    for pid in TARGETS["people"]:
        for t in _get(host, f"/api/people/{pid}/tenures"):
            on = t["start"] or t["end"] or "2025-06-01"
            who.append({"office": t["office"], "org": t["organization"]["name"], "on": on})
    TARGETS["who"] = who or [{"office": "Secretary General", "org": "CSTO", "on": "2025-06-01"}]
    if not TARGETS["items"] or not TARGETS["people"]:
        raise RuntimeError(f"the store at {host} has no items or no people: ingest samples/ first")


@events.request.add_listener
def record_request(name: str, response_time: float, exception: BaseException | None, start_time: float = 0.0,
                   **_kwargs) -> None:
    entry = RECORD["requests"].setdefault(name, {"times": [], "starts": [], "failures": {}})
    entry["times"].append(round(response_time, 2))
    entry["starts"].append(round(start_time, 3))
    if exception is not None:
        message = str(exception)[:300]
        entry["failures"][message] = entry["failures"].get(message, 0) + 1


@events.user_error.add_listener
def record_error(exception: BaseException, **_kwargs) -> None:
    RECORD["errors"].append(repr(exception)[:500])


@events.quitting.add_listener
def write_record(environment, **_kwargs) -> None:
    """COMMUNIQUE_LOAD_RECORD=PATH: write RECORD there, as JSON."""
    if os.environ.get("COMMUNIQUE_LOAD_RECORD"):
        with open(os.environ["COMMUNIQUE_LOAD_RECORD"], "w") as f:
            json.dump(RECORD, f)


class Reader(FastHttpUser):
    """One client: reads the API and the pages, one request at a time."""

    wait_time = constant(0)

    def fetch(self, path: str, name: str, marker: bytes) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if not (200 <= r.status_code < 300 or r.status_code == 304):
                error = getattr(r, "error", None)
                r.failure(f"status {r.status_code}" + (f": {error!r}" if error else ""))
            elif r.status_code != 304 and marker not in (r.content or b""):
                r.failure(f"incomplete body ({len(r.content or b'')} bytes)")
            else:
                r.success()

    def api_search(self, words: list[str], name: str) -> None:
        params = {"q": random.choice(words), "limit": 20}
        if random.random() < 0.25:
            params["year"] = "2025"
        self.fetch("/api/search?" + urlencode(params), name, b'"total"')

    @task(3)
    def search_common(self) -> None:
        self.api_search(COMMON, "/api/search (common words)")

    @task(3)
    def search_rare(self) -> None:
        self.api_search(RARE, "/api/search (rare words)")

    @task(3)
    def who(self) -> None:
        self.fetch("/api/who?" + urlencode(random.choice(TARGETS["who"])), "/api/who", b'"holders"')

    @task(2)
    def search_page(self) -> None:
        self.fetch("/search?" + urlencode({"q": random.choice(COMMON + RARE)}), "/search (page)", b"</html>")

    @task(2)
    def item_page(self) -> None:
        self.fetch(f"/items/{quote(random.choice(TARGETS['items']))}", "/items/{id} (page)", b"</html>")

    @task(2)
    def person_page(self) -> None:
        self.fetch(f"/people/{quote(random.choice(TARGETS['people']))}", "/people/{id} (page)", b"</html>")

    @task(1)
    def timeline(self) -> None:
        path = random.choice(["/timeline", "/timeline?year=2025", "/timeline?year=2025&month=12", "/timeline?year=2022"])
        self.fetch(path, "/timeline (page)", b"</html>")

    @task(1)
    def graph(self) -> None:
        self.fetch("/graph", "/graph (page)", b"</html>")

    @task(1)
    def calendar(self) -> None:
        self.fetch("/calendar", "/calendar (page)", b"</html>")

    @task(1)
    def home(self) -> None:
        self.fetch("/", "/ (page)", b"</html>")
