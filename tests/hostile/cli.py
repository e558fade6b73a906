"""Run `communique` commands in child processes that start fast (see zygote.py) and can be
SIGKILLed at any moment.

    with CliRunner(tmp_path) as cli:
        pid = cli.start(["ingest", "--db", db, "pages/"])
        cli.kill(pid)                     # SIGKILL, reaped; returns -9
        code, log = cli.run(["export", ...])
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ZYGOTE = Path(__file__).with_name("zygote.py")
BIN = Path(sys.executable).with_name("communique")


class CliRunner:
    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.logs.mkdir(parents=True, exist_ok=True)
        self.n = 0
        self.log_of: dict[int, Path] = {}
        self.proc = subprocess.Popen([sys.executable, str(ZYGOTE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def _ask(self, **cmd) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if not answer:
            raise RuntimeError(f"the zygote died (exit code {self.proc.poll()})")
        return answer

    def start(self, argv: list[str]) -> int:
        self.n += 1
        log = self.logs / f"cmd{self.n:03d}.log"
        pid = int(self._ask(op="run", argv=argv, log=str(log)))
        self.log_of[pid] = log
        return pid

    def poll(self, pid: int) -> int | None:
        answer = self._ask(op="poll", pid=pid)
        return None if answer == "running" else int(answer)

    def wait(self, pid: int, timeout: float = 120.0) -> int:
        deadline = time.monotonic() + timeout
        while (code := self.poll(pid)) is None:
            if time.monotonic() > deadline:
                self.kill(pid)
                raise TimeoutError(f"command {pid} ran over {timeout:g} s:\n{self.log(pid)}")
            time.sleep(0.02)
        return code

    def kill(self, pid: int) -> int:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return int(self._ask(op="wait", pid=pid))

    def log(self, pid: int) -> str:
        return self.log_of[pid].read_text(errors="replace")

    def run(self, argv: list[str], timeout: float = 120.0) -> tuple[int, str]:
        pid = self.start(argv)
        code = self.wait(pid, timeout)
        return code, self.log(pid)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> CliRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_console_script(argv: list[str], timeout: float = 180.0) -> subprocess.CompletedProcess[str]:
    """The real console script, as a user runs it (slow to start: used for the reference runs)."""
    return subprocess.run([str(BIN), *argv], capture_output=True, text=True, timeout=timeout)
