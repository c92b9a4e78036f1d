"""tests/services.sh, which `make test` runs first: a server that cannot be reached stops the
run with what to do (compose file, another server, skip variable) instead of refused
connections in every database test."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "services.sh"


def _fake(folder: Path, name: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 1\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_an_unreachable_server_is_named_with_the_ways_out(tmp_path: Path) -> None:
    for tool in ("pg_isready", "pg_ctlcluster"):
        _fake(tmp_path, tool)
    env = {
        **os.environ,
        "PATH": f"{tmp_path}:/usr/bin:/bin",
        "MIGRATOR_SERVICE_WAIT": "1",
        "MIGRATOR_SKIP_MYSQL": "1",
    }
    env.pop("MIGRATOR_PG_DSN", None)
    env.pop("MIGRATOR_SKIP_POSTGRES", None)
    run = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert "The tests need PostgreSQL at 127.0.0.1:5432, and it does not answer." in run.stderr
    assert "docker compose up -d" in run.stderr
    assert "MIGRATOR_PG_DSN=..." in run.stderr
    assert "MIGRATOR_SKIP_POSTGRES=1 make test" in run.stderr


def test_skip_variables_check_nothing(tmp_path: Path) -> None:
    _fake(tmp_path, "pg_isready")
    env = {
        **os.environ,
        "PATH": f"{tmp_path}:/usr/bin:/bin",
        "MIGRATOR_SKIP_POSTGRES": "1",
        "MIGRATOR_SKIP_MYSQL": "1",
    }
    run = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "" and run.stderr == ""
