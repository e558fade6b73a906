"""Shared fixtures: the bundled sample pages, a SQLite file, and a real PostgreSQL server.

PostgreSQL: the tests start their own throwaway cluster (initdb + pg_ctl on a free port,
removed afterwards). pytest-postgresql does the same but runs initdb as the current user,
which PostgreSQL refuses for root -- and CI runs as root -- so this fixture runs the server
binaries as the `postgres` system user when it is root. If no server binaries exist the
tests fail with the command that installs them: nothing is silently skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "csto"
PAGES = Path(__file__).resolve().parent / "pages"


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", default=False,
                     help="long reliability variants (test_fuzz, test_hostile_inputs, test_kill); same as COMMUNIQUE_LONG=1")


def pytest_configure(config):
    if config.getoption("--long"):
        os.environ["COMMUNIQUE_LONG"] = "1"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return Path(found[0]).parent
    exe = shutil.which("pg_ctl")
    if exe:
        return Path(exe).resolve().parent
    pytest.fail("PostgreSQL server binaries not found: run `make test` (installs them) or `apt-get install postgresql`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """A running throwaway PostgreSQL server: yields its base URL (without a database name)."""
    if os.environ.get("COMMUNIQUE_TEST_PG_URL"):
        yield os.environ["COMMUNIQUE_TEST_PG_URL"].rstrip("/")
        return
    bindir = _pg_bindir()
    as_root = os.geteuid() == 0
    tmp = tempfile.mkdtemp(prefix="communique-pg-")
    data, sock = os.path.join(tmp, "data"), os.path.join(tmp, "sock")
    os.makedirs(sock)
    prefix: list[str] = []
    if as_root:
        shutil.chown(tmp, "postgres")
        shutil.chown(sock, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(prefix + [str(bindir / "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"],
                   check=True, capture_output=True)
    subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", data, "-w", "-l", os.path.join(tmp, "log"),
                             "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh, empty database on the test server."""
    import psycopg

    name = f"t{int(time.time() * 1e6) % 10**12}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


def load_script(relative: str):
    """A script under benchmarks/ as a module (the benchmarks are scripts, not a package)."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "benchmarks" / relative
    name = Path(relative).stem
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def benchmark_script():
    return load_script


@pytest.fixture(scope="session")
def make_corpus():
    """benchmarks/make_corpus.py as a module."""
    return load_script("make_corpus.py")
