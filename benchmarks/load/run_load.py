"""Load test: N concurrent clients for S seconds against a real `communique serve` on loopback.

    .venv/bin/python benchmarks/load/run_load.py [--users 100] [--seconds 60] [--db STORE] [--json OUT]
        [--ingests 3 --ingest-pages 150 [--ingest-after 15] [--ingest-other]]

Without --db the sample pages (samples/) are ingested into a throwaway SQLite store. The
server runs as its own process (the installed console script) on 127.0.0.1 and a free port;
locust runs headless in another process (benchmarks/load/locustfile.py: search, who and the
HTML pages), stops itself after --seconds, and writes every request's time and outcome at
the end. The server is then stopped, whatever happened. Prints requests, failures and
p50/p95/p99 per endpoint and in total (exact, from every response time); exit code 1 if any
request failed, any task raised, or the server logged an error.

Serving while ingesting (--ingests N): N stores' worth of generated pages (make_corpus.py,
--ingest-pages each, seeds 0..N-1) are made first; --ingest-after seconds into the load, N
`communique ingest` processes start at once into the served file (they queue on the store's
writer lock; with --ingest-other into another file, for comparison). The figures are then also
given by phase: requests answered before the first ingest began ("quiet"), those in flight at
any moment while one ran ("ingesting"), and those sent after the last one ended ("after"), with
the slowest request and how many took over 5 s in each.
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
import threading
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOCUSTFILE = HERE / "locustfile.py"
COMMUNIQUE = Path(sys.executable).with_name("communique")
STOP_TIMEOUT = 10  # seconds locust gives the requests in flight when the run time is over
SLOW_MS = 5000  # a request slower than this is counted in each phase
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
    return {"requests": len(times), "failures": failures, "rps": round(len(times) / seconds, 1) if seconds else 0.0,
            **{f"p{p}": percentile(times, p) for p in (50, 95, 99)}, "max": max(times, default=0.0),
            "over_5s": sum(t > SLOW_MS for t in times)}


def phases(path: Path, window: tuple[float, float]) -> dict:
    """Every request's time by phase, against the ingests' window (start, end; epoch seconds):
    answered before it began, in flight at any moment inside it, sent after it ended."""
    start, end = window
    split: dict[str, list[float]] = {"quiet": [], "ingesting": [], "after": []}
    span = {"quiet": [math.inf, -math.inf], "ingesting": [start, end], "after": [math.inf, -math.inf]}
    for entry in json.loads(path.read_text())["requests"].values():
        for ms, sent in zip(entry["times"], entry["starts"], strict=True):
            done = sent + ms / 1000
            phase = "quiet" if done < start else "after" if sent > end else "ingesting"
            split[phase].append(ms)
            if phase != "ingesting":
                span[phase] = [min(span[phase][0], sent), max(span[phase][1], done)]
    return {name: figures(times, 0, max(0.0, span[name][1] - span[name][0]) if times else 0.0)
            for name, times in split.items()}


def make_corpora(workdir: Path, count: int, pages: int) -> list[Path]:
    """`count` folders of `pages` generated pages each (make_corpus.py, seeds 0..count-1)."""
    folders = []
    for seed in range(count):
        out = workdir / f"corpus-{seed}"
        subprocess.run([sys.executable, str(HERE.parent / "make_corpus.py"), "--pages", str(pages), "--out", str(out),
                        "--seed", str(seed)], check=True, capture_output=True, timeout=600)
        folders.append(out / "pages")
    return folders


class Ingests(threading.Thread):
    """After `delay` seconds, one `communique ingest` per folder into `db`, all at once; records
    the window from the first start to the last end, and each one's exit code and time."""

    def __init__(self, db: str, folders: list[Path], delay: float):
        super().__init__(daemon=True)
        self.db, self.folders, self.delay = db, folders, delay
        self.window: tuple[float, float] | None = None
        self.runs: list[dict] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        if self.stopped.wait(self.delay):
            return
        began = time.time()
        procs = [subprocess.Popen([str(COMMUNIQUE), "ingest", "--db", self.db, str(f)], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for f in self.folders]
        for proc in procs:
            out, _ = proc.communicate(timeout=1800)
            self.runs.append({"exit": proc.returncode, "seconds": round(time.time() - began, 1),
                              "log": "" if proc.returncode == 0 else out[-2000:]})
        self.window = (began, time.time())


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


def load(url: str, users: int, seconds: int, workdir: Path, ingests: Ingests | None = None) -> dict:
    """Run locust headless against the server at `url` (and the ingests, if any, alongside);
    the figures from its record."""
    record = workdir / "record.json"
    started = time.monotonic()
    if ingests is not None:
        ingests.start()
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--host", url, "--headless",
         "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT),
         "--only-summary", "--loglevel", "WARNING"],
        capture_output=True, text=True, timeout=seconds + STOP_TIMEOUT + 120,
        env={**os.environ, "COMMUNIQUE_LOAD_RECORD": str(record)})
    took = time.monotonic() - started
    endpoints, total, failed, errors = read_record(record, seconds, locust.stderr[-4000:])
    result = {"users": users, "seconds": seconds, "took_s": round(took, 1), "locust_exit": locust.returncode,
              "requests": total["requests"], "failures": total["failures"], "total": total, "endpoints": endpoints,
              "failure_rows": failed, "exceptions": errors, "server_errors": [], "locust_log": locust.stderr[-4000:]}
    if ingests is not None:
        ingests.stopped.set()
        ingests.join()
        result["ingests"] = {"into": ingests.db, "runs": ingests.runs, "window_s": None, "phases": None}
        if ingests.window is not None:
            result["ingests"]["window_s"] = round(ingests.window[1] - ingests.window[0], 1)
            result["ingests"]["phases"] = phases(record, ingests.window)
    return result


