"""A fork server for the `communique` command: imports it once, then forks a child per command.

Run as `python zygote.py`; reads JSON lines on stdin, answers one line each on stdout:

    {"op": "run", "argv": ["ingest", ...], "log": PATH}  -> PID   (the child runs the CLI)
    {"op": "poll", "pid": PID}                            -> "running" or the exit code
    {"op": "wait", "pid": PID}                            -> the exit code (-9: SIGKILLed)

Each child is exactly what the console script runs, `communique.cli:main()` with the given
arguments, in its own process (SIGKILL it like any other), but it starts in milliseconds
instead of the seconds the imports take: the crash tests start dozens of them.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

import communique.cli  # the expensive imports happen here, once


def _child(argv: list[str], log: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.argv = ["communique", *argv]
    code = 0
    try:
        communique.cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported in the log and by the exit code
        traceback.print_exc()
        code = 70
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main() -> None:
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "run":
            pid = os.fork()
            if pid == 0:
                _child(cmd["argv"], cmd["log"])
            answer: object = pid
        else:
            flags = os.WNOHANG if cmd["op"] == "poll" else 0
            pid, status = os.waitpid(cmd["pid"], flags)
            answer = "running" if pid == 0 else os.waitstatus_to_exitcode(status)
        sys.stdout.write(f"{answer}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
