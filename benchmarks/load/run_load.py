"""Load test: N concurrent clients for S seconds against a real `communique serve` on loopback.

    .venv/bin/python benchmarks/load/run_load.py [--users 100] [--seconds 60] [--db STORE] [--json OUT]

Without --db the sample pages (samples/) are ingested into a throwaway SQLite store. The
server runs as its own process (the installed console script) on 127.0.0.1 and a free port;
locust runs headless in another process (benchmarks/load/locustfile.py: search, who and the
HTML pages), stops itself after --seconds, and writes every request's time and outcome at
the end. The server is then stopped, whatever happened. Prints requests, failures and
p50/p95/p99 per endpoint and in total (exact, from every response time); exit code 1 if any
request failed, any task raised, or the server logged an error.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOCUSTFILE = HERE / "locustfile.py"
COMMUNIQUE = Path(sys.executable).with_name("communique")
STOP_TIMEOUT = 10  # seconds locust gives the requests in flight when the run time is over
ACCESS = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (\d{3})')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ingest_samples(workdir: Path) -> str:
    db = str(workdir / "load.db")
    subprocess.run([str(COMMUNIQUE), "ingest", "--db", db, str(ROOT / "samples")], check=True,
                   capture_output=True, timeout=600)
    return db


def wait_ready(url: str, server: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"communique serve exited ({server.returncode}):\n{log.read_text()}")
        try:
            with urlopen(url + "/api/items?limit=1", timeout=5) as r:
                if r.status == 200:
                    return
        except (URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"communique serve did not answer within {timeout:g} s:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def percentile(times: list[float], p: float) -> float:
    """Nearest rank: the smallest time that at least p % of the requests did not exceed."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def figures(times: list[float], failures: int, seconds: float) -> dict:
    return {"requests": len(times), "failures": failures, "rps": round(len(times) / seconds, 1),
            **{f"p{p}": percentile(times, p) for p in (50, 95, 99)}, "max": max(times, default=0.0)}


def read_record(path: Path, seconds: float, locust_log: str) -> tuple[dict, dict, list[str], list[str]]:
    """The locustfile's record: figures per request name and in total, failure lines, exceptions."""
    if not path.exists():
        raise RuntimeError(f"locust wrote no record ({path}):\n{locust_log}")
    record = json.loads(path.read_text())
    endpoints, failed = {}, []
    for name, entry in sorted(record["requests"].items()):
        endpoints[name] = figures(entry["times"], sum(entry["failures"].values()), seconds)
        failed += [f"{name}: {message} (x{n})" for message, n in entry["failures"].items()]
    every = [t for entry in record["requests"].values() for t in entry["times"]]
    total = figures(every, sum(e["failures"] for e in endpoints.values()), seconds)
    return endpoints, total, failed, record["errors"]


def server_errors(log: Path) -> list[str]:
    """Lines of the server's log that tell of an error: a traceback, an ERROR, or an access
    line whose status is neither 2xx nor 304."""
    bad = []
    for line in log.read_text(errors="replace").splitlines():
        m = ACCESS.search(line)
        if m and not (m.group(2).startswith("2") or m.group(2) == "304"):
            bad.append(line)
        elif not m and ("Traceback" in line or "ERROR" in line):
            bad.append(line)
    return bad


def load(url: str, users: int, seconds: int, workdir: Path) -> dict:
    """Run locust headless against the server at `url`; the figures from its record."""
    record = workdir / "record.json"
    started = time.monotonic()
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--host", url, "--headless",
         "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT),
         "--only-summary", "--loglevel", "WARNING"],
        capture_output=True, text=True, timeout=seconds + STOP_TIMEOUT + 120,
        env={**os.environ, "COMMUNIQUE_LOAD_RECORD": str(record)})
    took = time.monotonic() - started
    endpoints, total, failed, errors = read_record(record, seconds, locust.stderr[-4000:])
    return {"users": users, "seconds": seconds, "took_s": round(took, 1), "locust_exit": locust.returncode,
            "requests": total["requests"], "failures": total["failures"], "total": total, "endpoints": endpoints,
            "failure_rows": failed, "exceptions": errors, "server_errors": [], "locust_log": locust.stderr[-4000:]}


def run(users: int = 100, seconds: int = 60, db: str | None = None, workdir: Path | None = None) -> dict:
    """Serve a store, load it with `users` locust users for `seconds`, stop everything, and
    return the figures (see the module's docstring)."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="communique-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = db or ingest_samples(workdir)
    url = f"http://127.0.0.1:{free_port()}"
    log = workdir / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(COMMUNIQUE), "serve", "--db", db, "--host", "127.0.0.1",
                                   "--port", url.rsplit(":", 1)[1]], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(url, server, log)
        result = load(url, users, seconds, workdir)
    finally:
        stop(server)
    return {**result, "store": db, "server_errors": server_errors(log)}


def ok(result: dict) -> bool:
    return (result["requests"] > 0 and result["failures"] == 0 and not result["exceptions"]
            and not result["server_errors"] and result["locust_exit"] == 0)


def table(result: dict) -> str:
    lines = [f"{result['users']} clients for {result['seconds']} s (locust stopped after {result['took_s']} s): "
             f"{result['requests']} requests, {result['failures']} failures, {len(result['exceptions'])} exceptions, "
             f"{len(result['server_errors'])} server errors, {result['total']['rps']:.0f} requests/s",
             f"{'endpoint':<30} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"]
    rows = sorted(result["endpoints"].items()) + [("total", result["total"])]
    for name, s in rows:
        lines.append(f"{name:<30} {s['requests']:>8} {s['failures']:>8} {s['p50']:>7.0f} {s['p95']:>7.0f} "
                     f"{s['p99']:>7.0f} {s['max']:>7.0f}")
    for row in result["failure_rows"][:10]:
        lines.append(f"failed: {row}")
    for row in result["exceptions"][:10]:
        lines.append(f"exception: {row}")
    for line in result["server_errors"][:10]:
        lines.append(f"server: {line}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--db", help="an existing store (default: samples/ ingested into a temporary SQLite file)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-load-") as workdir:
        result = run(args.users, args.seconds, args.db, Path(workdir))
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    if not ok(result):
        print(result["locust_log"], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