def run(users: int = 100, seconds: int = 60, db: str | None = None, workdir: Path | None = None, *,
        ingests: int = 0, ingest_pages: int = 150, ingest_after: float | None = None, ingest_other: bool = False) -> dict:
    """Serve a store, load it with `users` locust users for `seconds` (with `ingests` ingests of
    `ingest_pages` pages each, `ingest_after` seconds in, into the served store or, with
    `ingest_other`, another one), stop everything, and return the figures (see the module's docstring)."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="communique-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = db or ingest_samples(workdir)
    writer = None
    if ingests:
        if ingest_other:
            (workdir / "other").mkdir(exist_ok=True)
        target = ingest_samples(workdir / "other") if ingest_other else db
        delay = seconds / 4 if ingest_after is None else ingest_after
        writer = Ingests(target, make_corpora(workdir, ingests, ingest_pages), delay)
    url = f"http://127.0.0.1:{free_port()}"
    log = workdir / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(COMMUNIQUE), "serve", "--db", db, "--host", "127.0.0.1",
                                   "--port", url.rsplit(":", 1)[1]], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(url, server, log)
        result = load(url, users, seconds, workdir, writer)
    finally:
        stop(server)
    return {**result, "store": db, "server_errors": server_errors(log)}


def ok(result: dict) -> bool:
    ingested = all(r["exit"] == 0 for r in result.get("ingests", {}).get("runs", []))
    return (result["requests"] > 0 and result["failures"] == 0 and not result["exceptions"]
            and not result["server_errors"] and result["locust_exit"] == 0 and ingested)


def table(result: dict) -> str:
    lines = [f"{result['users']} clients for {result['seconds']} s (locust stopped after {result['took_s']} s): "
             f"{result['requests']} requests, {result['failures']} failures, {len(result['exceptions'])} exceptions, "
             f"{len(result['server_errors'])} server errors, {result['total']['rps']:.0f} requests/s",
             f"{'endpoint':<30} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"]
    rows = sorted(result["endpoints"].items()) + [("total", result["total"])]
    for name, s in rows:
        lines.append(f"{name:<30} {s['requests']:>8} {s['failures']:>8} {s['p50']:>7.0f} {s['p95']:>7.0f} "
                     f"{s['p99']:>7.0f} {s['max']:>7.0f}")
    if "ingests" in result:
        lines += ingest_table(result["ingests"])
    for row in result["failure_rows"][:10]:
        lines.append(f"failed: {row}")
    for row in result["exceptions"][:10]:
        lines.append(f"exception: {row}")
    for line in result["server_errors"][:10]:
        lines.append(f"server: {line}")
    return "\n".join(lines)


def ingest_table(ingests: dict) -> list[str]:
    runs = ingests["runs"]
    lines = [f"{len(runs)} ingests into {ingests['into']}: exit codes {[r['exit'] for r in runs]}, "
             f"{ingests['window_s']} s from the first start to the last end"]
    if ingests["phases"] is None:
        return lines + ["the ingests did not start before the load ended"]
    lines.append(f"{'phase':<30} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                 f"{'max ms':>7} {'> 5 s':>6}")
    for name, s in ingests["phases"].items():
        lines.append(f"{name:<30} {s['requests']:>8} {s['rps']:>7.1f} {s['p50']:>7.0f} {s['p95']:>7.0f} "
                     f"{s['p99']:>7.0f} {s['max']:>7.0f} {s['over_5s']:>6}")
    lines += [f"ingest log: {r['log']}" for r in runs if r["exit"] != 0]
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--db", help="an existing store (default: samples/ ingested into a temporary SQLite file)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--ingests", type=int, default=0, help="ingests to run at once while serving (default none)")
    ap.add_argument("--ingest-pages", type=int, default=150, help="generated pages per ingest")
    ap.add_argument("--ingest-after", type=float, help="seconds into the load the ingests start (default a quarter)")
    ap.add_argument("--ingest-other", action="store_true", help="ingest into another file than the served one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-load-") as workdir:
        result = run(args.users, args.seconds, args.db, Path(workdir), ingests=args.ingests,
                     ingest_pages=args.ingest_pages, ingest_after=args.ingest_after, ingest_other=args.ingest_other)
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    if not ok(result):
        print(result["locust_log"], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
