"""``python -m tests.safety.launch BARRIER_DIR MIGRATOR_ARGS...``: ``python -m migrator``
that starts on a signal, so that several runners really start at the same moment.

Python start-up and the heavy imports happen first; then the process writes
``BARRIER_DIR/ready.<pid>`` and waits for ``BARRIER_DIR/go`` before running the CLI.
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from pathlib import Path

import aiosqlite  # noqa: F401  (imported before the barrier: start-up is not the race)
import asyncmy  # noqa: F401
import asyncpg  # noqa: F401

import migrator.cli
import migrator.command  # noqa: F401

POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 300.0


def main() -> None:
    barrier = Path(sys.argv[1])
    (barrier / f"ready.{os.getpid()}").touch()
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not (barrier / "go").exists():
        if time.monotonic() > deadline:
            sys.exit("launch: nobody opened the barrier")
        time.sleep(POLL_SECONDS)
    sys.argv = ["migrator", *sys.argv[2:]]
    runpy.run_module("migrator", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
