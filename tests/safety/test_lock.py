"""The deploy lock: one ``upgrade`` at a time per database and app, across processes.

A second runner waits up to ``--lock-timeout`` and then fails with exit code 3 and one line
that says what to do; once the lock is free it proceeds. A runner that dies (SIGKILL, even in
the middle of a long statement) must not leave a lock that blocks the next deploy: SQLite's
flock dies with the process, PostgreSQL's and MariaDB's session locks with the connection.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from migrator.errors import LockTimeoutError
from tests.conftest import ALL_DIALECTS
from tests.safety.harness import (
    CliProject,
    build_project,
    fetch,
    finish,
    history,
    holder,
    kill,
    lock_is_free,
    release,
    wait_until,
)

pytestmark = pytest.mark.safety

# a statement that runs far longer than any lock timeout below
LONG_STATEMENT = {
    "sqlite": (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT count(*) FROM (SELECT x FROM c LIMIT 5000000000)"
    ),
    "postgres": "SELECT pg_sleep(120)",
    "mysql": "SELECT SLEEP(120)",
}
# how the test sees that statement running on the server
RUNNING = {
    # the runner sends BEGIN together with a migration's first statement
    "postgres": (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE query LIKE 'BEGIN;%SELECT pg_sleep(120)%' AND pid <> pg_backend_pid()"
    ),
    "mysql": (
        "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(120)%'"
    ),
}


def _project(
    tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> CliProject:
    project = build_project(tmp_path, make_db(dialect), monkeypatch)
    project.generate(0)
    return project


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_waiting_runner_times_out_then_proceeds_after_release(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, make_db, monkeypatch, dialect)
    with holder(project) as proc:
        code, out, err = finish(project.spawn("upgrade", "--lock-timeout", "1"))
        assert code == LockTimeoutError.exit_code == 3, (code, out, err)
        line = _one_line(err)
        assert "holds the deploy lock for app models" in line, line
        assert "waited 1 s" in line and "--lock-timeout" in line, line
        assert asyncio.run(history(project.db)) == [], "a runner that timed out applied something"

        release(proc)  # the holder stays connected; only its lock is gone
        result = project.run("upgrade", "--lock-timeout", "5")
        assert result.returncode == 0, result.stderr
        assert f"Applied models {project.versions[0]}" in result.stdout

    again = project.run("upgrade", "--lock-timeout", "5")
    assert again.returncode == 0, again.stderr
    assert "Nothing to upgrade" in again.stdout
    assert [r.id for r in asyncio.run(history(project.db))] == project.versions


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_killed_lock_holder_leaves_no_lock(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, make_db, monkeypatch, dialect)
    with holder(project) as proc:
        assert not asyncio.run(lock_is_free(project.db, 0)), "the holder does not hold the lock"
        code, _, _ = kill(proc, signal.SIGKILL)
        assert code == -signal.SIGKILL
        result = project.run("upgrade", "--lock-timeout", "10")
    assert result.returncode == 0, result.stderr
    assert f"Applied models {project.versions[0]}" in result.stdout


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_runner_killed_inside_a_long_statement_leaves_no_lock(
    dialect: str, tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The killed runner's server session may still be executing its statement; the lock
    must not wait for that statement (120 s) to finish."""
    project = _project(tmp_path, make_db, monkeypatch, dialect)
    first = project.versions[0]
    project.hand_written("long", LONG_STATEMENT[dialect] + ";", "")
    proc = project.spawn("upgrade")
    try:
        wait_until(lambda: _running_long_statement(project, first), "the long statement")
    finally:
        code, out, err = kill(proc, signal.SIGKILL)
    assert code == -signal.SIGKILL, (code, out, err)

    result = project.run("upgrade", first, "--lock-timeout", "10")
    assert result.returncode == 0, result.stderr
    assert "Nothing to upgrade" in result.stdout
    applied = [r for r in asyncio.run(history(project.db)) if r.status.value == "applied"]
    assert [r.id for r in applied] == [first]


def _running_long_statement(project: CliProject, first: str) -> bool:
    rows = asyncio.run(history(project.db))
    if [r.id for r in rows if r.status.value == "applied"] != [first]:
        return False
    if project.db.dialect.name == "sqlite":
        time.sleep(0.3)  # no process list: 0001 is committed, give 0002 time to start
        return True
    return bool(asyncio.run(fetch(project.db, RUNNING[project.db.dialect.name]))[0][0])


def test_runner_whose_connection_dies_reports_the_statement_not_the_unlock(
    tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the runner's session mid-migration (failover, admin kill): the error
    is the failed statement's, one line; releasing the lock on the dead connection must not
    replace it, and the lock is gone with the session."""
    project = _project(tmp_path, make_db, monkeypatch, "postgres")
    first = project.versions[0]
    project.hand_written("long", LONG_STATEMENT["postgres"] + ";", "")
    proc = project.spawn("upgrade")
    try:
        wait_until(lambda: _running_long_statement(project, first), "the long statement")
        asyncio.run(
            fetch(
                project.db,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'BEGIN;%SELECT pg_sleep(120)%' AND pid <> pg_backend_pid()",
            )
        )
    finally:
        code, out, err = finish(proc)
    assert code == 1, (code, out, err)
    line = _one_line(err)
    assert "statement 1 of 1 failed" in line and "was rolled back" in line, line
    assert asyncio.run(lock_is_free(project.db, 10))


def test_mysql_runner_whose_connection_dies_reports_the_statement_and_leaves_a_journal(
    tmp_path: Path, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same on MariaDB/MySQL (KILL of the runner's session): one line naming the failed
    statement, the journal row says nothing of the migration ran (``partial 0/1``), and the
    GET_LOCK lock is gone with the session."""
    project = _project(tmp_path, make_db, monkeypatch, "mysql")
    first = project.versions[0]
    project.hand_written("long", LONG_STATEMENT["mysql"] + ";", "")
    proc = project.spawn("upgrade")
    try:
        wait_until(lambda: _running_long_statement(project, first), "the long statement")
        [(session,)] = asyncio.run(
            fetch(
                project.db,
                "SELECT id FROM information_schema.processlist "
                "WHERE info LIKE 'SELECT SLEEP(120)%'",
            )
        )
        asyncio.run(fetch(project.db, f"KILL {int(session)}"))
    finally:
        code, out, err = finish(proc)
    assert code == 1, (code, out, err)
    line = _one_line(err)
    assert "statement 1 of 1 failed" in line, line
    assert "partially applied (0 of 1 statements ran)" in line, line
    assert asyncio.run(lock_is_free(project.db, 10))
    rows = asyncio.run(history(project.db))
    assert [(r.id, r.status.value) for r in rows] == [
        (first, "applied"),
        (project.versions[1], "partial"),
    ]
    assert rows[1].statements_done == 0
